"""The pure core: hierarchies, visibility policy, capacity arithmetic, taxonomy parsing."""

from __future__ import annotations

import pytest

from peoplefirst.domain.capacity import Budget, Draw, ensure_fits
from peoplefirst.domain.errors import CapacityExhausted, InvalidInput
from peoplefirst.domain.hierarchy import chain_upwards, find_cycle
from peoplefirst.domain.policy import Viewer, may_see
from peoplefirst.domain.taxonomy import parse_taxonomy_csv, starter_taxonomy
from peoplefirst.domain.vocabulary import Visibility


@pytest.mark.parametrize(
    ("parents", "cycle"),
    [
        ({}, None),
        ({"a": None, "b": "a", "c": "b"}, None),
        ({"a": "b", "b": "a"}, {"a", "b"}),
        ({"a": None, "b": "c", "c": "d", "d": "b"}, {"b", "c", "d"}),
        ({"x": "outside", "y": "x"}, None),  # parents not in the map are roots
    ],
)
def test_find_cycle(parents: dict[str, str | None], cycle: set[str] | None) -> None:
    found = find_cycle(parents)
    assert (set(found) if found else None) == cycle


def test_chain_upwards_nearest_first_and_stops_on_loops() -> None:
    assert chain_upwards("c", {"a": None, "b": "a", "c": "b"}) == ["b", "a"]
    assert chain_upwards("a", {"a": "b", "b": "a"}) == ["b"]


OWNER = 10
CHAIN = (20, 30)  # the owner's manager, then their manager


@pytest.mark.parametrize(
    ("visibility", "viewer", "expected"),
    [
        (Visibility.EVERYONE, Viewer.anonymous(), True),
        (Visibility.EVERYONE, Viewer(99, 1), True),
        (Visibility.DEPARTMENT, Viewer.anonymous(), False),
        (Visibility.DEPARTMENT, Viewer(99, 5), True),
        (Visibility.DEPARTMENT, Viewer(99, 6), False),
        (Visibility.MANAGER, Viewer(20, 1), True),
        (Visibility.MANAGER, Viewer(30, 1), True),
        (Visibility.MANAGER, Viewer(99, 5), False),
        (Visibility.ONLY_ME, Viewer(20, 5), False),
        (Visibility.ONLY_ME, Viewer(OWNER, 5), True),
        (Visibility.MANAGER, Viewer(OWNER, 5), True),
    ],
)
def test_who_may_see_a_statement(visibility: Visibility, viewer: Viewer, expected: bool) -> None:
    seen = may_see(
        visibility, viewer=viewer, owner_id=OWNER, owner_department_id=5, owner_manager_chain=CHAIN
    )
    assert seen is expected


@pytest.mark.parametrize(
    ("committed", "draw", "error"),
    [
        (Draw(0, 0), Draw(4, 1), None),
        (Draw(6, 2), Draw(4, 1), None),  # exactly fills the budget
        (Draw(6, 2), Draw(4.5, 1), "hours a month"),
        (Draw(2, 3), Draw(1, 1), "more of 3 people"),
        (Draw(0, 0), Draw(-1, 1), "hours_per_month"),
        (Draw(0, 0), Draw(1, -1), "people"),
    ],
)
def test_capacity_budget(committed: Draw, draw: Draw, error: str | None) -> None:
    budget = Budget(hours_per_month=10, people_at_once=3)
    if error is None:
        ensure_fits(budget, committed, draw, who="Ada")
        return
    with pytest.raises((CapacityExhausted, InvalidInput), match=error):
        ensure_fits(budget, committed, draw, who="Ada")


def test_no_budget_means_no_capacity() -> None:
    with pytest.raises(CapacityExhausted, match="has not offered"):
        ensure_fits(None, Draw(0, 0), Draw(1, 1), who="Ada")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id,name,aliases,parent\n,Python,,\n", "row 2, id: is empty"),
        ("id,name,aliases,parent\npy,,,\n", "row 2 (py), name: is empty"),
        ("id,name,aliases,parent\npy,Python,,\npy,Python 3,,\n", "row 3 (py), id: repeats row 2"),
        ("id,name,aliases,parent\npy,Python,,lang\n", "'lang' is not a known skill id"),
        ("id,name,aliases,parent\na,A,,b\nb,B,,a\n", "forms a cycle"),
        ("name,aliases\nPython,\n", "the file, id: column is missing"),
    ],
)
def test_taxonomy_problems_name_row_and_field(text: str, problem: str) -> None:
    _, problems = parse_taxonomy_csv(text)
    assert any(problem in str(p) for p in problems), problems


def test_taxonomy_parents_may_come_later_and_aliases_split() -> None:
    skills, problems = parse_taxonomy_csv(
        "id,name,aliases,parent\npy,Python,py3|CPython,lang\nlang,Languages,,\n"
    )
    assert problems == []
    assert skills[0].aliases == ("py3", "CPython")
    assert skills[0].parent_key == "lang"


def test_starter_taxonomy_is_a_few_hundred_skills_with_categories() -> None:
    skills = starter_taxonomy()
    assert 250 <= len(skills) <= 600
    categories = {s.key for s in skills if s.parent_key is None}
    assert len(categories) >= 10
    assert len({s.name.lower() for s in skills}) == len(skills)
