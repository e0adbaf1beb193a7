"""Take the user guide's screenshots from a running demo (gonghui demo): python scripts/screenshots.py [BASE_URL].

Needs Debian's chromium and, for Chinese text, a CJK font (apt-get install fonts-noto-cjk).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "user" / "img"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "Gonghui@2026"


def shot(page, name, full=False):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)


def print_form(page):
    """A member's registration form as it prints: the print page (?noprint=1: no dialog) in print media, A4 wide."""
    page.goto(f"{BASE}/members/")
    page.locator("tbody a").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(page.url.rstrip("/") + "/print/?noprint=1")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.add_style_tag(content="body { padding: 16mm 15mm; }")  # the @page margins, which a screenshot leaves out
    shot(page, "print-member-form", full=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 800})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        page.goto(f"{BASE}/accounts/login/")
        shot(page, "login")
        page.fill("input[name=username]", "grassroots_chair")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        shot(page, "home")
        page.goto(f"{BASE}/members/applications/?status=pending")
        shot(page, "applications")
        page.locator("tbody a").first.click()
        shot(page, "application-detail", full=True)
        page.goto(f"{BASE}/members/")
        shot(page, "members")
        page.locator("tbody a").first.click()
        shot(page, "member-detail", full=True)
        page.goto(f"{BASE}/members/add/")
        page.fill("input[name=id_number]", "320311199005170013")
        page.click("button[type=submit]")
        shot(page, "member-add-errors", full=True)
        context = browser.new_context(locale="zh-CN")
        admin = context.new_page()
        admin.set_viewport_size({"width": 1280, "height": 800})
        admin.goto(f"{BASE}/accounts/login/")
        admin.fill("input[name=username]", "district_admin")
        admin.fill("input[name=password]", PASSWORD)
        admin.click("button[type=submit]")
        admin.goto(f"{BASE}/")
        shot(admin, "workbench", full=True)
        admin.goto(f"{BASE}/orgs/")
        admin.locator(".tree-toggle, [hx-get*='children']").first.click()
        admin.wait_for_timeout(800)
        shot(admin, "org-tree")
        admin.goto(f"{BASE}/orgs/list/")
        admin.locator("tbody a").first.click()
        shot(admin, "org-detail", full=True)
        admin.goto(f"{BASE}/orgs/units/")
        shot(admin, "units")
        admin.goto(f"{BASE}/members/transfers/?status=pending")
        shot(admin, "transfers")
        admin.goto(f"{BASE}/accounts/users/")
        shot(admin, "users")
        # Rights protection and hardship aid, as the district's staff sees them.
        staff_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        staff = staff_context.new_page()
        staff.goto(f"{BASE}/accounts/login/")
        staff.fill("input[name=username]", "district_staff")
        staff.fill("input[name=password]", PASSWORD)
        staff.click("button[type=submit]")
        staff.goto(f"{BASE}/rights/")
        shot(staff, "rights-cases")
        staff.locator("tbody a").first.click()
        shot(staff, "rights-case-detail", full=True)
        staff.goto(f"{BASE}/rights/todo/")
        shot(staff, "rights-todo")
        staff.goto(f"{BASE}/rights/warnings/")
        shot(staff, "rights-warnings")
        staff.goto(f"{BASE}/hardship/")
        shot(staff, "hardship-overview", full=True)
        staff.goto(f"{BASE}/hardship/archives/")
        shot(staff, "hardship-archives")
        staff.locator("tbody a").first.click()
        shot(staff, "hardship-archive-detail", full=True)
        print_form(page)
        phone = browser.new_page(viewport={"width": 390, "height": 780}, locale="zh-CN", is_mobile=True)
        phone.goto(f"{BASE}/portal/login/")
        shot(phone, "portal-login")
        member_phone = os.environ.get("PORTAL_PHONE", "15008918341")  # printed by `gonghui demo`
        phone.fill("input[name=phone]", member_phone)
        phone.fill("input[name=password]", PASSWORD)
        phone.click("button[type=submit]")
        shot(phone, "portal-home", full=True)
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(f"{BASE}/portal/card/")
        shot(phone, "ecard")
        phone.set_viewport_size({"width": 390, "height": 780})
        phone.goto(f"{BASE}/portal/rights/")
        shot(phone, "portal-rights", full=True)
        phone.goto(f"{BASE}/portal/hardship/")
        shot(phone, "portal-hardship", full=True)
        browser.close()


if __name__ == "__main__":
    main()
