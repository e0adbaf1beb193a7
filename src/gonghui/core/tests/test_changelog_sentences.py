"""The change log reads as sentences in the reader's language (``gonghui.core.changelog.describe``), on every page
that shows it: local times, field and choice labels, references by name, "(empty)", masked personal data."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from gonghui.core import audit, changelog
from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
UTC = datetime.UTC


def _entry(model, action="update", before=None, after=None, **kw):
    return AuditLog(action=action, content_type=ContentType.objects.get_for_model(model), user_name="zhang",
                    object_repr="甲", before=before, after=after,
                    timestamp=datetime.datetime(2026, 12, 4, 1, 30, tzinfo=UTC), **kw)


def test_a_change_reads_as_a_sentence_with_labels_and_local_time():
    entry = _entry(Member, before={"status": "active", "status_changed_on": None},
                   after={"status": "withdrawn", "status_changed_on": "2026-12-04"})
    with translation.override("zh-hans"):
        text = entry.summary
    assert text.startswith("zhang 于 2026-12-04 09:30 修改了会员“甲”")  # Asia/Shanghai, to the minute
    assert "将 状态 由“在会”改为“退会”" in text  # verbose name, choice labels (not the codes)
    assert "设为“2026-12-04”" in text
    assert "status" not in text and "active" not in text
    with translation.override("en"):
        assert "changed status from “Active member” to “Withdrawn”" in _entry(
            Member, before={"status": "active"}, after={"status": "withdrawn"}).summary


def test_values_in_words_times_lists_and_empties():
    assert changelog.format_value(None, "x", "2026-12-04T01:30:00+00:00") == "2026-12-04 09:30"
    with translation.override("zh-hans"):
        assert changelog.format_value(None, "x", []) == "（空）"
        assert changelog.format_value(None, "x", None) == "（空）"
        assert changelog.format_value(None, "x", True) == "是"
    assert changelog.format_value(None, "x", ["a", "b"]) == "a、b"
    entry = _entry(Member, before={"phone": []}, after={"phone": ["x"]})
    assert "[]" not in entry.summary


def test_a_created_record_names_its_links_and_masks_personal_data(tree, users, members):
    member = members["ea1_a"]
    entry = audit.history_for(member, users["root"]).filter(action=AuditAction.CREATE).get()
    with translation.override("zh-hans"):
        text = entry.summary
    assert f"所属工会为“{tree['EA1']}”" in text  # a link shown by its name
    assert member.id_number not in text and "*" in text  # the ID number stays masked
    assert "org" not in text.replace("organisation", "") and "id_number" not in text


def test_an_entry_the_reader_may_not_open_says_only_that_something_changed(tree, users):
    entry = _entry(Member, after={"name": "乙"})
    entry.reduced, entry.object_repr = True, "会员"
    with translation.override("zh-hans"):
        assert entry.summary == "zhang 于 2026-12-04 09:30 修改了一条会员记录"


def test_the_login_and_reveal_notes_are_words_not_codes(tree, users, members):
    member = members["ea1_a"]
    login = _entry(type(users["root"]), action=AuditAction.LOGIN, note="official")
    reveal = _entry(Member, action=AuditAction.REVEAL, note="id_number, phone")
    with translation.override("zh-hans"):
        assert "official" not in login.summary and "登录" in login.summary
        assert "id_number" not in reveal.summary and "居民身份证号" in reveal.summary
    assert member.pk


def test_pages_show_no_iso_times_nor_field_names(tree, users, members, client_for):
    member = members["ea1_a"]
    audit.record(AuditAction.UPDATE, member, user=users["root"], before={"status_changed_on": None},
                 after={"status_changed_on": "2026-12-04T01:30:00+00:00", "ethnicity": "01"})
    client = client_for(users["a_staff"])
    for url in (member.get_absolute_url(), reverse("core:auditlog_list"), reverse("core:home")):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert not ISO.search(body), url
        assert "+00:00" not in body and "id_number" not in body and "status_changed_on" not in body, url
    body = client.get(member.get_absolute_url()).content.decode()
    assert "2026-12-04 09:30" in body


def test_the_api_adds_a_summary(users, members, api_for):
    body = api_for(users["root"]).get(f"/api/v1/audit-log/?object_id={members['ea1_a'].pk}").json()
    assert all(r["summary"] for r in body["results"])
