"""Keeping expertise current: skill levels, endorsements, evidence, and the expert index that
follows each change without a rebuild. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    EvidenceNotFound,
    InvalidInput,
    NotPermitted,
    NotSignedIn,
    PeopleFirstError,
    SkillNotFound,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.services import profile
from peoplefirst.services.experts import ExpertIndexCache
from peoplefirst.services.profile import EvidenceDraft
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from tests.tiny_org import assert_problem, sign_in, sign_out, tiny_client, tiny_org

Ids = dict[str, int]


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        return tiny_org(session)


def _evidence_id(session: Session, title: str) -> int:
    found = session.scalar(select(t.EvidenceItem.id).where(t.EvidenceItem.title == title))
    assert found is not None
    return found


def _claim_cleo_kubernetes(session: Session, ids: Ids) -> None:
    profile.set_skill_level(
        session=session,
        viewer=Viewer(ids["E3"]),
        person_id=ids["E3"],
        skill_id=ids["skill:kubernetes"],
        level=5,
    )


def _remove_anas_postgresql(session: Session, ids: Ids) -> None:
    profile.remove_skill(
        session=session,
        viewer=Viewer(ids["E1"]),
        person_id=ids["E1"],
        skill_id=ids["skill:postgresql"],
    )


def _raise_bens_postgresql(session: Session, ids: Ids) -> None:
    profile.set_skill_level(
        session=session,
        viewer=Viewer(ids["E2"]),
        person_id=ids["E2"],
        skill_id=ids["skill:postgresql"],
        level=5,
    )


def _endorse_devs_kubernetes(session: Session, ids: Ids) -> None:
    profile.endorse(
        session=session,
        viewer=Viewer(ids["E1"]),
        person_id=ids["E4"],
        skill_id=ids["skill:kubernetes"],
    )


def _dev_writes_about_origami(session: Session, ids: Ids) -> None:
    profile.add_evidence(
        session=session,
        viewer=Viewer(ids["E4"]),
        draft=EvidenceDraft("talk", "Origami for engineers", "Folding paper teaches patience."),
    )


def _cleo_rewrites_her_text(session: Session, ids: Ids) -> None:
    profile.update_evidence(
        session=session,
        viewer=Viewer(ids["E3"]),
        evidence_id=_evidence_id(session, "Renewal negotiations that work"),
        draft=EvidenceDraft("post", "Pricing workshops", "How we run pricing workshops."),
    )


def _cleo_removes_her_text(session: Session, ids: Ids) -> None:
    profile.remove_evidence(
        session=session,
        viewer=Viewer(ids["E3"]),
        evidence_id=_evidence_id(session, "Renewal negotiations that work"),
    )


def _ben_leaves(session: Session, ids: Ids) -> None:
    person = session.get(t.Person, ids["E2"])
    session.delete(person)
    session.flush()


def _credit_cleo_on_the_kubernetes_text(session: Session, ids: Ids) -> None:
    session.add(
        t.EvidenceCredit(
            evidence_id=_evidence_id(session, "Running stateful services on Kubernetes"),
            person_id=ids["E3"],
        )
    )
    session.flush()


def _names_and_levels(cache: ExpertIndexCache, session: Session, need: str) -> list[str]:
    names = dict(session.execute(select(t.Person.id, t.Person.name)).all())
    return [
        names[m.person]
        + "".join(f" {s.key}:{s.level}/{s.source}/{s.endorsements}" for s in m.skills)
        for m in cache.current(session).find(need)
    ]


# What changes, the need searched, who is found before and after (with matched skills).
CHANGES: list[tuple[Callable[[Session, Ids], None], str, list[str], list[str]]] = [
    (
        _claim_cleo_kubernetes,
        "kubernetes",
        ["Ben Okafor kubernetes:4/self/0", "Dev Rao kubernetes:3/self/0"],
        [
            "Cleo Martin kubernetes:5/self/0",
            "Ben Okafor kubernetes:4/self/0",
            "Dev Rao kubernetes:3/self/0",
        ],
    ),
    (
        _raise_bens_postgresql,
        "psql",
        ["Ana Lima postgresql:5/vetted/0", "Ben Okafor postgresql:2/self/0"],
        ["Ana Lima postgresql:5/vetted/0", "Ben Okafor postgresql:5/self/0"],
    ),
    (
        _remove_anas_postgresql,
        "psql",
        ["Ana Lima postgresql:5/vetted/0", "Ben Okafor postgresql:2/self/0"],
        ["Ben Okafor postgresql:2/self/0"],
    ),
    (
        _endorse_devs_kubernetes,
        "kubernetes",
        ["Ben Okafor kubernetes:4/self/0", "Dev Rao kubernetes:3/self/0"],
        ["Ben Okafor kubernetes:4/self/0", "Dev Rao kubernetes:3/endorsed/1"],
    ),
    (_dev_writes_about_origami, "origami", [], ["Dev Rao"]),
    (_cleo_rewrites_her_text, "renewal", ["Cleo Martin"], []),
    (_cleo_rewrites_her_text, "pricing workshops", [], ["Cleo Martin"]),
    (_cleo_removes_her_text, "renewal", ["Cleo Martin"], []),
    (
        _ben_leaves,
        "stateful services",
        ["Ben Okafor", "Dev Rao"],
        ["Dev Rao"],
    ),
    (
        _credit_cleo_on_the_kubernetes_text,
        "stateful services",
        ["Ben Okafor", "Dev Rao"],
        ["Ben Okafor", "Cleo Martin", "Dev Rao"],
    ),
]


@pytest.mark.parametrize(
    ("change", "need", "before", "after"),
    CHANGES,
    ids=[f"{c[0].__name__.strip('_')}-{c[1]}" for c in CHANGES],
)
def test_the_index_follows_each_change_without_a_rebuild(
    engine: Engine,
    org: Ids,
    change: Callable[[Session, Ids], None],
    need: str,
    before: list[str],
    after: list[str],
) -> None:
    cache = ExpertIndexCache(recheck_seconds=0)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        index = cache.current(session)
        assert _names_and_levels(cache, session, need) == before
    with unit_of_work(factory) as session:
        change(session, org)
    with unit_of_work(factory) as session:
        assert sorted(_names_and_levels(cache, session, need)) == sorted(after)
        assert cache.current(session) is index and cache.rebuilds == 1
        assert cache.changes_applied >= 1


def test_a_taxonomy_change_rebuilds_the_index(engine: Engine, org: Ids) -> None:
    from peoplefirst.services.hr_import import import_taxonomy

    cache = ExpertIndexCache(recheck_seconds=0)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        assert cache.current(session).find("pg") == []
        import_taxonomy(
            session=session, text="id,name,aliases,parent\npostgresql,PostgreSQL,pg,data\n"
        )
    with unit_of_work(factory) as session:
        assert cache.current(session).find("pg")[0].person == org["E1"]
        assert cache.rebuilds == 2


def test_nothing_changes_nothing_is_applied(engine: Engine, org: Ids) -> None:
    cache = ExpertIndexCache(recheck_seconds=0)
    with unit_of_work(make_session_factory(engine)) as session:
        first = cache.current(session)
        for _ in range(3):
            assert cache.current(session) is first
    assert (cache.rebuilds, cache.changes_applied) == (1, 0)


def test_the_index_rechecks_at_most_every_few_seconds(engine: Engine, org: Ids) -> None:
    cache = ExpertIndexCache(recheck_seconds=3600)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        cache.current(session)
        _dev_writes_about_origami(session, org)
    with unit_of_work(factory) as session:
        assert cache.current(session).find("origami") == []  # within the interval
        cache.checked_at = float("-inf")  # the interval has passed
        assert cache.current(session).find("origami")[0].person == org["E4"]


def test_a_note_that_commits_late_is_still_applied(engine: Engine, org: Ids) -> None:
    """PostgreSQL gives out ids before commit: note n+1 may be visible before note n."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: notes commit in id order")
    cache = ExpertIndexCache(recheck_seconds=0)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        cache.current(session)
    slow = factory()
    try:
        _dev_writes_about_origami(slow, org)  # takes its note id, does not commit yet
        with unit_of_work(factory) as session:
            _claim_cleo_kubernetes(session, org)
        with unit_of_work(factory) as session:
            assert {m.person for m in cache.current(session).find("kubernetes")} >= {org["E3"]}
            assert cache.current(session).find("origami") == []
        slow.commit()
    finally:
        slow.close()
    with unit_of_work(factory) as session:
        assert cache.current(session).find("origami")[0].person == org["E4"]
        assert cache.rebuilds == 1


