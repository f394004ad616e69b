"""Notes of what changed for the expert index, written in the same transaction as the change.

Every session from `make_session_factory` records, when it flushes, which people and which
evidence texts it touched; bulk loads record "everything". Each running app reads the notes
after the last one it applied, so its index follows edits within seconds without a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from peoplefirst.storage import tables as t

PERSON, EVIDENCE, EVERYTHING = "person", "evidence", "everything"


@dataclass(frozen=True, slots=True)
class IndexChange:
    id: int
    subject: str
    subject_id: int | None
    changed_at: datetime


def _subjects(obj: object, deleted: bool) -> Iterable[tuple[str, int | None]]:
    """What the index must look at again when `obj` is written."""
    match obj:
        case t.PersonSkill():
            yield PERSON, obj.person_id
        case t.Endorsement():
            yield PERSON, obj.endorsee_id
        case t.HelpOutcome():  # written with its skills, in one flush
            yield PERSON, obj.guide_id
        case t.RelationshipFeedback():  # the second answer reveals the first: both people
            yield PERSON, obj.about_id
            yield PERSON, obj.author_id
        case t.EvidenceItem():
            yield EVIDENCE, obj.id
        case t.EvidenceCredit():
            yield EVIDENCE, obj.evidence_id
        case t.Person() if deleted:  # the database removes their claims and credits
            yield PERSON, obj.id
        case t.Skill() | t.SkillAlias():
            yield EVERYTHING, None


def record_changes_on_flush(session: Session, _flush_context: Any) -> None:
    """An `after_flush` listener: note what this flush changed that the index reads."""
    found: set[tuple[str, int | None]] = set()
    for obj in chain(session.new, session.dirty):
        found.update(_subjects(obj, deleted=False))
    for obj in session.deleted:
        found.update(_subjects(obj, deleted=True))
    if (EVERYTHING, None) in found:
        found = {(EVERYTHING, None)}
    if found:
        session.connection().execute(
            insert(t.IndexChange),
            [{"subject": s, "subject_id": i} for s, i in sorted(found, key=str)],
        )


def record_everything(conn: Connection | Session) -> None:
    """For writes that bypass the ORM (bulk loads): every index rebuilds."""
    conn.execute(insert(t.IndexChange).values(subject=EVERYTHING, subject_id=None))


def latest_change(session: Session) -> int:
    return session.execute(select(func.coalesce(func.max(t.IndexChange.id), 0))).scalar_one()


def changes_after(session: Session, change_id: int, *, limit: int = 10_000) -> list[IndexChange]:
    """The notes written after `change_id`, oldest first."""
    rows = session.execute(
        select(
            t.IndexChange.id,
            t.IndexChange.subject,
            t.IndexChange.subject_id,
            t.IndexChange.changed_at,
        )
        .where(t.IndexChange.id > change_id)
        .order_by(t.IndexChange.id)
        .limit(limit)
    )
    return [IndexChange(*row) for row in rows]


def prune_changes(session: Session, *, now: datetime, keep: timedelta) -> int:
    """Forget notes older than `keep` (every index rebuilds at least daily); never the newest."""
    newest = latest_change(session)
    result = session.execute(
        delete(t.IndexChange).where(
            t.IndexChange.changed_at < now - keep, t.IndexChange.id < newest
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
