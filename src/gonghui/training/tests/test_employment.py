"""Employment services: job seekers (a member, or a person by name and ID number), referrals, placements followed up
after three months (the daily reminder, the workbench), a placement of a person in a hardship archive prompting its
review (``core.hooks.person_placed``), vacancies in the portal, the job-seeker sheet and the indicators against
their recount, each opening its records."""

import datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core import hooks
from gonghui.core.testing import ModelViewTests, make_id_number
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get
from gonghui.training import daily, employment, selectors
from gonghui.training.models import JobSeeker, Referral, Vacancy
from gonghui.training.testing import make_fair, make_member, make_seeker, make_trip, make_vacancy

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


class TestJobSeekerViews(ModelViewTests):
    model = JobSeeker
    list_url_name = "training:seeker_list"
    detail_url_name = "training:seeker_detail"
    edit_url_name = "training:seeker_edit"
    api_path = "/api/v1/job-seekers/"

    def form_data(self, obj, marker):
        return {"name": marker[:50], "id_number": "", "phone": "", "desired_job": "焊工", "wishes": marker,
                "registered_on": obj.registered_on.isoformat()}

    def check_saved(self, obj, marker):
        assert obj.desired_job == "焊工" and obj.wishes == marker and obj.id_number

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker[:50], "id_number": make_id_number(), "desired_job": "保洁",
                "registered_on": TODAY.isoformat()}

    def api_update(self, obj, marker):
        return {"wishes": marker}


class TestVacancyViews(ModelViewTests):
    model = Vacancy
    list_url_name = "training:vacancy_list"
    detail_url_name = "training:vacancy_detail"
    edit_url_name = "training:vacancy_edit"
    api_path = "/api/v1/job-vacancies/"

    def form_data(self, obj, marker):
        return {"employer": obj.employer, "title": marker[:100], "positions": 8,
                "open_until": obj.open_until.isoformat(), "published": "on"}

    def check_saved(self, obj, marker):
        assert obj.title == marker[:100] and obj.positions == 8

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "employer": "物流公司", "title": marker[:100], "positions": 3,
                "open_until": TODAY.isoformat()}

    def api_update(self, obj, marker):
        return {"title": marker[:100]}


@pytest.fixture
def root(users):
    return users["root"]


def test_job_seeker_rules(tree, root):
    member = make_member(root, tree["EA1"], "会员求职", employment_type="migrant")
    seeker = make_seeker(root, tree["A"], member=member)
    assert (seeker.name, seeker.member, seeker.id_hash, seeker.migrant_worker) == (
        "会员求职", member, member.id_hash, True)
    assert seeker.id_number == ""
    with pytest.raises(ValidationError) as e:
        make_seeker(root, tree["EA1"], member=member)
    assert "member" in e.value.message_dict  # already seeking
    with pytest.raises(ValidationError) as e:
        make_seeker(root, tree["EB1"], member=make_member(root, tree["EA1"], "外区会员"))
    assert "member" in e.value.message_dict  # not of the union's subtree
    with pytest.raises(ValidationError) as e:
        make_seeker(root, tree["EA1"], name="", id_number="110101199003070000", desired_job="",
                    registered_on=TODAY + DAY)
    assert set(e.value.message_dict) == {"name", "id_number", "desired_job", "registered_on"}
    person = make_seeker(root, tree["EA1"], name="农民工甲")
    assert person.id_number_masked != person.id_number  # encrypted at rest, masked on the page


def test_referral_placement_and_follow_up(tree, root, users, client_for):
    vacancy = make_vacancy(root, tree["A"], employer="电子厂", title="操作工")
    seeker = make_seeker(root, tree["EA1"], name="待就业", registered_on=TODAY - 120 * DAY)
    with pytest.raises(ValidationError) as e:
        employment.refer(root, seeker, referred_on=TODAY)
    assert {"employer", "job"} <= set(e.value.message_dict)
    client = client_for(users["a_staff"])
    r = client.post(reverse("training:seeker_refer", args=[seeker.pk]),
                    {"vacancy": vacancy.pk, "referred_on": (TODAY - 100 * DAY).isoformat()})
    assert r.status_code == 302, r.content.decode()[:500]
    referral = Referral.objects.get(seeker=seeker)
    assert (referral.employer, referral.job) == ("电子厂", "操作工")
    r = client.post(reverse("training:referral_place", args=[referral.pk]),
                    {"placed_on": (TODAY - 101 * DAY).isoformat()})
    assert r.status_code == 200 and "placed_on" in r.context["form"].errors  # before the referral
    referral = employment.place(root, referral, TODAY - 95 * DAY)
    assert referral.follow_up_due == TODAY - 5 * DAY and not referral.hardship_review_prompted
    assert JobSeeker.objects.get(pk=seeker.pk).status == "placed"
    assert list(selectors.follow_ups_due(users["a_staff"], TODAY)) == [referral]
    assert list(selectors.follow_ups_due(users["b_staff"], TODAY)) == []
    now = datetime.datetime.now(datetime.UTC)
    assert daily.run(now)["training_follow_up_reminders"] == 1
    assert daily.run(now)["training_follow_up_reminders"] == 0  # once per due date
    listed = client.get(reverse("training:referral_list") + "?follow_up=due").content.decode()
    assert "待就业" in listed
    r = client.post(reverse("training:referral_follow_up", args=[referral.pk]),
                    {"followed_up_on": TODAY.isoformat(), "still_employed": "yes", "note": "稳定"})
    assert r.status_code == 302
    referral.refresh_from_db()
    assert referral.followed_up_on == TODAY and referral.still_employed is True
    assert not selectors.follow_ups_due(root, TODAY).exists()


