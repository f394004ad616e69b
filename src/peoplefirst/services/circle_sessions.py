"""Sessions of a circle: an agenda that starts from everyone's open commitments, shared
notes, private reflections, the review of each open commitment, commitments to action
(any member's) that complete a session — and peer accountability: a member nudges another
about a commitment, at most once a day each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from peoplefirst.domain.circles import CircleSessionView, CircleView, nudge_key
from peoplefirst.domain.errors import Conflict, InvalidInput, SessionNotFound
from peoplefirst.domain.notifications import Topic
from peoplefirst.domain.policy import Viewer, may_read_reflection, signed_in
from peoplefirst.services.circles import (
    IN_CYCLE,
    circle_commitments,
    in_cycle,
    mark_active,
    member_ids,
    member_of,
    summaries,
    view_circle,
)
from peoplefirst.services.learning_cycle import (
    MAX_NOTES,
    CommitmentIn,
    check_commitments,
    check_review,
    keep_reflection,
    not_reviewed,
    notes_conflict,
    text_field,
)
from peoplefirst.services.notices import short
from peoplefirst.services.notifications import notify
from peoplefirst.services.relationship_sessions import agenda_of
from peoplefirst.services.relationships import commitment_views, now_or, people
from peoplefirst.storage import tables as t


def schedule_session(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    scheduled_at: datetime,
    agenda: str = "",
    now: datetime | None = None,
) -> CircleSessionView:
    """Any member plans a session; its agenda starts with everyone's open commitments."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "sessions")
    if scheduled_at.tzinfo is None:
        raise InvalidInput("scheduled_at", "give a time zone (UTC if in doubt)")
    extra = text_field(agenda, "agenda", MAX_NOTES)
    open_ones = [c for c in circle_commitments(session, circle_id) if c.review is None]
    owners = people(session, [c.owner_id for c in open_ones])
    planned = "\n\n".join(p for p in (agenda_of(open_ones, owners), extra) if p)
    row = t.CircleSession(
        circle_id=circle_id,
        scheduled_at=scheduled_at,
        agenda=planned,
        notes="",
        notes_version=1,
        created_by=me,
        created_at=now,
    )
    session.add(row)
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=row.id, now=now
    )


def _session(session: Session, circle_id: int, session_id: int) -> t.CircleSession:
    row = session.get(t.CircleSession, session_id)
    if row is None or row.circle_id != circle_id:
        raise SessionNotFound(f"circle {circle_id} has no session {session_id}")
    return row


def _before(session: Session, made_in: int, row: t.CircleSession) -> bool:
    made = session.get(t.CircleSession, made_in)
    return made is not None and (made.scheduled_at, made.id) < (row.scheduled_at, row.id)


def view_session(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    session_id: int,
    now: datetime | None = None,
) -> CircleSessionView:
    """A session for a member: the shared notes, and the viewer's own reflection."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    row = _session(session, circle_id, session_id)
    # The one place a circle reflection is read: its author's alone.
    mine = next(
        (
            r.body
            for r in session.scalars(
                select(t.CircleReflection).where(t.CircleReflection.session_id == session_id)
            )
            if may_read_reflection(viewer=viewer, author_id=r.author_id)
        ),
        "",
    )
    rows = circle_commitments(session, circle_id)
    to_review = [
        c
        for c in rows
        if c.review is None and c.session_id != session_id and _before(session, c.session_id, row)
    ]
    refs = people(session, [*member_ids(session, circle_id), row.notes_updated_by])
    live = circle.state in IN_CYCLE
    return CircleSessionView(
        id=row.id,
        circle=summaries(session, [circle], me, now)[0],
        scheduled_at=row.scheduled_at,
        agenda=row.agenda,
        notes=row.notes,
        notes_version=row.notes_version,
        notes_updated_by=refs.get(row.notes_updated_by) if row.notes_updated_by else None,
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
        may_edit=live,
        may_complete=live and row.completed_at is None,
    )


def save_notes(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    session_id: int,
    notes: str,
    version: int,
    now: datetime | None = None,
) -> CircleSessionView:
    """Any member saves the shared notes. `version` is the one they started from: if
    another member saved since, Conflict and nothing is overwritten."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "notes to edit")
    row = _session(session, circle_id, session_id)
    if len(notes) > MAX_NOTES:
        raise InvalidInput("notes", f"must be at most {MAX_NOTES:,} characters")
    changed = session.execute(
        update(t.CircleSession)
        .where(t.CircleSession.id == session_id, t.CircleSession.notes_version == version)
        .values(
            notes=notes,
            notes_version=t.CircleSession.notes_version + 1,
            notes_updated_by=me,
            notes_updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if getattr(changed, "rowcount", 0) != 1:
        who = people(session, [row.notes_updated_by]).get(row.notes_updated_by or 0)
        raise notes_conflict(who, row.notes_version)
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, now=now
    )


def save_reflection(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    session_id: int,
    body: str,
    now: datetime | None = None,
) -> CircleSessionView:
    """The viewer's private reflection on a session: nobody else ever reads it, and
    writing one does not show as being active."""
    me = signed_in(viewer)
    now = now_or(now)
    member_of(session, viewer, circle_id)
    _session(session, circle_id, session_id)
    keep_reflection(
        session, t.CircleReflection, session_id=session_id, author_id=me, body=body, now=now
    )
    return view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, now=now
    )


