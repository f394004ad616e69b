"""What pages, the API and the CLI show: plain read models, filled by storage queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    employee_id: str
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class DepartmentRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class SkillRef:
    id: int
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonSummary:
    id: int
    employee_id: str
    name: str
    title: str
    job_family: str
    level: int
    seniority_band: str
    department: DepartmentRef | None
    location: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class PeoplePage:
    items: list[PersonSummary]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class SkillHolding:
    skill: SkillRef
    level: int
    level_label: str
    source: str
    updated_at: datetime | None
    endorsements: int


@dataclass(frozen=True, slots=True)
class SkillStatement:
    """ "Ask me about X", "wants to learn Y": a tag the viewer may see."""

    skill: SkillRef
    tag: str
    tag_label: str
    visibility: str


@dataclass(frozen=True, slots=True)
class GoalView:
    id: int
    skill: SkillRef | None
    text: str
    target_level: int
    target_level_label: str
    why: str
    status: str


@dataclass(frozen=True, slots=True)
class GuideOfferView:
    role: str
    role_label: str
    max_people: int
    hours_per_month: float
    note: str


@dataclass(frozen=True, slots=True)
class CapacityView:
    """The one budget across channels, and how much of it is drawn."""

    hours_per_month: float
    people_at_once: int
    hours_committed: float
    people_committed: int

    @property
    def hours_free(self) -> float:
        return max(0.0, self.hours_per_month - self.hours_committed)

    @property
    def people_free(self) -> int:
        return max(0, self.people_at_once - self.people_committed)


@dataclass(frozen=True, slots=True)
class EvidenceView:
    id: int
    kind: str
    title: str
    excerpt: str
    written_on: date | None
    link: str
    skills: list[SkillRef]
    credited: list[PersonRef] = field(default_factory=list)
    body: str = ""
    kind_label: str = ""


@dataclass(frozen=True, slots=True)
class EndorsementView:
    endorser: PersonRef
    skill: SkillRef
    note: str


@dataclass(frozen=True, slots=True)
class PersonProfile:
    person: PersonSummary
    email: str
    hire_date: date | None
    languages: list[str]
    department_path: list[DepartmentRef]
    manager_chain: list[PersonRef]
    direct_reports: list[PersonRef]
    skills: list[SkillHolding]
    statements: list[SkillStatement]
    goals: list[GoalView]
    guide_offers: list[GuideOfferView]
    capacity: CapacityView | None
    evidence: list[EvidenceView]
    endorsements: list[EndorsementView]
    findable: bool = True
    away_until: date | None = None


@dataclass(frozen=True, slots=True)
class DepartmentSummary:
    id: int
    name: str
    parent_id: int | None
    head_count: int
    total_head_count: int


@dataclass(frozen=True, slots=True)
class SkillCount:
    skill: SkillRef
    people: int


@dataclass(frozen=True, slots=True)
class DepartmentDetail:
    department: DepartmentSummary
    path: list[DepartmentRef]
    children: list[DepartmentSummary]
    lead: PersonRef | None
    members: PeoplePage
    top_skills: list[SkillCount]


@dataclass(frozen=True, slots=True)
class SkillSummary:
    id: int
    key: str
    name: str
    description: str
    aliases: list[str]
    parent: SkillRef | None
    holders: int
    learners: int


@dataclass(frozen=True, slots=True)
class SkillsPage:
    items: list[SkillSummary]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class HolderView:
    person: PersonRef
    level: int
    source: str


@dataclass(frozen=True, slots=True)
class LevelGroup:
    level: int
    label: str
    meaning: str
    count: int
    people: list[HolderView]


@dataclass(frozen=True, slots=True)
class LearnerView:
    person: PersonRef
    current_level: int | None
    target_level: int | None
    tag: str


@dataclass(frozen=True, slots=True)
class SkillDetail:
    skill: SkillSummary
    children: list[SkillRef]
    levels: list[LevelGroup]
    learners: list[LearnerView]
    learners_total: int = 0


@dataclass(frozen=True, slots=True)
class ExpertSkillView:
    skill: SkillRef
    level: int
    level_label: str
    source: str
    endorsements: int


@dataclass(frozen=True, slots=True)
class ExpertEvidenceView:
    id: int
    title: str
    snippet: str


@dataclass(frozen=True, slots=True)
class ExpertView:
    """One suggested colleague, with why: the skills and the evidence that weighed most."""

    person: PersonSummary
    score: float
    why: str
    skills: list[ExpertSkillView]
    evidence: list[ExpertEvidenceView]
    guide_roles: list[str]
    capacity: CapacityView | None
    # How they answer requests for help (last 90 days), and when they last did anything with one.
    requests_asked: int = 0
    requests_answered: int = 0
    last_active: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExpertsPage:
    need: str
    named_skills: list[SkillRef]
    items: list[ExpertView]
