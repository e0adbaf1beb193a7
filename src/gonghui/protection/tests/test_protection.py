"""Labour protection: the pages and API of inspections and problems found, the rules, deadlines and escalation
(time travel), re-inspection, the step from wage arrears to a rights case, and the indicators against their
recount."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests
from gonghui.protection import daily, services
from gonghui.protection.models import Finding, Inspection
from gonghui.protection.testing import make_finding, make_inspection, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False)


class _Sibling:
    """The API's create needs an employer (and an inspection) of the sibling union, made with the object."""

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            make_inspection(actor, sibling, marker=f"{marker}{sibling.code}"[-12:])
        return obj

    def sibling_inspection(self, tree):
        return Inspection.objects.filter(org=tree["EA2"]).first()


class TestInspectionViews(_Sibling, ModelViewTests):
    model = Inspection
    list_url_name = "protection:inspection_list"
    detail_url_name = "protection:inspection_detail"
    edit_url_name = "protection:inspection_edit"
    delete_url_name = "protection:inspection_delete"
    api_path = "/api/v1/inspections/"

    def form_data(self, obj, marker):
        return {"kind": "safety", "campaign": marker, "inspected_on": "2026-03-02", "inspectors": "张三"}

    def check_saved(self, obj, marker):
        assert obj.campaign == marker and obj.kind == "safety"

    def api_payload(self, tree, marker):
        unit = self.sibling_inspection(tree).unit
        return {"org": tree["EA2"].pk, "unit_code": unit.credit_code, "kind": "health", "inspected_on": "2026-03-01",
                "inspectors": marker}

    def api_update(self, obj, marker):
        return {"summary": marker}


class TestFindingViews(_Sibling, ModelViewTests):
    model = Finding
    list_url_name = "protection:finding_list"
    detail_url_name = "protection:finding_detail"
    edit_url_name = "protection:finding_edit"
    delete_url_name = "protection:finding_delete"
    api_path = "/api/v1/inspection-findings/"

    def form_data(self, obj, marker):
        return {"item": "wages_on_time", "description": marker, "severity": "major", "deadline": "2030-01-01",
                "arrears_workers": 2, "arrears_amount": "6,400", "arrears_names": "张三 3200\n李四 3200"}

    def check_saved(self, obj, marker):
        assert obj.description == marker and obj.arrears_amount == 6400 and obj.arrears_list.count() == 2

    def api_payload(self, tree, marker):
        return {"inspection": self.sibling_inspection(tree).pk, "item": "working_hours", "description": marker,
                "severity": "general"}

    def api_update(self, obj, marker):
        return {"description": marker}


def _errors(fn):
    with pytest.raises(ValidationError) as e:
        fn()
    return e.value.message_dict


@pytest.fixture
def inspection(tree, users):
    with at(D(2026, 3, 2)):
        return make_inspection(users["root"], tree["EA1"], inspected_on=D(2026, 3, 1))


def test_rules_refuse_bad_input_next_to_the_field(tree, users, inspection):
    staff = users["a_staff"]
    b_unit = make_unit(users["root"], tree["EB1"], "丙")
    assert "unit" in _errors(lambda: make_inspection(staff, tree["EA1"], b_unit))  # outside the scope
    assert "inspected_on" in _errors(lambda: make_inspection(staff, tree["EA1"], inspected_on=D(2099, 1, 1)))
    assert "item" in _errors(lambda: make_finding(staff, inspection, item="fire"))  # not on this checklist
    assert "deadline" in _errors(lambda: make_finding(staff, inspection, deadline=D(2026, 2, 1)))
    assert "arrears_amount" in _errors(lambda: make_finding(staff, inspection, item="working_hours",
                                                            arrears_amount="100", arrears_workers=1))
    assert "arrears_workers" in _errors(lambda: make_finding(staff, inspection, arrears_amount="100",
                                                             arrears_names="张三 50\n李四 50", arrears_workers=1))
    assert "arrears_amount" in _errors(lambda: make_finding(staff, inspection, arrears_amount="1.234",
                                                            arrears_workers=1))
    ok = make_finding(staff, inspection)
    assert ok.deadline == D(2026, 3, 31) and ok.status == "open"  # 30 days by default
    at_once = make_finding(staff, inspection, item="working_hours", fix_mode="at_once")
    assert at_once.status == "fixed" and at_once.fixed_on == D(2026, 3, 1) and at_once.deadline is None


def test_edit_page_shows_the_message_next_to_the_field(users, inspection, client_for):
    page = client_for(users["a_staff"]).post(reverse("protection:finding_add"), {
        "inspection": inspection.pk, "item": "wages_on_time", "description": "欠薪", "severity": "general",
        "fix_mode": "by_deadline", "deadline": "2026-01-01"})
    assert page.status_code == 200
    assert "deadline" in page.content.decode() or "期限" in page.content.decode()
    assert not Finding.objects.exists()


