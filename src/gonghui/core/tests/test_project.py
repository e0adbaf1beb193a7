"""Project hygiene: migrations match the models, and the Chinese catalogue is complete and compiled."""

import gettext
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.mark.django_db
def test_migrations_match_models():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}") if exc.code else None


def _po_entries(path):
    """(msgid, msgstr) pairs of a .po file; plural forms keep their first msgstr."""
    entries, msgid, msgstr, field, fuzzy = [], None, None, None, False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, msgstr, field = line[6:].strip('"'), None, "id"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgstr"):
            value = line.split(" ", 1)[1].strip('"')
            if msgstr is None:
                msgstr = value
            field = "str" if line.startswith("msgstr ") or line.startswith("msgstr[0]") else "other"
        elif line.startswith('"'):
            if field == "id":
                msgid += line.strip('"')
            elif field == "str":
                msgstr += line.strip('"')
        elif not line.strip() and msgid is not None:
            if msgid:
                entries.append((msgid, msgstr or "", fuzzy))
            msgid, msgstr, field, fuzzy = None, None, None, False
    return entries


def test_chinese_catalogue_is_complete_and_compiled():
    po, mo = LOCALE / "django.po", LOCALE / "django.mo"
    assert po.exists() and mo.exists(), "run scripts/i18n.sh and commit the catalogue"
    entries = _po_entries(po)
    missing = [m for m, s, fuzzy in entries if not s or fuzzy]
    assert not missing, f"{len(missing)} strings lack a Chinese translation, e.g. {missing[:5]}"
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    # Entries with a context (pgettext) are compiled as "context\x04msgid".
    compiled = {(k if isinstance(k, str) else k[0]).split("\x04")[-1] for k in catalog if k}
    stale = [m for m, _s, _f in entries if m not in compiled]
    assert not stale, f"the .mo is older than the .po; run scripts/i18n.sh ({stale[:5]})"


def test_chinese_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert translation.gettext("Members") == "会员"
