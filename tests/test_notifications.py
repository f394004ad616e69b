"""Notifications and the worker, on SQLite and PostgreSQL: real e-mail through a local SMTP
server (aiosmtpd), a real chat webhook (a local HTTP receiver), calendar invites, quiet
hours, each person's channels, retries, and never the same notification twice."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peoplefirst.cli.main import app as cli
from peoplefirst.domain.notifications import (
    DEFAULT_WEBHOOK_HOSTS,
    Topic,
    quiet_until,
    retry_delay,
    webhook_host_allowed,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.services import program_runs as runs
from peoplefirst.services import relationship_sessions as sessions
from peoplefirst.services import requests
from peoplefirst.services.delivery import Channels, SmtpMailer
from peoplefirst.services.experts import build_index
from peoplefirst.services.notifications import change_notification_settings, notify
from peoplefirst.services.reminders import send_reminders
from peoplefirst.services.worker import Worker
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.jobs import claim_due
from tests.tiny_org import tiny_org

Ids = dict[str, int]
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# -- a real SMTP server and a real chat webhook receiver -----------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Inbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox(_free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


@dataclass
class Receiver:
    url: str
    bodies: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer first, then 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            status = got.answers.pop(0) if got.answers else 200
            if status == 200:
                got.bodies.append(body)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    got.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/abc"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield got
    server.shutdown()
    server.server_close()


# -- the organization and workers ----------------------------------------------------------


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        return tiny_org(session)


RECEIVER_HOSTS = ("127.0.0.1",)  # the local chat receiver, allowed like a chat service


def channels(smtp_port: int | None = None, chat: str = "") -> Channels:
    return Channels(
        mailer=SmtpMailer("127.0.0.1", smtp_port, starttls=False) if smtp_port else None,
        sender="PeopleFirst <peoplefirst@example.com>",
        organization_chat=chat,
        public_url="http://pf.example",
        webhook_hosts=RECEIVER_HOSTS,
    )


def worker(engine: Engine, smtp_port: int | None = None, **kw: Any) -> Worker:
    return Worker(engine=engine, channels=channels(smtp_port, kw.pop("chat", "")), **kw)


def _uow(engine: Engine) -> Any:
    return unit_of_work(make_session_factory(engine))


def _tell(engine: Engine, person: int, key: str, topic: Topic = Topic.REQUEST_ASKED) -> None:
    with _uow(engine) as session:
        notify(
            session,
            person_id=person,
            topic=topic,
            subject=f"Hello {key}",
            body="Something happened.",
            link="/requests",
            dedupe_key=key,
            now=MONDAY,
        )


def _deliveries(engine: Engine) -> list[tuple[str, str, str]]:
    with _uow(engine) as session:
        d = t.NotificationDelivery
        return [
            (r.channel, r.state, r.detail)
            for r in session.execute(select(d.channel, d.state, d.detail).order_by(d.channel))
        ]


def _jobs(engine: Engine, kind: str = "notify") -> list[t.Job]:
    with _uow(engine) as session:
        return list(session.scalars(select(t.Job).where(t.Job.kind == kind).order_by(t.Job.id)))


def _ask(engine: Engine, org: Ids, **kw: Any) -> int:
    with _uow(engine) as session:
        args: dict[str, Any] = {"guide_ids": [org["E1"]], "now": MONDAY} | kw
        asked = requests.ask_for_help(
            session=session,
            viewer=Viewer(org["E3"]),
            index=build_index(session=session),
            need="our postgres replicas keep lagging",
            **args,
        )
        return asked.request.id


# -- events tell people, once --------------------------------------------------------------


def test_a_request_routed_to_you_arrives_by_email_once(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    rid = _ask(engine, org)
    w = worker(engine, inbox.port)
    assert w.run_until_idle(MONDAY).done == 1
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert inbox.recipients[0] == ["ana@example.com"]
    assert mail["To"] == "Ana Lima <ana@example.com>"
    assert mail["Subject"] == "Cleo Martin asks for your help: our postgres replicas keep lagging"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"http://pf.example/requests/{rid}" in text and "25 Nov 2026, 09:00 (UTC)" in text
    assert _deliveries(engine) == [("email", "sent", "")]
    # Running again, or another worker, sends nothing more.
    assert w.run_until_idle(MONDAY + timedelta(minutes=1)).done == 0
    assert worker(engine, inbox.port).run_until_idle(MONDAY).done == 0
    assert len(inbox.messages) == 1


def test_accept_and_decline_tell_the_learner(engine: Engine, org: Ids, inbox: Inbox) -> None:
    rid = _ask(engine, org, at_once=2, guide_ids=[org["E1"], org["E2"]])
    with _uow(engine) as session:
        requests.decline_request(
            session=session, viewer=Viewer(org["E2"]), request_id=rid, reason="on leave", now=MONDAY
        )
        requests.accept_request(
            session=session, viewer=Viewer(org["E1"]), request_id=rid, now=MONDAY
        )
    worker(engine, inbox.port).run_until_idle(MONDAY)
    to_cleo = sorted(m["Subject"] for m in inbox.messages if m["To"].endswith("<cleo@example.com>"))
    assert to_cleo == [
        "Ana Lima accepted your request: our postgres replicas keep lagging",
        "Ben Okafor declined your request: our postgres replicas keep lagging",
    ]
    declined = next(m for m in inbox.messages if "declined" in m["Subject"])
    assert "“on leave”" in declined.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_rolled_back_action_tells_nobody(engine: Engine, org: Ids, inbox: Inbox) -> None:
    with pytest.raises(RuntimeError), _uow(engine) as session:
        requests.ask_for_help(
            session=session,
            viewer=Viewer(org["E3"]),
            index=build_index(session=session),
            need="our postgres replicas keep lagging",
            guide_ids=[org["E1"]],
            now=MONDAY,
        )
        raise RuntimeError("the action fails after the event")
    assert worker(engine, inbox.port).run_until_idle(MONDAY).done == 0
    assert _jobs(engine) == [] and inbox.messages == []


def test_published_and_answered_matches_tell_both(engine: Engine) -> None:
    from tests.test_programs import _published, build_org

    with _uow(engine) as session:
        org = build_org(session, n=24)
        program, run = _published(session, org)
        pair = run.pairs[0]
        keys = set(session.scalars(select(t.Notification.dedupe_key)))
        match = session.scalar(
            select(t.ProgramMatch).where(
                t.ProgramMatch.learner_id == pair.learner.id, t.ProgramMatch.program_id == program
            )
        )
        assert match is not None
        assert {f"match:{match.id}:proposed:p{pair.learner.id}"} <= keys
        assert {f"match:{match.id}:proposed:p{pair.guide.id}"} <= keys
        runs.answer_match(
            session=session,
            viewer=Viewer(pair.learner.id),
            match_id=match.id,
            accept=False,
            reason="no time",
        )
        told = session.scalar(
            select(t.Notification).where(
                t.Notification.dedupe_key.like(f"match:{match.id}:declined:%")
            )
        )
        assert told is not None and told.person_id == pair.guide.id
        assert "“no time”" in told.body and told.topic == Topic.MATCH_ANSWERED.value


# -- the worker: safe with many workers, restarts, failures --------------------------------


def test_two_workers_at_once_send_each_notification_once(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    for n in range(12):
        _tell(engine, org["E1"], f"test:{n}")
    _tell(engine, org["E1"], "test:0")  # the same key again: nothing new
    workers = [worker(engine, inbox.port, batch=3) for _ in range(2)]
    threads = [threading.Thread(target=w.run_until_idle, args=(MONDAY,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m["Subject"] for m in inbox.messages) == sorted(
        f"Hello test:{n}" for n in range(12)
    )
    assert {j.state for j in _jobs(engine)} == {"done"} and len(_jobs(engine)) == 12


def test_a_job_claimed_by_a_worker_that_died_runs_again_once(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    _tell(engine, org["E1"], "test:dead")
    assert len(claim_due(engine, worker="dead-worker", now=MONDAY)) == 1
    w = worker(engine, inbox.port, lease=timedelta(minutes=10))
    assert w.run_until_idle(MONDAY + timedelta(minutes=5)).done == 0  # still leased
    assert w.run_until_idle(MONDAY + timedelta(minutes=11)).done == 1
    assert len(inbox.messages) == 1
    job = _jobs(engine)[0]
    assert job.state == "done" and job.attempts == 2


class Crash(BaseException):
    """The process is killed: nothing after this line runs."""


class CrashingMailer(SmtpMailer):
    def send(self, message: EmailMessage) -> None:
        super().send(message)
        raise Crash


def test_a_worker_killed_while_sending_never_sends_twice(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    _tell(engine, org["E1"], "test:killed")
    doomed = Worker(
        engine=engine,
        channels=Channels(
            CrashingMailer("127.0.0.1", inbox.port, starttls=False), "pf@example.com", "", ""
        ),
    )
    with pytest.raises(Crash):
        doomed.run_until_idle(MONDAY)
    assert len(inbox.messages) == 1
    assert _deliveries(engine)[0][1] == "sending"
    worker(engine, inbox.port).run_until_idle(MONDAY + timedelta(hours=1))
    assert len(inbox.messages) == 1  # not sent again
    _channel, state, detail = _deliveries(engine)[0]
    assert state == "interrupted" and "never arrives twice" in detail
    assert _jobs(engine)[0].state == "done"


def test_failures_retry_with_backoff_then_stop_with_the_error(engine: Engine, org: Ids) -> None:
    _tell(engine, org["E1"], "test:refused")
    w = worker(engine, _free_port(), max_attempts=3)  # nothing listens there
    now = MONDAY
    for attempt in (1, 2):
        ran = w.run_until_idle(now)
        assert ran.retried == 1
        job = _jobs(engine)[0]
        assert job.state == "queued" and job.attempts == attempt
        assert job.due_at == now + retry_delay(attempt)
        assert "Connection refused" in job.last_error or "Errno" in job.last_error
        assert w.run_until_idle(job.due_at - timedelta(seconds=1)).total == 0  # not due yet
        assert _deliveries(engine)[0][1] == "pending"
        now = job.due_at
    assert w.run_until_idle(now).failed == 1
    job = _jobs(engine)[0]
    assert job.state == "failed" and job.attempts == 3 and job.last_error
    channel, state, detail = _deliveries(engine)[0]
    assert (channel, state) == ("email", "failed") and detail
    assert w.run_until_idle(now + timedelta(days=1)).total == 0  # stopped for good


def test_a_webhook_that_fails_once_is_tried_again(
    engine: Engine, org: Ids, receiver: Receiver
) -> None:
    with _uow(engine) as session:
        change_notification_settings(
            webhook_hosts=RECEIVER_HOSTS,
            session=session,
            viewer=Viewer(org["E1"]),
            chat_webhook_url=receiver.url,
            choices={Topic.REQUEST_ASKED.value: ["chat"]},
        )
    _tell(engine, org["E1"], "test:chat")
    receiver.answers = [500]
    w = worker(engine)
    assert w.run_until_idle(MONDAY).retried == 1
    assert receiver.bodies == []
    assert w.run_until_idle(MONDAY + retry_delay(1)).done == 1
    assert receiver.bodies == [
        {"text": "*Hello test:chat*\nSomething happened.\nhttp://pf.example/requests"}
    ]
    assert _deliveries(engine) == [("chat", "sent", "")]


# -- each person's choices -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "now", "held_until"),
    [
        (
            "UTC",
            datetime(2026, 11, 23, 23, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 7, 0, tzinfo=UTC),
        ),
        (
            "UTC",
            datetime(2026, 11, 24, 6, 59, tzinfo=UTC),
            datetime(2026, 11, 24, 7, 0, tzinfo=UTC),
        ),
        ("UTC", datetime(2026, 11, 24, 7, 0, tzinfo=UTC), None),
        ("UTC", datetime(2026, 11, 23, 21, 59, tzinfo=UTC), None),
        # 23:30 in Kolkata (UTC+5:30) is 18:00 UTC; quiet until 07:00 there, 01:30 UTC
        (
            "Asia/Kolkata",
            datetime(2026, 11, 23, 18, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 1, 30, tzinfo=UTC),
        ),
    ],
)
def test_quiet_hours_overnight(zone: str, now: datetime, held_until: datetime | None) -> None:
    from datetime import time

    assert quiet_until(now, zone, time(22, 0), time(7, 0)) == held_until


def test_quiet_hours_delay_a_notification_to_their_end(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    with _uow(engine) as session:
        session.get(t.Person, org["E1"]).time_zone = "Europe/Lisbon"  # type: ignore[union-attr]
        change_notification_settings(
            webhook_hosts=RECEIVER_HOSTS,
            session=session,
            viewer=Viewer(org["E1"]),
            quiet_start="22:00",
            quiet_end="07:00",
        )
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 23:30 in Lisbon (UTC+0 in November)
    with _uow(engine) as session:
        notify(
            session,
            person_id=org["E1"],
            topic=Topic.REQUEST_ASKED,
            subject="Late",
            body="…",
            dedupe_key="test:late",
            now=late,
        )
    w = worker(engine, inbox.port)
    assert w.run_until_idle(late).held == 1
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    job = _jobs(engine)[0]
    assert (job.state, job.due_at, job.attempts) == ("queued", morning, 0)
    assert inbox.messages == [] and _deliveries(engine) == []
    assert w.run_until_idle(morning - timedelta(minutes=1)).total == 0
    assert w.run_until_idle(morning).done == 1
    assert [m["Subject"] for m in inbox.messages] == ["Late"]


def test_choosing_none_sends_nothing_but_keeps_it_in_the_app(
    engine: Engine, org: Ids, inbox: Inbox
) -> None:
    with _uow(engine) as session:
        change_notification_settings(
            webhook_hosts=RECEIVER_HOSTS,
            session=session,
            viewer=Viewer(org["E1"]),
            choices={"request_asked": ["none"]},
        )
    _ask(engine, org)
    assert worker(engine, inbox.port).run_until_idle(MONDAY).done == 1
    assert inbox.messages == []
    assert _deliveries(engine) == [
        ("none", "not_sent", "you chose to see this kind in the app only")
    ]


def test_without_smtp_email_is_recorded_as_not_sent(engine: Engine, org: Ids) -> None:
    _ask(engine, org)
    assert worker(engine).run_until_idle(MONDAY).done == 1
    assert _deliveries(engine) == [("email", "not_sent", "no SMTP server configured")]


def test_email_and_chat_both(engine: Engine, org: Ids, inbox: Inbox, receiver: Receiver) -> None:
    with _uow(engine) as session:
        change_notification_settings(
            webhook_hosts=RECEIVER_HOSTS,
            session=session,
            viewer=Viewer(org["E1"]),
            choices={"request_asked": ["email", "chat"]},
            organization_chat_webhook=receiver.url,
        )
    _ask(engine, org)
    worker(engine, inbox.port, chat=receiver.url).run_until_idle(MONDAY)
    assert len(inbox.messages) == 1 and len(receiver.bodies) == 1
    # The organization's webhook is shared: it says whom the message is for.
    assert receiver.bodies[0]["text"].startswith("For Ana Lima: *Cleo Martin asks for your help")
    assert [d[:2] for d in _deliveries(engine)] == [("chat", "sent"), ("email", "sent")]


# -- reminders from what is stored ---------------------------------------------------------


def _relationship(session: Session, org: Ids) -> int:
    asked = requests.ask_for_help(
        session=session,
        viewer=Viewer(org["E3"]),
        index=build_index(session=session),
        need="our postgres replicas keep lagging",
        kind="working_session",
        guide_ids=[org["E1"]],
        now=MONDAY,
    )
    requests.accept_request(
        session=session, viewer=Viewer(org["E1"]), request_id=asked.request.id, now=MONDAY
    )
    rid = session.scalar(
        select(t.Relationship.id).where(t.Relationship.request_id == asked.request.id)
    )
    assert rid is not None
    return rid


def test_a_planned_session_sends_a_calendar_invite(engine: Engine, org: Ids, inbox: Inbox) -> None:
    at = MONDAY + timedelta(days=2, hours=5)
    with _uow(engine) as session:
        rid = _relationship(session, org)
        planned = sessions.schedule_session(
            session=session,
            viewer=Viewer(org["E3"]),
            relationship_id=rid,
            scheduled_at=at,
            now=MONDAY,
        )
    with _uow(engine) as session:
        assert send_reminders(session=session, now=MONDAY, public_url="http://pf.example") >= 2
    worker(engine, inbox.port).run_until_idle(MONDAY)
    invites = [m for m in inbox.messages if m["Subject"].startswith("Session with")]
    assert sorted(r[0] for r in (inbox.recipients[inbox.messages.index(m)] for m in invites)) == [
        "ana@example.com",
        "cleo@example.com",
    ]
    to_ana = next(m for m in invites if "ana@" in m["To"])
    assert to_ana["Subject"] == "Session with Cleo Martin, Wed 25 Nov 2026, 14:00 (UTC)"
    attachment = next(to_ana.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(attachment.get_content())
    assert calendar["method"] == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert event["uid"] == f"session-{planned.id}@peoplefirst"
    assert event.decoded("dtstart") == at and event.decoded("dtend") == at + timedelta(hours=1)
    assert str(event["organizer"]) == "mailto:cleo@example.com"
    assert sorted(str(a) for a in event["attendee"]) == [
        "mailto:ana@example.com",
        "mailto:cleo@example.com",
    ]
    # The next look finds nothing new to send.
    with _uow(engine) as session:
        assert send_reminders(session=session, now=MONDAY + timedelta(minutes=15)) == 0


def test_reminders_go_once_each(engine: Engine, org: Ids) -> None:
    with _uow(engine) as session:
        rid = _relationship(session, org)
        first = sessions.schedule_session(
            session=session,
            viewer=Viewer(org["E3"]),
            relationship_id=rid,
            scheduled_at=MONDAY + timedelta(days=1),
            now=MONDAY,
        )
        sessions.complete_session(
            session=session,
            viewer=Viewer(org["E1"]),
            relationship_id=rid,
            session_id=first.id,
            commitments_made=[
                sessions.CommitmentIn(org["E3"], "Find the longest transactions", date(2026, 12, 9))
            ],
            now=MONDAY + timedelta(days=1),
        )
    # Two weeks on: the default cadence passed with no session planned nor check-in.
    later = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    with _uow(engine) as session:
        assert send_reminders(session=session, now=later) > 0
        told = {
            (n.topic, n.person_id): n.dedupe_key
            for n in session.scalars(
                select(t.Notification).where(t.Notification.created_at == later)
            )
        }
    due = told[(Topic.COMMITMENT_DUE.value, org["E3"])]
    assert due.startswith("commitment:") and due.endswith(f":due:2026-12-09:p{org['E3']}")
    for person in (org["E1"], org["E3"]):
        assert (Topic.SESSION_OVERDUE.value, person) in told
        assert (Topic.CHECK_IN_DUE.value, person) in told
    with _uow(engine) as session:
        assert send_reminders(session=session, now=later + timedelta(hours=1)) == 0
        count = session.scalar(select(func.count()).select_from(t.Notification))
    assert count == len(told) + 2  # and the request's own two: asked, accepted


def test_a_request_left_waiting_is_reminded_once(engine: Engine, org: Ids) -> None:
    _ask(engine, org)  # normal urgency: 2 days to answer
    with _uow(engine) as session:
        assert send_reminders(session=session, now=MONDAY + timedelta(hours=23)) == 0
        assert send_reminders(session=session, now=MONDAY + timedelta(hours=25)) == 1
        assert send_reminders(session=session, now=MONDAY + timedelta(hours=30)) == 0
        keys = list(session.scalars(select(t.Notification.dedupe_key).order_by(t.Notification.id)))
    assert keys[-1].startswith("request:") and ":waiting:" in keys[-1]


# -- the worker's chores and the command ---------------------------------------------------


def test_chores_queue_themselves_again(engine: Engine, org: Ids) -> None:
    w = worker(engine)
    w.schedule_chores(MONDAY)
    w.schedule_chores(MONDAY)  # a second worker starting: no duplicates
    w.run_until_idle(MONDAY)
    chores = {
        j.kind: j for kind in ("requests.advance", "reminders.scan") for j in _jobs(engine, kind)
    }
    assert len(_jobs(engine, "requests.advance")) == 1
    assert chores["requests.advance"].state == "queued"
    assert chores["requests.advance"].due_at == MONDAY + timedelta(minutes=5)
    assert chores["reminders.scan"].due_at == MONDAY + timedelta(minutes=15)


def test_cli_worker_once(
    empty_db_url: str, org: Ids, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    with _uow(engine) as session:
        requests.ask_for_help(
            session=session,
            viewer=Viewer(org["E3"]),
            index=build_index(session=session),
            need="our postgres replicas keep lagging",
            guide_ids=[org["E1"]],
        )
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    result = CliRunner().invoke(cli, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "No SMTP server configured" in result.output
    assert "Ran " in result.output
    assert _deliveries(engine) == [("email", "not_sent", "no SMTP server configured")]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://hooks.slack.com/services/T0/B0/x", True),
        ("https://HOOKS.SLACK.COM./services/x", True),
        ("https://acme.webhook.office.com/webhookb2/x", True),  # "*.webhook.office.com"
        ("https://webhook.office.com/x", False),  # the wildcard needs a subdomain
        ("https://hooks.slack.com.evil.example/x", False),
        ("https://evil.example/hooks.slack.com", False),
        ("http://169.254.169.254/latest/meta-data", False),
        ("http://localhost:8000/admin", False),
    ],
)
def test_own_webhooks_only_reach_allowed_chat_services(url: str, allowed: bool) -> None:
    assert webhook_host_allowed(url, DEFAULT_WEBHOOK_HOSTS) is allowed


def test_a_webhook_no_longer_allowed_is_not_posted_to(engine: Engine, receiver: Any) -> None:
    """A person's webhook saved while its host was allowed is not used once it is not."""
    with unit_of_work(make_session_factory(engine)) as session:
        ids = tiny_org(session)
        change_notification_settings(
            webhook_hosts=RECEIVER_HOSTS,
            session=session,
            viewer=Viewer(ids["E1"]),
            chat_webhook_url=receiver.url,
            choices={"request_asked": ["chat"]},
        )
        notify(
            session,
            person_id=ids["E1"],
            topic=Topic.REQUEST_ASKED,
            subject="Someone asks",
            body="Please help",
            link="/requests/1",
            dedupe_key="test:no-longer-allowed",
            now=MONDAY,
        )
    strict = Channels(mailer=None, sender="pf@example.com", organization_chat="", public_url="")
    Worker(engine=engine, channels=strict).run_until_idle(MONDAY)
    assert receiver.bodies == []
