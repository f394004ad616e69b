"""Recognition: go-to status earned from outcomes, help given, endorsements and kudos, and
where a guide's offered time goes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import KudosNotFound, NotPermitted, SkillNotFound
from peoplefirst.domain.policy import Viewer, may_give_kudos, may_see_time_given, signed_in
from peoplefirst.domain.recognition import (
    KUDOS_SHOWN,
    GoTo,
    Recognition,
    checked_kudos_note,
    go_to_skills,
)
from peoplefirst.storage import tables as t
from peoplefirst.storage.people import get_person, person_ref
from peoplefirst.storage.recognition import (
    endorsement_counts,
    help_totals,
    kudos_for,
    outcomes_of,
    sessions_held,
    skills_by_key,
    time_given,
)


def go_to_of(
    *, session: Session, people: Collection[int], now: datetime | None = None
) -> dict[int, list[GoTo]]:
    """The skills each of these people is a go-to for (for badges in lists)."""
    outcomes = outcomes_of(session, people, now or datetime.now(UTC))
    skills = skills_by_key(session, {o.skill_key for found in outcomes.values() for o in found})
    return {person: go_to_skills(found, skills) for person, found in outcomes.items()}


def recognition_of(
    *, session: Session, viewer: Viewer, person_id: int, now: datetime | None = None
) -> Recognition:
    """What a person's help has earned, as `viewer` may see it."""
    now = now or datetime.now(UTC)
    person = get_person(session, person_id)
    helped, hours, ratings, mean = help_totals(session, person_id, now)
    endorsements, endorsers = endorsement_counts(session, person_id)
    kudos, kudos_total = kudos_for(session, person_id, KUDOS_SHOWN)
    shown = may_see_time_given(viewer=viewer, person_id=person_id, manager_id=person.manager_id)
    mine = viewer.person_id is not None and any(k.giver.id == viewer.person_id for k in kudos)
    return Recognition(
        person=person_ref(person),
        go_to=go_to_of(session=session, people=[person_id], now=now)[person_id],
        people_helped=helped,
        hours_given=round(hours, 1),
        sessions_held=sessions_held(session, person_id),
        ratings=ratings,
        mean_rating=round(mean, 2) if mean is not None else None,
        endorsements=endorsements,
        endorsers=endorsers,
        kudos=kudos,
        kudos_total=kudos_total,
        time_given=time_given(session, person_id) if shown else None,
        i_gave_kudos=mine,
    )


def give_kudos(
    *,
    session: Session,
    viewer: Viewer,
    person_id: int,
    note: str,
    skill_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Thank a colleague, for a skill or for help in general; returns the kudos' id."""
    giver = signed_in(viewer)
    get_person(session, person_id)
    if not may_give_kudos(viewer=viewer, person_id=person_id):
        raise NotPermitted("you cannot give yourself kudos")
    note = checked_kudos_note(note)
    if skill_id is not None and session.get(t.Skill, skill_id) is None:
        raise SkillNotFound(f"no skill has id {skill_id}")
    kudos = t.Kudos(
        giver_id=giver,
        receiver_id=person_id,
        skill_id=skill_id,
        note=note,
        given_at=now or datetime.now(UTC),
    )
    session.add(kudos)
    session.flush()
    return kudos.id


def withdraw_kudos(*, session: Session, viewer: Viewer, kudos_id: int) -> None:
    """Take back kudos you gave."""
    me = signed_in(viewer)
    kudos = session.get(t.Kudos, kudos_id)
    if kudos is None:
        raise KudosNotFound(f"no kudos has id {kudos_id}")
    if kudos.giver_id != me:
        raise NotPermitted("only the person who gave kudos can take them back")
    session.delete(kudos)
    session.flush()


def kudos_receiver(*, session: Session, kudos_id: int) -> int:
    """Who received these kudos; KudosNotFound when there are none by that id."""
    kudos = session.get(t.Kudos, kudos_id)
    if kudos is None:
        raise KudosNotFound(f"no kudos has id {kudos_id}")
    return kudos.receiver_id


def kudos_given_by(*, session: Session, viewer: Viewer, person_id: int) -> list[int]:
    """Ids of the kudos `viewer` gave this person (to offer taking them back)."""
    if viewer.person_id is None:
        return []
    return list(
        session.scalars(
            select(t.Kudos.id).where(
                t.Kudos.giver_id == viewer.person_id, t.Kudos.receiver_id == person_id
            )
        )
    )
