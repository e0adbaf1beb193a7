import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.orgs.choices import OrgType
from gonghui.reports import indicators as ri
from gonghui.reports import services
from gonghui.reports.choices import ReportStatus
from gonghui.reports.models import Report
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext
from gonghui.tools.testing import member_data

from .conftest import DEADLINE, YEAR, fill, report_of

pytestmark = pytest.mark.django_db


def test_open_round_creates_reports_for_live_unions_down_to_grassroots(tree, users, members):
    from gonghui.orgs.services import create_org, dissolve_org

    root = users["root"]
    create_org(root, tree["EA1"], name="一车间分工会", code="C01EA1B", org_type=OrgType.BRANCH)
    gone = create_org(root, tree["A1"], name="已撤销工会", code="C01GONE", org_type=OrgType.ENTERPRISE)
    dissolve_org(root, gone, "撤销", datetime.date(2024, 1, 5))
    rnd = services.open_round(root, tree["city"], year=YEAR, deadline=DEADLINE)
    codes = set(rnd.reports.values_list("org__code", flat=True))
    assert codes == {o.code for o in tree.values()}
    period = Period.year(YEAR)
    derived = [i for i in ri.stored_items() if i.derived]
    for key in ("EA1", "EA2", "EB1"):
        report = report_of(rnd, tree[key])
        assert report.is_grassroots and report.status == ReportStatus.DRAFT
        for ind in derived:
            # Stored as reported (amounts in yuan as decimal strings): compare as numbers.
            assert ri.to_number(ind, report.data[ind.key]["d"]) == ind.recount(tree[key], period), (key, ind.key)
        for ind in ri.stored_items():
            if not ind.derived:
                assert report.data[ind.key]["d"] is None
    ea1 = report_of(rnd, tree["EA1"])
    assert ea1.data["members"]["d"] == 2 and ea1.data["female_members"]["d"] == 1
    assert ea1.data["new_members"]["d"] == 2
    # upper unions get their own figures (records held at the union itself)
    own = StatsContext(period, "own").load([tree["A1"].pk])
    a1 = report_of(rnd, tree["A1"])
    assert not a1.is_grassroots
    for ind in derived:
        assert ri.to_number(ind, a1.data[ind.key]["d"]) == own.value(ind, tree["A1"].pk)
    assert a1.data["members"]["d"] == 0
    assert AuditLog.objects.filter(action="bulk", count=8).exists()
    with pytest.raises(ValidationError) as e:
        services.open_round(root, tree["city"], year=YEAR, deadline=DEADLINE)
    assert "year" in e.value.message_dict


def test_opening_needs_change_right(tree, users):
    with pytest.raises(PermissionDenied):
        services.open_round(users["a_viewer"], tree["A"], year=YEAR, deadline=DEADLINE)
    with pytest.raises(PermissionDenied):
        services.open_round(users["a_staff"], tree["city"], year=YEAR, deadline=DEADLINE)


def test_correcting_a_derived_figure_needs_a_reason(rnd, tree, users):
    report = report_of(rnd, tree["EA1"])
    with pytest.raises(ValidationError) as e:
        services.update_values(users["ea1_staff"], report, {"members": {"value": 3}})
    assert "members" in e.value.message_dict
    report.refresh_from_db()
    assert "v" not in report.data["members"]
    report, _ = services.update_values(users["ea1_staff"], report,
                                       {"members": {"value": 3, "reason": "一人档案未录入"}})
    assert report.data["members"] == {"d": 2, "v": 3, "r": "一人档案未录入"}
    assert services.figures(report)["members"] == 3
    assert AuditLog.objects.filter(object_id=str(report.pk), action="update").exists()
    # typing the derived figure again removes the correction
    report, _ = services.update_values(users["ea1_staff"], report, {"members": {"value": 2}})
    assert report.data["members"] == {"d": 2}
    # entered figures need no reason; money is Decimal
    report, _ = services.update_values(users["ea1_staff"], report, {"funds_income": {"value": "1000.5"}})
    assert report.data["funds_income"]["v"] == "1000.50"
    assert services.figures(report)["funds_income"] == Decimal("1000.50")


