"""The REST API: members, join applications and transfers (same rules, filters and services as the pages)."""

from gonghui.core.models import AuditAction, AuditLog
from gonghui.members.choices import ApplicationStatus, MemberStatus, TransferStatus
from gonghui.members.models import JoinApplication, Member, Transfer
from gonghui.tools.testing import member_data

MEMBERS = "/api/v1/members/"
APPS = "/api/v1/join-applications/"
TRANSFERS = "/api/v1/transfers/"


def _json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def test_list_masks_id_numbers_and_phones_and_is_scoped(users, members, api_for):
    response = api_for(users["a_staff"]).get(MEMBERS)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["name"] for r in rows} == {"李明", "王芳"}
    m = members["ea1_a"]
    row = next(r for r in rows if r["id"] == m.pk)
    assert row["id_number"] == m.id_number_masked and row["phone"] == m.phone_masked
    assert row["member_no"] == m.member_no and row["org"] == m.org_id and row["status"] == "active"


def test_list_filters_are_the_pages(users, members, api_for):
    c = api_for(users["root"])

    def names(params):
        return {r["name"] for r in c.get(MEMBERS, params).json()["results"]}

    assert names({"q": members["ea1_b"].id_number}) == {"王芳"}
    assert names({"q": members["eb1_a"].phone}) == {"赵强"}
    assert names({"within": "C01A1"}) == {"李明", "王芳"}
    assert names({"gender": "F"}) == {"王芳"}


def test_retrieve_masked_then_revealed_with_audit(users, members, api_for):
    m = members["ea1_a"]
    c = api_for(users["a_staff"])
    data = c.get(f"{MEMBERS}{m.pk}/").json()
    assert data["id_number"] == m.id_number_masked and data["phone"] == m.phone  # phones masked in lists only
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    data = c.get(f"{MEMBERS}{m.pk}/", {"reveal": "1"}).json()
    assert data["id_number"] == m.id_number
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(m.pk)).count() == 1
    assert api_for(users["a_viewer"]).get(f"{MEMBERS}{m.pk}/", {"reveal": "1"}).status_code == 403
    # The reveal action.
    response = c.post(f"{MEMBERS}{m.pk}/reveal/")
    assert response.status_code == 200 and response.json() == {"id_number": m.id_number}
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 2
    assert api_for(users["a_viewer"]).post(f"{MEMBERS}{m.pk}/reveal/").status_code == 403
    assert api_for(users["b_staff"]).post(f"{MEMBERS}{m.pk}/reveal/").status_code == 404
    for entry in AuditLog.objects.filter(action=AuditAction.REVEAL):
        assert m.id_number not in f"{entry.note}{entry.before}{entry.after}"


