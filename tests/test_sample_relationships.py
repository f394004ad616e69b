"""The sample organization's relationships: every state is there, with sessions, open
commitments, check-ins, feedback and a report, and the pages show them to the programs'
admin. On SQLite and PostgreSQL, over the 300-person sample."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.policy import Viewer
from peoplefirst.services import relationship_endings as endings
from peoplefirst.services import relationships
from peoplefirst.storage import tables as t
from tests.test_request_pages import parse
from tests.tiny_org import sign_in


def _admin(session: Session) -> int:
    admin = session.scalar(select(t.ProgramAdmin.person_id).limit(1))
    assert admin is not None
    return admin


def test_every_state_is_seeded(sample_session: Session) -> None:
    states = dict(
        sample_session.execute(
            select(t.Relationship.state, func.count()).group_by(t.Relationship.state)
        ).all()
    )
    assert {"active", "paused", "ended", "invited"} <= set(states)
    open_commitments = sample_session.scalar(
        select(func.count())
        .select_from(t.RelationshipCommitment)
        .join(t.Relationship, t.Relationship.id == t.RelationshipCommitment.relationship_id)
        .where(t.RelationshipCommitment.review.is_(None), t.Relationship.state == "active")
    )
    assert open_commitments
    assert sample_session.scalar(select(func.count()).select_from(t.RelationshipFeedback)) == 3
    admin = Viewer(_admin(sample_session))
    mine = relationships.list_relationships(session=sample_session, viewer=admin)
    assert mine.active
    assert any("Answer the invitation" in r.waiting_for_me for r in mine.waiting)
    view = relationships.view_relationship(
        session=sample_session, viewer=admin, relationship_id=mine.active[0].id
    )
    assert view.sessions and view.open_commitments and view.latest_check_in is not None
    assert any(s.completed_at is None for s in view.sessions)  # the next one is planned
    assert endings.list_reports(session=sample_session, viewer=admin)


def test_the_admin_sees_the_pages_alive(client: TestClient, sample_session: Session) -> None:
    sign_in(client, _admin(sample_session))
    page = parse(client.get("/relationships"))
    assert page.all("waiting-relationships") and page.all("active-table")
    active = client.get("/api/v1/relationships").json()["active"][0]["id"]
    one = parse(client.get(f"/relationships/{active}"))
    assert one.all("session-link") and one.all("open-commitment")
    session_page = client.get(one.all("session-link")[0].attrs["href"])
    assert session_page.status_code == 200
    assert parse(client.get("/relationships/reports")).all("report")
