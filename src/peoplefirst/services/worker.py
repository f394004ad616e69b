"""`peoplefirst worker`: runs the stored jobs when they are due.

Two kinds of job: a notification to deliver (queued by the event that caused it), and the
periodic chores, each a single row that queues itself again after every run — moving
requests on, publishing due intro rounds, finding reminders, pruning old jobs. Any number
of workers may run at once; a job a stopped worker had claimed is run again after
`lease`, and a failing job is tried again with growing waits up to `max_attempts` times.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session, sessionmaker

from peoplefirst.domain.notifications import MAX_ATTEMPTS, JobState, retry_delay
from peoplefirst.services.delivery import Channels, deliver_notification
from peoplefirst.services.notifications import NOTIFY_JOB
from peoplefirst.services.program_runs import run_due_rounds
from peoplefirst.services.reminders import LAPSE_GRACE, send_reminders
from peoplefirst.services.requests import advance_requests
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.jobs import (
    ClaimedJob,
    claim_due,
    enqueue,
    finish,
    give_up,
    reclaim_abandoned,
    run_again,
)

log = logging.getLogger("peoplefirst.worker")

# Each chore and how often it runs.
PERIODIC = {
    "requests.advance": timedelta(minutes=5),
    "programs.rounds": timedelta(hours=1),
    "reminders.scan": timedelta(minutes=15),
    "jobs.prune": timedelta(days=1),
}
KEEP_FINISHED = timedelta(days=30)  # notifications keep their own dedupe keys for ever
MAX_ERROR = 2000


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True, slots=True)
class Ran:
    """What one pass did."""

    done: int = 0
    retried: int = 0
    failed: int = 0
    held: int = 0  # notifications held back by quiet hours

    @property
    def total(self) -> int:
        return self.done + self.retried + self.failed + self.held

    def __add__(self, other: Ran) -> Ran:
        return Ran(
            self.done + other.done,
            self.retried + other.retried,
            self.failed + other.failed,
            self.held + other.held,
        )


@dataclass
class Worker:
    engine: Engine
    channels: Channels
    max_attempts: int = MAX_ATTEMPTS
    lease: timedelta = timedelta(minutes=10)
    batch: int = 10
    lapse_grace: timedelta = (
        LAPSE_GRACE  # a lapsed relationship is concluded this after the warning
    )
    name: str = field(default_factory=_worker_name)
    factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.factory = make_session_factory(self.engine)

    def schedule_chores(self, now: datetime | None = None) -> None:
        """Queue each periodic chore unless it is queued already (by this or another worker)."""
        now = now or datetime.now(UTC)
        with unit_of_work(self.factory) as session:
            for kind in PERIODIC:
                enqueue(session, kind=kind, dedupe_key=f"every:{kind}", due_at=now, now=now)

    def run_due(self, now: datetime | None = None) -> Ran:
        """Take back jobs of stopped workers, then claim and run one batch of due jobs."""
        now = now or datetime.now(UTC)
        reclaim_abandoned(self.engine, now=now, lease=self.lease, max_attempts=self.max_attempts)
        ran = Ran()
        for job in claim_due(self.engine, worker=self.name, now=now, limit=self.batch):
            ran += self._run(job, now)
        return ran

    def run_until_idle(self, now: datetime | None = None) -> Ran:
        """Run batches until nothing is due (`--once`); jobs queued for later stay queued."""
        ran = Ran()
        while True:
            batch = self.run_due(now)
            ran += batch
            if batch.total == 0:
                return ran

    def _run(self, job: ClaimedJob, now: datetime) -> Ran:
        handler = HANDLERS.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for jobs of kind '{job.kind}'")
            later = handler(self, job, now)
        except Exception as error:
            return self._failed(job, now, f"{type(error).__name__}: {error}"[:MAX_ERROR])
        if later is not None:
            run_again(self.engine, job_id=job.id, worker=self.name, due_at=later, count_try=False)
            return Ran(held=1)
        every = PERIODIC.get(job.kind)
        if every is not None:
            run_again(
                self.engine, job_id=job.id, worker=self.name, due_at=now + every, reset_tries=True
            )
        else:
            finish(self.engine, job_id=job.id, worker=self.name, now=now)
        return Ran(done=1)

    def _failed(self, job: ClaimedJob, now: datetime, error: str) -> Ran:
        log.warning("job %s (%s) failed, try %s: %s", job.id, job.kind, job.attempts, error)
        last = job.attempts >= self.max_attempts
        every = PERIODIC.get(job.kind)
        if every is not None and last:  # a chore never stops: it waits for its next turn
            run_again(
                self.engine,
                job_id=job.id,
                worker=self.name,
                due_at=now + every,
                error=error,
                reset_tries=True,
            )
            return Ran(failed=1)
        if last:
            give_up(self.engine, job_id=job.id, worker=self.name, error=error, now=now)
            return Ran(failed=1)
        run_again(
            self.engine,
            job_id=job.id,
            worker=self.name,
            due_at=now + retry_delay(job.attempts),
            error=error,
        )
        return Ran(retried=1)


Handler = Callable[[Worker, ClaimedJob, datetime], datetime | None]


def _deliver(worker: Worker, job: ClaimedJob, now: datetime) -> datetime | None:
    return deliver_notification(
        factory=worker.factory,
        channels=worker.channels,
        notification_id=int(job.payload["notification_id"]),
        now=now,
        last_try=job.attempts >= worker.max_attempts,
    )


def _advance_requests(worker: Worker, job: ClaimedJob, now: datetime) -> None:
    with unit_of_work(worker.factory) as session:
        advance_requests(session=session, now=now)


def _intro_rounds(worker: Worker, job: ClaimedJob, now: datetime) -> None:
    with unit_of_work(worker.factory) as session:
        run_due_rounds(session=session, now=now)


def _reminders(worker: Worker, job: ClaimedJob, now: datetime) -> None:
    with unit_of_work(worker.factory) as session:
        send_reminders(
            session=session,
            now=now,
            public_url=worker.channels.public_url,
            grace=worker.lapse_grace,
        )


def _prune(worker: Worker, job: ClaimedJob, now: datetime) -> None:
    with unit_of_work(worker.factory) as session:
        session.execute(
            delete(t.Job).where(
                t.Job.state == JobState.DONE.value, t.Job.finished_at < now - KEEP_FINISHED
            )
        )


HANDLERS: dict[str, Handler] = {
    NOTIFY_JOB: _deliver,
    "requests.advance": _advance_requests,
    "programs.rounds": _intro_rounds,
    "reminders.scan": _reminders,
    "jobs.prune": _prune,
}
