"""The default notification backend never logs a password link or a verification code in clear (issue 15,
part 10); tests read whole messages from the outbox."""

import logging

import pytest

from gonghui.core import notify

LINK = "http://127.0.0.1:8000/portal/set-password/MTIz/cz1abc-0a1b2c3d4e5f/"


@pytest.mark.parametrize("backend", ["gonghui.core.notify.LogBackend", "gonghui.core.notify.OutboxBackend"])
def test_log_masks_links_codes_and_numbers(settings, caplog, outbox, backend):
    settings.GONGHUI_NOTIFY_BACKEND = backend
    caplog.set_level(logging.INFO, logger="gonghui.notify")
    notify.send("13812345678", "门户", f"李明，设置密码以登录：{LINK}")
    notify.send("13812345678", "验证码", "您的验证码是482913，10分钟内有效。Your code is 482913.")
    notify.send("a@example.org", "Review", "Archive KN00000001 is due on 2026-03-02; call 13912345678.")
    logged = [r.getMessage() for r in caplog.records if r.name == "gonghui.notify"]
    assert len(logged) == 3
    text = "\n".join(logged)
    for secret in ("MTIz", "cz1abc", "0a1b2c3d4e5f", "482913", "13812345678", "13912345678"):
        assert secret not in text
    assert "http://127.0.0.1:8000/portal/set-password/…" in logged[0] and "138****5678" in logged[0]
    assert "验证码是******" in logged[1]
    assert "KN00000001" in logged[2] and "2026-03-02" in logged[2] and "a@example.org" in logged[2]
    if backend.endswith("OutboxBackend"):
        assert outbox[0] == ("13812345678", "门户", f"李明，设置密码以登录：{LINK}")
        assert outbox[1].body.endswith("Your code is 482913.")
    else:
        assert outbox == []


def test_the_tests_use_the_outbox(settings):
    assert settings.GONGHUI_NOTIFY_BACKEND == "gonghui.core.notify.OutboxBackend"
