"""The facts the insights are computed from, as columns of numpy arrays.

Person `i` is row `i` of `People` everywhere in this package; events, requests and matches
refer to people by that row. Times are day numbers (days since 1970-01-01, fractions allowed)
so a service can hand over what it read from the database without building objects per row:
`People.from_records` and `LearningEvents.from_records` do that mapping for plain records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import IntEnum

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def day_number(when: date | datetime) -> float:
    """Days since 1970-01-01 (UTC for naive datetimes), the time scale of every input."""
    if isinstance(when, datetime):
        aware = when if when.tzinfo else when.replace(tzinfo=UTC)
        return (aware - EPOCH).total_seconds() / 86400.0
    return float((when - EPOCH.date()).days)


class TieKind(IntEnum):
    """What happened between two people: one colleague helped, mentored, coached or
    endorsed another."""

    HELPED = 0
    MENTORED = 1
    COACHED = 2
    ENDORSED = 3


def _ints(values: object) -> Ints:
    return np.asarray(values, dtype=np.int64)


def _floats(values: object) -> Floats:
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class PersonFacts:
    """One person as the directory knows them (the record form of `People`)."""

    id: int
    department: str
    location: str
    level: int
    hire_date: date
    manager_id: int | None = None


@dataclass(frozen=True)
class People:
    """Everyone in the organization. `department` and `location` are codes into the name
    tuples; `manager` is the manager's row or -1; `ids` are the directory's person ids."""

    department: Ints
    location: Ints
    level: Ints
    hire_day: Floats
    manager: Ints
    department_names: tuple[str, ...] = ()
    location_names: tuple[str, ...] = ()
    ids: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        n = len(self.department)
        for name in ("location", "level", "hire_day", "manager"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"people: {name} has {len(getattr(self, name))} rows, not {n}")
        if len(self.ids) == 0:
            object.__setattr__(self, "ids", np.arange(n, dtype=np.int64))

    @property
    def count(self) -> int:
        return len(self.department)

    @classmethod
    def from_records(cls, records: Sequence[PersonFacts]) -> People:
        """Rows in the order given; managers outside `records` count as none."""
        departments = sorted({r.department for r in records})
        locations = sorted({r.location for r in records})
        dept_code = {d: i for i, d in enumerate(departments)}
        loc_code = {loc: i for i, loc in enumerate(locations)}
        row = {r.id: i for i, r in enumerate(records)}
        return cls(
            department=_ints([dept_code[r.department] for r in records]),
            location=_ints([loc_code[r.location] for r in records]),
            level=_ints([r.level for r in records]),
            hire_day=_floats([day_number(r.hire_date) for r in records]),
            manager=_ints([row.get(r.manager_id, -1) if r.manager_id else -1 for r in records]),
            department_names=tuple(departments),
            location_names=tuple(locations),
            ids=_ints([r.id for r in records]),
        )

    def rows(self, person_ids: Sequence[int]) -> Ints:
        """The rows of these directory ids (an unknown id is an error)."""
        order = np.argsort(self.ids)
        found = np.searchsorted(self.ids, person_ids, sorter=order)
        found = np.minimum(found, len(order) - 1)
        rows = order[found]
        if len(rows) and not np.array_equal(self.ids[rows], np.asarray(person_ids)):
            raise ValueError("a person id is not among the people")
        return _ints(rows)


@dataclass(frozen=True)
class LearningTie:
    """One learning event in record form: `helper_id` helped, mentored, coached or endorsed
    `learner_id` on `skill` at `at`, for `minutes`, rated `rating` (1-5) by the learner."""

    helper_id: int
    learner_id: int
    kind: TieKind
    at: datetime
    skill: str = ""
    minutes: float = 0.0
    rating: int | None = None


@dataclass(frozen=True)
class LearningEvents:
    """Who helped, mentored, coached or endorsed whom, one row per event. `rating` is 0 when
    the learner gave none; `skill` is a code into `skill_names`, or -1 for none."""

    helper: Ints
    learner: Ints
    kind: Ints
    day: Floats
    minutes: Floats
    rating: Ints
    skill: Ints
    skill_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.helper)
        for name in ("learner", "kind", "day", "minutes", "rating", "skill"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"events: {name} has {len(getattr(self, name))} rows, not {n}")

    @property
    def count(self) -> int:
        return len(self.helper)

    @classmethod
    def from_records(
        cls, ties: Sequence[LearningTie], people: People, skills: Sequence[str] = ()
    ) -> LearningEvents:
        """Map directory ids to rows and skills to codes (`skills` first, then new ones)."""
        names = list(dict.fromkeys([*skills, *(t.skill for t in ties if t.skill)]))
        code = {s: i for i, s in enumerate(names)}
        return cls(
            helper=people.rows([t.helper_id for t in ties]),
            learner=people.rows([t.learner_id for t in ties]),
            kind=_ints([int(t.kind) for t in ties]),
            day=_floats([day_number(t.at) for t in ties]),
            minutes=_floats([t.minutes for t in ties]),
            rating=_ints([t.rating or 0 for t in ties]),
            skill=_ints([code[t.skill] if t.skill else -1 for t in ties]),
            skill_names=tuple(names),
        )

    def select(self, keep: Flags) -> LearningEvents:
        """The events where `keep` is true."""
        return LearningEvents(
            helper=self.helper[keep],
            learner=self.learner[keep],
            kind=self.kind[keep],
            day=self.day[keep],
            minutes=self.minutes[keep],
            rating=self.rating[keep],
            skill=self.skill[keep],
            skill_names=self.skill_names,
        )


@dataclass(frozen=True)
class Requests:
    """Requests for help: who asked, for which skill (-1 none), when, and when the first
    help came (NaN: nobody helped)."""

    asker: Ints
    skill: Ints
    asked_day: Floats
    first_help_day: Floats
    skill_names: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.asker)


class MatchState(IntEnum):
    """Where a program match stands."""

    PROPOSED = 0
    ACCEPTED = 1
    DECLINED = 2
    ACTIVE = 3
    ENDED = 4


@dataclass(frozen=True)
class ProgramMatches:
    """One row per program match: the program (a code into `program_names`), learner and
    guide rows, its state, when it started (NaN if not yet), the agreed cadence in days,
    sessions held, commitments made and kept, and the sum and count of check-in scores."""

    program: Ints
    learner: Ints
    guide: Ints
    state: Ints
    started_day: Floats
    cadence_days: Floats
    sessions_held: Ints
    commitments_made: Ints
    commitments_kept: Ints
    check_in_total: Floats
    check_ins: Ints
    program_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class OnboardingCohort:
    """New joiners: their row, hire day, the day they were judged proficient (NaN: not
    yet) and whether they had an onboarding buddy."""

    person: Ints
    hire_day: Floats
    proficient_day: Floats
    had_buddy: Flags
