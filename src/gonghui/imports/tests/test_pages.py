"""Import pages against a stand-in engine (fake_engine.py): wiring, rights, scope, progress, buttons.

What the engine finds in real files is tested with the real engine in test_pages_engine.py.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def upload(name="members.csv", spec="rows=5 errors=0 updates=0"):
    return SimpleUploadedFile(name, spec.encode() + b"\n", content_type="text/csv")


def new_job(client, tree, *, spec="rows=5 errors=0 updates=0", mode="all_or_nothing", org="A"):
    response = client.post(reverse("imports:job_new"), {
        "kind": "members", "org": tree[org].code, "mode": mode, "file": upload(spec=spec),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("id")
    assert response["Location"] == job.get_absolute_url()
    return job


def test_upload_check_preview_import_done(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    page = client.get(reverse("imports:job_new") + "?kind=members")
    assert page.status_code == 200
    assert "100.0 MB" in page.content.decode() or "100.0" in page.content.decode()  # the size limit is shown
    job = new_job(client, tree, spec="rows=7 errors=0 updates=2")
    assert [c[0] for c in fake_engine.calls] == ["create_job", "check_job"]
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED

    html = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-preview-counts"' in html
    assert "备注X" in html  # unknown columns are reported
    assert 'id="job-updates"' in html and "139****0001" in html and "139****0002" in html  # before → after
    assert reverse("imports:job_start", args=[job.pk]) in html
    assert 'hx-trigger="every 1s"' not in html  # not running: no polling

    confirm = client.get(reverse("imports:job_start", args=[job.pk]))
    assert confirm.status_code == 200 and "<form" in confirm.content.decode()
    response = client.post(reverse("imports:job_start", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created == 5 and job.updated == 2
    assert ("run_import", job.pk) in fake_engine.calls
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-results"' in html and 'data-status="done"' in html


def test_progress_is_polled_while_running_and_shows_rate_and_time_left(client_for, tree, users, fake_engine):
    import datetime

    from django.utils import timezone

    client = client_for(users["a_staff"])
    job = new_job(client, tree)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING, rows_total=10000, rows_done=2500,
        phase_started_at=timezone.now() - datetime.timedelta(seconds=10))
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in html and "25%" in html
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="job-state")
    body = fragment.content.decode().replace(",", "")
    assert fragment.status_code == 200 and "<html" not in body and 'id="job-state"' in body
    assert "2500" in body and "10000" in body
    assert "250" in body  # rows/s
    assert "0:30" in body  # 7,500 rows left at 250 rows/s
    assert reverse("imports:job_cancel", args=[job.pk]) in body
    assert ("mark_stale_jobs_failed",) in fake_engine.calls  # a dead worker shows as failed


def test_all_or_nothing_with_errors_cannot_start(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    job = new_job(client, tree, spec="rows=5 errors=2")
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'id="start-blocked"' in html and "disabled" in html
    assert 'id="job-errors"' in html and "身份证号校验码错误" in html
    assert reverse("imports:job_errors", args=[job.pk]) in html
    response = client.post(reverse("imports:job_start", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert "The file has rows with errors." in response.content.decode()


def test_skip_invalid_with_errors_can_start(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    job = new_job(client, tree, spec="rows=5 errors=2", mode="skip_invalid")
    assert 'id="start-blocked"' not in client.get(job.get_absolute_url()).content.decode()
    client.post(reverse("imports:job_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.skipped == 2


def test_cancel(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    job = new_job(client, tree)
    assert client.get(reverse("imports:job_cancel", args=[job.pk])).status_code == 200
    client.post(reverse("imports:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and job.cancel_requested


def test_error_report_download(client_for, tree, users, fake_engine):
    import openpyxl

    client = client_for(users["a_staff"])
    job = new_job(client, tree, spec="rows=5 errors=2")
    response = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 3
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, note="import error report",
                                   object_id=str(job.pk)).exists()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_template_download(client_for, users, fake_engine, lang):
    import openpyxl

    response = client_for(users["a_viewer"]).get(reverse("imports:template") + f"?kind=orgs&lang={lang}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="gonghui-import-orgs-{lang}.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value == f"orgs:{lang}"


def test_template_unknown_kind_is_404(client_for, users, fake_engine):
    assert client_for(users["a_viewer"]).get(reverse("imports:template") + "?kind=cats").status_code == 404


def test_out_of_scope_job_is_not_found(client_for, client, tree, users, fake_engine):
    job = new_job(client_for(users["a_staff"]), tree)
    other = client_for(users["b_staff"])
    for name in ("job_detail", "job_start", "job_cancel", "job_errors"):
        assert other.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404, name
    assert other.post(reverse("imports:job_start", args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:job_cancel", args=[job.pk])).status_code == 404
    assert job.original_name not in other.get(reverse("imports:job_list")).content.decode()
    # above: the city admin sees it
    city = client_for(users["city_admin"])
    assert city.get(job.get_absolute_url()).status_code == 200
    assert job.original_name in city.get(reverse("imports:job_list")).content.decode()


def test_viewer_cannot_upload_start_or_cancel(client_for, tree, users, fake_engine):
    job = new_job(client_for(users["a_staff"]), tree)
    viewer = client_for(users["a_viewer"])
    assert viewer.get(reverse("imports:job_new")).status_code == 403
    assert viewer.post(reverse("imports:job_new"), {"kind": "members", "org": "C01A", "mode": "all_or_nothing",
                                                    "file": upload()}).status_code == 403
    assert viewer.get(job.get_absolute_url()).status_code == 200  # may look
    html = viewer.get(job.get_absolute_url()).content.decode()
    assert reverse("imports:job_start", args=[job.pk]) not in html
    assert viewer.post(reverse("imports:job_start", args=[job.pk])).status_code == 403
    assert viewer.post(reverse("imports:job_cancel", args=[job.pk])).status_code == 403
    assert viewer.get(reverse("imports:job_errors", args=[job.pk])).status_code == 403
    assert ImportJob.objects.count() == 1


def test_org_outside_scope_or_role_is_refused_on_the_form(client_for, tree, users, fake_engine):
    client = client_for(users["ea1_staff"])
    response = client.post(reverse("imports:job_new"), {"kind": "members", "org": tree["A"].code,
                                                         "mode": "all_or_nothing", "file": upload()})
    assert response.status_code == 200
    assert ImportJob.objects.count() == 0


def test_engine_refusing_the_file_shows_the_message_on_the_form(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    response = client.post(reverse("imports:job_new"), {
        "kind": "members", "org": tree["A"].code, "mode": "all_or_nothing",
        "file": SimpleUploadedFile("x.csv", b"PK\x03\x04 not a sheet"),
    })
    assert response.status_code == 200
    assert "This file is not a spreadsheet." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_wrong_extension_and_size_limit(client_for, tree, users, fake_engine, settings):
    client = client_for(users["a_staff"])
    form = {"kind": "members", "org": tree["A"].code, "mode": "all_or_nothing"}
    response = client.post(reverse("imports:job_new"), {**form, "file": SimpleUploadedFile("x.exe", b"rows=1")})
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    settings.GONGHUI_IMPORT_MAX_BYTES = 3
    response = client.post(reverse("imports:job_new"), {**form, "file": upload()})
    assert response.status_code == 200 and ImportJob.objects.count() == 0


def test_job_list_filters(client_for, tree, users, fake_engine):
    client = client_for(users["a_staff"])
    new_job(client, tree)
    assert client.get(reverse("imports:job_list") + "?status=validated").context["table"].paginator.count == 1
    assert client.get(reverse("imports:job_list") + "?status=done").context["table"].paginator.count == 0
    assert client.get(reverse("imports:job_list") + "?kind=orgs").context["table"].paginator.count == 0


def test_job_list_constant_queries(client_for, tree, users, fake_engine, constant_queries):
    client = client_for(users["a_staff"])
    for _ in range(4):
        new_job(client, tree)
    constant_queries(client, reverse("imports:job_list"))


@pytest.mark.parametrize("url_name,kind", [("members:member_list", "members"), ("orgs:org_list", "orgs"),
                                           ("orgs:unit_list", "units")])
def test_list_pages_offer_import_and_template(client_for, users, url_name, kind):
    html = client_for(users["a_staff"]).get(reverse(url_name)).content.decode()
    assert f"{reverse('imports:job_new')}?kind={kind}" in html
    assert f"{reverse('imports:template')}?kind={kind}&amp;lang=zh-hans" in html
    if kind == "orgs":
        assert reverse("orgs:org_tree") in html  # the tree-view button stays
    viewer_html = client_for(users["a_viewer"]).get(reverse(url_name)).content.decode()
    assert f"{reverse('imports:job_new')}?kind={kind}" not in viewer_html  # viewers may not import
    assert f"{reverse('imports:template')}?kind={kind}" in viewer_html


def test_nav_links_to_imports(client_for, users):
    assert reverse("imports:job_list") in client_for(users["a_viewer"]).get(reverse("core:home")).content.decode()
