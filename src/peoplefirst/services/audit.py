"""The append-only audit log: written in the transaction of the action it records, so an
action and its entry are saved together or not at all; read by system admins."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.audit import AuditAction, AuditEntry, AuditPage
from peoplefirst.domain.errors import InvalidInput
from peoplefirst.storage import tables as t

PAGE_SIZE = 100


def record(
    session: Session,
    action: AuditAction,
    *,
    actor_id: int | None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    address: str = "",
    now: datetime | None = None,
) -> None:
    """Add one entry. `detail` holds ids and counts, never names or free text, so the log
    keeps nothing personal once a person is deleted."""
    session.add(
        t.AuditEvent(
            at=now or datetime.now(UTC),
            actor_id=actor_id,
            action=action.value,
            subject=subject[:120],
            detail=json.dumps(detail, sort_keys=True) if detail else "",
            address=address[:64],
        )
    )


def read_log(
    *, session: Session, action: str = "", actor_id: int | None = None, page: int = 1
) -> AuditPage:
    """The newest entries first, optionally of one action or one actor."""
    if action and action not in {a.value for a in AuditAction}:
        raise InvalidInput("action", f"unknown action {action!r}")
    if page < 1:
        raise InvalidInput("page", "must be 1 or more")
    where = []
    if action:
        where.append(t.AuditEvent.action == action)
    if actor_id is not None:
        where.append(t.AuditEvent.actor_id == actor_id)
    total = session.scalar(select(func.count()).select_from(t.AuditEvent).where(*where)) or 0
    rows = session.execute(
        select(t.AuditEvent, t.Person.name)
        .outerjoin(t.Person, t.Person.id == t.AuditEvent.actor_id)
        .where(*where)
        .order_by(t.AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    entries = tuple(
        AuditEntry(
            id=e.id,
            at=e.at,
            actor_id=e.actor_id,
            actor_name=name or "",
            action=e.action,
            subject=e.subject,
            detail=e.detail,
            address=e.address,
        )
        for e, name in rows
    )
    return AuditPage(entries=entries, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)))
