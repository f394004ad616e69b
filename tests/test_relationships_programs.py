"""Program relationships: an active match starts one, ending it early re-matches the
learner through the program (and only then), ending the match ends the relationship, and
a report goes to the program's admins. On SQLite and PostgreSQL, over test_programs' org."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from peoplefirst.domain.policy import Viewer
from peoplefirst.services import program_runs as runs
from peoplefirst.services import programs, relationships
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services.capacity import set_budget
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from tests.test_programs import NOW, Org, _program, build_org

Pair = tuple[int, int, int]  # match, learner, guide


@pytest.fixture
def org(engine: Engine) -> Org:
    with unit_of_work(make_session_factory(engine)) as session:
        return build_org(session)


@pytest.fixture
def session(engine: Engine, org: Org) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def _active(session: Session, org: Org) -> tuple[int, Pair]:
    """A program with two roomy guides and one learner, matched and accepted by both."""
    program = _program(session, org, {"version": 1, "hard": {"shared_language": False}})
    admin = Viewer(org.admin)
    learner = org.ids["P30"]
    for guide in (org.ids["P0"], org.ids["P1"]):
        set_budget(session=session, person_id=guide, hours_per_month=40, people_at_once=10)
        programs.enroll(
            session=session,
            viewer=admin,
            program_id=program,
            side="guide",
            person_id=guide,
            capacity=5,
            now=NOW,
        )
    programs.enroll(
        session=session,
        viewer=admin,
        program_id=program,
        side="learner",
        person_id=learner,
        now=NOW,
    )
    run = runs.run_match(session=session, viewer=admin, program_id=program, now=NOW)
    runs.publish_run(session=session, viewer=admin, run_id=run.id, now=NOW)
    match = runs.my_matches(session=session, viewer=Viewer(learner))[0]
    assert session.scalar(select(t.Relationship.id)) is None  # not before both accept
    for who in (match.learner.id, match.guide.id):
        runs.answer_match(session=session, viewer=Viewer(who), match_id=match.id, accept=True)
    return program, (match.id, match.learner.id, match.guide.id)


def _relationship(session: Session, match_id: int) -> t.Relationship:
    found = session.scalar(select(t.Relationship).where(t.Relationship.match_id == match_id))
    assert found is not None
    return found


def test_an_active_match_starts_a_relationship(session: Session, org: Org) -> None:
    program, (match, learner, _guide) = _active(session, org)
    row = _relationship(session, match)
    assert (row.kind, row.state, row.program_id) == ("mentoring", "active", program)
    view = relationships.view_relationship(
        session=session, viewer=Viewer(learner), relationship_id=row.id
    )
    assert view.summary.program is not None and view.summary.program.id == program
    goal = session.scalar(select(t.LearningGoal.id).where(t.LearningGoal.person_id == learner))
    assert [g.learning_goal_id for g in view.agreement.goals] == [goal]


@pytest.mark.parametrize(("reason", "rematched"), [("not_a_fit", True), ("goals_reached", False)])
def test_ending_early_rematches_the_learner(
    session: Session, org: Org, reason: str, rematched: bool
) -> None:
    _, (match, learner, guide) = _active(session, org)
    row = _relationship(session, match)
    endings.end_relationship(
        session=session,
        viewer=Viewer(guide),
        relationship_id=row.id,
        reason=reason,
        note="",
        now=NOW,
    )
    ended = session.get(t.ProgramMatch, match)
    assert ended is not None and ended.state == "ended" and ended.ended_at == NOW
    assert ended.commitment_id is None or (
        session.get(t.CapacityCommitment, ended.commitment_id).released_at is not None  # type: ignore[union-attr]
    )
    proposals = list(
        session.scalars(
            select(t.ProgramMatch).where(
                t.ProgramMatch.learner_id == learner, t.ProgramMatch.replaces_id == match
            )
        )
    )
    assert bool(proposals) is rematched
    if rematched:
        assert proposals[0].guide_id != guide and proposals[0].state == "proposed"


def test_ending_the_match_ends_the_relationship(session: Session, org: Org) -> None:
    _, (match, learner, guide) = _active(session, org)
    runs.end_match(session=session, viewer=Viewer(learner), match_id=match, reason="moved teams")
    row = _relationship(session, match)
    assert row.state == "ended" and row.end_note == "moved teams"
    view = relationships.view_relationship(
        session=session, viewer=Viewer(guide), relationship_id=row.id
    )
    assert view.may_give_feedback


def test_a_report_goes_to_the_programs_admins(session: Session, org: Org) -> None:
    _, (match, learner, guide) = _active(session, org)
    row = _relationship(session, match)
    endings.report_misconduct(
        session=session, viewer=Viewer(learner), relationship_id=row.id, what="Never turns up"
    )
    seen = endings.list_reports(session=session, viewer=Viewer(org.admin))
    assert [(p.reported.id, p.program is not None) for p in seen] == [(guide, True)]
    assert endings.list_reports(session=session, viewer=Viewer(guide)) == []
    assert endings.may_handle_any(session=session, viewer=Viewer(org.admin))
    assert not endings.may_handle_any(session=session, viewer=Viewer(guide))