def test_a_gap_left_by_a_rolled_back_transaction_is_passed_after_a_while() -> None:
    cache = ExpertIndexCache()
    cache._advance([1, 2, 4, 5], now=100.0)
    assert cache.applied_upto == 2  # 3 may still commit
    cache._advance([], now=150.0)
    assert cache.applied_upto == 2
    cache._advance([], now=161.0)
    assert cache.applied_upto == 5 and not cache.applied_beyond and not cache.missing_since


# -- the rules of profile edits ---------------------------------------------------------------


def _level_and_source(session: Session, person: int, skill: int) -> tuple[int, str] | None:
    held = session.get(t.PersonSkill, (person, skill))
    session.refresh(held) if held is not None else None
    return (held.level, held.source) if held is not None else None


def test_levels_and_endorsements_say_how_a_skill_is_known(engine: Engine, org: Ids) -> None:
    dev, k8s = org["E4"], org["skill:kubernetes"]
    with unit_of_work(make_session_factory(engine)) as session:
        me, ana, ben = Viewer(dev), Viewer(org["E1"]), Viewer(org["E2"])
        kw = {"session": session, "person_id": dev, "skill_id": k8s}
        assert profile.endorse(viewer=ana, note="Saved our upgrade", **kw) == 1  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) == (3, "endorsed")
        assert profile.endorse(viewer=ana, note="Twice", **kw) == 1  # type: ignore[arg-type]
        assert profile.endorse(viewer=ben, **kw) == 2  # type: ignore[arg-type]
        profile.set_skill_level(viewer=me, level=2, **kw)  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) == (2, "endorsed")  # lowering keeps it
        profile.set_skill_level(viewer=me, level=4, **kw)  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) == (4, "self")  # raising needs new word
        assert profile.withdraw_endorsement(viewer=ana, **kw) == 1  # type: ignore[arg-type]
        profile.endorse(viewer=ana, **kw)  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) == (4, "endorsed")
        profile.withdraw_endorsement(viewer=ana, **kw)  # type: ignore[arg-type]
        assert profile.withdraw_endorsement(viewer=ben, **kw) == 0  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) == (4, "self")
        profile.endorse(viewer=ben, **kw)  # type: ignore[arg-type]
        profile.remove_skill(viewer=me, **kw)  # type: ignore[arg-type]
        assert _level_and_source(session, dev, k8s) is None
        assert session.scalar(select(func.count()).select_from(t.Endorsement)) == 0


