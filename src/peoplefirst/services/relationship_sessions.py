"""Sessions of a relationship (reflect → select → act): an agenda that starts from the
commitments still open, shared notes, private reflections, the review of each open
commitment, and commitments to action that complete a session. Also the check-ins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import Conflict, InvalidInput, SessionNotFound
from peoplefirst.domain.policy import Viewer, may_read_reflection, signed_in
from peoplefirst.domain.relationships import (
    RelationshipState,
    RelationshipView,
    SessionView,
)
from peoplefirst.domain.views import PersonRef
from peoplefirst.services.learning_cycle import MAX_COMMITMENTS as MAX_COMMITMENTS
from peoplefirst.services.learning_cycle import MAX_NOTES as MAX_NOTES
from peoplefirst.services.learning_cycle import CommitmentIn as CommitmentIn
from peoplefirst.services.learning_cycle import (
    check_check_in,
    check_commitments,
    check_review,
    keep_reflection,
    not_reviewed,
    notes_conflict,
)
from peoplefirst.services.relationships import (
    commitment_views,
    commitments,
    now_or,
    one_of_the_two,
    people,
    summaries,
    text_field,
    view_relationship,
)
from peoplefirst.storage import relationships as stored
from peoplefirst.storage import tables as t

IN_CYCLE = (RelationshipState.ACTIVE.value, RelationshipState.PAUSED.value)


def _in_cycle(relationship: t.Relationship, doing: str) -> None:
    if relationship.state not in IN_CYCLE:
        raise Conflict(
            f"a relationship that is {RelationshipState(relationship.state).label.lower()} "
            f"has no {doing}"
        )


def _agenda(session: Session, relationship_id: int) -> str:
    """The agenda a new session starts with: review each commitment still open."""
    open_ones = [c for c in commitments(session, relationship_id) if c.review is None]
    return agenda_of(open_ones, people(session, [c.owner_id for c in open_ones]))


def agenda_of(
    open_ones: Sequence[t.RelationshipCommitment] | Sequence[t.CircleCommitment],
    owners: Mapping[int, PersonRef],
) -> str:
    """An agenda's first lines: each open commitment to review, with its owner."""
    if not open_ones:
        return ""
    lines = ["Review what we committed to:"]
    for c in open_ones:
        due = f" (by {c.due_on:%d %b})" if c.due_on else ""
        lines.append(f"- {owners[c.owner_id].name}: {c.what}{due}")
    return "\n".join(lines)


def schedule_session(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    scheduled_at: datetime,
    agenda: str = "",
    now: datetime | None = None,
) -> SessionView:
    """Either person plans a session; its agenda starts with the open commitments."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    _in_cycle(relationship, "sessions")
    if scheduled_at.tzinfo is None:
        raise InvalidInput("scheduled_at", "give a time zone (UTC if in doubt)")
    extra = text_field(agenda, "agenda", MAX_NOTES)
    planned = "\n\n".join(p for p in (_agenda(session, relationship_id), extra) if p)
    row = t.RelationshipSession(
        relationship_id=relationship_id,
        scheduled_at=scheduled_at,
        agenda=planned,
        notes="",
        notes_version=1,
        created_by=me,
        created_at=now,
    )
    session.add(row)
    stored.active_at(relationship, me, now)
    session.flush()
    return view_session(
        session=session, viewer=viewer, relationship_id=relationship_id, session_id=row.id, now=now
    )


def _session(session: Session, relationship_id: int, session_id: int) -> t.RelationshipSession:
    row = session.get(t.RelationshipSession, session_id)
    if row is None or row.relationship_id != relationship_id:
        raise SessionNotFound(f"relationship {relationship_id} has no session {session_id}")
    return row


def view_session(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    session_id: int,
    now: datetime | None = None,
) -> SessionView:
    """A session for one of the two: the shared notes, and the viewer's own reflection."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    row = _session(session, relationship_id, session_id)
    reflections = session.scalars(
        select(t.SessionReflection).where(t.SessionReflection.session_id == session_id)
    )
    # The one place a reflection is read: the policy lets its author, alone, see it.
    mine = next(
        (r.body for r in reflections if may_read_reflection(viewer=viewer, author_id=r.author_id)),
        "",
    )
    rows = commitments(session, relationship_id)
    # To review here: what was open when it was held (not made in it or later).
    to_review = [
        c
        for c in rows
        if c.review is None and c.session_id != session_id and _before(session, c.session_id, row)
    ]
    in_cycle = relationship.state in IN_CYCLE
    refs = people(session, [relationship.learner_id, relationship.guide_id, row.notes_updated_by])
    updated_by = refs.get(row.notes_updated_by) if row.notes_updated_by is not None else None
    return SessionView(
        id=row.id,
        relationship=summaries(session, [relationship], me, now)[0],
        scheduled_at=row.scheduled_at,
        agenda=row.agenda,
        notes=row.notes,
        notes_version=row.notes_version,
        notes_updated_by=updated_by,
        notes_updated_at=row.notes_updated_at,
        my_reflection=mine,
        to_review=commitment_views(session, to_review, refs),
        reviewed_here=commitment_views(
            session, [c for c in rows if c.reviewed_in == session_id], refs
        ),
        commitments_made=commitment_views(
            session, [c for c in rows if c.session_id == session_id], refs
        ),
        completed_at=row.completed_at,
        may_edit=in_cycle,
        may_complete=in_cycle and row.completed_at is None,
    )


