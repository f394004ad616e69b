"""One learning cycle in a real Chromium (Playwright), over the live server's sample
organization: a request accepted → the relationship → a session ending with a commitment
→ the next session reviews it → the ending with feedback both ways → the finder says the
guide helped, with the rating."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.conftest import sign_in_as

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page; the fixture is typed loosely to keep imports lazy
NEED = "I need help writing better SQL queries"
COMMITMENT = "Rewrite the monthly report query with a window function"


def _person_id(href: str | None) -> int:
    match = re.fullmatch(r"/people/(\d+)", href or "")
    assert match, href
    return int(match.group(1))


def test_a_request_grows_into_a_relationship_and_its_feedback_counts(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").nth(2).click()
    me = page.get_by_test_id("account").get_by_role("link").first.inner_text()
    learner = _person_id(
        page.get_by_test_id("account").get_by_role("link").first.get_attribute("href")
    )

    # Ask the finder's best-placed colleague for a working session.
    page.goto("/find")
    page.get_by_label("What do you need help with?").fill(NEED)
    page.get_by_role("button", name="Find help").click()
    page.wait_for_url(re.compile(r"/find\?q="))
    expert = page.get_by_test_id("expert").filter(has=page.get_by_test_id("ask-link")).first
    expert.get_by_test_id("ask-link").click()
    page.wait_for_url(re.compile(r"/ask\?"))
    page.get_by_label("A working session").check()
    page.get_by_test_id("ask-submit").click()
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    request_url = page.url
    skill = page.get_by_test_id("request-skills").locator("a").first.inner_text()
    asked = page.locator('[data-testid="offer"][data-state="waiting"]').first
    guide = _person_id(asked.locator("a").first.get_attribute("href"))
    guide_name = asked.locator("a").first.inner_text()

    # The guide accepts: a relationship starts, listed under "Relationships".
    sign_in_as(page, guide)
    page.goto(request_url)
    page.get_by_test_id("accept-button").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Relationships").click()
    page.get_by_test_id("relationships-active").get_by_role("link", name=me).first.click()
    page.wait_for_url(re.compile(r"/relationships/\d+$"))
    relationship_url = page.url
    assert page.get_by_test_id("relationship-state").text_content().strip() == "Active"

    # A session that ends with a commitment to action.
    page.get_by_test_id("schedule-when").fill("2026-12-01T10:00")
    page.get_by_test_id("schedule-submit").click()
    page.wait_for_url(re.compile(r"/sessions/\d+$"))
    page.get_by_test_id("commitment-what-input").first.fill(COMMITMENT)
    page.get_by_test_id("complete-submit").click()
    assert page.get_by_test_id("session-completed").is_visible()
    assert COMMITMENT in page.get_by_test_id("commitment-made").first.inner_text()

    # The next session opens by reviewing it.
    page.goto(relationship_url)
    page.get_by_test_id("schedule-when").fill("2026-12-15T10:00")
    page.get_by_test_id("schedule-submit").click()
    page.wait_for_url(re.compile(r"/sessions/\d+$"))
    assert COMMITMENT in page.get_by_test_id("agenda-text").inner_text()
    review = page.get_by_test_id("to-review").first
    review.get_by_test_id("review-done").check()
    review.get_by_test_id("review-note").fill("Done, and it runs in a second now")
    review.get_by_test_id("review-submit").click()
    assert (
        page.get_by_test_id("reviewed-here").first.get_by_test_id("commitment-review").inner_text()
        == "Done"
    )

    # The guide ends it gracefully and gives feedback; it stays blind for now.
    page.goto(relationship_url)
    assert "Done" in page.get_by_test_id("reviewed-commitments").text_content()
    page.get_by_test_id("end-reason").select_option("goals_reached")
    page.get_by_test_id("end-reflection").fill("A good run: the queries are faster")
    page.get_by_test_id("end-submit").click()
    assert page.get_by_test_id("ending-reason").inner_text() == "We reached the goals"
    page.get_by_test_id("feedback-rating-input").select_option("4")
    page.get_by_test_id("feedback-submit").click()
    assert page.get_by_test_id("feedback-hidden").is_visible()

    # The learner answers too: both see both, and the finder counts it for the guide.
    sign_in_as(page, learner)
    page.goto(relationship_url)
    assert not page.get_by_test_id("their-feedback").count()
    page.get_by_test_id("feedback-rating-input").select_option("5")
    for rating in page.locator("select[data-testid^='feedback-skill-']").all():
        rating.select_option("5")  # every skill it was about, the request's among them
    page.get_by_test_id("feedback-note").fill("Patient, and every example was from our own data")
    page.get_by_test_id("feedback-submit").click()
    assert "4 of 5" in page.get_by_test_id("their-feedback").inner_text()

    deadline = time.monotonic() + 20  # the finder follows changes within seconds
    while True:
        page.goto("/find?" + f"q={NEED.replace(' ', '+')}")
        card = page.get_by_test_id("expert").filter(has_text=guide_name).first
        why = card.get_by_test_id("why").inner_text() if card.count() else ""
        if "helped colleagues with" in why or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert f"helped colleagues with {skill}" in why and "rated 5 of 5" in why
