""" "Who can help me?" over a real database: ranking, reasons, filters, updates, surfaces."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from peoplefirst.cli.main import app as cli
from peoplefirst.services.capacity import set_budget
from peoplefirst.services.experts import build_index, find_experts
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.experts import ExpertFilter
from tests.tiny_org import sign_in, tiny_client, tiny_org


@pytest.fixture
def org(engine: Engine) -> dict[str, int]:
    with unit_of_work(make_session_factory(engine)) as session:
        return tiny_org(session)


def _names(engine: Engine, need: str, **filters: object) -> list[str]:
    with unit_of_work(make_session_factory(engine)) as session:
        page = find_experts(
            session=session,
            index=build_index(session=session),
            need=need,
            filters=ExpertFilter(**filters),  # type: ignore[arg-type]
            balanced=False,  # pure relevance; balancing for load has its own test
        )
        return [e.person.name for e in page.items]


@pytest.mark.parametrize(
    ("need", "first"),
    [
        ("our postgres replicas keep lagging", "Ana Lima"),
        ("psql query tuning", "Ana Lima"),
        ("how do I negotiate a renewal with a big customer", "Cleo Martin"),
        ("k8s for stateful services", "Ben Okafor"),
        ("help with data", "Ana Lima"),  # a category counts its sub-skills
    ],
)
def test_the_obvious_expert_comes_first(
    engine: Engine, org: dict[str, int], need: str, first: str
) -> None:
    assert _names(engine, need)[0] == first


def test_the_reasons_name_the_skill_and_the_work(engine: Engine, org: dict[str, int]) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        page = find_experts(
            session=session, index=build_index(session=session), need="postgres replication lag"
        )
    top = page.items[0]
    assert [s.skill.key for s in top.skills] == ["postgresql"]
    assert top.skills[0].source == "vetted"
    assert top.evidence[0].title == "Fixing replication lag on our Postgres replicas"
    assert "replication lag" in top.evidence[0].snippet.lower()
    assert top.why.startswith("Expert in PostgreSQL (vetted)")
    assert [s.key for s in page.named_skills] == ["postgresql"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"Ben Okafor", "Dev Rao"}),
        ({"language": "hi"}, {"Dev Rao"}),
        ({"role": "mentor"}, {"Dev Rao"}),
        ({"location": "lagos"}, {"Ben Okafor"}),
        ({"time_zone": "UTC"}, {"Ben Okafor", "Dev Rao"}),
        ({"time_zone": "Asia/Kolkata"}, set()),
        ({"language": "fr"}, set()),
    ],
)
def test_filters(
    engine: Engine, org: dict[str, int], filters: dict[str, str], expected: set[str]
) -> None:
    assert set(_names(engine, "kubernetes operators", **filters)) == expected


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def test_the_api_answers_and_follows_changes(client: TestClient) -> None:
    found = client.get("/api/v1/experts", params={"q": "negotiate a renewal"}).json()
    assert found["items"][0]["person"]["name"] == "Cleo Martin"
    assert found["items"][0]["evidence"][0]["title"] == "Renewal negotiations that work"
    nobody = client.get("/api/v1/experts", params={"q": "origami"}).json()
    assert nobody["items"] == []
    # New evidence is searchable on the next request, without a restart.
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        dev = session.scalar(select(t.Person).where(t.Person.employee_id == "E4"))
        assert dev is not None
        session.add(
            t.EvidenceItem(
                id=99,
                kind="talk",
                title="Origami for engineers",
                body="Folding paper teaches patience.",
                link="",
            )
        )
        session.flush()
        session.add(t.EvidenceCredit(evidence_id=99, person_id=dev.id))
    again = client.get("/api/v1/experts", params={"q": "origami"}).json()
    assert [e["person"]["name"] for e in again["items"]] == ["Dev Rao"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "\u0085"}, "q"),  # a C1 control character, though Python counts it as space
        ({"q": "\ufeff"}, "q"),  # a byte-order mark alone says nothing
        ({"q": "x" * 2001}, "q"),
        ({"q": "sql", "role": "wizard"}, "role"),
        ({"q": "sql", "limit": 0}, "limit"),
        ({"q": "sql", "department": 999999}, None),
    ],
)
def test_bad_requests(client: TestClient, params: dict[str, object], field: str | None) -> None:
    response = client.get("/api/v1/experts", params=params)  # type: ignore[arg-type]
    assert response.status_code in (404, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]


def test_the_page_shows_people_and_reasons(client: TestClient) -> None:
    page = client.get("/find", params={"q": "our postgres replicas keep lagging"})
    assert page.status_code == 200
    assert "Ana Lima" in page.text and "Fixing replication lag" in page.text
    partial = client.get("/find", params={"q": "k8s"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "Ben Okafor" in partial.text
    assert "Say what you need" in client.get("/find").text


def test_find_command(
    engine: Engine, org: dict[str, int], empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    runner = CliRunner()
    text = runner.invoke(cli, ["find", "negotiate a renewal", "--top", "2"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("1. Cleo Martin")
    as_json = runner.invoke(cli, ["find", "postgres", "--json"])
    assert json.loads(as_json.output)["items"][0]["person"]["name"] == "Ana Lima"
    empty = runner.invoke(cli, ["find", "  "])
    assert empty.exit_code == 1 and "say what you need help with" in empty.output


def test_people_who_opted_out_or_are_away_are_never_suggested(
    engine: Engine, org: dict[str, int]
) -> None:
    from datetime import date, timedelta

    from peoplefirst.domain.errors import InvalidInput, NotPermitted
    from peoplefirst.domain.policy import Viewer
    from peoplefirst.services.availability import set_availability

    today = date(2026, 11, 24)
    with unit_of_work(make_session_factory(engine)) as session:
        ben = Viewer(org["E2"])
        set_availability(
            session=session,
            viewer=ben,
            person_id=org["E2"],
            findable=False,
            away_until=None,
            today=today,
        )
        dev = Viewer(org["E4"])
        set_availability(
            session=session,
            viewer=dev,
            person_id=org["E4"],
            findable=True,
            away_until=today + timedelta(days=7),
            today=today,
        )
        with pytest.raises(NotPermitted):
            set_availability(
                session=session,
                viewer=ben,
                person_id=org["E1"],
                findable=False,
                away_until=None,
                today=today,
            )
        with pytest.raises(InvalidInput, match="away_until"):
            set_availability(
                session=session,
                viewer=dev,
                person_id=org["E4"],
                findable=True,
                away_until=today - timedelta(days=1),
                today=today,
            )
        index = build_index(session=session)
        names = [
            e.person.name
            for e in find_experts(
                session=session, index=index, need="kubernetes", today=today
            ).items
        ]
        assert names == []
        later = today + timedelta(days=8)
        names = [
            e.person.name
            for e in find_experts(
                session=session, index=index, need="kubernetes", today=later
            ).items
        ]
        assert names == ["Dev Rao"]


def test_a_saturated_go_to_person_is_not_always_first(engine: Engine, org: dict[str, int]) -> None:
    from peoplefirst.domain.vocabulary import CapacityChannel
    from peoplefirst.services.capacity import draw_capacity

    with unit_of_work(make_session_factory(engine)) as session:
        # Ben and Dev co-wrote the Kubernetes text; Ben claims Kubernetes at 4, Dev at 3.
        index = build_index(session=session)
        relevance = [
            e.person.name
            for e in find_experts(
                session=session, index=index, need="kubernetes", balanced=False
            ).items
        ]
        assert relevance[:2] == ["Ben Okafor", "Dev Rao"]
        set_budget(session=session, person_id=org["E2"], hours_per_month=2, people_at_once=1)
        set_budget(session=session, person_id=org["E4"], hours_per_month=8, people_at_once=4)
        draw_capacity(
            session=session,
            person_id=org["E2"],
            channel=CapacityChannel.MENTORING,
            hours_per_month=2,
        )
        balanced = [
            e.person.name
            for e in find_experts(session=session, index=index, need="kubernetes").items
        ]
        assert balanced[:2] == ["Dev Rao", "Ben Okafor"]
        still = [
            e.person.name
            for e in find_experts(
                session=session, index=index, need="kubernetes", balanced=False
            ).items
        ]
        assert still == relevance


def test_only_the_person_can_change_their_availability_on_the_page(client: TestClient) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        ids = dict(session.execute(select(t.Person.employee_id, t.Person.id)).all())
    sign_in(client, ids["E1"])
    assert (
        client.post(f"/people/{ids['E3']}/availability", data={"findable": "false"}).status_code
        == 403
    )


def test_the_reasons_say_when_someone_is_a_hidden_expert(
    engine: Engine, org: dict[str, int]
) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        index = build_index(session=session)
        k8s = find_experts(session=session, index=index, need="kubernetes stateful services")
        pg = find_experts(session=session, index=index, need="postgres replication lag")
    # Ben's and Dev's Kubernetes is self-declared, unendorsed, and nobody has asked them.
    assert all("not widely known for this yet" in e.why for e in k8s.items)
    assert all(e.person.name != "Ana Lima" or "not widely known" not in e.why for e in pg.items)
    assert pg.items[0].person.name == "Ana Lima"
