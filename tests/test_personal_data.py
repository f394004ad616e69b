"""A person's own data: the export holds all of theirs and nothing private of others;
deletion leaves no trace of them while colleagues keep their own data; only they may ask."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, String, Text, func, or_, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from peoplefirst.cli.main import app
from peoplefirst.domain.errors import InvalidInput, NotPermitted, PersonNotFound
from peoplefirst.domain.personal_data import (
    DELETION_PHRASE,
    FORMER_COLLEAGUE,
    OTHER_RECORDS,
    RULES,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.services import relationship_sessions, relationships
from peoplefirst.services.personal_data import export_personal_data, person_columns
from peoplefirst.services.personal_data_deletion import delete_personal_data
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from tests.tiny_org import assert_problem, sign_in, sign_out, tiny_client

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_every_column_that_points_at_a_person_has_a_rule() -> None:
    """A new table or column with a key to people fails here until deletion and export
    know what to do with it (domain/personal_data.RULES) and docs/security.md says so."""
    assert person_columns() == sorted(RULES)


def test_docs_say_what_happens_to_every_table() -> None:
    text = (ROOT / "docs" / "security.md").read_text()
    section = text.split("## Your data", 1)[1].split("\n## ", 1)[0]
    for table in {table for table, _ in RULES} | set(OTHER_RECORDS):
        assert f"`{table}`" in section, table


@dataclass(frozen=True, slots=True)
class Pair:
    """A learner (who asks for deletion) and their guide, in a relationship with a session."""

    me: int
    colleague: int
    relationship: int
    session: int
    name: str
    email: str


def _pair(session: Session) -> Pair:
    """A relationship of the sample organization whose learner's name is theirs alone, with
    what this test needs added: reflections of both, notes naming the learner, thanks both
    ways, a report and blind feedback about the learner, a notification, a sign-in try."""
    for r in session.scalars(select(t.Relationship).order_by(t.Relationship.id)):
        me = session.get(t.Person, r.learner_id)
        sitting = session.scalars(
            select(t.RelationshipSession).where(t.RelationshipSession.relationship_id == r.id)
        ).first()
        assert me is not None
        same_name = session.scalar(select(func.count()).where(t.Person.name == me.name))
        if sitting is not None and same_name == 1:
            break
    else:
        raise AssertionError("the sample organization has no relationship with a session")
    you = r.guide_id
    session.add_all(
        [
            t.SessionReflection(
                session_id=sitting.id, author_id=me.id, body="my own doubts", updated_at=NOW
            ),
            t.SessionReflection(
                session_id=sitting.id, author_id=you, body="the guide's own doubts", updated_at=NOW
            ),
            t.Kudos(giver_id=me.id, receiver_id=you, note="thanks, guide", given_at=NOW),
            t.Kudos(giver_id=you, receiver_id=me.id, note="well done", given_at=NOW),
            t.MisconductReport(
                relationship_id=r.id, reporter_id=you, reported_id=me.id,
                what=f"a confidential report about {me.name}", created_at=NOW,
            ),
            t.RelationshipFeedback(
                relationship_id=r.id, author_id=you, about_id=me.id, rating=2,
                note="not shown until both answered", given_at=NOW,
            ),
            t.Notification(
                person_id=me.id, topic="request_asked", subject="For you", body="a notice",
                dedupe_key=f"test-{me.id}", created_at=NOW, deliver_at=NOW,
            ),
            t.SignInAttempt(login=me.email.lower(), address="10.0.0.1", at=NOW, succeeded=False),
        ]
    )  # fmt: skip
    sitting.notes = f"{me.name} ({me.email}) will try the new query plan."
    session.flush()
    return Pair(me.id, you, r.id, sitting.id, me.name, me.email)


@pytest.fixture
def pair(sample_engine: Engine) -> Pair:
    with unit_of_work(make_session_factory(sample_engine)) as session:
        return _pair(session)


def test_the_export_holds_everything_of_theirs_and_nothing_private_of_others(
    sample_engine: Engine, pair: Pair
) -> None:
    factory = make_session_factory(sample_engine)
    with unit_of_work(factory) as session:
        data = export_personal_data(session=session, viewer=Viewer(pair.me), person_id=pair.me)
        tables = data["tables"]
        # Every row a rule exports, table by table, is there.
        for (table, column), rule in RULES.items():
            if not rule.exported or table == "relationship_feedback":
                continue
            stored = session.scalar(
                select(func.count())
                .select_from(t.Base.metadata.tables[table])
                .where(t.Base.metadata.tables[table].c[column] == pair.me)
            )
            exported = [row for row in tables.get(table, []) if row[column] == pair.me]
            assert len(exported) == stored, (table, column)
    text = json.dumps(data)
    assert data["person"] == {"id": pair.me, "name": pair.name, "email": pair.email}
    assert [r["body"] for r in tables["session_reflections"]] == ["my own doubts"]
    assert "the guide's own doubts" not in text  # the other's private reflection
    assert "confidential report" not in text  # the person reported never sees it
    assert "not shown until both answered" not in text  # blind feedback stays blind
    assert {"well done", "thanks, guide"} <= {k["note"] for k in tables["kudos"]}
    assert any(s["id"] == pair.session for s in tables["relationship_sessions"])
    assert tables["sign_in_attempts"] and "password_hash" not in text
    assert data["colleagues"][str(pair.colleague)]


def _texts_naming(session: Session, *needles: str) -> list[str]:
    """Every text column of every table that still holds one of `needles` (any case)."""
    found = []
    for table in t.Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text):
                hit = session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(or_(*(func.lower(column).contains(n.lower()) for n in needles)))
                )
                if hit:
                    found.append(f"{table.name}.{column.name}")
    return found


def test_deletion_leaves_nothing_that_names_them_and_the_colleague_keeps_theirs(
    sample_engine: Engine, pair: Pair
) -> None:
    factory = make_session_factory(sample_engine)
    with unit_of_work(factory) as session:
        assert _texts_naming(session, pair.name, pair.email)  # the test can see them
        report = delete_personal_data(
            session=session, viewer=Viewer(pair.me), person_id=pair.me, confirm="Delete my data"
        )
    assert report.deleted["session_reflections"] == 1 and report.texts_changed >= 1
    with unit_of_work(factory) as session:
        assert _texts_naming(session, pair.name, pair.email) == []
        person = session.get(t.Person, pair.me)
        assert person is not None and person.name == FORMER_COLLEAGUE and not person.findable
        for table, column in [("person_skills", "person_id"), ("session_reflections", "author_id")]:
            rows = t.Base.metadata.tables[table]
            assert (
                session.scalar(
                    select(func.count()).select_from(rows).where(rows.c[column] == pair.me)
                )
                == 0
            )
        # The colleague keeps the relationship, its shared notes and their own reflection.
        view = relationship_sessions.view_session(
            session=session,
            viewer=Viewer(pair.colleague),
            relationship_id=pair.relationship,
            session_id=pair.session,
        )
        assert view.my_reflection == "the guide's own doubts"
        assert "a former colleague" in view.notes and "query plan" in view.notes
        shown = relationships.view_relationship(
            session=session, viewer=Viewer(pair.colleague), relationship_id=pair.relationship
        )
        assert shown.summary.state == "ended" and shown.sessions
        kept = session.scalars(select(t.Kudos.note).where(t.Kudos.giver_id == pair.me)).all()
        assert kept == ["thanks, guide"]
        # Asked again: the person is gone.
        with pytest.raises(PersonNotFound):
            export_personal_data(session=session, viewer=None, person_id=pair.me)


@pytest.mark.parametrize("confirm", ["", "yes", "delete my", "delete everything"])
def test_deletion_needs_the_phrase_and_changes_nothing_without_it(
    sample_engine: Engine, confirm: str
) -> None:
    factory = make_session_factory(sample_engine)
    with unit_of_work(factory) as session:
        with pytest.raises(InvalidInput) as refused:
            delete_personal_data(session=session, viewer=Viewer(5), person_id=5, confirm=confirm)
        assert refused.value.field == "confirm"
        assert session.get(t.Person, 5).name != FORMER_COLLEAGUE  # type: ignore[union-attr]


@pytest.mark.parametrize("viewer", [Viewer(6), Viewer.anonymous()])
def test_nobody_else_may_export_or_delete_someone(sample_engine: Engine, viewer: Viewer) -> None:
    factory = make_session_factory(sample_engine)
    with unit_of_work(factory) as session:
        with pytest.raises(NotPermitted):
            export_personal_data(session=session, viewer=viewer, person_id=5)
        with pytest.raises(NotPermitted):
            delete_personal_data(
                session=session, viewer=viewer, person_id=5, confirm=DELETION_PHRASE
            )


# -- through HTTP, on the tiny organization --------------------------------------------------


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def _mentoring(client: TestClient) -> tuple[int, int]:
    """Ana mentored by Ben, one session with notes and both people's reflections."""
    ids = client.app.state.ids  # type: ignore[attr-defined]
    ana, ben = Viewer(ids["E1"]), Viewer(ids["E2"])
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        made = relationships.invite(
            session=session,
            viewer=ana,
            person_id=ids["E2"],
            my_side="learner",
            kind="mentoring",
            now=NOW,
        ).summary
        relationships.answer_invitation(
            session=session, viewer=ben, relationship_id=made.id, accept=True, now=NOW
        )
        planned = relationship_sessions.schedule_session(
            session=session,
            viewer=ben,
            relationship_id=made.id,
            scheduled_at=NOW + timedelta(days=1),
            now=NOW,
        )
        relationship_sessions.save_notes(
            session=session,
            viewer=ana,
            relationship_id=made.id,
            session_id=planned.id,
            notes="Ana Lima tries EXPLAIN ANALYZE",
            version=planned.notes_version,
            now=NOW,
        )
        for who, body in [(ana, "Ana's private worry"), (ben, "Ben's private view")]:
            relationship_sessions.save_reflection(
                session=session,
                viewer=who,
                relationship_id=made.id,
                session_id=planned.id,
                body=body,
                now=NOW,
            )
    return made.id, planned.id  # fmt: skip


