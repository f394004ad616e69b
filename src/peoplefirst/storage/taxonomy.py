"""The skills taxonomy in the database: idempotent upserts and lookups by name or alias."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from peoplefirst.domain.records import SkillRecord
from peoplefirst.storage.tables import Skill, SkillAlias


@dataclass(slots=True)
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def existing_skill_keys(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(Skill.key)))


def upsert_skills(session: Session, records: Sequence[SkillRecord]) -> UpsertCounts:
    """Create or update skills keyed by their taxonomy id; parents may come later in `records`."""
    counts = UpsertCounts()
    by_key = {
        s.key: s
        for s in session.scalars(
            select(Skill)
            .where(Skill.key.in_([r.key for r in records]))
            .options(selectinload(Skill.aliases))
        )
    }
    touched: dict[str, bool] = {}
    for record in records:
        skill = by_key.get(record.key)
        if skill is None:
            skill = Skill(key=record.key, name=record.name, description=record.description)
            skill.aliases = [SkillAlias(alias=a) for a in record.aliases]
            session.add(skill)
            by_key[record.key] = skill
            touched[record.key] = True
            counts.created += 1
            continue
        changed = skill.name != record.name or skill.description != record.description
        skill.name, skill.description = record.name, record.description
        if sorted(a.alias for a in skill.aliases) != sorted(record.aliases):
            skill.aliases = [SkillAlias(alias=a) for a in record.aliases]
            changed = True
        touched[record.key] = changed
    session.flush()
    parent_ids = dict(
        session.execute(
            select(Skill.key, Skill.id).where(
                Skill.key.in_([r.parent_key for r in records if r.parent_key])
            )
        ).all()
    )
    for record in records:
        skill = by_key[record.key]
        parent_id = parent_ids.get(record.parent_key) if record.parent_key else None
        if skill.parent_id != parent_id:
            skill.parent_id = parent_id
            touched[record.key] = True
    session.flush()
    counts.updated = sum(1 for changed in touched.values() if changed) - counts.created
    counts.unchanged = len(records) - counts.created - counts.updated
    return counts


def skill_ids_by_key(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Skill.key, Skill.id)).all())


def find_skill_ids(session: Session, words: str) -> list[int]:
    """Skills whose name or an alias matches `words` (case-insensitive, whole or prefix)."""
    needle = words.strip().lower()
    if not needle:
        return []
    by_name = select(Skill.id).where(
        or_(func.lower(Skill.name) == needle, func.lower(Skill.key) == needle)
    )
    by_alias = select(SkillAlias.skill_id).where(func.lower(SkillAlias.alias) == needle)
    exact = list(dict.fromkeys([*session.scalars(by_name), *session.scalars(by_alias)]))
    if exact:
        return exact
    like = f"{needle}%"
    prefix_name = select(Skill.id).where(func.lower(Skill.name).like(like))
    prefix_alias = select(SkillAlias.skill_id).where(func.lower(SkillAlias.alias).like(like))
    return list(dict.fromkeys([*session.scalars(prefix_name), *session.scalars(prefix_alias)]))
