"""The program pages over HTTP: the list, a new program, one program with its forms, and a
match run. On SQLite and PostgreSQL, over the tiny organization (tests/tiny_org.py): Cleo (E3)
runs the programs, Ben (E2) wants to learn PostgreSQL, Ana (E1, the PostgreSQL expert) and
Dev (E4) offer to guide."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from peoplefirst.web import pages_programs
from tests.test_request_pages import PageParts, parse
from tests.tiny_org import post_form as _post
from tests.tiny_org import sign_in, sign_out, tiny_client

# Rules under which anyone may guide anyone who shares a language (the tiny organization
# has no levels, roles or management chains to satisfy the kinds' starting rules).
OPEN_RULES = {
    "role": "",
    "reporting_line": "any",
    "shared_language": "true",
    "min_overlap_hours": "0",
    "level_gap_low": "",
    "level_gap_high": "",
    "ideal_level_gap": "0",
    "soft_goal_fit": "1",
    "soft_cross_department": "0.15",
    "soft_learner_preference": "0.3",
}
STRONG_CHOICE = {"soft_learner_preference": "2"}


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    found: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return found


def _page(client: TestClient, url: str) -> PageParts:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return parse(response)


def _error_fields(response: Response) -> str:
    assert response.headers["content-type"].startswith("text/html")
    return parse(response).text("error-list")


def _create(client: TestClient, ids: dict[str, int], **settings: object) -> int:
    """Cleo starts a program through the form; returns its id."""
    sign_in(client, ids["E3"])
    data: dict[str, object] = {"name": "Postgres mentoring", "kind": "mentoring"}
    data.update(settings)
    location = _post(client, "/programs/new", data)
    found = re.fullmatch(r"/programs/(\d+)", location)
    assert found, location
    return int(found.group(1))


def _open_rules(client: TestClient, program: int) -> None:
    version = _page(client, f"/programs/{program}").text("rules-version").split()[-1]
    _post(client, f"/programs/{program}/rules", {**OPEN_RULES, "version": version})


def _enroll(client: TestClient, person: int, program: int, side: str, **extra: object) -> None:
    sign_in(client, person)
    _post(client, f"/programs/{program}/enroll", {"side": side, **extra})


def _mentoring(client: TestClient, ids: dict[str, int], **settings: object) -> int:
    """A mentoring program with open rules: Ben learns PostgreSQL; Ana and Dev guide one each."""
    program = _create(client, ids, **settings)
    _open_rules(client, program)
    _enroll(client, ids["E2"], program, "learner", skill=["postgres", "", ""], stage="")
    _enroll(client, ids["E1"], program, "guide", capacity="1")
    _enroll(client, ids["E4"], program, "guide", capacity="1")
    sign_in(client, ids["E3"])
    return program


def _run(client: TestClient, program: int, method: str = "optimal") -> int:
    location = _post(client, f"/programs/{program}/runs", {"method": method})
    found = re.fullmatch(rf"/programs/{program}/runs/(\d+)", location)
    assert found, location
    return int(found.group(1))


def _pairs(page: PageParts) -> list[tuple[int, int]]:
    return [
        (int(e.attrs["data-learner-id"]), int(e.attrs["data-guide-id"])) for e in page.all("pair")
    ]


def _figure(page: PageParts, label: str) -> str:
    found = [e for e in page.all("figure") if e.attrs["data-figure"] == label]
    assert found, label
    return " ".join(found[0].text.split())


def _my_matches(page: PageParts) -> list[tuple[int, str, str]]:
    """(match id, state, text) of each match the viewer sees as theirs."""
    return [
        (int(e.attrs["data-match-id"]), e.attrs["data-state"], " ".join(e.text.split()))
        for e in page.all("my-match")
    ]


def _answer(client: TestClient, person: int, match: int, action: str, **form: object) -> str:
    sign_in(client, person)
    return _post(client, f"/programs/matches/{match}/{action}", dict(form))


def test_create_enroll_run_explain_publish_and_both_accept(
    client: TestClient, ids: dict[str, int]
) -> None:
    sign_in(client, ids["E3"])
    new = _page(client, "/programs/new")
    assert "Peer circles (groups)" in new.text("program-kind-input")
    assert "peer circles and post-event groups only" in new.text("program-group-sizes")

    program = _mentoring(client, ids, description="Learn Postgres from those who run it.")
    admin = _page(client, f"/programs/{program}")
    assert admin.text("program-name") == "Postgres mentoring"
    assert admin.text("program-kind") == "Mentoring"
    assert admin.text("rules-version") == "version 2"  # the open rules were saved
    assert [e.attrs["data-person-id"] for e in admin.all("learner-row")] == [str(ids["E2"])]
    assert "PostgreSQL" in admin.text("learner-row")
    assert sorted(int(e.attrs["data-person-id"]) for e in admin.all("guide-row")) == sorted(
        [ids["E1"], ids["E4"]]
    )
    assert admin.all("run-method")
    methods = re.findall(r'<option value="([\w-]+)"', client.get(f"/programs/{program}").text)
    assert {"optimal", "stable-learner", "stable-guide", "greedy"} <= set(methods)

    run = _run(client, program)
    page = _page(client, f"/programs/{program}/runs/{run}")
    assert _pairs(page) == [(ids["E2"], ids["E1"])]
    assert _figure(page, "Matched").startswith("1 of 1")
    assert _figure(page, "Blocking pairs").startswith("0")
    for label in ("Total score", "Mean score", "Optimality gap", "Max load ratio", "Load Gini"):
        assert _figure(page, label)
    reasons = page.text("pair-reasons")
    assert "Ana Lima practises PostgreSQL at level 5" in reasons and "(weight 1)" in reasons
    assert "total" in page.text("seconds")
    assert not page.all("comparison") and not page.all("new-pair")  # the first run
    assert page.all("pin-button") and page.all("forbid-button")
    assert page.all("publish-button")

    location = _post(client, f"/programs/{program}/runs/{run}/publish")
    published = _page(client, location)
    assert published.text("publish-summary").startswith("1 match proposed")
    assert "published" in published.text("why-not-publish")
    assert published.text("run-state") == "Published"
    # The report is the run's: it is still there when the page is opened again.
    again = _page(client, f"/programs/{program}/runs/{run}")
    assert again.text("publish-summary").startswith("1 match proposed")

    # Ben answers from the list of programs, Ana from the program's page.
    sign_in(client, ids["E2"])
    mine = _page(client, "/programs")
    [(match, state, text)] = _my_matches(mine)
    assert state == "proposed" and "Your mentor: Ana Lima" in text
    assert mine.all("accept-button") and mine.all("decline-button")
    assert _answer(client, ids["E2"], match, "accept", back="list") == "/programs#your-matches"
    waiting = _page(client, "/programs")
    assert waiting.all("waiting-for") and not waiting.all("accept-button")

    assert _answer(client, ids["E1"], match, "accept") == f"/programs/{program}#my-matches"
    ana = _page(client, f"/programs/{program}")
    [(_, state, text)] = _my_matches(ana)
    assert state == "active" and "Your mentee: Ben Okafor" in text
    assert ana.all("end-button")
    assert "Always open" in ana.text("program-window")
    assert not ana.all("rules-form")

    sign_in(client, ids["E3"])
    admin = _page(client, f"/programs/{program}")
    assert [e.attrs["data-state"] for e in admin.all("match-state")] == ["active"]
    assert "mentee, mentor" in admin.text("match-row")
    listed = _page(client, "/programs")
    assert [e.attrs["data-program-id"] for e in listed.all("program-row")] == [str(program)]
    assert listed.all("programs-run-table")


def test_pin_then_run_again_keeps_the_pin_and_says_what_changed(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _mentoring(client, ids)
    first = _run(client, program)
    assert _pairs(_page(client, f"/programs/{program}/runs/{first}")) == [(ids["E2"], ids["E1"])]

    back = _post(
        client,
        f"/programs/{program}/pairs",
        {"learner_id": ids["E2"], "guide_id": ids["E4"], "action": "pin", "run": first},
    )
    assert back == f"/programs/{program}/runs/{first}#pair-{ids['E2']}"
    admin = _page(client, f"/programs/{program}")
    assert admin.text("pinned-pair").startswith("Ben Okafor with Dev Rao")
    assert admin.text("rules-version") == "version 3"

    # Saving the simple rules form keeps the pin.
    _post(client, f"/programs/{program}/rules", {**OPEN_RULES, "version": "3"})
    assert _page(client, f"/programs/{program}").text("pinned-pair").startswith("Ben Okafor")

    second = _run(client, program)
    page = _page(client, f"/programs/{program}/runs/{second}")
    assert _pairs(page) == [(ids["E2"], ids["E4"])]
    assert page.all("pinned-pair") and page.all("new-pair")
    assert page.all("release-button") and not page.all("pin-button")
    assert page.text("compare-kept") == "0" and page.text("compare-changed") == "1"
    assert page.text("compare-matched") == "1 → 1"
    assert _figure(page, "Pinned").startswith("1")

    # The older run may no longer be published, and says why.
    old = _page(client, f"/programs/{program}/runs/{first}")
    assert f"Run {second} is newer" in old.text("why-not-publish")
    assert not old.all("publish-button")
    refused = client.post(f"/programs/{program}/runs/{first}/publish", follow_redirects=False)
    assert refused.status_code == 409

    _post(
        client,
        f"/programs/{program}/pairs",
        {"learner_id": ids["E2"], "guide_id": ids["E4"], "action": "release"},
    )
    assert not _page(client, f"/programs/{program}").all("pinned-pair")

    _post(
        client,
        f"/programs/{program}/pairs",
        {"learner_id": ids["E2"], "guide_id": ids["E4"], "action": "forbid", "run": second},
    )
    assert _page(client, f"/programs/{program}").text("forbidden-pair").startswith("Ben Okafor")
    third = _run(client, program, "greedy")
    assert _pairs(_page(client, f"/programs/{program}/runs/{third}")) == [(ids["E2"], ids["E1"])]


@pytest.mark.parametrize(
    ("who", "action", "reason"),
    [
        ("E2", "decline", "I would rather learn from someone in my team"),
        ("E1", "decline", ""),
        ("E1", "end", "moving to another country"),
    ],
)
def test_a_decline_or_an_end_proposes_another_guide(
    client: TestClient, ids: dict[str, int], who: str, action: str, reason: str
) -> None:
    program = _mentoring(client, ids)
    run = _run(client, program)
    _post(client, f"/programs/{program}/runs/{run}/publish")
    sign_in(client, ids["E2"])
    [(match, _, _)] = _my_matches(_page(client, f"/programs/{program}"))
    if action == "end":
        _answer(client, ids["E2"], match, "accept")
        _answer(client, ids["E1"], match, "accept")
    _answer(client, ids[who], match, action, reason=reason)

    sign_in(client, ids["E2"])
    ben = _my_matches(_page(client, f"/programs/{program}"))
    states = {m: state for m, state, _ in ben}
    assert states[match] == ("ended" if action == "end" else "declined")
    [(_, _, text)] = [m for m in ben if m[1] == "proposed"]
    assert "Your mentor: Dev Rao" in text
    sign_in(client, ids["E3"])
    admin = _page(client, f"/programs/{program}")
    rows = [" ".join(e.text.split()) for e in admin.all("match-row")]
    assert any(reason in row for row in rows if "Ana Lima" in row)
    assert any("replaces" in row for row in rows if "Dev Rao" in row)


def test_the_end_of_a_match_needs_a_reason(client: TestClient, ids: dict[str, int]) -> None:
    program = _mentoring(client, ids)
    _post(client, f"/programs/{program}/runs/{_run(client, program)}/publish")
    sign_in(client, ids["E2"])
    [(match, _, _)] = _my_matches(_page(client, f"/programs/{program}"))
    _answer(client, ids["E2"], match, "accept")
    _answer(client, ids["E1"], match, "accept")
    refused = client.post(f"/programs/matches/{match}/end", data={"reason": " "})
    assert refused.status_code == 422 and "reason" in _error_fields(refused)
    sign_in(client, ids["E4"])  # not part of the match
    assert client.post(f"/programs/matches/{match}/accept").status_code == 403
    assert client.post("/programs/matches/99999/accept").status_code == 404


def test_people_who_do_not_run_a_program_see_no_admin_forms(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _mentoring(client, ids)
    run = _run(client, program)
    sign_in(client, ids["E2"])
    page = _page(client, f"/programs/{program}")
    for admin_only in (
        "runs",
        "run-form",
        "rules-form",
        "rules-json-form",
        "invite-form",
        "settings-form",
        "learners-table",
        "matches",
        "i-admin",
    ):
        assert not page.all(admin_only), admin_only
    assert page.all("enroll-learner-form") and page.all("withdraw-learner")
    refused = client.get(f"/programs/{program}/runs/{run}")
    assert refused.status_code == 403 and "Not permitted" in refused.text
    for url, data in [
        (f"/programs/{program}/runs", {"method": "optimal"}),
        (f"/programs/{program}/runs/{run}/publish", {}),
        (f"/programs/{program}/rules", {**OPEN_RULES, "version": "2"}),
        (f"/programs/{program}/rules/json", {"rules": "{}"}),
        (f"/programs/{program}/settings", {"name": "Mine now", "kind": "mentoring"}),
        (f"/programs/{program}/invite", {"people": "E2"}),
        (
            f"/programs/{program}/pairs",
            {"learner_id": ids["E2"], "guide_id": ids["E4"], "action": "pin"},
        ),
    ]:
        assert client.post(url, data=data).status_code == 403, url

    sign_out(client)
    for path in ("/programs", f"/programs/{program}"):
        assert client.get(path, follow_redirects=False).headers["location"].startswith("/sign-in")
    assert client.post("/programs/new", data={"name": "X"}).status_code == 401
    assert client.post(f"/programs/{program}/enroll", data={"side": "learner"}).status_code == 401
    sign_in(client, ids["E2"])
    assert client.get("/programs/99999").status_code == 404
    assert client.get("/programs/x").status_code == 422
    assert 'href="/programs"' in client.get("/").text  # in the navigation


def _snapshot(client: TestClient, ids: dict[str, int], program: int) -> tuple[object, ...]:
    sign_in(client, ids["E3"])
    page = _page(client, f"/programs/{program}")
    return (
        page.text("rules-version"),
        page.text("rules-json"),
        page.text("invited-count"),
        page.text("program-name"),
        page.text("program-facts"),
        len(page.all("learner-row")),
        [e.text for e in page.all("guide-row")],
        len(page.all("run-row")),
        len(_page(client, "/programs").all("program-row")),
    )


def _named(value: str, ids: dict[str, int]) -> str:
    """ "{E1}" is Ana's id, and so on."""
    return re.sub(r"\{(E\d)\}", lambda m: str(ids[m.group(1)]), value)