def test_deadline_escalation_and_reinspection(tree, users, inspection):
    root = users["root"]
    f = make_finding(root, inspection, deadline=D(2026, 3, 20))
    with at(D(2026, 3, 10)):
        f = services.respond(root, f, D(2026, 3, 10), "已制定工资支付计划")
    assert f.status == "responded"
    with at(D(2026, 3, 20)):
        assert daily.run(datetime.datetime(2026, 3, 20, 6, tzinfo=datetime.UTC))["hazards_escalated"] == 0
    with at(D(2026, 3, 21)):
        assert daily.run(datetime.datetime(2026, 3, 21, 6, tzinfo=datetime.UTC))["hazards_escalated"] == 1
        assert daily.run(datetime.datetime(2026, 3, 21, 7, tzinfo=datetime.UTC))["hazards_escalated"] == 0
    f.refresh_from_db()
    assert f.overdue_on == D(2026, 3, 21) and f.escalated_to == tree["A1"]
    assert Finding.objects.filter(pk=f.pk, overdue_on__isnull=False, status__in=("open", "responded")).exists()
    assert AuditLog.objects.filter(object_id=str(f.pk), transition="escalate").count() == 1
    # re-inspected, not fixed: a new deadline, the overdue mark cleared; it escalates again when that passes
    with at(D(2026, 3, 25)):
        assert "deadline" in _errors(lambda: services.refix(root, f, D(2026, 3, 25), D(2026, 3, 24), "未整改"))
        f = services.refix(root, f, D(2026, 3, 25), D(2026, 4, 10), "仍未补发工资")
    assert f.status == "open" and f.overdue_on is None and f.reinspections == 1
    with at(D(2026, 4, 11)):
        assert daily.run(datetime.datetime(2026, 4, 11, 6, tzinfo=datetime.UTC))["hazards_escalated"] == 1
    f.refresh_from_db()
    assert f.overdue_on == D(2026, 4, 11)
    # the inspection cannot close while the problem is open; fixed on re-inspection, it can
    assert "close" not in [t.name for t in Inspection.workflow.available(inspection, root)]
    with at(D(2026, 4, 15)):
        f = services.fix(root, f, D(2026, 4, 15), "已补发")
        assert f.status == "fixed" and f.fixed_on == D(2026, 4, 15) and f.reinspections == 2
        assert daily.run(datetime.datetime(2026, 4, 16, 6, tzinfo=datetime.UTC))["hazards_escalated"] == 0
        inspection.refresh_from_db()
        assert services.close_inspection(root, inspection).status == "closed"
    assert "inspection" in _errors(lambda: make_finding(root, inspection))


def test_arrears_open_a_rights_case_in_one_step(tree, users, inspection, client_for):
    from gonghui.rights.models import Case

    staff = users["a_staff"]
    f = make_finding(staff, inspection, arrears_workers=12, arrears_amount="38,500",
                     arrears_names="张三 3200\n李四，2,800")
    assert [str(w.amount) for w in f.arrears_list.all()] == ["3200.00", "2800.00"]
    page = client_for(staff).post(reverse("protection:finding_open_case", args=[f.pk]))
    assert page.status_code == 302
    f.refresh_from_db()
    case = Case.objects.get(pk=f.rights_case_id)
    assert case.case_type == "wage_arrears" and case.unit_id == inspection.unit_id
    assert case.worker_count == 12 and case.amount_claimed == 38500 and case.is_group
    assert sorted(case.workers.values_list("name", flat=True)) == ["张三", "李四"]
    assert AuditLog.objects.filter(object_id=str(f.pk), transition="open_case").count() == 1
    # once only: no second button, the service refuses
    assert "open_case" not in [t.name for t in Finding.workflow.available(f, staff)]
    with pytest.raises(Exception):  # noqa: B017 (refused by the state condition or the rule)
        services.open_rights_case(staff, f)
    assert Case.objects.count() == 1
    detail = client_for(staff).get(reverse("protection:finding_detail", args=[f.pk])).content.decode()
    assert case.reference_no in detail
    # recovery: totals, never more than owed
    assert "amount_recovered" in _errors(lambda: services.record_recovery(staff, f, 5, "40000"))
    assert "recovered_workers" in _errors(lambda: services.record_recovery(staff, f, 13, "100"))
    f = services.record_recovery(staff, f, 10, "30,000")
    assert f.recovered_workers == 10 and f.amount_recovered == 30000
    # no named worker: the step asks for one
    g = make_finding(staff, inspection, arrears_workers=3, arrears_amount="900")
    assert "arrears_names" in _errors(lambda: services.open_rights_case(staff, g))


def test_api_steps(tree, users, inspection, api_for):
    api = api_for(users["a_staff"])
    f = make_finding(users["root"], inspection, deadline=D(2026, 3, 20))
    base = f"/api/v1/inspection-findings/{f.pk}"
    with at(D(2026, 3, 22)):
        r = api.post(f"{base}/respond/", {"responded_on": "2026-03-21", "response": "已整改"}, format="json")
        assert r.status_code == 200, r.content
        r = api.post(f"{base}/fix/", {"reinspected_on": "2099-01-01"}, format="json")
        assert r.status_code == 400
        r = api.post(f"{base}/fix/", {"reinspected_on": "2026-03-22"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "fixed"
        assert api.post(f"{base}/refix/", {"reinspected_on": "2026-03-22", "deadline": "2026-04-01",
                                           "note": "x"}, format="json").status_code == 409
    assert api_for(users["a_viewer"]).post(f"{base}/recover/", {}, format="json").status_code in (403, 400)


def test_demo_loads_through_the_services_once(tree, users):
    from gonghui.protection import demo
    from gonghui.rights.models import Case

    for i, code in enumerate(("EA1", "EA2", "EA1", "EA2", "EA1")):
        make_unit(users["root"], tree[code], f"演示{i}", employees=300 - i)
    ctx = {"admin": users["root"], "district": tree["A"], "today": datetime.date.today()}
    made = demo.load(ctx)
    assert made["inspections"] == 5 and made["inspection_findings"] >= 10 and made["hazards_escalated"] >= 1
    assert Case.objects.filter(case_type="wage_arrears").count() == 1
    assert Finding.objects.filter(status="fixed").exists() and Finding.objects.filter(status="responded").exists()
    assert demo.load(ctx) == {}
