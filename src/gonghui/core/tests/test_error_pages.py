"""403, 404, 400, 500 and an expired form read as pages of the site, in the user's language."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_page_of_the_site_in_chinese(users, client_for):
    response = client_for(users["a_viewer"]).get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "返回首页" in page and "navbar" in page and "退出" in page
    assert "Not Found" not in page


def test_a_missing_page_in_english_once_chosen(users, client_for):
    client = client_for(users["a_viewer"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "Back to the home page" in page


def test_a_forbidden_page_says_why(users, client_for, tree):
    response = client_for(users["a_viewer"]).get(reverse("hardship:archive_add"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "您无权打开此页面" in page and "navbar" in page


def test_an_expired_form_says_what_to_do():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()


@pytest.mark.parametrize("view,status,text", [(defaults.server_error, 500, "系统出错了"),
                                              (defaults.bad_request, 400, "请求无效")])
def test_server_error_and_bad_request_pages_render_without_a_request_context(view, status, text):
    request = RequestFactory().get("/")
    with translation.override("zh-hans"):
        response = view(request) if status == 500 else view(request, Exception("bad"))
    assert response.status_code == status
    page = response.content.decode()
    assert text in page and "bootstrap" in page


SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
from django.conf import settings
from django.test.utils import override_settings
client = Client()
page = client.get("/accounts/login/").content.decode()
link = [part.split('"')[0] for part in page.split('href="/static/')[1:] if part.split('"')[0].endswith(".css")][-1]
response = client.get("/static/" + link, HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({"link": link, "status": response.status_code, "cache": response.get("Cache-Control", ""),
                  "encoding": response.get("Content-Encoding", "")}))
"""


def test_collected_static_files_have_hashed_names_compressed_and_cached_for_a_year(tmp_path):
    env = dict(os.environ, GONGHUI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gonghui.settings")
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[3]), env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["link"].startswith("gonghui/app.") and result["link"] != "gonghui/app.css"  # a hashed name
    assert result["status"] == 200 and result["encoding"] == "gzip"
    assert "max-age=315360000" in result["cache"] or "max-age=31536000" in result["cache"], result
    assert "immutable" in result["cache"], result


def test_a_number_the_database_cannot_hold_is_a_bad_request_page(users):
    """The safety net behind the forms' bounds: a page whose form let such a number through answers 400 with the
    reason in Chinese (the API's exception handler does the same)."""
    from gonghui.core.middleware import NumberOutOfRangeMiddleware

    def view(request):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    request = RequestFactory().post("/some/form/")
    request.user = users["a_staff"]
    middleware = NumberOutOfRangeMiddleware(view)
    with translation.override("zh-hans"):
        response = middleware.process_exception(request, OverflowError("too large"))
    assert response.status_code == 400 and "数值超出范围" in response.content.decode()
    assert middleware.process_exception(request, ValueError("other")) is None  # anything else stays an error
