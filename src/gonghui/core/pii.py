"""Personal data at rest: AES-256-GCM encryption for ID numbers, a keyed hash (HMAC-SHA256) to find them, masking.

Keys come from settings (``PII_KEYS``: 32 random bytes, URL-safe base64 — the format of
``Fernet.generate_key()`` — newest first, so keys can be rotated; ``HASH_KEY``). Each stored value is
``base64url(key id (4 bytes) + nonce (12) + ciphertext + tag)``: the key id says which key decrypts it.
AES-GCM (authenticated, from ``cryptography``) costs about 1.3 µs a value against Fernet's 14 µs, which
matters when millions of members are seeded or imported (docs/dev/decisions.md).
Plaintext ID numbers never reach the database, the audit log or the logs.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

from .validators import normalise_id_number


@functools.cache
def _keys():
    """[(key id, AESGCM)] newest first."""
    keys = []
    for encoded in settings.PII_KEYS:
        raw = base64.urlsafe_b64decode(encoded.encode())
        if len(raw) != 32:
            raise ValueError("GONGHUI_PII_KEY entries must be 32 bytes, URL-safe base64 encoded")
        keys.append((hashlib.sha256(raw).digest()[:4], AESGCM(raw)))
    return keys


@functools.cache
def _hash_key():
    return settings.HASH_KEY.encode()


def encrypt(value: str) -> str:
    key_id, aead = _keys()[0]
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(key_id + nonce + aead.encrypt(nonce, value.encode(), None)).decode()


def encrypt_many(values) -> list[str]:
    """:func:`encrypt` of many values: their random nonces come from one system call (about 10 µs each when
    drawn one by one, as much as the encryption itself). Same format, same key, a fresh nonce per value."""
    key_id, aead = _keys()[0]
    values = list(values)
    nonces = os.urandom(12 * len(values))
    out = []
    for i, value in enumerate(values):
        nonce = nonces[12 * i:12 * i + 12]
        out.append(base64.urlsafe_b64encode(key_id + nonce + aead.encrypt(nonce, value.encode(), None)).decode())
    return out


def decrypt(token: str) -> str:
    """The plaintext, or "" when no configured key opens the value (wrong key, tampered data)."""
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except (ValueError, TypeError):
        return ""
    key_id, nonce, body = raw[:4], raw[4:16], raw[16:]
    for kid, aead in _keys():
        if kid == key_id:
            try:
                return aead.decrypt(nonce, body, None).decode()
            except InvalidTag:
                return ""
    return ""


def token_key_id(token: str) -> str:
    """The id (hex) of the key a stored value was written with, or "" when it is not one of our tokens."""
    try:
        return base64.urlsafe_b64decode(token.encode())[:4].hex()
    except (ValueError, TypeError):
        return ""


def needs_reencryption(token: str) -> bool:
    """True when a value was written with a key other than the newest (for key rotation jobs)."""
    try:
        return base64.urlsafe_b64decode(token.encode())[:4] != _keys()[0][0]
    except (ValueError, TypeError):
        return False


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


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳明月 → 欧***: enough to tell rows apart, not enough to know who."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def _add_masked_accessor(cls, name, mask):
    """``<name>_masked`` on the model: the value as lists, exports and the change log show it."""
    attr = f"{name}_masked"
    if not hasattr(cls, attr):
        setattr(cls, attr, property(lambda obj: mask(getattr(obj, name)), doc=f"{name}, masked"))


class PersonalDataField:
    """Marks a model field as personal data: the change log and every list show it through ``mask`` (the
    model gets a ``<name>_masked`` property), and it is revealed only through ``gonghui.core.services.reveal``."""

    mask = staticmethod(mask_id_number)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        _add_masked_accessor(cls, name, self.mask)


class EncryptedCharField(PersonalDataField, models.TextField):
    """A text field stored encrypted (AES-256-GCM, see above). Not searchable: pair it with a hash field."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


class PhoneField(PersonalDataField, models.CharField):
    """A person's mobile number: stored as typed (it is searched), masked (first 3, last 4) wherever it is listed."""

    mask = staticmethod(mask_phone)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)


def free_text_fields(model):
    """Fields where people type what they like (a reason, a note, an address): an ID or mobile number typed there
    is masked in the change log (:func:`mask_free_text`). Text fields, and character fields of 100 characters or
    more without choices; a model may name them itself (``free_text_fields``)."""
    declared = getattr(model, "free_text_fields", None)
    if declared is not None:
        return [model._meta.get_field(name) for name in declared]
    return [f for f in model._meta.concrete_fields if not isinstance(f, PersonalDataField)
            and (isinstance(f, models.TextField)
                 or (isinstance(f, models.CharField) and not f.choices and (f.max_length or 0) >= 100))]


def personal_fields(model):
    """The model's personal-data fields, found by their type (never by a list the model keeps)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, PersonalDataField)]


def encrypted_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


_ID_IN_TEXT = None
_PHONE_IN_TEXT = None
_URL_IN_TEXT = None


def redact(text: str) -> str:
    """Mask anything in free text that looks like an ID number or a mobile number (for logs and notes).

    Inside a link, a number counts only when no ASCII letter or digit touches it: a digit run inside a
    token (a set-password link's hash) is not a phone number, and masking it would break the link. A
    number in a query string (``?phone=139…``) is still masked.
    """
    global _ID_IN_TEXT, _PHONE_IN_TEXT, _URL_IN_TEXT
    import re

    if _ID_IN_TEXT is None:
        _ID_IN_TEXT = (re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])"),
                       re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])"))
        _PHONE_IN_TEXT = (re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
                          re.compile(r"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])"))
        _URL_IN_TEXT = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")  # ends at CJK text

    def masked(part, in_link):
        part = _ID_IN_TEXT[in_link].sub(lambda m: mask_id_number(m.group(0)), part)
        return _PHONE_IN_TEXT[in_link].sub(lambda m: mask_phone(m.group(0)), part)

    out, last = [], 0
    for link in _URL_IN_TEXT.finditer(text):
        out.append(masked(text[last:link.start()], False))
        out.append(masked(link.group(0), True))
        last = link.end()
    out.append(masked(text[last:], False))
    return "".join(out)


def mask_free_text(value):
    """``value`` with every Chinese ID number (17 digits and a digit or X) and mainland mobile number (1[3-9] and
    nine digits, also written 138-1234-5678 or 138 1234 5678) masked as the fields are; non-text passes through."""
    global _SPACED_PHONE
    if not isinstance(value, str) or not value:
        return value
    if _SPACED_PHONE is None:
        import re

        _SPACED_PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9])[ -]([0-9]{4})[ -]([0-9]{4})(?![0-9])")
    value = _SPACED_PHONE.sub(lambda m: mask_phone("".join(m.groups())), value)
    return redact(value)


_SPACED_PHONE = None
