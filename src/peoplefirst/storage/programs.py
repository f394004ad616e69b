"""Queries for programs: who takes part, and the facts about them the matching engine reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from peoplefirst.domain.errors import ProgramNotFound
from peoplefirst.domain.programs import GroupView, MatchState, MatchView, Side
from peoplefirst.domain.views import PersonRef
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import chunks


def get_program(session: Session, program_id: int) -> t.Program:
    program = session.get(t.Program, program_id)
    if program is None:
        raise ProgramNotFound(f"no program has id {program_id}")
    return program


def program_by_name_or_id(session: Session, name_or_id: str) -> t.Program:
    if name_or_id.isdigit():
        found = session.get(t.Program, int(name_or_id))
        if found is not None:
            return found
    program = session.scalar(select(t.Program).where(t.Program.name == name_or_id))
    if program is None:
        raise ProgramNotFound(f"no program is named or numbered '{name_or_id}'")
    return program


def admins_of(session: Session, program_id: int) -> list[int]:
    return list(
        session.scalars(
            select(t.ProgramAdmin.person_id).where(t.ProgramAdmin.program_id == program_id)
        )
    )


def enrollments(
    session: Session,
    program_id: int,
    side: Side | None = None,
    people: Collection[int] | None = None,
    limit: int | None = None,
) -> list[t.ProgramEnrollment]:
    """The program's enrollments (on one side; of some `people` only; the first `limit`)."""
    query = select(t.ProgramEnrollment).where(t.ProgramEnrollment.program_id == program_id)
    if side is not None:
        query = query.where(t.ProgramEnrollment.side == side.value)
    if people is None:
        return list(session.scalars(query.order_by(t.ProgramEnrollment.id).limit(limit)))
    return sorted(
        (
            row
            for part in chunks(people)
            for row in session.scalars(query.where(t.ProgramEnrollment.person_id.in_(part)))
        ),
        key=lambda row: row.id,
    )


class Enrolled(NamedTuple):
    """An enrollment as the matching run reads it (plain columns: runs read thousands)."""

    id: int
    person_id: int
    capacity: int
    stage: str


def enrolled(
    session: Session, program_id: int, side: Side, people: Collection[int] | None = None
) -> list[Enrolled]:
    e = t.ProgramEnrollment
    query = select(e.id, e.person_id, e.capacity, e.stage).where(
        e.program_id == program_id, e.side == side.value
    )
    if people is None:
        rows = list(session.execute(query))
    else:
        rows = [
            r
            for part in chunks(people)
            for r in session.execute(query.where(e.person_id.in_(part)))
        ]
    return sorted((Enrolled(*r) for r in rows), key=lambda r: r.id)


def enrollment_goals(session: Session, enrollment_ids: Collection[int]) -> dict[int, list[int]]:
    """Skill ids per enrollment, in the order given."""
    g = t.EnrollmentGoal
    return _listed(session, enrollment_ids, g.enrollment_id, g.skill_id, g.position)


def enrollment_choices(session: Session, enrollment_ids: Collection[int]) -> dict[int, list[int]]:
    """People chosen (or avoided) per enrollment, best first."""
    c = t.EnrollmentChoice
    return _listed(session, enrollment_ids, c.enrollment_id, c.person_id, c.rank)


def _listed(
    session: Session,
    enrollment_ids: Collection[int],
    key: InstrumentedAttribute[int],
    value: InstrumentedAttribute[int],
    order: InstrumentedAttribute[int],
) -> dict[int, list[int]]:
    """`value` per enrollment, in `order`, read in chunks."""
    found: dict[int, list[int]] = defaultdict(list)
    for part in chunks(enrollment_ids):
        for enrollment, item in session.execute(
            select(key, value).where(key.in_(part)).order_by(key, order)
        ):
            found[enrollment].append(item)
    return found


def open_goals(session: Session, people: Collection[int]) -> dict[int, list[int]]:
    """Each person's open learning goals that name a skill, oldest first."""
    goals: dict[int, list[int]] = defaultdict(list)
    for part in chunks(people):
        for person, skill in session.execute(
            select(t.LearningGoal.person_id, t.LearningGoal.skill_id)
            .where(
                t.LearningGoal.person_id.in_(part),
                t.LearningGoal.status == "open",
                t.LearningGoal.skill_id.is_not(None),
            )
            .order_by(t.LearningGoal.id)
        ):
            if skill is not None and skill not in goals[person]:
                goals[person].append(skill)
    return goals