def _before(session: Session, made_in: int, row: t.RelationshipSession) -> bool:
    made = session.get(t.RelationshipSession, made_in)
    return made is not None and (made.scheduled_at, made.id) < (row.scheduled_at, row.id)


def save_notes(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    session_id: int,
    notes: str,
    version: int,
    now: datetime | None = None,
) -> SessionView:
    """Either person saves the shared notes. `version` is the one they started from: if
    the other saved since, Conflict and nothing is overwritten (their text stays theirs to
    merge)."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    _in_cycle(relationship, "notes to edit")
    row = _session(session, relationship_id, session_id)
    if len(notes) > MAX_NOTES:
        raise InvalidInput("notes", f"must be at most {MAX_NOTES:,} characters")
    changed = session.execute(
        update(t.RelationshipSession)
        .where(
            t.RelationshipSession.id == session_id,
            t.RelationshipSession.notes_version == version,
        )
        .values(
            notes=notes,
            notes_version=t.RelationshipSession.notes_version + 1,
            notes_updated_by=me,
            notes_updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if getattr(changed, "rowcount", 0) != 1:
        who = people(session, [row.notes_updated_by]).get(row.notes_updated_by or 0)
        raise notes_conflict(who, row.notes_version)
    stored.active_at(relationship, me, now)
    session.flush()
    return view_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        now=now,
    )


def save_reflection(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    session_id: int,
    body: str,
    now: datetime | None = None,
) -> SessionView:
    """The viewer's private reflection on a session: nobody else ever reads it. Writing
    one does not count as being active (the other person would learn of it)."""
    me = signed_in(viewer)
    now = now_or(now)
    one_of_the_two(session, viewer, relationship_id)
    _session(session, relationship_id, session_id)
    keep_reflection(
        session, t.SessionReflection, session_id=session_id, author_id=me, body=body, now=now
    )
    return view_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        now=now,
    )


def review_commitment(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    session_id: int,
    commitment_id: int,
    review: str,
    note: str = "",
    now: datetime | None = None,
) -> SessionView:
    """At a session, say how an earlier commitment went: done, partly or dropped, with a
    line of reflection."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    _in_cycle(relationship, "reviews")
    row = _session(session, relationship_id, session_id)
    note = check_review(review, note)
    commitment = session.get(t.RelationshipCommitment, commitment_id)
    if commitment is None or commitment.relationship_id != relationship_id:
        raise InvalidInput("commitment_id", f"no commitment {commitment_id} in this relationship")
    if commitment.session_id == session_id or not _before(session, commitment.session_id, row):
        raise InvalidInput("commitment_id", "a commitment is reviewed at a later session")
    not_reviewed(commitment)
    commitment.review, commitment.review_note = review, note
    commitment.reviewed_in, commitment.reviewed_by, commitment.reviewed_at = session_id, me, now
    stored.active_at(relationship, me, now)
    session.flush()
    return view_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        now=now,
    )


def complete_session(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    session_id: int,
    commitments_made: Sequence[CommitmentIn],
    now: datetime | None = None,
) -> SessionView:
    """A session ends with commitments to action: each has an owner (one of the two),
    what, and optionally by when."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    _in_cycle(relationship, "sessions to complete")
    row = _session(session, relationship_id, session_id)
    if row.completed_at is not None:
        raise Conflict("this session is completed already")
    check_commitments(
        commitments_made,
        owners=(relationship.learner_id, relationship.guide_id),
        not_owner="must be one of the two of you",
        session_day=row.scheduled_at.date(),
    )
    session.add_all(
        t.RelationshipCommitment(
            relationship_id=relationship_id,
            session_id=session_id,
            owner_id=c.owner_id,
            what=c.what.strip(),
            due_on=c.due_on,
            review_note="",
        )
        for c in commitments_made
    )
    row.completed_at = now
    stored.active_at(relationship, me, now)
    session.flush()
    return view_session(
        session=session,
        viewer=viewer,
        relationship_id=relationship_id,
        session_id=session_id,
        now=now,
    )


def check_in(
    *,
    session: Session,
    viewer: Viewer,
    relationship_id: int,
    how_it_goes: int,
    meeting_as_agreed: bool,
    note: str = "",
    now: datetime | None = None,
) -> RelationshipView:
    """A short survey at the cadence, by either person: how it goes (1 to 5), whether they
    meet as agreed, a line."""
    me = signed_in(viewer)
    now = now_or(now)
    relationship = one_of_the_two(session, viewer, relationship_id)
    _in_cycle(relationship, "check-ins")
    note = check_check_in(how_it_goes, note)
    session.add(
        t.RelationshipCheckIn(
            relationship_id=relationship_id,
            author_id=me,
            how_it_goes=how_it_goes,
            meeting_as_agreed=meeting_as_agreed,
            note=note,
            created_at=now,
        )
    )
    stored.active_at(relationship, me, now)
    session.flush()
    return view_relationship(
        session=session, viewer=viewer, relationship_id=relationship_id, now=now
    )
