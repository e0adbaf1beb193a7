"""/api/v1/import-jobs/ and /api/v1/import-templates/ against the stand-in engine (fake_engine.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import ImportJob

pytestmark = pytest.mark.django_db

JOBS = "/api/v1/import-jobs/"


def create(api, org, spec="rows=5 errors=0 updates=1", mode="all_or_nothing"):
    return api.post(JOBS, {"kind": "members", "org": org.pk, "mode": mode,
                           "file": SimpleUploadedFile("m.csv", spec.encode() + b"\n")}, format="multipart")


def test_create_checks_then_start_imports(api_for, tree, users, fake_engine):
    api = api_for(users["a_staff"])
    response = create(api, tree["EA1"])
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == ImportStatus.VALIDATED  # inline backend: the check has run
    assert data["to_create"] == 4 and data["to_update"] == 1 and data["error_rows"] == 0
    assert data["preview"]["unknown_columns"] == ["备注X"]
    assert data["org_code"] == tree["EA1"].code and data["progress"]["percent"] == 100
    job_id = data["id"]

    detail = api.get(f"{JOBS}{job_id}/")
    assert detail.status_code == 200 and detail.json()["rows_total"] == 5
    assert [j["id"] for j in api.get(JOBS).json()["results"]] == [job_id]

    started = api.post(f"{JOBS}{job_id}/start/")
    assert started.status_code == 202, started.content
    assert started.json()["status"] == ImportStatus.DONE and started.json()["created"] == 4
    again = api.post(f"{JOBS}{job_id}/start/")
    assert again.status_code == 409  # WorkflowConflict: not waiting for confirmation any more


def test_start_refused_when_all_or_nothing_has_errors(api_for, tree, users, fake_engine):
    api = api_for(users["a_staff"])
    job_id = create(api, tree["A"], spec="rows=5 errors=1").json()["id"]
    response = api.post(f"{JOBS}{job_id}/start/")
    assert response.status_code == 400 and "mode" in response.json()
    assert ImportJob.objects.get(pk=job_id).status == ImportStatus.VALIDATED


def test_cancel_and_errors(api_for, tree, users, fake_engine):
    import openpyxl

    api = api_for(users["a_staff"])
    job_id = create(api, tree["A"], spec="rows=5 errors=2", mode="skip_invalid").json()["id"]
    errors = api.get(f"{JOBS}{job_id}/errors/")
    assert errors.status_code == 200
    assert errors["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(list(openpyxl.load_workbook(io.BytesIO(errors.content)).active.values)) == 3
    cancelled = api.post(f"{JOBS}{job_id}/cancel/")
    assert cancelled.status_code == 202 and cancelled.json()["status"] == ImportStatus.CANCELLED


def test_bad_file_is_400(api_for, tree, users, fake_engine):
    response = api_for(users["a_staff"]).post(JOBS, {"kind": "members", "org": tree["A"].pk, "mode": "all_or_nothing",
                                                     "file": SimpleUploadedFile("m.csv", b"garbage")},
                                              format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_scope_and_roles(api_for, tree, users, fake_engine):
    job_id = create(api_for(users["a_staff"]), tree["A"]).json()["id"]
    other = api_for(users["b_staff"])
    assert other.get(f"{JOBS}{job_id}/").status_code == 404
    assert other.post(f"{JOBS}{job_id}/start/").status_code == 404
    assert other.post(f"{JOBS}{job_id}/cancel/").status_code == 404
    assert other.get(f"{JOBS}{job_id}/errors/").status_code == 404
    assert other.get(JOBS).json()["results"] == []
    assert create(other, tree["A"]).status_code == 400  # an organisation outside the scope is not a valid choice

    viewer = api_for(users["a_viewer"])
    assert viewer.get(f"{JOBS}{job_id}/").status_code == 200
    assert create(viewer, tree["A"]).status_code == 403
    assert viewer.post(f"{JOBS}{job_id}/start/").status_code == 403
    assert viewer.post(f"{JOBS}{job_id}/cancel/").status_code == 403
    assert viewer.get(f"{JOBS}{job_id}/errors/").status_code == 403

    # staff at EA1 only: sees nothing of district A's job, may not import into A
    ea1 = api_for(users["ea1_staff"])
    assert ea1.get(f"{JOBS}{job_id}/").status_code == 404
    assert create(ea1, tree["A"]).status_code == 400
    assert ImportJob.objects.count() == 1


def test_list_filters(api_for, tree, users, fake_engine):
    api = api_for(users["a_staff"])
    create(api, tree["A"])
    assert api.get(JOBS + "?status=validated").json()["count"] == 1
    assert api.get(JOBS + "?status=done").json()["count"] == 0
    assert api.get(JOBS + "?kind=units").json()["count"] == 0


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_template_endpoint(api_for, users, fake_engine, lang):
    import openpyxl

    response = api_for(users["a_viewer"]).get(f"/api/v1/import-templates/units/?lang={lang}")
    assert response.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value == f"units:{lang}"
    assert api_for(users["a_viewer"]).get("/api/v1/import-templates/cats/").status_code == 404


def test_anonymous_is_refused(client, fake_engine, tree):
    from rest_framework.test import APIClient

    assert APIClient().get(JOBS).status_code in (401, 403)
    assert APIClient().get("/api/v1/import-templates/members/").status_code in (401, 403)


def test_schema_builds(api_for, users):
    response = api_for(users["root"]).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/import-jobs/{id}/start/" in response.content
