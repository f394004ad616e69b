"""Peer circles over real HTTP (pages and the JSON API) and through the CLI, on SQLite and
PostgreSQL: Dev (E4) runs a post-event program and uploads the attendees; Ana, Ben and
Cleo (E1 to E3) become a circle, record commitments, see and nudge one another's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from peoplefirst.cli.main import app
from peoplefirst.domain.policy import Viewer
from peoplefirst.services.programs import ProgramSettings, create_program
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from tests.tiny_org import assert_problem, post_form, sign_in, tiny_client

ATTENDEES = "employee_id\nE1\nben@example.com\nE3\n"


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def make_program(client: TestClient, name: str = "After the data day") -> int:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return create_program(
            session=session,
            viewer=Viewer(ids(client)["E4"]),
            settings=ProgramSettings(
                name=name, kind="post_event_groups", group_min_size=3, group_max_size=3
            ),
        )


def formed_circle(client: TestClient) -> int:
    pid = make_program(client)
    sign_in(client, ids(client)["E4"])
    response = client.post(f"/api/v1/programs/{pid}/attendees", json={"attendees": ATTENDEES})
    assert response.status_code == 201, response.text
    circle: int = response.json()["circles"][0]["id"]
    return circle


def test_the_admin_uploads_a_csv_file_and_sees_the_circles_formed(client: TestClient) -> None:
    pid = make_program(client)
    sign_in(client, ids(client)["E4"])
    page = client.get(f"/programs/{pid}")
    assert f'href="/programs/{pid}/attendees"' in page.text
    assert client.get(f"/programs/{pid}/attendees").status_code == 200
    first = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    response = client.post(
        f"/programs/{pid}/attendees",
        data={"first_session_at": first.strftime("%Y-%m-%dT%H:%M")},
        files={"attendees_file": ("attendees.csv", ATTENDEES.encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert 'data-testid="formed-circle"' in response.text
    for name in ("Ana Lima", "Ben Okafor", "Cleo Martin"):
        assert name in response.text
    sign_in(client, ids(client)["E2"])
    mine = client.get("/relationships")
    assert 'data-testid="circle-link"' in mine.text


@pytest.mark.parametrize(
    ("attendees", "says"),
    [("E1\nnobody\nE3\nghost@example.com", "line 2"), ("E1\nE2\nE3\n\n,x", "line 5")],
)
def test_a_bad_list_names_its_lines_on_the_page_and_in_the_api(
    client: TestClient, attendees: str, says: str
) -> None:
    pid = make_program(client)
    sign_in(client, ids(client)["E4"])
    page = client.post(f"/programs/{pid}/attendees", data={"attendees": attendees})
    assert page.status_code == 422 and says in page.text
    api = client.post(f"/api/v1/programs/{pid}/attendees", json={"attendees": attendees})
    assert_problem(api, 422, "attendees")
    assert says in api.json()["detail"]
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        assert session.scalars(select(t.Circle)).all() == []
        assert session.scalars(select(t.ProgramEnrollment)).all() == []


def test_only_the_admin_uploads_and_only_members_see_the_circle(client: TestClient) -> None:
    circle = formed_circle(client)
    assert client.get(f"/circles/{circle}").status_code == 403  # the admin is no member
    assert_problem(client.get(f"/api/v1/circles/{circle}"), 403)
    sign_in(client, ids(client)["E1"])
    assert client.get(f"/circles/{circle}").status_code == 200
    assert_problem(client.get("/api/v1/circles/99999"), 404)
    other = make_program(client, "After the sales day")
    assert_problem(
        client.post(f"/api/v1/programs/{other}/attendees", json={"attendees": ATTENDEES}), 403
    )


def test_a_commitment_is_seen_and_nudged_by_another_member(client: TestClient) -> None:
    circle = formed_circle(client)
    people = ids(client)
    sign_in(client, people["E1"])
    view = client.get(f"/api/v1/circles/{circle}").json()
    first = view["sessions"][0]["id"]
    where = post_form(
        client,
        f"/circles/{circle}/sessions/{first}/complete",
        {"owner_ids": [people["E1"]], "whats": ["Share my slides with the team"], "due_ons": [""]},
    )
    assert where.endswith("#commitments")
    private = client.put(
        f"/api/v1/circles/{circle}/sessions/{first}/reflection", json={"body": "Too shy today"}
    )
    assert private.json()["my_reflection"] == "Too shy today"

    sign_in(client, people["E2"])
    page = client.get(f"/circles/{circle}")
    assert (
        "Share my slides with the team" in page.text and 'data-testid="nudge-button"' in page.text
    )
    seen = client.get(f"/api/v1/circles/{circle}/sessions/{first}").json()
    assert (
        seen["my_reflection"] == "" and seen["commitments_made"][0]["owner"]["name"] == "Ana Lima"
    )
    commitment = client.get(f"/api/v1/circles/{circle}").json()["open_commitments"][0]
    cid = commitment["commitment"]["id"]
    assert post_form(client, f"/circles/{circle}/commitments/{cid}/nudge").endswith("#commitments")
    again = client.post(f"/api/v1/circles/{circle}/commitments/{cid}/nudges")
    assert_problem(again, 409)
    assert "today already" in again.json()["detail"]

    sign_in(client, people["E1"])
    told = client.get("/notifications")
    assert "Ben Okafor nudges you" in told.text
    mine = client.post(f"/api/v1/circles/{circle}/commitments/{cid}/nudges")
    assert_problem(mine, 422, "commitment_id")


def test_the_api_refuses_bad_fields_by_name(client: TestClient) -> None:
    circle = formed_circle(client)
    sign_in(client, ids(client)["E3"])
    first = client.get(f"/api/v1/circles/{circle}").json()["sessions"][0]["id"]
    bad_owner = client.post(
        f"/api/v1/circles/{circle}/sessions/{first}/complete",
        json={"commitments": [{"owner_id": ids(client)["E4"], "what": "x"}]},
    )
    assert_problem(bad_owner, 422, "commitments.0.owner_id")
    stale = client.put(
        f"/api/v1/circles/{circle}/agreement",
        json={"version": 7, "purpose": "x", "cadence_weeks": 2},
    )
    assert_problem(stale, 409)
    cadence = client.put(
        f"/api/v1/circles/{circle}/agreement", json={"version": 1, "cadence_weeks": 40}
    )
    assert_problem(cadence, 422)
    ok = client.put(
        f"/api/v1/circles/{circle}/agreement",
        json={"version": 1, "purpose": "Run better retros", "cadence_weeks": 3},
    )
    assert ok.status_code == 200 and ok.json()["agreement"]["version"] == 2
    ended = client.post(f"/api/v1/circles/{circle}/end", json={"reason": "goals_reached"})
    assert ended.json()["summary"]["state"] == "ended"
    gave = client.post(f"/api/v1/circles/{circle}/feedback", json={"rating": 5})
    assert gave.json()["feedback_revealed"] is False and gave.json()["my_feedback"]["rating"] == 5


runner = CliRunner()


def test_the_cli_forms_groups_from_an_attendee_file(
    empty_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tiny_client(empty_db_url, tmp_path) as client:
        pid = make_program(client)
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    bad = tmp_path / "bad.txt"
    bad.write_text("E1\nnobody\nE3\n")
    refused = runner.invoke(app, ["groups", "from-attendees", str(pid), str(bad)])
    assert refused.exit_code == 1 and "line 2" in refused.output
    good = tmp_path / "attendees.csv"
    good.write_text(ATTENDEES)
    today = date.today()
    monday = today + timedelta(days=7 + (7 - today.weekday()) % 7)
    result = runner.invoke(
        app,
        ["groups", "from-attendees", str(pid), str(good), "--event-on", str(monday), "--as", "E4"],
    )
    assert result.exit_code == 0, result.output
    first = monday + timedelta(days=7)  # a week on, a Monday too
    assert "1 circles formed" in result.output and f"{first:%a %d %b %Y}" in result.output
    wrong = runner.invoke(
        app, ["groups", "from-attendees", str(pid), str(good), "--event-on", "next week"]
    )
    assert wrong.exit_code == 1 and "--event-on" in wrong.output
