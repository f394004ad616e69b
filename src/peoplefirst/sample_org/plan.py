"""The org chart before anyone is in it: units with head counts, and the shape of each team.

A unit is a department record at any depth (the company, a division, a department, a
group, a team). Each unit has one head; the head's direct reports are the heads of its
sub-units plus a few staff. Sizes are chosen so that every manager has 3 to 12 direct reports
and no chain from the chief executive down is longer than the eight levels allow
(each manager outranks their reports, the chief executive is level 8).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from peoplefirst.sample_org.catalog import (
    COMPANY_LOCATIONS,
    COMPANY_NAME,
    DIVISIONS,
    LOCATIONS,
    TEAM_QUALIFIERS,
    weights,
)

MIN_SPAN = 3
MAX_SPAN = 12
MAX_HEIGHT = 7  # levels 8..1: the chief executive's chain may be seven managers deep
MIN_UNIT = MIN_SPAN + 1  # a head and three reports
FLAT_TEAM = MAX_SPAN  # a team lead with up to 12 reports, no managers in between
TWO_TIER_TEAM = MAX_SPAN + MAX_SPAN * MAX_SPAN  # a lead over managers over people: 156


@dataclass(slots=True, eq=False)
class Unit:
    """One department in the plan. `staff` counts the head's reports who head nothing."""

    name: str
    size: int  # people in the unit and everything under it, head included
    depth: int  # 0 company, 1 division, 2 department, 3+ groups and teams
    division: int  # index into DIVISIONS; -1 for the company
    department: int  # index into the division's departments; -1 above that
    location: int  # index into LOCATIONS: where most of the unit sits
    parent: Unit | None = None
    children: list[Unit] = field(default_factory=list)
    staff: int = 0
    height: int = 0  # length of the longest management chain below the head
    id: int = 0

    @property
    def is_team(self) -> bool:
        return not self.children


def team_height(staff: int) -> int:
    """How many management layers a team of `staff` people below its lead needs."""
    if staff == 0:
        return 0
    return 1 if staff <= FLAT_TEAM else 2


def _capacity(height: int) -> int:
    """The most people a unit whose head sits `height` layers above the bottom can hold."""
    if height <= 0:
        return 1
    if height == 1:
        return 1 + FLAT_TEAM
    if height == 2:
        return 1 + TWO_TIER_TEAM
    return 1 + (MAX_SPAN - 1) * _capacity(height - 1)


def team_cap(people: int) -> int:
    """Largest team (reports below one lead) for an organization of `people`.

    Up to 20,000 people teams are flat (a lead and up to 12 people). Beyond that a team is
    a lead over a layer of managers (up to 156 people): a layer spent inside a big team
    holds ten times more people than a layer of small groups, which keeps the chart within
    eight levels and the department list in the thousands.
    """
    return FLAT_TEAM if people < 20_000 else TWO_TIER_TEAM


def allocate(total: int, shares: list[float], minimum: int) -> list[int]:
    """Split `total` by `shares` (largest remainder), dropping the smallest shares until
    every kept part is at least `minimum`. Dropped parts get 0."""
    active = [i for i, s in enumerate(shares) if s > 0]
    while True:
        weight = sum(shares[i] for i in active)
        exact = {i: total * shares[i] / weight for i in active}
        parts = {i: int(exact[i]) for i in active}
        left = total - sum(parts.values())
        for i in sorted(active, key=lambda i: parts[i] - exact[i])[:left]:
            parts[i] += 1
        smallest = min(active, key=lambda i: (parts[i], shares[i]))
        if parts[smallest] >= minimum or len(active) == 1:
            return [parts.get(i, 0) for i in range(len(shares))]
        active.remove(smallest)


def _even_split(
    total: int, count: int, rng: random.Random, minimum: int, largest: int
) -> list[int]:
    """`count` near-equal parts of `total`, each in [minimum, largest]; up to ±15% uneven
    where the bounds leave room for it."""
    room = min((largest - 1) * count / total, total / (minimum * count))
    noise = max(0.0, min(0.15, (room - 1) / (room + 1)))
    return allocate(total, [1.0 + rng.uniform(-noise, noise) for _ in range(count)], minimum)


