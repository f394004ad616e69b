"""Keeping one's expertise current from the profile page, and endorsing colleagues there.

Plain HTML forms over HTTP, on SQLite and PostgreSQL; after each change the page shows it
and the expert finder (`/api/v1/experts`) follows it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.storage import tables as t
from tests.tiny_org import sign_in, sign_out, tiny_client

Ids = dict[str, int]


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The tiny organization (Ana, Ben, Cleo, Dev), and a skill with a comma in its name."""

    def add_a_skill_with_a_comma(session: Session) -> None:
        session.add(t.Skill(key="dei", name="Diversity, equity and inclusion", description=""))
        session.flush()

    with tiny_client(empty_db_url, tmp_path, before=add_a_skill_with_a_comma) as c:
        yield c


@pytest.fixture
def ids(client: TestClient) -> Ids:
    found: Ids = client.app.state.ids  # type: ignore[attr-defined]
    return found


def _post(client: TestClient, url: str, data: dict[str, Any] | None = None) -> Response:
    return client.post(url, data=data or {}, follow_redirects=False)


def _redirected(response: Response, to: str) -> None:
    assert response.status_code == 303, response.text
    assert response.headers["location"] == to


def _page(client: TestClient, person: int) -> str:
    response = client.get(f"/people/{person}")
    assert response.status_code == 200
    return response.text


def _row(page: str, key: str) -> str | None:
    """The skills-table row of one skill, by its key."""
    found = re.search(rf'<tr [^>]*data-skill="{re.escape(key)}".*?</tr>', page, re.S)
    return found.group(0) if found else None


def _chosen_level(row: str) -> int:
    found = re.search(r'<option value="(\d)"[^>]*\bselected>', row)
    assert found, row
    return int(found.group(1))


def _section(page: str, testid: str) -> str:
    found = re.search(rf'<section [^>]*data-testid="{testid}".*?</section>', page, re.S)
    assert found, testid
    return html.unescape(found.group(0))


def _experts(client: TestClient, need: str) -> dict[str, dict[str, Any]]:
    """Who the finder suggests for `need`: name → their skills by key."""
    response = client.get("/api/v1/experts", params={"q": need, "order": "relevance"})
    assert response.status_code == 200, response.text
    return {
        item["person"]["name"]: {s["skill"]["key"]: s for s in item["skills"]}
        for item in response.json()["items"]
    }


def _state(client: TestClient, ids: Ids) -> list[Any]:
    """Everything the forms can change, as the API shows it (read as Dev)."""
    sign_in(client, ids["E4"])
    people = [client.get(f"/api/v1/people/{ids[e]}").json() for e in ("E1", "E2", "E3", "E4")]
    return [{k: p[k] for k in ("skills", "evidence", "endorsements")} for p in people]


# -- one's own skills --------------------------------------------------------------------------


def test_owner_sets_a_level_and_the_finder_follows(client: TestClient, ids: Ids) -> None:
    ben, pg = ids["E2"], ids["skill:postgresql"]
    assert _experts(client, "postgresql")["Ben Okafor"]["postgresql"]["level"] == 2
    sign_in(client, ben)
    _redirected(
        _post(client, f"/people/{ben}/skills/{pg}", {"level": "5"}), f"/people/{ben}#skill-{pg}"
    )
    row = _row(_page(client, ben), "postgresql")
    assert row is not None and _chosen_level(row) == 5
    assert _experts(client, "postgresql")["Ben Okafor"]["postgresql"]["level"] == 5


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Kubernetes", "kubernetes"), ("  k8S ", "kubernetes"), ("postgres", "postgresql")],
)
def test_owner_adds_a_skill_by_name_or_alias(
    client: TestClient, ids: Ids, typed: str, key: str
) -> None:
    cleo, skill = ids["E3"], ids[f"skill:{key}"]
    assert "Cleo Martin" not in _experts(client, key)
    sign_in(client, cleo)
    assert _row(_page(client, cleo), key) is None
    added = _post(client, f"/people/{cleo}/skills", {"skill": typed, "level": "4"})
    _redirected(added, f"/people/{cleo}#skill-{skill}")
    row = _row(_page(client, cleo), key)
    assert row is not None and _chosen_level(row) == 4
    assert "Self" in row
    assert _experts(client, key)["Cleo Martin"][key]["level"] == 4


