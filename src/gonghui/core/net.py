"""The client's address: ``REMOTE_ADDR``, or behind a trusted reverse proxy the address it forwarded.

``GONGHUI_TRUSTED_PROXY`` lists the proxies' addresses or networks (``127.0.0.1,10.0.0.0/8``). Only when the
request comes from one of them is ``X-Forwarded-For`` read, right to left, skipping the trusted proxies: the first
other address is the one our own proxy saw, which a client cannot forge. Unset, the header is ignored (a client
could otherwise choose its own address and walk past every per-address limit).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec):
    networks = []
    for part in (spec or "").replace(";", ",").split(","):
        part = part.strip()
        if part:
            networks.append(ipaddress.ip_network(part, strict=False))
    return tuple(networks)


def _parse(value):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in net for net in networks if net.version == address.version)


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(getattr(settings, "GONGHUI_TRUSTED_PROXY", "") or "")
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote
