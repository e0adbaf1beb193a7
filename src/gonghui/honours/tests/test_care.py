"""The care side of honours: rest-trip and health-check rounds (places, one sign-up each, living model workers of
the union's subtree, attendance once started), visits and grants (a study grant names the student; after a death
only a visit to the family), their indicators against the recount and the records they open, and the model
worker's own record in the member portal (read only)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.honours import services
from gonghui.honours.testing import make_care_round, make_worker
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC), tick=False)


def _errors(fn):
    with pytest.raises(ValidationError) as e:
        fn()
    return e.value.message_dict


def test_sign_up_within_places_once_living_and_below_then_attendance(tree, users, api_for):
    staff = users["a_staff"]
    rnd = make_care_round(staff, tree["A"], places=2, starts_on=D(2026, 5, 10))
    a, b, c = (make_worker(staff, tree["EA1"], name=n) for n in ("甲", "乙", "丙"))
    dead = make_worker(staff, tree["EA2"], name="丁")
    services.record_death(staff, dead, D(2026, 1, 1))
    outside = make_worker(users["root"], tree["EB1"], name="戊")
    services.enrol(staff, rnd, a)
    assert "worker" in _errors(lambda: services.enrol(staff, rnd, a))  # once
    assert "worker" in _errors(lambda: services.enrol(staff, rnd, dead))  # living only
    assert "worker" in _errors(lambda: services.enrol(staff, rnd, outside))  # the union's subtree only
    api = api_for(staff)
    url = f"/api/v1/model-worker-care-rounds/{rnd.pk}/"
    assert api.post(url + "enrol/", {"worker": b.pk}, format="json").status_code == 200
    assert "worker" in _errors(lambda: services.enrol(staff, rnd, c))  # the places are taken
    with at(D(2026, 5, 1)):
        assert "attended" in _errors(lambda: services.record_attendance(staff, rnd, [rnd.participants.first()]))
    with at(D(2026, 5, 20)):
        r = api.post(url + "attend/", {"attended": [a.pk]}, format="json")
    assert r.status_code == 200, r.content
    rnd.refresh_from_db()
    assert (rnd.status, rnd.signed_up, rnd.attended) == ("done", 2, 1)
    assert dict(rnd.participants.values_list("worker__name", "attended")) == {"甲": True, "乙": False}
    assert api.post(url + "enrol/", {"worker": c.pk}, format="json").status_code in (400, 403, 409)  # done


def test_visits_and_grants_are_checked(tree, users):
    staff = users["a_staff"]
    worker = make_worker(staff, tree["EA1"])
    outside = make_worker(users["root"], tree["EB1"], name="外")

    def save(**kw):
        data = {"org": tree["A"], "worker": worker, "kind": "holiday_visit", "occasion": "春节慰问",
                "given_on": D(2026, 1, 25), "amount": "500", **kw}
        return services.save_support(staff, None, **data)

    assert "beneficiary" in _errors(lambda: save(kind="study_grant", occasion="助学", amount="3000"))
    assert "amount" in _errors(lambda: save(kind="study_grant", amount="", beneficiary="王小明"))
    assert "amount" in _errors(lambda: save(amount="-1"))
    assert "given_on" in _errors(lambda: save(given_on=D(2099, 1, 1)))
    with pytest.raises(Exception):  # noqa: B017 - outside the scope: refused (PermissionDenied)
        save(org=tree["B"], worker=outside)
    services.record_death(staff, worker, D(2026, 2, 1))
    assert "given_on" in _errors(lambda: save(kind="one_off", given_on=D(2026, 3, 1)))
    assert save(given_on=D(2026, 3, 1)).amount == Decimal("500.00")  # a visit to the family


def test_care_indicators_equal_their_recount_and_open_their_records(tree, users, client_for):
    staff = users["a_staff"]
    named = (("EA1", "周大勇"), ("EA2", "吴小燕"), ("EA1", "郑国华"))
    workers = [make_worker(staff, tree[c], name=n) for c, n in named]
    trip = make_care_round(staff, tree["A"], places=3, starts_on=D(2026, 5, 10), name="海滨疗休养团")
    check = make_care_round(staff, tree["EA1"], kind="health_check", places=5, starts_on=D(2026, 6, 1),
                            name="春季查体团")
    for w in workers:
        services.enrol(staff, trip, w) if w.org.path.startswith(trip.org.path) else None
    services.enrol(staff, check, workers[0])
    make_care_round(staff, tree["A"], places=9, starts_on=D(2026, 7, 1), name="秋季疗养团")  # open: not counted
    with at(D(2026, 7, 20)):
        services.record_attendance(staff, trip, list(trip.participants.all()[:2]))
        services.record_attendance(staff, check, list(check.participants.all()))
    for w, kind, amount in ((workers[0], "holiday_visit", "500"), (workers[1], "sick_visit", "300"),
                            (workers[2], "study_grant", "2000")):
        services.save_support(staff, None, org=w.org, worker=w, kind=kind, occasion="慰问", given_on=D(2026, 2, 1),
                              amount=amount, beneficiary="王小明")
    period = Period.year(2026)
    keys = ("model_worker_rest_trip_places", "model_worker_rest_trip_attended", "model_worker_health_check_places",
            "model_worker_health_check_attended", "model_worker_visits", "model_worker_visits_amount",
            "model_worker_study_grants")
    orgs = [tree[c] for c in ("city", "A", "B", "EA1", "EA2")]
    ctx = StatsContext(period, "total")
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, period), (key, org.code)
    a = tree["A"].pk
    assert [ctx.value(k, a) for k in keys] == [3, 2, 5, 1, 2, 800, 2000]
    client = client_for(staff)
    html = client.get(get("model_worker_rest_trip_attended").url(tree["A"], period)).content.decode()
    assert "海滨疗休养团" in html and "秋季疗养团" not in html and "春季查体团" not in html
    html = client.get(get("model_worker_visits").url(tree["A"], period)).content.decode()
    assert "周大勇" in html and "吴小燕" in html and "郑国华" not in html


def test_model_worker_sees_their_own_record_in_the_portal(members, users, tree, client):
    from gonghui.accounts.services import open_member_account

    staff, member = users["a_staff"], members["ea1_a"]
    worker = make_worker(staff, tree["EA1"], name=member.name, id_number=member.id_number)
    services.add_title(staff, worker, "区劳动模范", "district", 2024, "LM2024-7")
    rnd = make_care_round(staff, tree["A"], name="海滨疗休养")
    services.enrol(staff, rnd, worker)
    services.save_support(staff, None, org=tree["A"], worker=worker, kind="holiday_visit", occasion="中秋慰问",
                          given_on=D(2026, 9, 20), amount="600", notes="内部备注")
    client.force_login(open_member_account(member), backend="django.contrib.auth.backends.ModelBackend")
    home = client.get(reverse("portal:home")).content.decode()
    assert "区劳动模范" in home and reverse("honours_portal:home") in home
    html = client.get(reverse("honours_portal:home")).content.decode()
    assert "LM2024-7" in html and "海滨疗休养" in html and "中秋慰问" in html
    assert "内部备注" not in html and worker.bank_account not in html
    client.force_login(open_member_account(members["ea1_b"]), backend="django.contrib.auth.backends.ModelBackend")
    assert "区劳动模范" not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("honours_portal:home")).status_code == 404


def test_a_model_worker_in_hardship_links_to_the_hardship_archive(tree, users, client_for):
    client = client_for(users["a_admin"])
    known = make_worker(users["a_staff"], tree["EA1"], in_hardship=True, hardship_archive_no="KN2026000123")
    page = client.get(reverse("honours:worker_detail", args=[known.pk])).content.decode()
    assert f'{reverse("hardship:archive_list")}?q=KN2026000123' in page
    plain = make_worker(users["a_staff"], tree["EA1"], name="赵志强")
    assert 'id="worker-hardship"' not in client.get(reverse("honours:worker_detail", args=[plain.pk])).content.decode()