def review_commitment(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    session_id: int,
    commitment_id: int,
    review: str,
    note: str = "",
    now: datetime | None = None,
) -> CircleSessionView:
    """At a later session, say how a member's commitment went: done, partly or dropped,
    with a line of reflection."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "reviews")
    row = _session(session, circle_id, session_id)
    note = check_review(review, note)
    commitment = session.get(t.CircleCommitment, commitment_id)
    if commitment is None or commitment.circle_id != circle_id:
        raise InvalidInput("commitment_id", f"no commitment {commitment_id} in this circle")
    if commitment.session_id == session_id or not _before(session, commitment.session_id, row):
        raise InvalidInput("commitment_id", "a commitment is reviewed at a later session")
    not_reviewed(commitment)
    commitment.review, commitment.review_note = review, note
    commitment.reviewed_in, commitment.reviewed_by, commitment.reviewed_at = session_id, me, now
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, now=now
    )


def complete_session(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    session_id: int,
    commitments_made: Sequence[CommitmentIn],
    now: datetime | None = None,
) -> CircleSessionView:
    """A session ends with commitments to action, each owned by a member: what, and
    optionally by when. The whole circle sees them."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    in_cycle(circle, "sessions to complete")
    row = _session(session, circle_id, session_id)
    if row.completed_at is not None:
        raise Conflict("this session is completed already")
    check_commitments(
        commitments_made,
        owners=set(member_ids(session, circle_id)),
        not_owner="must be a member of the circle",
        session_day=row.scheduled_at.date(),
    )
    session.add_all(
        t.CircleCommitment(
            circle_id=circle_id,
            session_id=session_id,
            owner_id=c.owner_id,
            what=c.what.strip(),
            due_on=c.due_on,
            review_note="",
            nudges=0,
        )
        for c in commitments_made
    )
    row.completed_at = now
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_session(
        session=session, viewer=viewer, circle_id=circle_id, session_id=session_id, now=now
    )


def nudge(
    *,
    session: Session,
    viewer: Viewer,
    circle_id: int,
    commitment_id: int,
    now: datetime | None = None,
) -> CircleView:
    """A member reminds another of an open commitment: the owner is notified (their own
    channels, quiet hours). Once per commitment per member per day; Conflict beyond."""
    me = signed_in(viewer)
    now = now_or(now)
    circle = member_of(session, viewer, circle_id)
    if circle.state != "active":
        raise Conflict("nudges are for an active circle")
    commitment = session.get(t.CircleCommitment, commitment_id)
    if commitment is None or commitment.circle_id != circle_id:
        raise InvalidInput("commitment_id", f"no commitment {commitment_id} in this circle")
    if commitment.owner_id == me:
        raise InvalidInput("commitment_id", "this commitment is yours: nobody to nudge")
    if commitment.review is not None:
        raise Conflict("this commitment was reviewed already: nothing to nudge about")
    names = people(session, [me, commitment.owner_id])
    due = f" (by {commitment.due_on:%d %b})" if commitment.due_on else ""
    sent = notify(
        session,
        person_id=commitment.owner_id,
        topic=Topic.COMMITMENT_DUE,
        subject=f"{names[me].name} nudges you: {short(commitment.what)}",
        body=f"{names[me].name} from {circle.name} is cheering you on with what you committed "
        f"to{due}:\n\n“{commitment.what}”\n\nThe circle reviews it at its next session.",
        link=f"/circles/{circle_id}",
        dedupe_key=nudge_key(commitment_id, me, now.date()),
        now=now,
    )
    if sent is None:
        raise Conflict(
            f"you nudged {names[commitment.owner_id].name} about this today already; "
            "once a day is enough"
        )
    commitment.nudges += 1
    mark_active(session, circle_id, me, now)
    session.flush()
    return view_circle(session=session, viewer=viewer, circle_id=circle_id, now=now)
