"""Browser tests: pytest-django's live server and Playwright driving Debian's chromium.

Never a downloaded browser: chromium comes from ``$GONGHUI_CHROMIUM`` (the test script sets it) or
/usr/bin/chromium; when it is missing the tests skip. Every test in this directory is marked ``e2e``
(``-m "not e2e"`` leaves them out). A failing test leaves a full-page screenshot and the page's HTML
under ``test-artifacts/``.

Fixtures: ``browser`` (one per session), ``page`` (a fresh context per test, Chinese locale, its
``base_url`` the live server's), ``notify_log`` (the messages sent, from the test outbox).
"""

import os
import re
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django then refuses ORM calls from it
# unless told that this is fine (it is: the loop is Playwright's, not Django's).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Gonghui-test-2026"


def chromium_path():
    path = os.environ.get("GONGHUI_CHROMIUM") or "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(request, browser, live_server, transactional_db):
    """A fresh browser page (own cookies) against the live server; screenshot + HTML on failure; the test fails
    when the browser blocked anything under the Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    console = []
    pg.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    pg.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    yield pg
    failed = any(getattr(getattr(request.node, f"rep_{w}", None), "failed", False) for w in ("setup", "call"))
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
            (ARTIFACTS / f"{stem}.html").write_text(pg.content(), encoding="utf-8")
            (ARTIFACTS / f"{stem}.console.txt").write_text(f"url: {pg.url}\n" + "\n".join(console), encoding="utf-8")
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"could not save the failure screenshot: {exc}")
    context.close()
    # The Content-Security-Policy is on in every e2e test: the browser reports what it blocked on the console.
    blocked = [m for m in console if "Content Security Policy" in m]
    if blocked and not failed:
        pytest.fail("the browser blocked content under the Content-Security-Policy:\n" + "\n".join(blocked))


class NotifyLog:
    """Messages sent to members and officials, whole, from any thread: the test outbox
    (``gonghui.core.notify.OutboxBackend``); the log shows links and codes masked."""

    def __init__(self, outbox):
        self.outbox = outbox

    def messages(self, to=None):
        return [{"to": m.recipient, "subject": m.subject, "body": m.body} for m in list(self.outbox)
                if to is None or m.recipient == to]

    def wait_for_link(self, to=None, path_contains="/portal/set-password/", timeout=10):
        """The newest link (path and query only) sent to ``to``: the base URL in it may not be the live server's."""
        from urllib.parse import urlsplit

        deadline = time.monotonic() + timeout
        while True:
            for msg in reversed(self.messages(to)):
                for url in re.findall(r"https?://[^\s，。]+", msg["body"]):
                    parts = urlsplit(url)
                    if path_contains in parts.path:
                        return parts.path + (f"?{parts.query}" if parts.query else "")
            if time.monotonic() > deadline:
                raise AssertionError(f"no message with a {path_contains} link to {to}: {self.messages()}")
            time.sleep(0.1)


@pytest.fixture
def notify_log(outbox):
    return NotifyLog(outbox)


@pytest.fixture
def sign_in(live_server):
    """``sign_in(page, username)`` through the officials' login form."""
    from django.urls import reverse

    def _sign_in(pg, username, password=PASSWORD):
        pg.goto(reverse("accounts:login"))
        pg.fill("input[name=username]", username)
        pg.fill("input[name=password]", password)
        with pg.expect_navigation():
            pg.locator("form:has(input[name=password]) [type=submit]").click()
        assert reverse("accounts:login") not in pg.url, (
            f"still on the login page: {pg.locator('body').inner_text()[:500]}")
        return pg

    return _sign_in
