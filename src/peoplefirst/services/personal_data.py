"""A person's own data: all of it as one JSON document (deletion is in
`personal_data_deletion.py`). Which rows count as theirs is `domain/personal_data.RULES`,
one rule per column that points at a person, plus the shared records around them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, Table, false, or_, select
from sqlalchemy.orm import Session

from peoplefirst import __version__
from peoplefirst.domain.audit import AuditAction
from peoplefirst.domain.errors import NotPermitted, PersonNotFound
from peoplefirst.domain.personal_data import (
    EXPORT_FORMAT,
    HANDLERS_ONLY,
    RULES,
    SECRET_COLUMNS,
    is_deleted,
)
from peoplefirst.domain.policy import Viewer, may_take_out_personal_data
from peoplefirst.domain.relationships import feedback_revealed
from peoplefirst.domain.requests import OfferState
from peoplefirst.services import audit
from peoplefirst.storage import tables as t

METADATA = t.Base.metadata


def person_columns() -> list[tuple[str, str]]:
    """Every (table, column) of the schema that points at a person."""
    return sorted(
        (table.name, column.name)
        for table in METADATA.tables.values()
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name == t.Person.__tablename__
    )


def the_person(session: Session, person_id: int, viewer: Viewer | None) -> t.Person:
    """The person whose data is asked for; `viewer` None is a system admin at the command
    line, anyone else must be that person."""
    if viewer is not None and not may_take_out_personal_data(viewer=viewer, person_id=person_id):
        raise NotPermitted("only the person themselves may export or delete their data")
    person = session.get(t.Person, person_id)
    if person is None or is_deleted(person.email):
        raise PersonNotFound(f"no person with id {person_id}")
    return person


def _shared_records(me: int) -> dict[str, list[ColumnElement[bool]]]:
    """Rows that belong to the person's relationships, circles, requests, texts and
    enrollments although no column names them: what they can see in the app."""
    r, c = t.Relationship, t.CircleMember
    relationships = select(r.id).where(or_(r.learner_id == me, r.guide_id == me))
    circles = select(c.circle_id).where(c.person_id == me)
    asked = select(t.HelpRequest.id).where(t.HelpRequest.learner_id == me)
    offered = select(t.RequestOffer.request_id).where(
        t.RequestOffer.guide_id == me, t.RequestOffer.asked_at.is_not(None)
    )
    helped = select(t.RequestOffer.request_id).where(
        t.RequestOffer.guide_id == me, t.RequestOffer.state == OfferState.ACCEPTED.value
    )
    texts = select(t.EvidenceCredit.evidence_id).where(t.EvidenceCredit.person_id == me)
    enrollments = select(t.ProgramEnrollment.id).where(t.ProgramEnrollment.person_id == me)
    return {
        "people": [t.Person.id == me],
        "relationship_goals": [t.RelationshipGoal.relationship_id.in_(relationships)],
        "relationship_sessions": [t.RelationshipSession.relationship_id.in_(relationships)],
        "relationship_commitments": [t.RelationshipCommitment.relationship_id.in_(relationships)],
        "relationship_check_ins": [t.RelationshipCheckIn.relationship_id.in_(relationships)],
        "circles": [t.Circle.id.in_(circles)],
        "circle_sessions": [t.CircleSession.circle_id.in_(circles)],
        "circle_commitments": [t.CircleCommitment.circle_id.in_(circles)],
        "circle_check_ins": [t.CircleCheckIn.circle_id.in_(circles)],
        "help_requests": [t.HelpRequest.id.in_(offered)],
        "request_offers": [t.RequestOffer.request_id.in_(asked)],
        "relationship_feedback_skills": [
            t.RelationshipFeedbackSkill.relationship_id.in_(relationships)
        ],
        "request_skills": [t.RequestSkill.request_id.in_(asked.union(offered))],
        # A conversation is the learner's and the guide who accepted, not the others asked.
        "request_messages": [t.RequestMessage.request_id.in_(asked.union(helped))],
        "help_outcomes": [t.HelpOutcome.request_id.in_(asked)],
        "help_outcome_skills": [t.HelpOutcomeSkill.request_id.in_(asked.union(helped))],
        "evidence_items": [t.EvidenceItem.id.in_(texts)],
        "evidence_skills": [t.EvidenceSkill.evidence_id.in_(texts)],
        "enrollment_goals": [t.EnrollmentGoal.enrollment_id.in_(enrollments)],
        "enrollment_choices": [t.EnrollmentChoice.enrollment_id.in_(enrollments)],
        "notification_deliveries": [
            t.NotificationDelivery.notification_id.in_(
                select(t.Notification.id).where(t.Notification.person_id == me)
            )
        ],
        "sign_in_attempts": [],  # they are found by e-mail, below
    }


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(session: Session, table: Table, where: ColumnElement[bool]) -> list[dict[str, Any]]:
    hidden = SECRET_COLUMNS | HANDLERS_ONLY.get(table.name, frozenset())
    columns = [c for c in table.columns if c.name not in hidden]
    columns = [c for c in columns if not isinstance(c.type, LargeBinary)]  # embeddings
    query = select(*columns).where(where).order_by(*table.primary_key.columns)
    return [
        {key: _plain(value) for key, value in row.items()}
        for row in session.execute(query).mappings()
    ]


def _hidden_feedback(
    session: Session, me: int, rows: list[dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Feedback about the person stays blind until both answered or the window closed,
    in an export as on the page."""
    answered = Counter(row["relationship_id"] for row in rows)
    ended = {
        rid: when
        for rid, when in session.execute(
            select(t.Relationship.id, t.Relationship.ended_at).where(
                t.Relationship.id.in_(answered)
            )
        )
    }
    return [
        row
        for row in rows
        if row["author_id"] == me
        or feedback_revealed(
            ended.get(row["relationship_id"]), answered[row["relationship_id"]], now
        )
    ]


