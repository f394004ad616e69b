"""The relationship pages over HTTP: "My relationships" with what waits for me, one
relationship, one session, the forms; a reflection the other person's page never shows,
notes kept on the page when someone saved in between, blind feedback, and the reports page.
On SQLite and PostgreSQL, over the tiny organization (Cleo learns from Ana)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from tests.test_request_pages import parse
from tests.tiny_org import post_form, sign_in, sign_out, tiny_client

SECRET = "I was nervous about asking a basic question"


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        ids = c.app.state.ids  # type: ignore[attr-defined]
        with unit_of_work(c.app.state.session_factory) as session:  # type: ignore[attr-defined]
            session.add(
                t.LearningGoal(
                    person_id=ids["E3"], skill_id=ids["skill:postgresql"], target_level=4
                )
            )
            session.get(t.Person, ids["E4"]).job_family = "learning-development"  # type: ignore[union-attr]
        yield c


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def started(client: TestClient, ids: dict[str, int]) -> int:
    """Cleo asks Ana for mentoring through the pages; Ana accepts; the relationship's id."""
    sign_in(client, ids["E3"])
    location = post_form(
        client,
        "/ask",
        {
            "need": "our postgres replicas keep lagging",
            "kind": "mentoring",
            "urgency": "normal",
            "at_once": "1",
            "guide_ids": str(ids["E1"]),
        },
    )
    sign_in(client, ids["E1"])
    post_form(client, f"{location}/accept")
    page = parse(client.get("/relationships"))
    links = page.all("relationship-link")
    assert [" ".join(e.text.split()) for e in links] == ["Cleo Martin"]
    match = re.fullmatch(r"/relationships/(\d+)", links[0].attrs["href"])
    assert match
    return int(match.group(1))


def planned(client: TestClient, rid: int, when: str = "2026-12-01T10:00") -> int:
    location = post_form(client, f"/relationships/{rid}/sessions", {"scheduled_at": when})
    match = re.fullmatch(rf"/relationships/{rid}/sessions/(\d+)", location)
    assert match, location
    return int(match.group(1))


def test_the_cycle_through_the_pages(client: TestClient, ids: dict[str, int]) -> None:
    rid = started(client, ids)
    page = parse(client.get(f"/relationships/{rid}"))
    assert page.text("relationship-title") == "Mentoring: Cleo Martin learns from Ana Lima"
    assert page.text("agreement-goals") == "PostgreSQL"
    assert page.text("agreement-cadence") == "every 2 weeks"
    post_form(
        client,
        f"/relationships/{rid}/agreement",
        {"version": "1", "goal_ids": [], "cadence_weeks": "3", "confidentiality": "Ours"},
    )
    page = parse(client.get(f"/relationships/{rid}"))
    assert page.text("agreement-cadence") == "every 3 weeks"
    stale = client.post(
        f"/relationships/{rid}/agreement",
        data={"version": "1", "cadence_weeks": "1", "confidentiality": ""},
    )
    assert stale.status_code == 409 and "changed since you opened it" in stale.text
    sid = planned(client, rid)
    post_form(
        client,
        f"/relationships/{rid}/sessions/{sid}/complete",
        {
            "owner_ids": [str(ids["E3"]), str(ids["E1"]), str(ids["E1"])],
            "whats": ["List the slow queries", "Send the checklist", ""],
            "due_ons": ["2026-12-08", "", ""],
        },
    )
    page = parse(client.get(f"/relationships/{rid}/sessions/{sid}"))
    assert [" ".join(e.text.split()) for e in page.all("commitment-what")] == [
        "List the slow queries",
        "Send the checklist",
    ]
    assert page.all("session-completed")
    nxt = planned(client, rid, "2026-12-15T10:00")
    page = parse(client.get(f"/relationships/{rid}/sessions/{nxt}"))
    assert "List the slow queries (by 08 Dec)" in page.text("agenda-text")
    assert len(page.all("to-review")) == 2
    form = page.all("review-form")[0]
    assert form.attrs["action"] == f"/relationships/{rid}/sessions/{nxt}/reviews"
    rel = parse(client.get(f"/relationships/{rid}"))
    first_id = rel.all("open-commitment")
    assert len(first_id) == 2
    commitment = client.get(f"/api/v1/relationships/{rid}/sessions/{nxt}").json()["to_review"][0]
    post_form(
        client,
        f"/relationships/{rid}/sessions/{nxt}/reviews",
        {"commitment_id": str(commitment["id"]), "review": "done", "note": "Found five"},
    )
    page = parse(client.get(f"/relationships/{rid}/sessions/{nxt}"))
    assert len(page.all("reviewed-here")) == 1 and len(page.all("to-review")) == 1
    assert page.text("commitment-review") == "Done"
    post_form(
        client,
        f"/relationships/{rid}/check-ins",
        {"how_it_goes": "4", "meeting_as_agreed": "true", "note": "Good pace"},
    )
    rel = parse(client.get(f"/relationships/{rid}"))
    assert "4 of 5" in rel.text("latest-check-in") and "Good pace" in rel.text("latest-check-in")
    assert next(" ".join(e.text.split()) for e in rel.all("reviewed-commitment")).startswith(
        "List the slow queries"
    )
    # Ending, then blind feedback both ways.
    post_form(
        client, f"/relationships/{rid}/end", {"reason": "goals_reached", "reflection": "Thanks"}
    )
    rel = parse(client.get(f"/relationships/{rid}"))
    assert rel.text("ending-reason") == "We reached the goals"
    assert rel.all("feedback-form")
    post_form(client, f"/relationships/{rid}/feedback", {"rating": "4", "note": "Did the work"})
    sign_in(client, ids["E3"])
    nav = parse(client.get("/relationships"))
    assert nav.text("waiting-relationships").startswith("1")  # feedback to give
    rel = parse(client.get(f"/relationships/{rid}"))
    assert (
        not rel.all("their-feedback")
        and "Did the work" not in client.get(f"/relationships/{rid}").text
    )
    post_form(
        client,
        f"/relationships/{rid}/feedback",
        {
            "rating": "5",
            "skill_ids": [str(ids["skill:postgresql"])],
            "skill_ratings": ["5"],
            "note": "Clear and kind",
        },
    )
    rel = parse(client.get(f"/relationships/{rid}"))
    assert "Did the work" in rel.text("their-feedback")
    assert "PostgreSQL: 5 of 5" in rel.text("my-feedback")
    assert not parse(client.get("/relationships")).all("waiting-relationships")


