"""One capacity budget per guide, drawn on by every channel, on real databases."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import CapacityExhausted, InvalidInput, PersonNotFound
from peoplefirst.domain.vocabulary import CapacityChannel
from peoplefirst.services.capacity import draw_capacity, release_capacity, set_budget
from peoplefirst.services.hr_import import import_people
from peoplefirst.storage.people import capacity_view

PEOPLE = "employee_id,name,email\nE1,Katie Data,katie@example.com\nE2,Sam New,sam@example.com\n"


@pytest.fixture
def katie(session: Session) -> int:
    import_people(session=session, text=PEOPLE, file_format="csv")
    from peoplefirst.storage.people import person_by_employee_id

    person_id = person_by_employee_id(session, "E1").id
    set_budget(session=session, person_id=person_id, hours_per_month=6, people_at_once=3)
    return person_id


def test_channels_that_cannot_see_each_other_share_one_budget(session: Session, katie: int) -> None:
    draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.MENTORING, hours_per_month=2
    )
    draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.ROUTED_QUESTION, hours_per_month=1
    )
    draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.PEER_INTRO, hours_per_month=2
    )
    with pytest.raises(CapacityExhausted, match="can take 0 more of 3 people"):
        draw_capacity(
            session=session, person_id=katie, channel=CapacityChannel.COACHING, hours_per_month=0.5
        )
    view = capacity_view(session, katie)
    assert view is not None
    assert (view.hours_committed, view.people_committed, view.hours_free) == (5.0, 3, 1.0)


def test_released_capacity_can_be_drawn_again(session: Session, katie: int) -> None:
    first = draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.MENTORING, hours_per_month=6
    )
    with pytest.raises(CapacityExhausted, match="0 of 6 hours"):
        draw_capacity(
            session=session, person_id=katie, channel=CapacityChannel.COACHING, hours_per_month=1
        )
    release_capacity(session=session, commitment_id=first)
    draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.COACHING, hours_per_month=1
    )


def test_someone_without_a_budget_cannot_be_drawn_on(session: Session, katie: int) -> None:
    from peoplefirst.storage.people import person_by_employee_id

    sam = person_by_employee_id(session, "E2").id
    with pytest.raises(CapacityExhausted, match="has not offered"):
        draw_capacity(
            session=session, person_id=sam, channel=CapacityChannel.MENTORING, hours_per_month=1
        )


@pytest.mark.parametrize(
    ("hours", "people", "field"),
    [(-1.0, 1, "hours_per_month"), (1.0, -2, "people_at_once")],
)
def test_a_budget_cannot_be_negative(
    session: Session, katie: int, hours: float, people: int, field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        set_budget(session=session, person_id=katie, hours_per_month=hours, people_at_once=people)
    assert error.value.field == field


def test_unknown_person(session: Session) -> None:
    with pytest.raises(PersonNotFound):
        set_budget(session=session, person_id=12345, hours_per_month=1, people_at_once=1)


def test_drawing_many_at_once_checks_each_against_what_is_left(
    session: Session, katie: int
) -> None:
    from peoplefirst.services.capacity import DrawRequest, draw_many
    from peoplefirst.storage.people import person_by_employee_id

    sam = person_by_employee_id(session, "E2").id  # no budget
    draw_capacity(
        session=session, person_id=katie, channel=CapacityChannel.COACHING, hours_per_month=1
    )
    program = CapacityChannel.PROGRAM
    outcomes = draw_many(
        session=session,
        draws=[
            DrawRequest(katie, program, 2.0),  # fits: 3 of 6 hours, 2 of 3 people
            DrawRequest(sam, program, 1.0),  # no budget
            DrawRequest(katie, program, 4.0),  # 3 hours left
            DrawRequest(katie, program, 1.0),  # fits: the last place
            DrawRequest(katie, program, 0.0),  # no place left
        ],
    )
    kinds = [type(o).__name__ for o in outcomes]
    assert kinds == ["int", "CapacityExhausted", "CapacityExhausted", "int", "CapacityExhausted"]
    assert "has not offered any time" in str(outcomes[1])
    assert "3 of 6 hours" in str(outcomes[2])
    assert "0 more of 3 people" in str(outcomes[4])
    view = capacity_view(session, katie)
    assert view is not None and view.people_committed == 3 and view.hours_committed == 4
    release_capacity(session=session, commitment_id=outcomes[0])  # type: ignore[arg-type]
    view = capacity_view(session, katie)
    assert view is not None and view.people_committed == 2
    with pytest.raises(PersonNotFound):
        draw_many(session=session, draws=[DrawRequest(999_999, program, 1.0)])
