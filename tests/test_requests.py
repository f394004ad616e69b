"""Ask a person: routing, answers, the conversation, feedback that counts for the guide, and
the rules. On SQLite and PostgreSQL, over the tiny organization (tests/tiny_org.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from peoplefirst.domain.errors import (
    CapacityExhausted,
    InvalidInput,
    NotPermitted,
    NotSignedIn,
    PeopleFirstError,
    RequestNotOpen,
)
from peoplefirst.domain.policy import Viewer
from peoplefirst.domain.requests import Offer, OfferState, RequestView, route
from peoplefirst.services import requests
from peoplefirst.services.availability import set_availability
from peoplefirst.services.capacity import set_budget
from peoplefirst.services.experts import ExpertIndexCache, build_index, find_experts
from peoplefirst.services.waiting import waiting_for
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_session_factory, unit_of_work
from peoplefirst.storage.people import capacity_view
from tests.tiny_org import assert_problem, sign_in, sign_out, tiny_client, tiny_org

Ids = dict[str, int]
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def org(engine: Engine) -> Ids:
    with unit_of_work(make_session_factory(engine)) as session:
        return tiny_org(session)


@pytest.fixture
def session(engine: Engine, org: Ids) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


def _ask(session: Session, ids: Ids, who: str = "E3", **kw: object) -> RequestView:
    args: dict[str, object] = {"need": "our postgres replicas keep lagging", "now": MONDAY}
    args.update(kw)
    return requests.ask_for_help(
        session=session,
        viewer=Viewer(ids[who]),
        index=build_index(session=session),
        **args,  # type: ignore[arg-type]
    )


def _states(view: RequestView) -> list[tuple[str, str]]:
    return [(o.guide.name, o.state) for o in view.offers]


def test_one_full_cycle_and_the_outcome_counts_for_the_guide(session: Session, org: Ids) -> None:
    cleo, ana = Viewer(org["E3"]), Viewer(org["E1"])
    asked = _ask(session, org)
    assert _states(asked) == [("Ana Lima", "waiting"), ("Ben Okafor", "queued")]
    assert asked.request.where_it_stands.startswith(
        "Asked Ana Lima; waiting for an answer until 25 Nov 09:00 UTC"
    )
    assert [s.key for s in asked.skills] == ["postgresql"]  # named by the need
    rid = asked.request.id
    as_ana = requests.view_request(session=session, viewer=ana, request_id=rid, now=MONDAY)
    assert as_ana.may_accept and [o.guide.name for o in as_ana.offers] == ["Ana Lima"]
    # Ana's navigation counts it until she answers; Ben is not asked yet.
    assert waiting_for(session=session, person_id=org["E1"]).requests == 1
    assert waiting_for(session=session, person_id=org["E2"]).requests == 0
    accepted = requests.accept_request(session=session, viewer=ana, request_id=rid, now=MONDAY)
    assert waiting_for(session=session, person_id=org["E1"]).requests == 0
    assert (
        accepted.request.status == "accepted"
        and accepted.guide
        and accepted.guide.name == "Ana Lima"
    )
    requests.write_message(
        session=session, viewer=cleo, request_id=rid, body="Thanks! Tuesday?", now=MONDAY
    )
    talk = requests.write_message(
        session=session, viewer=ana, request_id=rid, body="Tuesday 10:00.", now=MONDAY
    )
    assert [(m.author.name, m.body) for m in talk.messages] == [
        ("Cleo Martin", "Thanks! Tuesday?"),
        ("Ana Lima", "Tuesday 10:00."),
    ]
    as_cleo = requests.view_request(session=session, viewer=cleo, request_id=rid, now=MONDAY)
    assert _states(as_cleo) == [("Ana Lima", "accepted"), ("Ben Okafor", "withdrawn")]
    assert as_cleo.may_close and as_cleo.may_write and not as_cleo.may_accept
    cache = ExpertIndexCache(recheck_seconds=0)
    before = cache.current(session).find("postgres")[0]
    assert before.person == org["E1"] and before.help_given == []
    closed = requests.close_request(
        session=session, viewer=cleo, request_id=rid, helped=True, rating=5, minutes=45, now=MONDAY
    )
    assert closed.request.where_it_stands == "Closed: helped, rated 5 of 5."
    assert closed.outcome is not None and [s.key for s in closed.outcome.skills] == ["postgresql"]
    session.commit()
    after = cache.current(session).find("postgres")[0]
    assert (after.help_given[0].times, after.help_given[0].mean_rating) == (1, 5.0)
    assert after.score >= before.score and cache.rebuilds == 1
    page = find_experts(session=session, index=cache.current(session), need="postgres")
    assert "helped colleagues with PostgreSQL once, rated 5 of 5" in page.items[0].why


def test_declines_and_silence_move_the_request_on_until_nobody_is_left(
    session: Session, org: Ids
) -> None:
    rid = _ask(session, org).request.id
    declined = requests.decline_request(
        session=session,
        viewer=Viewer(org["E1"]),
        request_id=rid,
        reason="On leave this week",
        now=MONDAY,
    )
    assert _states(declined) == [("Ana Lima", "declined")]  # Ana sees only her own offer
    as_cleo = requests.view_request(
        session=session, viewer=Viewer(org["E3"]), request_id=rid, now=MONDAY
    )
    assert _states(as_cleo) == [("Ana Lima", "declined"), ("Ben Okafor", "waiting")]
    assert as_cleo.offers[0].reason == "On leave this week"
    later = MONDAY + timedelta(days=2, minutes=1)
    assert requests.advance_requests(session=session, now=later) == 1
    gone = requests.view_request(
        session=session, viewer=Viewer(org["E3"]), request_id=rid, now=later
    )
    assert gone.request.status == "unanswered"
    assert gone.request.where_it_stands.startswith(
        "Nobody could take it: 1 declined, 1 did not answer in time."
    )
    with pytest.raises(RequestNotOpen):
        requests.accept_request(
            session=session, viewer=Viewer(org["E2"]), request_id=rid, now=later
        )


def test_a_late_answer_is_still_welcome_while_nobody_has_accepted(
    session: Session, org: Ids
) -> None:
    rid = _ask(session, org, at_once=1).request.id
    late = MONDAY + timedelta(days=2, hours=1)
    view = requests.view_request(
        session=session, viewer=Viewer(org["E3"]), request_id=rid, now=late
    )
    assert _states(view) == [("Ana Lima", "lapsed"), ("Ben Okafor", "waiting")]
    accepted = requests.accept_request(
        session=session, viewer=Viewer(org["E1"]), request_id=rid, now=late
    )
    assert accepted.request.status == "accepted"


def test_chosen_people_come_first_and_several_are_asked_at_once(session: Session, org: Ids) -> None:
    view = _ask(session, org, need="kubernetes operators", guide_ids=[org["E4"]], at_once=2)
    assert _states(view)[:2] == [("Dev Rao", "waiting"), ("Ben Okafor", "waiting")]
    assert view.request.where_it_stands.startswith("Asked Dev Rao and Ben Okafor")


def test_people_away_or_out_of_capacity_are_skipped(session: Session, org: Ids) -> None:
    set_availability(
        session=session, viewer=Viewer(org["E1"]), person_id=org["E1"], findable=True,
        away_until=MONDAY.date() + timedelta(days=5), today=MONDAY.date(),
    )  # fmt: skip
    view = _ask(session, org, need="postgres replication lag and kubernetes", guide_ids=[org["E4"]])
    assert "Ana Lima" not in [name for name, _ in _states(view)]
    # Dev offers 4 hours; two working sessions fill it; the third request skips him.
    for _ in range(2):
        rid = _ask(
            session, org, need="kubernetes", kind="working_session", guide_ids=[org["E4"]]
        ).request.id
        requests.accept_request(
            session=session, viewer=Viewer(org["E4"]), request_id=rid, now=MONDAY
        )
    assert capacity_view(session, org["E4"]).hours_committed == 4  # type: ignore[union-attr]
    third = _ask(session, org, who="E1", need="kubernetes", kind="working_session", at_once=2)
    assert ("Dev Rao", "skipped") in _states(third)
    with pytest.raises(InvalidInput, match="guide_ids: Ana Lima is away until"):
        _ask(session, org, who="E2", need="kubernetes", guide_ids=[org["E1"]])


def test_accepting_draws_on_the_budget_and_ending_gives_it_back(session: Session, org: Ids) -> None:
    dev = Viewer(org["E4"])
    rid = _ask(session, org, need="kubernetes", kind="mentoring", guide_ids=[org["E4"]]).request.id
    requests.accept_request(session=session, viewer=dev, request_id=rid, now=MONDAY)
    assert capacity_view(session, org["E4"]).hours_committed == 2  # type: ignore[union-attr]
    requests.withdraw_request(session=session, viewer=Viewer(org["E3"]), request_id=rid, now=MONDAY)
    assert capacity_view(session, org["E4"]).hours_committed == 0  # type: ignore[union-attr]
    rid = _ask(session, org, need="kubernetes", kind="mentoring", guide_ids=[org["E4"]]).request.id
    set_budget(session=session, person_id=org["E4"], hours_per_month=1, people_at_once=1)
    with pytest.raises(CapacityExhausted):
        requests.accept_request(session=session, viewer=dev, request_id=rid, now=MONDAY)


def test_people_who_leave_requests_unanswered_are_moved_down(session: Session, org: Ids) -> None:
    for who in ("E2", "E4"):
        set_budget(session=session, person_id=org[who], hours_per_month=10, people_at_once=5)
    index = build_index(session=session)

    def order() -> list[str]:
        page = find_experts(session=session, index=index, need="kubernetes stateful services")
        return [e.person.name for e in page.items]

    assert order()[:2] == ["Ben Okafor", "Dev Rao"]
    for _ in range(3):  # Ben lets three requests lapse
        rid = _ask(session, org, need="kubernetes", guide_ids=[org["E2"]]).request.id
        requests.view_request(
            session=session,
            viewer=Viewer(org["E3"]),
            request_id=rid,
            now=MONDAY + timedelta(days=3),
        )
        requests.withdraw_request(
            session=session,
            viewer=Viewer(org["E3"]),
            request_id=rid,
            now=MONDAY + timedelta(days=3),
        )
    assert order()[:2] == ["Dev Rao", "Ben Okafor"]


Attempt = Callable[[Session, Ids, int], object]


def _as(who: str | None, action: str, **kw: object) -> Attempt:
    def attempt(s: Session, o: Ids, rid: int) -> object:
        fn = getattr(requests, action)
        return fn(
            session=s, viewer=Viewer(o[who] if who else None), request_id=rid, now=MONDAY, **kw
        )

    return attempt


# The request is Cleo's (E3), sent to Ana (E1, asked) then Ben (E2, queued); Dev is outside.
RULES: list[tuple[str, Attempt, type[PeopleFirstError], str]] = [
    ("anonymous view", _as(None, "view_request"), NotSignedIn, "sign in"),
    ("outsider view", _as("E4", "view_request"), NotPermitted, "only the person who asked"),
    ("next in line cannot see it yet", _as("E2", "view_request"), NotPermitted, "only the person who asked"),
    ("outsider accepts", _as("E4", "accept_request"), NotPermitted, "sent to"),
    ("queued accepts", _as("E2", "accept_request"), NotPermitted, "sent to"),
    ("learner accepts", _as("E3", "accept_request"), NotPermitted, "sent to"),
    ("guide withdraws", _as("E1", "withdraw_request"), NotPermitted, "only the person who asked"),
    ("write before acceptance", _as("E3", "write_message", body="hi"), RequestNotOpen, "accepted"),
    ("close before acceptance", _as("E3", "close_request", helped=True), RequestNotOpen, "accepted"),
    ("long decline reason", _as("E1", "decline_request", reason="x" * 2001), InvalidInput, "reason:"),
]  # fmt: skip

ASKS: list[tuple[str, dict[str, object], type[PeopleFirstError], str]] = [
    ("empty need", {"need": "  "}, InvalidInput, "need: say what you need"),
    ("unknown kind", {"kind": "therapy"}, InvalidInput, "kind: must be one of"),
    ("unknown urgency", {"urgency": "yesterday"}, InvalidInput, "urgency:"),
    ("too many at once", {"at_once": 4}, InvalidInput, "at_once: must be between 1 and 3"),
    ("unknown skill", {"skill_ids": [99999]}, InvalidInput, "skill_ids: no skill with id 99999"),
    ("asking oneself", {"guide_ids": ["E3"]}, InvalidInput, "guide_ids: you cannot ask yourself"),
    ("unknown person", {"guide_ids": [99999]}, InvalidInput, "guide_ids: no person with id 99999"),
    ("nobody matches", {"need": "origami"}, InvalidInput, "need: nobody matches"),
]


@pytest.mark.parametrize(("name", "attempt", "error", "words"), RULES, ids=[r[0] for r in RULES])
def test_the_rules_of_a_request(
    session: Session,
    org: Ids,
    name: str,
    attempt: Attempt,
    error: type[PeopleFirstError],
    words: str,
) -> None:
    rid = _ask(session, org).request.id
    with pytest.raises(error, match=words):
        attempt(session, org, rid)


@pytest.mark.parametrize(("name", "changes", "error", "words"), ASKS, ids=[a[0] for a in ASKS])
def test_bad_asks_name_the_field_and_store_nothing(
    session: Session,
    org: Ids,
    name: str,
    changes: dict[str, object],
    error: type[PeopleFirstError],
    words: str,
) -> None:
    if "guide_ids" in changes:
        changes = {"guide_ids": [org.get(str(g), g) for g in changes["guide_ids"]]}  # type: ignore[attr-defined]
    with pytest.raises(error, match=words):
        _ask(session, org, **changes)
    assert session.scalars(select(t.HelpRequest)).all() == []


def test_closing_rules(session: Session, org: Ids) -> None:
    rid = _ask(session, org).request.id
    requests.accept_request(session=session, viewer=Viewer(org["E1"]), request_id=rid, now=MONDAY)
    with pytest.raises(NotPermitted):
        requests.close_request(
            session=session, viewer=Viewer(org["E1"]), request_id=rid, helped=True
        )
    with pytest.raises(InvalidInput, match="rating: must be between 1 and 5"):
        requests.close_request(
            session=session, viewer=Viewer(org["E3"]), request_id=rid, helped=True, rating=6
        )
    with pytest.raises(NotPermitted):
        requests.write_message(
            session=session, viewer=Viewer(org["E2"]), request_id=rid, body="me too"
        )
    with pytest.raises(InvalidInput, match="body: must not be empty"):
        requests.write_message(session=session, viewer=Viewer(org["E1"]), request_id=rid, body=" ")
    requests.close_request(session=session, viewer=Viewer(org["E3"]), request_id=rid, helped=False)
    with pytest.raises(RequestNotOpen):
        requests.close_request(
            session=session, viewer=Viewer(org["E3"]), request_id=rid, helped=True
        )
    mine = requests.list_requests(session=session, viewer=Viewer(org["E3"]), now=MONDAY)
    assert [r.where_it_stands for r in mine.asked_by_me] == ["Closed: did not help."]
    theirs = requests.list_requests(session=session, viewer=Viewer(org["E1"]), now=MONDAY)
    assert [(r.need, r.your_offer) for r in theirs.asked_of_me] == [
        ("our postgres replicas keep lagging", "Accepted")
    ]


@pytest.mark.parametrize(
    ("offers", "at_once", "available", "expected"),
    [
        # nobody asked yet: the first available are asked, the unavailable skipped
        ([("q", None), ("q", None), ("q", None)], 2, {1, 3}, ([], [1, 3], [2], False)),
        # one waiting, still in time: nothing to do
        ([("w", 10), ("q", None)], 1, {2}, ([], [], [], False)),
        # one waiting whose time is up: lapses, the next is asked
        ([("w", 5), ("q", None)], 1, {2}, ([1], [2], [], False)),
        # time up and nobody left: unanswered
        ([("d", None), ("w", 5)], 1, set(), ([2], [], [], True)),
        # only unavailable people left: they are skipped and it is unanswered
        ([("d", None), ("q", None)], 1, set(), ([], [], [2], True)),
    ],
)
def test_routing_rules(
    offers: list[tuple[str, int | None]],
    at_once: int,
    available: set[int],
    expected: tuple[list[int], list[int], list[int], bool],
) -> None:
    states = {"q": OfferState.QUEUED, "w": OfferState.WAITING, "d": OfferState.DECLINED}
    now = MONDAY + timedelta(hours=7)
    step = route(
        [
            Offer(i, states[s], MONDAY + timedelta(hours=h) if h is not None else None)
            for i, (s, h) in enumerate(offers, start=1)
        ],
        at_once=at_once,
        now=now,
        available=available,
    )
    assert (step.lapse, step.ask, step.skip, step.unanswered) == expected


# -- through the JSON API and the command line --------------------------------------------------


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def test_the_api_walks_a_request_through(client: TestClient) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    sign_in(client, ids["E3"])
    made = client.post(
        "/api/v1/requests",
        json={"need": "negotiation? no: postgres replication lag", "kind": "working_session"},
    )
    assert made.status_code == 201, made.text
    rid = made.json()["request"]["id"]
    sign_in(client, ids["E1"])
    assert (
        client.get("/api/v1/requests").json()["asked_of_me"][0]["your_offer"]
        == "Asked, no answer yet"
    )
    assert client.post(f"/api/v1/requests/{rid}/accept").json()["request"]["status"] == "accepted"
    assert client.post(f"/api/v1/requests/{rid}/accept").status_code == 409
    client.post(f"/api/v1/requests/{rid}/messages", json={"body": "Let's pair tomorrow."})
    sign_in(client, ids["E3"])
    closed = client.post(
        f"/api/v1/requests/{rid}/close", json={"helped": True, "rating": 4, "minutes": 30}
    )
    assert closed.json()["request"]["where_it_stands"] == "Closed: helped, rated 4 of 5."
    found = client.get("/api/v1/experts", params={"q": "postgres", "order": "relevance"}).json()
    assert "helped colleagues with PostgreSQL once, rated 4 of 5" in found["items"][0]["why"]


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "status", "field"),
    [
        (None, "POST", "/api/v1/requests", {"need": "postgres"}, 401, None),
        ("E3", "POST", "/api/v1/requests", {"need": ""}, 422, "need"),
        ("E3", "POST", "/api/v1/requests", {"need": "postgres", "at_once": 9}, 422, "at_once"),
        ("E3", "POST", "/api/v1/requests", {"need": "postgres", "kind": "therapy"}, 422, "kind"),
        ("E3", "GET", "/api/v1/requests/99999", None, 404, None),
        ("E3", "POST", "/api/v1/requests/99999/close", {"helped": True, "rating": 0}, 422, "rating"),
    ],
)  # fmt: skip
def test_api_refusals(
    client: TestClient,
    who: str | None,
    method: str,
    path: str,
    body: object,
    status: int,
    field: str | None,
) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    if who:
        sign_in(client, ids[who])
    else:
        sign_out(client)
    response = client.request(method, path, json=body)
    assert_problem(response, status, field)


def test_the_advance_command_moves_requests_on(
    engine: Engine, org: Ids, empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from peoplefirst.cli.main import app as cli

    factory = make_session_factory(engine)
    with unit_of_work(factory) as s:
        _ask(s, org, now=datetime.now(UTC) - timedelta(days=3))
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    result = CliRunner().invoke(cli, ["requests", "advance"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Moved 1 request on")


def test_where_people_choose_whom_to_ask_they_see_how_each_answers(client: TestClient) -> None:
    ids = client.app.state.ids  # type: ignore[attr-defined]
    sign_in(client, ids["E3"])
    rid = client.post("/api/v1/requests", json={"need": "postgres replication lag"}).json()[
        "request"
    ]["id"]
    sign_in(client, ids["E1"])
    client.post(f"/api/v1/requests/{rid}/decline", json={"reason": "Busy"})
    sign_in(client, ids["E3"])
    ana = client.get("/api/v1/experts", params={"q": "postgres"}).json()["items"][0]
    assert (ana["requests_asked"], ana["requests_answered"]) == (1, 1)
    assert ana["last_active"].startswith(datetime.now(UTC).strftime("%Y-%m-%d"))
    page = client.get("/find", params={"q": "postgres"}).text
    assert "Answered 1 of 1 request in time over the last 90 days." in page


def test_a_guide_who_lets_requests_lapse_is_warned_then_no_longer_suggested(
    session: Session, org: Ids
) -> None:
    from peoplefirst.services.reminders import send_reminders

    ana = org["E1"]

    def lapse_one(day: int) -> None:
        asked_at = MONDAY + timedelta(days=day)
        _ask(session, org, guide_ids=[ana], now=asked_at, at_once=1)
        requests.advance_requests(session=session, now=asked_at + timedelta(days=3))

    def told(step: str) -> list[str]:
        return list(
            session.scalars(
                select(t.Notification.dedupe_key).where(
                    t.Notification.dedupe_key.like(f"guide:{ana}:{step}:%")
                )
            )
        )

    lapse_one(0)
    send_reminders(session=session, now=MONDAY + timedelta(days=4))
    assert told("warned-after") == [] and told("paused-after") == []
    lapse_one(5)
    send_reminders(session=session, now=MONDAY + timedelta(days=9))
    assert len(told("warned-after")) == 1
    assert session.get(t.Person, ana).findable  # type: ignore[union-attr]
    lapse_one(10)
    send_reminders(session=session, now=MONDAY + timedelta(days=14))
    assert len(told("paused-after")) == 1
    assert not session.get(t.Person, ana).findable  # type: ignore[union-attr]
    # her word counts: turned back on, the same streak does not pause her again
    set_availability(
        session=session, viewer=Viewer(ana), person_id=ana, findable=True, away_until=None
    )
    send_reminders(session=session, now=MONDAY + timedelta(days=15))
    assert session.get(t.Person, ana).findable  # type: ignore[union-attr]
    lapse_one(16)  # a new unanswered request: the streak goes on
    send_reminders(session=session, now=MONDAY + timedelta(days=20))
    assert not session.get(t.Person, ana).findable  # type: ignore[union-attr]
    assert len(told("paused-after")) == 2
