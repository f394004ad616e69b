"""The relationships API over HTTP: the cycle, versions and conflicts, blind feedback,
privacy (a reflection is its author's alone; nobody else reads a relationship by its id)
and errors that name the field. On SQLite and PostgreSQL, over the tiny organization."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from tests.tiny_org import assert_problem, sign_in, tiny_client

SECRET = "I froze when the replica lagged in the demo"


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        ids = c.app.state.ids  # type: ignore[attr-defined]
        with unit_of_work(c.app.state.session_factory) as session:  # type: ignore[attr-defined]
            goal = t.LearningGoal(
                person_id=ids["E3"], skill_id=ids["skill:postgresql"], target_level=4
            )
            session.add(goal)
            session.flush()
            ids["goal"] = goal.id
        yield c


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def started(client: TestClient, ids: dict[str, int]) -> int:
    """Cleo asks Ana for a working session over the API; Ana accepts. The relationship."""
    sign_in(client, ids["E3"])
    asked = ok(
        client.post(
            "/api/v1/requests",
            json={
                "need": "our postgres replicas keep lagging",
                "kind": "working_session",
                "guide_ids": [ids["E1"]],
            },
        ),
        201,
    )
    sign_in(client, ids["E1"])
    ok(client.post(f"/api/v1/requests/{asked['request']['id']}/accept"))
    mine = ok(client.get("/api/v1/relationships"))
    assert [r["other"]["id"] for r in mine["active"]] == [ids["E3"]]
    rid: int = mine["active"][0]["id"]
    return rid


def test_the_cycle_over_the_api(client: TestClient, ids: dict[str, int]) -> None:
    rid = started(client, ids)
    base = f"/api/v1/relationships/{rid}"
    view = ok(client.get(base))
    assert view["summary"]["kind"] == "sme_help" and view["agreement"]["version"] == 1
    assert [g["learning_goal_id"] for g in view["agreement"]["goals"]] == [ids["goal"]]
    agreement = {
        "version": 1,
        "goal_ids": [ids["goal"]],
        "cadence_weeks": 1,
        "confidentiality": "Between us",
        "end_date": "2099-01-01",
    }
    assert ok(client.put(f"{base}/agreement", json=agreement))["agreement"]["version"] == 2
    stale = client.put(f"{base}/agreement", json=agreement | {"cadence_weeks": 4})
    assert_problem(stale, 409)
    assert "changed since you opened it" in stale.json()["detail"]
    first = ok(client.post(f"{base}/sessions", json={"scheduled_at": "2026-12-01T10:00:00Z"}), 201)
    sid = first["id"]
    done = ok(
        client.post(
            f"{base}/sessions/{sid}/complete",
            json={
                "commitments": [
                    {"owner_id": ids["E3"], "what": "Find the long transactions"},
                    {"owner_id": ids["E1"], "what": "Share the checklist", "due_on": "2026-12-05"},
                ]
            },
        )
    )
    assert [c["what"] for c in done["commitments_made"]] == [
        "Find the long transactions",
        "Share the checklist",
    ]
    second = ok(client.post(f"{base}/sessions", json={"scheduled_at": "2026-12-15T10:00:00Z"}), 201)
    assert "Find the long transactions" in second["agenda"]
    to_review = [c["id"] for c in second["to_review"]]
    reviewed = ok(
        client.post(
            f"{base}/sessions/{second['id']}/reviews",
            json={"commitment_id": to_review[0], "review": "dropped", "note": "Not needed"},
        )
    )
    assert [c["review"] for c in reviewed["reviewed_here"]] == ["dropped"]
    checked = ok(
        client.post(
            f"{base}/check-ins", json={"how_it_goes": 5, "meeting_as_agreed": True, "note": ""}
        )
    )
    assert checked["latest_check_in"]["how_it_goes"] == 5
    ended = ok(client.post(f"{base}/end", json={"reason": "goals_reached", "reflection": "Done"}))
    assert ended["summary"]["state"] == "ended" and ended["may_give_feedback"]
    # Blind feedback: Ana gives hers; Cleo sees only her own once she gives it too.
    ok(client.put(f"{base}/feedback", json={"rating": 4, "note": "Did the homework"}))
    sign_in(client, ids["E3"])
    before = ok(client.get(base))
    assert before["their_feedback"] is None and "Did the homework" not in str(before)
    after = ok(
        client.put(
            f"{base}/feedback",
            json={
                "rating": 5,
                "skill_ratings": [{"skill_id": ids["skill:postgresql"], "rating": 5}],
            },
        )
    )
    assert after["feedback_revealed"] and after["their_feedback"]["note"] == "Did the homework"


def test_a_reflection_is_unreadable_by_anyone_else(client: TestClient, ids: dict[str, int]) -> None:
    rid = started(client, ids)
    base = f"/api/v1/relationships/{rid}"
    sid = ok(client.post(f"{base}/sessions", json={"scheduled_at": "2026-12-01T10:00:00Z"}), 201)[
        "id"
    ]
    ok(
        client.put(
            f"{base}/sessions/{sid}/notes", json={"notes": "Shared: check WAL", "version": 1}
        )
    )
    sign_in(client, ids["E3"])
    mine = ok(client.put(f"{base}/sessions/{sid}/reflection", json={"body": SECRET}))
    assert mine["my_reflection"] == SECRET
    sign_in(client, ids["E1"])  # the other person
    theirs = client.get(f"{base}/sessions/{sid}")
    assert ok(theirs)["my_reflection"] == "" and SECRET not in theirs.text
    assert ok(theirs)["notes"] == "Shared: check WAL"
    assert SECRET not in client.get(base).text
    for outsider in ("E2", "E4"):  # nobody else reads the notes, the session or the relationship
        sign_in(client, ids[outsider])
        for url in (base, f"{base}/sessions/{sid}"):
            response = client.get(url)
            assert_problem(response, 403)
            assert SECRET not in response.text and "check WAL" not in response.text
        assert_problem(client.put(f"{base}/sessions/{sid}/reflection", json={"body": "x"}), 403)
        assert_problem(
            client.put(f"{base}/sessions/{sid}/notes", json={"notes": "x", "version": 2}), 403
        )
        assert_problem(client.post(f"{base}/reports", json={"what": "x"}), 403)
        assert ok(client.get("/api/v1/relationships"))["active"] == []
    client.cookies.clear()
    assert_problem(client.get(base), 401)
    sign_in(client, ids["E3"])
    assert_problem(client.get(f"/api/v1/relationships/{rid + 1000}"), 404)
    other = ok(
        client.post(
            "/api/v1/relationships",
            json={"person_id": ids["E2"], "my_side": "learner", "kind": "coaching"},
        ),
        201,
    )
    # A session id under another relationship's id is not found (no reading across).
    assert_problem(
        client.get(f"/api/v1/relationships/{other['summary']['id']}/sessions/{sid}"), 404
    )


def test_two_edits_of_the_notes_the_second_is_told(client: TestClient, ids: dict[str, int]) -> None:
    rid = started(client, ids)
    url = f"/api/v1/relationships/{rid}/sessions"
    sid = ok(client.post(url, json={"scheduled_at": "2026-12-01T10:00:00Z"}), 201)["id"]
    ok(client.put(f"{url}/{sid}/notes", json={"notes": "Ana's version", "version": 1}))
    sign_in(client, ids["E3"])
    late = client.put(f"{url}/{sid}/notes", json={"notes": "Cleo's version", "version": 1})
    assert_problem(late, 409)
    assert "by Ana Lima" in late.json()["detail"]
    assert ok(client.get(f"{url}/{sid}"))["notes"] == "Ana's version"


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("put", "agreement", {"version": 1, "cadence_weeks": 0}, "cadence_weeks"),
        ("put", "agreement", {"version": 1, "cadence_weeks": 2, "goal_ids": [999]}, "goal_ids"),
        ("post", "sessions", {"scheduled_at": "soon"}, "scheduled_at"),
        ("post", "check-ins", {"how_it_goes": 6, "meeting_as_agreed": True}, "how_it_goes"),
        ("post", "end", {"reason": "bored"}, "reason"),
        ("post", "end", {"reason": "other"}, "note"),
        ("put", "feedback", {"rating": 3}, None),  # not ended yet: 409
        ("post", "reports", {"what": ""}, "what"),
    ],
)
def test_bad_input_names_the_field(
    client: TestClient,
    ids: dict[str, int],
    method: str,
    path: str,
    body: dict[str, Any],
    field: str | None,
) -> None:
    rid = started(client, ids)
    response = getattr(client, method)(f"/api/v1/relationships/{rid}/{path}", json=body)
    assert_problem(response, 409 if field is None else 422, field)


def test_an_invitation_over_the_api(client: TestClient, ids: dict[str, int]) -> None:
    sign_in(client, ids["E2"])
    made = ok(
        client.post(
            "/api/v1/relationships",
            json={"person_id": ids["E4"], "my_side": "guide", "kind": "peer_partnership"},
        ),
        201,
    )
    rid = made["summary"]["id"]
    assert made["summary"]["state"] == "invited" and not made["may_answer"]
    assert_problem(client.post(f"/api/v1/relationships/{rid}/answer", json={"accept": True}), 403)
    sign_in(client, ids["E4"])
    assert ok(client.get("/api/v1/relationships"))["waiting"][0]["id"] == rid
    answered = ok(client.post(f"/api/v1/relationships/{rid}/answer", json={"accept": True}))
    assert answered["summary"]["state"] == "active"
    assert (answered["summary"]["learner"]["id"], answered["summary"]["guide"]["id"]) == (
        ids["E4"],
        ids["E2"],
    )
