"""A mentoring program in a real Chromium (Playwright): an admin starts it, two colleagues
enroll, the admin runs the matching and publishes, and the learner accepts; over the sample
organization that the live server holds."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page; the fixture is typed loosely to keep imports lazy


def _sign_in_as(page: Page, index: int) -> str:
    """Sign in as the `index`-th person the sign-in page lists; returns their name."""
    page.goto("/sign-in")
    button = page.get_by_test_id("sign-in-results").get_by_role("button").nth(index)
    name: str = button.inner_text().removeprefix("Sign in as ").strip()
    button.click()
    assert name in page.get_by_test_id("account").inner_text()
    return name


def test_a_program_from_start_to_an_accepted_match(page: Page) -> None:
    admin = _sign_in_as(page, 0)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.get_by_test_id("new-program").click()
    name = f"Browser mentoring {uuid.uuid4().hex[:8]}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Kind").select_option("mentoring")
    page.get_by_label("Description").fill("Learn from a colleague who has done it.")
    page.get_by_test_id("create-program").click()
    page.wait_for_url(re.compile(r"/programs/\d+$"))
    program_url = page.url
    assert page.get_by_test_id("program-name").inner_text() == name
    assert admin in page.get_by_test_id("program-admins").inner_text()

    # Open the rules up so that any two colleagues may be matched.
    page.get_by_label("Mentors must offer the role").select_option("")
    page.get_by_label("Reporting line").select_option("any")
    page.get_by_label("They share a language").uncheck()
    page.get_by_test_id("rule-level-gap-low").fill("")
    page.get_by_test_id("rule-level-gap-high").fill("")
    page.get_by_test_id("rules-save").click()
    page.wait_for_url(re.compile(r"/programs/\d+#rules$"))
    assert page.get_by_test_id("rules-version").inner_text() == "version 2"

    learner = _sign_in_as(page, 1)
    page.goto(program_url)
    page.get_by_label("Your stage (optional, e.g. new manager)").fill("new manager")
    page.get_by_test_id("enroll-learner").click()
    assert "new manager" in page.get_by_test_id("enrolled-learner").inner_text()

    guide = _sign_in_as(page, 2)
    page.goto(program_url)
    page.get_by_label("How many mentees at once").fill("1")
    page.get_by_test_id("enroll-guide").click()
    assert "Up to 1 mentee at once" in page.get_by_test_id("enrolled-guide").inner_text()

    _sign_in_as(page, 0)
    page.goto(program_url)
    assert learner in page.get_by_test_id("learners-table").inner_text()
    assert guide in page.get_by_test_id("guides-table").inner_text()
    page.get_by_label("Method").select_option("optimal")
    page.get_by_test_id("run-button").click()
    page.wait_for_url(re.compile(r"/programs/\d+/runs/\d+$"))
    pair = page.get_by_test_id("pair")
    assert pair.count() == 1
    assert learner in pair.inner_text() and guide in pair.inner_text()
    assert page.get_by_test_id("figures").inner_text().startswith("1 of 1")
    page.get_by_test_id("publish-button").click()
    page.wait_for_url(re.compile(r"#published$"))
    assert page.get_by_test_id("publish-summary").inner_text().startswith("1 match proposed")

    _sign_in_as(page, 1)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    mine = page.get_by_test_id("your-matches")
    assert f"Your mentor: {guide}" in mine.inner_text()
    mine.get_by_test_id("accept-button").click()
    page.wait_for_url(re.compile(r"/programs#your-matches$"))
    assert f"waiting for {guide}" in page.get_by_test_id("waiting-for").inner_text()
