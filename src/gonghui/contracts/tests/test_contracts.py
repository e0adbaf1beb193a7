"""Collective contracts: the rules (term, workforce, wage rise, scope), overlap (enterprise and regional), the
deadlines of submission and taking effect and the renewal reminders (time travel), restructuring, documents,
the API's steps and the indicators against their recount."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.contracts import daily, selectors, services
from gonghui.contracts.models import CollectiveContract, LabourContractCoverage
from gonghui.contracts.testing import draft_contract, make_unit, pdf_upload
from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False)


def _root():
    from gonghui.accounts.models import User

    return User.objects.filter(is_superuser=True).first()


class _SiblingUnit:
    """The API's create needs an employer of the sibling union; made with the object, before any refused write
    is compared."""

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            make_unit(actor, sibling, f"{marker}{sibling.code}"[-12:])
        return obj

    def sibling_unit(self, tree):
        from gonghui.orgs.models import EmployerUnit

        return EmployerUnit.objects.filter(union=tree["EA2"]).first()


class TestContractViews(_SiblingUnit, ModelViewTests):
    model = CollectiveContract
    list_url_name = "contracts:contract_list"
    detail_url_name = "contracts:contract_detail"
    edit_url_name = "contracts:contract_edit"
    api_path = "/api/v1/collective-contracts/"

    def form_data(self, obj, marker):
        return {"number": obj.number, "title": marker, "contract_type": "comprehensive",
                "units": "；".join(u.credit_code for u in obj.units.all()), "starts_on": "2026-01-01",
                "ends_on": "2028-12-31", "workers_covered": 90, "minimum_wage": "2,600", "wage_rise_pct": "5.5",
                "congress_approved_on": "2025-12-20", "congress_session": "九届十三次"}

    def check_saved(self, obj, marker):
        assert obj.title == marker and str(obj.wage_rise_pct) == "5.50" and obj.workers_covered == 90

    def api_payload(self, tree, marker):
        unit = self.sibling_unit(tree)
        return {"org": tree["EA2"].pk, "number": f"API{marker}"[:40], "title": marker, "contract_type": "wage",
                "unit_codes": [unit.credit_code], "starts_on": "2026-01-01", "ends_on": "2027-12-31",
                "workers_covered": 50, "wage_rise_pct": "3"}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestLabourCoverageViews(_SiblingUnit, ModelViewTests):
    model = LabourContractCoverage
    list_url_name = "contracts:coverage_list"
    detail_url_name = "contracts:coverage_detail"
    edit_url_name = "contracts:coverage_edit"
    api_path = "/api/v1/labour-contract-coverage/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "workers": 120, "signed": 100}

    def check_saved(self, obj, marker):
        assert obj.signed == 100

    def api_payload(self, tree, marker):
        unit = self.sibling_unit(tree)
        return {"unit": unit.pk, "year": 2025, "workers": 80, "signed": 60}

    def api_update(self, obj, marker):
        return {"signed": 90}


@pytest.fixture
def unit(tree, users):
    return make_unit(users["root"], tree["EA1"], "甲", employees=200)


def _errors(fn):
    with pytest.raises(ValidationError) as e:
        fn()
    return e.value.message_dict


def test_rules_refuse_bad_input_next_to_the_field(tree, users, unit):
    staff = users["a_staff"]
    ea1 = tree["EA1"]
    assert "ends_on" in _errors(lambda: draft_contract(staff, ea1, [unit], ends_on=D(2026, 6, 30)))
    assert "ends_on" in _errors(lambda: draft_contract(staff, ea1, [unit], ends_on=D(2029, 12, 31)))
    assert "ends_on" in _errors(lambda: draft_contract(staff, ea1, [unit], ends_on=D(2025, 12, 1)))
    e = _errors(lambda: draft_contract(staff, ea1, [unit], workers_covered=201))
    assert "200" in e["workers_covered"][0]
    assert "wage_rise_pct" in _errors(lambda: draft_contract(staff, ea1, [unit], wage_rise_pct="-100.5"))
    assert "minimum_wage" in _errors(lambda: draft_contract(staff, ea1, [unit], minimum_wage="2600.123"))
    other = make_unit(users["root"], tree["EA1"], "乙")
    assert "units" in _errors(lambda: draft_contract(staff, ea1, [unit, other]))  # enterprise: one employer
    b_unit = make_unit(users["root"], tree["EB1"], "丙")
    assert "units" in _errors(lambda: draft_contract(staff, ea1, [b_unit]))  # outside the scope
    ok = draft_contract(staff, ea1, [unit], wage_rise_pct="-100", minimum_wage="¥2,600",
                        starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    assert ok.wage_rise_pct == -100 and str(ok.minimum_wage) == "2600.00"


def test_edit_page_shows_the_message_next_to_the_field(tree, users, unit, client_for):
    c = draft_contract(users["a_staff"], tree["EA1"], [unit])
    page = client_for(users["a_staff"]).post(reverse("contracts:contract_edit", args=[c.pk]), {
        "number": c.number, "title": "x", "contract_type": "comprehensive", "units": unit.credit_code,
        "starts_on": "2026-01-01", "ends_on": "2030-01-01", "workers_covered": 10})
    assert page.status_code == 200
    assert "longer than three years" in page.content.decode() or "三年" in page.content.decode()


def _in_force(user, org, units, day=None, **kw):
    day = day or D(2026, 1, 10)
    c = draft_contract(user, org, units, **kw)
    with at(day):
        c = services.sign_contract(user, c, day)
        c = services.submit_contract(user, c, day)
    return services.take_effect_if_due(c, day + datetime.timedelta(days=30))


def test_overlap_same_type_refused_enterprise_and_regional(tree, users, unit):
    root = users["root"]
    first = _in_force(root, tree["EA1"], [unit])
    assert first.status == "in_force"
    e = _errors(lambda: draft_contract(root, tree["EA1"], [unit], starts_on=D(2027, 1, 1), ends_on=D(2027, 12, 31)))
    assert first.number in e["units"][0]
    draft_contract(root, tree["EA1"], [unit], contract_type="wage")  # another type: allowed
    draft_contract(root, tree["EA1"], [unit], starts_on=D(2029, 1, 1), ends_on=D(2029, 12, 31))  # after it
    other = make_unit(root, tree["EA1"], "乙", employees=30)
    e = _errors(lambda: draft_contract(root, tree["A"], [other, unit], regional=True, workers_covered=100))
    assert "units" in e  # a regional contract covering the same employer
    regional = draft_contract(root, tree["A"], [other], regional=True, contract_type="women", workers_covered=20)
    _in_force_regional = services.sign_contract(root, regional, D(2026, 1, 5))
    assert _in_force_regional.status == "signed"
    assert "units" in _errors(lambda: draft_contract(root, tree["EA1"], [other], contract_type="women",
                                                     workers_covered=10))
    assert set(CollectiveContract.objects.filter(units=other)) == {regional}


def test_sign_needs_the_congress_and_checks_overlap_again(tree, users, unit):
    root = users["root"]
    a = draft_contract(root, tree["EA1"], [unit], congress_approved_on=None, congress_session="")
    assert "signed_on" in _errors(lambda: services.sign_contract(root, a, D(2026, 1, 5)))
    b = draft_contract(root, tree["EA1"], [unit], number="B-1")
    c = draft_contract(root, tree["EA1"], [unit], number="C-1")
    services.sign_contract(root, b, D(2026, 1, 5))
    assert "signed_on" in _errors(lambda: services.sign_contract(root, c, D(2026, 1, 5)))


def test_submission_deadline_and_taking_effect(tree, users, unit, settings):
    root = users["root"]
    c = draft_contract(root, tree["EA1"], [unit])
    with at(D(2026, 1, 5)):
        c = services.sign_contract(root, c, D(2026, 1, 5), document=pdf_upload())
    assert c.submission_due_on == D(2026, 1, 15)
    qs = CollectiveContract.objects.filter(pk=c.pk)
    assert not selectors.submission_overdue(qs, D(2026, 1, 15)).exists()
    assert selectors.submission_overdue(qs, D(2026, 1, 16)).exists()
    with at(D(2026, 1, 18)):
        c = services.submit_contract(root, c, D(2026, 1, 18))
    assert c.submitted_late and c.status == "submitted" and c.effective_on == D(2026, 2, 2)
    with at(D(2026, 2, 1)):
        daily.run(datetime.datetime(2026, 2, 1, 6, tzinfo=datetime.UTC))
    assert CollectiveContract.objects.get(pk=c.pk).status == "submitted"
    with at(D(2026, 2, 2)):
        daily.run(datetime.datetime(2026, 2, 2, 6, tzinfo=datetime.UTC))
    c.refresh_from_db()
    assert c.status == "in_force"
    assert AuditLog.objects.filter(object_id=str(c.pk), transition="take_effect").count() == 1
    # both periods configurable; on time is not flagged
    settings.GONGHUI_CONTRACT_SUBMISSION_DAYS, settings.GONGHUI_CONTRACT_EFFECT_DAYS = 5, 30
    other = make_unit(root, tree["EA1"], "丁")
    d = draft_contract(root, tree["EA1"], [other])
    with at(D(2026, 1, 5)):
        d = services.sign_contract(root, d, D(2026, 1, 5))
        d = services.submit_contract(root, d, D(2026, 1, 5))
    assert d.submission_due_on == D(2026, 1, 10) and not d.submitted_late and d.effective_on == D(2026, 2, 4)


def test_objection_stops_it_taking_effect(tree, users, unit):
    root = users["root"]
    c = draft_contract(root, tree["EA1"], [unit])
    with at(D(2026, 1, 10)):
        c = services.submit_contract(root, services.sign_contract(root, c, D(2026, 1, 5)), D(2026, 1, 8))
        c = services.object_contract(root, c, D(2026, 1, 10), "最低工资低于当地标准")
    with at(D(2026, 3, 1)):
        daily.run(datetime.datetime(2026, 3, 1, 6, tzinfo=datetime.UTC))
    c.refresh_from_db()
    assert c.status == "objected"
    c = services.redraft_contract(root, c)
    assert c.status == "draft" and c.signed_on is None


def test_expiry_reminders_are_sent_once_and_listed(tree, users, unit, outbox, client_for,
                                                    django_capture_on_commit_callbacks):
    root = users["root"]
    c = _in_force(root, tree["EA1"], [unit], starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    assert c.status == "in_force"
    type(tree["EA1"]).objects.filter(pk=tree["EA1"].pk).update(contact_phone="13800138000")
    with at(D(2026, 9, 30)):  # 92 days before
        assert daily.run(datetime.datetime(2026, 9, 30, 6, tzinfo=datetime.UTC))["expiry_reminders"] == 0
    with at(D(2026, 10, 3)):  # 89 days before
        with django_capture_on_commit_callbacks(execute=True):
            assert daily.run(datetime.datetime(2026, 10, 3, 6, tzinfo=datetime.UTC))["expiry_reminders"] == 1
        sent = [m for m in outbox if c.number in m.subject]
        assert sent
        assert daily.run(datetime.datetime(2026, 10, 3, 7, tzinfo=datetime.UTC))["expiry_reminders"] == 0
        todo = {t.key: t for t in selectors.workbench_todo(users["a_staff"], D(2026, 10, 3))}
        assert todo["contracts_expiring"].count == 1
        page = client_for(users["a_staff"]).get(reverse("contracts:contract_list") + "?expiring=yes")
        assert c.number in page.content.decode()
    with at(D(2026, 10, 4)):
        assert daily.run(datetime.datetime(2026, 10, 4, 6, tzinfo=datetime.UTC))["expiry_reminders"] == 0
    with at(D(2027, 1, 1)):
        assert daily.run(datetime.datetime(2027, 1, 1, 6, tzinfo=datetime.UTC))["contracts_expired"] == 1
    c.refresh_from_db()
    assert c.status == "expired"


def test_restructured_employer_carries_its_contracts(tree, users, unit):
    root = users["root"]
    c = _in_force(root, tree["EA1"], [unit])
    successor = make_unit(root, tree["EA1"], "新甲", employees=250)
    moved = services.move_coverage(users["a_staff"], unit, successor)
    assert moved == [c] and list(c.units.all()) == [successor]
    assert AuditLog.objects.filter(object_id=str(c.pk), transition="coverage_moved").exists()
    b_unit = make_unit(root, tree["EB1"], "丙")
    assert "successor" in _errors(lambda: services.move_coverage(users["a_staff"], successor, b_unit))


def test_performance_check_once_a_year_and_documents_checked(tree, users, unit):
    root = users["root"]
    c = _in_force(root, tree["EA1"], [unit])
    with at(D(2026, 6, 1)):
        assert "fixes" in _errors(lambda: services.record_check(root, c, D(2026, 5, 30), passed=False))
        services.record_check(root, c, D(2026, 5, 30), passed=False, findings="加班费未按约定支付", fixes="补发")
        assert "checked_on" in _errors(lambda: services.record_check(root, c, D(2026, 5, 31), passed=True))
    bad = pdf_upload("contract.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError):
        services.add_document(root, c, bad)
    assert c.documents.count() == 0
    services.add_document(root, c, pdf_upload())
    assert c.documents.count() == 1


def test_api_steps(tree, users, unit, client_for):
    client = client_for(users["a_staff"])
    c = draft_contract(users["root"], tree["EA1"], [unit])
    url = f"/api/v1/collective-contracts/{c.pk}/"
    with at(D(2026, 1, 20)):
        r = client.post(url + "sign/", {"on": "2026-01-05"}, content_type="application/json")
        assert r.status_code == 200, r.content
        r = client.post(url + "submit/", {"on": "2026-01-20"}, content_type="application/json")
        assert r.status_code == 200 and r.json()["submitted_late"] is True
        assert client.patch(url, {"title": "改"}, content_type="application/json").status_code == 400
    r = client.get("/api/v1/collective-contracts/?q=" + unit.credit_code)
    assert [row["id"] for row in r.json()["results"]] == [c.pk]


def test_indicators_equal_their_recount(tree, users):
    root = users["root"]
    big = make_unit(root, tree["EA1"], "大", employees=300)
    small = make_unit(root, tree["EA2"], "小", employees=20)
    none = make_unit(root, tree["EB1"], "无", employees=80)
    _in_force(root, tree["EA1"], [big], workers_covered=280, wage_rise_pct="6")
    _in_force(root, tree["EA1"], [big], contract_type="wage", wage_rise_pct="4", workers_covered=280)
    regional = _in_force(root, tree["A"], [small], regional=True, contract_type="wage", workers_covered=20,
                         wage_rise_pct=None)
    draft_contract(root, tree["EB1"], [none], workers_covered=80)
    with at(D(2026, 6, 1)):
        services.record_check(root, regional, D(2026, 5, 1), passed=True)
    services.save_labour_coverage(root, None, big, year=2026, workers=300, signed=270)
    services.save_labour_coverage(root, None, none, year=2026, workers=80, signed=80)
    period = Period.year(2026)
    ctx = StatsContext(period, "total")
    keys = ["contracts_in_force", "contracts_in_force_wage", "contracts_workers_covered", "contracts_units_covered",
            "contracts_units_large", "contracts_units_large_covered", "contracts_units_wage", "contracts_checks",
            "contracts_checks_passed", "contracts_average_wage_rise", "labour_contract_rate"]
    for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
        for key in keys:
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    a = tree["A"].pk
    assert ctx.values("contracts_in_force", [a])[a] == 3
    assert ctx.values("contracts_units_covered", [a])[a] == 2
    assert ctx.values("contracts_units_wage", [a])[a] == 2
    assert ctx.values("contracts_average_wage_rise", [a])[a] == 5
    city = tree["city"].pk
    assert str(ctx.values("labour_contract_rate", [city])[city]) == "92.1"
    assert ctx.values("contracts_performance_rate", [a])[a] == 100
    assert get("contracts_in_force").url(tree["A"], period).startswith(reverse("contracts:contract_list"))
