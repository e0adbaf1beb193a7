"""``gonghui import`` and ``gonghui export`` from the command line."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.models import AuditLog
from gonghui.members.models import Member

from .sheets import HEADER, member_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils import translation

    with translation.override("en"):
        yield


def test_import_dry_run_skip_invalid_and_exit_codes(tree, users, tmp_path):
    rows = [member_row(k) for k in range(4)]
    rows[1][7] = "bad"
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, rows)
    out = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("import", "members", str(path), "--org", "C01EA1", "--dry-run", stdout=out, stderr=io.StringIO())
    assert e.value.code == 1
    assert "row 3, 手机号码" in out.getvalue() and Member.objects.count() == 0
    out = io.StringIO()
    call_command("import", "members", str(path), "--org", "C01EA1", "--skip-invalid", stdout=out, stderr=io.StringIO())
    assert "created: 3" in out.getvalue()
    entry = AuditLog.objects.filter(action="bulk").latest("id")
    assert entry.user_name == "cli" and entry.count == 3
    out = io.StringIO()
    call_command("import", "members", str(path), "--org", "C01EA1", "--skip-invalid", "--user", "a_staff", stdout=out,
                 stderr=io.StringIO())
    assert Member.objects.count() == 3
    with pytest.raises(CommandError):
        call_command("import", "members", str(path), "--org", "NOPE", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import", "members", str(path), "--org", "C01EB1", "--user", "a_staff", stdout=io.StringIO())


def test_export(tree, users, tmp_path, settings):
    rows = [member_row(k) for k in range(3)]
    call_command("import", "members", str(write_xlsx(tmp_path / "m.xlsx", HEADER, rows)), "--org", "C01EA1",
                 "--quiet", stdout=io.StringIO())
    target = tmp_path / "out.csv"
    call_command("export", "members", "--org", "C01A", "-o", str(target), "--user", "a_staff", stdout=io.StringIO())
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Name,ID number") and rows[0][1] not in text
    call_command("export", "members", "--org", "C01A", "-o", str(target), "--user", "a_staff", "--reveal",
                 stdout=io.StringIO())
    assert rows[0][1] in target.read_text(encoding="utf-8-sig")
    assert AuditLog.objects.filter(action="export", after__reveal=True).exists()
    with pytest.raises(CommandError):
        call_command("export", "members", "--org", "C01A", "-o", str(target), "--user", "a_viewer", "--reveal",
                     stdout=io.StringIO())
    for kind in ("orgs", "units"):
        call_command("export", kind, "--org", "C01", "-o", str(tmp_path / f"{kind}.xlsx"), stdout=io.StringIO())
    # --background: a job (inline here; a worker in production), written once under its key.
    settings.GONGHUI_JOB_BACKEND = "inline"
    out = io.StringIO()
    call_command("export", "orgs", "--org", "C01", "-o", str(tmp_path / "bg.csv"), "--background", stdout=out)
    assert "export:" in out.getvalue() and (tmp_path / "bg.csv").read_text(encoding="utf-8-sig").count("\n") > 1
    with pytest.raises(CommandError):
        call_command("export", "members", "--org", "C01A", "-o", str(target), "--user", "a_viewer", "--reveal",
                     "--background", stdout=io.StringIO())
