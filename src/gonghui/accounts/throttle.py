"""Brakes on guessing and on flooding, kept in Django's cache (shared by every server process).

Signing in (officials, the member portal, a rights case's follow-up code) is limited three ways, each counting
failures over ``WINDOW`` seconds from the first:

- one name from one address (``services.login_blocked``: 5 failures; the first brake, as before);
- one name from any addresses (``ACCOUNT_MAX_FAILURES``): guessing one account's password from many addresses;
- one address for any names (``ADDRESS_MAX_FAILURES``): a password spray, a few tries on many accounts.

The last two would let an attacker lock an official out of their own account, or a shared proxy address lock out
everyone behind it. So they do not apply to a browser that has signed in to that account before: a successful
sign-in leaves a signed cookie naming the account (a "device cookie"), and that browser keeps the first brake
only. An attacker has no such cookie for the accounts they try.

Public forms (an anonymous complaint, the join form, 'forgot password', asking for and checking a verification
code) are limited per address (``public_form_limited``). The address is ``gonghui.core.net.client_ip``.
"""

import hashlib
import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy

from gonghui.core.net import client_ip

WINDOW = 15 * 60
ACCOUNT_MAX_FAILURES = 20
ADDRESS_MAX_FAILURES = 50

# name: (requests per address, in seconds)
PUBLIC_FORM_LIMITS = {
    "complaint": (10, 3600),  # anonymous complaints filed
    "reset": (20, 3600),  # 'forgot password' requests (each phone has its own, smaller limit)
    "code_send": (10, 3600),  # verification codes asked for (each phone has its own limit)
    "code_check": (30, 3600),  # verification codes typed in
}
PUBLIC_FORM_MESSAGE = gettext_lazy("Too many requests have come from your network. Please wait a while and try again.")

DEVICE_COOKIE = "gonghui_device"
DEVICE_COOKIE_AGE = 180 * 24 * 3600
DEVICE_SALT = "gonghui.accounts.throttle.device"
DEVICE_MAX_ACCOUNTS = 5


def _key(name, subject):
    digest = hashlib.sha256(f"{(subject or '').strip().lower()}".encode()).hexdigest()
    return f"gonghui:throttle:{name}:{digest}"


def count(name, subject):
    data = cache.get(_key(name, subject))
    return data[0] if data else 0


def hit(name, subject, window):
    """Add one to the counter ``name``/``subject``, which expires ``window`` seconds after its first hit."""
    key = _key(name, subject)
    now = time.time()
    n, start = cache.get(key) or (0, now)
    n += 1
    cache.set(key, (n, start), max(1, int(start + window - now)))
    return n


# --- Signing in ---------------------------------------------------------------------------------------------

def sign_in_blocked(kind, identifier, ip, trusted=False):
    """The second and third brakes (see the module's note); a ``trusted`` browser passes them."""
    if trusted:
        return False
    return (count(f"{kind}:account", identifier) >= ACCOUNT_MAX_FAILURES
            or count(f"{kind}:address", ip) >= ADDRESS_MAX_FAILURES)


def sign_in_failed(kind, identifier, ip):
    hit(f"{kind}:account", identifier, WINDOW)
    hit(f"{kind}:address", ip, WINDOW)


def _device_id(kind, identifier):
    return hashlib.sha256(f"{kind}|{(identifier or '').strip().lower()}".encode()).hexdigest()[:24]


def _devices(request):
    value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    return [v for v in value.split(",") if v][:DEVICE_MAX_ACCOUNTS]


def known_device(request, kind, identifier):
    """True when this browser has signed in to the account (``kind``, ``identifier``) before."""
    return _device_id(kind, identifier) in _devices(request)


def remember_device(response, request, kind, identifier):
    """After a successful sign-in: remember the account in this browser's device cookie."""
    ids = [_device_id(kind, identifier)] + [i for i in _devices(request) if i != _device_id(kind, identifier)]
    response.set_signed_cookie(DEVICE_COOKIE, ",".join(ids[:DEVICE_MAX_ACCOUNTS]),
                               salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax",
                               secure=request.is_secure())
    return response


# --- Public forms -------------------------------------------------------------------------------------------

def public_form_limited(name, request):
    """Count one use of the public form ``name`` from the request's address; True when over the limit."""
    limit, window = PUBLIC_FORM_LIMITS[name]
    return hit(f"form:{name}", client_ip(request), window) > limit