# (who, where, form, status, the field the error page names); "{p}" is the program's address.
BAD_FORMS: list[tuple[str, str, dict[str, object], int, str]] = [
    ("E3", "/programs/new", {"name": " ", "kind": "mentoring"}, 422, "name"),
    ("E3", "/programs/new", {"name": "Postgres mentoring"}, 422, "name"),  # taken
    ("E3", "/programs/new", {"name": "Another", "kind": "astrology"}, 422, "kind"),
    (
        "E3",
        "/programs/new",
        {"name": "Another", "enrollment_opens": "2026-05-02", "enrollment_closes": "2026-05-01"},
        422,
        "enrollment_closes",
    ),
    ("E3", "/programs/new", {"name": "Another", "hours_per_month": "lots"}, 422, "hours"),
    ("E3", "/programs/new", {"name": "Another", "hours_per_month": "99"}, 422, "hours"),
    ("E3", "/programs/new", {"name": "Another", "group_min_size": "1"}, 422, "group_min"),
    ("E3", "/programs/new", {"name": "Another", "enrollment_opens": "soon"}, 422, "opens"),
    ("E3", "{p}/settings", {"name": "Renamed", "kind": "coaching"}, 422, "kind"),
    ("E3", "{p}/rules", {**OPEN_RULES, "level_gap_low": "1"}, 422, "level_gap"),
    ("E3", "{p}/rules", {**OPEN_RULES, "soft_goal_fit": "-1"}, 422, "soft.goal_fit"),
    ("E3", "{p}/rules", {**OPEN_RULES, "min_overlap_hours": "30"}, 422, "min_overlap"),
    ("E3", "{p}/rules", {**OPEN_RULES, "role": "wizard"}, 422, "hard.role"),
    ("E3", "{p}/rules", {**OPEN_RULES, "version": "1"}, 409, ""),  # seen an old version
    ("E3", "{p}/rules/json", {"rules": "{not json"}, 422, "rules"),
    ("E3", "{p}/rules/json", {"rules": '{"version": 1, "hard": {"rol": 1}}'}, 422, "rol"),
    ("E3", "{p}/invite", {"people": "E2\nnobody@example.com"}, 422, "people"),
    ("E3", "{p}/invite", {}, 422, "people"),
    ("E3", "{p}/invite", {"min_level": "9"}, 422, "min_level"),
    ("E3", "{p}/runs", {"method": "coin-toss"}, 422, "method"),
    ("E3", "{p}/pairs", {"learner_id": "{E3}", "guide_id": "{E1}", "action": "pin"}, 422, ""),
    ("E2", "{p}/enroll", {"side": "learner", "skill": ["postgres", "astrology"]}, 422, "skill"),
    ("E2", "{p}/enroll", {"side": "learner", "skill": ["sql"] * 6}, 422, "skill"),
    ("E2", "{p}/enroll", {"side": "teacher"}, 422, "side"),
    ("E1", "{p}/enroll", {"side": "guide", "capacity": "0"}, 422, "capacity"),
    ("E1", "{p}/enroll", {"side": "guide", "stage": "x" * 101}, 422, "stage"),
    ("E3", "{p}/withdraw", {"side": "learner"}, 422, "side"),  # not enrolled
]


