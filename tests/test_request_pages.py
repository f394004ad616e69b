"""The pages for asking a person for help, over HTTP: the ask form, "My requests", one
request and its forms. On SQLite and PostgreSQL, over the tiny organization (tests/tiny_org.py):
Ana (E1) is the PostgreSQL expert, Ben (E2) knows a little, Cleo (E3) asks, Dev (E4) is neither."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.tiny_org import post_form as _post
from tests.tiny_org import sign_in, sign_out, tiny_client

NEED = "our postgres replicas keep lagging behind"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class PageParts(HTMLParser):
    """The elements of a page that carry a data-testid, with their attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[Element]] = {}
        self.open: list[tuple[str, Element | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        element = Element(tag, values) if "data-testid" in values else None
        if element is not None:
            self.found.setdefault(values["data-testid"], []).append(element)
        if tag not in VOID:
            self.open.append((tag, element))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, element in self.open:
            if element is not None:
                element.text += data

    def all(self, testid: str) -> list[Element]:
        return self.found.get(testid, [])

    def text(self, testid: str) -> str:
        """The text of the first element with this testid, with spaces tidied."""
        elements = self.all(testid)
        assert elements, f"no element with data-testid={testid!r}"
        return " ".join(elements[0].text.split())


def parse(response: Response) -> PageParts:
    parser = PageParts()
    parser.feed(response.text)
    return parser


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def _ask(client: TestClient, ids: dict[str, int], **extra: object) -> int:
    """Cleo asks about Postgres, Ana first; returns the request's id."""
    sign_in(client, ids["E3"])
    data: dict[str, object] = {
        "need": NEED,
        "kind": "working_session",
        "urgency": "normal",
        "at_once": "1",
        "guide_ids": str(ids["E1"]),
    }
    data.update(extra)
    location = _post(client, "/ask", data)
    match = re.fullmatch(r"/requests/(\d+)", location)
    assert match, location
    return int(match.group(1))


def _states(page: PageParts) -> list[tuple[str, str]]:
    return [
        (" ".join(e.text.split()).split(" ", 2)[0], e.attrs["data-state"])
        for e in page.all("offer")
    ]


def _error_fields(response: Response) -> str:
    assert response.headers["content-type"].startswith("text/html")
    return parse(response).text("error-list")


def test_ask_answer_talk_and_close_then_the_finder_knows(
    client: TestClient, ids: dict[str, int]
) -> None:
    sign_in(client, ids["E3"])
    form = client.get("/ask", params={"need": NEED, "guide": ids["E1"]})
    assert form.status_code == 200
    page = parse(form)
    assert page.text("ask-need") == NEED
    assert page.text("ask-guide").startswith("Ask Ana Lima first")
    assert page.all("ask-guide-id")[0].attrs["value"] == str(ids["E1"])
    kinds = [k for k in page.found if k.startswith("ask-kind-")]
    assert "ask-kind-quick_question" in kinds and "ask-kind-mentoring" in kinds
    assert "A working session" in page.text("ask-kind")
    assert page.all("ask-submit") and page.all("ask-urgency") and page.all("ask-at-once")

    rid = _ask(client, ids)
    mine = parse(client.get(f"/requests/{rid}"))
    assert mine.text("request-need") == NEED
    assert mine.text("request-kind") == "A working session"
    assert mine.text("request-urgency") == "Normal"
    assert mine.text("request-skills") == "PostgreSQL"
    assert mine.text("status") == "Waiting for an answer"
    assert mine.text("where-it-stands").startswith("Asked Ana Lima; waiting for an answer until")
    assert _states(mine) == [("Ana", "waiting"), ("Ben", "queued")]
    assert mine.text("offer-deadline").startswith("Answer by")
    assert mine.all("withdraw-button") and not mine.all("accept-button")
    assert not mine.all("close-form") and not mine.all("message-form")

    listed = parse(client.get("/requests"))
    assert NEED in listed.text("asked-by-me") and "Nobody has asked you" in listed.text(
        "asked-of-me"
    )
    assert listed.all("request-link")[0].attrs["href"] == f"/requests/{rid}"

    # Ana sees it under "Asked of me", and accepts.
    sign_in(client, ids["E1"])
    theirs = parse(client.get("/requests"))
    assert NEED in theirs.text("asked-of-me")
    assert "Asked, no answer yet" in theirs.text("asked-of-me")
    assert "Cleo Martin" in theirs.text("asked-of-me")
    asked = parse(client.get(f"/requests/{rid}"))
    assert asked.text("your-offer") == "Your answer: Asked, no answer yet"
    assert asked.all("accept-button") and asked.all("decline-button")
    assert not asked.all("where-it-stands")  # that sentence names everyone asked: not for her
    assert _states(asked) == [("Ana", "waiting")]  # she sees only her own part
    assert _post(client, f"/requests/{rid}/accept") == f"/requests/{rid}"
    accepted = parse(client.get(f"/requests/{rid}"))
    assert accepted.text("status") == "Accepted"
    assert not accepted.all("accept-button") and not accepted.all("close-form")
    assert accepted.all("message-form")
    where = _post(client, f"/requests/{rid}/messages", {"body": "Happy to. Tuesday at 10?"})
    assert where == f"/requests/{rid}#conversation"

    # Cleo answers through htmx: the conversation comes back alone, with both messages.
    sign_in(client, ids["E3"])
    partial = client.post(
        f"/requests/{rid}/messages",
        data={"body": "Tuesday <b>works</b>!"},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    assert partial.headers["vary"] == "HX-Request"
    thread = parse(partial)
    assert [" ".join(e.text.split()) for e in thread.all("message-body")] == [
        "Happy to. Tuesday at 10?",
        "Tuesday <b>works</b>!",  # escaped, shown as typed
    ]
    assert "&lt;b&gt;works&lt;/b&gt;" in partial.text
    assert [e.text for e in thread.all("message-author")] == ["Ana Lima", "Cleo Martin"]
    assert thread.all("message-form")

    page = parse(client.get(f"/requests/{rid}"))
    assert page.text("where-it-stands").startswith("Ana Lima accepted")
    assert _states(page) == [("Ana", "accepted"), ("Ben", "withdrawn")]
    assert page.all("close-skill-postgresql")[0].attrs.get("checked") is not None
    assert len(page.all("message")) == 2
    where = _post(
        client,
        f"/requests/{rid}/close",
        {
            "helped": "true",
            "rating": "5",
            "minutes": "45",
            "note": "Clear and kind.",
            "skills_listed": "true",
            "skill_ids": str(ids["skill:postgresql"]),
        },
    )
    assert where == f"/requests/{rid}#outcome"
    closed = parse(client.get(f"/requests/{rid}"))
    assert closed.text("status") == "Closed"
    assert closed.text("where-it-stands") == "Closed: helped, rated 5 of 5."
    assert closed.text("outcome-helped") == "Yes"
    assert closed.text("outcome-rating") == "5 of 5"
    assert closed.text("outcome-minutes") == "45 minutes"
    assert closed.text("outcome-skills") == "PostgreSQL"
    assert closed.text("outcome-note") == "Clear and kind."
    assert not closed.all("close-form") and not closed.all("message-form")
    assert not closed.all("withdraw-button")
    assert len(closed.all("message")) == 2  # the conversation stays readable

    found = client.get("/find", params={"q": "postgres"})
    assert "helped colleagues with PostgreSQL" in parse(found).text("why")


def test_a_decline_with_a_reason_moves_on_and_the_learner_reads_why(
    client: TestClient, ids: dict[str, int]
) -> None:
    rid = _ask(client, ids)
    sign_in(client, ids["E1"])
    assert _post(client, f"/requests/{rid}/decline", {"reason": "On leave this week"}) == (
        f"/requests/{rid}"
    )
    declined = parse(client.get(f"/requests/{rid}"))
    assert declined.text("your-offer") == "Your answer: Declined"
    assert not declined.all("accept-button") and not declined.all("decline-button")
    assert not declined.all("message-form")

    sign_in(client, ids["E3"])
    page = parse(client.get(f"/requests/{rid}"))
    assert _states(page) == [("Ana", "declined"), ("Ben", "waiting")]
    assert page.text("offer-reason") == "On leave this week"
    assert page.text("where-it-stands").startswith("Asked Ben Okafor")

    # Ben may answer now; Cleo withdraws first, and nobody can answer any more.
    assert _post(client, f"/requests/{rid}/withdraw") == f"/requests/{rid}"
    gone = parse(client.get(f"/requests/{rid}"))
    assert gone.text("status") == "Withdrawn" and not gone.all("withdraw-button")
    sign_in(client, ids["E2"])
    late = client.post(f"/requests/{rid}/accept", follow_redirects=False)
    assert late.status_code == 409
    assert "withdrawn" in parse(late).text("error")


def test_closing_with_every_skill_unticked_counts_for_none(
    client: TestClient, ids: dict[str, int]
) -> None:
    rid = _ask(client, ids)
    sign_in(client, ids["E1"])
    _post(client, f"/requests/{rid}/accept")
    sign_in(client, ids["E3"])
    _post(client, f"/requests/{rid}/close", {"helped": "false", "skills_listed": "true"})
    closed = parse(client.get(f"/requests/{rid}"))
    assert closed.text("outcome-helped") == "No"
    assert closed.text("outcome-rating") == "Not rated"
    assert closed.text("outcome-skills") == "No skill named"
    assert closed.text("where-it-stands") == "Closed: did not help."


def test_signed_out_visitors_are_asked_to_sign_in(client: TestClient) -> None:
    sign_out(client)
    page = client.get("/ask", params={"need": NEED}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/sign-in?next=%2Fask%3Fneed%3D")
    back_to = parse(client.get(page.headers["location"]))
    assert back_to.all("password-sign-in")
    refused = client.post("/ask", data={"need": NEED}, follow_redirects=False)
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("text/html")
    assert client.get("/requests/1", follow_redirects=False).status_code == 303


def test_only_the_people_in_a_request_see_it(client: TestClient, ids: dict[str, int]) -> None:
    rid = _ask(client, ids)
    assert 'href="/requests"' in client.get("/").text  # the nav link, once signed in
    sign_in(client, ids["E4"])
    refused = client.get(f"/requests/{rid}")
    assert refused.status_code == 403
    assert NEED not in refused.text
    assert "Not permitted" in parse(refused).text("error")
    for action in ("accept", "decline", "withdraw", "messages", "close"):
        data = {"body": "hi", "helped": "true"}
        assert client.post(f"/requests/{rid}/{action}", data=data).status_code == 403, action
    assert client.get("/requests/99999").status_code == 404
    assert NEED not in client.get("/requests").text


@pytest.mark.parametrize(
    ("form", "status", "field"),
    [
        ({"need": ""}, 422, "need"),
        ({"need": "   "}, 422, "need"),
        ({"kind": "therapy"}, 422, "kind"),
        ({"urgency": "yesterday"}, 422, "urgency"),
        ({"at_once": "9"}, 422, "at_once"),
        ({"at_once": "many"}, 422, "at_once"),
        ({"need": "postgres\x00"}, 422, "need"),
        ({"guide_ids": "0"}, 422, "guide_ids"),
        ({"guide_ids": "99999"}, 422, "guide_ids"),
    ],
)
def test_bad_asks_get_an_error_page_naming_the_field(
    client: TestClient, ids: dict[str, int], form: dict[str, str], status: int, field: str
) -> None:
    sign_in(client, ids["E3"])
    data = {"need": NEED, "guide_ids": str(ids["E1"]), **form}
    response = client.post("/ask", data=data, follow_redirects=False)
    assert response.status_code == status, response.text
    assert field in _error_fields(response)
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"helped": "true", "rating": "9"}, "rating"),
        ({"helped": "true", "rating": "five"}, "rating"),
        ({"helped": "true", "minutes": "-5"}, "minutes"),
        ({"rating": "4"}, "helped"),
        ({"helped": "true", "skills_listed": "true", "skill_ids": "99999"}, "skill_ids"),
    ],
)
def test_bad_feedback_gets_an_error_page_naming_the_field(
    client: TestClient, ids: dict[str, int], form: dict[str, str], field: str
) -> None:
    rid = _ask(client, ids)
    sign_in(client, ids["E1"])
    _post(client, f"/requests/{rid}/accept")
    empty = client.post(f"/requests/{rid}/messages", data={"body": "  "}, follow_redirects=False)
    assert empty.status_code == 422 and "body" in _error_fields(empty)
    sign_in(client, ids["E3"])
    response = client.post(f"/requests/{rid}/close", data=form, follow_redirects=False)
    assert response.status_code == 422, response.text
    assert field in _error_fields(response)
    still = parse(client.get(f"/requests/{rid}"))
    assert still.text("status") == "Accepted"  # nothing was closed