@pytest.mark.parametrize("changes, field", [
    ({"fulltime_cadres": {"value": -1}}, "fulltime_cadres"),
    ({"female_members": {"value": 5, "reason": "补录"}}, "female_members"),
    ({"migrant_members": {"value": 3, "reason": "补录"}}, "migrant_members"),
    ({"units_covered": {"value": 1, "reason": "补录"}}, "units_covered"),
    ({"women_committees": {"value": 2, "reason": "补录"}}, "women_committees"),
    ({"workers_homes": {"value": "abc"}}, "workers_homes"),
])
def test_impossible_figures_are_refused_naming_the_field(rnd, tree, users, changes, field):
    report = report_of(rnd, tree["EA1"])
    before = dict(report.data)
    with pytest.raises(ValidationError) as e:
        services.update_values(users["ea1_staff"], report, changes)
    assert field in e.value.message_dict
    from gonghui.stats.registry import get

    assert str(get(field).name) in " ".join(e.value.message_dict[field])
    report.refresh_from_db()
    assert report.data == before


def test_rate_above_100_is_refused(rnd, tree, users):
    report = report_of(rnd, tree["EA1"])
    # 3 units covered, 2 required: 组建率 150%
    with pytest.raises(ValidationError) as e:
        services.update_values(users["ea1_staff"], report, {
            "units": {"value": 3, "reason": "补录"}, "units_required": {"value": 2, "reason": "补录"},
            "units_covered": {"value": 2, "reason": "补录"}, "covered_employees": {"value": 1, "reason": "补录"},
            "employees": {"value": 10, "reason": "补录"}})
    # members 2 ÷ covered employees 1 = 200%
    assert "members" in e.value.message_dict


def test_warning_when_a_figure_changes_a_lot_from_last_year(tree, users, members):
    root = users["root"]
    last = services.open_round(root, tree["city"], year=YEAR - 1, deadline=DEADLINE)
    old = fill(root, report_of(last, tree["EA1"]), fulltime_cadres={"value": 10})
    services.submit_report(root, old)
    services.accept_report(root, old)
    rnd = services.open_round(root, tree["city"], year=YEAR, deadline=DEADLINE)
    report = report_of(rnd, tree["EA1"])
    report, warnings = services.update_values(users["ea1_staff"], report, {"fulltime_cadres": {"value": 12}})
    assert not [w for w in warnings if w["key"] == "fulltime_cadres"]  # +20%: fine
    report, warnings = services.update_values(users["ea1_staff"], report, {"fulltime_cadres": {"value": 20}})
    flagged = [w for w in warnings if w["key"] == "fulltime_cadres"]
    assert flagged and flagged[0]["previous"] == 10 and flagged[0]["change"] == Decimal("100.0")
    assert report.data["fulltime_cadres"]["v"] == 20  # a warning does not refuse
    # members went from 0 (the 2023 report had none) to 2: nothing to compare against
    assert not [w for w in warnings if w["key"] == "members"]


def test_full_cycle_and_roll_up(rnd, tree, users, a1_staff):
    ea1, ea2 = report_of(rnd, tree["EA1"]), report_of(rnd, tree["EA2"])
    fill(users["ea1_staff"], ea1, fulltime_cadres={"value": 2}, funds_income={"value": "100.25"})
    with pytest.raises(ValidationError) as e:
        services.submit_report(users["a_staff"], ea2)  # entered figures missing
    assert "fulltime_cadres" in e.value.message_dict
    ea1 = services.submit_report(users["ea1_staff"], ea1)
    assert ea1.status == ReportStatus.SUBMITTED and ea1.final["members"] == 2
    with pytest.raises(PermissionDenied):
        services.accept_report(users["ea1_staff"], ea1)  # not on its own report
    with pytest.raises(ValidationError):
        services.return_report(a1_staff, ea1, "  ")  # a comment is required
    ea1 = services.return_report(a1_staff, ea1, "经费收入有误")
    assert ea1.status == ReportStatus.RETURNED and ea1.final is None
    ea1 = fill(users["ea1_staff"], ea1, fulltime_cadres={"value": 2}, funds_income={"value": "200.25"})
    ea1 = services.submit_report(users["ea1_staff"], ea1)
    ea1 = services.accept_report(a1_staff, ea1)
    assert ea1.status == ReportStatus.ACCEPTED and ea1.reviewed_by == a1_staff
    a1 = report_of(rnd, tree["A1"])
    with pytest.raises(ValidationError) as e:
        services.submit_report(a1_staff, a1)
    assert tree["EA2"].name in " ".join(e.value.messages)
    services.accept_report(a1_staff, services.submit_report(users["a_staff"], fill(users["a_staff"], ea2)))
    a1 = services.update_values(a1_staff, a1, {"fulltime_cadres": {"value": 1}})[0]
    a1 = services.submit_report(a1_staff, a1)
    ea1.refresh_from_db()
    ea2.refresh_from_db()
    for ind in ri.stored_items():
        own = services.own_value(ind, a1.data) or 0
        expected = ri.to_number(ind, ea1.final[ind.key]) + ri.to_number(ind, ea2.final[ind.key]) + own
        assert ri.to_number(ind, a1.final[ind.key]) == expected, ind.key
    assert a1.final["fulltime_cadres"] == 2 + 1 + 1
    assert a1.final["funds_income"] == "12545.75"
    assert a1.final["members"] == 2
    with pytest.raises(PermissionDenied):
        services.accept_report(a1_staff, a1)  # the township cannot accept its own report
    a1 = services.accept_report(users["a_staff"], a1)
    a = services.submit_report(users["a_staff"], report_of(rnd, tree["A"]))
    assert a.final["members"] == 2 and a.final["fulltime_cadres"] == 4
    services.accept_report(users["city_admin"], a)
    city = report_of(rnd, tree["city"])
    with pytest.raises(ValidationError) as e:
        services.submit_report(users["city_admin"], city)
    assert tree["B"].name in " ".join(e.value.messages)
    transitions = list(AuditLog.objects.filter(object_id=str(ea1.pk), action="transition").order_by("id")
                       .values_list("transition", flat=True))
    assert transitions == ["submit", "return", "submit", "accept"]