def test_owner_removes_a_skill_with_its_endorsements(client: TestClient, ids: Ids) -> None:
    ana, ben, k8s = ids["E1"], ids["E2"], ids["skill:kubernetes"]
    sign_in(client, ana)
    _post(client, f"/people/{ben}/skills/{k8s}/endorsement", {"note": "Ran our upgrade"})
    assert "Ran our upgrade" in _section(_page(client, ben), "endorsements")
    assert "kubernetes" in _experts(client, "kubernetes")["Ben Okafor"]
    sign_in(client, ben)
    _redirected(_post(client, f"/people/{ben}/skills/{k8s}/remove"), f"/people/{ben}#skills")
    page = _page(client, ben)
    assert _row(page, "kubernetes") is None
    assert "Ran our upgrade" not in _section(page, "endorsements")
    # Ben still co-wrote a Kubernetes text, so he may still be suggested, but not for the skill.
    assert "kubernetes" not in _experts(client, "kubernetes").get("Ben Okafor", {})
    # Removing it again changes nothing and is no error.
    assert _post(client, f"/people/{ben}/skills/{k8s}/remove").status_code == 303


# -- one's own evidence and knowledge assets ---------------------------------------------------


def test_owner_adds_edits_and_removes_evidence(client: TestClient, ids: Ids) -> None:
    dev = ids["E4"]
    assert _experts(client, "zygomorphic") == {}
    sign_in(client, dev)
    written = date.today() - timedelta(days=30)
    added = _post(
        client,
        "/evidence",
        {
            "kind": "interview_notes",
            "title": "Helm charts explained",
            "body": "Values files, templates and zygomorphic release trains.",
            "written_on": written.isoformat(),
            "link": "https://wiki.example.com/helm",
            "skills": "k8s, SQL, Diversity, equity and inclusion",
        },
    )
    assert added.status_code == 303, added.text
    found = re.fullmatch(rf"/people/{dev}#evidence-(\d+)", added.headers["location"])
    assert found, added.headers["location"]
    evidence_id = int(found.group(1))
    section = _section(_page(client, dev), "evidence")
    assert "Helm charts explained" in section
    assert "Expert interview notes" in section
    assert 'href="https://wiki.example.com/helm"' in section
    assert f'datetime="{written.isoformat()}"' in section
    for skill in ("Kubernetes", "SQL", "Diversity, equity and inclusion"):
        assert f">{skill}</a>" in section
    assert list(_experts(client, "zygomorphic")) == ["Dev Rao"]

    changed = _post(
        client,
        f"/evidence/{evidence_id}",
        {"kind": "teach_back", "title": "Helm, taught back", "body": "Xylophonic charts.", "skills": ""},
    )  # fmt: skip
    _redirected(changed, f"/people/{dev}#evidence-{evidence_id}")
    section = _section(_page(client, dev), "evidence")
    assert "Helm, taught back" in section and "Teach-back" in section
    assert "Helm charts explained" not in section
    assert f'datetime="{written.isoformat()}"' in section  # an empty date keeps the date
    assert list(_experts(client, "xylophonic")) == ["Dev Rao"]
    assert _experts(client, "zygomorphic") == {}

    _redirected(_post(client, f"/evidence/{evidence_id}/remove"), f"/people/{dev}#evidence")
    assert "Helm, taught back" not in _page(client, dev)
    assert _experts(client, "xylophonic") == {}
    assert client.get(f"/api/v1/evidence/{evidence_id}").status_code == 404