def export_personal_data(
    *, session: Session, viewer: Viewer | None, person_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """Everything stored about the person that they may see, table by table, with the
    names of the colleagues it mentions. Private reflections are only ever the author's;
    reports about them and colleagues' program choices are not theirs to see."""
    person = the_person(session, person_id, viewer)
    now = now or datetime.now(UTC)
    me = person.id
    where: dict[str, list[ColumnElement[bool]]] = _shared_records(me)
    for (table, column), rule in RULES.items():
        if rule.exported:
            where.setdefault(table, []).append(METADATA.tables[table].c[column] == me)
    where["sign_in_attempts"].append(t.SignInAttempt.login == person.email.lower())
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(where):
        rows = _rows(session, METADATA.tables[name], or_(false(), *where[name]))
        if name == "relationship_feedback":
            rows = _hidden_feedback(session, me, rows, now)
        tables[name] = rows
    given = {(f["relationship_id"], f["author_id"]) for f in tables["relationship_feedback"]}
    tables["relationship_feedback_skills"] = [
        row
        for row in tables["relationship_feedback_skills"]
        if (row["relationship_id"], row["author_id"]) in given
    ]
    audit.record(
        session,
        AuditAction.DATA_EXPORTED,
        actor_id=viewer.person_id if viewer is not None else None,
        subject=f"person {me}",
        detail={"rows": sum(len(rows) for rows in tables.values())},
        now=now,
    )
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "made_by": f"PeopleFirst {__version__}",
        "exported_at": now.isoformat(),
        "person": {"id": me, "name": person.name, "email": person.email},
        "colleagues": _colleagues(session, tables, me),
        "skills": _skill_names(session, tables),
        "tables": {name: rows for name, rows in tables.items() if rows},
    }


def _colleagues(
    session: Session, tables: Mapping[str, Iterable[Mapping[str, Any]]], me: int
) -> dict[str, str]:
    """The names of the people the exported rows point at, by id."""
    pointing = {(table, column) for table, column in person_columns()}
    ids = {
        row[column]
        for table, rows in tables.items()
        for row in rows
        for column in row
        if (table, column) in pointing and row[column] is not None
    }
    ids.discard(me)
    found = session.execute(select(t.Person.id, t.Person.name).where(t.Person.id.in_(ids)))
    return {str(i): name for i, name in sorted(found)}


def _skill_names(
    session: Session, tables: Mapping[str, Iterable[Mapping[str, Any]]]
) -> dict[str, str]:
    ids = {row["skill_id"] for rows in tables.values() for row in rows if row.get("skill_id")}
    found = session.execute(select(t.Skill.id, t.Skill.name).where(t.Skill.id.in_(ids)))
    return {str(i): name for i, name in sorted(found)}
