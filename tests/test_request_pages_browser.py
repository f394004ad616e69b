"""Asking a person for help in a real Chromium (Playwright): from "Who can help me?" to the
request page, over the sample organization that the live server holds."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page; the fixture is typed loosely to keep imports lazy
NEED = "I need help with Python"


def test_ask_a_colleague_found_by_the_finder(page: Page) -> None:
    page.goto("/sign-in")
    button = page.get_by_test_id("sign-in-results").get_by_role("button").first
    me = button.inner_text().removeprefix("Sign in as ").strip()
    button.click()
    assert me in page.get_by_test_id("account").inner_text()

    page.goto("/find")
    page.get_by_label("What do you need help with?").fill(NEED)
    page.get_by_role("button", name="Find help").click()  # htmx swaps the results in
    page.wait_for_url(re.compile(r"/find\?q="))
    expert = page.get_by_test_id("expert").filter(has=page.get_by_test_id("ask-link")).first
    name = expert.locator("h2 a").inner_text()
    assert name != me
    link = expert.get_by_test_id("ask-link")
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["need"] == [NEED] and len(query["guide"]) == 1
    link.click()

    page.wait_for_url(re.compile(r"/ask\?"))
    assert page.get_by_label("What do you need help with?").input_value() == NEED
    assert f"Ask {name} first" in page.get_by_test_id("ask-guide").inner_text()
    page.get_by_label("A working session").check()
    page.get_by_label("How urgent is it?").select_option("urgent")
    page.get_by_test_id("ask-submit").click()

    page.wait_for_url(re.compile(r"/requests/\d+$"))
    assert page.get_by_test_id("request-need").inner_text() == NEED
    assert page.get_by_test_id("request-kind").inner_text() == "A working session"
    assert page.get_by_test_id("request-urgency").inner_text() == "Urgent"
    first = page.get_by_test_id("offer").first
    assert first.locator("a").first.inner_text() == name  # the one chosen is asked first
    if first.get_attribute("data-state") == "waiting":
        where = page.get_by_test_id("where-it-stands").inner_text()
        assert where.startswith(f"Asked {name}")

    # The request is listed under "My requests", reached from the navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    mine = page.get_by_test_id("asked-by-me")
    assert NEED in mine.inner_text()
    mine.get_by_role("link", name=NEED).first.click()
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    assert page.get_by_test_id("withdraw-button").is_visible()
