"""Negotiation rounds and the roster of bargaining instructors (协商指导员)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.core.services import save_object
from gonghui.core.testing import ModelViewTests
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

from .. import services
from ..models import Instructor, NegotiationRound
from ..testing import employer_of, minutes_pdf

pytestmark = pytest.mark.django_db
D = datetime.timedelta


class TestInstructorViews(ModelViewTests):
    model = Instructor
    list_url_name = "bargaining:instructor_list"
    detail_url_name = "bargaining:instructor_detail"
    edit_url_name = "bargaining:instructor_edit"
    api_path = "/api/v1/bargaining-instructors/"

    def form_data(self, obj, marker):
        return {"name": marker, "phone": "13800001111", "expertise": "劳动安全卫生", "active": "on"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "phone": "13800002222", "expertise": "工资"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestRoundViews(ModelViewTests):
    model = NegotiationRound
    list_url_name = "bargaining:round_list"
    api_path = ""  # read-only: recorded through the offer's record-round action (tested below)


@pytest.fixture
def answered(tree, users):
    unit = employer_of(tree["EA1"], users["root"])
    today = timezone.localdate()
    o = services.save_offer(users["root"], None, org=tree["EA1"], employers=[unit], topics=["wages"])
    o = services.send_offer(users["root"], o, sent_on=today - D(days=10))
    return services.answer_offer(users["root"], o, replied_on=today - D(days=5), reply="accepted")


def _instructor(users, org, name="周指导"):
    data = {"org": org, "name": name, "phone": "13912340000"}
    return save_object(users["root"], Instructor(), data, fields=list(data))


def test_round_rules_and_numbering(tree, users, answered):
    today = timezone.localdate()
    district, other = _instructor(users, tree["A"]), _instructor(users, tree["B"], "外区指导员")
    base = {"union_side": "张主席\n\n李代表", "employer_side": "王总"}
    for bad, field in (({"held_on": today + D(days=1)}, "held_on"), ({"held_on": today - D(days=30)}, "held_on"),
                       ({"held_on": today, "instructor": other}, "instructor"),
                       ({"held_on": today, "union_side": " "}, "union_side")):
        with pytest.raises(ValidationError) as err:
            services.record_round(users["a_staff"], answered, **{**base, **bad})
        assert field in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.record_round(users["a_staff"], answered, held_on=today, **base,
                              minutes=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf"))
    assert "minutes" in err.value.message_dict
    assert not NegotiationRound.objects.exists()
    r1 = services.record_round(users["a_staff"], answered, held_on=today - D(days=2), instructor=district, **base,
                               minutes=minutes_pdf())
    r2 = services.record_round(users["a_staff"], answered, held_on=today, **base, agreed="工资增长5%")
    assert (r1.number, r2.number) == (1, 2) and r1.union_side == "张主席\n李代表"


def test_round_page_minutes_download_and_api(tree, users, answered, client_for, api_for):
    district = _instructor(users, tree["A"])
    c = client_for(users["a_staff"])
    r = c.post(reverse("bargaining:offer_record_round", args=[answered.pk]),
               {"held_on": timezone.localdate().isoformat(), "union_side": "张主席", "employer_side": "王总",
                "instructor": district.pk, "agreed": "同意", "minutes": minutes_pdf()})
    assert r.status_code == 302, r.content[:2000]
    rnd = NegotiationRound.objects.get()
    got = c.get(reverse("bargaining:round_minutes", args=[rnd.pk]))
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert "张主席" in c.get(answered.get_absolute_url()).content.decode()
    resp = api_for(users["a_staff"]).post(f"/api/v1/bargaining-offers/{answered.pk}/record-round/",
                                          {"held_on": timezone.localdate().isoformat(), "union_side": "张",
                                           "employer_side": "王"}, format="json")
    assert resp.status_code == 201 and resp.json()["number"] == 2
    assert api_for(users["a_staff"]).get("/api/v1/bargaining-instructors/").json()["results"][0]["phone"] == \
        "139****0000"
    assert client_for(users["b_staff"]).get(reverse("bargaining:round_minutes", args=[rnd.pk])).status_code == 404


def test_round_and_instructor_indicators_equal_their_recounts(tree, users, answered):
    _instructor(users, tree["A"])
    services.record_round(users["root"], answered, held_on=timezone.localdate(), union_side="张", employer_side="王")
    today = timezone.localdate()
    period = Period("custom", today - D(days=30), today)
    ctx = StatsContext(period, "total")
    for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
        for key in ("bargaining_rounds_held", "bargaining_instructors"):
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    assert ctx.values("bargaining_rounds_held", [tree["A"].pk])[tree["A"].pk] == 1
    assert ctx.values("bargaining_instructors", [tree["city"].pk])[tree["city"].pk] == 1
