"""Paging past the count cap (gonghui.core.paging): numbered pages up to the cap, then keyset pages that give every
row exactly once, on the list pages and in the API; a forged cursor is ignored; the name search is a prefix."""

import re
from html import unescape

import pytest
from django.urls import reverse

from gonghui.core import paging
from gonghui.members import selectors
from gonghui.members.models import Member
from gonghui.members.services import create_member
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db

NAMES = ["李明", "王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆"]


@pytest.fixture
def many(tree, users, settings):
    settings.GONGHUI_LIST_COUNT_CAP = 2
    made = [create_member(users["root"], tree["EA1" if i % 2 else "EB1"], member_data(name=name))
            for i, name in enumerate(NAMES)]
    return made


def _member_numbers(html):
    return re.findall(r">(\d{12})</a>", html)


def test_the_list_pages_past_the_cap_by_keyset_and_shows_every_member_once(client_for, users, many):
    client = client_for(users["root"])
    url = reverse("members:member_list") + "?per_page=2&sort=name"
    expected = list(Member.objects.order_by("name", "pk").values_list("member_no", flat=True))
    seen, pages = [], 0
    while url and pages < 10:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen += _member_numbers(html)
        pages += 1
        if pages == 1:
            # SQLite has no estimate; PostgreSQL's planner gives one when it is above the cap.
            assert "超过 2 条记录" in html or re.search(r"约 \d+ 条记录", html)
        found = re.search(r'<li class="next page-item"><a class="page-link" href="(\?[^"]*after=[^"]*)"', html)
        url = reverse("members:member_list") + unescape(found.group(1)) if found else None
    assert seen == expected and pages == 4  # 2 a page: the numbered page, then keyset pages to the end


def test_a_forged_or_foreign_cursor_is_ignored(client_for, users, many):
    client = client_for(users["root"])
    first = _member_numbers(client.get(reverse("members:member_list") + "?per_page=2&sort=name").content.decode())
    for token in ("nonsense", paging.make_cursor(Member.objects.order_by("-join_date", "-pk"),
                                                 [("join_date", True), ("pk", True)], many[0].pk)):
        response = client.get(reverse("members:member_list"), {"per_page": 2, "sort": "name", "after": token})
        assert response.status_code == 200
        assert _member_numbers(response.content.decode()) == first  # another sort's cursor: the first page


def test_a_sort_on_a_column_that_may_be_empty_stops_at_the_cap(client_for, users, many):
    response = client_for(users["root"]).get(reverse("members:member_list") + "?per_page=2&sort=unit")
    html = response.content.decode()
    assert response.status_code == 200 and "after=" not in html
    assert "请缩小查询范围" in html


def test_the_api_pages_past_the_cap_by_keyset(api_for, users, many):
    client = api_for(users["root"])
    url = reverse("member-list") + "?page_size=3"
    seen, first = [], None
    while url:
        body = client.get(url).json()
        first = first or body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert first["count_exact"] is False and first["count"] >= 2  # SQLite: the cap; PostgreSQL: its estimate
    assert sorted(seen) == sorted(m.pk for m in many) and len(seen) == len(set(seen))


def test_the_api_count_is_exact_under_the_cap(api_for, users, many, settings):
    settings.GONGHUI_LIST_COUNT_CAP = 100
    body = api_for(users["a_staff"]).get(reverse("member-list")).json()
    assert body["count_exact"] is True and body["count"] == len(body["results"]) == 3 and body["next"] is None


def test_the_name_search_is_a_prefix_read_from_an_index(users, many):
    def search(q):
        return sorted(selectors.members_for(users["root"]).filter(selectors.search_q(q))
                      .values_list("name", flat=True))

    assert search("李") == ["李娜", "李明"]
    assert search("李明") == ["李明"]
    assert search("明") == []  # the start of a name, surname first


def test_a_name_search_lists_names_in_order_unless_a_column_is_sorted(many, tree, users, client_for, settings):
    settings.GONGHUI_LIST_COUNT_CAP = 100
    create_member(users["root"], tree["EA1"], member_data(name="李白"))  # the newest: first by join date
    client = client_for(users["root"])
    page = client.get(reverse("members:member_list") + "?q=李&per_page=50").content.decode()
    assert re.findall(r">(李[^<]*)</a>", page) == ["李娜", "李明", "李白"]  # in code-point order, as the index
    page = client.get(reverse("members:member_list") + "?q=李&sort=-name&per_page=50").content.decode()
    assert re.findall(r">(李[^<]*)</a>", page) == ["李白", "李明", "李娜"]
    # the export is the page's list, in the page's order
    export = client.get(reverse("members:member_list") + "?q=李&export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert re.findall(r"李[娜明白]", text) == ["李娜", "李明", "李白"]


def test_an_api_name_search_lists_names_in_order_unless_ordered(many, tree, users, api_for, settings):
    settings.GONGHUI_LIST_COUNT_CAP = 100
    create_member(users["root"], tree["EA1"], member_data(name="李白"))
    client = api_for(users["root"])

    def names(params):
        return [row["name"] for row in client.get(reverse("member-list"), params).json()["results"]]

    assert names({"q": "李"}) == ["李娜", "李明", "李白"]
    assert names({"q": "李", "ordering": "-name"}) == ["李白", "李明", "李娜"]
    assert names({})[0] == "李白"  # no name search: the newest first, as before
    # past the cap, a name search pages by keyset in name order and gives every match once
    settings.GONGHUI_LIST_COUNT_CAP = 1
    body = client.get(reverse("member-list"), {"q": "李", "page_size": 1}).json()
    seen = [row["name"] for row in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [row["name"] for row in body["results"]]
    assert seen == ["李娜", "李明", "李白"]


def test_a_prefix_is_exactly_the_names_that_start_with_it(many, tree, users):
    from gonghui.core.querysets import prefix_q

    for name in ("李", "李明明", "杏花", "李\U0002a700"):  # the character after 李, and one beyond the BMP
        create_member(users["root"], tree["EA1"], member_data(name=name))
    names = list(Member.objects.values_list("name", flat=True))
    for q in ("李", "李明", "杏", "王", "杨帆", "李\U0002a700", "张三"):
        got = sorted(Member.objects.filter(prefix_q("name", q)).values_list("name", flat=True))
        assert got == sorted(n for n in names if n.startswith(q)), q