def test_the_other_persons_pages_never_show_a_reflection(
    client: TestClient, ids: dict[str, int]
) -> None:
    rid = started(client, ids)
    sid = planned(client, rid)
    sign_in(client, ids["E3"])
    post_form(client, f"/relationships/{rid}/sessions/{sid}/reflection", {"body": SECRET})
    own = parse(client.get(f"/relationships/{rid}/sessions/{sid}"))
    assert own.text("reflection-body") == SECRET
    # htmx saves it in place.
    partial = client.post(
        f"/relationships/{rid}/sessions/{sid}/reflection",
        data={"body": SECRET + "!"},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    assert parse(partial).all("reflection-saved")
    sign_in(client, ids["E1"])
    for url in (f"/relationships/{rid}/sessions/{sid}", f"/relationships/{rid}", "/relationships"):
        response = client.get(url)
        assert response.status_code == 200 and SECRET not in response.text
    assert parse(client.get(f"/relationships/{rid}/sessions/{sid}")).text("reflection-body") == ""
    for outsider in ("E2", "E4"):
        sign_in(client, ids[outsider])
        for url in (f"/relationships/{rid}", f"/relationships/{rid}/sessions/{sid}"):
            response = client.get(url)
            assert response.status_code == 403 and SECRET not in response.text


def test_notes_saved_in_between_keep_my_text_on_the_page(
    client: TestClient, ids: dict[str, int]
) -> None:
    rid = started(client, ids)
    sid = planned(client, rid)
    post_form(
        client,
        f"/relationships/{rid}/sessions/{sid}/notes",
        {"version": "1", "notes": "Ana: check WAL settings"},
    )
    sign_in(client, ids["E3"])
    late = client.post(
        f"/relationships/{rid}/sessions/{sid}/notes",
        data={"version": "1", "notes": "Cleo: the lag starts at 2am"},
    )
    assert late.status_code == 409
    page = parse(late)
    assert "by Ana Lima" in page.text("notes-conflict")
    assert page.text("notes-current") == "Ana: check WAL settings"
    assert page.text("notes-body") == "Cleo: the lag starts at 2am"  # kept, not lost
    assert page.all("notes-form")[0].attrs["action"].endswith("/notes")
    page = parse(client.get(f"/relationships/{rid}/sessions/{sid}"))
    assert page.text("notes-body") == "Ana: check WAL settings"


def test_invitations_and_reports_through_the_pages(client: TestClient, ids: dict[str, int]) -> None:
    sign_in(client, ids["E2"])
    bad = client.post("/relationships", data={"colleague": "nobody@example.com"})
    assert bad.status_code == 422 and "colleague" in parse(bad).text("error-list")
    location = post_form(
        client,
        "/relationships",
        {"colleague": "cleo@example.com", "my_side": "guide", "kind": "coaching", "message": "Hi"},
    )
    rid = int(location.rsplit("/", 1)[1])
    sign_in(client, ids["E3"])
    assert parse(client.get("/relationships")).text("waiting-relationships").startswith("1")
    page = parse(client.get(location))
    assert page.text("invitation-message") == "Hi" and page.all("accept-form")
    post_form(client, f"{location}/answer", {"accept": "true"})
    assert parse(client.get(location)).text("relationship-state") == "Active"
    reported = post_form(client, f"{location}/reports", {"what": "Shouted at me"})
    assert "reported=true" in reported
    assert parse(client.get(reported)).all("reported-notice")
    sign_in(client, ids["E2"])  # the person reported sees nothing of it
    assert "Shouted" not in client.get(location).text
    assert parse(client.get("/relationships/reports")).all("no-reports")
    sign_in(client, ids["E4"])  # Learning & Development
    assert parse(client.get("/relationships")).all("reports-link")
    page = parse(client.get("/relationships/reports"))
    assert page.text("report-what") == "Shouted at me"
    report_id = page.all("report")[0]
    assert report_id.attrs["data-handled"] == "false"
    rid_report = client.get("/api/v1/misconduct-reports").json()[0]["id"]
    post_form(client, f"/relationships/reports/{rid_report}/handled", {"note": "Spoke to Ben"})
    page = parse(client.get("/relationships/reports"))
    assert "Spoke to Ben" in page.text("report-handled")
    assert rid  # the invitation's relationship


def test_anonymous_visitors_are_asked_to_sign_in(client: TestClient) -> None:
    sign_out(client)
    for path in ("/relationships", "/relationships/1"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/sign-in?next=" + path.replace("/", "%2F")
