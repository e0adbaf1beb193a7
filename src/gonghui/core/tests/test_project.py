"""Project hygiene: migrations match the models, and the Chinese catalogue is complete and compiled."""

import io
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
# The project catalogue and each area's own (an area with a locale/ folder keeps its strings there).
CATALOGUES = sorted(PACKAGE.glob("locale/zh_Hans/LC_MESSAGES")) + sorted(PACKAGE.glob("*/locale/zh_Hans/LC_MESSAGES"))


@pytest.mark.django_db
def test_migrations_match_models():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}") if exc.code else None


@pytest.mark.parametrize("locale", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_chinese_catalogue_is_complete_and_compiled(locale):
    po_path, mo_path = locale / "django.po", locale / "django.mo"
    assert po_path.exists() and mo_path.exists(), "run scripts/i18n.sh and commit the catalogue"
    po = polib.pofile(str(po_path))
    entries = [e for e in po if not e.obsolete and e.msgid]
    missing = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} strings lack a Chinese translation, e.g. {missing[:5]}"
    compiled = polib.mofile(str(mo_path))
    have = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0, "")) for e in compiled}
    stale = [e.msgid for e in entries
             if have.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural.get(0, ""))]
    assert not stale, f"the .mo is older than the .po; run scripts/i18n.sh ({stale[:5]})"


def test_chinese_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert translation.gettext("Members") == "会员"
