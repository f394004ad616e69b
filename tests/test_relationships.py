"""Relationships through the services: how one starts (request, invitation, program match),
the agreement and its versions, sessions with commitments reviewed at the next, check-ins,
the ending with blind feedback that counts for the guide, re-matching, misconduct reports
and who may see what. On SQLite and PostgreSQL, over the tiny organization: Cleo (E3)
learns PostgreSQL from Ana (E1); Ben (E2) and Dev (E4) are outsiders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    Conflict,
    InvalidInput,
    NotPermitted,
    NotSignedIn,
    PersonNotFound,
    RelationshipNotFound,
    SessionNotFound,
)
from peoplefirst.domain.policy import Viewer, may_read_reflection, may_see_relationship
from peoplefirst.domain.relationships import (
    Action,
    EndReason,
    Lapse,
    NotAllowedNow,
    RelationshipState,
    check_in_due,
    feedback_revealed,
    lapse_stage,
    transition,
)
from peoplefirst.domain.requests import RequestStatus
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services import relationship_sessions as sessions
from peoplefirst.services import relationships, requests
from peoplefirst.services.experts import build_index, find_experts
from peoplefirst.services.reminders import LAPSE_GRACE, send_reminders
from peoplefirst.services.waiting import waiting_for
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.experts import last_active
from peoplefirst.storage.people import capacity_view
from tests.tiny_org import tiny_org

Ids = dict[str, int]
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def add_goal(session: Session, person: int, skill: int | None, text: str = "") -> int:
    goal = t.LearningGoal(
        person_id=person, skill_id=skill, text=text, target_level=4, status="open"
    )
    session.add(goal)
    session.flush()
    return goal.id


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        ids = tiny_org(session)
        ids["goal:postgresql"] = add_goal(session, ids["E3"], ids["skill:postgresql"])
        ids["goal:negotiation"] = add_goal(session, ids["E3"], ids["skill:negotiation"])
        return ids


@pytest.fixture
def session(engine: Engine, org: Ids) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def from_request(session: Session, org: Ids, kind: str = "working_session") -> int:
    """Cleo asks Ana about her Postgres replicas; Ana accepts. Returns the relationship."""
    asked = requests.ask_for_help(
        session=session,
        viewer=Viewer(org["E3"]),
        index=build_index(session=session),
        need="our postgres replicas keep lagging",
        kind=kind,
        guide_ids=[org["E1"]],
        now=MONDAY,
    )
    requests.accept_request(
        session=session, viewer=Viewer(org["E1"]), request_id=asked.request.id, now=MONDAY
    )
    found = session.scalar(
        select(t.Relationship.id).where(t.Relationship.request_id == asked.request.id)
    )
    assert found is not None
    return found


def cycle(session: Session, org: Ids, rid: int) -> tuple[int, int]:
    """A first session completed with two commitments, then a second session planned."""
    cleo, ana = Viewer(org["E3"]), Viewer(org["E1"])
    first = sessions.schedule_session(
        session=session,
        viewer=cleo,
        relationship_id=rid,
        scheduled_at=MONDAY + timedelta(days=1),
        now=MONDAY,
    )
    sessions.complete_session(
        session=session,
        viewer=ana,
        relationship_id=rid,
        session_id=first.id,
        commitments_made=[
            sessions.CommitmentIn(org["E3"], "Find the longest transactions", date(2026, 12, 1)),
            sessions.CommitmentIn(org["E1"], "Send the replication checklist"),
        ],
        now=MONDAY + timedelta(days=1),
    )
    second = sessions.schedule_session(
        session=session,
        viewer=ana,
        relationship_id=rid,
        scheduled_at=MONDAY + timedelta(days=15),
        now=MONDAY + timedelta(days=2),
    )
    return first.id, second.id


# -- the rules, as tables ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        ("invited", "accept", "active"),
        ("invited", "decline", "declined"),
        ("active", "pause", "paused"),
        ("paused", "resume", "active"),
        ("active", "end", "ended"),
        ("paused", "end", "ended"),
        ("active", "accept", None),
        ("ended", "resume", None),
        ("declined", "accept", None),
        ("invited", "end", None),
    ],
)
def test_states(state: str, action: str, after: str | None) -> None:
    if after is None:
        with pytest.raises(NotAllowedNow):
            transition(RelationshipState(state), Action(action))
    else:
        assert transition(RelationshipState(state), Action(action)) is RelationshipState(after)


@pytest.mark.parametrize(
    ("viewer", "learner", "guide", "author", "sees_relationship", "reads_reflection"),
    [
        (1, 1, 2, 1, True, True),  # the learner, their own reflection
        (2, 1, 2, 1, True, False),  # the guide, the learner's reflection
        (3, 1, 2, 1, False, False),  # anyone else (an admin, a manager)
        (None, 1, 2, 1, False, False),  # nobody signed in
    ],
)
def test_policy(
    viewer: int | None,
    learner: int,
    guide: int,
    author: int,
    sees_relationship: bool,
    reads_reflection: bool,
) -> None:
    v = Viewer(viewer)
    assert may_see_relationship(viewer=v, learner_id=learner, guide_id=guide) is sees_relationship
    assert may_read_reflection(viewer=v, author_id=author) is reads_reflection


@pytest.mark.parametrize(
    ("days_after", "answered", "revealed"),
    [(1, 1, False), (1, 2, True), (13, 1, False), (14, 1, True), (20, 0, True)],
)
def test_feedback_is_blind_until_both_or_the_window(
    days_after: int, answered: int, revealed: bool
) -> None:
    assert feedback_revealed(MONDAY, answered, MONDAY + timedelta(days=days_after)) is revealed


def test_check_in_due_at_the_cadence() -> None:
    assert not check_in_due(MONDAY, None, 2, MONDAY + timedelta(days=13))
    assert check_in_due(MONDAY, None, 2, MONDAY + timedelta(days=14))
    assert not check_in_due(MONDAY, MONDAY + timedelta(days=10), 2, MONDAY + timedelta(days=14))


# -- starting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "starts"),
    [
        ("quick_question", None),
        ("working_session", "sme_help"),
        ("mentoring", "mentoring"),
        ("coaching", "coaching"),
        ("peer_partner", "peer_partnership"),
    ],
)
def test_an_accepted_request_starts_a_relationship(
    session: Session, org: Ids, kind: str, starts: str | None
) -> None:
    asked = requests.ask_for_help(
        session=session,
        viewer=Viewer(org["E3"]),
        index=build_index(session=session),
        need="our postgres replicas keep lagging",
        kind=kind,
        guide_ids=[org["E1"]],
        now=MONDAY,
    )
    requests.accept_request(
        session=session, viewer=Viewer(org["E1"]), request_id=asked.request.id, now=MONDAY
    )
    row = session.scalar(
        select(t.Relationship).where(t.Relationship.request_id == asked.request.id)
    )
    if starts is None:
        assert row is None
        return
    assert row is not None and row.kind == starts
    view = relationships.view_relationship(
        session=session, viewer=Viewer(org["E3"]), relationship_id=row.id, now=MONDAY
    )
    assert view.summary.state == "active" and view.summary.request_id == asked.request.id
    assert (view.summary.learner.id, view.summary.guide.id) == (org["E3"], org["E1"])
    # The goal the request was about, from Cleo's learning goals.
    assert [g.learning_goal_id for g in view.agreement.goals] == [org["goal:postgresql"]]
    assert view.agreement.version == 1 and view.agreement.cadence_weeks == 2
    assert view.summary.my_side == "learner" and view.summary.other.id == org["E1"]


def test_an_invitation_is_accepted_or_declined(session: Session, org: Ids) -> None:
    ben, dev = Viewer(org["E2"]), Viewer(org["E4"])
    invited = relationships.invite(
        session=session,
        viewer=ben,
        person_id=org["E4"],
        my_side="learner",
        kind="mentoring",
        message="Would you mentor me on Kubernetes?",
        now=MONDAY,
    )
    rid = invited.summary.id
    assert invited.summary.state == "invited" and not invited.may_answer
    assert (invited.summary.learner.id, invited.summary.guide.id) == (org["E2"], org["E4"])
    assert waiting_for(session=session, person_id=org["E4"]).relationships == 1
    assert waiting_for(session=session, person_id=org["E2"]).relationships == 0
    with pytest.raises(NotPermitted, match="the person you invited"):
        relationships.answer_invitation(
            session=session, viewer=ben, relationship_id=rid, accept=True
        )
    with pytest.raises(Conflict, match="already have a relationship"):
        relationships.invite(
            session=session, viewer=dev, person_id=org["E2"], my_side="guide", kind="coaching"
        )
    as_dev = relationships.view_relationship(session=session, viewer=dev, relationship_id=rid)
    assert as_dev.may_answer and as_dev.invitation is not None
    assert as_dev.invitation.message == "Would you mentor me on Kubernetes?"
    accepted = relationships.answer_invitation(
        session=session, viewer=dev, relationship_id=rid, accept=True, now=MONDAY
    )
    assert accepted.summary.state == "active" and accepted.summary.started_at == MONDAY
    assert accepted.agreement.end_date == date(2027, 5, 24)
    # Another invitation, declined with a note.
    again = relationships.invite(
        session=session, viewer=dev, person_id=org["E3"], my_side="guide", kind="coaching"
    )
    declined = relationships.answer_invitation(
        session=session,
        viewer=Viewer(org["E3"]),
        relationship_id=again.summary.id,
        accept=False,
        note="Not this quarter",
    )
    assert declined.summary.state == "declined" and not declined.may_edit
    assert declined.invitation is not None and declined.invitation.answer_note == "Not this quarter"


@pytest.mark.parametrize(
    ("args", "error", "field"),
    [
        ({"person_id": "self"}, InvalidInput, "person_id"),
        ({"my_side": "mentor"}, InvalidInput, "my_side"),
        ({"kind": "friendship"}, InvalidInput, "kind"),
        ({"message": "x" * 2001}, InvalidInput, "message"),
        ({"person_id": 99_999}, PersonNotFound, None),
    ],
)
def test_a_bad_invitation_names_the_field(
    session: Session, org: Ids, args: dict[str, object], error: type[Exception], field: str | None
) -> None:
    call: dict[str, object] = {
        "person_id": org["E4"],
        "my_side": "learner",
        "kind": "mentoring",
        "message": "",
    }
    call.update(args)
    if call["person_id"] == "self":
        call["person_id"] = org["E2"]
    with pytest.raises(error) as raised:
        relationships.invite(session=session, viewer=Viewer(org["E2"]), **call)  # type: ignore[arg-type]
    if field is not None:
        assert getattr(raised.value, "field", None) == field


def test_only_the_two_see_a_relationship(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    for outsider in ("E2", "E4"):
        with pytest.raises(NotPermitted):
            relationships.view_relationship(
                session=session, viewer=Viewer(org[outsider]), relationship_id=rid
            )
    with pytest.raises(NotSignedIn):
        relationships.view_relationship(
            session=session, viewer=Viewer.anonymous(), relationship_id=rid
        )
    with pytest.raises(RelationshipNotFound):
        relationships.view_relationship(
            session=session, viewer=Viewer(org["E3"]), relationship_id=rid + 100
        )
    assert relationships.list_relationships(session=session, viewer=Viewer(org["E2"])).active == []


# -- the agreement ----------------------------------------------------------------------


def _agreement(session: Session, org: Ids, rid: int, who: str, version: int, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "goal_ids": [org["goal:postgresql"]],
        "text_goals": [],
        "cadence_weeks": 3,
        "confidentiality": "Between us.",
        "end_date": date(2027, 3, 1),
    }
    args.update(kw)
    return relationships.set_agreement(
        session=session,
        viewer=Viewer(org[who]),
        relationship_id=rid,
        version=version,
        now=MONDAY,
        **args,  # type: ignore[arg-type]
    )


def test_the_agreement_is_versioned_and_a_stale_edit_is_refused(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    edited = _agreement(
        session,
        org,
        rid,
        "E3",
        1,
        goal_ids=[org["goal:postgresql"], org["goal:negotiation"]],
        text_goals=["Run a failover drill on my own"],
    )
    a = edited.agreement
    assert a.version == 2 and a.cadence_weeks == 3 and a.end_date == date(2027, 3, 1)
    assert [g.text for g in a.goals] == [
        "PostgreSQL",
        "Negotiation",
        "Run a failover drill on my own",
    ]
    assert a.updated_by is not None and a.updated_by.id == org["E3"]
    # Ana edits from the version she loaded before Cleo's edit: refused, nothing changed.
    with pytest.raises(Conflict, match=r"changed since you opened it.*by Cleo Martin"):
        _agreement(session, org, rid, "E1", 1, cadence_weeks=1)
    now = relationships.view_relationship(
        session=session, viewer=Viewer(org["E1"]), relationship_id=rid
    )
    assert now.agreement.version == 2 and now.agreement.cadence_weeks == 3
    # From the current version Ana may edit, and keep Cleo's own goal, but not add one.
    kept = _agreement(session, org, rid, "E1", 2, text_goals=["Run a failover drill on my own"])
    assert kept.agreement.version == 3 and kept.agreement.goals[-1].learning_goal_id is None
    with pytest.raises(InvalidInput, match="only the learner") as raised:
        _agreement(session, org, rid, "E1", 3, text_goals=["Read the manual"])
    assert raised.value.field == "text_goals"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cadence_weeks": 0}, "cadence_weeks"),
        ({"cadence_weeks": 27}, "cadence_weeks"),
        ({"end_date": date(2026, 11, 1)}, "end_date"),
        ({"goal_ids": [10**6]}, "goal_ids"),
        ({"confidentiality": "x" * 501}, "confidentiality"),
        ({"text_goals": ["x" * 301]}, "text_goals"),
    ],
)
def test_a_bad_agreement_names_the_field(
    session: Session, org: Ids, change: dict[str, object], field: str
) -> None:
    rid = from_request(session, org)
    with pytest.raises(InvalidInput) as raised:
        _agreement(session, org, rid, "E3", 1, **change)
    assert raised.value.field == field


def test_two_sessions_editing_at_once_one_wins(engine: Engine, org: Ids) -> None:
    """Two people load version 1 and save in separate transactions: the second is told."""
    factory = make_session_factory(engine)
    with unit_of_work(factory) as s:
        rid = from_request(s, org)
    with unit_of_work(factory) as s:
        first = cycle(s, org, rid)[0]
    with unit_of_work(factory) as s:
        _agreement(s, org, rid, "E3", 1)
        sessions.save_notes(
            session=s,
            viewer=Viewer(org["E3"]),
            relationship_id=rid,
            session_id=first,
            notes="Cleo's notes",
            version=1,
        )
    with unit_of_work(factory) as s:
        with pytest.raises(Conflict):
            _agreement(s, org, rid, "E1", 1)
        with pytest.raises(Conflict, match="by Cleo Martin"):
            sessions.save_notes(
                session=s,
                viewer=Viewer(org["E1"]),
                relationship_id=rid,
                session_id=first,
                notes="Ana's notes",
                version=1,
            )
    with unit_of_work(factory) as s:
        view = sessions.view_session(
            session=s, viewer=Viewer(org["E1"]), relationship_id=rid, session_id=first
        )
        assert view.notes == "Cleo's notes" and view.notes_version == 2


# -- the cycle --------------------------------------------------------------------------


def test_sessions_commitments_and_reviews(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    cleo, ana = Viewer(org["E3"]), Viewer(org["E1"])
    first, second = cycle(session, org, rid)
    done = sessions.view_session(
        session=session, viewer=cleo, relationship_id=rid, session_id=first
    )
    assert done.completed_at is not None and not done.may_complete
    assert [(c.owner.name, c.what) for c in done.commitments_made] == [
        ("Cleo Martin", "Find the longest transactions"),
        ("Ana Lima", "Send the replication checklist"),
    ]
    nxt = sessions.view_session(session=session, viewer=ana, relationship_id=rid, session_id=second)
    # The next session's agenda starts from what is open, and lists it to review.
    assert nxt.agenda.splitlines() == [
        "Review what we committed to:",
        "- Cleo Martin: Find the longest transactions (by 01 Dec)",
        "- Ana Lima: Send the replication checklist",
    ]
    assert [c.what for c in nxt.to_review] == [c.what for c in done.commitments_made]
    ids = [c.id for c in nxt.to_review]
    with pytest.raises(InvalidInput, match="later session"):
        sessions.review_commitment(
            session=session,
            viewer=cleo,
            relationship_id=rid,
            session_id=first,
            commitment_id=ids[0],
            review="done",
        )
    with pytest.raises(InvalidInput) as raised:
        sessions.review_commitment(
            session=session,
            viewer=cleo,
            relationship_id=rid,
            session_id=second,
            commitment_id=ids[0],
            review="finished",
        )
    assert raised.value.field == "review"
    sessions.review_commitment(
        session=session,
        viewer=cleo,
        relationship_id=rid,
        session_id=second,
        commitment_id=ids[0],
        review="partly",
        note="Found two; the third hides in a cron job",
        now=MONDAY + timedelta(days=15),
    )
    reviewed = sessions.review_commitment(
        session=session,
        viewer=ana,
        relationship_id=rid,
        session_id=second,
        commitment_id=ids[1],
        review="done",
        note="Sent on Tuesday",
        now=MONDAY + timedelta(days=15),
    )
    assert reviewed.to_review == []
    assert [(c.review, c.review_note) for c in reviewed.reviewed_here] == [
        ("partly", "Found two; the third hides in a cron job"),
        ("done", "Sent on Tuesday"),
    ]
    with pytest.raises(Conflict, match="reviewed already"):
        sessions.review_commitment(
            session=session,
            viewer=ana,
            relationship_id=rid,
            session_id=second,
            commitment_id=ids[1],
            review="dropped",
        )
    # Both see the whole history on the relationship.
    for who in (cleo, ana):
        view = relationships.view_relationship(session=session, viewer=who, relationship_id=rid)
        assert [x.id for x in view.sessions] == [second, first]
        assert view.sessions[1].commitments_made == 2 and view.sessions[0].commitments_reviewed == 2
        assert view.open_commitments == [] and len(view.reviewed_commitments) == 2
        assert view.summary.last_active.learner == MONDAY + timedelta(days=15)
        assert view.summary.last_active.guide == MONDAY + timedelta(days=15)


@pytest.mark.parametrize(
    ("made", "field"),
    [
        ([], "commitments"),
        ([("E2", "Spy on them", None)], "commitments.0.owner_id"),
        ([("E3", "  ", None)], "commitments.0.what"),
        ([("E3", "Read", date(2026, 1, 1))], "commitments.0.due_on"),
    ],
)
def test_a_bad_commitment_names_the_field(
    session: Session, org: Ids, made: list[tuple[str, str, date | None]], field: str
) -> None:
    rid = from_request(session, org)
    planned = sessions.schedule_session(
        session=session, viewer=Viewer(org["E3"]), relationship_id=rid, scheduled_at=MONDAY
    )
    with pytest.raises(InvalidInput) as raised:
        sessions.complete_session(
            session=session,
            viewer=Viewer(org["E3"]),
            relationship_id=rid,
            session_id=planned.id,
            commitments_made=[sessions.CommitmentIn(org[w], what, due) for w, what, due in made],
        )
    assert raised.value.field == field


def test_a_private_reflection_is_its_authors_alone(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    first, _ = cycle(session, org, rid)
    cleo, ana = Viewer(org["E3"]), Viewer(org["E1"])
    mine = sessions.save_reflection(
        session=session,
        viewer=cleo,
        relationship_id=rid,
        session_id=first,
        body="I felt out of my depth",
    )
    assert mine.my_reflection == "I felt out of my depth"
    theirs = sessions.view_session(
        session=session, viewer=ana, relationship_id=rid, session_id=first
    )
    assert theirs.my_reflection == ""
    sessions.save_reflection(
        session=session, viewer=ana, relationship_id=rid, session_id=first, body="Go slower"
    )
    again = sessions.view_session(
        session=session, viewer=cleo, relationship_id=rid, session_id=first
    )
    assert again.my_reflection == "I felt out of my depth"
    for outsider in ("E2", "E4"):
        with pytest.raises(NotPermitted):
            sessions.view_session(
                session=session, viewer=Viewer(org[outsider]), relationship_id=rid, session_id=first
            )
        with pytest.raises(NotPermitted):
            sessions.save_reflection(
                session=session,
                viewer=Viewer(org[outsider]),
                relationship_id=rid,
                session_id=first,
                body="x",
            )
    # A session id under another relationship's id is not found.
    other = relationships.invite(
        session=session, viewer=cleo, person_id=org["E2"], my_side="learner", kind="coaching"
    )
    with pytest.raises(SessionNotFound):
        sessions.view_session(
            session=session, viewer=cleo, relationship_id=other.summary.id, session_id=first
        )


def test_check_ins(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    later = MONDAY + timedelta(weeks=2)
    due = relationships.view_relationship(
        session=session, viewer=Viewer(org["E1"]), relationship_id=rid, now=later
    )
    assert due.check_in_due and "A check-in is due" in due.summary.waiting_for_me
    with pytest.raises(InvalidInput) as raised:
        sessions.check_in(
            session=session,
            viewer=Viewer(org["E1"]),
            relationship_id=rid,
            how_it_goes=6,
            meeting_as_agreed=True,
        )
    assert raised.value.field == "how_it_goes"
    done = sessions.check_in(
        session=session,
        viewer=Viewer(org["E1"]),
        relationship_id=rid,
        how_it_goes=4,
        meeting_as_agreed=False,
        note="We skipped one",
        now=later,
    )
    assert not done.check_in_due and done.check_ins == 1
    assert done.latest_check_in is not None and done.latest_check_in.note == "We skipped one"
    assert not done.latest_check_in.meeting_as_agreed
    assert done.summary.last_active.guide == later


def test_pause_resume(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    cleo = Viewer(org["E3"])
    assert relationships.pause(session=session, viewer=cleo, relationship_id=rid).may_resume
    with pytest.raises(Conflict):
        relationships.pause(session=session, viewer=cleo, relationship_id=rid)
    assert relationships.resume(session=session, viewer=cleo, relationship_id=rid).may_pause


# -- the ending and blind feedback ------------------------------------------------------


def _end(session: Session, org: Ids, rid: int, who: str = "E3", **kw: object) -> None:
    args: dict[str, object] = {"reason": "goals_reached", "reflection": "Replicas keep up now"}
    args.update(kw)
    endings.end_relationship(
        session=session,
        viewer=Viewer(org[who]),
        relationship_id=rid,
        now=MONDAY + timedelta(days=30),
        **args,  # type: ignore[arg-type]
    )


def test_ending_with_blind_feedback_that_counts_for_the_guide(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    request_id = session.get(t.Relationship, rid).request_id  # type: ignore[union-attr]
    drawn = capacity_view(session, org["E1"])
    _end(session, org, rid)
    cleo, ana = Viewer(org["E3"]), Viewer(org["E1"])
    after = MONDAY + timedelta(days=31)
    ended = relationships.view_relationship(
        session=session, viewer=ana, relationship_id=rid, now=after
    )
    assert ended.summary.state == "ended" and ended.may_give_feedback and not ended.may_end
    assert ended.ending is not None and ended.ending.reflection == "Replicas keep up now"
    # The request it grew from is closed with it.
    request = session.get(t.HelpRequest, request_id)
    assert request is not None and request.status == "closed"
    assert capacity_view(session, org["E1"]) == drawn  # Ana set no budget: nothing drawn
    endings.give_feedback(
        session=session,
        viewer=cleo,
        relationship_id=rid,
        rating=5,
        skill_ratings={org["skill:postgresql"]: 5},
        note="Patient and precise",
        now=after,
    )
    with pytest.raises(Conflict, match="already"):
        endings.give_feedback(
            session=session, viewer=cleo, relationship_id=rid, rating=1, now=after
        )
    # Blind: Ana does not see Cleo's feedback yet, and the finder does not count it.
    as_ana = relationships.view_relationship(
        session=session, viewer=ana, relationship_id=rid, now=after
    )
    assert as_ana.their_feedback is None and not as_ana.feedback_revealed
    as_cleo = relationships.view_relationship(
        session=session, viewer=cleo, relationship_id=rid, now=after
    )
    assert as_cleo.my_feedback is not None and as_cleo.my_feedback.note == "Patient and precise"
    assert as_cleo.their_feedback is None
    assert waiting_for(session=session, person_id=org["E1"]).relationships == 1

    def helped(index_session: Session) -> str:
        found = find_experts(
            session=index_session,
            index=build_index(session=index_session),
            need="postgres",
            today=after.date(),
        )
        return next(e.why for e in found.items if e.person.id == org["E1"])

    assert "helped colleagues" not in helped(session)
    endings.give_feedback(
        session=session, viewer=ana, relationship_id=rid, rating=4, note="Did the work", now=after
    )
    both = relationships.view_relationship(
        session=session, viewer=ana, relationship_id=rid, now=after
    )
    assert both.feedback_revealed and both.their_feedback is not None
    assert both.their_feedback.rating == 5 and both.their_feedback.note == "Patient and precise"
    assert [(k.skill.key, k.rating) for k in both.their_feedback.skills] == [("postgresql", 5)]
    assert "helped colleagues with PostgreSQL once, rated 5 of 5" in helped(session)


def test_one_sided_feedback_shows_when_the_window_closes(session: Session, org: Ids) -> None:
    rid = from_request(session, org)
    _end(session, org, rid, who="E1", reason="no_time")
    ended_at = MONDAY + timedelta(days=30)
    endings.give_feedback(
        session=session, viewer=Viewer(org["E1"]), relationship_id=rid, rating=3, now=ended_at
    )
    late = ended_at + timedelta(days=14)
    with pytest.raises(Conflict, match="14 days"):
        endings.give_feedback(
            session=session, viewer=Viewer(org["E3"]), relationship_id=rid, rating=2, now=late
        )
    view = relationships.view_relationship(
        session=session, viewer=Viewer(org["E3"]), relationship_id=rid, now=late
    )
    assert view.feedback_revealed and view.their_feedback is not None
    assert view.their_feedback.rating == 3 and not view.may_give_feedback


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"reason": "bored"}, "reason"),
        ({"reason": "other"}, "note"),
        ({"reason": "other", "note": "x" * 501}, "note"),
    ],
)
def test_a_bad_ending_names_the_field(
    session: Session, org: Ids, args: dict[str, object], field: str
) -> None:
    rid = from_request(session, org)
    with pytest.raises(InvalidInput) as raised:
        _end(session, org, rid, **args)
    assert raised.value.field == field
    assert session.get(t.Relationship, rid).state == "active"  # type: ignore[union-attr]


# -- misconduct reports -----------------------------------------------------------------


def test_a_misconduct_report_reaches_learning_and_development_only(
    session: Session, org: Ids
) -> None:
    rid = from_request(session, org)
    cleo, ana, dev = Viewer(org["E3"]), Viewer(org["E1"]), Viewer(org["E4"])
    with pytest.raises(Conflict, match="nobody can receive"):
        endings.report_misconduct(session=session, viewer=cleo, relationship_id=rid, what="…")
    session.get(t.Person, org["E4"]).job_family = "learning-development"  # type: ignore[union-attr]
    session.flush()
    with pytest.raises(InvalidInput) as raised:
        endings.report_misconduct(session=session, viewer=cleo, relationship_id=rid, what=" ")
    assert raised.value.field == "what"
    with pytest.raises(NotPermitted):
        endings.report_misconduct(
            session=session, viewer=Viewer(org["E2"]), relationship_id=rid, what="gossip"
        )
    endings.report_misconduct(
        session=session, viewer=cleo, relationship_id=rid, what="Belittled me in a session"
    )
    assert endings.list_reports(session=session, viewer=ana) == []  # the person reported
    assert endings.list_reports(session=session, viewer=Viewer(org["E2"])) == []
    seen = endings.list_reports(session=session, viewer=dev)
    assert [(p.reporter.id, p.reported.id, p.what) for p in seen] == [
        (org["E3"], org["E1"], "Belittled me in a session")
    ]
    assert relationships.view_relationship(
        session=session, viewer=cleo, relationship_id=rid
    ).reported_by_me
    assert not relationships.view_relationship(
        session=session, viewer=ana, relationship_id=rid
    ).reported_by_me
    with pytest.raises(NotPermitted):
        endings.handle_report(session=session, viewer=ana, report_id=seen[0].id)
    endings.handle_report(session=session, viewer=dev, report_id=seen[0].id, note="Talked to Ana")
    handled = endings.list_reports(session=session, viewer=dev)[0]
    assert handled.handled_at is not None and handled.handled_note == "Talked to Ana"
    with pytest.raises(Conflict):
        endings.handle_report(session=session, viewer=dev, report_id=seen[0].id)


# -- no dead relationships: nudged, warned, then concluded ---------------------------------

GRACE = timedelta(days=14)
WEEK = timedelta(weeks=1)


@pytest.mark.parametrize(
    ("overdue", "planned", "stage"),
    [
        (WEEK, False, Lapse.ON_TRACK),
        (2 * WEEK, False, Lapse.NUDGE),  # one cadence of 2 weeks
        (4 * WEEK - timedelta(hours=1), False, Lapse.NUDGE),
        (4 * WEEK, False, Lapse.WARN),  # two cadences
        (4 * WEEK + GRACE - timedelta(hours=1), False, Lapse.WARN),
        (4 * WEEK + GRACE, False, Lapse.CONCLUDE),
        (10 * WEEK, True, Lapse.ON_TRACK),  # a session is planned: nobody is chased
    ],
)
def test_how_far_a_pair_has_drifted(overdue: timedelta, planned: bool, stage: Lapse) -> None:
    since = datetime(2026, 1, 5, tzinfo=UTC)
    assert lapse_stage(since, 2, since + overdue, GRACE, planned) is stage


def _keys(session: Session, rid: int) -> list[str]:
    found = session.scalars(
        select(t.Notification.dedupe_key).where(
            t.Notification.dedupe_key.like(f"relationship:{rid}:%")
        )
    )
    return sorted(k.split(":")[2] for k in found if ":check-in:" not in k)


def test_a_pair_that_stops_meeting_is_nudged_warned_then_concluded(
    session: Session,
    org: Ids,
) -> None:
    rid = from_request(session, org)
    request_id = session.get(t.Relationship, rid).request_id  # type: ignore[union-attr]
    send_reminders(session=session, now=MONDAY + WEEK)
    assert _keys(session, rid) == []
    send_reminders(session=session, now=MONDAY + 2 * WEEK + timedelta(hours=1))
    assert _keys(session, rid) == ["no-session-since"] * 2  # both people
    send_reminders(session=session, now=MONDAY + 4 * WEEK + timedelta(hours=1))
    assert _keys(session, rid).count("lapse-warning") == 2
    warning = session.scalar(
        select(t.Notification.subject).where(t.Notification.dedupe_key.like("%lapse-warning%"))
    )
    assert warning is not None and "will be concluded on" in warning
    relationship = session.get(t.Relationship, rid)
    assert relationship is not None and relationship.state == RelationshipState.ACTIVE.value

    later = MONDAY + 4 * WEEK + LAPSE_GRACE + timedelta(hours=1)
    send_reminders(session=session, now=later)
    session.refresh(relationship)
    assert relationship.state == RelationshipState.ENDED.value
    assert relationship.end_reason == EndReason.LAPSED.value and relationship.ended_by is None
    assert _keys(session, rid).count("concluded") == 2
    # the request it came from is closed and the guide's time given back
    request = session.get(t.HelpRequest, request_id)
    assert request is not None and request.status != RequestStatus.ACCEPTED.value
    assert capacity_view(session, org["E1"]) is None or (
        capacity_view(session, org["E1"]).people_committed == 0  # type: ignore[union-attr]
    )
    # nothing more is sent, and an ended relationship is not concluded twice
    assert send_reminders(session=session, now=later + timedelta(days=1)) == 0


def test_a_planned_session_keeps_a_pair_on_track(
    session: Session,
    org: Ids,
) -> None:
    rid = from_request(session, org)
    sessions.schedule_session(
        session=session,
        viewer=Viewer(org["E3"]),
        relationship_id=rid,
        scheduled_at=MONDAY + 12 * WEEK,
        now=MONDAY,
    )
    send_reminders(session=session, now=MONDAY + 10 * WEEK)
    assert _keys(session, rid) == []
    assert session.get(t.Relationship, rid).state == RelationshipState.ACTIVE.value  # type: ignore[union-attr]


def test_nobody_can_choose_lapsed_as_their_reason(
    session: Session,
    org: Ids,
) -> None:
    rid = from_request(session, org)
    with pytest.raises(InvalidInput) as caught:
        endings.end_relationship(
            session=session, viewer=Viewer(org["E3"]), relationship_id=rid, reason="lapsed"
        )
    assert caught.value.field == "reason"


def test_what_a_guide_does_in_a_relationship_shows_as_last_active(
    session: Session, org: Ids
) -> None:
    rid = from_request(session, org)
    before = last_active(session, [org["E1"]])[org["E1"]]  # accepting the request
    cycle(session, org, rid)  # Ana completes the first session a day later
    after = last_active(session, [org["E1"], org["E3"]])
    assert after[org["E1"]] > before
    assert org["E3"] in after  # the learner's part counts for them too