Attempt = Callable[[Session, Ids], object]
TEXT = "Fixing replication lag on our Postgres replicas"


def _draft(**changes: object) -> EvidenceDraft:
    fields: dict[str, object] = {"kind": "talk", "title": "A talk", "body": "About things."}
    return EvidenceDraft(**{**fields, **changes})  # type: ignore[arg-type]


def _add(who: str | None, **changes: object) -> Attempt:
    return lambda s, o: profile.add_evidence(
        session=s,
        viewer=Viewer(o[who] if who else None),
        draft=_draft(
            **{
                k: [o.get(x, x) for x in v] if isinstance(v, list) else v
                for k, v in changes.items()
            }
        ),
        today=date(2026, 11, 24),
    )


def _level(who: str | None, whose: str, skill: str | int, level: int) -> Attempt:
    return lambda s, o: profile.set_skill_level(
        session=s,
        viewer=Viewer(o[who] if who else None),
        person_id=o[whose],
        skill_id=o.get(str(skill), skill),  # type: ignore[arg-type]
        level=level,
    )


def _endorse(who: str, whose: str, note: str = "") -> Attempt:
    return lambda s, o: profile.endorse(
        session=s,
        viewer=Viewer(o[who]),
        person_id=o[whose],
        skill_id=o["skill:kubernetes"],
        note=note,
    )