def test_create_and_validation_errors(tree, users, api_for):
    c = api_for(users["a_staff"])
    data = _json({**member_data(name="钱多"), "org": tree["EA1"].pk})
    response = c.post(MEMBERS, data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["member_no"] and body["status"] == "active" and body["id_number"] != data["id_number"]
    m = Member.objects.get(pk=body["id"])
    assert m.id_number == data["id_number"]
    # Bad checksum / phone: 400 with field messages.
    bad = data["id_number"][:17] + ("0" if data["id_number"][17] != "0" else "1")
    response = c.post(MEMBERS, {**data, "id_number": bad, "phone": "12"}, format="json")
    assert response.status_code == 400 and {"id_number", "phone"} <= set(response.json())
    # Already a member: 400 on id_number.
    response = c.post(MEMBERS, data, format="json")
    assert response.status_code == 400 and "id_number" in response.json()
    # A union outside the scope cannot be chosen.
    response = c.post(MEMBERS, {**_json(member_data()), "org": tree["EB1"].pk}, format="json")
    assert response.status_code == 400 and "org" in response.json()
    # Status is read-only: ignored on create.
    response = c.post(MEMBERS, {**_json(member_data()), "org": tree["EA1"].pk, "status": "deceased"}, format="json")
    assert response.json()["status"] == "active"


def test_update_partial_update_and_no_delete(tree, users, members, api_for):
    m = members["ea1_a"]
    c = api_for(users["a_staff"])
    response = c.patch(f"{MEMBERS}{m.pk}/", {"job_title": "钳工", "org": tree["EA2"].pk, "status": "withdrawn"},
                       format="json")
    assert response.status_code == 200, response.json()
    m2 = Member.objects.get(pk=m.pk)
    assert (m2.job_title, m2.org_id, m2.status, m2.id_number) == ("钳工", m.org_id, MemberStatus.ACTIVE, m.id_number)
    full = {**_json(member_data(name="李明", gender=m.gender, birth_date=m.birth_date)), "id_number": m.id_number}
    assert c.put(f"{MEMBERS}{m.pk}/", full, format="json").status_code == 200
    assert c.delete(f"{MEMBERS}{m.pk}/").status_code == 405
    assert Member.objects.filter(pk=m.pk).exists()


def test_status_actions_and_history(tree, users, members, api_for):
    m = members["ea1_a"]
    c = api_for(users["a_staff"])
    assert c.post(f"{MEMBERS}{m.pk}/withdraw/", {}, format="json").status_code == 400  # reason required
    response = c.post(f"{MEMBERS}{m.pk}/withdraw/", {"reason": "left", "date": "2025-02-01"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert response.json()["status_changed_on"] == "2025-02-01"
    assert c.post(f"{MEMBERS}{m.pk}/withdraw/", {"reason": "again"}, format="json").status_code == 409
    assert c.post(f"{MEMBERS}{m.pk}/reinstate/", {}, format="json").json()["status"] == "active"
    assert c.post(f"{MEMBERS}{m.pk}/retain/", {"reason": "retired"}, format="json").json()["status"] == "retained"
    assert c.post(f"{MEMBERS}{m.pk}/reinstate/", {}, format="json").status_code == 200
    history = c.get(f"{MEMBERS}{m.pk}/history/").json()
    kinds = [e["kind"] for e in history["results"]]
    assert kinds[:3] == ["reinstated", "status_changed", "reinstated"] and kinds[-1] == "joined"
    assert api_for(users["a_viewer"]).post(f"{MEMBERS}{m.pk}/withdraw/", {"reason": "x"},
                                           format="json").status_code == 403
    assert api_for(users["b_staff"]).get(f"{MEMBERS}{m.pk}/history/").status_code == 404


def test_transfer_through_member_action_and_transfers_endpoint(tree, users, members, api_for):
    m = members["ea1_a"]
    a = api_for(users["a_staff"])
    response = a.post(f"{MEMBERS}{m.pk}/transfer/", {"to_org_code": "NOPE"}, format="json")
    assert response.status_code == 400 and "to_org_code" in response.json()
    response = a.post(f"{MEMBERS}{m.pk}/transfer/", {"to_org_code": "C01EA1"}, format="json")
    assert response.status_code == 400 and "to_org_code" in response.json()
    response = a.post(f"{MEMBERS}{m.pk}/transfer/", {"to_org_code": "C01EB1", "reason": "new job"}, format="json")
    assert response.status_code == 201, response.json()
    t = response.json()
    assert (t["to_org_name"], t["status"], t["member_id_number"]) == (tree["EB1"].name, "pending", m.id_number_masked)
    # The receiving union sees it (incoming) with the member's name and masked ID, and accepts it.
    b = api_for(users["b_staff"])
    rows = b.get(TRANSFERS, {"direction": "incoming"}).json()["results"]
    assert [r["id"] for r in rows] == [t["id"]] and rows[0]["member_name"] == "李明"
    assert m.id_number not in str(rows)
    assert b.get(TRANSFERS, {"direction": "outgoing"}).json()["count"] == 0
    assert a.post(f"{TRANSFERS}{t['id']}/accept/").status_code == 403  # not the sender's decision
    assert b.post(f"{TRANSFERS}{t['id']}/cancel/").status_code == 403  # not the receiver's
    assert b.post(f"{TRANSFERS}{t['id']}/refuse/", {}, format="json").status_code == 400
    response = b.post(f"{TRANSFERS}{t['id']}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert b.post(f"{TRANSFERS}{t['id']}/accept/").status_code == 409
    assert Member.objects.get(pk=m.pk).org == tree["EB1"]


def test_transfers_create_refuse_cancel(tree, users, members, api_for):
    a, b = api_for(users["a_staff"]), api_for(users["b_staff"])
    response = a.post(TRANSFERS, {"member": members["ea1_a"].pk, "to_org_code": "C01EB1"}, format="json")
    assert response.status_code == 201
    t1 = response.json()["id"]
    # A member outside the scope cannot be sent.
    response = b.post(TRANSFERS, {"member": members["ea1_b"].pk, "to_org_code": "C01EB1"}, format="json")
    assert response.status_code == 400 and "member" in response.json()
    assert b.post(f"{TRANSFERS}{t1}/refuse/", {"reason": "unknown"}, format="json").json()["status"] == "refused"
    assert Member.objects.get(pk=members["ea1_a"].pk).status == MemberStatus.ACTIVE
    t2 = a.post(TRANSFERS, {"member": members["ea1_b"].pk, "to_org_code": "C01EB1"}, format="json").json()["id"]
    assert a.post(f"{TRANSFERS}{t2}/cancel/").json()["status"] == "cancelled"
    assert Transfer.objects.get(pk=t2).status == TransferStatus.CANCELLED
    assert a.delete(f"{TRANSFERS}{t2}/").status_code == 405


def test_join_applications_api(tree, users, pending_app, api_for, django_capture_on_commit_callbacks):
    c = api_for(users["a_staff"])
    rows = c.get(APPS, {"status": "pending"}).json()["results"]
    assert [r["id"] for r in rows] == [pending_app.pk]
    assert rows[0]["id_number"] == pending_app.id_number_masked and rows[0]["phone"] == pending_app.phone_masked
    response = c.post(APPS, {**_json(member_data(name="郑和")), "org": tree["EA2"].pk}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["channel"] == "staff" and created["status"] == "pending"
    assert c.post(f"{APPS}{created['id']}/reject/", {}, format="json").status_code == 400
    assert c.post(f"{APPS}{created['id']}/reject/", {"reason": "no contract"},
                  format="json").json()["status"] == "rejected"
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"{APPS}{pending_app.pk}/approve/", {}, format="json")
    assert response.status_code == 201 and response.json()["name"] == "陈静"
    assert c.post(f"{APPS}{pending_app.pk}/approve/", {}, format="json").status_code == 409
    assert Member.objects.filter(id_hash=pending_app.id_hash).count() == 1
    assert JoinApplication.objects.get(pk=pending_app.pk).status == ApplicationStatus.APPROVED
    assert c.put(f"{APPS}{pending_app.pk}/", {}, format="json").status_code == 405
    assert api_for(users["b_staff"]).get(f"{APPS}{pending_app.pk}/").status_code == 404
    assert api_for(users["a_viewer"]).post(f"{APPS}{pending_app.pk}/reject/", {"reason": "x"},
                                           format="json").status_code == 403


def test_schema_builds(users, api_for):
    response = api_for(users["root"]).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/members/{id}/withdraw/", "/api/v1/join-applications/{id}/approve/",
                 "/api/v1/transfers/{id}/accept/"):
        assert path in text
