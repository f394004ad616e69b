"""The stored job queue: add a job once, claim due jobs safely, finish, retry or fail them.

Claims are safe with any number of workers: on PostgreSQL the due rows are locked with
`SELECT … FOR UPDATE SKIP LOCKED`, so two workers never wait on or take the same row; on
SQLite one guarded `UPDATE … WHERE state = 'queued'` claims them (SQLite has one writer at a
time). A claim records the worker and the time, so a job whose worker died is found again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from peoplefirst.domain.notifications import JobState
from peoplefirst.storage import tables as t

JOBS = cast(Table, t.Job.__table__)


def insert_once(session: Session, mapped: type[t.Base], values: Mapping[str, Any]) -> int | None:
    """Insert a row unless one with the same `dedupe_key` exists (committed or not): its id,
    or None when it was there already. Works inside the caller's transaction."""
    table = cast(Table, mapped.__table__)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    row: int | None = session.execute(statement).scalar_one_or_none()
    return row


def enqueue(
    session: Session,
    *,
    kind: str,
    dedupe_key: str,
    due_at: datetime,
    now: datetime,
    payload: Mapping[str, Any] | None = None,
) -> int | None:
    """Queue a job in the caller's transaction (a rolled-back action queues nothing); None
    when a job with this key was queued before, whatever became of it."""
    return insert_once(
        session,
        t.Job,
        {
            "kind": kind,
            "payload": json.dumps(dict(payload or {}), sort_keys=True),
            "dedupe_key": dedupe_key,
            "due_at": due_at,
            "state": JobState.QUEUED.value,
            "attempts": 0,
            "last_error": "",
            "created_at": now,
        },
    )


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int  # this try included


def claim_due(engine: Engine, *, worker: str, now: datetime, limit: int = 10) -> list[ClaimedJob]:
    """Claim up to `limit` due jobs for `worker`, oldest due first, and commit the claim."""
    j = JOBS
    due = (j.c.state == JobState.QUEUED.value) & (j.c.due_at <= now)
    claim = {
        "state": JobState.RUNNING.value,
        "locked_by": worker,
        "locked_at": now,
        "attempts": j.c.attempts + 1,
    }
    returned = (j.c.id, j.c.kind, j.c.payload, j.c.attempts)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            ids = list(
                conn.scalars(
                    select(j.c.id)
                    .where(due)
                    .order_by(j.c.due_at, j.c.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            if not ids:
                return []
            statement = update(j).where(j.c.id.in_(ids)).values(**claim).returning(*returned)
        else:
            # One statement, so the claim is one write: no read that another worker's
            # claim could make stale between a SELECT and the UPDATE.
            oldest = select(j.c.id).where(due).order_by(j.c.due_at, j.c.id).limit(limit)
            statement = (
                update(j)
                .where(j.c.id.in_(oldest.scalar_subquery()), j.c.state == JobState.QUEUED.value)
                .values(**claim)
                .returning(*returned)
            )
        rows = conn.execute(statement).all()
    return sorted(
        (ClaimedJob(r.id, r.kind, json.loads(r.payload), r.attempts) for r in rows),
        key=lambda c: c.id,
    )


def reclaim_abandoned(engine: Engine, *, now: datetime, lease: timedelta, max_attempts: int) -> int:
    """Put back in the queue the jobs whose worker claimed them longer than `lease` ago and
    never finished (it stopped or died); those already tried `max_attempts` times fail."""
    j = JOBS
    stale = (j.c.state == JobState.RUNNING.value) & (j.c.locked_at < now - lease)
    with engine.begin() as conn:
        failed = conn.execute(
            update(j)
            .where(stale, j.c.attempts >= max_attempts)
            .values(
                state=JobState.FAILED.value,
                last_error="its worker stopped while running it, on the last try",
                locked_by=None,
                locked_at=None,
                finished_at=now,
            )
        ).rowcount
        back = conn.execute(
            update(j)
            .where(stale)
            .values(
                state=JobState.QUEUED.value,
                last_error="its worker stopped while running it",
                locked_by=None,
                locked_at=None,
                due_at=now,
            )
        ).rowcount
    return int(failed or 0) + int(back or 0)


def _mine(job_id: int, worker: str) -> Any:
    j = JOBS
    return (j.c.id == job_id) & (j.c.locked_by == worker) & (j.c.state == JobState.RUNNING.value)


def finish(engine: Engine, *, job_id: int, worker: str, now: datetime) -> None:
    """The job is done (unless another worker took it over meanwhile)."""
    with engine.begin() as conn:
        conn.execute(
            update(JOBS)
            .where(_mine(job_id, worker))
            .values(state=JobState.DONE.value, locked_by=None, locked_at=None, finished_at=now)
        )


def run_again(
    engine: Engine,
    *,
    job_id: int,
    worker: str,
    due_at: datetime,
    error: str = "",
    count_try: bool = True,
    reset_tries: bool = False,
) -> None:
    """Queue the job again for `due_at`: a retry after a failure, the next turn of a periodic
    job (`reset_tries`), or a delivery held back by quiet hours (`count_try=False`: that
    was not a try)."""
    j = JOBS
    values: dict[str, Any] = {
        "state": JobState.QUEUED.value,
        "due_at": due_at,
        "last_error": error,
        "locked_by": None,
        "locked_at": None,
    }
    if reset_tries:
        values["attempts"] = 0
    elif not count_try:
        values["attempts"] = j.c.attempts - 1
    with engine.begin() as conn:
        conn.execute(update(j).where(_mine(job_id, worker)).values(**values))


def give_up(engine: Engine, *, job_id: int, worker: str, error: str, now: datetime) -> None:
    """The job failed its last try: it stops, with the error kept."""
    with engine.begin() as conn:
        conn.execute(
            update(JOBS)
            .where(_mine(job_id, worker))
            .values(
                state=JobState.FAILED.value,
                last_error=error,
                locked_by=None,
                locked_at=None,
                finished_at=now,
            )
        )
