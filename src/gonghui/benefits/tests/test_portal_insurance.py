"""The member's own group insurance in the portal (my insurance, filing a claim with documents on their own
enrolment only) and the merchant contract's files through the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.benefits import services
from gonghui.benefits.models import InsuranceClaim
from gonghui.benefits.testing import make_member, make_plan
from gonghui.core.workflow import WorkflowConflict

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _pdf(name="账单.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bill", "application/pdf")


def _portal(client, member, root):
    from gonghui.accounts.services import open_member_account

    client.force_login(open_member_account(member, root), backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def insured(tree, users, members):
    """王芳 (EA1) and another woman of EA1 insured under a plan of district A; the other has a claim."""
    root = users["root"]
    other = make_member(root, tree["EA1"], "赵丽", gender="F")
    plan = make_plan(root, tree["A"])
    services.enrol_insured(root, plan, [members["ea1_b"], other])
    others_claim = services.file_insurance_claim(root, plan, other, event="骨折", occurred_on=TODAY, amount="900")
    own, theirs = (plan.enrolments.get(member=m) for m in (members["ea1_b"], other))
    return {"plan": plan, "own": own, "theirs": theirs, "others_claim": others_claim}


def test_my_insurance_lists_own_enrolments_and_claims_only(users, members, insured, client):
    services.file_insurance_claim(users["root"], insured["plan"], members["ea1_b"], event="乳腺疾病",
                                  occurred_on=TODAY, amount="3000")
    client = _portal(client, members["ea1_b"], users["root"])
    home = client.get(reverse("benefits_portal:home")).content.decode()
    assert reverse("benefits_portal:insurance") in home and "我的保险" in home
    page = client.get(reverse("benefits_portal:insurance")).content.decode()
    assert "女职工安康保险" in page and "乳腺疾病" in page and "骨折" not in page
    assert reverse("benefits_portal:insurance_claim", args=[insured["own"].pk]) in page
    assert reverse("benefits_portal:insurance_claim", args=[insured["theirs"].pk]) not in page


def test_member_files_a_claim_with_documents_downloaded_by_staff_as_attachment(users, members, insured, client,
                                                                              client_for):
    url = reverse("benefits_portal:insurance_claim", args=[insured["own"].pk])
    portal = _portal(client, members["ea1_b"], users["root"])
    png = SimpleUploadedFile("诊断.png", b"\x89PNG\r\n\x1a\n..", "image/png")
    done = portal.post(url, {"event": "住院手术", "occurred_on": TODAY.isoformat(), "amount": "8000",
                             "documents": [_pdf(), png]})
    assert done.status_code == 302 and done["Location"] == reverse("benefits_portal:insurance")
    claim = InsuranceClaim.objects.get(member=members["ea1_b"])
    assert claim.created_by is None and claim.status == "submitted" and claim.documents.count() == 2
    staff = client_for(users["a_staff"])
    detail = staff.get(reverse("benefits:iclaim_detail", args=[claim.pk])).content.decode()
    doc = claim.documents.get(file_type="application/pdf")
    download = reverse("benefits:iclaim_document_download", args=[claim.pk, doc.pk])
    assert download in detail
    response = staff.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert client_for(users["b_staff"]).get(download).status_code == 404
    services.pay_insurance_claim(users["a_staff"], claim)
    with pytest.raises(WorkflowConflict):  # paid once
        services.pay_insurance_claim(users["a_staff"], claim)


def test_claim_rules_shown_next_to_the_fields_in_chinese(users, members, insured, client):
    url = reverse("benefits_portal:insurance_claim", args=[insured["own"].pk])
    portal = _portal(client, members["ea1_b"], users["root"])
    too_much = portal.post(url, {"event": "住院", "occurred_on": TODAY.isoformat(), "amount": "20000",
                                 "documents": _pdf()})
    assert too_much.status_code == 200 and "最多" in " ".join(too_much.context["form"].errors["amount"])
    html = portal.post(url, {"event": "住院", "occurred_on": TODAY.isoformat(), "amount": "100",
                             "documents": SimpleUploadedFile("x.pdf", b"<html><script>", "application/pdf")})
    assert html.status_code == 200 and html.context["form"].errors["documents"]
    outside = portal.post(url, {"event": "住院", "occurred_on": (insured["plan"].starts_on - datetime.timedelta(
        days=1)).isoformat(), "amount": "100", "documents": _pdf()})
    assert outside.context["form"].errors["occurred_on"]
    none = portal.post(url, {"event": "住院", "occurred_on": TODAY.isoformat(), "amount": "100"})
    assert none.context["form"].errors["documents"]
    assert not InsuranceClaim.objects.filter(member=members["ea1_b"]).exists()


def test_another_members_enrolment_is_not_found(users, members, insured, client):
    """The claim page takes an enrolment's id: another member's (even of the same union) is not found."""
    portal = _portal(client, members["ea1_b"], users["root"])
    url = reverse("benefits_portal:insurance_claim", args=[insured["theirs"].pk])
    assert portal.get(url).status_code == 404
    assert portal.post(url, {"event": "住院", "occurred_on": TODAY.isoformat(), "amount": "100",
                             "documents": _pdf()}).status_code == 404
    assert InsuranceClaim.objects.filter(member=members["ea1_b"]).count() == 0
    with pytest.raises(ValidationError):  # the service refuses it too
        services.file_own_insurance_claim(members["ea1_b"], None, insured["theirs"], event="住院",
                                          occurred_on=TODAY, amount="100", documents=[_pdf()])


def test_api_uploads_and_downloads_the_merchant_contract_scoped(tree, users, api_for):
    from gonghui.benefits.testing import _build_merchant

    merchant = _build_merchant(tree["A"], users["root"], "合同")
    api = api_for(users["a_staff"])
    url = f"/api/v1/benefit-merchants/{merchant.pk}/contract-files/"
    bad = api.post(url, {"document": SimpleUploadedFile("c.pdf", b"<html>", "text/html")}, format="multipart")
    assert bad.status_code == 400 and "document" in bad.json()
    ok = api.post(url, {"document": _pdf("合同.pdf")}, format="multipart")
    assert ok.status_code == 201 and ok.json()["file_type"] == "application/pdf"
    download = ok.json()["download_url"]
    listed = api.get(f"/api/v1/benefit-merchants/{merchant.pk}/").json()["contract_files"]
    assert [f["download_url"] for f in listed] == [download]
    response = api.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    other = api_for(users["b_staff"])
    assert other.get(download).status_code == 404
    assert other.post(url, {"document": _pdf()}, format="multipart").status_code == 404
    assert api_for(users["a_viewer"]).post(url, {"document": _pdf()}, format="multipart").status_code == 403
