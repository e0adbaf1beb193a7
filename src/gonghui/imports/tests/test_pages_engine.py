"""The import pages and API with the real engine: upload → check → preview → import → done, re-import,
the error report, templates; and the whole flow through the local job backend (a real worker process)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import ImportJob

from .sheets import HEADER, member_row, write_xlsx
from .test_jobs import database_url_for_subprocess, wait_for


def members_sheet(tmp_path, n=5, bad=1, start=0, name="members.xlsx"):
    rows = [member_row(start + k) for k in range(n)]
    for k in range(bad):
        row = member_row(start + n + k)
        row[1] = row[1][:-1] + ("0" if row[1][-1] != "0" else "1")  # a wrong check digit
        rows.append(row)
    path = write_xlsx(tmp_path / name, HEADER, rows)
    return SimpleUploadedFile(name, path.read_bytes(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def post_job(client, org, upload, mode):
    response = client.post(reverse("imports:job_new"),
                           {"kind": "members", "org": org.code, "mode": mode, "file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.latest("id")


@pytest.mark.django_db
def test_full_flow_with_the_engine(client_for, tree, users, engine, tmp_path):
    from gonghui.members.models import Member

    client = client_for(users["a_staff"])
    job = post_job(client, tree["EA1"], members_sheet(tmp_path), "skip_invalid")
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED, job.message
    assert (job.to_create, job.error_rows) == (5, 1)
    assert Member.objects.count() == 0  # the check writes nothing

    html = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-errors"' in html and 'id="job-preview-counts"' in html
    report = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert report.status_code == 200 and report.content[:2] == b"PK"

    client.post(reverse("imports:job_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert job.created == 5 and Member.objects.filter(org=tree["EA1"]).count() == 5
    assert 'data-status="done"' in client.get(job.get_absolute_url()).content.decode()

    # the same file again: nothing new, nothing duplicated
    again = post_job(client, tree["EA1"], members_sheet(tmp_path, name="again.xlsx"), "skip_invalid")
    again.refresh_from_db()
    assert again.status == ImportStatus.VALIDATED and again.to_create == 0 and again.unchanged == 5
    client.post(reverse("imports:job_start", args=[again.pk]))
    assert Member.objects.count() == 5


@pytest.mark.django_db
def test_all_or_nothing_with_errors_is_blocked_with_the_engine(client_for, tree, users, engine, tmp_path):
    client = client_for(users["a_staff"])
    job = post_job(client, tree["EA1"], members_sheet(tmp_path), "all_or_nothing")
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'id="start-blocked"' in html
    client.post(reverse("imports:job_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED


@pytest.mark.django_db
def test_cancel_a_checked_job_with_the_engine(client_for, tree, users, engine, tmp_path):
    client = client_for(users["a_staff"])
    job = post_job(client, tree["EA1"], members_sheet(tmp_path, bad=0), "all_or_nothing")
    client.post(reverse("imports:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED


@pytest.mark.django_db
def test_not_a_spreadsheet_is_refused_on_the_form(client_for, tree, users, engine):
    response = client_for(users["a_staff"]).post(reverse("imports:job_new"), {
        "kind": "members", "org": tree["EA1"].code, "mode": "all_or_nothing",
        "file": SimpleUploadedFile("evil.xlsx", b"MZ\x90\x00 not a workbook at all" * 10)})
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    assert 'class="invalid-feedback d-block"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind,lang,header", [("members", "zh-hans", "姓名"), ("members", "en", "Name"),
                                              ("orgs", "zh-hans", "组织代码"),
                                              ("units", "en", "Unified social credit code")])
def test_real_templates(client_for, users, engine, kind, lang, header):
    import openpyxl

    response = client_for(users["a_viewer"]).get(reverse("imports:template") + f"?kind={kind}&lang={lang}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    first_row = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert any(header in str(v) for v in first_row if v), first_row


@pytest.mark.django_db
def test_api_flow_with_the_engine(api_for, tree, users, engine, tmp_path):
    from gonghui.members.models import Member

    api = api_for(users["a_staff"])
    response = api.post("/api/v1/import-jobs/", {"kind": "members", "org": tree["EA1"].pk, "mode": "skip_invalid",
                                                 "file": members_sheet(tmp_path)}, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "validated" and data["to_create"] == 5 and data["error_rows"] == 1
    assert data["preview"]["errors"]
    assert api.get(f"/api/v1/import-jobs/{data['id']}/errors/").content[:2] == b"PK"
    started = api.post(f"/api/v1/import-jobs/{data['id']}/start/")
    assert started.status_code == 202 and started.json()["status"] == "done"
    assert Member.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_flow_through_the_local_worker(client_for, tree, users, engine, tmp_path, settings, monkeypatch):
    """The embedded mode for real: the page starts detached `gonghui runjob` processes, the page follows them."""
    from gonghui.members.models import Member

    url = database_url_for_subprocess()
    if url is None:
        pytest.skip("the test database is SQLite in memory; the worker process cannot open it")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("GONGHUI_DATA_DIR", str(settings.DATA_DIR))
    settings.GONGHUI_JOB_BACKEND = "local"
    client = client_for(users["a_staff"])
    job = post_job(client, tree["EA1"], members_sheet(tmp_path, n=40, bad=2), "skip_invalid")

    def status_is(*statuses):
        job.refresh_from_db()
        return job.status in statuses

    assert wait_for(lambda: status_is(ImportStatus.VALIDATED, ImportStatus.FAILED), timeout=90), job.status
    assert job.status == ImportStatus.VALIDATED, job.message
    assert "@" in job.worker and (job.to_create, job.error_rows) == (40, 2)
    client.post(reverse("imports:job_start", args=[job.pk]))
    assert wait_for(lambda: status_is(ImportStatus.DONE, ImportStatus.FAILED), timeout=90), job.status
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.filter(org=tree["EA1"]).count() == 40
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in fragment and 'data-status="done"' in fragment


@pytest.mark.django_db
def test_an_import_that_stopped_half_way_can_be_continued(client_for, tree, users, engine, tmp_path):
    """A worker killed during the import leaves the job failed (phase "import"); the page continues it."""
    from gonghui.members.models import Member

    client = client_for(users["a_staff"])
    job = post_job(client, tree["EA1"], members_sheet(tmp_path, n=6, bad=0), "all_or_nothing")
    engine.start_import(users["a_staff"], job)  # confirmed, but the worker dies before it writes anything
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, preview={**job.preview, "phase": "import"},
                                               message="stopped")
    html = client.get(job.get_absolute_url()).content.decode()
    assert reverse("imports:job_start", args=[job.pk]) in html  # "Continue the import"
    assert client.post(reverse("imports:job_start", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.filter(org=tree["EA1"]).count() == 6
    viewer = client_for(users["a_viewer"])
    assert viewer.post(reverse("imports:job_start", args=[job.pk])).status_code == 403
