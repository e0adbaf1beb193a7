"""Transport and headers (issue 15, part 8): GONGHUI_HTTPS=1 turns on secure cookies, HSTS, the SSL redirect
and the proxy scheme header, and ``gonghui check --deploy`` is then clean; every page carries a
Content-Security-Policy that allows scripts from our static files only, and no template needs more."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

SRC = Path(__file__).resolve().parents[3]  # src/


def _run(tmp_path, args, **env_extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GONGHUI_") and k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(GONGHUI_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="gonghui.settings",
               PYTHONPATH=str(SRC), **env_extra)
    return subprocess.run([sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_under_https(tmp_path):
    proper = {"GONGHUI_SECRET_KEY": secrets.token_urlsafe(50), "GONGHUI_ALLOWED_HOSTS": "union.example.org"}
    done = _run(tmp_path, ["-m", "gonghui.cli", "check", "--deploy", "--fail-level", "WARNING"],
                GONGHUI_HTTPS="1", **proper)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr
    # Without the setting, the same check names what it turns on.
    done = _run(tmp_path, ["-m", "gonghui.cli", "check", "--deploy"], **proper)
    out = done.stdout + done.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in out


def test_https_settings(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_PROXY_SSL_HEADER)")
    done = _run(tmp_path, ["-c", code], GONGHUI_HTTPS="1")
    assert done.stdout.strip() == "True True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')", done.stderr
    done = _run(tmp_path, ["-c", code])
    assert done.stdout.strip() == "False False 0 False False None", done.stderr


def test_pages_carry_the_content_security_policy(client, users, client_for):
    for response in (client.get(reverse("accounts:login")), client_for(users["a_staff"]).get(reverse("core:home"))):
        policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
        assert policy["script-src"] == "'self'"  # no inline script, no eval
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'self'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=|\shx-on[:-]|javascript:", re.I)


def test_templates_have_no_inline_script_or_handler():
    templates = [p for p in SRC.joinpath("gonghui").rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 50
    offenders = [f"{p.relative_to(SRC)}: {m.group(0)}" for p in templates for m in
                 list(INLINE_SCRIPT.finditer(p.read_text())) + list(HANDLER.finditer(p.read_text()))]
    assert not offenders, offenders


def test_api_docs_need_no_inline_script(users, client_for):
    client = client_for(users["root"])
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    script = re.search(r'<script src="([^"]*\?script=?[^"]*)"', html)
    assert script and client.get(script.group(1).replace("&amp;", "&")).status_code == 200