TRIES: list[tuple[str, Attempt, type[PeopleFirstError], str]] = [
    ("anonymous level", _level(None, "E1", "skill:kubernetes", 3), NotSignedIn, "sign in"),
    ("someone else's level", _level("E2", "E1", "skill:kubernetes", 3), NotPermitted, "only the person"),
    ("level 6", _level("E1", "E1", "skill:kubernetes", 6), InvalidInput, "level: must be between 1 and 5"),
    ("unknown skill", _level("E1", "E1", 99999, 3), SkillNotFound, "99999"),
    ("own endorsement", _endorse("E2", "E2"), NotPermitted, "your own"),
    ("endorse an unlisted skill", _endorse("E2", "E1"), InvalidInput, "skill_id: their profile does not list Kubernetes"),
    ("long note", _endorse("E1", "E2", "x" * 1001), InvalidInput, "note:"),
    ("unknown kind", _add("E1", kind="poem"), InvalidInput, "kind: must be one of"),
    ("empty title", _add("E1", title="  "), InvalidInput, "title: must not be empty"),
    ("empty body", _add("E1", body=""), InvalidInput, "body:"),
    ("ftp link", _add("E1", link="ftp://files/x"), InvalidInput, "link: must be an http"),
    ("future date", _add("E1", written_on=date(2027, 1, 1)), InvalidInput, "written_on: must not be in the future"),
    ("unknown skill on a text", _add("E1", skill_ids=["skill:kubernetes", 99999]), InvalidInput, "skill_ids: no skill with id 99999"),
    ("unknown co-author", _add("E1", credited=[99999]), InvalidInput, "credited: no person with id 99999"),
    ("anonymous text", _add(None), NotSignedIn, "sign in"),
    ("someone else's text", lambda s, o: profile.update_evidence(session=s, viewer=Viewer(o["E2"]), evidence_id=_evidence_id(s, TEXT), draft=_draft()), NotPermitted, "credited"),
    ("remove someone else's text", lambda s, o: profile.remove_evidence(session=s, viewer=Viewer(o["E2"]), evidence_id=_evidence_id(s, TEXT)), NotPermitted, "credited"),
    ("missing text", lambda s, o: profile.remove_evidence(session=s, viewer=Viewer(o["E1"]), evidence_id=99999), EvidenceNotFound, "99999"),
]  # fmt: skip


def _everything(session: Session) -> list[object]:
    return [
        sorted(session.execute(select(t.PersonSkill.person_id, t.PersonSkill.skill_id, t.PersonSkill.level, t.PersonSkill.source)).all()),
        sorted(session.execute(select(t.EvidenceItem.id, t.EvidenceItem.title, t.EvidenceItem.body)).all()),
        sorted(session.execute(select(t.EvidenceCredit.evidence_id, t.EvidenceCredit.person_id)).all()),
        session.scalar(select(func.count()).select_from(t.Endorsement)),
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "attempt", "error", "words"), TRIES, ids=[c[0] for c in TRIES])
def test_bad_edits_are_refused_by_name_and_change_nothing(
    engine: Engine,
    org: Ids,
    name: str,
    attempt: Attempt,
    error: type[PeopleFirstError],
    words: str,
) -> None:
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        before = _everything(session)
    with pytest.raises(error, match=words), unit_of_work(factory) as session:
        attempt(session, org)
    with unit_of_work(factory) as session:
        assert _everything(session) == before, name


def test_evidence_round_trip_with_co_authors_and_skills(engine: Engine, org: Ids) -> None:
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        made = profile.add_evidence(
            session=session,
            viewer=Viewer(org["E2"]),
            draft=EvidenceDraft(
                kind="recorded_demo",
                title="  Helm charts, recorded  ",
                body="A walk through our Helm charts.",
                link="https://video.example.com/helm",
                skill_ids=[org["skill:kubernetes"], org["skill:kubernetes"]],
                credited=[org["E4"]],
            ),
            today=date(2026, 11, 24),
        )
    assert made.title == "Helm charts, recorded" and made.kind_label == "Recorded demo"
    assert made.written_on == date(2026, 11, 24)
    assert [p.name for p in made.credited] == ["Ben Okafor", "Dev Rao"]
    assert [s.key for s in made.skills] == ["kubernetes"]
    with unit_of_work(factory) as session:  # a co-author may edit it, and takes the credit
        edited = profile.update_evidence(
            session=session,
            viewer=Viewer(org["E4"]),
            evidence_id=made.id,
            draft=EvidenceDraft("recorded_demo", "Helm charts", "Updated.", date(2026, 1, 2)),
        )
    assert [p.name for p in edited.credited] == ["Dev Rao"] and edited.skills == []
    assert edited.written_on == date(2026, 1, 2)
    with unit_of_work(factory) as session:
        profile.remove_evidence(session=session, viewer=Viewer(org["E4"]), evidence_id=made.id)
        with pytest.raises(EvidenceNotFound):
            profile.get_evidence(session=session, evidence_id=made.id)