def test_a_bad_form_value_names_its_field_and_changes_nothing(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _mentoring(client, ids)
    before = _snapshot(client, ids, program)
    for who, url, data, status, field in BAD_FORMS:
        case = f"{who} {url} {data}"
        sign_in(client, ids[who])
        filled = {k: v if isinstance(v, list) else _named(str(v), ids) for k, v in data.items()}
        if url.endswith("/rules") and "version" not in filled:
            filled["version"] = "2"
        response = client.post(url.format(p=f"/programs/{program}"), data=filled)
        assert response.status_code == status, case
        if field:
            assert field in _error_fields(response), case
        assert _snapshot(client, ids, program) == before, case


def test_self_selection_shows_a_shortlist_and_keeps_the_choices_in_order(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _mentoring(client, ids, self_select="true")
    sign_in(client, ids["E2"])
    page = _page(client, f"/programs/{program}")
    guides = [int(e.attrs["data-guide-id"]) for e in page.all("shortlist-entry")]
    assert sorted(guides) == sorted([ids["E1"], ids["E4"]])
    assert "PostgreSQL" in page.text("shortlist")
    _post(client, f"/programs/{program}/choose", {"chosen": [str(ids["E4"]), "", str(ids["E1"])]})
    page = _page(client, f"/programs/{program}")
    assert page.text("my-choices").endswith("Dev Rao, Ana Lima")
    selected = re.findall(
        r'<option value="(\d+)" selected>', client.get(f"/programs/{program}").text
    )
    assert selected == [str(ids["E4"]), str(ids["E1"])]
    twice = client.post(f"/programs/{program}/choose", data={"chosen": [str(ids["E1"])] * 2})
    assert twice.status_code == 422 and "chosen" in _error_fields(twice)

    sign_in(client, ids["E3"])
    assert "1. Dev Rao; 2. Ana Lima" in _page(client, f"/programs/{program}").text("learner-row")
    # Weighed heavily, Ben's one choice beats Ana's better fit.
    _post(client, f"/programs/{program}/rules", {**OPEN_RULES, "version": "2", **STRONG_CHOICE})
    sign_in(client, ids["E2"])
    _post(client, f"/programs/{program}/choose", {"chosen": [str(ids["E4"])]})
    sign_in(client, ids["E3"])
    run = _run(client, program)
    assert _pairs(_page(client, f"/programs/{program}/runs/{run}")) == [(ids["E2"], ids["E4"])]

    _post(client, f"/programs/{program}/runs/{run}/publish")
    sign_in(client, ids["E2"])
    assert not _page(client, f"/programs/{program}").all("choose")  # has a guide now


def test_peer_circles_form_groups(client: TestClient, ids: dict[str, int]) -> None:
    program = _create(
        client,
        ids,
        name="Data circles",
        kind="peer_circles",
        group_min_size="2",
        group_max_size="2",
    )
    admin = _page(client, f"/programs/{program}")
    assert not admin.all("run-method") and not admin.all("rules-form")
    assert admin.text("program-group-size") == "2 to 2"
    for who in ("E1", "E2", "E3", "E4"):
        sign_in(client, ids[who])
        page = _page(client, f"/programs/{program}")
        assert page.all("enroll-learner-form") and not page.all("enroll-guide-form")
        _post(client, f"/programs/{program}/enroll", {"side": "learner", "skill": ["sql"]})
    refused = client.post(f"/programs/{program}/enroll", data={"side": "guide"})
    assert refused.status_code == 422 and "side" in _error_fields(refused)

    sign_in(client, ids["E3"])
    run = _run(client, program, method="")
    page = _page(client, f"/programs/{program}/runs/{run}")
    assert len(page.all("run-group")) == 2
    assert _figure(page, "Placed").startswith("4 of 4")
    published = _page(client, _post(client, f"/programs/{program}/runs/{run}/publish"))
    assert published.text("publish-summary") == "2 groups formed."
    sign_in(client, ids["E2"])
    mine = _page(client, f"/programs/{program}").text("my-group-members")
    assert "Ben Okafor" in mine and mine.count("you") == 1


def test_intro_rounds_pair_everyone_and_members_say_whether_they_met(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _create(
        client, ids, name="Coffee roulette", kind="peer_intros", round_every_weeks="1"
    )
    for who in ("E1", "E2", "E3", "E4"):
        sign_in(client, ids[who])
        _post(client, f"/programs/{program}/enroll", {"side": "learner"})
    sign_in(client, ids["E3"])
    assert "a new round is due every 1 week" in _page(client, f"/programs/{program}").text(
        "run-form"
    )
    run = _run(client, program, method="")
    page = _page(client, f"/programs/{program}/runs/{run}")
    assert len(page.all("run-group")) == 2
    _post(client, f"/programs/{program}/runs/{run}/publish")
    sign_in(client, ids["E1"])
    mine = _page(client, f"/programs/{program}")
    assert "This round" in mine.text("my-group") and mine.all("round-met")
    _post(client, f"/programs/{program}/rounds/{run}/answer", {"answer": "met"})
    assert "(met)" in _page(client, f"/programs/{program}").text("my-group-members")
    bad = client.post(f"/programs/{program}/rounds/{run}/answer", data={"answer": "perhaps"})
    assert bad.status_code == 422 and "answer" in _error_fields(bad)


def test_the_navigation_counts_what_waits_for_your_answer(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _mentoring(client, ids)
    run = _run(client, program)
    sign_in(client, ids["E2"])
    assert not _page(client, "/people").all("waiting-programs")
    sign_in(client, ids["E3"])
    _post(client, f"/programs/{program}/runs/{run}/publish")
    for who in ("E1", "E2"):  # the guide and the learner of the one pair
        sign_in(client, ids[who])
        badge = _page(client, "/people").text("waiting-programs")
        assert badge.startswith("1") and "waiting for your answer" in badge
    (match,) = [m for m, _, _ in _my_matches(_page(client, "/programs"))]
    _answer(client, ids["E2"], match, "accept")
    assert not _page(client, "/skills").all("waiting-programs")
    sign_in(client, ids["E1"])
    assert _page(client, "/skills").text("waiting-programs").startswith("1")


def test_invitations_by_department_list_and_file_open_an_invite_only_program(
    client: TestClient, ids: dict[str, int]
) -> None:
    program = _create(client, ids, invite_only="true")
    sign_in(client, ids["E2"])
    assert _page(client, f"/programs/{program}").all("not-invited")
    assert client.post(f"/programs/{program}/enroll", data={"side": "learner"}).status_code == 403

    sign_in(client, ids["E3"])
    page = client.get(f"/programs/{program}").text
    platform = re.search(r'<option value="(\d+)">[^<]*Platform</option>', page)
    assert platform, "the department select lists Platform"
    location = _post(client, f"/programs/{program}/invite", {"department_id": platform.group(1)})
    assert location == f"/programs/{program}?invited=2#cohort"  # Ben and Dev
    admin = _page(client, location)
    assert admin.text("invited-now") == "2 people newly invited."
    assert admin.text("invited-count") == "2 invited"

    response = client.post(
        f"/programs/{program}/invite",
        data={"people": "employee_id\nE2, cleo@EXAMPLE.com"},
        files={"people_file": ("people.csv", b"email\nana@example.com\n", "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "invited=2" in response.headers["location"]
    bad = client.post(
        f"/programs/{program}/invite",
        files={"people_file": ("people.csv", b"\xff\xfe", "text/csv")},
    )
    assert bad.status_code == 422 and "people_file" in _error_fields(bad)

    sign_in(client, ids["E2"])
    page = _page(client, f"/programs/{program}")
    assert not page.all("not-invited") and page.all("enroll-learner-form")
    _post(client, f"/programs/{program}/enroll", {"side": "learner"})
    assert "open learning goals" in _page(client, f"/programs/{program}").text("my-goals")


def test_enrollment_outside_its_window_is_refused_but_admins_may(
    client: TestClient, ids: dict[str, int]
) -> None:
    closed = (date.today() - timedelta(days=1)).isoformat()
    program = _create(client, ids, enrollment_closes=closed)
    sign_in(client, ids["E2"])
    page = _page(client, f"/programs/{program}")
    assert page.all("enrollment-closed") and not page.all("enroll-learner-form")
    assert client.post(f"/programs/{program}/enroll", data={"side": "learner"}).status_code == 409
    listed = _page(client, "/programs")
    assert listed.text("open-tag") == "Enrollment closed" and listed.all("programs-others")

    sign_in(client, ids["E3"])
    _post(client, f"/programs/{program}/settings", {"name": "Renamed", "kind": "mentoring"})
    page = _page(client, f"/programs/{program}")
    assert page.text("program-name") == "Renamed" and "Always open" in page.text("program-window")


def test_the_pairs_of_a_large_run_come_in_pages(
    client: TestClient, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_programs, "PAIRS_PER_PAGE", 1)
    program = _mentoring(client, ids)
    _enroll(client, ids["E3"], program, "learner", skill=["kubernetes"])
    sign_in(client, ids["E3"])
    run = _run(client, program)
    first = _page(client, f"/programs/{program}/runs/{run}")
    second = _page(client, f"/programs/{program}/runs/{run}?page=2")
    assert len(_pairs(first)) == len(_pairs(second)) == 1
    assert _pairs(first) != _pairs(second)
    assert 'rel="next"' in client.get(f"/programs/{program}/runs/{run}").text
    assert 'rel="next"' not in client.get(f"/programs/{program}/runs/{run}?page=2").text
    assert _pairs(_page(client, f"/programs/{program}/runs/{run}?page=99")) == _pairs(second)
    [(learner, guide)] = _pairs(second)
    back = _post(
        client,
        f"/programs/{program}/pairs",
        {"learner_id": learner, "guide_id": guide, "action": "pin", "run": run, "page": 2},
    )
    assert back == f"/programs/{program}/runs/{run}?page=2#pair-{learner}"
    assert client.get(f"/programs/{program + 1}/runs/{run}").status_code == 404
