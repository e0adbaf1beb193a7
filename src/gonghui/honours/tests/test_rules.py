"""Honours' own rules: quotas, one recommendation of a person per round (service and constraint), the public
notice (time travel) and objections, the award into the registry, payment runs (computed, no double payment, none
to the deceased), the census and its reminder, the API's steps, and the indicators against their recount."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import make_id_number
from gonghui.honours import daily, services
from gonghui.honours.models import ModelWorker, PaymentLine, Recommendation
from gonghui.honours.testing import make_round, make_rule, make_worker, recommend
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False)


def _errors(fn):
    with pytest.raises(ValidationError) as e:
        fn()
    return e.value.message_dict


@pytest.fixture
def rnd(tree, users):
    r = make_round(users["root"], tree["A"], level="district")
    services.set_quota(users["a_staff"], r, tree["EA1"], 2)
    services.set_quota(users["a_staff"], r, tree["EA2"], 1)
    return r


def test_quota_and_one_recommendation_per_person(tree, users, rnd):
    staff, ea1 = users["a_staff"], tree["EA1"]
    person = make_id_number(seq=123)
    recommend(staff, rnd, ea1, "王一", id_number=person)
    e = _errors(lambda: recommend(staff, rnd, tree["EA2"], "王一", id_number=person))
    assert "id_number" in e  # twice in one round, whoever recommends
    recommend(staff, rnd, ea1, "王二")
    e = _errors(lambda: recommend(staff, rnd, ea1, "王三"))
    assert "org" in e and "2" in e["org"][0]  # quota used up
    assert "org" in _errors(lambda: recommend(staff, rnd, tree["A1"], "王四"))  # no quota at all
    assert "quota" in _errors(lambda: services.set_quota(staff, rnd, ea1, 1))  # below what is used
    # The constraint holds under the service too.
    first = Recommendation.objects.filter(round=rnd).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(round=rnd, org=tree["EA2"], nominee="x", id_hash=first.id_hash, employer="e",
                                      deeds="d", meeting="m", meeting_on=D(2026, 3, 1), votes_for=1, votes_total=1)


def test_democratic_review_is_checked(tree, users, rnd):
    staff, ea1 = users["a_staff"], tree["EA1"]
    assert "votes_for" in _errors(lambda: recommend(staff, rnd, ea1, votes_for=20, votes_total=40))
    assert "votes_for" in _errors(lambda: recommend(staff, rnd, ea1, votes_for=41, votes_total=40))
    assert "id_number" in _errors(lambda: recommend(staff, rnd, ea1, id_number="110101199001011234"))
    assert "id_number" in _errors(lambda: recommend(staff, rnd, ea1, id_number=""))


def test_notice_period_objection_approval_and_award(tree, users, rnd):
    staff, ea1_staff = users["a_staff"], users["ea1_staff"]
    rec = recommend(ea1_staff, rnd, tree["EA1"], "赵铁柱")
    with pytest.raises(PermissionDenied):  # the recommending union cannot pass its own review above
        services.review(ea1_staff, rec, "")
    rec = services.review(staff, rec, "事迹突出")
    with at(D(2026, 4, 1)):
        rec = services.put_on_notice(staff, rec)
    assert (rec.notice_start, rec.notice_end) == (D(2026, 4, 1), D(2026, 4, 5))  # five days
    with at(D(2026, 4, 3)):
        rec = services.record_objection(staff, rec, "群众反映加班记录不实")
        assert _errors(lambda: services.approve(staff, rec))  # an objection is open
        rec = services.resolve_objection(staff, rec, "经核实，反映不实")
    with at(D(2026, 4, 5)):
        assert "approved_on" in _errors(lambda: services.approve(staff, rec))  # notice still runs today
    with at(D(2026, 4, 6)):
        rec = services.approve(staff, rec)
        rec = services.award(staff, rec, "QX2026-001")
    assert rec.status == "awarded" and rec.worker is not None
    worker = rec.worker
    assert worker.org == tree["EA1"] and worker.level == "district" and worker.titles.get().certificate_no == \
        "QX2026-001"
    other = recommend(staff, rnd, tree["EA2"], "钱二")
    other = services.review(staff, other)
    with at(D(2026, 4, 1)):
        other = services.put_on_notice(staff, other)
    with at(D(2026, 4, 7)):
        other = services.approve(staff, other)
        assert "certificate_no" in _errors(lambda: services.award(staff, other, "QX2026-001"))


def _paid_worker(users, tree, **kw):
    return make_worker(users["root"], tree["EA1"], **kw)


def test_payment_run_from_rules_no_double_payment_none_to_the_deceased(tree, users):
    staff, a = users["a_staff"], tree["A"]
    make_rule(staff, a, amount="300")
    make_rule(staff, a, worker_status="retired", kind="retirement", amount="500")
    w1 = _paid_worker(users, tree, name="甲")
    w2 = _paid_worker(users, tree, name="乙")
    w3 = _paid_worker(users, tree, name="丙")
    services.retire(staff, w3)
    with at(D(2026, 5, 20)):
        run = services.create_run(staff, a, D(2026, 5, 3))
        assert run.period == D(2026, 5, 1) and run.people == 3 and str(run.total) == "1100.00"
        assert "period" in _errors(lambda: services.create_run(staff, a, D(2026, 5, 1)))  # a second run
        assert "period" in _errors(lambda: services.create_run(staff, a, D(2026, 6, 1)))  # the future
        # A run of a union below for the same month pays no one twice.
        make_rule(staff, tree["A1"], amount="100")
        below = services.create_run(staff, tree["A1"], D(2026, 5, 1))
        assert below.people == 0 and below.total == 0
        services.record_death(staff, w2, D(2026, 5, 10))
        run = services.pay_run(staff, run)
    assert run.status == "paid" and run.people == 2 and str(run.total) == "800.00"
    assert not PaymentLine.objects.filter(worker=w2).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(run=below, worker=w1, period=D(2026, 5, 1), kind="monthly", amount=1)
    with at(D(2026, 6, 20)):
        june = services.create_run(staff, a, D(2026, 6, 1))
    assert june.people == 2 and not june.lines.filter(worker=w2).exists()


def test_a_one_off_award_rule_pays_each_worker_once(tree, users):
    staff, a = users["a_staff"], tree["A"]
    make_rule(staff, a, kind="one_off", amount="2000")
    first = _paid_worker(users, tree, name="周")
    with at(D(2026, 5, 20)):
        may = services.create_run(staff, a, D(2026, 5, 1))
    assert may.people == 1 and str(may.total) == "2000.00"
    second = _paid_worker(users, tree, name="吴")
    with at(D(2026, 6, 20)):
        june = services.create_run(staff, a, D(2026, 6, 1))
    assert list(june.lines.values_list("worker", "kind")) == [(second.pk, "one_off")]  # not the first again
    assert PaymentLine.objects.filter(worker=first, kind="one_off").count() == 1


def test_bank_file_only_for_those_who_may_reveal(tree, users, client_for):
    staff = users["a_staff"]
    make_rule(staff, tree["A"])
    w = _paid_worker(users, tree, name="孙")
    with at(D(2026, 5, 20)):
        run = services.create_run(staff, tree["A"], D(2026, 5, 1))
    url = reverse("honours:run_bank_file", args=[run.pk])
    assert client_for(users["a_viewer"]).get(url).status_code == 403
    body = client_for(staff).get(url).content.decode("utf-8-sig")
    assert w.bank_account in body and "300.00" in body


def test_yearly_census_and_its_reminder(tree, users, mailoutbox=None):
    staff = users["a_staff"]
    with at(D(2026, 1, 10)):
        w = _paid_worker(users, tree, name="周")
    w.census_year = 2025
    w.save()
    assert daily.run(datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)) == {"census_reminders": 0}  # before March
    assert daily.run(datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)) == {"census_reminders": 1}
    assert daily.run(datetime.datetime(2026, 3, 3, tzinfo=datetime.UTC)) == {"census_reminders": 0}  # once
    with at(D(2026, 3, 5)):
        assert "year" in _errors(lambda: services.confirm_census(staff, w, 2027))  # not a year to come
        assert "year" in _errors(lambda: services.confirm_census(staff, w, 40000))
        services.confirm_census(staff, w)
    w.refresh_from_db()
    assert w.census_year == 2026
    assert not ModelWorker.objects.filter(pk=w.pk).exclude(census_year__gte=2026).exists()


def test_reissued_certificate_is_recorded(tree, users):
    staff = users["a_staff"]
    w = _paid_worker(users, tree, name="吴")
    title = services.add_title(staff, w, "区劳动模范", "district", 2020, "OLD-1")
    assert "name" in _errors(lambda: services.add_title(staff, w, "区劳动模范", "district", 2020))
    services.reissue_certificate(staff, w, title, "NEW-1", "遗失")
    title.refresh_from_db()
    assert title.certificate_no == "NEW-1" and title.reissued_on is not None


def test_api_steps_from_recommendation_to_award(tree, users, api_for, rnd):
    api = api_for(users["a_staff"])
    rec = recommend(users["ea1_staff"], rnd, tree["EA1"], "冯")
    base = f"/api/v1/honour-recommendations/{rec.pk}/"
    assert api.post(base + "review/", {"note": "同意"}, format="json").status_code == 200
    with at(D(2026, 4, 1)):
        assert api.post(base + "notice/", {}, format="json").status_code == 200
    with at(D(2026, 4, 3)):
        r = api.post(base + "approve/", {}, format="json")
        assert r.status_code == 400, r.content
    with at(D(2026, 4, 10)):
        assert api.post(base + "approve/", {}, format="json").status_code == 200
        r = api.post(base + "award/", {"certificate_no": "API-1"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "awarded"
    r = api.post(base + "award/", {"certificate_no": "API-2"}, format="json")
    assert r.status_code == 409


def test_indicators_equal_their_recount(tree, users, rnd):
    staff = users["a_staff"]
    rec = recommend(staff, rnd, tree["EA1"], "陈")
    rec = services.review(staff, rec)
    with at(D(2026, 4, 1)):
        rec = services.put_on_notice(staff, rec)
    with at(D(2026, 4, 10)):
        rec = services.approve(staff, rec)
        services.award(staff, rec, "IND-1")
    _paid_worker(users, tree, name="褚", in_hardship=True, hardship_archive_no="KN0001")
    dead = make_worker(users["root"], tree["EB1"], name="卫")
    services.record_death(users["root"], dead, D(2026, 1, 1))
    make_rule(staff, tree["A"])
    with at(D(2026, 4, 20)):
        run = services.create_run(staff, tree["A"], D(2026, 4, 1))
        services.pay_run(staff, run)
    period = Period.year(2026)
    keys = ("model_workers", "model_workers_district", "model_workers_in_hardship", "honours_awarded",
            "honours_awarded_district", "model_worker_allowances_paid", "model_workers_working")
    orgs = [tree[c] for c in ("city", "A", "B", "A1", "EA1", "EB1")]
    ctx = StatsContext(period, "total")
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, period), (key, org.code)
    assert ctx.value("model_workers", tree["city"].pk) == 2
    assert ctx.value("honours_awarded", tree["A"].pk) == 1
    assert ctx.value("model_worker_allowances_paid", tree["A"].pk) == 600


def test_demo_loads_through_the_services(tree, users):
    from gonghui.honours import demo
    from gonghui.honours.models import PaymentRun

    names = iter(["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八", "壬九", "癸十"])
    ctx = {"admin": users["root"], "root": tree["city"], "district": tree["A"], "union": tree["EA1"],
           "others": [tree["EA2"]], "today": timezone.localdate(), "person_name": lambda g: next(names),
           "log": lambda text: None}
    result = demo.load(ctx)
    assert result == {"recommendations": 4, "model_workers": 6}
    assert PaymentRun.objects.filter(status="paid").count() == 1
    assert not PaymentLine.objects.filter(worker__status="deceased", run__status="paid").exists()