def test_the_finder_hands_over_to_the_ask_form(client: TestClient, ids: dict[str, int]) -> None:
    sign_in(client, ids["E3"])
    for headers in ({}, {"HX-Request": "true"}):  # the page, and the partial htmx swaps in
        found = parse(client.get("/find", params={"q": "postgres replication"}, headers=headers))
        experts = found.all("expert")
        links = found.all("ask-link")
        assert len(experts) == len(links) >= 2
        first = urlsplit(links[0].attrs["href"])
        assert first.path == "/ask"
        assert parse_qs(first.query) == {
            "need": ["postgres replication"],
            "guide": [str(ids["E1"])],
        }
        assert links[0].text == "Ask Ana Lima"
    form = parse(client.get(links[0].attrs["href"]))
    assert form.text("ask-need") == "postgres replication"
    assert form.text("ask-guide").startswith("Ask Ana Lima first")

    # Nobody is offered to ask themselves.
    sign_in(client, ids["E1"])
    found = parse(client.get("/find", params={"q": "postgres"}))
    assert len(found.all("ask-link")) == len(found.all("expert")) - 1
    assert all(f"guide={ids['E1']}" not in a.attrs["href"] for a in found.all("ask-link"))


def test_an_away_guide_is_named_and_not_sent(client: TestClient, ids: dict[str, int]) -> None:
    sign_in(client, ids["E1"])
    _post(
        client,
        f"/people/{ids['E1']}/availability",
        {"findable": "true", "away_until": (date.today() + timedelta(days=30)).isoformat()},
    )
    sign_in(client, ids["E3"])
    page = parse(client.get("/ask", params={"need": NEED, "guide": ids["E1"]}))
    assert "away" in page.text("ask-guide-away")
    assert not page.all("ask-guide-id")
    assert client.get("/ask", params={"guide": 99999}).status_code == 404
    assert client.get("/ask", params={"guide": "x"}).status_code == 422
    mine = parse(client.get("/ask", params={"guide": ids["E3"]}))
    assert mine.all("ask-guide-is-me") and not mine.all("ask-guide-id")
