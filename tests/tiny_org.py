"""A tiny organization where the right answer to each need is obvious (tests only)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from peoplefirst.services.capacity import set_budget
from peoplefirst.services.hr_import import import_people, import_taxonomy
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from peoplefirst.web.app import create_app
from peoplefirst.web.signin import CSRF_FIELD, CSRF_HEADER
from tests.conftest import settings_for

PEOPLE = """employee_id,name,email,department,location,languages
E1,Ana Lima,ana@example.com,Engineering > Data,Lisbon,pt|en
E2,Ben Okafor,ben@example.com,Engineering > Platform,Lagos,en
E3,Cleo Martin,cleo@example.com,Sales,Paris,fr|en
E4,Dev Rao,dev@example.com,Engineering > Platform,Bengaluru,en|hi
"""
TAXONOMY = """id,name,aliases,parent
data,Data,,
postgresql,PostgreSQL,postgres|psql,data
sql,SQL,,data
negotiation,Negotiation,,
kubernetes,Kubernetes,k8s,
"""
# person, skill, level, source
CLAIMS = [
    ("E1", "postgresql", 5, "vetted"),
    ("E1", "sql", 4, "endorsed"),
    ("E2", "postgresql", 2, "self"),
    ("E2", "kubernetes", 4, "self"),
    ("E3", "negotiation", 5, "endorsed"),
    ("E4", "kubernetes", 3, "self"),
]
EVIDENCE = [
    (
        "Fixing replication lag on our Postgres replicas",
        "We found the replicas fell behind because of long transactions. Here is how we fixed replication lag.",
        ["E1"],
    ),
    (
        "Running stateful services on Kubernetes",
        "Operators, volumes and the pain of upgrades for databases on k8s.",
        ["E2", "E4"],
    ),
    (
        "Renewal negotiations that work",
        "Anchors, concessions and walk-away points when a big customer renews.",
        ["E3"],
    ),
]


def tiny_org(session: Session) -> dict[str, int]:
    """Four people whose expertise is obvious; returns their ids by employee id, and the
    skills' ids as "skill:<key>"."""
    import_taxonomy(session=session, text=TAXONOMY)
    import_people(session=session, text=PEOPLE, file_format="csv")
    ids = dict(session.execute(select(t.Person.employee_id, t.Person.id)).all())
    skills = dict(session.execute(select(t.Skill.key, t.Skill.id)).all())
    for who, key, level, source in CLAIMS:
        session.add(
            t.PersonSkill(person_id=ids[who], skill_id=skills[key], level=level, source=source)
        )
    for title, body, authors in EVIDENCE:
        item = t.EvidenceItem(kind="post", title=title, body=body, link="")
        session.add(item)
        session.flush()
        for who in authors:
            session.add(t.EvidenceCredit(evidence_id=item.id, person_id=ids[who]))
    session.add(
        t.GuideOffer(person_id=ids["E4"], role="mentor", max_people=2, hours_per_month=4, note="")
    )
    session.flush()
    set_budget(session=session, person_id=ids["E4"], hours_per_month=4, people_at_once=2)
    return ids | {f"skill:{key}": skill_id for key, skill_id in skills.items()}


@contextmanager
def tiny_client(
    db_url: str,
    tmp_path: Path,
    before: Callable[[Session], None] | None = None,
    signed_in_as: str | None = "E3",
) -> Iterator[TestClient]:
    """The app over the tiny organization, with development sign-in and an index that follows
    every change at once; `app.state.ids` holds `tiny_org`'s ids. Every page needs a signed-in
    person: the client starts as `signed_in_as` (Cleo, in Sales), or anonymous with None."""
    app = create_app(
        settings_for(db_url, tmp_path, dev_sign_in=True, expert_index_recheck_seconds=0)
    )
    with unit_of_work(app.state.session_factory) as session:
        if before is not None:
            before(session)
        app.state.ids = tiny_org(session)
    with TestClient(app, raise_server_exceptions=False) as client:
        if signed_in_as is not None:
            sign_in(client, app.state.ids[signed_in_as])
        yield client
    app.state.engine.dispose()


def sign_in(client: TestClient, person: int) -> None:
    """Sign in as `person` (development sign-in), instead of whoever was signed in; later
    requests carry the form token as htmx does, so tests post forms like a browser."""
    sign_out(client)
    response = client.post(
        "/sign-in/development",
        data={"person_id": person, CSRF_FIELD: form_token_on(client, "/sign-in")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.headers[CSRF_HEADER] = form_token_on(client, "/sign-in")


def form_token_on(client: TestClient, page: str) -> str:
    """The form token a page gives this browser (as a person would post it back)."""
    found = re.search(rf'name="{CSRF_FIELD}" value="([0-9a-f]+)"', client.get(page).text)
    assert found, f"no form token on {page}"
    return found.group(1)


def sign_out(client: TestClient) -> None:
    """Forget the browser's cookies and form token: the next request is anonymous."""
    client.cookies.clear()
    client.headers.pop(CSRF_HEADER, None)


def assert_problem(response: Response, status: int, field: str | None = None) -> None:
    """An API refusal: `status`, problem+json, and naming `field` when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]


def post_form(client: TestClient, url: str, data: dict[str, object] | None = None) -> str:
    """Post a form as a browser would; returns where the answer redirects to."""
    response = client.post(url, data=data or {}, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location
