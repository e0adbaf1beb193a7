"""The change log is no side door: its entries show a reader no more of a record than the record itself does
(issue 15, part 3a/3b), for every model found, on the page and in the API."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, resolve

from gonghui.core import audit, scope
from gonghui.core.models import AuditAction, AuditLog, audit_hidden_fields, read_action
from gonghui.core.pii import mask_free_text
from gonghui.core.testing import build_scope_world, make_id_number, make_phone, scoped_models

pytestmark = pytest.mark.django_db

ID = make_id_number()
PHONE = make_phone()


def _entries_json(api, obj):
    ct = ContentType.objects.get_for_model(obj)
    url = f"/api/v1/audit-log/?content_type={ct.app_label}.{ct.model}&object_id={obj.pk}&per_page=100"
    response = api.get(url)
    assert response.status_code == 200
    return response.json()["results"]


def _page_of(client, obj):
    try:
        url = obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return None
    if resolve(url.split("?")[0]).url_name.endswith("_edit"):  # no page to read it but its edit form: read on its list
        return None
    return client.get(url).status_code


def test_every_model_change_log_shows_no_more_than_the_record(tree, users, api_for, client_for):
    """For every scoped model: a viewer whose page of the record is refused reads only the fact of a change in the
    change log (API and page); a declared restricted field never reaches a reader without its right."""
    world = build_scope_world(tree, users["root"])
    viewer = users["a_viewer"]
    api, client = api_for(viewer), client_for(viewer)
    checked = refused = 0
    for label, objs in sorted(world["objects"].items()):
        obj = objs["A"]
        model = type(obj)
        if model is AuditLog:
            continue
        audit.record(AuditAction.UPDATE, obj, user=users["root"], before={"x": "1"}, after={"x": "2"},
                     note=f"QXSECRET{label}")
        entries = _entries_json(api, obj)
        status = _page_of(client, obj)
        may_open = audit_hidden_fields(model, viewer, obj.audit_org()) is not None
        if status is not None:
            assert (status == 200) == may_open, f"{label}: page answers {status}, the change log's rule differs"
        assert entries, f"{label}: no change-log entry in the viewer's scope"
        for entry in entries:
            if not may_open:
                assert entry["before"] is None and entry["after"] is None and entry["note"] == "", label
                assert str(obj) not in entry["object_repr"] or not str(obj), label
            for name, action in getattr(model, "restricted_fields", {}).items():
                if not scope.can(viewer, action, obj.audit_org()):
                        assert name not in (entry["before"] or {}) and name not in (entry["after"] or {}), label
        page = client.get(f"/audit-log/?content_type={ContentType.objects.get_for_model(obj).app_label}."
                          f"{model._meta.model_name}&object_id={obj.pk}").content.decode()
        assert (f"QXSECRET{label}" in page) == may_open, label
        checked += 1
        refused += not may_open
    assert checked == len([m for m in scoped_models() if m._meta.label_lower in world["objects"]]) - 1 > 10
    assert refused >= 2  # the hardship archive and recipient at least


def test_restricted_fields_are_filtered_by_the_declaration(tree, users, monkeypatch):
    """A field declared for a stronger role is removed from the entry's before and after for other readers."""
    org = tree["EA1"]
    model = type(org)
    monkeypatch.setattr(model, "restricted_fields", {"name": "change"}, raising=False)
    audit.record(AuditAction.UPDATE, org, user=users["root"], before={"name": "甲", "code": "1"},
                 after={"name": "乙", "code": "2"})
    qs = audit.history_for(org, users["a_viewer"])
    entry = qs.filter(action="update").first()
    assert entry.before == {"code": "1"} and entry.after == {"code": "2"}
    staff = audit.history_for(org, users["a_staff"]).filter(action="update").first()
    assert staff.after == {"name": "乙", "code": "2"}


def test_read_action_follows_the_page_of_a_record_shown_on_another():
    from gonghui.hardship.models import AidPayment, HardshipArchive, Visit, VisitTask

    assert read_action(HardshipArchive) == "assist"
    assert read_action(Visit) == read_action(VisitTask) == read_action(AidPayment) == "assist"


def test_mask_free_text_finds_id_and_mobile_numbers():
    text = f"退会原因：身份证{ID}，电话{PHONE}，或 {PHONE[:3]}-{PHONE[3:7]}-{PHONE[7:]}；编号 RH12345678901234567Z"
    masked = mask_free_text(text)
    assert ID not in masked and PHONE not in masked and PHONE[3:7] not in masked.split("；")[0][-14:]
    assert ID[:4] in masked and "RH12345678901234567Z" in masked
    assert mask_free_text(None) is None and mask_free_text(3) == 3
    assert mask_free_text("12345678901234567890123") == "12345678901234567890123"  # no ID inside a longer run


def test_numbers_typed_into_free_text_never_reach_the_change_log(tree, users, api_for, client_for):
    """Stored masked (the snapshot and the note), and masked when read (entries written before the fix)."""
    from gonghui.orgs.models import Organisation

    org = tree["EA1"]
    free = [f.name for f in type(org)._meta.concrete_fields if f.name in ("address", "note", "remarks")]
    before = audit.snapshot(org)
    entry = audit.record(AuditAction.UPDATE, org, user=users["root"], before=before, after=before,
                         note=f"打电话 {PHONE}，身份证 {ID}")
    assert PHONE not in entry.note and ID not in entry.note
    if free:
        setattr(org, free[0], f"联系人电话{PHONE}")
        assert PHONE not in json.dumps(audit.snapshot(org), ensure_ascii=False)
    # An old entry written in clear is masked for every reader, on the page, the API and the record's history.
    AuditLog.objects.filter(pk=entry.pk).update(note=f"旧记录 {ID} {PHONE}")
    for user in (users["a_viewer"], users["a_staff"]):
        body = api_for(user).get(f"/api/v1/audit-log/?object_id={org.pk}").content.decode()
        assert ID not in body and PHONE not in body and "旧记录" in body
        page = client_for(user).get("/audit-log/").content.decode()
        assert ID not in page and PHONE not in page
        detail = client_for(user).get(Organisation.objects.get(pk=org.pk).get_absolute_url()).content.decode()
        assert ID not in detail and PHONE not in detail