def test_placement_of_a_person_in_hardship_prompts_the_archive_review(tree, root):
    calls = []

    def receiver(user, org, id_hash, member_id, placed_on, note):
        calls.append((org, id_hash, placed_on))
        return ["archive"]

    hooks.person_placed.connect(receiver)
    try:
        plain = make_seeker(root, tree["EA1"], name="普通求职")
        employment.place(root, employment.refer(root, plain, employer="厂", job="工"))
        assert calls == []
        hard = make_seeker(root, tree["EA1"], name="困难求职", in_hardship=True)
        referral = employment.place(root, employment.refer(root, hard, employer="厂", job="工"))
    finally:
        hooks.person_placed.disconnect(receiver)
    assert calls == [(tree["EA1"], hard.id_hash, TODAY)]
    assert referral.hardship_review_prompted
    assert list(selectors.hardship_placements(root, TODAY)) == [referral]


def test_portal_shows_published_open_vacancies_of_the_members_unions(tree, root, client):
    from gonghui.accounts.services import open_member_account

    member = make_member(root, tree["EA1"], "看岗位")
    make_vacancy(root, tree["A"], title="区级岗位")
    make_vacancy(root, tree["EA1"], title="未发布岗位", published=False)
    make_vacancy(root, tree["EA1"], title="已截止岗位", open_until=TODAY - DAY)
    make_vacancy(root, tree["EB1"], title="外区岗位")
    client.force_login(open_member_account(member), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("training_portal:jobs")).content.decode()
    assert "区级岗位" in page
    assert "未发布岗位" not in page and "已截止岗位" not in page and "外区岗位" not in page


def test_employment_indicators_equal_their_recount_and_open_their_records(tree, root, client_for, users):
    for code, migrant, hardship in (("EA1", True, False), ("EA2", False, True), ("EB1", True, True)):
        make_fair(root, tree[code], vacancies_offered=100)
        make_trip(root, tree[code], people=50)
        seeker = make_seeker(root, tree[code], name=f"{code}求职", migrant_worker=migrant, in_hardship=hardship)
        employment.place(root, employment.refer(root, seeker, employer="厂", job="工"))
        employment.refer(root, make_seeker(root, tree[code], name=f"{code}未成"), employer="厂", job="工")
    period = Period.year(TODAY.year)
    keys = ("employment_fairs", "employment_fair_vacancies", "employment_referrals", "employment_placements",
            "employment_placements_migrant", "employment_placements_hardship", "employment_trips_home")
    orgs = [tree[c] for c in ("city", "A", "B", "EA1", "EA2")]
    ctx = StatsContext(period, "total")
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, period), (key, org.code)
    expected = {"employment_fairs": 2, "employment_fair_vacancies": 200, "employment_referrals": 4,
                "employment_placements": 2, "employment_placements_migrant": 1,
                "employment_placements_hardship": 1, "employment_trips_home": 100}
    assert {k: ctx.value(k, tree["A"].pk) for k in keys} == expected
    client = client_for(users["a_staff"])
    page = client.get(get("employment_placements_hardship").url(tree["A"], period)).content.decode()
    assert "EA2求职" in page and "EA1求职" not in page and "EB1求职" not in page


def test_job_seeker_sheet(tree, users, tmp_path):
    from gonghui.imports.services import import_file_sync

    book = openpyxl.Workbook()
    ok, other = make_id_number(seq=401), make_id_number(seq=402)
    for row in (["姓名", "身份证号", "是否农民工", "是否困难职工", "求职意向", "登记日期"],
                ["孙丽", ok, "是", "否", "家政", TODAY.isoformat()],
                ["周杰", "110101199003070000", "否", "是", "保安", TODAY.isoformat()],  # bad check digit
                ["吴芳", other, "否", "是", "", TODAY.isoformat()]):  # no job wanted
        book.active.append(row)
    book.save(tmp_path / "seekers.xlsx")
    job = import_file_sync(users["a_staff"], "job_seekers", tmp_path / "seekers.xlsx", tree["EA1"],
                           mode="skip_invalid")
    assert job.error_rows == 2, job.preview
    seeker = JobSeeker.objects.get(name="孙丽")
    assert (seeker.org, seeker.migrant_worker, seeker.in_hardship, seeker.desired_job) == (
        tree["EA1"], True, False, "家政")
