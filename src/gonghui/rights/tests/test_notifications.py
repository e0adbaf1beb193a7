"""Messages (SMS/e-mail through gonghui.core.notify) leave only when the write commits: a write or a daily step
that rolls back sends nothing, and its "sent once" marks roll back with it, so the next run sends them once."""

import datetime

import pytest
from django.db import transaction

from gonghui.rights import daily, services, verification
from gonghui.rights.models import Case, VerificationCode
from gonghui.rights.testing import make_case

pytestmark = pytest.mark.django_db

D = datetime.timedelta


class Boom(Exception):
    pass


@pytest.fixture
def staff_phone(users):
    from gonghui.accounts.services import update_official

    update_official(users["root"], users["a_staff"], phone="13900000011")
    return "13900000011"


def test_messages_wait_for_the_commit(tree, users, t0, notify_outbox, staff_phone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_case(users["a_staff"], tree["A"], handling_org=tree["A"], now=t0)
    assert len(callbacks) == 1 and notify_outbox == []  # queued, not sent before the commit
    callbacks[0]()
    assert [m[0] for m in notify_outbox] == [staff_phone]


def test_a_rolled_back_write_sends_nothing(tree, users, t0, notify_outbox, staff_phone,
                                           django_capture_on_commit_callbacks):
    staff = users["a_staff"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            case = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)  # tells A's staff
            services.accept_case(staff, case, now=t0)  # tells the worker
            raise Boom
    assert callbacks == [] and notify_outbox == []
    assert not Case.objects.exists()
    # The same writes committed send both messages.
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
        services.accept_case(staff, case, now=t0)
    worker_phone = case.workers.get(is_complainant=True).phone
    assert sorted(m[0] for m in notify_outbox) == sorted([staff_phone, worker_phone])


def test_a_savepoint_rolled_back_inside_a_committed_write_sends_nothing(tree, users, t0, notify_outbox, staff_phone,
                                                                       django_capture_on_commit_callbacks):
    staff = users["a_staff"]
    with django_capture_on_commit_callbacks(execute=True):
        kept = make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
        with pytest.raises(Boom), transaction.atomic():
            make_case(staff, tree["A"], handling_org=tree["A"], now=t0)
            raise Boom
    assert len(notify_outbox) == 1 and kept.reference_no in notify_outbox[0][2]


def test_a_rolled_back_daily_step_sends_nothing_and_the_next_sends_once(tree, users, unit_ea1, t0, notify_outbox,
                                                                       staff_phone,
                                                                       django_capture_on_commit_callbacks):
    staff = users["a_staff"]
    case = make_case(staff, tree["A"], unit=unit_ea1, now=t0)
    services.accept_case(staff, case, now=t0)
    phone = case.workers.get(is_complainant=True).phone
    late = t0 + D(days=16)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            assert daily.flag_overdue(late) == 1
            raise Boom
    case.refresh_from_db()
    assert notify_outbox == [] and case.arbitration_notice_at is None  # the mark rolled back with the message
    for _i in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            daily.flag_overdue(late + D(hours=1))
    case.refresh_from_db()
    assert case.arbitration_notice_at == late + D(hours=1)
    assert len([m for m in notify_outbox if m[0] == phone]) == 1


def test_a_rolled_back_reminder_round_sends_nothing(tree, users, t0, notify_outbox, staff_phone,
                                                   django_capture_on_commit_callbacks):
    make_case(users["a_staff"], tree["A"], handling_org=tree["A"], now=t0)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            assert daily.remind_officials(t0 + D(days=1)) == 1
            raise Boom
    assert notify_outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.remind_officials(t0 + D(days=1)) == 1
        assert daily.remind_officials(t0 + D(days=1, hours=1)) == 0
    assert [m[0] for m in notify_outbox] == [staff_phone]


def test_a_rolled_back_warning_escalation_sends_nothing(tree, users, t0, notify_outbox,
                                                       django_capture_on_commit_callbacks):
    from gonghui.accounts.services import update_official

    update_official(users["root"], users["a_staff"], phone="13900000012")  # a_staff acts for A
    warning = services.raise_warning(users["ea1_staff"], tree["EA1"], {
        "kind": "closure", "title": "拟关停", "description": "企业拟关停", "workers_involved": 200}, now=t0)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            assert daily.escalate_warnings(t0 + D(hours=25)) == 1
            raise Boom
    warning.refresh_from_db()
    assert notify_outbox == [] and warning.escalations == 0 and warning.report_to == tree["A1"]
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.escalate_warnings(t0 + D(hours=25)) == 1
    assert [m[0] for m in notify_outbox] == ["13900000012"]


def test_a_rolled_back_code_request_sends_no_code(t0, notify_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            verification.send_code("13800000000", "p", now=t0)
            raise Boom
    assert notify_outbox == [] and not VerificationCode.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        verification.send_code("13800000000", "p", now=t0)
    assert [m[0] for m in notify_outbox] == ["13800000000"]


def test_a_failing_gateway_does_not_undo_the_committed_write(tree, users, t0, settings, staff_phone,
                                                            django_capture_on_commit_callbacks):
    settings.GONGHUI_NOTIFY_BACKEND = "gonghui.rights.tests.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(users["a_staff"], tree["A"], handling_org=tree["A"], now=t0)
    assert Case.objects.filter(pk=case.pk).exists()


class BrokenBackend:
    def send(self, recipient, subject, body):
        raise ConnectionError("SMS gateway down")
