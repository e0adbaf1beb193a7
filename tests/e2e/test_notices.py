"""End to end, in a real browser: a district official drafts a notice with an attachment and publishes it; a member
of a union below reads it in the portal and downloads the attachment; the official sees the read count."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def notice_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("district_official", tree["A"], "staff", password=PASSWORD)
    phone = make_phone(seq=88_200_001)
    member = create_member(root, tree["EA1"], member_data(name="陈读者", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    return {"tree": tree, "phone": phone}


def test_official_publishes_member_reads_official_sees_count(page, live_server, notice_world, sign_in, tmp_path):
    from gonghui.notices.models import Notice

    pdf = tmp_path / "报名表.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    sign_in(page, "district_official", PASSWORD)
    page.goto(reverse("notices:notice_add"))
    page.fill("input[name=org]", "C01A")
    page.fill("input[name=title]", "关于职工疗休养的通知")
    page.fill("textarea[name=body]", "请各基层工会组织职工报名。")
    page.select_option("select[name=audience]", "subtree")
    page.set_input_files("input[name=attachment]", str(pdf))
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    notice = Notice.objects.get()
    assert page.url.endswith(notice.get_absolute_url()), page.locator("body").inner_text()[:800]
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('notices:notice_publish', args=[notice.pk])}']").click()
    with page.expect_navigation():
        page.locator(".card form[method=post] button[type=submit]").first.click()
    assert Notice.objects.get().status == "published"

    page.context.clear_cookies()
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", notice_world["phone"])
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    page.goto(reverse("portal:home"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('notices_portal:home')}']").first.click()
    with page.expect_navigation():
        page.get_by_text("关于职工疗休养的通知").click()
    assert "请各基层工会组织职工报名。" in page.inner_text("#notice-body")
    with page.expect_download() as download:
        page.get_by_text("报名表.pdf").click()
    assert download.value.suggested_filename == "报名表.pdf"

    page.context.clear_cookies()
    sign_in(page, "district_official", PASSWORD)
    page.goto(notice.get_absolute_url())
    assert page.inner_text("[data-reads]").strip() == "1"
