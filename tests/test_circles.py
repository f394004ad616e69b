"""Peer circles through the services, on SQLite and PostgreSQL, over the tiny organization:
Dev (E4) runs a post-event program; Ana, Ben and Cleo (E1 to E3) attended the workshop and
become a circle. The cycle (sessions, shared notes, private reflections, commitments seen
and nudged by peers, reviews, check-ins, the ending and blind feedback), who may see
what, attendee lists with bad lines, and a published peer-circle run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.circles import feedback_revealed, first_session_time
from peoplefirst.domain.errors import Conflict, InvalidInput, NotFound, NotPermitted
from peoplefirst.domain.notifications import Topic, zone_of
from peoplefirst.domain.policy import Viewer, may_see_circle
from peoplefirst.services import circle_groups, circle_sessions, circles, program_runs
from peoplefirst.services.learning_cycle import CommitmentIn
from peoplefirst.services.programs import ProgramSettings, create_program
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from tests.tiny_org import tiny_org

Ids = dict[str, int]
THURSDAY = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
ATTENDEES = "employee_id,name\nE1,Ana Lima\nben@example.com,Ben Okafor\nE3,Cleo Martin\n"


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        return tiny_org(session)


@pytest.fixture
def session(engine: Engine, org: Ids) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def program(session: Session, org: Ids, kind: str = "post_event_groups", size: int = 3) -> int:
    return create_program(
        session=session,
        viewer=Viewer(org["E4"]),
        settings=ProgramSettings(
            name=f"After the {kind} workshop",
            kind=kind,
            group_min_size=size,
            group_max_size=size,
        ),
        now=THURSDAY,
    )


def workshop_circle(session: Session, org: Ids) -> int:
    formed = circle_groups.groups_from_attendees(
        session=session,
        viewer=Viewer(org["E4"]),
        program_id=program(session, org),
        attendees=ATTENDEES,
        event_on=THURSDAY.date(),
        now=THURSDAY,
    )
    assert len(formed.circles) == 1
    return formed.circles[0].id


@pytest.mark.parametrize(
    ("after", "zone", "expected"),
    [
        (date(2026, 11, 26), "UTC", datetime(2026, 12, 3, 10, 0, tzinfo=UTC)),  # a Thursday
        (date(2026, 11, 28), "UTC", datetime(2026, 12, 7, 10, 0, tzinfo=UTC)),  # Saturday → Mon
        (date(2026, 11, 26), "Europe/Lisbon", datetime(2026, 12, 3, 10, 0, tzinfo=UTC)),
        (date(2026, 11, 26), "Asia/Kolkata", datetime(2026, 12, 3, 4, 30, tzinfo=UTC)),
    ],
)
def test_the_first_session_is_a_week_on_in_working_hours(
    after: date, zone: str, expected: datetime
) -> None:
    assert first_session_time(after, zone_of(zone)) == expected


@pytest.mark.parametrize(
    ("answered", "days_after", "revealed"),
    [(1, 1, False), (2, 1, False), (3, 1, True), (1, 14, True), (0, 13, False)],
)
def test_circle_feedback_is_blind_until_everyone_answered(
    answered: int, days_after: int, revealed: bool
) -> None:
    now = THURSDAY + timedelta(days=days_after)
    assert feedback_revealed(THURSDAY, answered, 3, now) is revealed


@pytest.mark.parametrize(("viewer", "sees"), [(1, True), (2, True), (9, False), (None, False)])
def test_only_members_see_a_circle(viewer: int | None, sees: bool) -> None:
    assert may_see_circle(viewer=Viewer(viewer), members=[1, 2, 3]) is sees


def test_an_attendee_list_forms_circles_each_with_a_first_session(
    session: Session, org: Ids
) -> None:
    circle_id = workshop_circle(session, org)
    circle = session.get(t.Circle, circle_id)
    assert circle is not None and circle.state == "active" and circle.position == 1
    assert set(circles.member_ids(session, circle_id)) == {org["E1"], org["E2"], org["E3"]}
    first = session.scalars(
        select(t.CircleSession).where(t.CircleSession.circle_id == circle_id)
    ).one()
    # A week after the event, 10:00 in the admin's time zone (Dev is in Bengaluru's).
    dev = session.get(t.Person, org["E4"])
    assert dev is not None
    local = first.scheduled_at.astimezone(zone_of(dev.time_zone))
    assert (local.date(), local.hour, local.minute) == (date(2026, 12, 3), 10, 0)
    enrolled = session.scalar(select(func.count()).select_from(t.ProgramEnrollment))
    assert enrolled == 3
    # Each member hears of their group; the page lists the circle as theirs.
    page = circles.list_circles(session=session, viewer=Viewer(org["E2"]), now=THURSDAY)
    assert [c.id for c in page.active] == [circle_id]
    assert page.active[0].next_session_at == first.scheduled_at
    told = session.scalar(select(func.count()).where(t.Notification.person_id == org["E2"]))
    assert told == 1


def test_a_given_first_session_time_is_kept(session: Session, org: Ids) -> None:
    when = datetime(2026, 12, 10, 14, 30, tzinfo=UTC)
    formed = circle_groups.groups_from_attendees(
        session=session,
        viewer=Viewer(org["E4"]),
        program_id=program(session, org),
        attendees="E1\nE2\nE3",
        first_session_at=when,
        now=THURSDAY,
    )
    assert formed.circles[0].next_session_at == when


@pytest.mark.parametrize(
    ("attendees", "field", "says"),
    [
        ("E1\nnobody\n\nE3\nx@nowhere.example", "attendees", "line 2"),
        ("E1\nnobody\n\nE3\nx@nowhere.example", "attendees", "line 5"),
        ("email\nana@example.com\n,Ben\n", "attendees", "line 3: no employee id or email"),
        ("", "attendees", "at least one"),
        ("E1\nE2", "attendees", "needs at least 3"),
    ],
)
def test_a_bad_attendee_list_names_its_lines_and_stores_nothing(
    session: Session, org: Ids, attendees: str, field: str, says: str
) -> None:
    pid = program(session, org)
    with pytest.raises(InvalidInput) as refused:
        circle_groups.groups_from_attendees(
            session=session,
            viewer=Viewer(org["E4"]),
            program_id=pid,
            attendees=attendees,
            now=THURSDAY,
        )
    assert refused.value.field == field and says in refused.value.problem
    assert session.scalar(select(func.count()).select_from(t.ProgramEnrollment)) == 0
    assert session.scalar(select(func.count()).select_from(t.Circle)) == 0


def test_only_a_group_programs_admin_uploads_attendees(session: Session, org: Ids) -> None:
    pid = program(session, org)
    with pytest.raises(NotPermitted):
        circle_groups.groups_from_attendees(
            session=session, viewer=Viewer(org["E1"]), program_id=pid, attendees=ATTENDEES
        )
    mentoring = program(session, org, kind="mentoring")
    with pytest.raises(InvalidInput) as refused:
        circle_groups.groups_from_attendees(
            session=session, viewer=Viewer(org["E4"]), program_id=mentoring, attendees=ATTENDEES
        )
    assert refused.value.field == "program"
    past = THURSDAY - timedelta(hours=1)
    with pytest.raises(InvalidInput) as refused:
        circle_groups.groups_from_attendees(
            session=session,
            viewer=Viewer(org["E4"]),
            program_id=pid,
            attendees=ATTENDEES,
            first_session_at=past,
            now=THURSDAY,
        )
    assert refused.value.field == "first_session_at"


def test_uploading_the_same_attendees_again_forms_no_second_circle(
    session: Session, org: Ids
) -> None:
    pid = program(session, org)
    admin = Viewer(org["E4"])
    circle_groups.groups_from_attendees(
        session=session, viewer=admin, program_id=pid, attendees=ATTENDEES, now=THURSDAY
    )
    with pytest.raises(InvalidInput, match="0 attendee"):
        circle_groups.groups_from_attendees(
            session=session, viewer=admin, program_id=pid, attendees=ATTENDEES, now=THURSDAY
        )
    assert session.scalar(select(func.count()).select_from(t.Circle)) == 1


def test_members_see_each_others_commitments_and_nudge_once_a_day(
    session: Session, org: Ids
) -> None:
    cid = workshop_circle(session, org)
    ana, ben, dev = Viewer(org["E1"]), Viewer(org["E2"]), Viewer(org["E4"])
    first = circles.view_circle(session=session, viewer=ana, circle_id=cid).sessions[0]
    circle_sessions.complete_session(
        session=session,
        viewer=ana,
        circle_id=cid,
        session_id=first.id,
        commitments_made=[
            CommitmentIn(org["E1"], "Try the retro format with my team", date(2026, 12, 10)),
            CommitmentIn(org["E2"], "Write up what we learnt"),
        ],
        now=THURSDAY + timedelta(days=7),
    )
    seen = circles.view_circle(session=session, viewer=ben, circle_id=cid, now=THURSDAY)
    by_owner = {c.commitment.owner.id: c for c in seen.open_commitments}
    assert by_owner[org["E1"]].commitment.what == "Try the retro format with my team"
    assert by_owner[org["E1"]].may_nudge and not by_owner[org["E2"]].may_nudge
    anas = by_owner[org["E1"]].commitment.id

    later = THURSDAY + timedelta(days=8)
    after = circle_sessions.nudge(
        session=session, viewer=ben, circle_id=cid, commitment_id=anas, now=later
    )
    assert not next(c for c in after.open_commitments if c.commitment.id == anas).may_nudge
    told = session.scalars(
        select(t.Notification).where(
            t.Notification.person_id == org["E1"], t.Notification.topic == Topic.COMMITMENT_DUE
        )
    ).one()
    assert "Ben Okafor nudges you" in told.subject and told.link == f"/circles/{cid}"
    with pytest.raises(Conflict, match="today already"):
        circle_sessions.nudge(
            session=session, viewer=ben, circle_id=cid, commitment_id=anas, now=later
        )
    circle_sessions.nudge(
        session=session, viewer=ben, circle_id=cid, commitment_id=anas, now=later + timedelta(1)
    )
    with pytest.raises(InvalidInput, match="yours"):
        circle_sessions.nudge(
            session=session, viewer=ana, circle_id=cid, commitment_id=anas, now=later
        )
    with pytest.raises(NotPermitted):
        circle_sessions.nudge(
            session=session, viewer=dev, circle_id=cid, commitment_id=anas, now=later
        )
    assert session.get(t.CircleCommitment, anas).nudges == 2  # type: ignore[union-attr]


def test_the_cycle_notes_reflections_reviews_check_ins_and_the_ending(
    session: Session, org: Ids
) -> None:
    cid = workshop_circle(session, org)
    ana, ben, cleo, dev = (Viewer(org[e]) for e in ("E1", "E2", "E3", "E4"))
    first = circles.view_circle(session=session, viewer=ana, circle_id=cid).sessions[0]
    circle_sessions.complete_session(
        session=session,
        viewer=cleo,
        circle_id=cid,
        session_id=first.id,
        commitments_made=[CommitmentIn(org["E3"], "Run one meeting with the new format")],
        now=THURSDAY,
    )
    second = circle_sessions.schedule_session(
        session=session,
        viewer=ben,
        circle_id=cid,
        scheduled_at=THURSDAY + timedelta(days=14),
        agenda="How did the new formats go?",
        now=THURSDAY,
    )
    assert "Cleo Martin: Run one meeting with the new format" in second.agenda
    assert [c.what for c in second.to_review] == ["Run one meeting with the new format"]

    # Shared notes: a save from an older version is refused and nothing is lost.
    circle_sessions.save_notes(
        session=session, viewer=ana, circle_id=cid, session_id=second.id, notes="A", version=1
    )
    with pytest.raises(Conflict, match="Ana Lima"):
        circle_sessions.save_notes(
            session=session, viewer=ben, circle_id=cid, session_id=second.id, notes="B", version=1
        )
    # A private reflection is its author's alone.
    circle_sessions.save_reflection(
        session=session, viewer=ana, circle_id=cid, session_id=second.id, body="I talk too much"
    )
    for viewer, expected in ((ana, "I talk too much"), (ben, ""), (cleo, "")):
        seen = circle_sessions.view_session(
            session=session, viewer=viewer, circle_id=cid, session_id=second.id
        )
        assert seen.my_reflection == expected and seen.notes == "A"
    with pytest.raises(NotPermitted):
        circle_sessions.view_session(
            session=session, viewer=dev, circle_id=cid, session_id=second.id
        )
    reviewed = circle_sessions.review_commitment(
        session=session,
        viewer=ben,
        circle_id=cid,
        session_id=second.id,
        commitment_id=second.to_review[0].id,
        review="done",
        note="It went well",
    )
    assert reviewed.reviewed_here[0].review_label == "Done"
    with pytest.raises(InvalidInput) as refused:
        circle_sessions.complete_session(
            session=session,
            viewer=ben,
            circle_id=cid,
            session_id=second.id,
            commitments_made=[CommitmentIn(org["E4"], "Not a member's")],
        )
    assert refused.value.field == "commitments.0.owner_id"

    view = circles.check_in(
        session=session, viewer=cleo, circle_id=cid, how_it_goes=4, meeting_as_agreed=True
    )
    assert view.latest_check_in is not None and view.latest_check_in.how_it_goes == 4
    agreed = circles.set_agreement(
        session=session,
        viewer=ben,
        circle_id=cid,
        version=1,
        purpose="Better team meetings",
        cadence_weeks=3,
        confidentiality="Stays here",
        end_date=None,
    )
    assert agreed.agreement.version == 2 and agreed.agreement.purpose == "Better team meetings"
    with pytest.raises(Conflict, match="version 2"):
        circles.set_agreement(
            session=session,
            viewer=cleo,
            circle_id=cid,
            version=1,
            purpose="Other",
            cadence_weeks=2,
            confidentiality="",
            end_date=None,
        )

    ended_at = THURSDAY + timedelta(days=30)
    circles.end_circle(
        session=session,
        viewer=ana,
        circle_id=cid,
        reason="goals_reached",
        reflection="We run better meetings now",
        now=ended_at,
    )
    with pytest.raises(Conflict):
        circle_sessions.schedule_session(
            session=session, viewer=ana, circle_id=cid, scheduled_at=ended_at, now=ended_at
        )
    for who, rating in ((ana, 5), (ben, 4)):
        seen = circles.give_feedback(
            session=session, viewer=who, circle_id=cid, rating=rating, now=ended_at
        )
        assert not seen.feedback_revealed and seen.feedback == []
    seen = circles.give_feedback(
        session=session, viewer=cleo, circle_id=cid, rating=3, now=ended_at
    )
    assert seen.feedback_revealed and sorted(f.rating for f in seen.feedback) == [3, 4, 5]
    with pytest.raises(Conflict):
        circles.give_feedback(session=session, viewer=cleo, circle_id=cid, rating=3, now=ended_at)


def test_a_missing_circle_is_not_found(session: Session, org: Ids) -> None:
    with pytest.raises(NotFound):
        circles.view_circle(session=session, viewer=Viewer(org["E1"]), circle_id=999)


def test_publishing_a_peer_circle_run_starts_its_circles(session: Session, org: Ids) -> None:
    pid = program(session, org, kind="peer_circles", size=2)
    for who in ("E1", "E2", "E3", "E4"):
        session.add(
            t.ProgramEnrollment(
                program_id=pid,
                person_id=org[who],
                side="learner",
                capacity=0,
                stage="",
                enrolled_at=THURSDAY,
            )
        )
    session.flush()
    admin = Viewer(org["E4"])
    run = program_runs.run_match(session=session, viewer=admin, program_id=pid, now=THURSDAY)
    report = program_runs.publish_run(session=session, viewer=admin, run_id=run.id, now=THURSDAY)
    assert report.groups == 2
    formed = list(session.scalars(select(t.Circle).where(t.Circle.program_id == pid)))
    assert sorted(c.position or 0 for c in formed) == [1, 2]
    members = session.scalars(select(t.CircleMember.person_id)).all()
    assert sorted(members) == sorted(org[e] for e in ("E1", "E2", "E3", "E4"))
    planned = session.scalars(select(t.CircleSession.scheduled_at)).all()
    assert len(planned) == 2 and all(p > THURSDAY for p in planned)
    # Each member is told, with a link to their circle (not the program).
    circle_of = {m.person_id: m.circle_id for m in session.scalars(select(t.CircleMember))}
    for who in ("E1", "E2", "E3", "E4"):
        links = session.scalars(
            select(t.Notification.link).where(
                t.Notification.person_id == org[who], t.Notification.subject.contains("group")
            )
        ).all()
        assert links == [f"/circles/{circle_of[org[who]]}"], who


def test_the_sample_organization_seeds_circles_in_different_states(
    sample_session: Session,
) -> None:
    states = dict(
        sample_session.execute(select(t.Circle.state, func.count()).group_by(t.Circle.state)).all()
    )
    assert states == {"active": 1, "paused": 1, "ended": 1}
    admin = sample_session.scalar(select(t.ProgramAdmin.person_id).limit(1))
    assert admin is not None
    mine = circles.list_circles(session=sample_session, viewer=Viewer(admin))
    assert mine.active
    view = circles.view_circle(
        session=sample_session, viewer=Viewer(admin), circle_id=mine.active[0].id
    )
    assert view.open_commitments and view.reviewed_commitments and view.latest_check_in
    assert any(c.nudges for c in view.open_commitments)
    assert any(s.completed_at is None for s in view.sessions)  # the next one is planned
    # The summit's other attendees are left for the admin to group in the demo.
    summit = sample_session.scalar(select(t.Program.id).where(t.Program.name.like("%Summit")))
    grouped = sample_session.scalar(
        select(func.count()).where(t.ProgramGroupMember.program_id == summit)
    )
    enrolled = sample_session.scalar(
        select(func.count()).where(t.ProgramEnrollment.program_id == summit)
    )
    assert grouped is not None and enrolled is not None and grouped < enrolled
