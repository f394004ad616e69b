"""Queries about people: the directory search and the profile."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import PersonNotFound
from peoplefirst.domain.hierarchy import chain_upwards
from peoplefirst.domain.policy import Viewer, may_see
from peoplefirst.domain.views import (
    CapacityView,
    DepartmentRef,
    EndorsementView,
    EvidenceView,
    GoalView,
    GuideOfferView,
    PeoplePage,
    PersonProfile,
    PersonRef,
    PersonSummary,
    SkillHolding,
    SkillRef,
    SkillStatement,
)
from peoplefirst.domain.vocabulary import (
    SENIORITY_BANDS,
    EvidenceKind,
    GuideRole,
    SkillLevel,
    SkillTag,
)
from peoplefirst.storage import tables as t
from peoplefirst.storage.departments import department_tree
from peoplefirst.storage.taxonomy import find_skill_ids

EXCERPT_CHARS = 280


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    """Directory filters; every one is optional and they combine with AND."""

    text: str = ""
    department_id: int | None = None
    skill: str = ""
    min_level: int = 1
    location: str = ""
    job_family: str = ""


def person_ref(p: t.Person) -> PersonRef:
    return PersonRef(id=p.id, employee_id=p.employee_id, name=p.name, title=p.title)


def skill_ref(s: t.Skill) -> SkillRef:
    return SkillRef(id=s.id, key=s.key, name=s.name)


def person_summary(p: t.Person, departments: dict[int, t.Department]) -> PersonSummary:
    dept = departments.get(p.department_id) if p.department_id is not None else None
    return PersonSummary(
        id=p.id,
        employee_id=p.employee_id,
        name=p.name,
        title=p.title,
        job_family=p.job_family,
        level=p.level,
        seniority_band=SENIORITY_BANDS.get(p.level, str(p.level)),
        department=DepartmentRef(dept.id, dept.name) if dept else None,
        location=p.location,
        time_zone=p.time_zone,
    )


def _filtered(session: Session, f: PeopleFilter) -> Select[t.Person] | None:
    query = select(t.Person)
    if f.text.strip():
        needle = f"%{f.text.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(t.Person.name).like(needle),
                func.lower(t.Person.employee_id) == f.text.strip().lower(),
                func.lower(t.Person.email).like(needle),
                func.lower(t.Person.title).like(needle),
            )
        )
    if f.department_id is not None:
        tree = department_tree(session)
        query = query.where(t.Person.department_id.in_(tree.descendants(f.department_id)))
    if f.skill.strip():
        skill_ids = find_skill_ids(session, f.skill)
        if not skill_ids:
            return None
        query = query.where(
            select(t.PersonSkill.person_id)
            .where(
                and_(
                    t.PersonSkill.person_id == t.Person.id,
                    t.PersonSkill.skill_id.in_(skill_ids),
                    t.PersonSkill.level >= f.min_level,
                )
            )
            .exists()
        )
    if f.location.strip():
        query = query.where(func.lower(t.Person.location) == f.location.strip().lower())
    if f.job_family.strip():
        query = query.where(func.lower(t.Person.job_family) == f.job_family.strip().lower())
    return query


def search_people(session: Session, f: PeopleFilter, *, limit: int, offset: int) -> PeoplePage:
    query = _filtered(session, f)
    if query is None:
        return PeoplePage(items=[], total=0, limit=limit, offset=offset)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(t.Person.name, t.Person.id).limit(limit).offset(offset))
    departments = department_tree(session).departments
    return PeoplePage(
        items=[person_summary(p, departments) for p in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


def get_person(session: Session, person_id: int) -> t.Person:
    person = session.get(t.Person, person_id)
    if person is None:
        raise PersonNotFound(f"no person has id {person_id}")
    return person


def person_by_employee_id(session: Session, employee_id: str) -> t.Person:
    person = session.scalar(select(t.Person).where(t.Person.employee_id == employee_id))
    if person is None:
        raise PersonNotFound(f"no person has employee id '{employee_id}'")
    return person


def manager_chain(session: Session, person: t.Person) -> list[t.Person]:
    chain: list[t.Person] = []
    seen = {person.id}
    manager_id = person.manager_id
    while manager_id is not None and manager_id not in seen and len(chain) < 64:
        manager = session.get(t.Person, manager_id)
        if manager is None:
            break
        chain.append(manager)
        seen.add(manager.id)
        manager_id = manager.manager_id
    return chain


def person_profile(session: Session, person_id: int, viewer: Viewer) -> PersonProfile:
    person = get_person(session, person_id)
    tree = department_tree(session)
    chain = manager_chain(session, person)
    endorsements_by_skill = dict(
        session.execute(
            select(t.Endorsement.skill_id, func.count())
            .where(t.Endorsement.endorsee_id == person.id)
            .group_by(t.Endorsement.skill_id)
        ).all()
    )
    holdings = session.execute(
        select(t.PersonSkill, t.Skill)
        .join(t.Skill, t.Skill.id == t.PersonSkill.skill_id)
        .where(t.PersonSkill.person_id == person.id)
        .order_by(t.PersonSkill.level.desc(), t.Skill.name)
    ).all()
    owner_chain = tuple(m.id for m in chain)

    def visible(visibility: str) -> bool:
        return may_see(
            visibility,
            viewer=viewer,
            owner_id=person.id,
            owner_department_id=person.department_id,
            owner_manager_chain=owner_chain,
        )

    statements = [
        SkillStatement(skill_ref(s), tag.tag, SkillTag(tag.tag).label, tag.visibility)
        for tag, s in session.execute(
            select(t.PersonSkillTag, t.Skill)
            .join(t.Skill, t.Skill.id == t.PersonSkillTag.skill_id)
            .where(t.PersonSkillTag.person_id == person.id)
            .order_by(t.PersonSkillTag.tag, t.Skill.name)
        ).all()
        if visible(tag.visibility)
    ]
    dept_path = (
        [
            tree.departments[d]
            for d in [person.department_id, *chain_upwards(person.department_id, tree.parent_of)]
        ]
        if person.department_id is not None
        else []
    )
    return PersonProfile(
        person=person_summary(person, tree.departments),
        email=person.email,
        hire_date=person.hire_date,
        languages=[lang.language for lang in person.languages],
        department_path=[DepartmentRef(d.id, d.name) for d in reversed(dept_path)],
        manager_chain=[person_ref(m) for m in chain],
        direct_reports=[
            person_ref(p)
            for p in session.scalars(
                select(t.Person).where(t.Person.manager_id == person.id).order_by(t.Person.name)
            )
        ],
        skills=[
            SkillHolding(
                skill=skill_ref(s),
                level=ps.level,
                level_label=SkillLevel(ps.level).label,
                source=ps.source,
                updated_at=ps.updated_at,
                endorsements=endorsements_by_skill.get(s.id, 0),
            )
            for ps, s in holdings
        ],
        statements=statements,
        goals=_goals(session, person.id),
        guide_offers=[
            GuideOfferView(o.role, GuideRole(o.role).label, o.max_people, o.hours_per_month, o.note)
            for o in session.scalars(
                select(t.GuideOffer)
                .where(t.GuideOffer.person_id == person.id)
                .order_by(t.GuideOffer.role)
            )
        ],
        capacity=capacity_view(session, person.id),
        evidence=_evidence(session, person.id),
        findable=person.findable,
        away_until=person.away_until,
        endorsements=[
            EndorsementView(person_ref(p), skill_ref(s), e.note)
            for e, p, s in session.execute(
                select(t.Endorsement, t.Person, t.Skill)
                .join(t.Person, t.Person.id == t.Endorsement.endorser_id)
                .join(t.Skill, t.Skill.id == t.Endorsement.skill_id)
                .where(t.Endorsement.endorsee_id == person.id)
                .order_by(t.Skill.name, t.Person.name)
            ).all()
        ],
    )


def _goals(session: Session, person_id: int) -> list[GoalView]:
    rows = session.execute(
        select(t.LearningGoal, t.Skill)
        .outerjoin(t.Skill, t.Skill.id == t.LearningGoal.skill_id)
        .where(t.LearningGoal.person_id == person_id)
        .order_by(t.LearningGoal.id)
    ).all()
    return [
        GoalView(
            id=g.id,
            skill=skill_ref(s) if s is not None else None,
            text=g.text,
            target_level=g.target_level,
            target_level_label=SkillLevel(g.target_level).label,
            why=g.why,
            status=g.status,
        )
        for g, s in rows
    ]


def _evidence(session: Session, person_id: int) -> list[EvidenceView]:
    return evidence_views(
        session,
        select(t.EvidenceItem)
        .join(t.EvidenceCredit, t.EvidenceCredit.evidence_id == t.EvidenceItem.id)
        .where(t.EvidenceCredit.person_id == person_id)
        .order_by(t.EvidenceItem.written_on.desc(), t.EvidenceItem.id),
    )


def evidence_views(session: Session, query: Select[t.EvidenceItem]) -> list[EvidenceView]:
    """The texts `query` selects, with their skills and the people credited."""
    items = list(session.scalars(query))
    ids = [e.id for e in items]
    skills: dict[int, list[SkillRef]] = {}
    for evidence_id, s in session.execute(
        select(t.EvidenceSkill.evidence_id, t.Skill)
        .join(t.Skill, t.Skill.id == t.EvidenceSkill.skill_id)
        .where(t.EvidenceSkill.evidence_id.in_(ids))
        .order_by(t.Skill.name)
    ).all():
        skills.setdefault(evidence_id, []).append(skill_ref(s))
    credited: dict[int, list[PersonRef]] = {}
    for evidence_id, p in session.execute(
        select(t.EvidenceCredit.evidence_id, t.Person)
        .join(t.Person, t.Person.id == t.EvidenceCredit.person_id)
        .where(t.EvidenceCredit.evidence_id.in_(ids))
        .order_by(t.Person.name)
    ).all():
        credited.setdefault(evidence_id, []).append(person_ref(p))
    return [
        EvidenceView(
            id=e.id,
            kind=e.kind,
            title=e.title,
            excerpt=_excerpt(e.body),
            written_on=e.written_on,
            link=e.link,
            skills=skills.get(e.id, []),
            credited=credited.get(e.id, []),
            body=e.body,
            kind_label=EvidenceKind(e.kind).label,
        )
        for e in items
    ]


def _excerpt(body: str) -> str:
    if len(body) <= EXCERPT_CHARS:
        return body
    return body[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def committed_capacity(session: Session, person_id: int) -> tuple[float, int]:
    """Hours a month and people that open commitments draw from a person's budget."""
    hours, people = session.execute(
        select(
            func.coalesce(func.sum(t.CapacityCommitment.hours_per_month), 0.0),
            func.coalesce(func.sum(t.CapacityCommitment.people), 0),
        ).where(
            t.CapacityCommitment.person_id == person_id,
            t.CapacityCommitment.released_at.is_(None),
        )
    ).one()
    return float(hours), int(people)


def capacity_views(session: Session, people: Collection[int]) -> dict[int, CapacityView]:
    """The capacity of each of `people` who set a budget, in two queries."""
    budgets = list(
        session.scalars(
            select(t.CapacityBudget).where(t.CapacityBudget.person_id.in_(list(people)))
        )
    )
    drawn = {
        person: (float(hours), int(count))
        for person, hours, count in session.execute(
            select(
                t.CapacityCommitment.person_id,
                func.sum(t.CapacityCommitment.hours_per_month),
                func.sum(t.CapacityCommitment.people),
            )
            .where(
                t.CapacityCommitment.person_id.in_([b.person_id for b in budgets]),
                t.CapacityCommitment.released_at.is_(None),
            )
            .group_by(t.CapacityCommitment.person_id)
        )
    }
    return {
        b.person_id: CapacityView(
            b.hours_per_month, b.people_at_once, *drawn.get(b.person_id, (0.0, 0))
        )
        for b in budgets
    }


def capacity_view(session: Session, person_id: int) -> CapacityView | None:
    return capacity_views(session, [person_id]).get(person_id)
