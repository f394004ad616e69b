"""Recognition: "go-to" status earned from outcomes, help given, kudos, and where a guide's
time goes (for them and their manager only). On SQLite and PostgreSQL, over the tiny
organization, through the services, the JSON API and the pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import InvalidInput, KudosNotFound, NotPermitted, NotSignedIn
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.recognition import GO_TO_TIMES, MAX_KUDOS_NOTE, Outcome, go_to_skills
from peoplefirst.domain.views import SkillRef
from peoplefirst.services import recognition, requests
from peoplefirst.services.capacity import set_budget
from peoplefirst.services.experts import build_index
from peoplefirst.services.sample_help import add_sample_help
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from tests.tiny_org import assert_problem, post_form, sign_in, tiny_client, tiny_org

Ids = dict[str, int]
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SQL = SkillRef(1, "sql", "SQL")
K8S = SkillRef(2, "kubernetes", "Kubernetes")
SKILLS = {"sql": SQL, "kubernetes": K8S}


def helped(n: int, key: str = "sql", rating: int | None = 5, did: bool = True) -> list[Outcome]:
    return [Outcome(key, did, rating) for _ in range(n)]


@pytest.mark.parametrize(
    ("outcomes", "earned"),
    [
        (helped(GO_TO_TIMES), [("SQL", GO_TO_TIMES, 5.0)]),
        (helped(GO_TO_TIMES - 1), []),  # one short
        (helped(GO_TO_TIMES, rating=None), [("SQL", GO_TO_TIMES, None)]),  # never rated
        (helped(GO_TO_TIMES, rating=3), []),  # helped, but rated under 4
        (helped(GO_TO_TIMES) + helped(2, rating=1, did=False), []),  # poor ones weigh
        (helped(GO_TO_TIMES, did=False), []),  # said it did not help
        (helped(GO_TO_TIMES, key="unknown"), []),  # a skill no longer in the taxonomy
        (
            helped(GO_TO_TIMES) + helped(GO_TO_TIMES + 2, key="kubernetes", rating=4),
            [("Kubernetes", GO_TO_TIMES + 2, 4.0), ("SQL", GO_TO_TIMES, 5.0)],  # most first
        ),
    ],
    ids=[
        "enough",
        "one-short",
        "unrated",
        "rated-low",
        "poor-weigh",
        "not-helped",
        "unknown",
        "two",
    ],
)
def test_go_to_is_earned_from_outcomes(
    outcomes: list[Outcome], earned: list[tuple[str, int, float | None]]
) -> None:
    assert [(g.skill.name, g.times, g.mean_rating) for g in go_to_skills(outcomes, SKILLS)] == (
        earned
    )


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        ids = tiny_org(session)
        # Ben manages Ana: he may see where her time goes
        session.get(t.Person, ids["E1"]).manager_id = ids["E2"]  # type: ignore[union-attr]
        return ids


@pytest.fixture
def session(engine: Engine, org: Ids) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def _helped_by_ana(session: Session, ids: Ids, learner: str, rating: int, minutes: int) -> None:
    """A real request for Postgres help, routed to Ana, accepted and closed with feedback."""
    asked = requests.ask_for_help(
        session=session,
        viewer=Viewer(ids[learner]),
        index=build_index(session=session),
        need="our postgres replicas keep lagging",
        now=MONDAY,
    )
    rid = asked.request.id
    assert asked.offers[0].guide.id == ids["E1"]
    requests.accept_request(session=session, viewer=Viewer(ids["E1"]), request_id=rid, now=MONDAY)
    requests.close_request(
        session=session,
        viewer=Viewer(ids[learner]),
        request_id=rid,
        helped=True,
        rating=rating,
        minutes=minutes,
        now=MONDAY + timedelta(days=1),
    )


def test_helping_earns_go_to_status_and_counts_help_given(session: Session, org: Ids) -> None:
    ana = org["E1"]
    before = recognition.recognition_of(session=session, viewer=Viewer(ana), person_id=ana)
    assert before.go_to == [] and before.people_helped == 0 and before.ratings == 0
    for learner, rating in (("E3", 5), ("E4", 4)):
        _helped_by_ana(session, org, learner, rating, minutes=45)
    two = recognition.recognition_of(session=session, viewer=Viewer(ana), person_id=ana)
    assert two.go_to == []  # two times: not yet
    _helped_by_ana(session, org, "E3", 5, minutes=30)  # the same learner again
    r = recognition.recognition_of(session=session, viewer=Viewer(ana), person_id=ana)
    assert [(g.skill.key, g.times) for g in r.go_to] == [("postgresql", 3)]
    assert r.go_to[0].why == "helped 3 times with PostgreSQL, rated 4.7 of 5 on average"
    assert r.people_helped == 2  # distinct learners
    assert r.hours_given == 2.0  # 45 + 45 + 30 minutes
    assert (r.ratings, r.mean_rating) == (3, 4.67)
    # the badge shows wherever people choose whom to ask
    assert recognition.go_to_of(session=session, people=[ana, org["E2"]]) == {
        ana: r.go_to,
        org["E2"]: [],
    }


def test_where_time_goes_is_for_the_person_and_their_manager(session: Session, org: Ids) -> None:
    ana, ben, cleo = org["E1"], org["E2"], org["E3"]
    set_budget(session=session, person_id=ana, hours_per_month=6, people_at_once=3)
    _helped_by_ana(session, org, "E3", 5, minutes=30)  # closed: its time is given back
    requests.ask_for_help(  # open and accepted: it draws on Ana's time now
        session=session,
        viewer=Viewer(org["E4"]),
        index=build_index(session=session),
        need="postgres replication lag again",
        now=MONDAY,
    )
    rid = session.scalar(select(t.HelpRequest.id).order_by(t.HelpRequest.id.desc()))
    assert rid is not None
    requests.accept_request(session=session, viewer=Viewer(ana), request_id=rid, now=MONDAY)
    for viewer, sees in ((ana, True), (ben, True), (cleo, False), (None, False)):
        r = recognition.recognition_of(session=session, viewer=Viewer(viewer), person_id=ana)
        if sees:
            assert r.time_given is not None
            assert [(x.label, x.commitments) for x in r.time_given] == [("Help requests", 1)]
        else:
            assert r.time_given is None


def test_kudos_are_given_listed_and_taken_back_by_their_giver(session: Session, org: Ids) -> None:
    ana, cleo, dev = org["E1"], org["E3"], org["E4"]
    first = recognition.give_kudos(
        session=session, viewer=Viewer(cleo), person_id=ana, note="  Saved our release!  "
    )
    recognition.give_kudos(
        session=session,
        viewer=Viewer(dev),
        person_id=ana,
        note="Great SQL review",
        skill_id=org["skill:sql"],
        now=datetime.now(UTC) + timedelta(minutes=1),
    )
    r = recognition.recognition_of(session=session, viewer=Viewer(cleo), person_id=ana)
    assert r.kudos_total == 2
    assert [(k.giver.id, k.note, k.skill.key if k.skill else None) for k in r.kudos] == [
        (dev, "Great SQL review", "sql"),
        (cleo, "Saved our release!", None),
    ]
    assert r.i_gave_kudos
    with pytest.raises(NotPermitted):
        recognition.withdraw_kudos(session=session, viewer=Viewer(dev), kudos_id=first)
    recognition.withdraw_kudos(session=session, viewer=Viewer(cleo), kudos_id=first)
    with pytest.raises(KudosNotFound):
        recognition.withdraw_kudos(session=session, viewer=Viewer(cleo), kudos_id=first)
    left = recognition.recognition_of(session=session, viewer=Viewer(cleo), person_id=ana)
    assert left.kudos_total == 1 and not left.i_gave_kudos


@pytest.mark.parametrize(
    ("who", "note", "skill", "error", "field"),
    [
        ("E1", "Thanks, me!", None, NotPermitted, None),
        (None, "Thanks", None, NotSignedIn, None),
        ("E3", "   ", None, InvalidInput, "note"),
        ("E3", "x" * (MAX_KUDOS_NOTE + 1), None, InvalidInput, "note"),
    ],
    ids=["self", "anonymous", "blank", "too-long"],
)
def test_bad_kudos_are_refused_and_nothing_is_stored(
    session: Session,
    org: Ids,
    who: str | None,
    note: str,
    skill: int | None,
    error: type[Exception],
    field: str | None,
) -> None:
    viewer = Viewer(org[who] if who else None)
    with pytest.raises(error) as caught:
        recognition.give_kudos(session=session, viewer=viewer, person_id=org["E1"], note=note)
    if field:
        assert caught.value.field == field  # type: ignore[attr-defined]
    assert session.scalars(select(t.Kudos)).all() == []


def test_the_api_reads_and_writes_recognition(empty_db_url: str, tmp_path: Path) -> None:
    with tiny_client(empty_db_url, tmp_path) as client:
        ids = client.app.state.ids  # type: ignore[attr-defined]
        sign_in(client, ids["E3"])
        made = client.post(
            f"/api/v1/people/{ids['E1']}/kudos",
            json={"note": "Thanks for the replica fix", "skill_id": ids["skill:postgresql"]},
        )
        assert made.status_code == 201, made.text
        body = client.get(f"/api/v1/people/{ids['E1']}/recognition").json()
        assert body["kudos_total"] == 1
        assert body["kudos"][0]["skill"]["key"] == "postgresql"
        assert body["time_given"] is None  # Cleo is not Ana or her manager
        assert_problem(
            client.post(f"/api/v1/people/{ids['E1']}/kudos", json={"note": ""}), 422, "note"
        )
        assert_problem(client.post(f"/api/v1/people/{ids['E3']}/kudos", json={"note": "me"}), 403)
        sign_in(client, ids["E4"])
        assert_problem(client.delete(f"/api/v1/kudos/{made.json()['id']}"), 403)
        sign_in(client, ids["E3"])
        assert client.delete(f"/api/v1/kudos/{made.json()['id']}").status_code == 204
        assert client.get(f"/api/v1/people/{ids['E1']}/recognition").json()["kudos_total"] == 0
        sign_in(client, ids["E1"])
        assert client.get(f"/api/v1/people/{ids['E1']}/recognition").json()["time_given"] == []


def test_the_profile_page_shows_recognition_and_takes_kudos(
    empty_db_url: str, tmp_path: Path
) -> None:
    with tiny_client(empty_db_url, tmp_path) as client:
        ids = client.app.state.ids  # type: ignore[attr-defined]
        sign_in(client, ids["E3"])
        page = client.get(f"/people/{ids['E1']}").text
        assert 'data-testid="recognition"' in page and "No kudos yet." in page
        assert 'data-testid="time-given"' not in page  # not hers to see
        where = post_form(
            client,
            f"/people/{ids['E1']}/kudos",
            {"note": "Thanks for <b>the</b> replica fix", "skill": "PostgreSQL"},
        )
        assert where == f"/people/{ids['E1']}#recognition"
        page = client.get(f"/people/{ids['E1']}").text
        assert "Thanks for &lt;b&gt;the&lt;/b&gt; replica fix" in page  # escaped, never markup
        assert "Take back" in page
        bad = client.post(f"/people/{ids['E1']}/kudos", data={"note": " "})
        assert bad.status_code == 422 and "note" in bad.text
        sign_in(client, ids["E1"])
        mine = client.get(f"/people/{ids['E1']}").text
        assert 'data-testid="time-given"' in mine and "Say thanks" not in mine


def test_sample_help_gives_the_demo_go_to_people(session: Session, org: Ids) -> None:
    made = add_sample_help(session=session, seed=3, now=MONDAY)
    assert made.requests > 0 and made.kudos > 0
    guides = list(session.scalars(select(t.HelpOutcome.guide_id).distinct()))
    earned = recognition.go_to_of(session=session, people=guides, now=MONDAY)
    assert any(earned.values())
