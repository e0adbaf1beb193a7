"""Offers to bargain (要约): the pages and API, the rules, the reply date and its reminder (time travel), the
workbench and the indicators."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests, make_credit_code
from gonghui.core.workbench import todo
from gonghui.orgs.models import EmployerUnit
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

from .. import daily, services
from ..models import Offer
from ..testing import employer_of

pytestmark = pytest.mark.django_db
D = datetime.timedelta


class TestOfferViews(ModelViewTests):
    model = Offer
    list_url_name = "bargaining:offer_list"
    detail_url_name = "bargaining:offer_detail"
    edit_url_name = "bargaining:offer_edit"
    api_path = "/api/v1/bargaining-offers/"

    def form_data(self, obj, marker):
        return {"coverage": "employer", "employers": [e.pk for e in obj.employers.all()],
                "topics": ["wages", "women"], "content": marker}

    def check_saved(self, obj, marker):
        assert obj.content == marker and obj.topics == ["wages", "women"]

    def api_payload(self, tree, marker):
        # Written straight (no change-log entry), so the refused writes leave the log as it was.
        unit = EmployerUnit.objects.filter(union=tree["EA2"]).first() or EmployerUnit.objects.create(
            name="第二机械有限公司", credit_code=make_credit_code(), ownership="private", industry="C",
            employee_count=60, area_org=tree["A1"], union=tree["EA2"])
        return {"org": tree["EA2"].pk, "coverage": "employer", "employers": [unit.pk], "topics": ["wages"],
                "content": marker}

    def api_update(self, obj, marker):
        return {"content": marker}


@pytest.fixture
def unit_ea1(tree, users):
    return employer_of(tree["EA1"], users["root"])


@pytest.fixture
def unit_ea2(tree, users):
    return employer_of(tree["EA2"], users["root"], name="第二机械有限公司")


def _offer(users, org, units, **kw):
    return services.save_offer(users["root"], None, org=org, employers=units, topics=kw.pop("topics", ["wages"]), **kw)


def test_rules_refuse_bad_offers_with_a_message_on_the_field(tree, users, unit_ea1, unit_ea2):
    from django.core.exceptions import ValidationError

    outside = employer_of(tree["EB1"], users["root"], name="外区有限公司")
    cases = [
        ({"org": tree["A"], "employers": [unit_ea1], "topics": []}, "topics"),
        ({"org": tree["A"], "employers": [], "topics": ["wages"]}, "employers"),
        ({"org": tree["A"], "employers": [unit_ea1, unit_ea2], "topics": ["wages"]}, "employers"),  # one employer only
        ({"org": tree["A"], "coverage": "regional", "employers": [unit_ea1], "topics": ["wages"]}, "employers"),
        ({"org": tree["A"], "employers": [outside], "topics": ["wages"]}, "employers"),  # outside the user's scope
        ({"org": tree["EA1"], "on_behalf_of": tree["EA1"], "employers": [unit_ea1], "topics": ["wages"]},
         "on_behalf_of"),  # not on its own behalf
        ({"org": tree["EA1"], "on_behalf_of": tree["A"], "employers": [unit_ea1], "topics": ["wages"]},
         "on_behalf_of"),  # only for a union below
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as err:
            services.save_offer(users["a_staff"], None, **kwargs)
        assert field in err.value.message_dict, kwargs
    assert not Offer.objects.exists()
    ok = services.save_offer(users["a_staff"], None, org=tree["A"], on_behalf_of=tree["EA1"], coverage="regional",
                             employers=[unit_ea1, unit_ea2], topics=["women", "wages"])
    assert ok.acting and ok.topics == ["wages", "women"] and ok.employers.count() == 2


def test_send_sets_the_reply_date_and_the_reply_is_checked(tree, users, unit_ea1, settings):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    o = services.send_offer(users["a_staff"], _offer(users, tree["EA1"], [unit_ea1]), sent_on=today - D(days=3))
    assert o.status == "sent" and o.reply_due == today - D(days=3) + D(days=20)
    settings.GONGHUI_OFFER_REPLY_DAYS = 30
    o2 = services.send_offer(users["a_staff"], _offer(users, tree["EA1"], [unit_ea1]))
    assert o2.reply_due == today + D(days=30)
    with pytest.raises(ValidationError) as err:
        services.send_offer(users["a_staff"], _offer(users, tree["EA1"], [unit_ea1]), sent_on=today + D(days=1))
    assert "sent_on" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.answer_offer(users["a_staff"], o, replied_on=today - D(days=5), reply="accepted")
    assert "replied_on" in err.value.message_dict
    o = services.answer_offer(users["a_staff"], o, replied_on=today, reply="counter", reply_note="推迟")
    assert o.status == "answered" and o.reply == "counter"
    with pytest.raises(WorkflowConflict):
        services.withdraw_offer(users["a_staff"], o)
    assert AuditLog.objects.filter(object_id=str(o.pk), transition="answer").count() == 1


def test_pages_send_and_answer(tree, users, unit_ea1, client_for):
    c = client_for(users["a_staff"])
    r = c.post(reverse("bargaining:offer_add"), {"org": tree["EA1"].pk, "coverage": "employer",
                                                "employers": [unit_ea1.pk], "topics": ["wages", "hours"]})
    assert r.status_code == 302
    o = Offer.objects.get()
    assert c.post(reverse("bargaining:offer_send", args=[o.pk]), {"sent_on": timezone.localdate()}).status_code == 302
    r = c.post(reverse("bargaining:offer_answer", args=[o.pk]),
               {"replied_on": (timezone.localdate() + D(days=2)).isoformat(), "reply": "accepted"})
    assert r.status_code == 200 and "日期不能晚于今天" in r.content.decode()
    r = c.post(reverse("bargaining:offer_answer", args=[o.pk]),
               {"replied_on": timezone.localdate().isoformat(), "reply": "accepted"})
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.status == "answered"
    assert c.get(reverse("bargaining:offer_list") + "?answered=yes&topic=hours").context["table"].rows[0].record == o
    assert c.get(reverse("bargaining:offer_list") + "?topic=women").context["table"].page.paginator.count == 0


def test_api_actions(tree, users, unit_ea1, api_for):
    api = api_for(users["a_staff"])
    o = _offer(users, tree["EA1"], [unit_ea1])
    path = f"/api/v1/bargaining-offers/{o.pk}/"
    assert api.post(path + "send/", {"sent_on": timezone.localdate().isoformat()}, format="json").status_code == 200
    r = api.post(path + "answer/", {"replied_on": timezone.localdate().isoformat(), "reply": "refused"},
                 format="json")
    assert r.status_code == 200 and r.json()["status"] == "answered" and r.json()["reply"] == "refused"
    assert api.post(path + "withdraw/", {}, format="json").status_code == 409


def test_overdue_offer_is_flagged_reminded_once_and_on_the_workbench(tree, users, unit_ea1, outbox,
                                                                    django_capture_on_commit_callbacks):
    type(tree["EA1"]).objects.filter(pk=tree["EA1"].pk).update(contact_phone="025-84561234")  # where it is sent
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        o = services.send_offer(users["a_staff"], _offer(users, tree["EA1"], [unit_ea1]))
        assert o.reply_due == datetime.date(2026, 3, 21)
        assert daily.run(timezone.now())["bargaining_offers_overdue_reminded"] == 0
    with time_machine.travel("2026-03-18 09:00 +0800", tick=False):
        keys = {i.key: i.count for i in todo(users["a_staff"])}
        assert keys.get("bargaining_offers_due") == 1 and "bargaining_offers_overdue" not in keys
    with time_machine.travel("2026-03-22 09:00 +0800", tick=False):
        keys = {i.key: i.count for i in todo(users["a_staff"])}
        assert keys.get("bargaining_offers_overdue") == 1
        before = len(outbox)
        with django_capture_on_commit_callbacks(execute=True):
            assert daily.run(timezone.now())["bargaining_offers_overdue_reminded"] == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert daily.run(timezone.now())["bargaining_offers_overdue_reminded"] == 0  # idempotent
        assert len(outbox) > before and any(o.reference_no in str(m) for m in outbox[before:])
        sent = len(outbox)
        assert daily.run(timezone.now() + D(days=1))["bargaining_offers_overdue_reminded"] == 0
        assert len(outbox) == sent
        o.refresh_from_db()
        assert o.status == "sent" and o.overdue_reminded_on == datetime.date(2026, 3, 22)
        assert todo(users["b_staff"]) == [] or "bargaining_offers_overdue" not in {
            i.key for i in todo(users["b_staff"])}


def test_indicators_equal_their_recounts(tree, users, unit_ea1, unit_ea2):
    today = timezone.localdate()
    eb = employer_of(tree["EB1"], users["root"], name="乙区企业")
    a = services.send_offer(users["root"], _offer(users, tree["EA1"], [unit_ea1]), sent_on=today - D(days=30))
    services.answer_offer(users["root"], a, replied_on=today - D(days=20), reply="accepted")
    services.send_offer(users["root"], _offer(users, tree["A"], [unit_ea2], on_behalf_of=tree["EA2"]),
                        sent_on=today - D(days=25))  # overdue
    services.send_offer(users["root"], _offer(users, tree["EB1"], [eb]), sent_on=today - D(days=1))
    _offer(users, tree["EA1"], [unit_ea1])  # a draft: not sent
    period = Period("custom", today - D(days=60), today)
    keys = ["bargaining_offers_sent", "bargaining_offers_sent_direct", "bargaining_offers_sent_acting",
            "bargaining_offers_answered", "bargaining_offer_answer_rate", "bargaining_offers_overdue"]
    ctx = StatsContext(period, "total")
    for org in (tree["city"], tree["A"], tree["EA1"], tree["EA2"], tree["B"]):
        for key in keys:
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    city, dist_a = tree["city"].pk, tree["A"].pk
    assert ctx.values("bargaining_offers_sent", [city])[city] == 3
    assert ctx.values("bargaining_offers_sent_acting", [dist_a])[dist_a] == 1
    assert ctx.values("bargaining_offers_answered", [city])[city] == 1
    assert ctx.values("bargaining_offers_overdue", [city])[city] == 1
    assert get("bargaining_offers_overdue").url(tree["A"], period).startswith(reverse("bargaining:offer_list"))


def test_the_header_search_finds_an_offer_by_its_employer(tree, users, unit_ea1, client_for):
    o = _offer(users, tree["EA1"], [unit_ea1])
    c = client_for(users["a_staff"])
    assert o.reference_no in c.get(reverse("core:search"), {"q": unit_ea1.name}).content.decode()
    assert o.reference_no not in client_for(users["b_staff"]).get(reverse("core:search"),
                                                                  {"q": unit_ea1.name}).content.decode()
