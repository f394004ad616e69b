"""Who can help me with this? The expert finder over the organization's data."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.views import (
    ExpertEvidenceView,
    ExpertSkillView,
    ExpertsPage,
    ExpertView,
    SkillRef,
)
from peoplefirst.domain.vocabulary import GuideRole, SkillLevel
from peoplefirst.ranking.org import (
    DEFAULT_HALF_LIFE_DAYS,
    ExpertMatch,
    OrgExpertIndex,
    balance_for_load,
)
from peoplefirst.storage import tables as t
from peoplefirst.storage.departments import department_tree
from peoplefirst.storage.experts import (
    ExpertFilter,
    allowed_people,
    capacity_left,
    index_fingerprint,
    load_claims,
    load_evidence,
    load_skills,
    unavailable_people,
)
from peoplefirst.storage.people import capacity_view, person_summary

MAX_RESULTS = 50
POOL_FACTOR = 3  # balancing for load re-ranks this many times the results asked for
SOURCE_WORDS = {
    "self": "self-declared",
    "endorsed": "endorsed by colleagues",
    "inferred": "inferred from their work",
    "vetted": "vetted",
}


@dataclass
class ExpertIndexCache:
    """The index one process keeps, rebuilt when the data it was built from changes."""

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    recheck_seconds: float = 2.0
    index: OrgExpertIndex | None = None
    fingerprint: tuple[object, ...] = ()
    built_on: date | None = None
    checked_at: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self, session: Session) -> OrgExpertIndex:
        # The fingerprint costs tens of milliseconds on a large organization, more than a
        # search: look at most every `recheck_seconds`, so changes show within seconds.
        now = time.monotonic()
        if self.index is not None and now - self.checked_at < self.recheck_seconds:
            return self.index
        fingerprint = index_fingerprint(session)
        today = date.today()
        self.checked_at = now
        with self.lock:
            # Rebuilt when the data changes, and once a day so that ageing moves on.
            if self.index is None or (fingerprint, today) != (self.fingerprint, self.built_on):
                self.index = build_index(session=session, half_life_days=self.half_life_days)
                self.fingerprint, self.built_on = fingerprint, today
            return self.index


def build_index(
    *, session: Session, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> OrgExpertIndex:
    """Index every profile and evidence item (what `peoplefirst find` and the app search)."""
    return OrgExpertIndex(
        load_skills(session),
        load_claims(session),
        load_evidence(session),
        half_life_days=half_life_days,
    )


def find_experts(
    *,
    session: Session,
    index: OrgExpertIndex,
    need: str,
    filters: ExpertFilter = ExpertFilter(),
    limit: int = 10,
    balanced: bool = True,
    today: date | None = None,
) -> ExpertsPage:
    """The colleagues most able to help with `need`, with the reasons.

    Nobody who opted out or is away is suggested. `balanced` (the default) lets free
    capacity reorder the most relevant people; without it, the order is pure relevance.
    """
    # A byte-order mark is space to JSON Schema's \s but not to str.strip().
    need = need.replace("\ufeff", "").strip()
    if not need:
        raise InvalidInput("q", "say what you need help with")
    if len(need) > 2000:
        raise InvalidInput("q", "must be at most 2,000 characters")
    if not 1 <= limit <= MAX_RESULTS:
        raise InvalidInput("limit", f"must be between 1 and {MAX_RESULTS}, got {limit}")
    if filters.role and filters.role not in set(GuideRole):
        raise InvalidInput("role", f"must be one of {', '.join(GuideRole)}, got '{filters.role}'")
    tree = department_tree(session)
    if filters.department_id is not None:
        tree.get(filters.department_id)
    allowed = allowed_people(session, filters)
    away = unavailable_people(session, today or date.today())

    def may_suggest(person: int) -> bool:
        return person not in away and (allowed is None or person in allowed)

    matches = index.find(
        need, limit=limit * POOL_FACTOR if balanced else limit, allowed=may_suggest
    )
    if balanced:
        matches = balance_for_load(matches, capacity_left(session, [m.person for m in matches]))
        matches = matches[:limit]
    people = {
        p.id: p
        for p in session.scalars(
            select(t.Person).where(t.Person.id.in_([m.person for m in matches]))
        )
    }
    skill_ids = dict(session.execute(select(t.Skill.key, t.Skill.id)).all())
    roles: dict[int, list[str]] = {}
    for person_id, role in session.execute(
        select(t.GuideOffer.person_id, t.GuideOffer.role).where(
            t.GuideOffer.person_id.in_(list(people))
        )
    ):
        roles.setdefault(person_id, []).append(GuideRole(role).label)
    named = index.skills_named(need)
    return ExpertsPage(
        need=need,
        named_skills=[
            SkillRef(skill_ids[k], k, index.skills[k].name)
            for k, w in named.items()
            if w == 1.0 and k in skill_ids
        ],
        items=[
            _view(m, people[m.person], tree.departments, skill_ids, roles, session)
            for m in matches
            if m.person in people
        ],
    )


def _view(
    match: ExpertMatch,
    person: t.Person,
    departments: dict[int, t.Department],
    skill_ids: dict[str, int],
    roles: dict[int, list[str]],
    session: Session,
) -> ExpertView:
    skills = [
        ExpertSkillView(
            SkillRef(skill_ids[s.key], s.key, s.name),
            s.level,
            SkillLevel(s.level).label,
            s.source,
            s.endorsements,
        )
        for s in match.skills
        if s.key in skill_ids
    ]
    return ExpertView(
        person=person_summary(person, departments),
        score=match.score,
        why=_why(skills, match),
        skills=skills,
        evidence=[ExpertEvidenceView(e.id, e.title, e.snippet) for e in match.evidence],
        guide_roles=sorted(roles.get(person.id, [])),
        capacity=capacity_view(session, person.id),
    )


def _why(skills: list[ExpertSkillView], match: ExpertMatch) -> str:
    """One sentence a learner understands."""
    parts = []
    if skills:
        s = skills[0]
        endorsed = (
            f", {s.endorsements} endorsement{'s' * (s.endorsements != 1)}" if s.endorsements else ""
        )
        parts.append(
            f"{s.level_label} in {s.skill.name} ({SOURCE_WORDS.get(s.source, s.source)}{endorsed})"
        )
        if len(skills) > 1:
            parts.append("also " + ", ".join(x.skill.name for x in skills[1:3]))
    if match.evidence:
        count = len(match.evidence)
        parts.append(
            f"wrote “{match.evidence[0].title}”"
            + (f" and {count - 1} more on this" if count > 1 else "")
        )
    return "; ".join(parts) + "." if parts else "Their work matches your words."
