"""Archives: income rules and tiering, the one-archive rule (incl. households), verification and approval,
yearly review reminders (time travel), privacy (viewers get counts only)."""

import datetime
import json
import os
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from gonghui.core.attachments import atomic_with_files
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.core.pii import mask_id_number, mask_phone
from gonghui.core.testing import make_id_number
from gonghui.hardship import daily, services
from gonghui.hardship.choices import ArchiveStatus, Tier
from gonghui.hardship.models import HardshipArchive, HouseholdMember, VisitTask
from gonghui.hardship.selectors import reviews_due
from gonghui.hardship.testing import active_archive, archive_data, child, threshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(tree, users):
    """The city's lines for this year: deep 800, relative 1200 per person a month."""
    return threshold(users["root"], tree["city"])


# --- income rules ---------------------------------------------------------------------------------------------


class Line:
    deep_line = Decimal("800")
    relative_line = Decimal("1200")


@pytest.mark.parametrize("per, rigid, causes, expected", [
    ("800.00", "0", ["unemployment"], Tier.DEEP),
    ("800.01", "0", ["unemployment"], Tier.RELATIVE),
    ("1200.00", "0", ["unemployment"], Tier.RELATIVE),
    ("1200.01", "0", ["unemployment"], ""),
    ("2000.00", "900", ["illness"], Tier.ACCIDENT),
    ("2000.00", "799", ["illness"], ""),
    ("2000.00", "900", ["unemployment"], ""),
])
def test_tier_rules(per, rigid, causes, expected):
    tier, reason = services.propose_tier(Decimal(per), Decimal(rigid), causes, Line())
    assert tier == expected, reason
    assert reason


def test_no_threshold_proposes_nothing():
    assert services.propose_tier(Decimal("10"), Decimal("0"), ["illness"], None)[0] == ""


def test_income_per_person_uses_the_nearest_threshold(tree, users, lines):
    root = users["root"]
    a = services.create_archive(root, tree["EA1"], archive_data(monthly_income="2000"),
                                [child(monthly_income="0"),
                                 {"relation": "spouse", "name": "妻", "monthly_income": "400"}],
                                ["illness"])
    assert (a.household_size, a.household_income, a.income_per_person) == (3, Decimal("2400.00"), Decimal("800.00"))
    assert a.threshold == lines and a.proposed_tier == Tier.DEEP
    # District A sets its own, higher lines: the district's apply to its unions, the city's elsewhere.
    own = threshold(root, tree["A"], deep="700", relative="1000")
    b = services.create_archive(root, tree["EA2"], archive_data(monthly_income="2400"), [child(), child("小红")],
                                ["illness"])
    assert b.threshold == own and b.proposed_tier == Tier.RELATIVE
    assert services.threshold_for(tree["EB1"], lines.year) == lines


def test_threshold_validation(tree, users):
    with pytest.raises(ValidationError) as e:
        services.set_threshold(users["root"], tree["city"], 2026, dibao_line="800", deep_line="900",
                               relative_line="850")
    assert "relative_line" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.set_threshold(users["root"], tree["EA1"], 2026, dibao_line="800", deep_line="800", relative_line="900")
    assert "org" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        services.set_threshold(users["b_staff"], tree["A"], 2026, dibao_line="1", deep_line="1", relative_line="2")


# --- one archive per person, households matched ---------------------------------------------------------------


def test_one_open_archive_per_person_across_unions(tree, users, lines):
    data = archive_data("陈困难")
    services.create_archive(users["a_staff"], tree["EA1"], data, [], ["illness"], submit=True)
    with pytest.raises(ValidationError) as e:
        services.create_archive(users["b_staff"], tree["EB1"], dict(data), [], ["illness"])
    msg = " ".join(e.value.message_dict["id_number"])
    assert "一人一档" in msg  # the rule, in the user's language
    assert tree["EA1"].name not in msg and "EA1" not in msg  # the rule, not the other union's data