class _Planner:
    def __init__(self, people: int, rng: random.Random) -> None:
        self.rng = rng
        self.cap = team_cap(people)
        self.people = people
        self.company_locations = _location_weights(COMPANY_LOCATIONS)
        self.division_locations = [_location_weights(d.locations) for d in DIVISIONS]

    def pick_location(self, division: int) -> int:
        keys, cum = self.division_locations[division] if division >= 0 else self.company_locations
        return self.rng.choices(keys, cum_weights=cum)[0]

    def build(self, unit: Unit, budget: int) -> None:
        leaf_limit = min(self.cap if unit.depth else FLAT_TEAM, TWO_TIER_TEAM)
        if budget < 2:
            leaf_limit = min(leaf_limit, FLAT_TEAM)
        if unit.size - 1 <= leaf_limit or budget <= 1:
            unit.staff = unit.size - 1
            unit.height = team_height(unit.staff)
            return
        if unit.depth == 0:
            self._split_company(unit)
        elif unit.depth == 1:
            self._split_division(unit)
        else:
            self._split_generic(unit, budget)
        for child in unit.children:
            if child.size > _capacity(budget - 1):
                raise ValueError(f"{self.people} people do not fit in eight levels")
            self.build(child, budget - 1)
        unit.height = 1 + max(c.height for c in unit.children)

    def _split_company(self, unit: Unit) -> None:
        # A chief of staff appears around 60 people, a strategy lead in the thousands.
        staff = sum(unit.size >= n for n in (60, 600, 6000))
        sizes, unit.staff = _split_by_shares(unit.size - 1, [d.share for d in DIVISIONS], staff)
        for index, (division, size) in enumerate(zip(DIVISIONS, sizes, strict=True)):
            if size:
                loc = self.pick_location(index)
                unit.children.append(Unit(division.name, size, 1, index, -1, loc, unit))

    def _split_division(self, unit: Unit) -> None:
        blueprints = DIVISIONS[unit.division].departments
        sizes, unit.staff = _split_by_shares(unit.size - 1, [d.share for d in blueprints], 0)
        for index, (blueprint, size) in enumerate(zip(blueprints, sizes, strict=True)):
            if size:
                loc = self.pick_location(unit.division)
                child = Unit(blueprint.name, size, 2, unit.division, index, loc, unit)
                unit.children.append(child)

    def _split_generic(self, unit: Unit, budget: int) -> None:
        below = unit.size - 1
        fan_out = MAX_SPAN - 1
        # As few layers of groups as full teams allow, then near-equal groups per layer.
        layers = 1
        while below > self.cap * fan_out**layers:
            layers += 1
        target = max(MIN_SPAN, round(self.cap * 0.8))
        count = max(2, min(fan_out, math.ceil((below / target) ** (1 / layers) - 1e-9)))
        largest = min(_capacity(budget - 1), 1 + self.cap * fan_out ** (layers - 1))
        count = max(count, math.ceil(below / largest))
        staff = max(0, MIN_SPAN - count)
        count = min(count, MAX_SPAN - staff, (below - staff) // MIN_UNIT)
        sizes = _even_split(below - staff, count, self.rng, MIN_UNIT, largest)
        unit.staff = below - sum(sizes)
        names = self._child_names(unit, len(sizes))
        for name, size in zip(names, sizes, strict=True):
            loc = self.pick_location(unit.division) if self.rng.random() < 0.3 else unit.location
            child = Unit(name, size, unit.depth + 1, unit.division, unit.department, loc, unit)
            unit.children.append(child)

    def _child_names(self, unit: Unit, count: int) -> list[str]:
        if unit.depth == 2:
            stems = DIVISIONS[unit.division].departments[unit.department].teams
        else:
            stems = tuple(f"{unit.name} {q}" for q in TEAM_QUALIFIERS)
        offset = self.rng.randrange(len(stems)) if unit.depth > 2 else 0
        names = []
        for i in range(count):
            stem = stems[(i + offset) % len(stems)]
            round_ = (i + offset) // len(stems)
            names.append(stem if round_ == 0 else f"{stem} {round_ + 1}")
        return names


def _split_by_shares(below: int, shares: list[float], staff: int) -> tuple[list[int], int]:
    """Sizes of the sub-units under a head, and how many staff report to the head directly
    (at least enough for a span of three when few sub-units are big enough to exist)."""
    while True:
        sizes = allocate(below - staff, shares, MIN_UNIT)
        kept = sum(1 for s in sizes if s)
        if kept + staff >= MIN_SPAN or staff >= below:
            return sizes, below - sum(sizes)
        staff += 1


def _location_weights(text: str) -> tuple[list[int], list[float]]:
    index = {loc.key: i for i, loc in enumerate(LOCATIONS)}
    keys, cum, total = [], [], 0.0
    for key, weight in weights(text):
        total += weight
        keys.append(index[key])
        cum.append(total)
    return keys, cum


def plan_organization(people: int, rng: random.Random) -> list[Unit]:
    """All units of an organization of `people`, parents before children (ids from 1)."""
    if people < 1:
        raise ValueError("an organization needs at least one person")
    planner = _Planner(people, rng)
    root = Unit(COMPANY_NAME, people, 0, -1, -1, planner.pick_location(-1))
    planner.build(root, MAX_HEIGHT)
    units = [root]
    for unit in units:  # breadth first, so a parent's id is always smaller
        units.extend(unit.children)
    for number, unit in enumerate(units, start=1):
        unit.id = number
    return units


def team_shape(staff: int, rng: random.Random) -> tuple[int, list[int]]:
    """How a team lead's `staff` people are arranged: (people reporting to the lead
    directly, the number of reports of each manager under the lead)."""
    if staff <= FLAT_TEAM:
        return staff, []
    if staff > TWO_TIER_TEAM:
        raise ValueError(f"a team of {staff} needs more than two layers")
    managers = min(MAX_SPAN, max(1, round(staff / (rng.randint(6, 10) + 1))))
    while True:
        direct = max(0, MIN_SPAN - managers)
        if managers + direct < MAX_SPAN and rng.random() < 0.3:
            direct += 1
        reports = staff - managers - direct
        if reports > MAX_SPAN * managers:
            managers += 1
        elif reports < MIN_SPAN * managers:
            managers -= 1
        else:
            break
    base, extra = divmod(reports, managers)
    shape = [base + (i < extra) for i in range(managers)]
    for _ in range(managers):  # uneven teams read more naturally than equal ones
        a, b = rng.randrange(managers), rng.randrange(managers)
        if shape[a] > MIN_SPAN and shape[b] < MAX_SPAN and a != b:
            shape[a] -= 1
            shape[b] += 1
    return direct, shape
