"""Every page an official can open has a title and a heading: each of the fixtures' roles walks every named GET
page without arguments and a record's page of each kind (the scope world), and each full HTML page answered must
have a non-empty <title> (before the site's name) and a non-empty <h1>."""

import re

import pytest
from django.utils.html import strip_tags

from gonghui.core.testing import build_scope_world, iter_url_entries

pytestmark = pytest.mark.django_db

ROLES = ("root", "city_admin", "a_admin", "a_staff", "a_viewer", "ea1_staff")
# Not pages: signing out, machine answers, downloads.
SKIP = re.compile(r"^(accounts:logout|healthz|api|schema|swagger|redoc)|(^|:)(api-root)$|download|export|template$")


def _pages():
    for entry in iter_url_entries():
        if entry.name and not entry.kwarg_names and entry.viewset is None and not SKIP.search(entry.name):
            yield entry


def _problems(url, response):
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    body = response.content.decode()
    if "<html" not in body:  # an htmx fragment
        return []
    found = []
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    text = strip_tags(title.group(1)).strip() if title else ""
    if not text or text.startswith("·"):
        found.append(f"{url}: empty <title> ({text!r})")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    if not h1 or not strip_tags(h1.group(1)).strip():
        found.append(f"{url}: no <h1> text")
    return found


def test_every_page_has_a_title_and_a_heading(tree, users, members, client_for):
    world = build_scope_world(tree, users["root"])
    details = sorted({obj.get_absolute_url() for objs in world["objects"].values() for obj in objs.values()
                      if _has_page(obj)} | {m.get_absolute_url() for m in members.values()})
    problems = []
    pages = [e.reverse() for e in _pages()]
    for role in ROLES:
        client = client_for(users[role])
        for url in pages + (details if role in ("root", "a_staff", "a_viewer") else []):
            problems += [f"{role} {p}" for p in _problems(url, client.get(url))]
    from gonghui.accounts.services import open_member_account

    member = client_for(open_member_account(members["ea1_a"]))  # the member portal, as its member
    for url in pages:
        if url.startswith("/portal/"):
            problems += [f"member {p}" for p in _problems(url, member.get(url))]
    assert not problems, "\n".join(sorted(set(problems)))


def _has_page(obj):
    try:
        obj.get_absolute_url()
    except Exception:
        return False
    return True
