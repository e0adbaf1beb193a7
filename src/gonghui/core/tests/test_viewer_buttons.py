"""A read-only viewer sees no button or link to an action the viewer may not take: every link and every POST form
on the pages a viewer opens leads somewhere the viewer is allowed (a 403 behind a visible button is a bug), and
the actions themselves still answer 403 to the viewer's POST."""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from gonghui.core.testing import build_scope_world, iter_url_entries

pytestmark = pytest.mark.django_db

SKIP = re.compile(r"^(accounts:logout|set_language|healthz|api|schema)|download|export|template$")
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#?]*)[^"]*"')
FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>', re.I)
ACTION = re.compile(r'\baction="(/[^"]*)"')
HX_POST = re.compile(r'\bhx-post="(/[^"]*)"')
NOT_PAGES = ("/static/", "/media/", "/api/", "/accounts/logout/", "/i18n/", "/portal/")


def _pages(tree, users, members):
    world = build_scope_world(tree, users["root"])
    urls = [e.reverse() for e in iter_url_entries()
            if e.name and not e.kwarg_names and e.viewset is None and not SKIP.search(e.name)]
    for objs in world["objects"].values():
        obj = objs["A"]
        try:
            urls.append(obj.get_absolute_url())
        except Exception:  # a record without a page of its own
            pass
    return sorted({u for u in urls if not u.startswith(NOT_PAGES)}), world


def _targets(page_url, body):
    links = {urlsplit(urljoin(page_url, u)).path for u in LINK.findall(body)}
    posts = set()
    for form in FORM.findall(body):
        action = ACTION.search(form)
        posts.add(urlsplit(urljoin(page_url, action.group(1))).path if action else page_url)
    posts |= {urlsplit(urljoin(page_url, u)).path for u in HX_POST.findall(body)}
    return {u for u in links if not u.startswith(NOT_PAGES)}, {u for u in posts if not u.startswith(NOT_PAGES)}


def test_a_viewer_sees_no_button_to_a_forbidden_action(tree, users, members, client_for):
    pages, _world = _pages(tree, users, members)
    viewer = client_for(users["a_viewer"])
    links, posts = {}, {}
    for url in pages:
        response = viewer.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        found_links, found_posts = _targets(url, response.content.decode())
        for target in found_links:
            links.setdefault(target, url)
        for target in found_posts - {url}:
            posts.setdefault(target, url)
    problems = []
    for target, on in sorted(links.items()):
        if viewer.get(target).status_code == 403:
            problems.append(f"link {target} on {on}: 403 for the viewer")
    for target, on in sorted(posts.items()):
        if viewer.post(target, {}).status_code == 403:
            problems.append(f"form posting to {target} on {on}: 403 for the viewer")
    assert not problems, "\n".join(problems)


def test_the_fund_actions_are_hidden_from_a_viewer_and_refused(tree, users, client_for):
    from django.urls import reverse

    staff_page = client_for(users["a_admin"]).get(reverse("hardship:ledger")).content.decode()
    assert reverse("hardship:allocation_add") in staff_page  # shown to those who may allocate
    viewer = client_for(users["a_viewer"])
    page = viewer.get(reverse("hardship:ledger")).content.decode()
    for name in ("hardship:allocation_add", "hardship:overdraft_add", "hardship:income_add"):
        assert reverse(name) not in page, name
        assert viewer.post(reverse(name), {}).status_code == 403, name
