"""The rules of congresses: delegates are members, the quorum of two thirds, passing by more than half of ALL
delegates, votes no more than the delegates present, a closed session read-only, dates not in the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.democracy import services
from gonghui.democracy import testing as dt
from gonghui.democracy.models import Session
from gonghui.members.services import create_member
from gonghui.members.testing import member_data

pytestmark = pytest.mark.django_db


def test_session_reads_by_term_and_session(root, congress):
    s = services.save_session(root, None, congress=congress, number=12, kind="plenary")
    with translation.override("zh-hans"):
        assert "九届十二次" in str(s)
    with translation.override("en"):
        assert "term 9, session 12" in str(s)


def test_a_delegate_is_an_active_member_of_the_union(tree, root, congress):
    outsider = create_member(root, tree["EB1"], member_data(name="外单位"))
    with pytest.raises(ValidationError) as e:
        services.save_delegate(root, None, congress=congress, member=outsider, category="frontline")
    assert "member" in e.value.message_dict
    mine = create_member(root, tree["EA1"], member_data(name="本单位"))
    services.save_delegate(root, None, congress=congress, member=mine, category="manager")
    with pytest.raises(ValidationError):
        services.save_delegate(root, None, congress=congress, member=mine, category="manager")


def test_composition_against_the_frontline_share(root, congress):
    dt.delegates(root, congress, 2, category="frontline")
    dt.delegates(root, congress, 3, category="manager", name="经理")
    c = services.composition(congress)
    assert c["total"] == 5 and c["frontline_share"] == 40.0 and not c["frontline_ok"]


def test_quorum_is_two_thirds(root, congress, nine):
    assert Session.quorum_of(9, 6) and not Session.quorum_of(9, 5)
    s = dt.held_session(root, congress, present=5)
    assert s.status == "held" and not s.has_quorum and s.delegates_total == 9
    item = dt.item(root, s)
    with pytest.raises(ValidationError) as e:
        services.record_vote(root, item, votes_for=5, votes_against=0, votes_abstain=0)
    assert "quorum" in str(e.value) or "法定人数" in str(e.value)
    item.refresh_from_db()
    assert item.result == "pending"


def test_passed_by_more_than_half_of_all_delegates(root, congress, nine):
    s = dt.held_session(root, congress, present=6)
    assert s.has_quorum
    a, b = dt.item(root, s, title="甲"), dt.item(root, s, title="乙")
    # 4 of 6 present is a majority of those present, but not of all nine delegates
    assert services.record_vote(root, a, votes_for=4, votes_against=1, votes_abstain=1).result == "rejected"
    assert services.record_vote(root, b, votes_for=5, votes_against=1, votes_abstain=0).result == "passed"


def test_votes_no_more_than_present(root, congress, nine):
    s = dt.held_session(root, congress, present=7)
    item = dt.item(root, s)
    with pytest.raises(ValidationError) as e:
        services.record_vote(root, item, votes_for=6, votes_against=1, votes_abstain=1)
    assert "votes_for" in e.value.message_dict


def test_present_no_more_than_delegates_and_not_in_the_future(root, congress, nine):
    s = services.save_session(root, None, congress=congress, number=1, kind="plenary")
    with pytest.raises(ValidationError) as e:
        services.hold_session(root, s, held_on=datetime.date(2025, 5, 1), delegates_present=10)
    assert "delegates_present" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.hold_session(root, s, held_on=datetime.date.today() + datetime.timedelta(days=2),
                              delegates_present=8)
    assert "held_on" in e.value.message_dict
    s.refresh_from_db()
    assert s.status == "planned"


def test_a_closed_session_is_read_only(root, congress, nine):
    s = dt.held_session(root, congress, present=9)
    item = dt.item(root, s)
    services.record_vote(root, item, votes_for=9, votes_against=0, votes_abstain=0)
    services.close_session(root, s)
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_vote(root, item, votes_for=1, votes_against=0, votes_abstain=0)
    with pytest.raises(ValidationError):
        dt.item(root, s, title="晚到的议题")
    with pytest.raises(ValidationError):
        services.save_session(root, s, note="改")
    item.refresh_from_db()
    assert item.votes_for == 9


def test_vote_pages_refuse_beside_the_field(client_for, users, root, congress, nine):
    from django.urls import reverse

    s = dt.held_session(root, congress, present=6)
    item = dt.item(root, s)
    client = client_for(users["a_staff"])
    r = client.post(reverse("democracy:item_vote", args=[item.pk]),
                    {"votes_for": 5, "votes_against": 1, "votes_abstain": 1})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    r = client.post(reverse("democracy:item_vote", args=[item.pk]),
                    {"votes_for": 5, "votes_against": 1, "votes_abstain": 0, "resolution": "通过"})
    assert r.status_code == 302
    page = client.get(reverse("democracy:session_detail", args=[s.pk])).content.decode()
    assert "通过" in page


def test_api_hold_and_vote(api_for, users, root, congress, nine):
    s = services.save_session(root, None, congress=congress, number=3, kind="joint")
    api = api_for(users["a_staff"])
    r = api.post(f"/api/v1/congress-sessions/{s.pk}/hold/", {"held_on": "2025-05-01", "delegates_present": 20},
                 format="json")
    assert r.status_code == 400 and "delegates_present" in r.json()
    r = api.post(f"/api/v1/congress-sessions/{s.pk}/hold/", {"held_on": "2025-05-01", "delegates_present": 8},
                 format="json")
    assert r.status_code == 200 and r.json()["has_quorum"] is True
    item = dt.item(root, s)
    r = api.post(f"/api/v1/congress-items/{item.pk}/vote/", {"votes_for": 5, "votes_against": 3, "votes_abstain": 0},
                 format="json")
    assert r.status_code == 200 and r.json()["result"] == "passed"
    assert api_for(users["b_staff"]).post(f"/api/v1/congress-items/{item.pk}/vote/", {}).status_code == 404
