"""Removing evidence files of a self-check: confirmed, logged, the stored file deleted; refused to a viewer, outside
the scope and once the appraisal has been applied for (pages and API)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.appraisals import services
from gonghui.appraisals import testing as at
from gonghui.appraisals.models import EvidenceFile
from gonghui.core.models import AuditLog


def _attached(root, tree, name="台账.pdf"):
    a = at.appraisal(root, tree["EA1"], at.scheme(root, tree["A1"]))
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf")
    f = services.attach_evidence(root, a, services.scores_of(a)[0].criterion_id, upload)
    assert f.file.storage.exists(f.file.name)
    return a, f


def test_an_official_removes_evidence_after_confirming(tree, users, root, client_for,
                                                       django_capture_on_commit_callbacks):
    a, f = _attached(root, tree)
    storage, name = f.file.storage, f.file.name
    url = reverse("appraisals:evidence_delete", args=[a.pk, f.pk])
    union = client_for(users["ea1_staff"])
    assert url in union.get(a.get_absolute_url()).content.decode()  # the link beside the file
    confirm = union.get(url)
    assert confirm.status_code == 200 and "台账.pdf" in confirm.content.decode()  # asks first, deletes nothing
    assert EvidenceFile.objects.filter(pk=f.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = union.post(url)
    assert done.status_code == 302 and done["Location"] == a.get_absolute_url()
    assert not EvidenceFile.objects.filter(pk=f.pk).exists()
    assert not storage.exists(name)  # the stored file is gone too
    entry = AuditLog.objects.filter(object_id=str(a.pk), note__contains="台账.pdf").latest("pk")  # attached, removed
    assert entry.user == users["ea1_staff"] and entry.pk != AuditLog.objects.filter(user=root).latest("pk").pk
    assert union.post(url).status_code == 404  # already gone


def test_removing_evidence_is_refused_to_viewers_outsiders_and_after_applying(tree, users, root, client_for):
    a, f = _attached(root, tree)
    url = reverse("appraisals:evidence_delete", args=[a.pk, f.pk])
    assert client_for(users["a_viewer"]).post(url).status_code == 403
    assert client_for(users["b_staff"]).post(url).status_code == 404
    assert client_for(users["b_staff"]).get(url).status_code == 404
    services.apply(root, services.self_check(root, a, at.full_marks(a)))
    staff = client_for(users["a_staff"])
    assert staff.get(url).status_code == 403 and staff.post(url).status_code == 403
    with pytest.raises(ValidationError):
        services.delete_evidence(root, a, f)
    assert EvidenceFile.objects.filter(pk=f.pk).exists() and f.file.storage.exists(f.file.name)
    assert url not in staff.get(a.get_absolute_url()).content.decode()


def test_evidence_is_removed_through_the_api(tree, users, root, api_for, django_capture_on_commit_callbacks):
    a, f = _attached(root, tree)
    kept = _attached(root, tree, "制度.pdf")[0]
    url = f"/api/v1/appraisals/{a.pk}/evidence/{f.pk}/"
    assert api_for(users["a_viewer"]).delete(url).status_code == 403
    assert api_for(users["b_staff"]).delete(url).status_code == 404
    assert api_for(users["ea1_staff"]).delete(f"/api/v1/appraisals/{kept.pk}/evidence/{f.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api_for(users["ea1_staff"]).delete(url).status_code == 204
    assert not EvidenceFile.objects.filter(pk=f.pk).exists() and not f.file.storage.exists(f.file.name)
    assert AuditLog.objects.filter(object_id=str(a.pk), note__contains="台账.pdf").count() == 2  # attached, removed
    kept_file = kept.scores.get(criterion__position=1).files.get()
    services.apply(root, services.self_check(root, kept, at.full_marks(kept)))
    late = api_for(users["ea1_staff"]).delete(f"/api/v1/appraisals/{kept.pk}/evidence/{kept_file.pk}/")
    assert late.status_code == 400 and "file" in late.json()
