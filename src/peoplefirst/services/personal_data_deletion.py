"""Deleting a person's data when they ask: their own records go, shared records stay
with the colleagues attributed to "A former colleague", and open requests, matches and
relationships end first so that nobody waits for them. Each column's fate is
`domain/personal_data.RULES`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import String, Text, delete, func, or_, select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import InvalidInput
from peoplefirst.domain.personal_data import (
    DELETION_PHRASE,
    FORMER_COLLEAGUE,
    IN_TEXT,
    RULES,
    Fate,
    confirmed,
    deleted_email,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.programs import MatchState
from peoplefirst.domain.relationships import RelationshipState
from peoplefirst.domain.requests import OfferState, RequestStatus
from peoplefirst.services import audit, program_runs, requests
from peoplefirst.services.personal_data import METADATA, the_person
from peoplefirst.storage import tables as t
from peoplefirst.storage.index_changes import EVIDENCE, PERSON
from peoplefirst.storage.relationships import OPEN_STATES

ENDED_NOTE = "ended because the other person's data was deleted at their request"
# Texts are searched for the person's name only when it is long enough not to be a word.
MIN_NAME_TO_REPLACE = 5
# Not searched for the name: the append-only audit log holds ids only, and the rest is
# bookkeeping or hashes.
NOT_SEARCHED = {"audit_events", "alembic_version", "index_changes", "people"}


@dataclass(slots=True)
class DeletionReport:
    person_id: int
    deleted: dict[str, int] = field(default_factory=dict)  # rows, by table
    kept: dict[str, int] = field(default_factory=dict)  # rows attributed to a former colleague
    ended: dict[str, int] = field(default_factory=dict)  # open requests, matches…
    texts_changed: int = 0  # texts where the name or e-mail was replaced


def delete_personal_data(
    *,
    session: Session,
    viewer: Viewer | None,
    person_id: int,
    confirm: str,
    now: datetime | None = None,
) -> DeletionReport:
    """Delete or anonymize everything stored about the person, in one transaction.
    `confirm` must be the deletion phrase; `viewer` None is a system admin at the command
    line, anyone else must be the person."""
    person = the_person(session, person_id, viewer)
    if not confirmed(confirm):
        raise InvalidInput("confirm", f"type '{DELETION_PHRASE}' to confirm; nothing was deleted")
    now = now or datetime.now(UTC)
    me, name, email = person.id, person.name, person.email
    report = DeletionReport(person_id=me)
    _end_open_work(session, me, now, report)
    _keep_agreement_goals(session, me)
    _delete_own_texts(session, me, report)
    for (table_name, column_name), rule in RULES.items():
        table = METADATA.tables[table_name]
        column = table.c[column_name]
        if rule.fate is Fate.CLEAR:
            session.execute(update(table).where(column == me).values({column_name: None}))
        elif rule.fate is Fate.KEEP:
            kept = session.scalar(select(func.count()).select_from(table).where(column == me))
            if kept:
                report.kept[table_name] = report.kept.get(table_name, 0) + kept
    for (table_name, column_name), rule in RULES.items():
        if rule.fate is Fate.DELETE:
            table = METADATA.tables[table_name]
            done = session.connection().execute(delete(table).where(table.c[column_name] == me))
            if done.rowcount:
                report.deleted[table_name] = report.deleted.get(table_name, 0) + done.rowcount
    done = session.connection().execute(
        delete(t.SignInAttempt).where(t.SignInAttempt.login == email.lower())
    )
    if done.rowcount:
        report.deleted["sign_in_attempts"] = done.rowcount
    session.flush()
    session.expire_all()  # rows changed behind the ORM's back are read afresh
    _anonymize(person, me)
    session.flush()
    report.texts_changed = _replace_in_texts(session, name, email)
    session.add(t.IndexChange(subject=PERSON, subject_id=me))
    audit.record(
        session,
        AuditAction.PERSON_DELETED,
        actor_id=viewer.person_id if viewer is not None else None,
        subject=f"person {me}",
        detail={"deleted": sum(report.deleted.values()), "kept": sum(report.kept.values())},
        now=now,
    )
    session.flush()
    return report


def _end_open_work(session: Session, me: int, now: datetime, report: DeletionReport) -> None:
    """Nobody is left waiting: requests, matches and relationships with the person end,
    and guides get their time back."""
    ended: Counter[str] = Counter()
    open_requests = session.scalars(
        select(t.HelpRequest.id).where(
            t.HelpRequest.learner_id == me,
            t.HelpRequest.status.in_([s.value for s in RequestStatus if s.open]),
        )
    ).all()
    for request_id in open_requests:
        requests.withdraw_request(
            session=session, viewer=Viewer(person_id=me), request_id=request_id, now=now
        )
        ended["requests withdrawn"] += 1
    # Asked and not yet answered: the request moves on to the next in line when it is next
    # looked at (or by `peoplefirst requests advance`).
    skipped = session.connection().execute(
        update(t.RequestOffer)
        .where(
            t.RequestOffer.guide_id == me,
            t.RequestOffer.state.in_([OfferState.WAITING.value, OfferState.QUEUED.value]),
        )
        .values(state=OfferState.SKIPPED.value, reason="no longer here", answered_at=now)
    )
    ended["requests passed on"] += skipped.rowcount
    accepted = session.scalars(
        select(t.HelpRequest.id)
        .join(t.RequestOffer, t.RequestOffer.request_id == t.HelpRequest.id)
        .where(
            t.RequestOffer.guide_id == me,
            t.RequestOffer.state == OfferState.ACCEPTED.value,
            t.HelpRequest.status == RequestStatus.ACCEPTED.value,
        )
    ).all()
    for request_id in accepted:
        requests.end_with_relationship(session=session, request_id=request_id, now=now)
        ended["accepted requests closed"] += 1
    matches = session.scalars(
        select(t.ProgramMatch).where(
            or_(t.ProgramMatch.learner_id == me, t.ProgramMatch.guide_id == me),
            t.ProgramMatch.state.in_([MatchState.PROPOSED.value, MatchState.ACTIVE.value]),
        )
    ).all()
    for match in matches:
        program_runs.close_match(
            session,
            match,
            ended_by=None,
            reason=ENDED_NOTE,
            now=now,
            rematch=match.guide_id == me,  # a learner who stays gets a new guide
        )
        ended["matches ended"] += 1
    relationships = session.scalars(
        select(t.Relationship).where(
            or_(t.Relationship.learner_id == me, t.Relationship.guide_id == me),
            t.Relationship.state.in_(OPEN_STATES),
        )
    ).all()
    for relationship in relationships:
        invited = relationship.state == RelationshipState.INVITED.value
        relationship.state = (
            RelationshipState.DECLINED if invited else RelationshipState.ENDED
        ).value
        relationship.ended_at, relationship.ended_by = now, None
        relationship.end_reason, relationship.end_note = "other", ENDED_NOTE
        if relationship.request_id is not None:
            requests.end_with_relationship(
                session=session, request_id=relationship.request_id, now=now
            )
        ended["relationships ended"] += 1
    session.flush()
    report.ended = {what: n for what, n in ended.items() if n}


def _keep_agreement_goals(session: Session, me: int) -> None:
    """A relationship's goal that is one of the person's learning goals keeps its words."""
    rows = session.execute(
        select(t.RelationshipGoal, t.LearningGoal.text, t.Skill.name)
        .join(t.LearningGoal, t.LearningGoal.id == t.RelationshipGoal.learning_goal_id)
        .outerjoin(t.Skill, t.Skill.id == t.LearningGoal.skill_id)
        .where(t.LearningGoal.person_id == me)
    ).all()
    for goal, text, skill in rows:
        goal.text = goal.text or text or skill or "a learning goal"
        goal.learning_goal_id = None
    session.flush()


def _delete_own_texts(session: Session, me: int, report: DeletionReport) -> None:
    """Texts credited to the person alone go; co-written ones stay with the co-authors."""
    mine = select(t.EvidenceCredit.evidence_id).where(t.EvidenceCredit.person_id == me)
    others = select(t.EvidenceCredit.evidence_id).where(t.EvidenceCredit.person_id != me)
    alone = session.scalars(
        select(t.EvidenceItem.id).where(
            t.EvidenceItem.id.in_(mine), t.EvidenceItem.id.not_in(others)
        )
    ).all()
    shared = session.scalars(
        select(t.EvidenceItem.id).where(t.EvidenceItem.id.in_(mine), t.EvidenceItem.id.in_(others))
    ).all()
    if alone:
        session.execute(delete(t.EvidenceItem).where(t.EvidenceItem.id.in_(alone)))
        report.deleted["evidence_items"] = len(alone)
    for evidence_id in [*alone, *shared]:  # the finder forgets or re-reads them
        session.add(t.IndexChange(subject=EVIDENCE, subject_id=evidence_id))


def _anonymize(person: t.Person, me: int) -> None:
    """The person's row stays, so that what colleagues keep still points somewhere, but it
    says nothing about them any more."""
    person.name = FORMER_COLLEAGUE
    person.email = deleted_email(me)
    person.employee_id = f"deleted-{me}"
    person.title = person.job_family = person.location = ""
    person.time_zone = "UTC"
    person.hire_date = person.away_until = None
    person.department_id = person.manager_id = None
    person.findable = False  # never suggested; their languages went with the rules


def _replace_in_texts(session: Session, name: str, email: str) -> int:
    """Replace the person's full name and e-mail in every text that stays (notes,
    messages, notifications to colleagues); how many texts changed. A name shared with a
    colleague is left alone: it could be theirs."""
    needles = [email]
    namesakes = session.scalar(select(func.count()).where(t.Person.name == name))
    if len(name.strip()) >= MIN_NAME_TO_REPLACE and not namesakes:
        needles.append(name)
    changed = 0
    for table in METADATA.sorted_tables:
        if table.name in NOT_SEARCHED:
            continue
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            for needle in needles:
                value = func.replace(column, needle, IN_TEXT)
                length = getattr(column.type, "length", None)
                if length:
                    value = func.substr(value, 1, length)
                done = session.connection().execute(
                    update(table)
                    .where(column.contains(needle, autoescape=True))
                    .values({column.name: value})
                )
                changed += done.rowcount
    return changed
