"""The scanned letter is stored inside the letter's transaction: a write that fails leaves no file on disk."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import audit
from gonghui.targets import services
from gonghui.targets.models import ResponsibilityLetter
from gonghui.targets.testing import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YEAR = TODAY.year
SIGNED = {"issuer_signatory": "王主席", "org_signatory": "李主席", "signed_on": TODAY}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _files(media):
    return sorted(p.relative_to(media).as_posix() for p in Path(media).rglob("*") if p.is_file())


def _fail(*args, **kwargs):
    raise RuntimeError("the change log is unavailable")


def test_a_letter_whose_write_fails_leaves_no_file(tree, users, media, monkeypatch):
    monkeypatch.setattr(audit, "created", _fail)
    with pytest.raises(RuntimeError):
        services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR, dict(SIGNED),
                               attachment=pdf_upload("责任状.pdf"))
    assert not ResponsibilityLetter.objects.exists()
    assert _files(media) == []


def test_a_refused_duplicate_leaves_no_file(tree, users, media):
    first = services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR, dict(SIGNED),
                                   attachment=pdf_upload("first.pdf"))
    with pytest.raises(ValidationError) as e:
        services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR, dict(SIGNED),
                               attachment=pdf_upload("second.pdf"))
    assert "org" in e.value.message_dict
    assert _files(media) == [f"targets/{first.file.name}"]


def test_a_failed_replacement_keeps_the_old_scan_and_stores_no_new_one(tree, users, media, monkeypatch):
    letter = services.create_letter(users["root"], tree["A1"], tree["EA1"], YEAR, dict(SIGNED),
                                    attachment=pdf_upload("old.pdf"))
    monkeypatch.setattr(audit, "updated", _fail)
    with pytest.raises(RuntimeError):
        services.update_letter(users["root"], letter, {"note": "换扫描件"}, attachment=pdf_upload("new.pdf"))
    letter.refresh_from_db()
    assert letter.file_name == "old.pdf" and letter.file_size == len(PDF_BYTES)
    assert _files(media) == [f"targets/{letter.file.name}"]
    assert letter.file.read() == PDF_BYTES