# -- the same through the JSON API --------------------------------------------------------------


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def _found(client: TestClient, need: str) -> list[str]:
    items = client.get("/api/v1/experts", params={"q": need, "order": "relevance"}).json()["items"]
    return [i["person"]["name"] for i in items]


def test_the_api_keeps_expertise_current_and_the_finder_follows(client: TestClient) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    cleo, dev, k8s = ids["E3"], ids["E4"], ids["skill:kubernetes"]
    assert _found(client, "helm charts") == []
    sign_in(client, cleo)
    put = client.put(f"/api/v1/people/{cleo}/skills/{k8s}", json={"level": 5})
    assert put.status_code == 200, put.text
    assert {s["skill"]["key"]: s["level"] for s in put.json()["skills"]}["kubernetes"] == 5
    assert "Cleo Martin" in _found(client, "kubernetes")
    made = client.post(
        "/api/v1/evidence",
        json={"kind": "interview_notes", "title": "Helm charts explained", "body": "Values files and templates.", "skill_ids": [k8s]},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    assert _found(client, "helm charts") == ["Cleo Martin"]
    assert client.get(f"/api/v1/evidence/{made.json()['id']}").json()["credited"][0]["id"] == cleo
    endorsed = client.put(f"/api/v1/people/{dev}/skills/{k8s}/endorsement", json={"note": "Great"})
    assert endorsed.json() == {"endorsements": 1}
    assert client.delete(f"/api/v1/evidence/{made.json()['id']}").status_code == 204
    assert _found(client, "helm charts") == []
    assert client.delete(f"/api/v1/people/{cleo}/skills/{k8s}").status_code == 204
    assert "Cleo Martin" not in _found(client, "kubernetes")


@pytest.mark.parametrize(
    ("signed_in", "method", "path", "body", "status", "field"),
    [
        (None, "PUT", "/api/v1/people/{E1}/skills/{k8s}", {"level": 3}, 401, None),
        ("E2", "PUT", "/api/v1/people/{E1}/skills/{k8s}", {"level": 3}, 403, None),
        ("E1", "PUT", "/api/v1/people/{E1}/skills/{k8s}", {"level": 9}, 422, "level"),
        ("E1", "PUT", "/api/v1/people/{E1}/skills/99999", {"level": 3}, 404, None),
        ("E1", "PUT", "/api/v1/people/{E1}/skills/{k8s}/endorsement", {}, 403, None),
        ("E1", "POST", "/api/v1/evidence", {"kind": "talk", "title": "", "body": "b"}, 422, "title"),
        ("E1", "POST", "/api/v1/evidence", {"kind": "poem", "title": "t", "body": "b"}, 422, "kind"),
        ("E1", "POST", "/api/v1/evidence", {"kind": "talk", "title": "t", "body": "b\u0000"}, 422, "body"),
        ("E1", "POST", "/api/v1/evidence", {"kind": "talk", "title": "t", "body": "b", "link": "javascript:alert(1)"}, 422, "link"),
        ("E1", "POST", "/api/v1/evidence", {"kind": "talk", "title": "t", "body": "b", "written_on": "2999-01-01"}, 422, "written_on"),
        ("E2", "DELETE", "/api/v1/evidence/1", None, 403, None),
        ("E2", "GET", "/api/v1/evidence/99999", None, 404, None),
    ],
)  # fmt: skip
def test_api_refusals_are_problems_naming_the_field(
    client: TestClient,
    signed_in: str | None,
    method: str,
    path: str,
    body: object,
    status: int,
    field: str | None,
) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    if signed_in:
        sign_in(client, ids[signed_in])
    else:
        sign_out(client)
    url = path.format(E1=ids["E1"], k8s=ids["skill:kubernetes"])
    response = client.request(method, url, json=body)
    assert_problem(response, status, field)


def test_the_rebuild_command_rebuilds_every_running_index(
    engine: Engine, org: Ids, empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from peoplefirst.cli.main import app as cli

    cache = ExpertIndexCache(recheck_seconds=0)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        cache.current(session)
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    result = CliRunner().invoke(cli, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Indexed 4 people's skills and 3 texts in ")
    with unit_of_work(factory) as session:
        cache.current(session)
    assert cache.rebuilds == 2
