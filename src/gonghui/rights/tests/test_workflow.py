"""The case workflow under the statutory clock: intake and routing, the 15-day rule, extension only with both
parties' consent, overdue flags and the worker's arbitration notice (once), closing, reopening, legal aid."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.rights import daily, services
from gonghui.rights.models import Case, CaseEvent, CaseRouting
from gonghui.rights.testing import make_case, worker

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def test_intake_lands_at_the_union_covering_the_employer(tree, users, unit_ea1, t0):
    case = make_case(users["a_staff"], tree["A"], unit=unit_ea1, now=t0)
    assert case.handling_org == tree["EA1"] and case.received_org == tree["A"]
    assert case.employer_union == tree["EA1"] and case.employer_name == unit_ea1.name
    assert [(r.kind, r.to_org.code) for r in CaseRouting.objects.filter(case=case)] == [
        ("intake", "C01A"), ("down", "C01EA1")]
    assert case.status == "received" and case.deadline is None
    assert case.reference_no.startswith("WQ")


def test_intake_without_a_covering_union_lands_at_the_area_union(tree, users, unit_bare, t0):
    case = make_case(users["a_staff"], tree["A"], unit=unit_bare, now=t0)
    assert case.handling_org == tree["A1"] and case.employer_union is None


def test_intake_skips_a_dissolved_covering_union(tree, users, unit_ea1, t0):
    from gonghui.orgs.services import dissolve_org

    dissolve_org(users["root"], tree["EA1"], "撤销")
    unit_ea1.refresh_from_db()
    case = make_case(users["a_staff"], tree["A"], unit=unit_ea1, now=t0)
    assert case.handling_org == tree["A1"]


def test_new_employer_by_name_stays_where_filed(tree, users, t0):
    case = make_case(users["a_staff"], tree["A1"], employer_name="新开的小饭馆", now=t0)
    assert case.handling_org == tree["A1"] and case.unit is None


def test_intake_needs_staff_and_valid_data(tree, users):
    with pytest.raises(PermissionDenied):
        make_case(users["a_viewer"], tree["A"])
    with pytest.raises(PermissionDenied):
        make_case(users["b_staff"], tree["A"])
    with pytest.raises(ValidationError) as e:
        make_case(users["a_staff"], tree["A"], facts="", amount_claimed="-5", case_type="nonsense")
    assert {"facts", "amount_claimed", "case_type"} <= set(e.value.message_dict)
    with pytest.raises(ValidationError) as e:
        make_case(users["a_staff"], tree["A"], workers=[worker(id_number="110101199003070000")])
    assert "workers" in e.value.message_dict
    assert Case.objects.count() == 0


def test_duplicate_is_flagged_at_intake(tree, users, unit_ea1, t0):
    w = worker()
    first = make_case(users["a_staff"], tree["A"], unit=unit_ea1, workers=[w], now=t0)
    second = make_case(users["a_staff"], tree["A1"], unit=unit_ea1, workers=[dict(w, phone="")], now=t0 + D(days=1))
    assert second.duplicate_of == first
    other_employer = make_case(users["a_staff"], tree["A1"], employer_name="别的公司", workers=[w], now=t0)
    assert other_employer.duplicate_of is None
    services.close_case(users["a_staff"], Case.objects.get(pk=first.pk), "withdrawn", now=t0 + D(days=2))
    services.close_case(users["a_staff"], Case.objects.get(pk=second.pk), "withdrawn", now=t0 + D(days=2))
    third = make_case(users["a_staff"], tree["A"], unit=unit_ea1, workers=[w], now=t0 + D(days=3))
    assert third.duplicate_of is None  # the earlier ones are closed


def test_fifteen_day_clock_overdue_and_arbitration_notice_once(tree, users, unit_ea1, t0, notify_outbox,
                                                              django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return daily.run(now)

    staff = users["a_staff"]
    case = make_case(staff, tree["A"], unit=unit_ea1, now=t0)
    services.accept_case(staff, case, now=t0 + D(hours=2))
    assert case.deadline == t0 + D(hours=2, days=15)
    services.start_mediation(staff, case, "刘调解员", now=t0 + D(days=1))
    # Day 14: not overdue, due soon.
    day14 = t0 + D(days=14)
    assert not case.is_overdue(day14) and case.is_due_soon(day14)
    assert run(day14)["overdue_flagged"] == 0
    # Just past 15 days after acceptance: overdue, worker told once.
    late = t0 + D(days=15, hours=3)
    assert case.is_overdue(late)
    notify_outbox.clear()
    assert run(late)["overdue_flagged"] == 1
    case.refresh_from_db()
    assert case.overdue_at == late and case.arbitration_notice_at == late
    phone = case.workers.get(is_complainant=True).phone
    to_worker = [m for m in notify_outbox if m[0] == phone]
    assert len(to_worker) == 1 and ("仲裁" in to_worker[0][2] or "arbitration" in to_worker[0][2])
    assert CaseEvent.objects.filter(case=case, kind="overdue", public=True).count() == 1
    assert run(late + D(hours=1))["overdue_flagged"] == 0
    assert run(late + D(days=1))["overdue_flagged"] == 0
    assert len([m for m in notify_outbox if m[0] == phone]) == 1


def test_time_travel_with_the_real_clock(tree, users, unit_ea1):
    staff = users["a_staff"]
    with time_machine.travel("2026-05-01 10:00 +0800", tick=False):
        case = make_case(staff, tree["A"], unit=unit_ea1)
        services.accept_case(staff, case)
    with time_machine.travel("2026-05-16 09:00 +0800", tick=False):
        case.refresh_from_db()
        assert not case.is_overdue()
        assert case.days_left() == 0
    with time_machine.travel("2026-05-16 10:01 +0800", tick=False):
        from django.utils import timezone

        case.refresh_from_db()
        assert case.is_overdue()
        daily.run(timezone.now())
        case.refresh_from_db()
        assert case.overdue_at is not None


def test_extension_needs_both_written_consents(tree, users, unit_ea1, t0):
    staff = users["a_staff"]
    case = make_case(staff, tree["A"], unit=unit_ea1, now=t0)
    services.accept_case(staff, case, now=t0)
    services.start_mediation(staff, case, "刘调解员", now=t0)
    new = (t0 + D(days=30)).date()
    with pytest.raises(ValidationError) as e:
        services.extend_deadline(staff, case, new, worker_consent=True, employer_consent=False, consent_note="",
                                 now=t0 + D(days=10))
    assert {"employer_consent", "consent_note"} <= set(e.value.message_dict)
    with pytest.raises(ValidationError) as e:
        services.extend_deadline(staff, case, (t0 + D(days=5)).date(), worker_consent=True, employer_consent=True,
                                 consent_note="双方签字同意", now=t0 + D(days=10))
    assert "new_deadline" in e.value.message_dict
    services.extend_deadline(staff, case, new, worker_consent=True, employer_consent=True,
                             consent_note="2026-03-12 双方签署延期调解同意书", now=t0 + D(days=10))
    case.refresh_from_db()
    assert case.extensions == 1 and case.deadline.date() == new
    # Past the original 15 days but within the extension: nothing flagged.
    assert daily.run(t0 + D(days=20))["overdue_flagged"] == 0
    assert daily.run(t0 + D(days=31))["overdue_flagged"] == 1


def test_extension_after_overdue_allows_a_new_notice(tree, users, unit_ea1, t0):
    staff = users["a_staff"]
    case = make_case(staff, tree["A"], unit=unit_ea1, now=t0)
    services.accept_case(staff, case, now=t0)
    daily.run(t0 + D(days=16))
    case.refresh_from_db()
    first_overdue = case.overdue_at
    services.extend_deadline(staff, case, (t0 + D(days=40)).date(), worker_consent=True, employer_consent=True,
                             consent_note="同意继续调解", now=t0 + D(days=17))
    case.refresh_from_db()
    assert not case.is_overdue(t0 + D(days=20)) and case.overdue_at == first_overdue
    assert daily.run(t0 + D(days=41))["overdue_flagged"] == 1


def test_agreement_with_amounts_then_recovery(tree, users, unit_ea1, t0):
    staff = users["ea1_staff"]
    case = make_case(users["a_staff"], tree["A"], unit=unit_ea1, now=t0)
    services.accept_case(staff, case, now=t0)
    services.start_mediation(staff, case, "王调解员", now=t0)
    services.record_session(staff, case, held_on=(t0 + D(days=3)).date(), mediator="", notes="双方陈述",
                            now=t0 + D(days=3))
    with pytest.raises(ValidationError) as e:
        services.close_case(staff, case, "agreement", now=t0 + D(days=5))
    assert {"agreement_amount", "paying_deadline"} <= set(e.value.message_dict)
    services.close_case(staff, case, "agreement", agreement_amount="12000", paying_deadline=(t0 + D(days=20)).date(),
                        now=t0 + D(days=5))
    case.refresh_from_db()
    assert case.status == "closed" and case.handling_days == 5 and case.agreement_amount == Decimal("12000.00")
    services.record_recovery(staff, case, "8000.50", now=t0 + D(days=21))
    case.refresh_from_db()
    assert case.amount_recovered == Decimal("8000.50")
    # Closed: no more steps of the open workflow.
    with pytest.raises(WorkflowConflict):
        services.accept_case(staff, case, now=t0 + D(days=22))


def test_outcomes_and_their_states(tree, users, t0):
    staff = users["a_staff"]
    a = make_case(staff, tree["A1"], now=t0)
    with pytest.raises(ValidationError):
        services.close_case(staff, a, "rejected", reason="", now=t0)
    services.close_case(staff, a, "rejected", reason="不属于劳动争议", now=t0)
    b = make_case(staff, tree["A1"], now=t0)
    with pytest.raises(WorkflowConflict):  # agreement needs mediation first
        services.close_case(staff, b, "agreement", agreement_amount=1, paying_deadline=t0.date(), now=t0)
    services.accept_case(staff, b, now=t0)
    services.start_mediation(staff, b, "李", now=t0)
    with pytest.raises(ValidationError):
        services.close_case(staff, b, "failed", now=t0)
    services.close_case(staff, b, "failed", referred_to="arbitration", legal_aid_offered=True, now=t0 + D(days=9))
    b.refresh_from_db()
    assert b.outcome == "failed" and b.legal_aid_offered and b.handling_days == 9


def test_reopen_restarts_the_clock(tree, users, t0):
    staff = users["a_staff"]
    case = make_case(staff, tree["A1"], now=t0)
    services.close_case(staff, case, "withdrawn", now=t0 + D(days=1))
    with pytest.raises(ValidationError):
        services.reopen_case(staff, case, "", now=t0 + D(days=2))
    services.reopen_case(staff, case, "职工反映单位未履行", now=t0 + D(days=2))
    case.refresh_from_db()
    assert case.status == "accepted" and case.reopened == 1 and case.outcome == "" and case.closed_at is None
    assert case.deadline == t0 + D(days=17)


def test_race_is_refused(tree, users, t0):
    staff = users["a_staff"]
    case = make_case(staff, tree["A1"], now=t0)
    stale = Case.objects.get(pk=case.pk)
    services.accept_case(staff, case, now=t0)
    with pytest.raises(WorkflowConflict):
        services.accept_case(staff, stale, now=t0)
    assert AuditLog.objects.filter(object_id=str(case.pk), transition="accept").count() == 1


def test_routing_down_up_across_and_the_path(tree, users, t0):
    staff, city = users["a_staff"], users["city_admin"]
    case = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
    with pytest.raises(ValidationError) as e:
        services.route_case(staff, case, "down", tree["EB1"], "交办", now=t0)
    assert "to_org" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.route_case(staff, case, "down", tree["A1"], "", now=t0)
    assert "reason" in e.value.message_dict
    services.route_case(staff, case, "down", tree["A1"], "属地处理", now=t0 + D(hours=1))
    services.route_case(staff, case, "up", tree["A"], "涉及人数多", now=t0 + D(hours=2))
    services.route_case(staff, case, "across", tree["B"], "用人单位在B区", now=t0 + D(hours=3))
    case.refresh_from_db()
    assert case.handling_org == tree["B"]
    with pytest.raises(PermissionDenied):  # district A may not act on it once it is held in B
        services.route_case(staff, case, "down", tree["B1"], "x", now=t0 + D(hours=4))
    services.route_case(city, case, "down", tree["B1"], "街道调处", now=t0 + D(hours=5))
    case.refresh_from_db()
    steps = [(r.kind, r.from_org.code if r.from_org else None, r.to_org.code)
             for r in CaseRouting.objects.filter(case=case)]
    assert steps == [("intake", None, "C01A"), ("down", "C01A", "C01A1"), ("up", "C01A1", "C01A"),
                     ("across", "C01A", "C01B"), ("down", "C01B", "C01B1")]
    assert set(case.path_list()) == {tree[k].path for k in ("A", "A1", "B", "B1")}


def test_legal_aid_referral_and_result(tree, users, t0):
    staff = users["a_staff"]
    case = make_case(staff, tree["A1"], now=t0)
    with pytest.raises(ValidationError):
        services.refer_legal_aid(staff, case, provider_kind="union_lawyer", provider_name="张律师", now=t0)
    services.accept_case(staff, case, now=t0)
    services.start_mediation(staff, case, "李", now=t0)
    services.close_case(staff, case, "failed", referred_to="arbitration", legal_aid_offered=True, now=t0 + D(days=3))
    referral = services.refer_legal_aid(staff, case, provider_kind="legal_aid_centre", provider_name="区法律援助中心",
                                        now=t0 + D(days=4))
    services.record_legal_aid_result(staff, referral, result="arbitration_award", result_on=(t0 + D(days=50)).date(),
                                     amount_awarded="30000", amount_recovered="25000", now=t0 + D(days=60))
    case.refresh_from_db()
    assert case.legal_aid_recovered == Decimal("25000.00") and case.total_recovered == Decimal("25000.00")
    referral.refresh_from_db()
    services.record_legal_aid_result(staff, referral, result="arbitration_award", result_on=(t0 + D(days=50)).date(),
                                     amount_awarded="30000", amount_recovered="30000", now=t0 + D(days=70))
    case.refresh_from_db()
    assert case.legal_aid_recovered == Decimal("30000.00")


def test_reminders_once_a_day(tree, users, t0, notify_outbox, django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return daily.run(now)

    from gonghui.accounts.services import update_official

    update_official(users["root"], users["a_staff"], phone="13900000001")
    staff = users["a_staff"]
    fresh = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
    running = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
    services.accept_case(staff, running, now=t0)
    notify_outbox.clear()
    assert run(t0 + D(days=13))["reminders"] == 1
    msgs = [m for m in notify_outbox if m[0] == "13900000001"]
    assert len(msgs) == 1 and fresh.reference_no in msgs[0][2] and running.reference_no in msgs[0][2]
    assert run(t0 + D(days=13, hours=2))["reminders"] == 0
    assert len([m for m in notify_outbox if m[0] == "13900000001"]) == 1  # once a day
    assert run(t0 + D(days=14))["reminders"] == 1
    assert len([m for m in notify_outbox if m[0] == "13900000001"]) == 2


def test_audit_keeps_an_empty_choice_empty(tree, users, unit_ea1, t0):
    """A case not yet rated has no satisfaction: its change log says nothing, not the text "None"."""
    case = make_case(users["a_staff"], tree["A"], unit=unit_ea1, now=t0)
    entry = AuditLog.objects.filter(object_id=str(case.pk), action="create").latest("id")
    assert entry.after["satisfaction"] is None
    assert "None" not in [str(after) for _label, _before, after in entry.changed_fields()]
