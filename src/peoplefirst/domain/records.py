"""Plain records that cross the boundary between the core and storage.

The sample-organization generator yields them, HR imports parse into them, and the
storage loader writes them. Integer ids are assigned by whoever makes the records
(the generator numbers from 1) so that large organizations load without lookups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peoplefirst.domain.vocabulary import (
    EvidenceKind,
    GoalStatus,
    GuideRole,
    SkillLevel,
    SkillSource,
    SkillTag,
    Visibility,
)


@dataclass(frozen=True, slots=True)
class SkillRecord:
    """A taxonomy entry; `key` is the taxonomy's own id (e.g. "python")."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    parent_key: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class DepartmentRecord:
    id: int
    name: str
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    employee_id: str
    name: str
    email: str
    title: str
    job_family: str
    level: int
    hire_date: date
    department_id: int | None
    manager_id: int | None
    location: str
    time_zone: str
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonSkillRecord:
    person_id: int
    skill_key: str
    level: SkillLevel
    source: SkillSource


@dataclass(frozen=True, slots=True)
class SkillTagRecord:
    person_id: int
    skill_key: str
    tag: SkillTag
    visibility: Visibility = Visibility.EVERYONE


@dataclass(frozen=True, slots=True)
class LearningGoalRecord:
    person_id: int
    skill_key: str | None
    text: str
    target_level: SkillLevel
    why: str
    status: GoalStatus = GoalStatus.OPEN


@dataclass(frozen=True, slots=True)
class GuideOfferRecord:
    """A role a person is willing to play, with what they offer in that role."""

    person_id: int
    role: GuideRole
    max_people: int
    hours_per_month: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class CapacityBudgetRecord:
    """The one budget every channel (mentoring, questions, intros…) draws on."""

    person_id: int
    hours_per_month: float
    people_at_once: int


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    id: int
    kind: EvidenceKind
    title: str
    body: str
    written_on: date
    link: str
    credited_person_ids: tuple[int, ...]
    skill_keys: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class EndorsementRecord:
    endorser_id: int
    endorsee_id: int
    skill_key: str
    note: str