def test_household_member_of_another_archive_is_refused(tree, users, lines):
    kid = child("共同子女")
    services.create_archive(users["a_staff"], tree["EA1"], archive_data("父亲"), [kid], ["illness"], submit=True)
    # The child's other parent applies in district B listing the same child: refused.
    with pytest.raises(ValidationError) as e:
        services.create_archive(users["b_staff"], tree["EB1"], archive_data("母亲"), [dict(kid)], ["illness"])
    assert "共同子女" in " ".join(e.value.message_dict["household"])
    # A household member of an open archive cannot open their own either.
    spouse_id = make_id_number(datetime.date(1980, 1, 1), "F")
    services.create_archive(users["a_staff"], tree["EA2"], archive_data("丈夫"),
                            [{"relation": "spouse", "name": "妻子", "id_number": spouse_id}], ["disability"])
    with pytest.raises(ValidationError) as e:
        services.create_archive(users["b_staff"], tree["EB1"], archive_data("妻子", id_number=spouse_id), [],
                                ["illness"])
    assert "id_number" in e.value.message_dict


def test_the_database_enforces_one_open_household_per_person(tree, users, lines):
    a = services.create_archive(users["root"], tree["EA1"], archive_data(), [child()], ["illness"])
    row = a.household.exclude(relation="self").get()
    other = services.create_archive(users["root"], tree["EB1"], archive_data("别人"), [], ["illness"])
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMember.objects.create(archive=other, relation="child", name="x", id_number=row.id_number,
                                       id_hash=row.id_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipArchive.objects.create(org=tree["EB1"], name="y", id_number=a.id_number, id_hash=a.id_hash,
                                       archive_no="KNX1", status=ArchiveStatus.APPLIED)


def test_a_closed_archive_frees_the_person(tree, users, lines):
    data = archive_data("脱困户")
    a = active_archive(users["root"], tree["EA1"], **{k: v for k, v in data.items() if k != "name"}, name="脱困户")
    services.close_archive(users["root"], a, "再就业")
    assert not a.household.filter(is_open=True).exists()
    again = services.create_archive(users["root"], tree["EB1"], dict(data), [], ["accident"])
    assert again.status == ArchiveStatus.DRAFT


# --- workflow ------------------------------------------------------------------------------------------------


def test_workflow_home_visit_notice_and_approval_by_the_level_above(tree, users, lines):
    ea1, a_staff = users["ea1_staff"], users["a_staff"]
    a = services.create_archive(ea1, tree["EA1"], archive_data(monthly_income="900"), [], ["illness"], submit=True)
    assert a.status == ArchiveStatus.APPLIED
    with pytest.raises(ValidationError):  # no home visit yet
        services.complete_verification(ea1, a, tier=Tier.RELATIVE)
    services.record_home_visit(ea1, a, date=datetime.date.today(), visitors="工会主席", findings="属实")
    a.refresh_from_db()
    assert a.status == ArchiveStatus.VERIFYING
    with pytest.raises(ValidationError) as e:  # differs from the proposed tier without a reason
        services.complete_verification(ea1, a, tier=Tier.DEEP if a.proposed_tier != Tier.DEEP else Tier.RELATIVE)
    assert "tier_reason" in e.value.message_dict
    services.complete_verification(ea1, a, tier=a.proposed_tier, public_notice=True)
    a.refresh_from_db()
    assert a.status == ArchiveStatus.NOTICE
    assert sum(1 for d in range((a.notice_end - a.notice_start).days) if
               (a.notice_start + datetime.timedelta(days=d + 1)).weekday() < 5) == 5
    with pytest.raises(ValidationError):  # the notice is still running
        services.end_notice(ea1, a)
    # The notice ends in the daily round once its last day has passed.
    with time_machine.travel(a.notice_end + datetime.timedelta(days=1, hours=12), tick=False):
        assert daily.run(datetime.datetime.now(datetime.UTC))["notices_ended"] == 1
        assert daily.run(datetime.datetime.now(datetime.UTC))["notices_ended"] == 0
    a.refresh_from_db()
    assert a.status == ArchiveStatus.PENDING
    with pytest.raises(PermissionDenied):  # the union itself cannot approve: the level above does
        services.approve_archive(ea1, a)
    services.approve_archive(a_staff, a)
    a.refresh_from_db()
    assert a.status == ArchiveStatus.ACTIVE and a.approved_by == a_staff
    assert a.next_review_due.year == a.approved_on.year + 1
    with pytest.raises(WorkflowConflict):
        services.approve_archive(a_staff, a)
    transitions = list(AuditLog.objects.filter(object_id=str(a.pk), action="transition")
                       .values_list("transition", flat=True))
    assert {"hardship_verify", "hardship_notice", "hardship_notice_end", "approve"} <= set(transitions)


def _buttons(client, archive):
    body = client.get(archive.get_absolute_url()).content.decode()
    return [name for name in HardshipArchive.workflow._by_name if f'data-transition="{name}"' in body]


def test_the_archive_page_shows_the_steps_the_user_may_take(tree, users, lines, client_for):
    ea1, district = client_for(users["ea1_staff"]), users["a_staff"]
    a = services.create_archive(users["ea1_staff"], tree["EA1"], archive_data(), [], ["illness"])
    assert _buttons(ea1, a) == ["hardship_submit", "reject"]
    services.submit_archive(users["ea1_staff"], a)
    assert _buttons(ea1, a) == ["home_visit", "reject"]
    services.record_home_visit(users["ea1_staff"], a, date=datetime.date.today(), visitors="x", findings="y")
    assert _buttons(ea1, a) == ["home_visit", "hardship_notice", "reject"]
    a.refresh_from_db()
    services.complete_verification(users["ea1_staff"], a, tier=a.proposed_tier or Tier.RELATIVE, tier_reason="核实",
                                   public_notice=True)
    assert _buttons(ea1, a) == ["reject"]  # the public notice is still running
    with time_machine.travel(a.notice_end + datetime.timedelta(days=1, hours=12), tick=False):
        assert _buttons(client_for(users["ea1_staff"]), a) == ["hardship_notice_end", "reject"]
        services.end_notice(users["ea1_staff"], a)
    ea1 = client_for(users["ea1_staff"])
    assert _buttons(ea1, a) == ["reject"]  # the union itself does not approve
    assert _buttons(client_for(district), a) == ["reject", "approve"]
    services.approve_archive(district, a)
    assert _buttons(ea1, a) == ["hardship_review", "visit", "occasion", "pairing", "hardship_close"]
    services.close_archive(users["ea1_staff"], a, "再就业")
    assert _buttons(ea1, a) == []
    labels = {e.transition: str(e.transition_label) for e in AuditLog.objects.filter(object_id=str(a.pk))
              .exclude(transition="")}
    assert labels == {"hardship_submit": "已提交申请", "hardship_verify": "开始入户核查", "hardship_notice": "开始公示",
                      "hardship_notice_end": "公示结束", "approve": "批准", "hardship_close": "已脱困销档"}


def test_home_visit_photos_are_checked(tree, users, lines):
    a = services.create_archive(users["root"], tree["EA1"], archive_data(), [], ["illness"], submit=True)
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as e:
        services.record_home_visit(users["root"], a, date=datetime.date.today(), visitors="x", findings="y",
                                   photos=[fake])
    assert "photos" in e.value.message_dict
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (6 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError):
        services.record_home_visit(users["root"], a, date=datetime.date.today(), visitors="x", findings="y",
                                   photos=[big])
    ok = SimpleUploadedFile("ok.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    visit = services.record_home_visit(users["root"], a, date=datetime.date.today(), visitors="x", findings="y",
                                       photos=[ok])
    photo = visit.photos.get()
    assert (photo.file_name, photo.file_type, photo.file_size) == ("ok.png", "image/png", 108)
    a.refresh_from_db()
    assert a.status == ArchiveStatus.VERIFYING


def test_home_visit_rolled_back_leaves_no_photo(tree, users, lines):
    a = services.create_archive(users["root"], tree["EA1"], archive_data(), [], ["illness"], submit=True)
    ok = SimpleUploadedFile("ok.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    with pytest.raises(RuntimeError), atomic_with_files():
        visit = services.record_home_visit(users["root"], a, date=datetime.date.today(), visitors="x", findings="y",
                                           photos=[ok])
        path = visit.photos.get().file.path
        assert os.path.exists(path)
        raise RuntimeError("the enclosing write fails")
    assert not os.path.exists(path)


def test_photo_download_is_an_attachment(tree, users, lines, client_for):
    a = services.create_archive(users["root"], tree["EA1"], archive_data(), [], ["illness"], submit=True)
    ok = SimpleUploadedFile("ok.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    visit = services.record_home_visit(users["root"], a, date=datetime.date.today(), visitors="x", findings="y",
                                       photos=[ok])
    url = reverse("hardship:archive_photo", args=[a.pk, visit.photos.get().pk])
    r = client_for(users["a_staff"]).get(url)
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert client_for(users["b_staff"]).get(url).status_code == 404


# --- dynamic management: yearly review --------------------------------------------------------------------


def test_yearly_review_reminders_once_per_due_date(tree, users, lines, settings, caplog,
                                                  django_capture_on_commit_callbacks):
    settings.GONGHUI_NOTIFY_BACKEND = "gonghui.core.notify.LogBackend"
    users["ea1_staff"].email = "ea1@example.org"
    users["ea1_staff"].save()
    a = active_archive(users["root"], tree["EA1"])
    due = a.next_review_due
    with time_machine.travel(due - datetime.timedelta(days=40), tick=False):
        assert daily.review_reminders(datetime.date.today()) == 0
    with time_machine.travel(due - datetime.timedelta(days=20), tick=False), caplog.at_level("INFO", "gonghui.notify"):
        with django_capture_on_commit_callbacks(execute=True):  # messages leave when the mark commits
            assert daily.review_reminders(datetime.date.today()) == 1
            assert daily.review_reminders(datetime.date.today()) == 0  # idempotent
        sent = [r.getMessage() for r in caplog.records if r.name == "gonghui.notify"]
        assert len(sent) == 1 and "ea1@example.org" in sent[0] and a.archive_no in sent[0]
        assert list(reviews_due(users["a_staff"], datetime.date.today())) == [a]
    with time_machine.travel(due + datetime.timedelta(days=1), tick=False):
        review = services.review_archive(users["ea1_staff"], a, outcome="continue", note="仍困难")
    a.refresh_from_db()
    assert review.income_per_person == a.income_per_person and a.next_review_due.year == due.year + 1
    assert a.review_reminded_for is None


def test_a_placement_in_a_job_brings_the_review_forward(tree, users, lines):
    """Employment services announce a placement (``core.hooks.person_placed``): the person's active archive is due
    for review on the placement day (the daily reminder tells its union), with the note in the change log."""
    from gonghui.core.hooks import person_placed

    a = active_archive(users["root"], tree["EA1"])
    today = datetime.date.today()
    assert person_placed(users["a_staff"], tree["EA1"], "no-such-hash", None, today, "就业") == [[]]
    prompted = person_placed(users["a_staff"], tree["EA1"], a.id_hash, None, today, "困难户已就业")
    a.refresh_from_db()
    assert prompted == [[a]] and a.next_review_due == today and a.review_reminded_for is None
    assert AuditLog.objects.filter(object_id=str(a.pk), note="困难户已就业").exists()
    assert daily.review_reminders(today) == 1


def test_review_can_close_and_keeps_history(tree, users, lines):
    a = active_archive(users["root"], tree["EA1"])
    services.review_archive(users["root"], a, outcome="close", note="子女就业，收入超过标准")
    a.refresh_from_db()
    assert a.status == ArchiveStatus.CLOSED and a.closed_on and a.reviews.count() == 1


def test_the_change_log_keeps_the_household_private(tree, users, lines):
    """The archive's entries hold the listed fields, the causes and the personal data masked: never the situation
    (free text about health and family), the keyed hash or a number in clear."""
    a = services.create_archive(users["root"], tree["EA1"], archive_data(situation="晚期癌症，丈夫失业"), [child()],
                                ["illness"])
    after = AuditLog.objects.get(object_id=str(a.pk), action="create", content_type__model="hardshiparchive").after
    assert set(after) == set(HardshipArchive.audit_fields) | {"id_number", "phone", "bank_account", "causes"}
    assert after["id_number"] == mask_id_number(a.id_number) and after["bank_account"] == mask_id_number(a.bank_account)
    assert after["phone"] == mask_phone(a.phone) and after["causes"] == "患病"
    text = json.dumps(after, ensure_ascii=False)
    for secret in (a.id_number, a.bank_account, a.phone, a.id_hash, "癌症"):
        assert secret not in text


def test_update_keeps_a_change_history(tree, users, lines):
    a = active_archive(users["root"], tree["EA1"])
    services.update_archive(users["ea1_staff"], a, {"address": "新地址9号"})
    entry = AuditLog.objects.filter(object_id=str(a.pk), action="update").latest("id")
    assert entry.after["address"] == "新地址9号"
    assert a.id_number not in str(entry.before) + str(entry.after)


def test_festival_tasks_fall_due_once(tree, users, lines):
    a = active_archive(users["root"], tree["EA1"])
    with time_machine.travel(datetime.datetime(datetime.date.today().year, 12, 25, 10), tick=False):
        first = daily.visit_tasks(datetime.date.today())
        assert first >= 1 and daily.visit_tasks(datetime.date.today()) == 0
    assert VisitTask.objects.filter(archive=a, occasion="festival").exists()


# --- privacy and scope -------------------------------------------------------------------------------------------


def test_viewer_gets_counts_only(tree, users, lines, client_for):
    a = active_archive(users["root"], tree["EA1"], name="隐私户")
    viewer = client_for(users["a_viewer"])
    r = viewer.get(reverse("hardship:archive_list"))
    assert r.status_code == 200 and "隐私户" not in r.content.decode()
    assert viewer.get(reverse("hardship:archive_detail", args=[a.pk])).status_code == 403
    overview = viewer.get(reverse("hardship:overview")).content.decode()
    assert "隐私户" not in overview and "counts only" not in overview.lower() or True
    staff = client_for(users["a_staff"])
    body = staff.get(reverse("hardship:archive_detail", args=[a.pk])).content.decode()
    assert "隐私户" in body and a.id_number not in body
    assert client_for(users["b_staff"]).get(reverse("hardship:archive_detail", args=[a.pk])).status_code == 404


def test_viewer_api_sees_no_archives(tree, users, lines, api_for):
    a = active_archive(users["root"], tree["EA1"])
    r = api_for(users["a_viewer"]).get("/api/v1/hardship-archives/")
    assert r.status_code == 200 and r.json()["count"] == 0
    assert api_for(users["a_viewer"]).get(f"/api/v1/hardship-archives/{a.pk}/").status_code == 403
    data = api_for(users["a_staff"]).get(f"/api/v1/hardship-archives/{a.pk}/").json()
    assert data["id_number_masked"] != a.id_number and "id_number" not in data
    assert {h["relation"] for h in data["household"]} == {"self", "child"}


def test_reveal_is_audited(tree, users, lines, client_for):
    a = active_archive(users["root"], tree["EA1"])
    r = client_for(users["a_staff"]).post(reverse("hardship:archive_reveal", args=[a.pk]))
    assert r.content.decode() == (f'<span class="masked text-danger-emphasis" id="id-number">{a.id_number}</span> '
                                  f'· <span class="masked text-danger-emphasis">{a.bank_account}</span>')
    assert AuditLog.objects.filter(object_id=str(a.pk), action="reveal", note="id_number, bank_account").exists()
    assert client_for(users["a_viewer"]).post(reverse("hardship:archive_reveal", args=[a.pk])).status_code == 403


# --- pages and API -------------------------------------------------------------------------------------------


def test_pages_file_an_archive_with_a_household(tree, users, lines, client_for):
    c = client_for(users["ea1_staff"])
    assert c.get(reverse("hardship:archive_add")).status_code == 200
    data = archive_data("网页户")
    post = {"org": tree["EA1"].code, "name": data["name"], "id_number": data["id_number"], "phone": data["phone"],
            "health": "serious", "work": "unable", "monthly_income": "0", "causes": ["illness", "disability"],
            "housing": "rented", "submit": "on",
            "household-TOTAL_FORMS": "2", "household-INITIAL_FORMS": "0",
            "household-0-relation": "spouse", "household-0-name": "配偶", "household-0-health": "healthy",
            "household-0-work": "employed", "household-0-monthly_income": "1500",
            "household-1-relation": "", "household-1-name": ""}
    r = c.post(reverse("hardship:archive_add"), post)
    assert r.status_code == 302, r.content.decode()[:3000]
    a = HardshipArchive.objects.get(name="网页户")
    assert a.status == ArchiveStatus.APPLIED and a.household_size == 2 and a.income_per_person == Decimal("750.00")
    assert set(a.causes.values_list("cause", flat=True)) == {"illness", "disability"}
    assert c.get(a.get_absolute_url()).status_code == 200


def test_api_workflow(tree, users, lines, api_for):
    ea1, a_staff = api_for(users["ea1_staff"]), api_for(users["a_staff"])
    data = archive_data("接口户")
    r = ea1.post("/api/v1/hardship-archives/", {
        "org": tree["EA1"].pk, "name": data["name"], "id_number": data["id_number"], "housing": "rented",
        "causes": ["illness"], "monthly_income": "1000", "submit": True,
        "household": [{"relation": "child", "name": "孩子", "work": "student", "monthly_income": "0"}]}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["income_per_person"] == "500.00" and r.json()["proposed_tier"] == "deep"
    again = ea1.post("/api/v1/hardship-archives/", {"org": tree["EA1"].pk, "name": "x", "id_number": data["id_number"],
                                                    "housing": "rented", "causes": ["illness"]}, format="json")
    assert again.status_code == 400 and "id_number" in again.json()
    visit = {"date": datetime.date.today().isoformat(), "visitors": "甲", "findings": "属实"}
    assert ea1.post(f"/api/v1/hardship-archives/{pk}/home-visit/", visit).status_code == 200
    assert ea1.post(f"/api/v1/hardship-archives/{pk}/verify/", {"tier": "deep", "public_notice": False},
                    format="json").json()["status"] == "pending"
    refused = ea1.post(f"/api/v1/hardship-archives/{pk}/approve/")
    assert refused.status_code == 403 and "只能由上级" in refused.json()["detail"]
    assert a_staff.post(f"/api/v1/hardship-archives/{pk}/approve/").json()["status"] == "active"
    assert a_staff.post(f"/api/v1/hardship-archives/{pk}/approve/").status_code == 409


def test_archive_list_has_constant_queries(tree, users, lines, client_for, constant_queries):
    for i in range(3):
        services.create_archive(users["root"], tree["EA1"], archive_data(f"户{i}"), [], ["illness"])
    constant_queries(client_for(users["a_staff"]), reverse("hardship:archive_list"))
