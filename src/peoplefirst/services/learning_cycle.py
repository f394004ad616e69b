"""What a learning cycle checks, keeps and shows the same way for a pair (relationship)
and for a peer circle: commitments to action, reviews, check-ins, private reflections,
the sessions' history and the ending."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy.orm import Session

from peoplefirst.domain.errors import Conflict, InvalidInput
from peoplefirst.domain.relationships import (
    CHOSEN_END_REASONS,
    FEEDBACK_WINDOW,
    CheckInView,
    EndingView,
    EndReason,
    Review,
    SessionSummary,
)
from peoplefirst.domain.views import PersonRef
from peoplefirst.storage import tables as t

MAX_NOTES = 20_000
MAX_COMMITMENTS = 10
MAX_REFLECTION = 5000
MAX_LINE = 500


def text_field(value: str, field: str, limit: int, *, required: str = "") -> str:
    """`value` stripped; InvalidInput naming `field` when too long, or empty but required."""
    value = value.strip()
    if required and not value:
        raise InvalidInput(field, required)
    if len(value) > limit:
        raise InvalidInput(field, f"must be at most {limit:,} characters")
    return value


@dataclass(frozen=True, slots=True)
class CommitmentIn:
    """A commitment to action: who does what, by when."""

    owner_id: int
    what: str
    due_on: date | None = None


def check_commitments(
    made: Sequence[CommitmentIn], *, owners: Collection[int], not_owner: str, session_day: date
) -> None:
    """InvalidInput naming the row and field of the first wrong commitment: an owner not
    among `owners` (`not_owner` says who may be), no "what", a date before the session."""
    if not made:
        raise InvalidInput("commitments", "record at least one commitment to action")
    if len(made) > MAX_COMMITMENTS:
        raise InvalidInput("commitments", f"at most {MAX_COMMITMENTS} at a time")
    for i, c in enumerate(made):
        if c.owner_id not in owners:
            raise InvalidInput(f"commitments.{i}.owner_id", not_owner)
        text_field(c.what, f"commitments.{i}.what", MAX_LINE, required="say what will be done")
        if c.due_on is not None and c.due_on < session_day:
            raise InvalidInput(f"commitments.{i}.due_on", "must not be before the session")


def check_review(review: str, note: str) -> str:
    """The review's line, once `review` is done, partly or dropped."""
    if review not in set(Review):
        raise InvalidInput("review", f"must be done, partly or dropped, got '{review}'")
    return text_field(note, "note", MAX_LINE)


def not_reviewed(commitment: t.RelationshipCommitment | t.CircleCommitment) -> None:
    """Conflict when the commitment was reviewed already (by someone else, meanwhile)."""
    if commitment.review is not None:
        raise Conflict(f"this commitment was reviewed already ({Review(commitment.review).label})")


def check_check_in(how_it_goes: int, note: str) -> str:
    """The check-in's line, once `how_it_goes` is 1 to 5."""
    if not 1 <= how_it_goes <= 5:
        raise InvalidInput("how_it_goes", f"must be between 1 and 5, got {how_it_goes}")
    return text_field(note, "note", MAX_LINE)


def check_ending(reason: str, note: str, reflection: str) -> tuple[EndReason, str, str]:
    """A reason chosen from the list (a line required for "another reason") and a closing
    reflection, checked."""
    if reason not in set(CHOSEN_END_REASONS):
        raise InvalidInput(
            "reason", f"must be one of {', '.join(CHOSEN_END_REASONS)}, got '{reason}'"
        )
    why = EndReason(reason)
    required = "say in a line why it ends" if why is EndReason.OTHER else ""
    return (
        why,
        text_field(note, "note", MAX_LINE, required=required),
        text_field(reflection, "reflection", MAX_REFLECTION),
    )


def notes_conflict(who: PersonRef | None, version: int) -> Conflict:
    """Shared notes saved by someone else since the editor opened them."""
    return Conflict(
        f"the notes were changed since you opened them{' by ' + who.name if who else ''}"
        f" (now version {version}); your text was not saved: copy it, reload and add it again"
    )


def ending_view(row: t.Relationship | t.Circle, refs: Mapping[int, PersonRef]) -> EndingView | None:
    """How a relationship or a circle ended, once it has."""
    if row.state != "ended" or row.ended_at is None:
        return None
    reason = EndReason(row.end_reason or EndReason.OTHER.value)
    return EndingView(
        ended_by=refs.get(row.ended_by) if row.ended_by is not None else None,
        reason=reason.value,
        reason_label=reason.label,
        note=row.end_note,
        reflection=row.closing_reflection,
        ended_at=row.ended_at,
        feedback_until=row.ended_at + FEEDBACK_WINDOW,
    )


def check_in_view(
    rows: Sequence[t.RelationshipCheckIn] | Sequence[t.CircleCheckIn],
    refs: Mapping[int, PersonRef],
) -> CheckInView | None:
    """The newest of `rows` (newest first), as shown."""
    if not rows:
        return None
    c = rows[0]
    return CheckInView(refs[c.author_id], c.how_it_goes, c.meeting_as_agreed, c.note, c.created_at)


def session_summaries(
    rows: Sequence[t.RelationshipSession] | Sequence[t.CircleSession],
    made_in: Sequence[t.RelationshipCommitment] | Sequence[t.CircleCommitment],
) -> list[SessionSummary]:
    """Each session with how many commitments were made and reviewed at it."""
    made: dict[int, int] = {}
    reviewed: dict[int, int] = {}
    for c in made_in:
        made[c.session_id] = made.get(c.session_id, 0) + 1
        if c.reviewed_in is not None:
            reviewed[c.reviewed_in] = reviewed.get(c.reviewed_in, 0) + 1
    return [
        SessionSummary(
            s.id, s.scheduled_at, s.completed_at, made.get(s.id, 0), reviewed.get(s.id, 0)
        )
        for s in rows
    ]


def keep_reflection(
    session: Session,
    kept: type[t.SessionReflection] | type[t.CircleReflection],
    *,
    session_id: int,
    author_id: int,
    body: str,
    now: datetime,
) -> None:
    """Store the author's private reflection on a session, replacing their earlier one."""
    if len(body) > MAX_NOTES:
        raise InvalidInput("body", f"must be at most {MAX_NOTES:,} characters")
    found = session.get(kept, (session_id, author_id))
    if found is None:
        session.add(kept(session_id=session_id, author_id=author_id, body=body, updated_at=now))
    else:
        row = cast("t.SessionReflection | t.CircleReflection", found)
        row.body, row.updated_at = body, now
    session.flush()
