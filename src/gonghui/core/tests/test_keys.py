"""A database never meets keys that cannot read it (restoring without the keys used to start with new ones)."""

import base64
import os

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from gonghui.core import keys, pii
from gonghui.core.models import KeyRecord

pytestmark = pytest.mark.django_db


def _new_key():
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture
def fresh_keys(settings):
    """Let a test change the configured keys (the key objects are cached per process)."""
    pii._keys.cache_clear()
    pii._hash_key.cache_clear()
    yield settings
    pii._keys.cache_clear()
    pii._hash_key.cache_clear()


def _errors():
    return [m for m in run_checks(tags=["gonghui"]) if m.id == "gonghui.E001"]


def test_migrate_records_the_keys_and_they_match():
    kept = dict(KeyRecord.objects.values_list("name", "value"))
    assert kept[keys.HASH] == keys.hash_key_fingerprint()
    assert kept[keys.PII] == keys.configured_pii_ids()[0]
    assert not keys.problems() and not _errors()
    assert not any(key in value for value in kept.values() for key in pii.settings.PII_KEYS)


def test_other_keys_are_refused_by_the_check_and_at_start(fresh_keys):
    fresh_keys.PII_KEYS = [_new_key()]
    fresh_keys.HASH_KEY = "another-installation"
    pii._keys.cache_clear()
    pii._hash_key.cache_clear()
    found = keys.problems()
    assert len(found) == 2 and "GONGHUI_HASH_KEY" in found[0] and "GONGHUI_PII_KEY" in found[1]
    assert _errors()
    with pytest.raises(keys.KeysMismatch):
        keys.ensure()
    with pytest.raises(CommandError):  # every management command runs the checks
        call_command("check")


def test_a_new_newest_key_is_added_and_the_old_one_still_required(fresh_keys):
    old = list(fresh_keys.PII_KEYS)
    fresh_keys.PII_KEYS = [_new_key(), *old]
    pii._keys.cache_clear()
    assert not keys.problems()
    keys.ensure()
    kept = KeyRecord.objects.get(name=keys.PII).value.split(",")
    assert kept == keys.configured_pii_ids()
    fresh_keys.PII_KEYS = fresh_keys.PII_KEYS[:1]  # dropping the old key before rotating: refused
    pii._keys.cache_clear()
    assert keys.problems()


def _raw_tokens(model, field="id_number"):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {field} FROM {model._meta.db_table} WHERE {field} <> ''")
        return [row[0] for row in cursor.fetchall()]


def test_rotate_reencrypts_everything_under_the_newest_key_then_the_old_one_can_go(fresh_keys, members):
    from gonghui.members.models import Member

    old = list(fresh_keys.PII_KEYS)
    fresh_keys.PII_KEYS = [_new_key(), *old]
    pii._keys.cache_clear()
    newest = keys.configured_pii_ids()[0]
    assert {pii.token_key_id(t) for t in _raw_tokens(Member)} != {newest}
    call_command("pii", "rotate", "--batch", "2")
    assert {pii.token_key_id(t) for t in _raw_tokens(Member)} == {newest}
    assert KeyRecord.objects.get(name=keys.PII).value == newest
    fresh_keys.PII_KEYS = fresh_keys.PII_KEYS[:1]
    pii._keys.cache_clear()
    assert not keys.problems()
    assert Member.objects.get(pk=members["ea1_a"].pk).id_number == members["ea1_a"].id_number
    call_command("pii", "rotate")  # again: nothing left to do, nothing broken


def test_rehash_under_a_new_hash_key_finds_the_people_again(fresh_keys, members, users):
    from gonghui.members.selectors import members_for, search_q

    number = members["ea1_a"].id_number
    fresh_keys.HASH_KEY = "a-new-hash-key-for-this-installation"
    pii._hash_key.cache_clear()
    assert keys.problems()  # the lookups no longer match: refused until rehashed
    assert not members_for(users["root"]).filter(search_q(number)).exists()
    call_command("pii", "rehash", "--batch", "2")
    assert not keys.problems()
    assert list(members_for(users["root"]).filter(search_q(number))) == [members["ea1_a"]]
