"""Scope and privacy on the pages, the exports and the API: the complainant is shown only to staff of the unions
on the case's path (and above them); the employer's union and viewers see it masked, exports never hold it for
them; anonymous cases store no identity. Plus list query counts, attachments and the to-do list."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.rights import services
from gonghui.rights.models import Case, CaseDocument, CaseWorker
from gonghui.rights.testing import make_case, pdf_upload, worker

pytestmark = pytest.mark.django_db

NAME = "钱多多"


@pytest.fixture
def kept(tree, users, unit_ea1):
    """A hotline case received at township A1 and kept there, about an employer covered by EA1."""
    return make_case(users["a_staff"], tree["A1"], unit=unit_ea1, handling_org=tree["A1"],
                     workers=[worker(NAME, phone="13912345678")])


def _csv(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


def test_path_staff_see_the_complainant_outsiders_masked(kept, users, client_for):
    url = kept.get_absolute_url()
    for who in ("a_staff", "city_admin", "root"):
        body = client_for(users[who]).get(url).content.decode()
        assert NAME in body and "13912345678" in body, who
    for who in ("ea1_staff", "a_viewer"):  # the employer's union; a viewer on the path
        r = client_for(users[who]).get(url)
        assert r.status_code == 200, who
        body = r.content.decode()
        assert NAME not in body and "13912345678" not in body and "钱**" in body, who
    assert client_for(users["b_staff"]).get(url).status_code == 404


def test_exports_and_api_never_give_the_complainant_outside_the_path(kept, users, client_for, api_for):
    lst = reverse("rights:case_list")
    for fmt in ("csv",):
        text = _csv(client_for(users["ea1_staff"]).get(lst, {"export": fmt}))
        assert kept.reference_no in text and NAME not in text and "钱**" in text
        text = _csv(client_for(users["a_staff"]).get(lst, {"export": fmt}))
        assert NAME in text
    xlsx = client_for(users["ea1_staff"]).get(lst, {"export": "xlsx"})
    assert xlsx.status_code == 200
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content))
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row]
    assert kept.reference_no in cells and NAME not in cells
    # A search by name must not reveal who complained.
    r = client_for(users["ea1_staff"]).get(lst, {"q": NAME})
    assert r.context["table"].paginator.count == 0
    r = client_for(users["a_staff"]).get(lst, {"q": NAME})
    assert r.context["table"].paginator.count == 1
    data = api_for(users["ea1_staff"]).get(reverse("rights-case-detail", args=[kept.pk])).json()
    assert data["complainant"] == "钱**" and data["identity_visible"] is False and NAME not in str(data)
    data = api_for(users["a_staff"]).get(reverse("rights-case-detail", args=[kept.pk])).json()
    assert data["complainant"] == NAME and data["identity_visible"] is True


def test_the_path_rule_follows_the_case(kept, tree, users, client_for):
    """Passed across to district B: B's staff see it; A1 (on the path) still does; the employer's union not."""
    services.route_case(users["city_admin"], kept, "across", tree["B1"], "用人单位实际经营地在B区")
    assert NAME in client_for(users["b_staff"]).get(kept.get_absolute_url()).content.decode()
    assert NAME in client_for(users["a_staff"]).get(kept.get_absolute_url()).content.decode()
    assert NAME not in client_for(users["ea1_staff"]).get(kept.get_absolute_url()).content.decode()
    # Handed down to EA1, the employer's union joins the path.
    services.route_case(users["city_admin"], Case.objects.get(pk=kept.pk), "across", tree["EA1"], "回企业调解")
    assert NAME in client_for(users["ea1_staff"]).get(kept.get_absolute_url()).content.decode()


def test_reveal_id_number_only_on_the_path_and_audited(kept, users, client_for):
    w = CaseWorker.objects.get(case=kept, is_complainant=True)
    url = reverse("rights:case_worker_reveal", args=[kept.pk, w.pk])
    r = client_for(users["ea1_staff"]).post(url)
    assert r.status_code == 403
    r = client_for(users["a_viewer"]).post(url)
    assert r.status_code == 403
    r = client_for(users["a_staff"]).post(url)
    assert r.status_code == 200 and w.id_number in r.content.decode()
    entry = AuditLog.objects.get(action="reveal", object_id=str(kept.pk))
    assert w.id_number not in str(entry.note) and w.id_number not in str(entry.after)
    assert client_for(users["b_staff"]).post(url).status_code == 404


def test_audit_log_never_holds_the_complainant(kept, users):
    for entry in AuditLog.objects.filter(object_id=str(kept.pk)):
        assert NAME not in f"{entry.before} {entry.after} {entry.note} {entry.object_repr}"


def test_anonymous_case_stores_no_identity(tree, users):
    case, code = services.file_anonymous_case({"case_type": "wage_arrears", "employer_name": "某厂", "facts": "欠薪",
                                               "name": "不该存", "id_number": "x", "phone": "13900000000"},
                                              area_org=tree["A1"])
    assert case.anonymous and case.complainant_name == "" and not case.workers.exists()
    assert case.channel == "anonymous_portal" and case.handling_org == tree["A1"]
    assert len(code) == 8 and code not in case.follow_code_hash
    assert services.check_follow_code(case, code) and not services.check_follow_code(case, "AAAAAAAA")
    row = Case.objects.filter(pk=case.pk).values().get()
    assert "不该存" not in str(row) and "13900000000" not in str(row)


def test_list_query_count_is_constant(tree, users, unit_ea1, client_for, constant_queries):
    for i in range(4):
        make_case(users["a_staff"], tree["A"], unit=unit_ea1, workers=[worker(f"工人{i}")])
    constant_queries(client_for(users["a_staff"]), reverse("rights:case_list"))
    from gonghui.rights.testing import _build_warning

    for i in range(3):
        _build_warning(tree["EA1"], users["root"], f"预警{i}")
    constant_queries(client_for(users["a_staff"]), reverse("rights:warning_list"))


def test_documents_checked_by_content_and_downloaded(kept, users, client_for):
    c = client_for(users["a_staff"])
    url = reverse("rights:case_document_add", args=[kept.pk])
    fake = SimpleUploadedFile("evidence.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    r = c.post(url, {"document": fake, "description": "x"})
    assert r.status_code == 200 and CaseDocument.objects.count() == 0
    html = SimpleUploadedFile("a.html", b"<!doctype html><p>hi", content_type="text/html")
    assert c.post(url, {"document": html}).status_code == 200
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    r = c.post(url, {"document": big})
    assert r.status_code == 200 and CaseDocument.objects.count() == 0
    r = c.post(url, {"document": pdf_upload(), "description": "工资条"})
    assert r.status_code == 302
    doc = CaseDocument.objects.get()
    r = c.get(reverse("rights:case_document", args=[kept.pk, doc.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert client_for(users["b_staff"]).get(reverse("rights:case_document", args=[kept.pk, doc.pk])).status_code == 404


def test_group_case_workers_imported_from_a_sheet(kept, users, client_for):
    from gonghui.core.testing import make_id_number

    rows = ["姓名,身份证号,手机号,诉求金额"] + [f"工人{i},{make_id_number()},1390000{i:04d},3000" for i in range(120)]
    upload = SimpleUploadedFile("list.csv", "\n".join(rows).encode(), content_type="text/csv")
    r = client_for(users["a_staff"]).post(reverse("rights:case_workers_import", args=[kept.pk]), {"file": upload})
    assert r.status_code == 302, r.content.decode()[:2000]
    kept.refresh_from_db()
    assert kept.worker_count == 121 and kept.is_group
    bad = SimpleUploadedFile("bad.csv", "姓名,身份证号\n甲,123\n".encode(), content_type="text/csv")
    r = client_for(users["a_staff"]).post(reverse("rights:case_workers_import", args=[kept.pk]), {"file": bad})
    assert r.status_code == 200 and "123" not in str(AuditLog.objects.filter(action="bulk").values_list("note"))
    assert CaseWorker.objects.filter(case=kept).count() == 121


def test_intake_page_and_workflow_through_pages(tree, users, unit_ea1, client_for):
    c = client_for(users["a_staff"])
    r = c.post(reverse("rights:case_add"), {
        "received_org": tree["A"].code, "channel": "hotline_12351", "case_type": "wage_arrears",
        "unit": unit_ea1.credit_code, "name": "孙七", "phone": "13800001111", "facts": "拖欠工资两个月",
        "amount_claimed": "9000", "worker_count": "1"})
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.handling_org == tree["EA1"]
    e = client_for(users["ea1_staff"])
    assert e.post(reverse("rights:case_accept", args=[case.pk])).status_code == 302
    assert e.post(reverse("rights:case_start_mediation", args=[case.pk]), {"mediator": "周调解员"}).status_code == 302
    today = datetime.date.today()
    assert e.post(reverse("rights:case_close", args=[case.pk]), {
        "outcome": "agreement", "agreement_amount": "9000", "paying_deadline": today.isoformat(),
        "amount_recovered": "9000"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.amount_recovered == 9000
    assert client_for(users["a_viewer"]).post(reverse("rights:case_reopen", args=[case.pk]),
                                              {"reason": "x"}).status_code == 403


def test_todo_list(tree, users, client_for):
    staff = users["a_staff"]
    new = make_case(staff, tree["A1"], handling_org=tree["A1"])
    overdue = make_case(staff, tree["A1"], handling_org=tree["A1"])
    from django.utils import timezone

    services.accept_case(staff, overdue, now=timezone.now() - datetime.timedelta(days=16))
    soon = make_case(staff, tree["A1"], handling_org=tree["A1"])
    services.accept_case(staff, soon, now=timezone.now() - datetime.timedelta(days=13))
    r = client_for(staff).get(reverse("rights:todo"))
    ctx = r.context
    assert [c.pk for c in ctx["new"]] == [new.pk]
    assert [c.pk for c in ctx["overdue"]] == [overdue.pk]
    assert [c.pk for c in ctx["due_soon"]] == [soon.pk]
    assert client_for(users["b_staff"]).get(reverse("rights:todo")).context["new"] == []
