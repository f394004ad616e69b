"""Peer accountability in a real Chromium (Playwright), over the live server's sample
organization: the Data Summit's admin uploads four attendees → a circle is formed with its
first session → a member records a commitment at it → another member sees it and nudges
→ the first finds the nudge among their notifications."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import sign_in_as

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page; typed loosely to keep imports lazy
COMMITMENT = "Rebuild the churn dashboard with the summit's tips"


def _person_id(href: str | None) -> int:
    match = re.fullmatch(r"/people/(\d+)", href or "")
    assert match, href
    return int(match.group(1))


def test_a_circle_from_an_attendee_list_holds_its_members_to_account(page: Page) -> None:
    # The summit's admin, as the program's page names them.
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").first.click()
    page.goto("/programs")
    page.get_by_role("link", name="After the Data Summit").first.click()
    page.wait_for_url(re.compile(r"/programs/\d+$"))
    program_url = page.url
    admin = _person_id(
        page.get_by_test_id("program-admins").locator("a").first.get_attribute("href")
    )
    sign_in_as(page, admin)

    # Four attendees not yet in a group, by employee id.
    program = page.request.get("/api/v1" + program_url[program_url.index("/programs") :]).json()
    grouped = {p["id"] for g in program["groups"] for p in g["members"]}
    free = [e["person"] for e in program["learners"] if e["person"]["id"] not in grouped][:4]
    assert len(free) == 4

    page.goto(program_url)
    page.get_by_test_id("attendees-link").click()
    page.wait_for_url(re.compile(r"/attendees$"))
    page.get_by_test_id("attendees-input").fill(
        "\n".join([free[0]["employee_id"], "nobody-here", *(p["employee_id"] for p in free[1:])])
    )
    page.get_by_test_id("attendees-submit").click()
    assert "line 2" in page.content()  # the bad line, named; nothing stored
    page.go_back()
    page.get_by_test_id("attendees-input").fill("\n".join(p["employee_id"] for p in free))
    page.get_by_test_id("attendees-submit").click()
    formed = page.get_by_test_id("formed-circle")
    assert formed.count() == 1
    assert formed.get_by_test_id("first-session").inner_text().strip() != "—"

    # A member opens the circle from "My relationships" and completes its first session
    # with a commitment of their own.
    first, second = free[0], free[1]
    sign_in_as(page, first["id"])
    page.goto("/relationships")
    page.get_by_test_id("my-circles").get_by_test_id("circle-link").first.click()
    page.wait_for_url(re.compile(r"/circles/\d+$"))
    circle_url = page.url
    page.get_by_test_id("session-link").first.click()
    page.wait_for_url(re.compile(r"/circles/\d+/sessions/\d+$"))
    page.get_by_test_id("commitment-owner").first.select_option(str(first["id"]))
    page.get_by_test_id("commitment-what-input").first.fill(COMMITMENT)
    page.get_by_test_id("complete-submit").click()
    assert page.get_by_test_id("session-completed").is_visible()
    assert COMMITMENT in page.get_by_test_id("commitment-made").first.inner_text()

    # Another member sees it among everyone's commitments and nudges.
    sign_in_as(page, second["id"])
    page.goto(circle_url)
    theirs = page.locator(f'[data-testid="open-commitment"][data-owner="{first["id"]}"]')
    assert COMMITMENT in theirs.inner_text()
    theirs.get_by_test_id("nudge-button").click()
    assert page.get_by_test_id("nudged-notice").is_visible()
    assert (
        page.locator(
            f'[data-testid="open-commitment"][data-owner="{first["id"]}"] [data-testid="nudge-button"]'
        ).count()
        == 0
    )  # once a day is enough

    # The first member is told.
    sign_in_as(page, first["id"])
    page.goto("/notifications")
    assert f"{second['name']} nudges you" in page.content()
