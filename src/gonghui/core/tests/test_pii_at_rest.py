"""ID numbers at rest: never in plaintext in any table, the database file, the audit log or the logs.

Members and join applications are created, approved, rejected, corrected, transferred and revealed
through the services; then every row of every table is read raw (``SELECT *`` through the DB-API
cursor, so no field class decrypts anything), on SQLite also the bytes of a copy of the database file,
and every log record written meanwhile. Pages, exports and the API show the masked form
(first 4, last 4: ``3203**********123X``) unless a role that may reveal asks, and each reveal is audited.
"""

import datetime
import hashlib
import logging
import re
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.pii import decrypt, id_hash, mask_id_number
from gonghui.core.testing import make_id_number, make_phone
from gonghui.tools.testing import member_data

MASKED = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
# Realistic numbers with an X check character among them (the X must not be lost either).
BIRTHS = [datetime.date(1988, 1, 9), datetime.date(1992, 7, 30), datetime.date(1979, 11, 2), datetime.date(2001, 2, 14),
          datetime.date(1966, 6, 6), datetime.date(1990, 3, 21)]


def _numbers(count):
    """Distinct valid ID numbers (some ending in X) that no other test uses."""
    out, seq = [], 700
    while len(out) < count:
        seq += 1
        n = make_id_number(birth=BIRTHS[len(out) % len(BIRTHS)], gender="M" if seq % 2 else "F", region="320311",
                           seq=seq)
        if len(out) % 2 == 0 and not n.endswith("X"):
            continue
        out.append(n)
    return out


def _data(number, name):
    info_gender = "M" if int(number[16]) % 2 else "F"
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return member_data(name=name, id_number=number, gender=info_gender, birth_date=birth, phone=make_phone())


def _populate(tree, users):
    """Everything that handles an ID number, through the services. Returns the plaintext numbers used."""
    from gonghui.members import services

    staff, root = users["a_staff"], users["root"]
    n_member, n_online, n_rejected, n_corrected, n_staff_app = _numbers(5)
    member = services.create_member(staff, tree["EA1"], _data(n_member, "甲会员"))
    app = services.submit_application(tree["EA1"], _data(n_online, "乙申请"))
    approved = services.approve_application(staff, app)
    other = services.submit_application(tree["EA2"], _data(n_rejected, "丙申请"))
    services.reject_application(staff, other, "材料不全")
    services.submit_application(tree["EA1"], _data(n_staff_app, "丁申请"), user=staff, channel="staff")
    # An official corrects a mistyped ID number: before and after are audited, masked.
    corrected = _data(n_corrected, "x")
    member = services.update_member(staff, member, {"id_number": n_corrected, "gender": corrected["gender"],
                                                    "birth_date": corrected["birth_date"]})
    services.start_transfer(staff, member, tree["EA2"], reason="调动")
    services.reveal_id_number(staff, approved)
    services.withdraw_member(root, approved, "离职")
    return [n_member, n_online, n_rejected, n_corrected, n_staff_app]


def _needles(numbers):
    """The plaintext as it could be stored: the number, with a lower-case x, and its first 17 characters."""
    out = set()
    for n in numbers:
        out |= {n, n.lower(), n[:17]}
    return sorted(out)


def _all_rows():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                yield table, columns, row


def _text(value):
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _plaintext_in_tables(needles):
    hits = []
    for table, columns, row in _all_rows():
        for column, value in zip(columns, row):
            text = _text(value)
            for needle in needles:
                if needle in text:
                    hits.append(f"{table}.{column} holds {needle}")
    return hits


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_id_number_in_any_table_file_or_log(tree, users, caplog):
    caplog.set_level(logging.DEBUG)
    numbers = _populate(tree, users)
    needles = _needles(numbers)

    # 1. Every column of every table, read raw.
    assert not _plaintext_in_tables(needles)

    # The tables that hold ID numbers hold Fernet tokens that decrypt to them, and keyed hashes.
    with connection.cursor() as cursor:
        for table in ("members_member", "members_joinapplication"):
            cursor.execute(f"SELECT id_number, id_hash FROM {table}")
            rows = cursor.fetchall()
            assert rows, table
            for token, digest in rows:
                plain = decrypt(token)
                assert plain in numbers, (table, token[:20])
                assert digest == id_hash(plain)
                assert digest != hashlib.sha256(plain.encode()).hexdigest(), "the lookup hash must be keyed (HMAC)"
    for table in ("members_member", "members_joinapplication", "core_auditlog", "members_memberevent"):
        assert any(t == table for t, _, _ in _all_rows()), f"{table} is empty: the test did not exercise it"

    # 2. The database file itself (SQLite): a copy of the whole database, pages and free lists included.
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(copy)])
            data = copy.read_bytes()
            assert len(data) > 4096
            for needle in needles:
                assert needle.encode() not in data, f"{needle} found in the SQLite file"
            # the names are there (the copy is real), the numbers are not
            assert "甲会员".encode() in data

    # 3. The logs (including the notification with the activation link).
    assert any(r.name == "gonghui.notify" for r in caplog.records), "the approval sent no notification"
    for record in caplog.records:
        message = record.getMessage()
        for needle in needles:
            assert needle not in message, f"log {record.name}: {message[:200]}"


