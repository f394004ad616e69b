"""Recognition in a real Chromium (Playwright): a go-to badge earned in the sample
organization's history, then kudos given on a profile and taken back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from peoplefirst.services import recognition
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from tests.conftest import _fill_sample
from tests.databases import DatabaseFactory

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page


def _a_go_to_person(databases: DatabaseFactory) -> tuple[int, str]:
    """Someone the live server's sample organization (same template) shows as a go-to."""
    engine = make_engine(databases.template("sqlite", "sample", _fill_sample))
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            guides = list(session.scalars(select(t.HelpOutcome.guide_id).distinct()))
            earned = recognition.go_to_of(session=session, people=guides)
            person, go_to = next((p, g) for p, g in sorted(earned.items()) if g)
            return person, go_to[0].skill.name
    finally:
        engine.dispose()


def test_a_go_to_badge_and_kudos_on_a_profile(page: Page, databases: DatabaseFactory) -> None:
    person, skill = _a_go_to_person(databases)
    page.goto("/sign-in")
    # anyone but the person thanked
    page.locator(
        f'[data-testid="sign-in-results"] form:not(:has(input[value="{person}"])) button'
    ).first.click()
    page.wait_for_url(re.compile(r"/people/\d+$"))
    page.goto(f"/people/{person}")
    card = page.get_by_test_id("recognition")
    assert f"Go-to for {skill}" in card.get_by_test_id("go-to").inner_text()
    assert int(card.get_by_test_id("help-given").locator("dd").first.inner_text()) >= 1
    assert card.get_by_test_id("time-given").count() == 0  # neither them nor their manager

    card.get_by_text("Say thanks").click()
    card.get_by_label(re.compile("What are you thanking")).fill("Thanks for unblocking our launch")
    card.get_by_role("button", name="Give kudos").click()
    page.wait_for_url(re.compile(rf"/people/{person}#recognition$"))
    item = page.get_by_test_id("kudos-item").filter(has_text="Thanks for unblocking our launch")
    assert item.count() == 1
    item.get_by_role("button", name="Take back").click()
    page.wait_for_url(re.compile(rf"/people/{person}#recognition$"))
    assert page.get_by_test_id("kudos-item").filter(has_text="unblocking our launch").count() == 0
