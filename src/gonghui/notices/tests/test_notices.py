"""Notices: targeting (a member outside the targets never sees a notice, in the list or by URL), the publish window,
reads counted once, the officials' scope (notices from above read-only), the change log and the indicators."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.services import open_member_account
from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests
from gonghui.notices import selectors, services
from gonghui.notices.models import Notice, NoticeRead
from gonghui.notices.testing import draft_notice, pdf_upload
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db


class TestNoticeViews(ModelViewTests):
    model = Notice
    list_url_name = "notices:notice_list"
    detail_url_name = "notices:notice_detail"
    edit_url_name = "notices:notice_edit"
    api_path = "/api/v1/notices/"

    def form_data(self, obj, marker):
        return {"title": marker, "body": "正文", "audience": "subtree",
                "publish_from": timezone.localtime(obj.publish_from).strftime("%Y-%m-%dT%H:%M")}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.body == "正文"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "title": marker, "body": "正文", "audience": "subtree",
                "publish_from": timezone.now().isoformat()}

    def api_update(self, obj, marker):
        return {"title": marker}


@pytest.fixture
def portal(client):
    def _for(member):
        account = open_member_account(member)
        client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
        return client
    return _for


def published(actor, org, **kw):
    return services.publish_notice(actor, draft_notice(actor, org, **kw))


def test_targeting_list_and_url(tree, users, members, portal):
    root = users["root"]
    to_a1 = published(root, tree["city"], title="致A1", audience="chosen", target_orgs=[tree["A1"]])
    to_b = published(root, tree["B"], title="B区通知")
    whole = published(root, tree["city"], title="全市通知")
    ea1, eb1 = members["ea1_a"], members["eb1_a"]
    assert set(selectors.member_notices(ea1)) == {to_a1, whole}
    assert set(selectors.member_notices(eb1)) == {to_b, whole}
    c = portal(eb1)
    page = c.get(reverse("notices_portal:home")).content.decode()
    assert "致A1" not in page and "全市通知" in page
    assert c.get(reverse("notices_portal:notice", args=[to_a1.pk])).status_code == 404
    assert not NoticeRead.objects.filter(notice=to_a1).exists()
    assert to_a1.audience_size == 2 and to_b.audience_size == 1 and whole.audience_size == 3


def test_unit_targets_reach_the_units_members(tree, users, members):
    from gonghui.members.models import Member
    from gonghui.orgs.testing import _build_unit

    root = users["root"]
    unit = _build_unit(tree["EB1"], root, "QXU")
    Member.objects.filter(pk=members["eb1_a"].pk).update(unit=unit)
    eb1 = Member.objects.select_related("org").get(pk=members["eb1_a"].pk)
    n = published(root, tree["city"], title="致企业", audience="chosen", target_units=[unit])
    assert list(selectors.member_notices(eb1)) == [n]
    assert list(selectors.member_notices(members["ea1_a"])) == []
    assert n.audience_size == 1


def test_window_and_drafts(tree, users, members, portal):
    root, now = users["root"], timezone.now()
    draft = draft_notice(root, tree["A"], title="草稿")
    later = published(root, tree["A"], title="未来", publish_from=now + datetime.timedelta(days=1))
    over = published(root, tree["A"], title="已过期", publish_from=now - datetime.timedelta(days=3),
                     publish_until=now - datetime.timedelta(days=1))
    live = published(root, tree["A"], title="当前")
    withdrawn = services.withdraw_notice(root, published(root, tree["A"], title="撤回"))
    m = members["ea1_a"]
    assert list(selectors.member_notices(m)) == [live]
    c = portal(m)
    for n in (draft, later, over, withdrawn):
        assert c.get(reverse("notices_portal:notice", args=[n.pk])).status_code == 404
    assert list(selectors.member_notices(m, now + datetime.timedelta(days=2))) == [later, live]


def test_reading_counts_once_and_attachment_downloads(tree, users, members, portal):
    root = users["root"]
    n = services.publish_notice(root, draft_notice(root, tree["A"], uploads=[pdf_upload("报名表.pdf")]))
    m = members["ea1_a"]
    c = portal(m)
    url = reverse("notices_portal:notice", args=[n.pk])
    for _i in range(3):
        assert c.get(url).status_code == 200
    assert services.mark_read(m, n) is False
    assert NoticeRead.objects.filter(notice=n).count() == 1
    a = n.attachments.get()
    r = c.get(reverse("notices_portal:download", args=[n.pk, a.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert selectors.read_stats(n) == (1, 2, 50.0)
    staff = c.get(reverse("notices:notice_detail", args=[n.pk]))  # a member is sent to the portal
    assert staff.status_code == 302


def test_bad_attachment_refused(tree, users):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as e:
        draft_notice(users["root"], tree["A"], uploads=[SimpleUploadedFile("x.pdf", b"<html>", "application/pdf")])
    assert "attachment" in e.value.message_dict
    assert not Notice.objects.exists()


def test_targets_must_be_within_the_publisher(tree, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        draft_notice(users["root"], tree["A"], audience="chosen", target_orgs=[tree["B1"]])
    assert "target_orgs" in e.value.message_dict


def test_officials_see_notices_from_above_read_only(tree, users, members, client_for):
    root = users["root"]
    city = published(root, tree["city"], title="市总通知")
    to_b = published(root, tree["city"], title="只给B", audience="chosen", target_orgs=[tree["B"]])
    city_draft = draft_notice(root, tree["city"], title="市总草稿")
    c = client_for(users["a_staff"])
    page = c.get(reverse("notices:notice_list")).content.decode()
    assert "市总通知" in page and "只给B" not in page and "市总草稿" not in page
    assert c.get(reverse("notices:notice_detail", args=[to_b.pk])).status_code == 404
    assert c.get(reverse("notices:notice_detail", args=[city_draft.pk])).status_code == 404
    detail = c.get(reverse("notices:notice_detail", args=[city.pk])).content.decode()
    assert reverse("notices:notice_withdraw", args=[city.pk]) not in detail and 'id="read-stats"' not in detail
    assert c.post(reverse("notices:notice_withdraw", args=[city.pk])).status_code == 403
    assert c.get(reverse("notices:notice_readers", args=[city.pk])).status_code == 404
    assert Notice.objects.get(pk=city.pk).status == "published"


def test_edit_only_in_draft_and_readers_list(tree, users, members, client_for):
    root = users["root"]
    n = published(root, tree["A"], title="已发布")
    c = client_for(users["a_staff"])
    assert c.get(reverse("notices:notice_edit", args=[n.pk])).status_code == 404
    services.mark_read(members["ea1_a"], n)
    page = c.get(reverse("notices:notice_readers", args=[n.pk]) + "?read=no").content.decode()
    assert "王芳" in page and "李明" not in page and members["ea1_b"].phone not in page
    assert AuditLog.objects.filter(object_id=str(n.pk), transition="publish").exists()


def test_indicators_equal_their_recounts(tree, users, members):
    root = users["root"]
    n1 = published(root, tree["A"], title="一")
    n2 = published(root, tree["EA1"], title="二")
    draft_notice(root, tree["A"], title="草稿")
    services.mark_read(members["ea1_a"], n1)
    services.mark_read(members["ea1_b"], n1)
    services.mark_read(members["ea1_a"], n2)
    period = Period.year(timezone.localdate().year)
    keys = ["notices_published", "notices_addressed", "notices_reads", "notices_read_rate"]
    for column in ("total",):
        ctx = StatsContext(period, column)
        for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
            for key in keys:
                assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    ctx = StatsContext(period, "total")
    assert ctx.values("notices_published", [tree["A"].pk])[tree["A"].pk] == 2
    assert ctx.values("notices_reads", [tree["A"].pk])[tree["A"].pk] == 3
    assert get("notices_published").url(tree["A"], period).startswith(reverse("notices:notice_list"))


def test_portal_home_offers_both_tiles(tree, members, portal):
    page = portal(members["ea1_a"]).get(reverse("portal:home")).content.decode()
    assert reverse("notices_portal:home") in page and reverse("suggestions_portal:home") in page


def test_api_targets_publish_and_no_edit_after(tree, users, members, api_for):
    api = api_for(users["a_staff"])
    r = api.post("/api/v1/notices/", {"org": tree["A"].pk, "title": "API通知", "body": "正文", "audience": "chosen",
                                      "target_orgs": ["C01EA2"], "publish_from": timezone.now().isoformat()},
                 format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["targets"] == ["C01EA2"]
    assert api.post(f"/api/v1/notices/{pk}/publish/", {}, format="json").status_code == 200
    n = Notice.objects.get(pk=pk)
    assert n.status == "published" and n.audience_size == 0  # EA2 has no members
    assert api.patch(f"/api/v1/notices/{pk}/", {"title": "改"}, format="json").status_code == 400
    outside = api.post("/api/v1/notices/", {"org": tree["A"].pk, "title": "x", "body": "x", "audience": "chosen",
                                            "target_orgs": ["C01EB1"], "publish_from": timezone.now().isoformat()},
                       format="json")
    assert outside.status_code == 400 and "target_orgs" in outside.json()


def test_read_figures_of_a_notice_from_above_stay_hidden(tree, users, members, client_for, api_for):
    root = users["root"]
    city = published(root, tree["city"], title="市总通知")
    services.mark_read(members["eb1_a"], city)
    row = api_for(users["a_staff"]).get(f"/api/v1/notices/{city.pk}/").json()
    assert row["read_count"] is None and row["audience_size"] is None
    assert api_for(users["city_admin"]).get(f"/api/v1/notices/{city.pk}/").json()["read_count"] == 1


def test_draft_attachments_added_and_removed_on_the_edit_page(tree, users, client_for,
                                                              django_capture_on_commit_callbacks):
    n = draft_notice(users["root"], tree["A"], uploads=[pdf_upload("旧.pdf")])
    old = n.attachments.get()
    c = client_for(users["a_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("notices:notice_edit", args=[n.pk]), {
            "title": n.title, "body": n.body, "audience": "subtree", "publish_from": "2026-01-05T09:00",
            "remove": [old.pk], "attachment": pdf_upload("新.pdf")})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert [a.file_name for a in n.attachments.all()] == ["新.pdf"]
    assert not old.file.storage.exists(old.file.name)
