"""Every tab bar marks the page the user is on (``aria-current="page"``), never simply the first tab."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BARS = {
    "hardship": ["hardship:overview", "hardship:archive_list", "hardship:campaign_list", "hardship:recipient_list",
                 "hardship:payment_list", "hardship:visit_list", "hardship:task_list", "hardship:ledger",
                 "hardship:threshold_list"],
    "rights": ["rights:todo", "rights:case_list", "rights:legal_aid_list", "rights:warning_list"],
    "targets": ["targets:target_grid", "targets:progress", "targets:target_list", "targets:letter_list"],
}
CURRENT = re.compile(r'<a class="btn [^"]*active"[^>]*href="([^"]+)"[^>]*aria-current="page"')


def current_tabs(body):
    nav = re.findall(r"<nav class=\"btn-group[^>]*>(.*?)</nav>", body, re.S)
    return [CURRENT.findall(n) for n in nav]


@pytest.mark.parametrize("area", sorted(BARS))
def test_the_current_tab_is_the_page(area, users, client_for):
    client = client_for(users["root"])
    for name in BARS[area]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        bars = current_tabs(response.content.decode())
        assert bars, f"{name}: no tab bar"
        assert bars[0] == [reverse(name)], f"{name}: the current tab is {bars[0]}"


def test_a_record_page_sits_in_its_lists_tab(tree, users, client_for):
    from types import SimpleNamespace

    from gonghui.core.templatetags.core_tags import current_tab

    request = SimpleNamespace(path="/hardship/archives/12/", resolver_match=None)
    assert current_tab({"request": request}, BARS["hardship"]) == "hardship:archive_list"
    view = SimpleNamespace(active_tab="hardship:ledger")
    assert current_tab({"request": request, "view": view}, BARS["hardship"]) == "hardship:ledger"


def test_the_main_navigation_marks_the_area_of_the_page(users, client_for):
    client = client_for(users["root"])
    body = client.get(reverse("hardship:archive_list")).content.decode()
    nav = body.split('id="mainnav"', 1)[1].split("</ul>\n      <form", 1)[0]
    current = re.findall(r'class="[^"]*active"[^>]*href="([^"]+)"[^>]*aria-current="page"', nav)
    assert current == [reverse("hardship:overview")], current  # a page of the area marks the area's entry
    home = client.get(reverse("core:home")).content.decode()
    assert 'aria-current="page"' not in home.split('id="mainnav"', 1)[1].split("</ul>\n      <form", 1)[0]


def test_the_main_navigation_is_kept_per_language_and_menu(users, client_for):
    """The menu's HTML is kept (core_tags.main_nav): never the one of another language or of other roles."""

    def nav(user, language):
        client = client_for(user)
        client.cookies["django_language"] = language
        body = client.get(reverse("members:member_list")).content.decode()
        return body.split('id="mainnav"', 1)[1].split("</ul>\n      <form", 1)[0]

    zh, en = nav(users["root"], "zh-hans"), nav(users["root"], "en")
    assert "操作日志" in zh and "Audit log" in en and "操作日志" not in en and "Audit log" not in zh
    assert nav(users["root"], "zh-hans") == zh
    users_page = reverse("accounts:user_list")
    assert users_page in zh and users_page not in nav(users["a_viewer"], "zh-hans")