def test_ratio_is_computed_from_the_sums_never_summed(rnd, tree, users, a1_staff):
    root = users["root"]
    ea1, ea2 = report_of(rnd, tree["EA1"]), report_of(rnd, tree["EA2"])
    fill(root, ea1, units={"value": 10, "reason": "普查"}, units_required={"value": 10, "reason": "普查"},
         units_covered={"value": 1, "reason": "普查"}, covered_employees={"value": 100, "reason": "普查"},
         employees={"value": 100, "reason": "普查"})
    fill(root, ea2, units={"value": 1, "reason": "普查"}, units_required={"value": 1, "reason": "普查"},
         units_covered={"value": 1, "reason": "普查"}, covered_employees={"value": 10, "reason": "普查"},
         employees={"value": 10, "reason": "普查"})
    for r in (ea1, ea2):
        services.accept_report(root, services.submit_report(root, r))
    a1 = report_of(rnd, tree["A1"])
    fig = services.figures(a1)
    assert fig["units_covered"] == 2 and fig["units_required"] == 11
    assert fig["unionisation_rate"] == Decimal("18.2")  # 2/11, not the average of 10% and 100%


def test_accepted_report_is_frozen_and_the_difference_shows(rnd, tree, users, client_for):
    from gonghui.members.services import create_member

    root = users["root"]
    ea1 = fill(root, report_of(rnd, tree["EA1"]))
    ea1 = services.accept_report(root, services.submit_report(root, ea1))
    frozen = dict(ea1.final)
    create_member(root, tree["EA1"], member_data(name="新会员", join_date=datetime.date(2024, 6, 1)))
    ea1.refresh_from_db()
    assert ea1.final == frozen and ea1.final["members"] == 2
    assert services.reported(ea1)["members"] == 2
    assert services.live_values(ea1)["members"] == 3
    page = client_for(users["ea1_staff"]).get(f"/reports/{ea1.pk}/").content.decode()
    assert 'data-key="members"' in page and "+1" in page
    with pytest.raises(WorkflowConflict):
        services.update_values(root, ea1, {"fulltime_cadres": {"value": 5}})


def test_two_accepts_one_conflict(rnd, tree, users, a1_staff):
    ea1 = services.submit_report(users["ea1_staff"], fill(users["ea1_staff"], report_of(rnd, tree["EA1"])))
    first = Report.objects.get(pk=ea1.pk)
    second = Report.objects.get(pk=ea1.pk)
    services.accept_report(a1_staff, first)
    with pytest.raises(WorkflowConflict):
        services.accept_report(users["a_staff"], second)
    with pytest.raises(WorkflowConflict):
        services.return_report(users["a_staff"], second, "退回")
    with pytest.raises(WorkflowConflict):
        services.submit_report(users["ea1_staff"], second)
    assert AuditLog.objects.filter(object_id=str(ea1.pk), transition="accept").count() == 1


def test_closed_round_refuses_submission(rnd, tree, users):
    services.close_round(users["root"], rnd)
    with pytest.raises(WorkflowConflict):
        services.submit_report(users["ea1_staff"], fill(users["ea1_staff"], report_of(rnd, tree["EA1"])))


def test_management_command_prints_elapsed_time(tree, users, members):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("report", "open", "--org", "C01", "--year", str(YEAR), "--deadline", "2025-03-31", stdout=out)
    assert "reports=8" in out.getvalue() and "elapsed_s=" in out.getvalue()
