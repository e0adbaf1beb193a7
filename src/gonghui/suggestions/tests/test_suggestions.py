"""The suggestion box: anonymity (no official page, API, export or change-log entry names the member of an
anonymous suggestion), the answer flow and the member's view of it, the to-do list and the indicators."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.services import open_member_account
from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests
from gonghui.core.workbench import todo
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get
from gonghui.suggestions import services
from gonghui.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


class TestSuggestionViews(ModelViewTests):
    model = Suggestion
    list_url_name = "suggestions:suggestion_list"
    detail_url_name = "suggestions:suggestion_detail"
    edit_url_name = "suggestions:suggestion_edit"
    api_path = "/api/v1/suggestions/"

    def form_data(self, obj, marker):
        return {"category": "pay"}

    def check_saved(self, obj, marker):
        assert obj.category == "pay"

    def api_update(self, obj, marker):
        return {"category": "safety"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "subject": marker, "text": "t", "category": "work"}

    def test_api_list_retrieve_create_update_answer_the_same_shape(self, tree, users, api_for):
        """No create (members write in the portal): list, retrieve and update answer with one shape."""
        s = self.build(tree["EA1"], users["root"], "QSHAPE")
        api = api_for(users["a_staff"])
        listed = api.get(self.api_path).json()["results"][0]
        got = api.get(f"{self.api_path}{s.pk}/").json()
        patched = api.patch(f"{self.api_path}{s.pk}/", {"category": "safety"}, format="json")
        assert patched.status_code == 200 and set(listed) == set(got) == set(patched.json())
        assert api.post(self.api_path, self.api_payload(tree, "X"), format="json").status_code == 403
        assert AuditLog.objects.filter(object_id=str(s.pk), action="update").exists()


@pytest.fixture
def portal(client):
    def _for(member):
        account = open_member_account(member)
        client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
        return client, account
    return _for


def _write(c, **data):
    return c.post(reverse("suggestions_portal:write"), {"subject": "夜班班车", "category": "work",
                                                          "text": "建议开通夜班通勤车。", **data})


def test_anonymous_suggestion_never_shows_the_member(tree, users, members, portal, client_for, api_for):
    member = members["ea1_a"]
    c, account = portal(member)
    r = _write(c, anonymous="on")
    assert r.status_code == 200
    code = r.context["code"]
    s = Suggestion.objects.get()
    assert s.anonymous and s.member_id is None and s.receipt_hash and code not in s.receipt_hash
    entry = AuditLog.objects.get(object_id=str(s.pk), action="create",
                                 content_type__model="suggestion")
    assert entry.user_id is None and entry.user_name == "" and entry.ip is None
    # Only the day is kept, on the record and in the change log: no time to match with the member's sign-in.
    local = timezone.localtime(s.submitted_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert local.date() == timezone.localdate() and entry.timestamp == s.submitted_at
    assert "member" not in (entry.after or {}) and "receipt_hash" not in (entry.after or {})
    # The member's own list does not hold it; the receipt code opens it.
    home = c.get(reverse("suggestions_portal:home")).content.decode()
    assert "夜班班车" not in home
    found = c.post(reverse("suggestions_portal:home"), {"code": code}).content.decode()
    assert "夜班班车" in found
    # Officials: pages, exports, API, change log.
    services.answer_suggestion(users["a_staff"], s, "已与企业协商。")
    secrets_ = [member.name, member.member_no, member.phone, account.username, str(member.pk)]
    staff = client_for(users["a_staff"])
    pages = [reverse("suggestions:suggestion_list"), reverse("suggestions:suggestion_detail", args=[s.pk]),
             reverse("suggestions:suggestion_list") + "?export=csv",
             reverse("core:auditlog_list") + "?content_type=suggestions.suggestion"]
    for url in pages:
        r = staff.get(url)
        raw = b"".join(r.streaming_content) if r.streaming else r.content
        body = raw.decode("utf-8", "replace")
        for secret in secrets_[:4]:
            assert secret not in body, (url, secret)
    xlsx = staff.get(reverse("suggestions:suggestion_list") + "?export=xlsx")
    import io

    from openpyxl import load_workbook

    raw = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    cells = " ".join(str(c.value) for row in load_workbook(io.BytesIO(raw)).active.iter_rows() for c in row)
    assert "夜班班车" in cells and member.name not in cells
    api = api_for(users["a_staff"])
    data = json.dumps(api.get("/api/v1/suggestions/").json()) + json.dumps(
        api.get(f"/api/v1/suggestions/{s.pk}/").json()) + json.dumps(
        api.get("/api/v1/audit-log/?content_type=suggestions.suggestion").json())
    for secret in secrets_[:4]:
        assert secret not in data
    assert '"member"' not in data
    todo_text = " ".join(text for item in todo(users["a_staff"]) for text, _u, _w in item.records)
    assert member.name not in todo_text


def test_named_suggestion_answer_flow(tree, users, members, portal, client_for):
    member = members["ea1_a"]
    c, _account = portal(member)
    r = _write(c)
    s = Suggestion.objects.get()
    assert r.status_code == 302 and s.member == member and not s.anonymous
    staff = client_for(users["a_staff"])  # district A answers a suggestion to EA1 (a union below it)
    assert member.name in staff.get(reverse("suggestions:suggestion_detail", args=[s.pk])).content.decode()
    r = staff.post(reverse("suggestions:suggestion_answer", args=[s.pk]), {"answer": "已安排班车，下月起运行。"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == "answered" and s.answer_days is not None
    c, _account = portal(member)  # the test client is shared: sign the member in again
    page = c.get(reverse("suggestions_portal:suggestion", args=[s.reference_no])).content.decode()
    assert "已安排班车" in page
    assert client_for(users["b_staff"]).post(reverse("suggestions:suggestion_close", args=[s.pk])).status_code == 404
    assert client_for(users["a_viewer"]).post(reverse("suggestions:suggestion_close", args=[s.pk])).status_code == 403
    services.close_suggestion(users["a_staff"], s)
    assert Suggestion.objects.get().status == "closed"


def test_other_members_cannot_open_a_named_suggestion(tree, users, members, portal):
    s, _code = services.submit_suggestion(members["ea1_a"], subject="s", text="t", category="work")
    c, _account = portal(members["ea1_b"])
    assert c.get(reverse("suggestions_portal:suggestion", args=[s.reference_no])).status_code == 404


def test_blank_suggestion_refused_next_to_the_field(tree, members, portal):
    c, _account = portal(members["ea1_a"])
    r = _write(c, subject=" ", text=" ")
    assert r.status_code == 200 and r.context["form"].errors and not Suggestion.objects.exists()


def test_workbench_todo_due_and_overdue(tree, users, members):
    now = timezone.now()
    for days in (1, 9, 20):
        services.submit_suggestion(members["ea1_a"], subject=f"d{days}", text="t", category="work",
                                   now=now - datetime.timedelta(days=days))
    items = {i.key: i for i in todo(users["a_staff"])}
    assert items["suggestions_overdue"].count == 1 and items["suggestions_overdue"].urgency == "overdue"
    assert items["suggestions_due"].count == 1 and items["suggestions_new"].count == 1
    assert "suggestions_due" not in {i.key for i in todo(users["b_staff"])}


def test_indicators_equal_their_recounts(tree, users, members):
    # Local noon: the anonymous suggestion counts from its day's start (only the day is kept), so half a day more.
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12)))
    made = []
    for i, (member, days) in enumerate([("ea1_a", 2), ("ea1_b", 5), ("eb1_a", 1), ("ea1_a", None)]):
        s, _c = services.submit_suggestion(members[member], subject=f"s{i}", text="t", category="work",
                                           anonymous=i == 1, now=now - datetime.timedelta(days=10))
        if days is not None:
            s = services.answer_suggestion(users["root"], s, "答复", now=now - datetime.timedelta(days=10 - days))
        made.append(s)
    period = Period.year(timezone.localdate().year)
    keys = ["suggestions_received", "suggestions_answered", "suggestions_answer_rate", "suggestions_avg_days",
            "suggestions_median_days"]
    ctx = StatsContext(period, "total")
    for org in (tree["city"], tree["A"], tree["EA1"], tree["B"], tree["EA2"]):
        for key in keys:
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    city = tree["city"].pk
    assert ctx.values("suggestions_received", [city])[city] == 4
    assert ctx.values("suggestions_answered", [city])[city] == 3
    assert str(ctx.values("suggestions_median_days", [city])[city]) == "2.0"
    assert str(ctx.values("suggestions_avg_days", [tree["A"].pk])[tree["A"].pk]) == "3.8"  # (2 + 5.5) / 2
    assert get("suggestions_answered").url(tree["A"], period).startswith(reverse("suggestions:suggestion_list"))


def test_numbers_typed_into_a_suggestion_are_masked_for_officials(tree, users, members, client_for):
    phone = "13912345678"
    s, _c = services.submit_suggestion(members["ea1_a"], subject=f"请回电{phone}", text=f"我的电话{phone}<b>x</b>",
                                       category="other")
    c = client_for(users["a_viewer"])  # no right to reveal personal data: masked (escaped for everyone)
    for url in (reverse("suggestions:suggestion_list"), s.get_absolute_url()):
        body = c.get(url).content.decode()
        assert phone not in body and "<b>x</b>" not in body
