"""Personal data at rest: Fernet encryption for ID numbers, a keyed hash (HMAC-SHA256) to find them, masking.

Keys come from settings (``PII_KEYS``: newest first, so keys can be rotated; ``HASH_KEY``).
Plaintext ID numbers never reach the database, the audit log or the logs.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from .validators import normalise_id_number


@functools.cache
def _fernet():
    return MultiFernet([Fernet(k.encode()) for k in settings.PII_KEYS])


@functools.cache
def _hash_key():
    return settings.HASH_KEY.encode()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def id_hash(id_number: str) -> str:
    """Keyed hash of a normalised ID number: equal numbers give equal hashes, nothing else can be read."""
    return hmac.new(_hash_key(), normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()


def mask_id_number(number: str) -> str:
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]


class EncryptedCharField(models.TextField):
    """A text field stored as a Fernet token. Not searchable: pair it with a hash field."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
