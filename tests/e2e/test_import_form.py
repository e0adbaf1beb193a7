"""The import form's mode is a readable radio group (one labelled option a line) that never covers the submit
button, on a desktop and on a 390px phone."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_import_mode_radios_are_a_readable_group(page, live_server, transactional_db, sign_in, width, height):
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    make_official("imp_admin", tree["A"], "org_admin", password=PASSWORD)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, "imp_admin", PASSWORD)
    page.goto(reverse("imports:job_new"))
    group = page.locator("fieldset#id_mode")
    assert group.locator("legend").inner_text().strip()
    labels = group.locator(".form-check-label")
    assert labels.count() == 2
    button = page.locator("form button[type=submit]").bounding_box()
    for i in range(2):
        box = labels.nth(i).bounding_box()
        assert box["width"] > box["height"] * 2, box  # a line of text, not a column of characters
        overlaps = box["y"] < button["y"] + button["height"] and button["y"] < box["y"] + box["height"]
        assert not overlaps or box["x"] > button["x"] + button["width"], (box, button)
    labels.nth(1).click()  # the label selects its option
    assert group.locator("input[type=radio]").nth(1).is_checked()
