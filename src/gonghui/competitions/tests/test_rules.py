"""The area's own rules: winners sent up a level, one entry per contest, ranks unique in a round, the proposal
workflow with its reminders, a higher union's competition joined by its subtree, refusals in words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.competitions import daily, services
from gonghui.competitions import testing as ct
from gonghui.competitions.models import Entrant, Proposal
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_a_winner_is_sent_up_to_the_next_level(tree, users, root, client_for, api_for):
    district = ct.contest(root, tree["A"], title="区职工技能大赛", level="district")
    plant = ct.contest(root, tree["EA1"], title="厂技术比武", next_level=district)
    champ = ct.entrant(root, plant, name="王师傅", rank=1, title="champion", score=98, grade_before="中级工",
                       grade_after="高级工")
    loser = ct.entrant(root, plant, name="刘师傅")
    assert champ.upgraded
    with pytest.raises(ValidationError) as e:
        services.send_up(users["a_staff"], loser)
    assert "只有" in str(e.value) or "rank" in str(e.value).lower()
    # the page's button sends the winner up: the entry created there, linked to this one
    client = client_for(users["a_staff"])
    page = client.get(champ.get_absolute_url()).content.decode()
    assert 'id="send-up-button"' in page
    assert client.post(reverse("competitions:entrant_send_up", args=[champ.pk])).status_code == 302
    up = Entrant.objects.get(contest=district)
    assert (up.worker_name, up.sent_from, up.grade_before) == ("王师傅", champ, "高级工")
    assert AuditLog.objects.filter(object_id=str(up.pk), action="create").exists()
    # twice is refused, in words; the API answers 400
    r = api_for(users["a_staff"]).post(f"/api/v1/contest-entrants/{champ.pk}/send-up/")
    assert r.status_code == 400 and Entrant.objects.filter(contest=district).count() == 1
    # a contest with no next level sends nobody
    top = ct.entrant(root, district, name="陈师傅", rank=1)
    with pytest.raises(ValidationError):
        services.send_up(root, top)


def test_contest_rules(tree, root):
    contest = ct.contest(root, tree["EA1"])
    ct.entrant(root, contest, name="王师傅", rank=1)
    with pytest.raises(ValidationError) as e:
        ct.entrant(root, contest, name="王师傅")
    assert "worker_name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        ct.entrant(root, contest, name="李师傅", rank=1)
    assert "rank" in e.value.message_dict
    ct.entrant(root, contest, name="李师傅", rank=1, round=2)  # another round
    other_trade = ct.contest(root, tree["A"], trade="焊工", level="district")
    with pytest.raises(ValidationError) as e:
        ct.contest(root, tree["EA1"], next_level=other_trade)
    assert "next_level" in e.value.message_dict
    below = ct.contest(root, tree["EA2"])
    with pytest.raises(ValidationError):
        ct.contest(root, tree["A"], next_level=below)  # not a union above


def test_a_higher_competition_is_joined_by_its_subtree(tree, users, root, client_for):
    city = ct.competition(root, tree["city"], title="全市重点工程劳动竞赛")
    staff = users["a_staff"]
    p = services.save_participant(staff, None, competition=city, org=tree["EA1"], kind="employer", name="甲电子",
                                  headcount=300)
    assert p.org == tree["EA1"]
    other = ct.competition(root, tree["B"], title="B区竞赛")
    with pytest.raises(ValidationError) as e:
        services.save_participant(root, None, competition=other, org=tree["EA1"], kind="employer", name="甲电子")
    assert "org" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.save_participant(staff, None, competition=city, org=tree["EA1"], kind="employer", name="甲电子")
    assert "name" in e.value.message_dict
    # the add form offers the city's competition to district A's official
    page = client_for(staff).get(reverse("competitions:participant_add")).content.decode()
    assert "全市重点工程劳动竞赛" in page and "B区竞赛" not in page
    with pytest.raises(ValidationError) as e:
        ct.competition(root, tree["A"], starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 4, 1))
    assert "ends_on" in e.value.message_dict


def test_the_proposal_workflow_with_reminders(tree, users, root, client_for, api_for, mailoutbox):
    today = timezone.localdate()
    old = ct.proposal(root, tree["EA1"], filed_on=today - datetime.timedelta(days=40))
    fresh = ct.proposal(root, tree["EA1"], title="新建议", filed_on=today)
    assert (old.number, fresh.number) == (1, 2)
    # reminders: once for the proposal waiting too long, none for the fresh one; a second run sends nothing
    now = timezone.now()
    assert daily.run(now) == {"proposal_reminders": 1}
    assert daily.run(now) == {"proposal_reminders": 0}
    old.refresh_from_db()
    assert old.reminded_on == today
    # the workbench lists it
    todo = client_for(users["a_staff"]).get(reverse("competitions:proposal_list"), {"waiting": "yes"})
    assert todo.context["table"].paginator.count == 1
    # evaluate, adopt, implement through the pages
    client = client_for(users["a_staff"])
    r = client.post(reverse("competitions:proposal_evaluate", args=[old.pk]), {"score": "120"})
    assert r.status_code == 200
    assert client.post(reverse("competitions:proposal_evaluate", args=[old.pk]),
                       {"score": "85", "evaluation": "可行"}).status_code == 302
    assert client.post(reverse("competitions:proposal_adopt", args=[old.pk]),
                       {"decided_on": today.isoformat()}).status_code == 302
    r = client.post(reverse("competitions:proposal_implement", args=[old.pk]),
                    {"implemented_on": today.isoformat(), "value": "-5"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert client.post(reverse("competitions:proposal_implement", args=[old.pk]),
                       {"implemented_on": today.isoformat(), "value": "120,000", "reward": "2000"}).status_code == 302
    old.refresh_from_db()
    assert (old.status, old.score, str(old.value), str(old.reward)) == ("implemented", 85, "120000.00", "2000.00")
    # rejecting needs a reason (API: 400), then is recorded
    api = api_for(users["a_staff"])
    assert api.post(f"/api/v1/rationalisation-proposals/{fresh.pk}/reject/", {"reason": ""}, format="json"
                    ).status_code == 400
    r = api.post(f"/api/v1/rationalisation-proposals/{fresh.pk}/reject/", {"reason": "已有同类措施"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    # an adopted one cannot be adopted again (409)
    assert api.post(f"/api/v1/rationalisation-proposals/{old.pk}/adopt/", {}, format="json").status_code == 409
    assert not Proposal.objects.filter(value__lt=0).exists()


@pytest.fixture
def member_client(members, client):
    from gonghui.accounts.services import open_member_account

    account = open_member_account(members["ea1_a"])
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_member_files_a_proposal_in_the_portal(member_client, members, root):
    url = reverse("competitions_portal:home")
    r = member_client.post(url, {"title": "", "content": "改进", "category": "safety"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    r = member_client.post(url, {"title": "安全帽挂架", "content": "在更衣室设挂架", "category": "safety",
                                 "co_authors": "张三"})
    assert r.status_code == 302
    p = Proposal.objects.get()
    assert (p.org, p.author, p.author_name, p.co_authors) == (members["ea1_a"].org, members["ea1_a"],
                                                              members["ea1_a"].name, "张三")
    services.reject_proposal(root, p, reason="已有同类措施")
    page = member_client.get(url).content.decode()
    assert "安全帽挂架" in page and "已有同类措施" in page


def test_the_demo_loads_through_the_services(tree, root, members):
    from gonghui.competitions import demo

    ctx = {"admin": root, "district": tree["A"], "union": tree["EA1"], "today": timezone.localdate()}
    out = demo.load(ctx)
    assert out["proposals"] == 5 and Entrant.objects.filter(sent_from__isnull=False).count() == 1
    assert demo.load(ctx) == {}  # once


def test_a_mentorship_term_does_not_end_before_it_starts(tree, root):
    from gonghui.competitions.models import Mentorship
    from gonghui.core.services import save_object

    data = {"org": tree["EA1"], "master_name": "王师傅", "apprentice_name": "小李",
            "starts_on": datetime.date(2025, 5, 1),
            "ends_on": datetime.date(2025, 4, 1)}
    with pytest.raises(ValidationError) as e:
        save_object(root, Mentorship(), data, fields=list(data))
    assert "ends_on" in e.value.message_dict
