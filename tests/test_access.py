"""Signing in and out, passwords, throttling, reset links, form tokens (CSRF), API tokens,
roles and the audit log — through real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from peoplefirst.cli.main import app as cli
from peoplefirst.domain.access import FAILURES_PER_LOGIN, Role
from peoplefirst.services import roles, sign_in
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import unit_of_work
from peoplefirst.web.app import create_app
from peoplefirst.web.headers import CONTENT_SECURITY_POLICY
from peoplefirst.web.signin import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE
from tests.conftest import settings_for
from tests.test_notifications import Inbox, inbox  # noqa: F401  (a real SMTP server)
from tests.tiny_org import assert_problem, form_token_on, sign_out, tiny_org
from tests.tiny_org import sign_in as dev_sign_in

PASSWORD = "correct horse battery staple"


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path, inbox: Inbox) -> Iterator[TestClient]:  # noqa: F811
    """The tiny organization over the real app, development sign-in off, e-mail to `inbox`;
    Ana (E1) has a password, nobody is signed in."""
    app = create_app(
        settings_for(
            empty_db_url,
            tmp_path,
            smtp_host="127.0.0.1",
            smtp_port=inbox.port,
            smtp_starttls=False,
            public_url="http://testserver",
        )
    )
    with unit_of_work(app.state.session_factory) as session:
        app.state.ids = tiny_org(session)
        sign_in.set_password(
            session, person_id=app.state.ids["E1"], password=PASSWORD, now=datetime.now(UTC)
        )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.engine.dispose()


def _ids(client: TestClient) -> dict[str, int]:
    ids: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return ids


def _password_sign_in(
    client: TestClient, login: str, password: str, next_page: str = "/"
) -> TestClient:
    data = {"login": login, "password": password, "next": next_page}
    data[CSRF_FIELD] = form_token_on(client, "/sign-in")
    return client.post("/sign-in", data=data, follow_redirects=False)  # type: ignore[return-value]


def _audit(client: TestClient) -> list[tuple[str, int | None]]:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        rows = session.execute(
            select(t.AuditEvent.action, t.AuditEvent.actor_id).order_by(t.AuditEvent.id)
        ).all()
    return [(a, p) for a, p in rows]


# -- signing in with a password ------------------------------------------------------------


@pytest.mark.parametrize("login", ["ana@example.com", "ANA@Example.com", "E1"])
def test_a_right_password_signs_in_with_a_safe_cookie(client: TestClient, login: str) -> None:
    answer = _password_sign_in(client, login, PASSWORD, next_page="/skills")
    assert answer.status_code == 303 and answer.headers["location"] == "/skills"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["name"] == "Ana Lima"
    assert ("sign_in", _ids(client)["E1"]) in _audit(client)


@pytest.mark.parametrize(
    ("login", "password"),
    [("ana@example.com", "wrong password, long enough"), ("nobody@example.com", PASSWORD)],
)
def test_a_wrong_login_or_password_says_neither(
    client: TestClient, login: str, password: str
) -> None:
    answer = _password_sign_in(client, login, password)
    assert answer.status_code == 401
    assert "wrong e-mail or password" in answer.text
    assert f'value="{login}"' in answer.text and password not in answer.text
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/api/v1/me").status_code == 401
    assert _audit(client)[-1][0] == "sign_in_failed"


def test_only_a_hash_of_the_password_and_the_session_is_stored(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        account = session.get(t.Account, _ids(client)["E1"])
        assert account is not None and account.password_hash.startswith("$argon2id$")
        stored = session.scalars(select(t.SignInSession.token_hash)).all()
    assert client.cookies[SESSION_COOKIE] not in stored
    assert sign_in.token_hash(client.cookies[SESSION_COOKIE]) in stored


def test_failed_sign_ins_lock_the_login_for_a_while(client: TestClient) -> None:
    for _ in range(FAILURES_PER_LOGIN):
        assert _password_sign_in(client, "ana@example.com", "not it, not it").status_code == 401
    locked = _password_sign_in(client, "ana@example.com", PASSWORD)
    assert locked.status_code == 429
    assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
    assert "too many failed sign-ins" in locked.text
    # The lock lifts when the failures leave the window.
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        later = datetime.now(UTC) + timedelta(minutes=16)
        token = sign_in.sign_in_with_password(
            session, login="ana@example.com", password=PASSWORD, now=later
        )
    assert token


def test_sign_in_goes_back_only_to_pages_of_this_site(client: TestClient) -> None:
    for hostile in ("//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:x"):
        sign_out(client)
        answer = _password_sign_in(client, "E1", PASSWORD, next_page=hostile)
        assert answer.status_code == 303 and answer.headers["location"] == "/", hostile


# -- every page needs someone signed in -----------------------------------------------------


def _routes(client: TestClient) -> list[APIRoute]:
    """Every route of the app, through the routers it includes."""
    found: list[APIRoute] = []
    for included in client.app.routes:  # type: ignore[attr-defined]
        router = getattr(included, "original_router", None)
        for route in router.routes if router is not None else [included]:
            if isinstance(route, APIRoute):
                found.append(route)
    return found


PUBLIC = {"/sign-in", "/sign-in/development", "/sign-out", "/password-reset", "/health",
          "/sign-in/sso", "/sign-in/sso/callback"}  # fmt: skip


def test_every_page_and_endpoint_but_sign_in_and_health_needs_a_sign_in(
    client: TestClient,
) -> None:
    routes = _routes(client)
    assert len(routes) > 80
    checked = 0
    for route in routes:
        if route.path in PUBLIC or route.path.startswith("/password-reset/"):
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in (route.methods or set()) - {"HEAD"}:
            answer = client.request(method, path, follow_redirects=False)
            checked += 1
            if path.startswith("/api/"):
                assert answer.status_code == 401, (method, path, answer.status_code)
                assert answer.headers["www-authenticate"].startswith("Bearer")
            elif method == "GET":
                assert answer.status_code == 303, (method, path)
                assert answer.headers["location"].startswith("/sign-in?next=")
            else:
                assert answer.status_code == 401, (method, path, answer.status_code)
    assert checked > 100
    assert client.get("/health").json() == {"status": "ok"}


# -- form tokens (CSRF) ---------------------------------------------------------------------


def test_a_change_without_the_pages_form_token_is_refused(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    url = "/settings/notifications"
    data = {"quiet_start": "22:00", "quiet_end": "07:00"}
    before = client.get("/api/v1/me/notifications").json()
    token = form_token_on(client, url)
    for headers, form in [
        ({}, data),  # none
        ({}, {**data, CSRF_FIELD: "0" * 64}),  # forged
        ({CSRF_HEADER: token, "Origin": "https://evil.example"}, data),  # another site
    ]:
        refused = client.post(url, data=form, headers=headers, follow_redirects=False)
        assert refused.status_code == 403, refused.text
        assert client.get("/api/v1/me/notifications").json() == before
    # Another browser's token does not fit this one's cookie.
    other = TestClient(client.app)
    _password_sign_in(other, "E1", PASSWORD)
    theirs = form_token_on(other, url)
    assert theirs != token
    answer = client.post(url, data={**data, CSRF_FIELD: theirs}, follow_redirects=False)
    assert answer.status_code == 403
    # The page's own token, in the form or as htmx sends it, is accepted.
    assert client.post(url, data={**data, CSRF_FIELD: token}, follow_redirects=False).is_redirect
    assert client.post(url, data=data, headers={CSRF_HEADER: token}).status_code == 200


def test_every_form_that_posts_carries_the_token(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    ids = _ids(client)
    pages = ["/", f"/people/{ids['E1']}", f"/people/{ids['E2']}", "/ask", "/programs",
             "/programs/new", "/relationships", "/settings/notifications", "/settings/account"]  # fmt: skip
    forms = 0
    for page in pages:
        html = client.get(page).text
        for form in re.findall(r"<form\b[^>]*method=\"post\".*?</form>", html, re.S):
            forms += 1
            assert f'name="{CSRF_FIELD}"' in form, (page, form[:120])
    assert forms >= 15
    assert f'"{CSRF_HEADER}"' in client.get("/").text  # htmx's requests carry it too


# -- sign out, everywhere --------------------------------------------------------------------


def test_signing_out_everywhere_ends_every_browser(client: TestClient) -> None:
    laptop, phone = client, TestClient(client.app)
    for browser in (laptop, phone):
        assert _password_sign_in(browser, "E1", PASSWORD).status_code == 303
    token = form_token_on(laptop, "/settings/account")
    assert laptop.get("/settings/account").text.count("<tr><td>") == 2  # two sign-ins listed
    out = laptop.post("/sign-out/everywhere", data={CSRF_FIELD: token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/sign-in"
    for browser in (laptop, phone):
        assert browser.get("/api/v1/me").status_code == 401
    assert ("sign_out_everywhere", _ids(client)["E1"]) in _audit(client)


# -- password reset -------------------------------------------------------------------------


def test_a_reset_link_arrives_by_email_and_works_once(client: TestClient, inbox: Inbox) -> None:  # noqa: F811
    elsewhere = TestClient(client.app)
    _password_sign_in(elsewhere, "E1", PASSWORD)
    token = form_token_on(client, "/password-reset")
    sent = client.post("/password-reset", data={"login": "ana@example.com", CSRF_FIELD: token})
    assert sent.status_code == 200 and 'data-testid="reset-sent"' in sent.text
    # Someone unknown gets the same page and no e-mail goes anywhere.
    client.post("/password-reset", data={"login": "who@example.com", CSRF_FIELD: token})
    assert len(inbox.messages) == 1 and inbox.recipients == [["ana@example.com"]]
    link = re.search(r"http://testserver(/password-reset/\S+)", inbox.messages[0].get_content())
    assert link
    new = "a brand new passphrase"
    form = {"password": new, "again": new, CSRF_FIELD: form_token_on(client, link.group(1))}
    done = client.post(link.group(1), data=form, follow_redirects=False)
    assert done.status_code == 303
    assert client.get("/api/v1/me").json()["name"] == "Ana Lima"
    assert elsewhere.get("/api/v1/me").status_code == 401  # signed out everywhere else
    form[CSRF_FIELD] = form_token_on(client, link.group(1))  # the page as signed in now
    again = client.post(link.group(1), data=form, follow_redirects=False)
    assert again.status_code == 401 and "expired or was already used" in again.text
    sign_out(client)
    assert _password_sign_in(client, "E1", PASSWORD).status_code == 401
    assert _password_sign_in(client, "E1", new).status_code == 303


def test_a_reset_link_expires(client: TestClient) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        link = sign_in.request_password_reset(
            session, login="E2", now=datetime.now(UTC) - timedelta(hours=2)
        )
    assert link is not None
    url = f"/password-reset/{link.token}"
    form = {"password": "long enough password", "again": "long enough password"}
    answer = client.post(url, data={**form, CSRF_FIELD: form_token_on(client, url)})
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("password", "again", "field", "problem"),
    [
        ("short", "short", "password", "at least 12 characters"),
        ("ana@example.com", "ana@example.com", "password", "must not be your e-mail"),
        ("long enough password", "another long password", "again", "differ"),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused(
    client: TestClient, password: str, again: str, field: str, problem: str
) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    token = form_token_on(client, "/settings/account")
    form = {"current": PASSWORD, "password": password, "again": again, CSRF_FIELD: token}
    answer = client.post("/settings/account/password", data=form)
    assert answer.status_code == 422 and field in answer.text and problem in answer.text
    sign_out(client)
    assert _password_sign_in(client, "E1", PASSWORD).status_code == 303  # unchanged


# -- API tokens -----------------------------------------------------------------------------


def test_api_tokens_act_within_their_scope_until_revoked(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    token = form_token_on(client, "/settings/account")
    made = client.post(
        "/settings/account/tokens",
        data={"name": "nightly sync", "scopes": ["read"], "days": "30", CSRF_FIELD: token},
    )
    assert made.status_code == 201
    secret = re.search(r'data-testid="new-token-secret">(pf_[^<]+)<', made.text)
    assert secret
    assert secret.group(1) not in client.get("/settings/account").text  # shown once
    bot = {"name": "bot", "scopes": ["write"]}
    assert_problem(client.post("/api/v1/me/tokens", json=bot), 403)  # no form token
    writer = client.post("/api/v1/me/tokens", json=bot, headers={CSRF_HEADER: token})
    assert writer.status_code == 201 and writer.json()["scopes"] == ["read", "write"]

    script = TestClient(client.app)
    read = {"Authorization": f"Bearer {secret.group(1)}"}
    write = {"Authorization": f"Bearer {writer.json()['token']}"}
    assert script.get("/api/v1/me", headers=read).json()["name"] == "Ana Lima"
    kudos = {"note": "Thanks for the replica fix"}
    e2 = _ids(client)["E2"]
    assert_problem(script.post(f"/api/v1/people/{e2}/kudos", json=kudos, headers=read), 403)
    assert script.post(f"/api/v1/people/{e2}/kudos", json=kudos, headers=write).status_code == 201

    revoked = client.delete(
        f"/api/v1/me/tokens/{writer.json()['id']}", headers={CSRF_HEADER: token}
    )
    assert revoked.status_code == 204
    assert_problem(script.get("/api/v1/me", headers=write), 401)
    assert_problem(script.get("/api/v1/me", headers={"Authorization": "Bearer pf_forged"}), 401)
    # Someone else's token is not theirs to revoke.
    dev_sign_in_as(client, "E2")
    mine = client.get("/api/v1/me/tokens").json()
    assert mine == []
    assert_problem(client.delete(f"/api/v1/me/tokens/{writer.json()['id']}"), 404)


def dev_sign_in_as(client: TestClient, employee: str) -> None:
    """Password sign-in for someone without one yet (development sign-in is off here)."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        person = _ids(client)[employee]
        if session.get(t.Account, person) is None:
            sign_in.set_password(
                session, person_id=person, password=PASSWORD, now=datetime.now(UTC)
            )
    sign_out(client)
    assert _password_sign_in(client, employee, PASSWORD).status_code == 303
    client.headers[CSRF_HEADER] = form_token_on(client, "/settings/account")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "scopes": ["read"]}, "name"),
        ({"name": "x", "scopes": ["admin"]}, "scopes"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "days": 0}, "days"),
    ],
)
def test_bad_token_requests_name_the_field(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    dev_sign_in_as(client, "E1")
    assert_problem(client.post("/api/v1/me/tokens", json=body), 422, field)
    assert client.get("/api/v1/me/tokens").json() == []


# -- roles and the audit log ----------------------------------------------------------------


def test_only_a_system_admin_reads_the_audit_log_and_grants_roles(client: TestClient) -> None:
    ids = _ids(client)
    dev_sign_in_as(client, "E2")
    assert_problem(client.get("/api/v1/audit"), 403)
    assert client.get("/admin/audit").status_code == 403
    assert_problem(client.put(f"/api/v1/people/{ids['E2']}/roles/system_admin"), 403)
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with unit_of_work(factory) as session:
        roles.grant_role(
            session, person_id=ids["E1"], role=Role.SYSTEM_ADMIN, by=None, now=datetime.now(UTC)
        )
    dev_sign_in_as(client, "E1")
    assert client.put(f"/api/v1/people/{ids['E2']}/roles/hr_analyst").status_code == 204
    assert_problem(client.put(f"/api/v1/people/{ids['E2']}/roles/manager"), 422, "role")
    assert_problem(client.delete(f"/api/v1/people/{ids['E1']}/roles/system_admin"), 409)
    log = client.get("/api/v1/audit").json()
    actions = [e["action"] for e in log["entries"]]
    assert actions[0] == "role_granted" and "sign_in" in actions
    assert client.get("/api/v1/audit", params={"action": "role_granted"}).json()["total"] == 2
    page = client.get("/admin/audit")
    assert page.status_code == 200 and "Role granted" in page.text
    dev_sign_in_as(client, "E2")
    assert "hr_analyst" in client.get("/api/v1/me").json()["roles"]


def test_the_audit_log_cannot_be_changed_or_emptied(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert ("sign_in", _ids(client)["E1"]) in _audit(client)


# -- headers and the development sign-in -----------------------------------------------------


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    _password_sign_in(client, "E1", PASSWORD)
    for url in ("/", "/api/v1/me", "/static/app.css", "/people/99999", "/sign-in", "/health"):
        answer = client.get(url)
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
    assert client.get("/settings/account").headers["cache-control"] == "no-store"


def test_development_sign_in_says_so_on_every_page(empty_db_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for(empty_db_url, tmp_path, dev_sign_in=True))
    with unit_of_work(app.state.session_factory) as session:
        ids = tiny_org(session)
    with TestClient(app) as c:
        assert 'data-testid="dev-banner"' in c.get("/sign-in").text
        dev_sign_in(c, ids["E1"])
        for url in ("/", "/people", f"/people/{ids['E2']}", "/settings/account", "/nowhere"):
            assert 'data-testid="dev-banner"' in c.get(url).text, url
    app.state.engine.dispose()


# -- the command line -----------------------------------------------------------------------


def test_a_system_admin_sets_up_accounts_and_roles_from_the_shell(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("PEOPLEFIRST_ENVIRONMENT", "test")
    app = create_app(settings_for(empty_db_url, tmp_path))
    with unit_of_work(app.state.session_factory) as session:
        tiny_org(session)
    runner = CliRunner()
    made = runner.invoke(cli, ["accounts", "set-password", "ana@example.com"],
                         input=f"{PASSWORD}\n{PASSWORD}\n")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert runner.invoke(cli, ["roles", "grant", "E1", "system_admin"]).exit_code == 0
    listed = runner.invoke(cli, ["roles", "list"])
    assert "system_admin\tAna Lima <ana@example.com>" in listed.output
    link = runner.invoke(cli, ["accounts", "reset-link", "E2"])
    assert link.exit_code == 0 and "/password-reset/" in link.output
    refused = runner.invoke(cli, ["roles", "grant", "E1", "emperor"])
    assert refused.exit_code == 1 and "must be one of" in refused.output
    unknown = runner.invoke(cli, ["accounts", "sign-out", "nobody@example.com"])
    assert unknown.exit_code == 1 and "nobody has" in unknown.output
    with TestClient(app) as c:
        assert _password_sign_in(c, "E1", PASSWORD).status_code == 303
        assert "system_admin" in c.get("/api/v1/me").json()["roles"]
    audit_out = runner.invoke(cli, ["audit", "--action", "role_granted"])
    assert "role_granted" in audit_out.output
    app.state.engine.dispose()
