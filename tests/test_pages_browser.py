"""The pages in a real Chromium (Playwright), against the app served by uvicorn."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

pytestmark = pytest.mark.browser

Page = Any  # playwright.sync_api.Page; the fixture is typed loosely to keep imports lazy


def _count(page: Page) -> int:
    text = page.get_by_test_id("count").inner_text()
    return int(re.search(r"([\d,]+)", text).group(1).replace(",", ""))  # type: ignore[union-attr]


def test_directory_search_then_profile_then_skill(page: Page) -> None:
    page.goto("/people")
    everyone = _count(page)
    assert everyone == 300
    first_row = page.locator("[data-testid=people-results] tbody tr").first
    name = first_row.locator("a").first.inner_text()
    surname = name.split()[-1]

    page.get_by_label("Name, title, email or ID").fill(surname)
    # htmx swaps the results in place and pushes the filter into the address bar.
    page.wait_for_url(re.compile(rf"q={re.escape(surname)}"))
    page.wait_for_function(
        "document.querySelector('[data-testid=count]').innerText.match(/\\d+/)[0] !== '300'"
    )
    assert 1 <= _count(page) < everyone
    page.get_by_role("link", name=name, exact=True).first.click()

    assert page.locator("h1").inner_text() == name
    page.get_by_test_id("facts").wait_for()
    skills = page.get_by_test_id("skills").locator("a")
    if skills.count() == 0:
        pytest.skip("this person declared no skills")  # the sample makes this rare
    skill_name = skills.first.inner_text()
    skills.first.click()
    assert page.locator("h1").inner_text() == skill_name
    page.get_by_test_id("holders").wait_for()


def test_department_filter_narrows_the_directory(page: Page) -> None:
    page.goto("/people")
    select = page.get_by_label("Department")
    options = select.locator("option")
    assert options.count() > 5
    value = options.nth(2).get_attribute("value")  # 1 is the whole company; 2 a division
    select.select_option(value)
    page.wait_for_url(re.compile(rf"department={value}"))
    page.wait_for_function(
        "document.querySelector('[data-testid=count]').innerText.match(/\\d+/)[0] !== '300'"
    )
    assert 0 < _count(page) < 300


def test_skills_page_search_and_levels(page: Page) -> None:
    page.goto("/skills")
    page.get_by_label("Skill name or alias").fill("python")
    page.wait_for_url(re.compile("q=python"))
    link = page.get_by_test_id("skills-results").get_by_role("link", name="Python", exact=True)
    link.click()
    assert page.locator("h1").inner_text() == "Python"
    holders = page.get_by_test_id("holders")
    assert "Expert" in holders.inner_text() or "Advanced" in holders.inner_text()
    page.get_by_test_id("learners").wait_for()


def test_departments_tree_to_a_department(page: Page) -> None:
    page.goto("/departments")
    tree = page.get_by_test_id("department-tree")
    first = tree.locator("a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert page.get_by_test_id("members").locator("tbody tr").count() > 0


def test_development_sign_in_makes_pages_personal(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").first.wait_for()
    button = page.get_by_test_id("sign-in-results").get_by_role("button").first
    name = button.inner_text().removeprefix("Sign in as ").strip()
    button.click()
    assert page.locator("h1").inner_text() == name
    assert name in page.get_by_test_id("account").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert name not in page.get_by_test_id("account").inner_text()


def test_a_missing_person_shows_an_error_page(page: Page) -> None:
    response = page.goto("/people/99999999")
    assert response is not None and response.status == 404
    assert "not found" in page.get_by_test_id("error").inner_text().lower()


def test_error_pages_still_know_who_is_signed_in(page: Page) -> None:
    page.goto("/sign-in")
    button = page.get_by_test_id("sign-in-results").get_by_role("button").first
    name = button.inner_text().removeprefix("Sign in as ").strip()
    button.click()
    page.goto("/skills/99999999")
    assert name in page.get_by_test_id("account").inner_text()


def test_find_help_from_the_home_page(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Who can help me?").fill("I need help with Python")
    page.get_by_role("button", name="Find help").click()
    page.wait_for_url(re.compile(r"/find\?q="))
    first = page.get_by_test_id("expert").first
    assert "Python" in first.get_by_test_id("why").inner_text()
    name = first.locator("h2 a").inner_text()
    first.locator("h2 a").click()
    assert page.locator("h1").inner_text() == name


def test_the_api_reference_renders_offline(page: Page) -> None:
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/experts").first.wait_for()


def test_keeping_ones_profile_current_makes_one_findable(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").first.click()
    page.get_by_test_id("add-skill-form").wait_for()
    me = page.locator("h1").inner_text()
    skills = page.get_by_test_id("skills")
    name = next(
        n
        for n in ("Public speaking", "Negotiation", "Terraform", "Rust", "Go")
        if skills.get_by_role("link", name=n, exact=True).count() == 0
    )

    page.get_by_label("Add a skill").fill(name)
    page.get_by_label("Your level", exact=True).select_option(label="4 Advanced")
    page.get_by_role("button", name="Add skill").click()
    row = page.locator(
        "[data-testid=skill-row]", has=page.get_by_role("link", name=name, exact=True)
    )
    row.wait_for()
    assert row.get_by_test_id("skill-level").input_value() == "4"

    # Only people who are findable and not away are suggested.
    availability = page.get_by_test_id("availability")
    availability.get_by_label("Suggest me when colleagues look for help").check()
    availability.get_by_label("Away until").fill("")
    availability.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile("#availability$"))

    adding = page.get_by_test_id("add-evidence")
    if adding.get_attribute("open") is None:
        adding.locator("summary").click()
    form = page.get_by_test_id("add-evidence-form")
    form.get_by_label("Kind").select_option(label="Teach-back")
    form.get_by_label("Title").fill("Teach-back: quorbelling release trains")
    form.get_by_label("What it is about").fill(
        "How we run quorbelling: small, frequent releases that anyone on the team can ship."
    )
    form.get_by_label("Skills it shows").fill(name)
    form.get_by_role("button", name="Add", exact=True).click()
    item = page.get_by_test_id("evidence-item").filter(has_text="quorbelling release trains")
    item.wait_for()
    assert "Teach-back" in item.inner_text() and name in item.inner_text()

    # The finder looks for changes every few seconds: ask again until it has seen this one.
    deadline = time.monotonic() + 20
    while True:
        page.goto("/find?q=quorbelling")
        found = page.get_by_test_id("expert").locator("h2 a").all_inner_texts()
        if found or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert found == [me], page.locator("main").inner_text()
