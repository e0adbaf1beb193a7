"""The electronic membership card (会员电子卡): a QR code of a signed, expiring address that an official scans.

The token is ``django.core.signing`` (HMAC with the secret key, a salt of its own and the time it was made): it
names the member's record and nothing else, cannot be forged or altered, and stops working after ``MAX_AGE``.
The card page makes a new one each time it is shown and reloads itself before it expires, so a photo or a
screenshot of the code is of no use for long.
"""

import base64
import datetime
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "gonghui.portal.card"
MAX_AGE = 10 * 60  # seconds a card's code stays valid
REFRESH = 5 * 60  # the card page reloads itself (a fresh code) this often, well before it expires


class CardExpired(Exception):
    pass


class CardInvalid(Exception):
    pass


def card_token(member):
    return signing.dumps(member.pk, salt=SALT)


def member_id_from(token):
    """The member's id the token names; CardExpired when it is older than ``MAX_AGE``, CardInvalid when it was
    not made here or was altered."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise CardExpired from None
    except signing.BadSignature:
        raise CardInvalid from None
    if not isinstance(value, int):
        raise CardInvalid
    return value


def check_url(member):
    """The absolute address the card's QR code holds (the official's phone opens it)."""
    path = reverse("portal:card_check", args=[card_token(member)])
    return settings.GONGHUI_PUBLIC_BASE_URL.rstrip("/") + path


def valid_until(now=None):
    return (now or timezone.now()) + datetime.timedelta(seconds=MAX_AGE)


def qr_data_uri(text):
    """The QR code of ``text`` as an SVG image in a data: address (the Content-Security-Policy allows data: images;
    an image cannot run code)."""
    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()