def test_your_data_through_the_api_and_the_profile_page(client: TestClient) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    relationship, sitting = _mentoring(client)
    sign_in(client, ids["E1"])
    page = client.get(f"/people/{ids['E1']}")
    assert 'data-testid="your-data"' in page.text and "Ask for deletion" in page.text
    assert 'data-testid="your-data"' not in client.get(f"/people/{ids['E2']}").text
    download = client.get("/api/v1/me/export")
    assert download.status_code == 200, download.text
    assert download.headers["content-disposition"].startswith("attachment")
    data = download.json()
    assert data["person"]["email"] == "ana@example.com"
    assert "Ana's private worry" in download.text and "Ben's private view" not in download.text
    assert client.get(f"/people/{ids['E1']}/data.json").json()["person"]["id"] == ids["E1"]
    # Someone else's data, or a deletion of someone else: refused, nothing changes.
    assert_problem(client.post("/api/v1/me/deletion", json={"confirm": "yes"}), 422, "confirm")
    assert_problem(client.post("/api/v1/me/deletion", json={}), 422, "confirm")
    assert client.get(f"/people/{ids['E2']}/data.json").status_code == 403
    refused = client.post(f"/people/{ids['E2']}/deletion", data={"confirm": DELETION_PHRASE})
    assert refused.status_code == 403
    deleted = client.post("/api/v1/me/deletion", json={"confirm": DELETION_PHRASE})
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["deleted"]["session_reflections"] == 1
    assert client.get("/api/v1/me/export").status_code == 401  # signed out everywhere
    # Ben still reads his own reflection and the shared notes, which no longer name Ana.
    sign_in(client, ids["E2"])
    seen = client.get(f"/api/v1/relationships/{relationship}/sessions/{sitting}").json()
    assert seen["my_reflection"] == "Ben's private view"
    assert seen["notes"] == "a former colleague tries EXPLAIN ANALYZE"
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        assert _texts_naming(session, "Ana Lima", "ana@example.com") == []


def test_deletion_from_the_profile_page(client: TestClient) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    sign_in(client, ids["E3"])
    wrong = client.post(f"/people/{ids['E3']}/deletion", data={"confirm": "please"})
    assert wrong.status_code == 422 and "delete my data" in wrong.text
    done = client.post(f"/people/{ids['E3']}/deletion", data={"confirm": "Delete my data"})
    assert done.status_code == 200, done.text
    assert "Your data was deleted" in done.text
    sign_out(client)
    sign_in(client, ids["E4"])
    assert re.search(FORMER_COLLEAGUE, client.get(f"/people/{ids['E3']}").text)


def test_the_commands(sample_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", sample_db_url)
    file = tmp_path / "person-5.json"
    exported = runner.invoke(app, ["people", "export", "5", str(file)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(file.read_text())["person"]["id"] == 5
    unconfirmed = runner.invoke(app, ["people", "delete", "5"])
    assert unconfirmed.exit_code == 1 and "--confirm" in unconfirmed.output
    deleted = runner.invoke(app, ["people", "delete", "5", "--confirm"])
    assert deleted.exit_code == 0, deleted.output
    again = runner.invoke(app, ["people", "delete", "5", "--confirm"])
    assert again.exit_code == 1 and "no person with id 5" in again.output