def test_editing_a_shared_text_keeps_the_co_authors_ticked(client: TestClient, ids: Ids) -> None:
    ben, dev = ids["E2"], ids["E4"]
    sign_in(client, dev)
    texts = client.get(f"/api/v1/people/{dev}").json()["evidence"]
    evidence_id = next(e["id"] for e in texts if e["title"].startswith("Running stateful"))
    edit_form = re.search(
        rf'<form method="post" action="/evidence/{evidence_id}" .*?</form>',
        _page(client, dev),
        re.S,
    )
    assert edit_form and f'name="credited" value="{ben}" checked' in edit_form.group(0)
    form = {"kind": "post", "title": "Stateful services on k8s", "body": "Operators and volumes."}
    _post(client, f"/evidence/{evidence_id}", {**form, "credited": [str(ben)]})
    assert "Stateful services on k8s" in _section(_page(client, ben), "evidence")
    _post(client, f"/evidence/{evidence_id}", form)  # Ben unticked
    assert "Stateful services on k8s" not in _section(_page(client, ben), "evidence")
    assert "Stateful services on k8s" in _section(_page(client, dev), "evidence")


# -- endorsing a colleague ---------------------------------------------------------------------


def test_a_colleague_endorses_and_withdraws(client: TestClient, ids: Ids) -> None:
    ana, dev, k8s = ids["E1"], ids["E4"], ids["skill:kubernetes"]
    sign_in(client, ana)
    row = _row(_page(client, dev), "kubernetes")
    assert row is not None and 'data-testid="endorse-form"' in row
    endorsed = _post(
        client, f"/people/{dev}/skills/{k8s}/endorsement", {"note": "Ran our cluster upgrade"}
    )
    _redirected(endorsed, f"/people/{dev}#skill-{k8s}")
    page = _page(client, dev)
    row = _row(page, "kubernetes")
    assert row is not None
    assert (
        'data-testid="withdraw-endorsement-form"' in row and 'data-testid="endorse-form"' not in row
    )
    assert "Endorsed" in row and '<td class="num">1</td>' in row
    assert "Ran our cluster upgrade" in _section(page, "endorsements")
    skill = _experts(client, "kubernetes")["Dev Rao"]["kubernetes"]
    assert (skill["endorsements"], skill["source"]) == (1, "endorsed")

    withdrawn = _post(client, f"/people/{dev}/skills/{k8s}/endorsement/withdraw")
    _redirected(withdrawn, f"/people/{dev}#skill-{k8s}")
    page = _page(client, dev)
    row = _row(page, "kubernetes")
    assert row is not None and 'data-testid="endorse-form"' in row
    assert "Ran our cluster upgrade" not in page
    skill = _experts(client, "kubernetes")["Dev Rao"]["kubernetes"]
    assert (skill["endorsements"], skill["source"]) == (0, "self")


# -- who sees which controls, and who may change what ------------------------------------------

OWNER_CONTROLS = ("add-skill-form", "skill-level-form", "skill-remove-form", "add-evidence-form", "evidence-edit-form", "evidence-remove-form")  # fmt: skip
COLLEAGUE_CONTROLS = ("endorse-form",)


@pytest.mark.parametrize(
    ("viewer", "shown", "hidden"),
    [
        (None, (), OWNER_CONTROLS + COLLEAGUE_CONTROLS),
        ("E2", COLLEAGUE_CONTROLS, OWNER_CONTROLS),
        ("E1", OWNER_CONTROLS, COLLEAGUE_CONTROLS),
    ],
)
def test_edit_controls_are_shown_only_to_who_may_use_them(
    client: TestClient,
    ids: Ids,
    viewer: str | None,
    shown: tuple[str, ...],
    hidden: tuple[str, ...],
) -> None:
    if viewer is None:  # nobody signed in sees no profile at all
        sign_out(client)
        answer = client.get(f"/people/{ids['E1']}", follow_redirects=False)
        assert answer.headers["location"].startswith("/sign-in?next=")
        return
    sign_in(client, ids[viewer])
    page = _page(client, ids["E1"])
    for testid in shown:
        assert f'data-testid="{testid}"' in page, testid
    for testid in hidden:
        assert f'data-testid="{testid}"' not in page, testid


def test_own_profile_suggests_skill_names_and_aliases(client: TestClient, ids: Ids) -> None:
    sign_in(client, ids["E1"])
    datalist = re.search(
        r'<datalist id="skill-names".*?</datalist>', _page(client, ids["E1"]), re.S
    )
    assert datalist and '<option value="Kubernetes">' in datalist.group(0)
    assert 'value="k8s" label="k8s → Kubernetes"' in datalist.group(0)
    more = client.get("/skill-names", params={"skill": "postg"})
    assert more.status_code == 200
    assert '<option value="PostgreSQL">' in more.text and "Kubernetes" not in more.text


