"""Official pages: lists, detail, add/edit, each workflow step by POST, scope and roles."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from gonghui.accounts.models import User
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.testing import make_id_number
from gonghui.members import services
from gonghui.members.choices import ApplicationStatus, MemberStatus, TransferStatus
from gonghui.members.models import JoinApplication, Member, Transfer
from gonghui.tools.testing import member_data


def _form(**overrides):
    data = member_data(**overrides)
    data["org"] = overrides.get("org", "C01EA1")
    data["ethnicity"] = "01"
    return {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


# --- lists -------------------------------------------------------------------------------------


def test_member_list_masks_id_numbers_and_phones(users, members, client_for):
    response = client_for(users["a_viewer"]).get(reverse("members:member_list"))
    assert response.status_code == 200
    body = response.content.decode()
    for m in (members["ea1_a"], members["ea1_b"]):
        assert m.name in body and m.id_number_masked in body and m.phone_masked in body
        assert m.id_number not in body and m.phone not in body
    assert members["eb1_a"].name not in body


def test_member_list_search_and_filters(tree, users, members, client_for):
    c = client_for(users["root"])
    url = reverse("members:member_list")

    def names(params):
        body = c.get(url, params).content.decode()
        return {n for n in ("李明", "王芳", "赵强") if n in body}

    assert names({"q": members["ea1_b"].id_number}) == {"王芳"}
    assert names({"q": members["eb1_a"].phone}) == {"赵强"}
    assert names({"q": members["ea1_a"].member_no}) == {"李明"}
    assert names({"q": "王"}) == {"王芳"}
    assert names({"within": "C01A"}) == {"李明", "王芳"}
    assert names({"within": "C01B1"}) == {"赵强"}
    assert names({"gender": "F"}) == {"王芳"}
    assert names({"status": "active", "employment_type": "regular"}) == {"李明", "王芳", "赵强"}
    assert names({"joined_from": "2030-01-01"}) == set()
    # A code outside the user's scope finds nothing (and says nothing about that union).
    assert client_for(users["a_staff"]).get(url, {"within": "C01B"}).content.decode().count("赵强") == 0


def test_member_list_htmx_returns_the_table_only(users, members, client_for):
    response = client_for(users["a_staff"]).get(reverse("members:member_list"), HTTP_HX_REQUEST="true",
                                                HTTP_HX_TARGET="object-list")
    body = response.content.decode()
    assert "李明" in body and "<nav" not in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_export_keeps_pii_masked(users, members, client_for, fmt):
    response = client_for(users["a_staff"]).get(reverse("members:member_list"), {"export": fmt})
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
        text = "\n".join(",".join(str(c.value or "") for c in row) for row in sheet.iter_rows())
    else:
        text = raw.decode("utf-8-sig")
    m = members["ea1_a"]
    assert m.name in text and m.id_number_masked in text and m.phone_masked in text
    assert m.id_number not in text and m.phone not in text
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_application_and_transfer_lists(tree, users, members, pending_app, client_for):
    t = services.start_transfer(users["a_staff"], members["ea1_a"], tree["EB1"])
    c = client_for(users["a_staff"])
    body = c.get(reverse("members:application_list"), {"status": "pending"}).content.decode()
    assert pending_app.reference_no in body and pending_app.id_number not in body
    assert pending_app.reference_no not in c.get(reverse("members:application_list"),
                                                 {"status": "approved"}).content.decode()
    # Transfer direction is seen from the user's unions.
    cb = client_for(users["b_staff"])
    assert "李明" in cb.get(reverse("members:transfer_list"), {"direction": "incoming"}).content.decode()
    assert "李明" not in cb.get(reverse("members:transfer_list"), {"direction": "outgoing"}).content.decode()
    c = client_for(users["a_staff"])
    assert "李明" in c.get(reverse("members:transfer_list"),
                         {"direction": "outgoing", "status": "pending"}).content.decode()
    assert "李明" not in c.get(reverse("members:transfer_list"), {"direction": "incoming"}).content.decode()
    assert t.pk


# --- detail and reveal -------------------------------------------------------------------------


def test_member_detail_for_staff_and_viewer(users, members, client_for):
    m = members["ea1_a"]
    url = reverse("members:member_detail", args=[m.pk])
    staff = client_for(users["a_staff"]).get(url).content.decode()
    assert m.id_number_masked in staff and m.id_number not in staff
    assert reverse("members:member_reveal", args=[m.pk]) in staff
    assert reverse("members:member_withdraw", args=[m.pk]) in staff
    assert "Joined" in staff or "入会" in staff or m.org.name in staff
    viewer = client_for(users["a_viewer"]).get(url).content.decode()
    assert m.id_number_masked in viewer and m.id_number not in viewer
    assert reverse("members:member_reveal", args=[m.pk]) not in viewer
    assert reverse("members:member_edit", args=[m.pk]) not in viewer


def test_reveal_by_post_returns_the_number_and_is_audited(users, members, client_for):
    m = members["ea1_a"]
    url = reverse("members:member_reveal", args=[m.pk])
    c = client_for(users["a_staff"])
    assert c.get(url).status_code == 405
    response = c.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and m.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert entry.object_id == str(m.pk) and m.id_number not in str(entry.note) + str(entry.after)
    assert client_for(users["a_viewer"]).post(url).status_code == 403
    assert client_for(users["b_staff"]).post(url).status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_application_reveal(users, pending_app, client_for):
    url = reverse("members:application_reveal", args=[pending_app.pk])
    response = client_for(users["a_staff"]).post(url)
    assert pending_app.id_number in response.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(pending_app.pk)).count() == 1


def test_out_of_scope_pk_is_not_found(users, members, pending_app, client_for):
    c = client_for(users["b_staff"])
    for name in ("member_detail", "member_edit", "member_withdraw", "member_transfer", "member_invite"):
        assert c.get(reverse(f"members:{name}", args=[members["ea1_a"].pk])).status_code == 404, name
    for name in ("application_detail", "application_approve", "application_reject"):
        assert c.get(reverse(f"members:{name}", args=[pending_app.pk])).status_code == 404, name
    assert c.post(reverse("members:member_withdraw", args=[members["ea1_a"].pk]), {"reason": "x"}).status_code == 404
    assert Member.objects.get(pk=members["ea1_a"].pk).status == MemberStatus.ACTIVE


# --- add / edit ---------------------------------------------------------------------------------


def test_add_member(users, client_for):
    c = client_for(users["a_staff"])
    assert c.get(reverse("members:member_add")).status_code == 200
    data = _form(name="孙丽", gender="F")
    response = c.post(reverse("members:member_add"), data)
    m = Member.objects.get(name="孙丽")
    assert response.status_code == 302 and response["Location"] == m.get_absolute_url()
    assert m.org.code == "C01EA1" and m.id_number == data["id_number"]


def test_add_member_errors_show_next_to_the_fields(users, client_for):
    c = client_for(users["a_staff"])
    number = make_id_number(datetime.date(1991, 1, 1), "M")
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    body = c.post(reverse("members:member_add"), _form(id_number=bad, phone="123")).content.decode()
    assert 'name="id_number"' in body and "is-invalid" in body
    assert body.count("invalid-feedback") >= 2
    assert not Member.objects.exists()
    # Gender and birth date that do not match the number.
    body = c.post(reverse("members:member_add"),
                  {**_form(), "id_number": number, "gender": "F", "birth_date": "1991-01-02"}).content.decode()
    assert "1991-01-01" in body
    # A union outside the scope is not offered.
    body = c.post(reverse("members:member_add"), _form(org="C01EB1")).content.decode()
    assert not Member.objects.exists() and "C01EB1" in body


def test_add_member_already_member_elsewhere_does_not_name_the_union(users, members, client_for):
    m = members["ea1_a"]
    body = client_for(users["b_staff"]).post(
        reverse("members:member_add"),
        {**_form(org="C01EB1"), "id_number": m.id_number, "gender": m.gender, "birth_date": m.birth_date.isoformat()},
    ).content.decode()
    assert m.org.name not in body and m.member_no not in body
    assert Member.objects.filter(id_hash=m.id_hash).count() == 1


def test_edit_member_keeps_the_id_number_when_left_empty(users, members, client_for):
    m = members["ea1_a"]
    c = client_for(users["a_staff"])
    page = c.get(reverse("members:member_edit", args=[m.pk])).content.decode()
    assert m.id_number not in page and m.id_number_masked in page
    data = _form(name="李明明", gender=m.gender, birth_date=m.birth_date)
    data.update(id_number="", job_title="电工", org="")
    response = c.post(reverse("members:member_edit", args=[m.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    m2 = Member.objects.get(pk=m.pk)
    assert (m2.name, m2.job_title, m2.id_number, m2.org_id) == ("李明明", "电工", m.id_number, m.org_id)
    assert m2.events.filter(kind="edited").exists()


def test_viewer_gets_403_on_changes(users, members, pending_app, client_for):
    c = client_for(users["a_viewer"])
    m = members["ea1_a"]
    assert c.get(reverse("members:member_add")).status_code == 403
    assert c.post(reverse("members:member_add"), _form()).status_code == 403
    assert c.get(reverse("members:member_edit", args=[m.pk])).status_code == 403
    for name in ("member_withdraw", "member_retain", "member_death", "member_transfer", "member_invite"):
        assert c.post(reverse(f"members:{name}", args=[m.pk]), {"reason": "x"}).status_code == 403, name
    for name in ("application_approve", "application_reject"):
        assert c.post(reverse(f"members:{name}", args=[pending_app.pk]), {"reason": "x"}).status_code == 403
    assert Member.objects.get(pk=m.pk).status == MemberStatus.ACTIVE
    assert JoinApplication.objects.get(pk=pending_app.pk).status == ApplicationStatus.PENDING


# --- status actions ------------------------------------------------------------------------------


def test_status_actions_by_post(users, members, client_for):
    m = members["ea1_a"]
    c = client_for(users["a_staff"])
    assert c.get(reverse("members:member_withdraw", args=[m.pk])).status_code == 200
    # A reason is required to withdraw.
    assert c.post(reverse("members:member_withdraw", args=[m.pk]), {"reason": ""}).status_code == 200
    assert Member.objects.get(pk=m.pk).status == MemberStatus.ACTIVE
    steps = [
        ("member_retain", {"reason": "laid off"}, MemberStatus.RETAINED),
        ("member_reinstate", {"reason": ""}, MemberStatus.ACTIVE),
        ("member_withdraw", {"reason": "left", "date": "2025-01-02"}, MemberStatus.WITHDRAWN),
        ("member_death", {"reason": ""}, MemberStatus.DECEASED),
    ]
    for name, data, status in steps:
        response = c.post(reverse(f"members:{name}", args=[m.pk]), data)
        assert response.status_code == 302, (name, response.content.decode()[:1500])
        assert Member.objects.get(pk=m.pk).status == status, name
    assert Member.objects.get(pk=m.pk).status_changed_on is not None
    # From deceased nothing more: the conflict is shown as a message.
    response = c.post(reverse("members:member_reinstate", args=[m.pk]), {"reason": ""}, follow=True)
    assert Member.objects.get(pk=m.pk).status == MemberStatus.DECEASED
    assert any(msg.level_tag == "error" for msg in response.context["messages"])


def test_future_effective_date_is_refused(users, members, client_for):
    m = members["ea1_a"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = client_for(users["a_staff"]).post(reverse("members:member_withdraw", args=[m.pk]),
                                                 {"reason": "x", "date": tomorrow})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Member.objects.get(pk=m.pk).status == MemberStatus.ACTIVE


def test_invite_to_portal(users, members, client_for):
    m = members["ea1_a"]
    response = client_for(users["a_staff"]).post(reverse("members:member_invite", args=[m.pk]))
    assert response.status_code == 302
    assert User.objects.filter(member=m).exists()
    page = client_for(users["a_staff"]).get(m.get_absolute_url()).content.decode()
    assert reverse("members:member_invite", args=[m.pk]) in page


# --- transfers -----------------------------------------------------------------------------------


def test_transfer_start_confirms_with_the_union_name_only(tree, users, members, client_for):
    m = members["ea1_a"]
    c = client_for(users["a_staff"])
    url = reverse("members:member_transfer", args=[m.pk])
    assert c.get(url).status_code == 200
    body = c.post(url, {"to_org_code": "NOPE", "reason": "x"}).content.decode()
    assert "is-invalid" in body and not Transfer.objects.exists()
    # Step 1: the code is looked up; the confirmation names the union (outside a_staff's scope) and nothing else.
    body = c.post(url, {"to_org_code": "C01EB1", "reason": "new job"}).content.decode()
    assert tree["EB1"].name in body and 'name="confirm"' in body
    assert tree["B1"].name not in body and tree["B"].name not in body
    assert not Transfer.objects.exists()
    # Step 2: confirmed.
    response = c.post(url, {"to_org_code": "C01EB1", "reason": "new job", "confirm": "1"})
    t = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == t.get_absolute_url()
    assert (t.to_org, t.reason, t.member.status) == (tree["EB1"], "new job", MemberStatus.TRANSFERRING)
    # Same union: refused next to the field.
    m2 = members["ea1_b"]
    body = c.post(reverse("members:member_transfer", args=[m2.pk]),
                  {"to_org_code": "C01EA1", "confirm": "1"}).content.decode()
    assert "is-invalid" in body and Transfer.objects.count() == 1


def test_receiving_union_sees_the_transfer_and_decides(tree, users, members, client_for):
    m = members["ea1_a"]
    t = services.start_transfer(users["a_staff"], m, tree["EB1"], "new job")
    cb = client_for(users["b_staff"])
    body = cb.get(t.get_absolute_url()).content.decode()
    assert m.name in body and m.id_number_masked in body and tree["EA1"].name in body
    assert m.id_number not in body and m.phone not in body
    assert reverse("members:member_detail", args=[m.pk]) not in body  # not in B's scope yet
    assert cb.get(reverse("members:member_detail", args=[m.pk])).status_code == 404
    assert reverse("members:transfer_accept", args=[t.pk]) in body
    # The sender cannot accept; the receiver cannot cancel.
    assert client_for(users["a_staff"]).post(reverse("members:transfer_accept", args=[t.pk])).status_code == 403
    cb = client_for(users["b_staff"])
    assert cb.post(reverse("members:transfer_cancel", args=[t.pk])).status_code == 403
    # Refusing needs a reason.
    assert cb.post(reverse("members:transfer_refuse", args=[t.pk]), {"reason": ""}).status_code == 200
    response = cb.post(reverse("members:transfer_accept", args=[t.pk]))
    assert response.status_code == 302
    assert Member.objects.get(pk=m.pk).org == tree["EB1"]
    assert cb.get(reverse("members:member_detail", args=[m.pk])).status_code == 200


def test_transfer_refuse_and_cancel_pages(tree, users, members, client_for):
    t1 = services.start_transfer(users["a_staff"], members["ea1_a"], tree["EB1"])
    assert client_for(users["b_staff"]).post(reverse("members:transfer_refuse", args=[t1.pk]),
                                             {"reason": "unknown person"}).status_code == 302
    assert Transfer.objects.get(pk=t1.pk).status == TransferStatus.REFUSED
    t2 = services.start_transfer(users["a_staff"], members["ea1_b"], tree["EB1"])
    assert client_for(users["a_staff"]).post(reverse("members:transfer_cancel", args=[t2.pk])).status_code == 302
    assert Transfer.objects.get(pk=t2.pk).status == TransferStatus.CANCELLED
    assert Member.objects.get(pk=members["ea1_b"].pk).status == MemberStatus.ACTIVE


# --- applications --------------------------------------------------------------------------------


def test_application_detail_add_approve_reject(tree, users, pending_app, client_for,
                                               django_capture_on_commit_callbacks):
    c = client_for(users["a_staff"])
    body = c.get(pending_app.get_absolute_url()).content.decode()
    assert pending_app.id_number_masked in body and pending_app.id_number not in body
    assert reverse("members:application_approve", args=[pending_app.pk]) in body
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("members:application_approve", args=[pending_app.pk]), {"join_date": ""})
    member = Member.objects.get(id_hash=pending_app.id_hash)
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    # Staff entry, then rejection with a required reason.
    assert c.get(reverse("members:application_add")).status_code == 200
    data = _form(name="周军")
    data.pop("join_date")
    response = c.post(reverse("members:application_add"), data)
    app = JoinApplication.objects.get(name="周军")
    assert response.status_code == 302 and app.channel == "staff"
    assert c.post(reverse("members:application_reject", args=[app.pk]), {"reason": ""}).status_code == 200
    assert c.post(reverse("members:application_reject", args=[app.pk]), {"reason": "not employed"}).status_code == 302
    assert JoinApplication.objects.get(pk=app.pk).status == ApplicationStatus.REJECTED


def test_second_official_sees_the_conflict_message(users, pending_app, client_for):
    services.approve_application(users["ea1_staff"], pending_app)
    response = client_for(users["a_staff"]).post(reverse("members:application_approve", args=[pending_app.pk]),
                                                  {"join_date": ""}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    with translation.override("zh-hans"):
        expected = translation.gettext("This application has already been decided by someone else.")
    assert expected in messages
    assert Member.objects.filter(id_hash=pending_app.id_hash).count() == 1


def test_paging_through_ties_shows_every_member_once_in_the_export_order(tree, users, client_for):
    """Members sorted by a column they share (the same join date) still page and export in one order."""
    for i in range(7):
        services.create_member(users["root"], tree["EA1"],
                               member_data(name=f"同日{i}", join_date=datetime.date(2024, 5, 1)))
    client = client_for(users["a_staff"])
    seen = []
    for page in (1, 2, 3, 4):
        html = client.get("/members/", {"sort": "-join_date", "per_page": 2, "page": page}).content.decode()
        seen += re.findall(r"同日\d", html)
    assert sorted(seen) == [f"同日{i}" for i in range(7)]  # each once, none lost between pages
    export = client.get("/members/", {"sort": "-join_date", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [c for r in rows for c in r if c.startswith("同日")] == seen
