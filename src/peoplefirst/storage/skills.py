"""Queries about skills: the catalogue with counts, and who has or wants a skill."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Subquery, func, or_, select, union
from sqlalchemy.orm import Session, selectinload

from peoplefirst.domain.errors import InvalidInput, SkillNotFound
from peoplefirst.domain.views import (
    HolderView,
    LearnerView,
    LevelGroup,
    SkillDetail,
    SkillRef,
    SkillsPage,
    SkillSummary,
)
from peoplefirst.domain.vocabulary import SkillLevel, SkillTag
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import person_ref, skill_ref

LEARNING_TAGS = (SkillTag.WANTS_TO_LEARN.value, SkillTag.WANTS_TO_IMPROVE.value)


def _learners_query() -> Subquery:
    """(skill_id, person_id) of everyone who wants to learn or improve a skill, publicly."""
    by_goal = select(t.LearningGoal.skill_id, t.LearningGoal.person_id).where(
        t.LearningGoal.skill_id.is_not(None), t.LearningGoal.status == "open"
    )
    by_tag = select(t.PersonSkillTag.skill_id, t.PersonSkillTag.person_id).where(
        t.PersonSkillTag.tag.in_(LEARNING_TAGS), t.PersonSkillTag.visibility == "everyone"
    )
    return union(by_goal, by_tag).subquery()


def list_skills(session: Session, *, text: str, limit: int, offset: int) -> SkillsPage:
    query = select(t.Skill)
    if text.strip():
        needle = f"%{text.strip().lower()}%"
        alias_match = (
            select(t.SkillAlias.skill_id)
            .where(
                t.SkillAlias.skill_id == t.Skill.id,
                func.lower(t.SkillAlias.alias).like(needle),
            )
            .exists()
        )
        query = query.where(or_(func.lower(t.Skill.name).like(needle), alias_match))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    skills = list(
        session.scalars(
            query.options(selectinload(t.Skill.aliases), selectinload(t.Skill.parent))
            .order_by(t.Skill.name)
            .limit(limit)
            .offset(offset)
        )
    )
    return SkillsPage(items=summaries(session, skills), total=total, limit=limit, offset=offset)


def summaries(session: Session, skills: list[t.Skill]) -> list[SkillSummary]:
    ids = [s.id for s in skills]
    holders = dict(
        session.execute(
            select(t.PersonSkill.skill_id, func.count())
            .where(t.PersonSkill.skill_id.in_(ids))
            .group_by(t.PersonSkill.skill_id)
        ).all()
    )
    learners_q = _learners_query()
    learners: dict[int, int] = dict(
        session.execute(
            select(learners_q.c.skill_id, func.count())
            .where(learners_q.c.skill_id.in_(ids))
            .group_by(learners_q.c.skill_id)
        ).all()
    )
    return [
        SkillSummary(
            id=s.id,
            key=s.key,
            name=s.name,
            description=s.description,
            aliases=sorted(a.alias for a in s.aliases),
            parent=skill_ref(s.parent) if s.parent else None,
            holders=holders.get(s.id, 0),
            learners=learners.get(s.id, 0),
        )
        for s in skills
    ]


def get_skill(session: Session, skill_id: int) -> t.Skill:
    skill = session.get(t.Skill, skill_id)
    if skill is None:
        raise SkillNotFound(f"no skill has id {skill_id}")
    return skill


def skill_detail(session: Session, skill_id: int, *, per_level: int = 25) -> SkillDetail:
    """Who has the skill, grouped by level (strongest first), and who wants to learn it."""
    skill = get_skill(session, skill_id)
    counts = dict(
        session.execute(
            select(t.PersonSkill.level, func.count())
            .where(t.PersonSkill.skill_id == skill_id)
            .group_by(t.PersonSkill.level)
        ).all()
    )
    levels = []
    for level in sorted(SkillLevel, reverse=True):
        rows = session.execute(
            select(t.PersonSkill, t.Person)
            .join(t.Person, t.Person.id == t.PersonSkill.person_id)
            .where(t.PersonSkill.skill_id == skill_id, t.PersonSkill.level == int(level))
            .order_by(t.Person.name)
            .limit(per_level)
        ).all()
        levels.append(
            LevelGroup(
                level=int(level),
                label=level.label,
                meaning=level.meaning,
                count=counts.get(int(level), 0),
                people=[HolderView(person_ref(p), ps.level, ps.source) for ps, p in rows],
            )
        )
    learners_q = _learners_query()
    learner_ids = select(learners_q.c.person_id).where(learners_q.c.skill_id == skill_id)
    learners_total = session.scalar(select(func.count()).select_from(learner_ids.subquery())) or 0
    learner_people = list(
        session.scalars(
            select(t.Person).where(t.Person.id.in_(learner_ids)).order_by(t.Person.name).limit(50)
        )
    )
    current = dict(
        session.execute(
            select(t.PersonSkill.person_id, t.PersonSkill.level).where(
                t.PersonSkill.skill_id == skill_id,
                t.PersonSkill.person_id.in_([p.id for p in learner_people]),
            )
        ).all()
    )
    targets = dict(
        session.execute(
            select(t.LearningGoal.person_id, func.max(t.LearningGoal.target_level))
            .where(
                t.LearningGoal.skill_id == skill_id,
                t.LearningGoal.person_id.in_([p.id for p in learner_people]),
            )
            .group_by(t.LearningGoal.person_id)
        ).all()
    )
    learners = [
        LearnerView(
            person=person_ref(p),
            current_level=current.get(p.id),
            target_level=targets.get(p.id),
            tag="wants_to_improve" if p.id in current else "wants_to_learn",
        )
        for p in learner_people
    ]
    children = [
        SkillRef(c.id, c.key, c.name)
        for c in session.scalars(
            select(t.Skill).where(t.Skill.parent_id == skill_id).order_by(t.Skill.name)
        )
    ]
    (summary,) = summaries(session, [skill])
    return SkillDetail(
        skill=summary,
        children=children,
        levels=levels,
        learners=learners,
        learners_total=learners_total,
    )


def existing_skill_ids(session: Session, skill_ids: Sequence[int], *, field: str) -> list[int]:
    """`skill_ids` without repeats, in order; InvalidInput on `field` if one does not exist."""
    wanted = list(dict.fromkeys(skill_ids))
    known = set(session.scalars(select(t.Skill.id).where(t.Skill.id.in_(wanted))))
    if unknown := [s for s in wanted if s not in known]:
        raise InvalidInput(field, f"no skill with id {unknown[0]}")
    return wanted
