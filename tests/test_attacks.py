"""Attacks on the app through real HTTP, on SQLite and PostgreSQL: hostile text stored and
reflected (XSS), SQL in every search box, reading other people's records by id (IDOR), and
oversized or malformed input. Each case is a row; docs/security.md records the counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from tests.test_relationships_api import ok, started
from tests.tiny_org import assert_problem, sign_in, tiny_client

# Each tries to leave the text it sits in: element, attribute (both quotes), URL, script.
HOSTILE = [
    "<script>alert('pf-xss-1')</script>",
    '"><img src=x onerror=alert("pf-xss-2")>',
    "'><svg onload=alert('pf-xss-3')>",
    "javascript:alert('pf-xss-4')",
    "</textarea><script>alert('pf-xss-5')</script>",
]
RAW = re.compile(r"<script>alert|<img src=x onerror|<svg onload|href=\"javascript:", re.I)


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        factory = c.app.state.session_factory  # type: ignore[attr-defined]
        with unit_of_work(factory) as session:
            ana = session.get(t.Person, c.app.state.ids["E1"])  # type: ignore[attr-defined]
            assert ana is not None
            ana.name, ana.title = HOSTILE[0], HOSTILE[1]
            ana.location = HOSTILE[2]
            skill = session.scalars(select(t.Skill).where(t.Skill.name == "SQL")).one()
            skill.name = HOSTILE[4]
        yield c


def _ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def _no_raw_markup(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code < 500, url
    assert not RAW.search(answer.text), (url, RAW.search(answer.text))


def test_hostile_text_is_shown_as_text_everywhere(client: TestClient) -> None:
    ids = _ids(client)
    rid = started(client, ids)  # Ana (E1) and Cleo (E3), signed in as Ana
    base = f"/api/v1/relationships/{rid}"
    sid = ok(client.post(f"{base}/sessions", json={"scheduled_at": "2026-12-01T10:00:00Z"}), 201)
    ok(client.put(f"{base}/sessions/{sid['id']}/notes", json={"notes": HOSTILE[1], "version": 1}))
    ok(client.put(f"{base}/sessions/{sid['id']}/reflection", json={"body": HOSTILE[2]}))
    ok(client.post(f"/api/v1/people/{ids['E2']}/kudos", json={"note": HOSTILE[3]}), 201)
    text = {"kind": "talk", "title": HOSTILE[0], "body": f"about {HOSTILE[1]} and postgresql"}
    ok(client.post("/api/v1/evidence", json={**text, "link": "https://example.com/x"}), 201)
    sign_in(client, ids["E3"])
    asked = client.post(
        "/api/v1/requests", json={"need": HOSTILE[4] + " postgres", "guide_ids": [ids["E1"]]}
    )
    rq = ok(asked, 201)["request"]["id"]
    for url in [
        "/", "/people", f"/people/{ids['E1']}", f"/people/{ids['E2']}", "/skills",
        f"/skills/{ids['skill:sql']}", "/departments", "/find?q=postgresql",
        f"/relationships/{rid}", f"/relationships/{rid}/sessions/{sid['id']}",
        "/relationships", f"/requests/{rq}", "/requests", "/notifications",
    ]:  # fmt: skip
        _no_raw_markup(client, url)
    sign_in(client, ids["E1"])
    for url in [f"/relationships/{rid}/sessions/{sid['id']}", f"/requests/{rq}", "/notifications"]:
        _no_raw_markup(client, url)


REFLECTED = ["/people?q={}", "/find?q={}", "/skills?q={}", "/sign-in?next={}", "/ask?need={}",
             "/nowhere/{}", "/people/{}"]  # fmt: skip


def test_hostile_text_in_the_address_is_not_reflected_as_markup(client: TestClient) -> None:
    for url in REFLECTED:
        for payload in HOSTILE:
            _no_raw_markup(client, url.format(payload))


SQL = [
    "' OR '1'='1",
    "'; DROP TABLE people; --",
    '" OR ""="',
    "1) UNION SELECT email FROM people --",
    "%' AND 1=CAST((SELECT password_hash FROM accounts LIMIT 1) AS int) --",
]


SEARCHES = ["/api/v1/people?q={}", "/api/v1/skills?q={}", "/api/v1/experts?q={}",
            "/api/v1/people?skill={}", "/api/v1/people?location={}"]  # fmt: skip
NOT_IDS = ["/api/v1/people/1 OR 1=1", "/api/v1/people/-1", "/api/v1/people/99999999999",
           "/api/v1/requests/1;DELETE", "/api/v1/relationships/0x10"]  # fmt: skip


def test_sql_in_a_search_is_only_text(client: TestClient) -> None:
    for url in SEARCHES:
        for payload in SQL:
            answer = client.get(url.format(payload))
            assert answer.status_code in (200, 422), (url, payload, answer.text)
            if answer.status_code == 200:
                found = answer.json()
                assert found.get("total", len(found["items"])) == 0, (url, payload)
    assert client.get("/api/v1/people").json()["total"] == 4  # nothing dropped
    for url in NOT_IDS:  # ids that are not ids are refused by name, never passed on
        assert_problem(client.get(url), 422)


def test_other_peoples_records_cannot_be_read_by_id(client: TestClient) -> None:
    ids = _ids(client)
    rid = started(client, ids)  # Ana and Cleo
    sign_in(client, ids["E3"])
    asked = ok(
        client.post("/api/v1/requests", json={"need": "postgres help", "guide_ids": [ids["E1"]]}),
        201,
    )
    token = ok(client.post("/api/v1/me/tokens", json={"name": "mine"}), 201)
    sign_in(client, ids["E4"])  # neither of them
    for url in [f"/api/v1/relationships/{rid}", f"/api/v1/requests/{asked['request']['id']}"]:
        assert client.get(url).status_code in (403, 404), url
    assert_problem(client.delete(f"/api/v1/me/tokens/{token['id']}"), 404)
    assert ok(client.get("/api/v1/me/notifications/history"))["items"] == []
    for page in [f"/relationships/{rid}", f"/requests/{asked['request']['id']}"]:
        answer = client.get(page)
        assert answer.status_code in (403, 404) and "postgres help" not in answer.text


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("POST", "/api/v1/evidence", {"kind": "talk", "title": "x" * 100_000, "body": "b"}, 422),
        ("POST", "/api/v1/requests", {"need": "n" * 1_000_000}, 422),
        ("POST", "/api/v1/people/{E2}/kudos", {"note": ["not", "text"]}, 422),
        ("POST", "/api/v1/requests", "not json at all", 422),
        ("POST", "/api/v1/requests", {"need": "x", "at_once": 10**30}, 422),
        ("PUT", "/api/v1/me/notifications", {"choices": {f"k{i}": [] for i in range(500)}}, 422),
    ],
)
def test_oversized_and_malformed_bodies_are_refused_cleanly(
    client: TestClient, method: str, url: str, body: object, status: int
) -> None:
    ids = _ids(client)
    before = client.get("/api/v1/requests").json()
    if isinstance(body, str):
        answer = client.request(
            method, url, content=body, headers={"content-type": "application/json"}
        )
    else:
        answer = client.request(method, url.format(E2=ids["E2"]), json=body)
    assert_problem(answer, status)
    assert client.get("/api/v1/requests").json() == before