def seats_held(session: Session, program_id: int) -> dict[int, int]:
    """Learners each guide holds in the program now (proposed or active matches)."""
    held = [s.value for s in MatchState if s.holds_a_seat]
    return {
        guide: int(n)
        for guide, n in session.execute(
            select(t.ProgramMatch.guide_id, func.count())
            .where(t.ProgramMatch.program_id == program_id, t.ProgramMatch.state.in_(held))
            .group_by(t.ProgramMatch.guide_id)
        )
    }


def learners_with_a_guide(session: Session, program_id: int) -> set[int]:
    held = [s.value for s in MatchState if s.holds_a_seat]
    return set(
        session.scalars(
            select(t.ProgramMatch.learner_id).where(
                t.ProgramMatch.program_id == program_id, t.ProgramMatch.state.in_(held)
            )
        )
    )


def grouped_people(session: Session, program_id: int) -> set[int]:
    return set(
        session.scalars(
            select(t.ProgramGroupMember.person_id).where(
                t.ProgramGroupMember.program_id == program_id
            )
        )
    )


def past_partners(session: Session, program_id: int, learner_id: int) -> set[int]:
    """Guides this learner's earlier matches in the program declined or ended with."""
    return set(
        session.scalars(
            select(t.ProgramMatch.guide_id).where(
                t.ProgramMatch.program_id == program_id,
                t.ProgramMatch.learner_id == learner_id,
            )
        )
    )


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the matching engine reads about a person, from the directory."""

    id: int
    name: str
    level: int
    department: str
    manager_chain: tuple[int, ...]
    location: str
    utc_offset: float
    languages: tuple[str, ...]
    tenure_years: float
    away: bool


@lru_cache(maxsize=512)
def _offset(zone: str, on: date) -> float:
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return 0.0
    moment = datetime(on.year, on.month, on.day, 12, tzinfo=UTC).astimezone(tz)
    delta = moment.utcoffset()
    return delta.total_seconds() / 3600 if delta is not None else 0.0


def person_facts(session: Session, people: Collection[int], today: date) -> dict[int, PersonFacts]:
    p = t.Person
    columns = (
        p.id,
        p.name,
        p.level,
        p.department_id,
        p.manager_id,
        p.location,
        p.time_zone,
        p.hire_date,
        p.away_until,
    )
    rows = {
        row.id: row
        for part in chunks(people)
        for row in session.execute(select(*columns).where(p.id.in_(part)))
    }
    managers = _manager_map(session, {pid: row.manager_id for pid, row in rows.items()})
    departments = dict(session.execute(select(t.Department.id, t.Department.name)).all())
    languages: dict[int, list[str]] = defaultdict(list)
    for part in chunks(rows):
        for person, language in session.execute(
            select(t.PersonLanguage.person_id, t.PersonLanguage.language)
            .where(t.PersonLanguage.person_id.in_(part))
            .order_by(t.PersonLanguage.person_id, t.PersonLanguage.position)
        ):
            languages[person].append(language)
    facts: dict[int, PersonFacts] = {}
    for r in rows.values():
        chain: list[int] = []
        boss = r.manager_id
        while boss is not None and boss not in chain and boss != r.id and len(chain) < 64:
            chain.append(boss)
            boss = managers.get(boss)
        tenure = (today - r.hire_date).days / 365.25 if r.hire_date else 0.0
        facts[r.id] = PersonFacts(
            id=r.id,
            name=r.name,
            level=r.level,
            department=departments.get(r.department_id, "") if r.department_id else "",
            manager_chain=tuple(chain),
            location=r.location,
            utc_offset=_offset(r.time_zone or "UTC", today),
            languages=tuple(languages.get(r.id, ())),
            tenure_years=max(tenure, 0.0),
            away=r.away_until is not None and r.away_until >= today,
        )
    return facts


def _manager_map(session: Session, known: dict[int, int | None]) -> dict[int, int | None]:
    """Manager of each person up the chains of `known` (person → manager), read level by
    level."""
    managers = dict(known)
    wanted = {m for m in managers.values() if m is not None and m not in managers}
    while wanted:
        found: dict[int, int | None] = {}
        for part in chunks(wanted):
            found |= dict(
                session.execute(
                    select(t.Person.id, t.Person.manager_id).where(t.Person.id.in_(part))
                ).all()
            )
        managers |= found
        managers |= {m: None for m in wanted if m not in found}
        wanted = {m for m in found.values() if m is not None and m not in managers}
    return managers


@dataclass(frozen=True, slots=True)
class Claim:
    skill_id: int
    level: int
    source: str
    endorsements: int


def claims_of(session: Session, people: Collection[int]) -> dict[int, list[Claim]]:
    endorsed: dict[tuple[int, int], int] = {}
    claims: dict[int, list[Claim]] = defaultdict(list)
    for part in chunks(people):
        endorsed |= {
            (person, skill): int(n)
            for person, skill, n in session.execute(
                select(t.Endorsement.endorsee_id, t.Endorsement.skill_id, func.count())
                .where(t.Endorsement.endorsee_id.in_(part))
                .group_by(t.Endorsement.endorsee_id, t.Endorsement.skill_id)
            )
        }
        ps = t.PersonSkill
        for person, skill, level, source in session.execute(
            select(ps.person_id, ps.skill_id, ps.level, ps.source).where(ps.person_id.in_(part))
        ):
            claims[person].append(Claim(skill, level, source, endorsed.get((person, skill), 0)))
    return claims


def roles_offered(session: Session, people: Collection[int]) -> dict[int, list[str]]:
    roles: dict[int, list[str]] = defaultdict(list)
    for part in chunks(people):
        for person, role in session.execute(
            select(t.GuideOffer.person_id, t.GuideOffer.role).where(
                t.GuideOffer.person_id.in_(part)
            )
        ):
            roles[person].append(role)
    return roles


@dataclass(frozen=True, slots=True)
class SkillRow:
    id: int
    key: str
    name: str
    parent_key: str


def all_skills(session: Session) -> list[SkillRow]:
    rows = session.execute(select(t.Skill.id, t.Skill.key, t.Skill.name, t.Skill.parent_id)).all()
    keys = {skill_id: key for skill_id, key, _, _ in rows}
    return [
        SkillRow(skill_id, key, name, keys.get(parent, "") if parent else "")
        for skill_id, key, name, parent in rows
    ]


def people_named(session: Session, ids: Iterable[int]) -> dict[int, PersonRef]:
    """How to show each of these people, read as plain columns (fast for thousands)."""
    p = t.Person
    return {
        pid: PersonRef(pid, employee_id, name, title)
        for part in chunks(set(ids))
        for pid, employee_id, name, title in session.execute(
            select(p.id, p.employee_id, p.name, p.title).where(p.id.in_(part))
        )
    }


def person_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    return {pid: ref.name for pid, ref in people_named(session, ids).items()}


def match_views(session: Session, rows: Sequence[t.ProgramMatch]) -> list[MatchView]:
    people = people_named(
        session,
        [r.learner_id for r in rows]
        + [r.guide_id for r in rows]
        + [r.declined_by for r in rows if r.declined_by],
    )
    names = dict(
        session.execute(
            select(t.Program.id, t.Program.name).where(
                t.Program.id.in_({r.program_id for r in rows})
            )
        ).all()
    )
    return [
        MatchView(
            id=r.id,
            program_id=r.program_id,
            program_name=names.get(r.program_id, ""),
            learner=people[r.learner_id],
            guide=people[r.guide_id],
            state=MatchState(r.state),
            why=r.why,
            learner_accepted=r.learner_accepted,
            guide_accepted=r.guide_accepted,
            declined_by=people[r.declined_by]
            if r.declined_by in people and r.declined_by
            else None,
            reason=r.reason,
            proposed_at=r.proposed_at,
            replaces=r.replaces_id,
        )
        for r in rows
        if r.learner_id in people and r.guide_id in people
    ]


def group_views(session: Session, program_id: int) -> list[GroupView]:
    """Published groups, newest round first (circles have one round per run too)."""
    rows = list(
        session.scalars(
            select(t.ProgramGroupMember)
            .where(t.ProgramGroupMember.program_id == program_id)
            .order_by(
                t.ProgramGroupMember.run_id.desc(),
                t.ProgramGroupMember.position,
                t.ProgramGroupMember.person_id,
            )
        )
    )
    people = people_named(session, [r.person_id for r in rows])
    groups: dict[tuple[int, int], list[t.ProgramGroupMember]] = {}
    for r in rows:
        groups.setdefault((r.run_id, r.position), []).append(r)
    return [
        GroupView(
            id=position,
            position=position,
            members=tuple(people[m.person_id] for m in members if m.person_id in people),
            why=members[0].why,
            round=run_id,
            answers=tuple(m.answer for m in members if m.person_id in people),
            formed_at=members[0].formed_at,
        )
        for (run_id, position), members in groups.items()
    ]