@pytest.mark.parametrize(
    ("signed_in", "url", "data", "status"),
    [
        (None, "/people/{E1}/skills/{sql}", {"level": "1"}, 401),
        ("E2", "/people/{E1}/skills/{sql}", {"level": "1"}, 403),
        (None, "/people/{E1}/skills", {"skill": "Kubernetes", "level": "3"}, 401),
        ("E2", "/people/{E1}/skills", {"skill": "Kubernetes", "level": "3"}, 403),
        (None, "/people/{E1}/skills/{sql}/remove", {}, 401),
        ("E2", "/people/{E1}/skills/{sql}/remove", {}, 403),
        (None, "/people/{E1}/skills/{sql}/endorsement", {}, 401),
        ("E1", "/people/{E1}/skills/{sql}/endorsement", {}, 403),
        (None, "/people/{E1}/skills/{sql}/endorsement/withdraw", {}, 401),
        (None, "/evidence", {"kind": "talk", "title": "t", "body": "b"}, 401),
        (None, "/evidence/{ana_text}", {"kind": "talk", "title": "t", "body": "b"}, 401),
        ("E2", "/evidence/{ana_text}", {"kind": "talk", "title": "t", "body": "b"}, 403),
        (None, "/evidence/{ana_text}/remove", {}, 401),
        ("E2", "/evidence/{ana_text}/remove", {}, 403),
        ("E2", "/evidence/99999/remove", {}, 404),
        ("E1", "/people/99999/skills/{sql}", {"level": "3"}, 404),
    ],
)
def test_refusals_change_nothing(
    client: TestClient, ids: Ids, signed_in: str | None, url: str, data: dict[str, str], status: int
) -> None:
    ana_text = client.get(f"/api/v1/people/{ids['E1']}").json()["evidence"][0]["id"]
    before = _state(client, ids)
    if signed_in:
        sign_in(client, ids[signed_in])
    else:
        sign_out(client)
    response = _post(
        client, url.format(E1=ids["E1"], sql=ids["skill:sql"], ana_text=ana_text), data
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-testid="error"' in response.text
    assert _state(client, ids) == before


TEXT = {"kind": "talk", "title": "A talk", "body": "About things."}


@pytest.mark.parametrize(
    ("url", "data", "field", "problem"),
    [
        ("/people/{E1}/skills/{sql}", {"level": "9"}, "level", "between 1 and 5"),
        ("/people/{E1}/skills/{sql}", {"level": "expert"}, "level", "integer"),
        ("/people/{E1}/skills", {"skill": "Cobol", "level": "3"}, "skill", "no skill is called 'Cobol'"),
        ("/people/{E1}/skills", {"skill": "Kube", "level": "3"}, "skill", "did you mean Kubernetes?"),
        ("/people/{E1}/skills", {"skill": "  ", "level": "3"}, "skill", "type a skill"),
        ("/people/{E1}/skills", {"skill": "x" * 201, "level": "3"}, "skill", "at most 200"),
        ("/people/{E1}/skills", {"skill": "Kubernetes", "level": "0"}, "level", "between 1 and 5"),
        ("/people/{E2}/skills/{pg}/endorsement", {"note": "x" * 1001}, "note", "at most 1,000"),
        ("/evidence", {**TEXT, "title": "   "}, "title", "must not be empty"),
        ("/evidence", {**TEXT, "body": ""}, "body", "finder searches these words"),
        ("/evidence", {**TEXT, "body": "nul\u0000"}, "body", "control characters"),
        ("/evidence", {**TEXT, "kind": "poem"}, "kind", "must be one of"),
        ("/evidence", {**TEXT, "written_on": "2999-01-01"}, "written_on", "future"),
        ("/evidence", {**TEXT, "written_on": "2024-02-30"}, "written_on", "date"),
        ("/evidence", {**TEXT, "link": "javascript:alert(1)"}, "link", "http(s) address"),
        ("/evidence", {**TEXT, "skills": "SQL, Origami"}, "skills", "no skill is called 'Origami'"),
        ("/evidence/{ana_text}", {**TEXT, "title": ""}, "title", "must not be empty"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_changes_nothing(
    client: TestClient, ids: Ids, url: str, data: dict[str, str], field: str, problem: str
) -> None:
    ana_text = client.get(f"/api/v1/people/{ids['E1']}").json()["evidence"][0]["id"]
    before = _state(client, ids)
    sign_in(client, ids["E1"])
    target = url.format(
        E1=ids["E1"],
        E2=ids["E2"],
        sql=ids["skill:sql"],
        pg=ids["skill:postgresql"],
        ana_text=ana_text,
    )
    response = _post(client, target, data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    errors = re.search(r'data-testid="error-list".*?</ul>', response.text, re.S)
    assert errors, response.text
    text = html.unescape(errors.group(0))
    assert f"<code>{field}</code>" in text
    assert problem in text
    assert _state(client, ids) == before


# -- the browser is sent on only once the change is stored -------------------------------------


def _stored(client: TestClient) -> list[Any]:
    """What the forms change, read straight from the database (committed rows only)."""
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        return [
            sorted(map(tuple, session.execute(select(t.PersonSkill.person_id, t.PersonSkill.skill_id, t.PersonSkill.level)))),
            sorted(map(tuple, session.execute(select(t.Endorsement.endorser_id, t.Endorsement.endorsee_id, t.Endorsement.skill_id)))),
            sorted(map(tuple, session.execute(select(t.EvidenceItem.id, t.EvidenceItem.title)))),
            sorted(map(tuple, session.execute(select(t.EvidenceCredit.evidence_id, t.EvidenceCredit.person_id)))),
            sorted(map(tuple, session.execute(select(t.Person.id, t.Person.findable)))),
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("signed_in", "url", "data"),
    [
        ("E2", "/people/{E2}/skills/{pg}", {"level": "5"}),
        ("E3", "/people/{E3}/skills", {"skill": "Kubernetes", "level": "3"}),
        ("E2", "/people/{E2}/skills/{k8s}/remove", {}),
        ("E1", "/people/{E4}/skills/{k8s}/endorsement", {"note": "Solid"}),
        ("E2", "/people/{E4}/skills/{k8s}/endorsement/withdraw", {}),
        ("E1", "/evidence", TEXT),
        ("E1", "/evidence/{ana_text}", {**TEXT, "title": "Replication lag, revisited"}),
        ("E1", "/evidence/{ana_text}/remove", {}),
        ("E1", "/people/{E1}/availability", {}),
    ],
)
def test_the_change_is_committed_before_the_browser_is_sent_on(
    client: TestClient, ids: Ids, signed_in: str, url: str, data: dict[str, str]
) -> None:
    # A browser follows the redirect at once: the change must be committed before it goes out
    # (FastAPI's default would commit only after the response is sent; see SessionDep).
    ana_text = client.get(f"/api/v1/people/{ids['E1']}").json()["evidence"][0]["id"]
    sign_in(client, ids["E2"])
    _post(client, f"/people/{ids['E4']}/skills/{ids['skill:kubernetes']}/endorsement")
    before = _stored(client)
    at_redirect: list[list[Any]] = []
    app = client.app

    async def watching(scope: Any, receive: Any, send: Any) -> None:
        async def send_on(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] == 303:
                at_redirect.append(_stored(client))
            await send(message)

        await app(scope, receive, send_on)

    watched = TestClient(watching, raise_server_exceptions=False)
    sign_in(watched, ids[signed_in])
    at_redirect.clear()
    target = url.format(
        E1=ids["E1"], E2=ids["E2"], E3=ids["E3"], E4=ids["E4"], pg=ids["skill:postgresql"],
        k8s=ids["skill:kubernetes"], ana_text=ana_text,
    )  # fmt: skip
    assert _post(watched, target, data).status_code == 303
    after = _stored(client)
    assert after != before
    assert at_redirect == [after]
