"""In a real browser: a member's registration form opens from the member's page, hides the application's frame
when printed, and prints to one A4 page (chromium's PDF) with the union's name and the member's fields."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


def test_member_form_prints_on_a4(page, live_server, transactional_db, sign_in):
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("ea1_staff", tree["EA1"], "staff", password=PASSWORD)
    member = create_member(root, tree["EA1"], member_data(name="周小红", gender="F"))

    sign_in(page, "ea1_staff")
    # The form opens the print dialog by itself (static/gonghui/print.js): count the calls instead of printing.
    page.context.add_init_script("window.printed = 0; window.print = function () { window.printed += 1; };")
    page.goto(reverse("members:member_detail", args=[member.pk]))
    with page.context.expect_page() as opened:
        page.locator("#print-button").click()
    form = opened.value
    form.wait_for_load_state()
    assert form.url.endswith(reverse("members:member_print", args=[member.pk]))
    assert form.locator("h1").inner_text().replace(" ", "") == "会员登记表"
    assert form.locator("#print-union").inner_text() == tree["EA1"].name
    assert "周小红" in form.locator("#print-fields").inner_text()
    for _ in range(30):  # (wait_for_function evaluates a string: the Content-Security-Policy forbids that)
        if form.evaluate("() => window.printed"):
            break
        form.wait_for_timeout(100)
    assert form.evaluate("() => window.printed") == 1

    # On paper: no toolbar (nor any of the application's navigation), the sheet only.
    assert form.locator(".toolbar").is_visible()
    form.emulate_media(media="print")
    assert not form.locator(".toolbar").is_visible() and form.locator("nav").count() == 0
    pdf = form.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    sizes = {(round(float(w)), round(float(h))) for w, h in re.findall(
        rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert sizes == {(595, 842)}, sizes  # A4 in points (210 x 297 mm), one size for every page
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # the form fits on one sheet