@pytest.mark.django_db
def test_audit_entries_hold_only_masked_id_numbers(tree, users):
    numbers = _populate(tree, users)
    entries = list(AuditLog.objects.all())
    assert entries
    masked_seen = set()
    for entry in entries:
        blob = f"{entry.before} {entry.after} {entry.note} {entry.object_repr}"
        for needle in _needles(numbers):
            assert needle not in blob, (entry.action, entry.transition, blob[:300])
        for side in (entry.before or {}, entry.after or {}):
            if isinstance(side, dict) and side.get("id_number"):
                assert MASKED.match(side["id_number"]), side["id_number"]
                masked_seen.add(side["id_number"])
    # The creation, the correction (before and after) and the applications are there, masked.
    for number in numbers:
        assert mask_id_number(number) in masked_seen, number
    reveals = AuditLog.objects.filter(action=AuditAction.REVEAL)
    assert reveals.count() == 1 and reveals.get().user == users["a_staff"]


def test_mask_shape():
    assert mask_id_number("32031119900517123X") == "3203**********123X"
    assert MASKED.match(mask_id_number("32031119900517123X"))


# --- pages, exports and the API -------------------------------------------------------------------


@pytest.fixture
def person(tree, users):
    from gonghui.members import services

    number = _numbers(6)[-1]
    member = services.create_member(users["root"], tree["EA1"], _data(number, "钱多多"))
    app_number = _numbers(7)[-1]
    app = services.submit_application(tree["EA1"], _data(app_number, "孙申请"))
    return {"member": member, "number": number, "app": app, "app_number": app_number}


def _body(response):
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["a_staff", "a_viewer", "ea1_staff"])
def test_pages_and_exports_show_the_masked_id_number(person, users, client_for, who):
    client = client_for(users[who])
    number, app_number = person["number"], person["app_number"]
    pages = {
        "member detail": (reverse("members:member_detail", args=[person["member"].pk]), {}),
        "member list": (reverse("members:member_list"), {}),
        "member list csv": (reverse("members:member_list"), {"export": "csv"}),
        "member list xlsx": (reverse("members:member_list"), {"export": "xlsx"}),
        "application detail": (reverse("members:application_detail", args=[person["app"].pk]), {}),
        "application list": (reverse("members:application_list"), {}),
        "application list csv": (reverse("members:application_list"), {"export": "csv"}),
        "audit log": (reverse("core:auditlog_list"), {}),
        "audit log csv": (reverse("core:auditlog_list"), {"export": "csv"}),
    }
    for label, (url, params) in pages.items():
        response = client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        body = _body(response)
        for needle in _needles([number, app_number]):
            assert needle not in body, f"{label} ({url}) as {who} shows the plaintext ID number"
    detail = _body(client.get(reverse("members:member_detail", args=[person["member"].pk])))
    assert mask_id_number(number) in detail, "the member page shows the masked ID number"
    detail = _body(client.get(reverse("members:application_detail", args=[person["app"].pk])))
    assert mask_id_number(app_number) in detail, "the application page shows the masked ID number"


@pytest.mark.django_db
def test_search_by_id_number_finds_the_member_without_echoing_other_numbers(person, users, client_for):
    client = client_for(users["a_staff"])
    response = client.get(reverse("members:member_list"), {"q": person["number"]})
    assert response.status_code == 200
    assert person["member"].member_no in _body(response)


@pytest.mark.django_db
def test_api_shows_the_masked_id_number(person, users, api_for):
    client = api_for(users["a_staff"])
    for url in ("/api/v1/members/", f"/api/v1/members/{person['member'].pk}/", "/api/v1/join-applications/",
                f"/api/v1/join-applications/{person['app'].pk}/", "/api/v1/audit-log/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        for needle in _needles([person["number"], person["app_number"]]):
            assert needle not in body, f"{url} shows the plaintext ID number"
    data = client.get(f"/api/v1/members/{person['member'].pk}/").json()
    shown = {k: v for k, v in data.items() if "id_number" in k and v}
    assert all(v == mask_id_number(person["number"]) for v in shown.values()), shown


@pytest.mark.django_db
def test_reveal_is_for_staff_and_is_audited_without_the_number(person, users, client_for):
    url = reverse("members:member_reveal", args=[person["member"].pk])
    before = AuditLog.objects.filter(action=AuditAction.REVEAL).count()

    response = client_for(users["a_viewer"]).post(url)
    assert response.status_code == 403
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == before

    response = client_for(users["a_staff"]).post(url)
    assert response.status_code == 200
    assert person["number"] in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "")
    entry = AuditLog.objects.filter(action=AuditAction.REVEAL).latest("id")
    assert entry.user == users["a_staff"] and entry.object_id == str(person["member"].pk)
    assert person["number"] not in f"{entry.before} {entry.after} {entry.note} {entry.object_repr}"

    app_url = reverse("members:application_reveal", args=[person["app"].pk])
    response = client_for(users["a_staff"]).post(app_url)
    assert response.status_code == 200 and person["app_number"] in response.content.decode()
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == before + 2


