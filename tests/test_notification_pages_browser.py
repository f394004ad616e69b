"""Notification settings in a real Chromium (Playwright): reached from the account link,
a channel turned off, quiet hours and a chat webhook saved, a bad webhook refused with
nothing lost; then the list of what one was told."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page


def test_choose_channels_and_quiet_hours(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").nth(2).click()
    page.wait_for_url(re.compile(r"/people/\d+$"))

    page.get_by_test_id("notifications-link").click()
    page.wait_for_url(re.compile(r"/notifications$"))
    page.get_by_test_id("notification-settings-link").click()
    page.wait_for_url(re.compile(r"/settings/notifications$"))

    email = page.get_by_test_id("choice-check_in_due-email")
    assert email.is_checked()  # e-mail is on by default
    email.uncheck()
    page.get_by_test_id("choice-request_asked-chat").check()
    page.get_by_test_id("chat-webhook-url").fill("https://hooks.slack.com/services/T0/B0/me")
    page.get_by_test_id("quiet-start").fill("22:00")
    page.get_by_test_id("quiet-end").fill("07:00")
    page.get_by_test_id("save-notification-settings").click()
    assert page.get_by_test_id("saved").is_visible()
    page.reload()
    assert not page.get_by_test_id("choice-check_in_due-email").is_checked()
    assert page.get_by_test_id("choice-request_asked-chat").is_checked()
    assert page.get_by_test_id("quiet-start").input_value() == "22:00"

    # an address the server must not post to: refused, naming the field; nothing lost
    page.get_by_test_id("chat-webhook-url").fill("http://169.254.169.254/latest/meta-data")
    page.get_by_test_id("save-notification-settings").click()
    assert "chat_webhook_url" in page.content() or "chat service" in page.content()
    page.goto("/settings/notifications")
    assert (
        page.get_by_test_id("chat-webhook-url").input_value()
        == "https://hooks.slack.com/services/T0/B0/me"
    )
    assert page.get_by_test_id("quiet-end").input_value() == "07:00"
