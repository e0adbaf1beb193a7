"""The area's own rules: the census rule and 组建率, the election and approval workflows, term reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.building import daily, services
from gonghui.building import testing as bt
from gonghui.building.models import ArchiveDocument, Cadre, Election, Term
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.testing import make_credit_code
from gonghui.orgs import census
from gonghui.orgs import services as org_services
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation
from gonghui.stats import registry
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _unit(root, tree, name, employees, *, established=None, status="operating", union=None, village=""):
    return org_services.create_unit(root, name=name, credit_code=make_credit_code(), ownership="private",
                                    industry="C", employee_count=employees, area_org=tree["A1"], union=union,
                                    established_on=established, operating_status=status, village=village)


def _figure(key, org):
    ind = registry.get(key)
    period = Period.year(TODAY.year)
    return StatsContext(period).value(ind, org.pk), ind.recount(org, period)


# --- census --------------------------------------------------------------------------------------------------------

def test_census_rule_decides_who_should_have_a_union_and_rate_equals_its_recount(tree, users):
    root = users["root"]
    new = TODAY - datetime.timedelta(days=100)
    _unit(root, tree, "老厂", 60, established=datetime.date(2015, 1, 1))
    young = _unit(root, tree, "新厂", 60, established=new)
    _unit(root, tree, "停产厂", 80, established=datetime.date(2010, 1, 1), status="suspended")
    _unit(root, tree, "小店", 10, established=datetime.date(2015, 1, 1), village="王庄村")
    _unit(root, tree, "小作坊", 8, village="王庄村")
    _unit(root, tree, "有会小厂", 5, union=tree["EA1"])
    assert set(EmployerUnit.objects.filter(should_have_union=True).values_list("name", flat=True)) == {"老厂"}
    for org in (tree["A1"], tree["A"], tree["city"]):
        for key in ("units_required", "units_covered", "unionisation_rate"):
            value, recount = _figure(key, org)
            assert value == recount, (key, org)
    assert _figure("units_required", tree["A1"])[0] == 2  # 老厂 + the covered one
    # the rule changes: 50 workers, no age, suspended ones count too
    org_services.set_census_rule(users["city_admin"], min_employees=50, min_years=0, require_operating=False)
    assert set(EmployerUnit.objects.filter(should_have_union=True).values_list("name", flat=True)) == {
        "老厂", "新厂", "停产厂"}
    for org in (tree["A1"], tree["A"], tree["city"]):
        for key in ("units_required", "unionisation_rate"):
            value, recount = _figure(key, org)
            assert value == recount, (key, org)
    assert _figure("units_required", tree["A1"])[0] == 4
    # small employers to bring into a federation; a village with two employers and no village union
    units = EmployerUnit.objects.all()
    assert {u.name for u in census.small_employers(units)} == {"小店", "小作坊"}
    assert [(v["village"], v["employers"]) for v in census.villages_to_organise(units)] == [("王庄村", 2)]
    org_services.create_org(root, tree["A1"], name="王庄村联合工会", code="C01WZ", org_type="community")
    assert census.villages_to_organise(units) == []
    assert young.pk


def test_the_census_rule_is_changed_only_at_the_top_and_checked(tree, users):
    with pytest.raises(PermissionDenied):
        org_services.set_census_rule(users["a_admin"], min_employees=10, min_years=1, require_operating=True)
    with pytest.raises(ValidationError) as e:
        org_services.set_census_rule(users["city_admin"], min_employees=0, min_years=99, require_operating=True)
    assert {"min_employees", "min_years"} <= set(e.value.message_dict)


def test_daily_round_counts_an_employer_once_it_is_a_year_old(tree, users):
    root = users["root"]
    unit = _unit(root, tree, "满年厂", 40, established=TODAY - datetime.timedelta(days=200))
    assert not EmployerUnit.objects.get(pk=unit.pk).should_have_union
    later = TODAY + datetime.timedelta(days=200)
    daily.run(datetime.datetime.combine(later, datetime.time(2), tzinfo=datetime.UTC))
    assert EmployerUnit.objects.get(pk=unit.pk).should_have_union
    value, _recount = _figure("units_required", tree["A1"])
    assert value == EmployerUnit.objects.filter(area_org=tree["A1"], should_have_union=True).count()


def test_census_page_changes_the_rule(tree, users, client_for):
    client = client_for(users["city_admin"])
    response = client.get(reverse("building:census"))
    assert response.status_code == 200
    response = client.post(reverse("building:census"), {"min_employees": "30", "min_years": "2",
                                                        "require_operating": "on"})
    assert response.status_code == 302
    assert census.current_rule().min_employees == 30
    response = client_for(users["a_staff"]).post(reverse("building:census"), {"min_employees": "5", "min_years": "0"})
    assert response.status_code == 200 and census.current_rule().min_employees == 30


# --- elections -----------------------------------------------------------------------------------------------------

def test_election_from_candidates_to_the_new_committee(tree, users):
    root, ea1 = users["root"], tree["EA1"]
    old = Term.objects.create(org=ea1, number=1, started_on=datetime.date(2020, 3, 1),
                              ends_on=datetime.date(2025, 3, 1))
    bt.cadre(root, ea1, name="前主席", position="chair")
    CommitteeMember.objects.create(org=ea1, committee="women", position="director", name="女工主任")
    e = bt.election(users["ea1_staff"], ea1)
    assert e.review_org == tree["A1"] and e.term_number == 2
    e = services.submit_election(users["ea1_staff"], e)
    with pytest.raises(PermissionDenied):  # the union does not review itself
        services.approve_candidates(users["ea1_staff"], e)
    e = services.approve_candidates(users["a_staff"], e, "同意")
    votes = {c.pk: n for c, n in zip(e.candidates.order_by("id"), (70, 66, 40), strict=True)}
    with pytest.raises(ValidationError):  # fewer than two thirds voted
        services.hold_election(users["ea1_staff"], e, held_on=TODAY, voters=100, voted=60, votes=votes)
    e = services.hold_election(users["ea1_staff"], Election.objects.get(pk=e.pk), held_on=TODAY, voters=100,
                               voted=90, votes=votes)
    assert [c.elected for c in e.candidates.order_by("id")] == [True, True, False]
    with pytest.raises(PermissionDenied):  # staff cannot approve the result: the organisation department does
        services.confirm_election(users["a_staff"], e, doc_no="A工复〔2025〕3号")
    e = services.confirm_election(users["a_admin"], e, doc_no="A工复〔2025〕3号", decided_on=TODAY)
    assert e.status == "confirmed"
    org = Organisation.objects.get(pk=ea1.pk)
    assert (org.term_number, org.term_started_on, org.chair_name) == (2, TODAY, "李明")
    assert org.next_election_due == services.add_years(TODAY, 5)
    old.refresh_from_db()
    assert old.closed_on == TODAY
    new = Term.objects.get(org=ea1, closed_on__isnull=True)
    assert (new.number, new.election_id, new.ends_on) == (2, e.pk, services.add_years(TODAY, 5))
    seats = set(CommitteeMember.objects.filter(org=ea1).values_list("committee", "position", "name"))
    assert seats == {("union", "chair", "李明"), ("union", "vice_chair", "张丽"), ("women", "director", "女工主任")}
    chairs = Cadre.objects.filter(org=ea1, position="chair")
    assert {(c.name, c.left_on) for c in chairs} == {("前主席", TODAY), ("李明", None)}
    doc = ArchiveDocument.objects.get(org=ea1, kind="approval")
    assert doc.number == "A工复〔2025〕3号"
    with pytest.raises(WorkflowConflict):
        services.confirm_election(users["a_admin"], e, doc_no="x")


def test_returned_election_can_change_its_candidates_and_resubmit(tree, users):
    e = bt.election(users["ea1_staff"], tree["EA1"])
    with pytest.raises(ValidationError):
        services.return_election(users["a_staff"], services.submit_election(users["ea1_staff"], e), "")
    e = services.return_election(users["a_staff"], Election.objects.get(pk=e.pk), "副主席人选不符合条件")
    services.add_candidate(users["ea1_staff"], e, name="钱进", position="vice_chair")
    assert services.submit_election(users["ea1_staff"], e).status == "review"
    with pytest.raises(ValidationError):
        services.add_candidate(users["ea1_staff"], Election.objects.get(pk=e.pk), name="迟到")


def test_election_api_runs_the_workflow(tree, users, api_for):
    ea1 = api_for(users["ea1_staff"])
    created = ea1.post("/api/v1/union-elections/", {"org": tree["EA1"].pk, "term_years": 5}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    c = ea1.post(f"/api/v1/union-elections/{pk}/candidates/", {"name": "周一", "position": "chair"}, format="json")
    assert c.status_code == 201
    assert ea1.post(f"/api/v1/union-elections/{pk}/submit/", {}, format="json").status_code == 200
    assert ea1.post(f"/api/v1/union-elections/{pk}/approve-candidates/", {}, format="json").status_code in (403, 404)
    a = api_for(users["a_admin"])
    assert a.post(f"/api/v1/union-elections/{pk}/approve-candidates/", {}, format="json").status_code == 200
    held = ea1.post(f"/api/v1/union-elections/{pk}/hold/", {"held_on": TODAY.isoformat(), "voters": 30,
                                                             "voted": 28, "votes": {str(c.json()["id"]): 27}},
                    format="json")
    assert held.status_code == 200, held.content
    done = a.post(f"/api/v1/union-elections/{pk}/confirm/", {"doc_no": "A工复〔2025〕9号"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "confirmed"


def test_term_reminder_before_the_end_once_and_overdue_list(tree, users, client_for, mailoutbox=None):
    ea1 = tree["EA1"]
    ends = TODAY + datetime.timedelta(days=120)
    term = Term.objects.create(org=ea1, number=3, started_on=TODAY - datetime.timedelta(days=1700), ends_on=ends)
    at = lambda day: datetime.datetime.combine(day, datetime.time(2), tzinfo=datetime.UTC)  # noqa: E731
    assert daily.run(at(TODAY))["term_reminders"] == 0  # 120 days ahead: not yet
    soon = ends - datetime.timedelta(days=60)
    assert daily.run(at(soon))["term_reminders"] == 1
    assert daily.run(at(soon + datetime.timedelta(days=1)))["term_reminders"] == 0  # once
    term.refresh_from_db()
    assert term.reminded_on == soon
    org_services.update_org(users["root"], ea1, term_number=3, term_started_on=term.started_on,
                            next_election_due=TODAY - datetime.timedelta(days=1))
    page = client_for(users["a_staff"]).get(reverse("building:overdue"))
    assert page.status_code == 200 and ea1.name in page.content.decode()


# --- approvals and the archive -----------------------------------------------------------------------------------

def test_founding_approval_with_document_number_goes_into_the_archive(tree, users):
    ap = bt.approval(users["ea1_staff"], tree["EA1"])
    assert ap.approver == tree["A1"]
    with pytest.raises(PermissionDenied):
        services.approve(users["ea1_staff"], ap, doc_no="x")
    with pytest.raises(ValidationError) as e:
        services.approve(users["a_admin"], ap, doc_no=" ")
    assert "doc_no" in e.value.message_dict
    ap = services.approve(users["a_admin"], ap, doc_no="A工复〔2025〕1号", decided_on=bt.DAY)
    org = Organisation.objects.get(pk=tree["EA1"].pk)
    assert (org.approval_doc_no, org.approved_on) == ("A工复〔2025〕1号", bt.DAY)
    assert ArchiveDocument.objects.filter(org=org, approval=ap, number="A工复〔2025〕1号").exists()
    value, recount = _figure("approvals_given", tree["A"])
    assert value == recount


def test_archive_document_keeps_its_file(tree, users, client_for):
    pdf = SimpleUploadedFile("公章备案.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    doc = services.save_document(users["a_staff"], None, org=tree["EA1"], kind="seal", title="公章备案",
                                 number="3201000012345", upload=pdf)
    response = client_for(users["a_staff"]).get(reverse("building:document_file", args=[doc.pk]))
    assert response.status_code == 200
    assert client_for(users["b_staff"]).get(reverse("building:document_file", args=[doc.pk])).status_code == 404


# --- cadres --------------------------------------------------------------------------------------------------------

def test_cadres_one_chair_departures_and_indicators(tree, users):
    root = users["root"]
    bt.cadre(root, tree["EA1"], name="甲", position="chair", engagement="full_time")
    with pytest.raises(ValidationError) as e:
        bt.cadre(root, tree["EA1"], name="乙", position="chair")
    assert "position" in e.value.message_dict
    sw = bt.cadre(root, tree["EA2"], name="丙", position="social_worker", engagement="full_time")
    with pytest.raises(ValidationError):
        services.record_departure(root, sw, left_on=TODAY, reason="")
    services.record_departure(root, sw, left_on=TODAY, reason="调离")
    for key in ("chairs_in_post", "chair_rate", "full_time_cadres", "social_workers", "cadre_departures"):
        for org in (tree["A"], tree["EA1"]):
            value, recount = _figure(key, org)
            assert value == recount, key
    assert _figure("chairs_in_post", tree["A"])[0] == 1
    assert _figure("cadre_departures", tree["A"])[0] == 1


def test_province_and_national_levels(tree, users):
    root = users["root"]
    nation = org_services.create_org(root, None, name="全国总工会", code="N00", org_type="national_federation")
    prov = org_services.create_org(root, nation, name="某省总工会", code="P01", org_type="province_federation")
    assert (nation.level, prov.level) == (1, 2)
    city = org_services.create_org(root, prov, name="某市总工会", code="P01C", org_type="city_federation")
    org_services.create_org(root, city, name="某公司工会", code="P01CE", org_type="enterprise")
    for key in ("orgs", "grassroots_unions"):
        for org in (nation, prov):
            value, recount = _figure(key, org)
            assert value == recount
    assert _figure("grassroots_unions", nation)[0] == 1
    assert _figure("orgs", prov)[0] == 3