def test_redact_masks_id_and_phone_numbers_in_free_text():
    from gonghui.core.pii import redact

    text = "csv q=320311199005170012&x=13912345678&page=2 member 000000000001"
    assert redact(text) == "csv q=3203**********0012&x=139****5678&page=2 member 000000000001"


def test_redact_keeps_links_whole_but_masks_numbers_in_their_query():
    from gonghui.core.pii import redact

    # A set-password link whose token hash holds a phone-like digit run (this broke a sent link once).
    link = "http://127.0.0.1:8000/portal/set-password/MjU0MA/difeds-d7d57bd17212349574f19c80de6ab244/"
    assert redact(f"请设置密码后登录：{link}") == f"请设置密码后登录：{link}"
    assert redact("http://x/search?phone=13912345678&id=320311199005170012") == (
        "http://x/search?phone=139****5678&id=3203**********0012")
    # A link ends where the Chinese text resumes: a number after it is free text again.
    assert redact(f"{link}。tel13912345678") == f"{link}。tel139****5678"
    # Outside links, a number beside letters is still masked.
    assert redact("电话13912345678，tel13912345678") == "电话139****5678，tel139****5678"


@pytest.mark.django_db
def test_export_audit_note_never_holds_a_searched_id_number(members, users, client_for):
    from gonghui.core.models import AuditLog

    member = members["ea1_a"]
    response = client_for(users["a_staff"]).get("/members/", {"q": member.id_number, "export": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    note = AuditLog.objects.filter(action="export").latest("id").note
    assert member.id_number not in note and member.id_number_masked in note


def test_encrypt_many_gives_fresh_nonces_that_decrypt():
    from gonghui.core.pii import encrypt, encrypt_many

    numbers = [make_id_number(seq=k) for k in range(50)] + [make_id_number(seq=1)]
    tokens = encrypt_many(numbers)
    assert [decrypt(t) for t in tokens] == numbers
    assert len(set(tokens)) == len(tokens)  # the same number twice is two different values
    import base64

    nonces = [base64.urlsafe_b64decode(t)[4:16] for t in tokens]
    assert len(set(nonces)) == len(nonces)
    assert decrypt(encrypt(numbers[0])) == numbers[0] and encrypt_many([]) == []


# --- every encrypted field of every model, discovered ---------------------------------------------------------


def _encrypted_fields():
    from django.apps import apps

    from gonghui.core.pii import encrypted_fields

    return [(model, field) for model in apps.get_models() for field in encrypted_fields(model)]


def test_the_encrypted_fields_are_discovered():
    found = {f"{m._meta.label_lower}.{f.name}" for m, f in _encrypted_fields()}
    # a guard against discovering nothing: the registry's ID numbers are among them
    assert {"members.member.id_number", "members.joinapplication.id_number"} <= found, found


@pytest.mark.django_db(transaction=True)
def test_every_encrypted_field_of_every_model_is_unreadable_at_rest_and_masked_in_the_log(tree, users, caplog):
    """Whatever model declares an ``EncryptedCharField`` (found by type, not listed here): a value written through
    the ORM is stored as a token that decrypts to it, never in clear in any table, and the change log of that
    model writes it masked."""
    from gonghui.core import audit
    from gonghui.core.testing import build_scope_world

    caplog.set_level(logging.DEBUG)
    build_scope_world(tree, users["root"])
    values = iter(_numbers(40))
    written = []
    for model, field in _encrypted_fields():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            pytest.fail(f"{model._meta.label} has no row in the scope world: give it a builder that makes one")
        plain = next(values)
        model._default_manager.filter(pk=obj.pk).update(**{field.name: plain})
        obj.refresh_from_db()
        assert getattr(obj, field.name) == plain, f"{model._meta.label}.{field.name} does not read back"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {connection.ops.quote_name(field.column)} FROM "
                           f"{connection.ops.quote_name(model._meta.db_table)} WHERE "
                           f"{connection.ops.quote_name(model._meta.pk.column)} = %s", [obj.pk])
            raw = cursor.fetchone()[0]
        assert raw != plain and decrypt(raw) == plain, f"{model._meta.label}.{field.name} is not encrypted at rest"
        snapshot = audit.snapshot(obj)
        assert snapshot.get(field.name) == field.mask(plain), f"{model._meta.label}.{field.name} in the change log"
        written.append(plain)
    assert not _plaintext_in_tables(_needles(written))
