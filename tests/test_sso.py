"""Single sign-on (OpenID Connect, authorization code with PKCE) end to end against a real
OpenID provider: node-oidc-provider from npm, started by these tests on its own port, its
own login and consent pages driven over real HTTP (and once in a real Chromium)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select

from peoplefirst.services.sso import open_flow, seal_flow
from peoplefirst.settings import Settings
from peoplefirst.storage import tables as t
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from peoplefirst.web.app import create_app
from peoplefirst.web.pages_sso import FLOW_COOKIE, FLOW_COOKIE_PATH
from peoplefirst.web.signin import SESSION_COOKIE
from tests.conftest import migrate_url, settings_for
from tests.databases import DatabaseFactory
from tests.tiny_org import tiny_org

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "peoplefirst-tests"
CLIENT_SECRET = "a secret: with/odd+characters"
APP_URL = "http://testserver"
LABEL = "Test Provider"
NODE_AT_LEAST = (20, 19)  # oidc-provider 9 and its jose


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@dataclass(frozen=True)
class Provider:
    issuer: str
    live_port: int  # where the browser test's app listens (registered as a redirect URI)


def _node_and_npm() -> tuple[str, str]:
    """node and npm, or the tests are skipped (failed where CI requires them)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    why = "node and npm are needed to run the OpenID provider (apt-get install nodejs npm)"
    if node is not None and npm is not None:
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
        found = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
        if found >= NODE_AT_LEAST:
            return node, npm
        least = ".".join(map(str, NODE_AT_LEAST))
        why = f"oidc-provider needs Node.js {least} or later, not {version.strip()}"
    if os.environ.get("PEOPLEFIRST_TEST_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


def _install_provider(npm: str) -> None:
    """`npm ci` once, even when several test workers start at the same moment."""
    lock_path = Path(tempfile.gettempdir()) / "peoplefirst-oidc-provider-npm.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=600
            )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """node-oidc-provider on a free port, with one client whose redirect URIs are the test
    client's and the live app's."""
    node, npm = _node_and_npm()
    _install_provider(npm)
    port, live_port = _free_port(), _free_port()
    redirects = [
        f"{APP_URL}/sign-in/sso/callback",
        f"http://127.0.0.1:{live_port}/sign-in/sso/callback",
    ]
    env = os.environ | {
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(redirects),
    }
    log_path = tmp_path_factory.mktemp("oidc_provider") / "server.log"
    log = log_path.open("w")  # a file, not a pipe nobody reads: a full pipe would block node
    process = subprocess.Popen(
        [node, "server.js"], cwd=PROVIDER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the OpenID provider stopped:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the OpenID provider did not answer within 30 seconds")
            time.sleep(0.1)
        yield Provider(issuer, live_port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _sso_settings(url: str, tmp_path: Path, provider: Provider, **extra: Any) -> Settings:
    return settings_for(
        url,
        tmp_path,
        **{"public_url": APP_URL} | extra,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_label=LABEL,
    )


Client = Callable[..., TestClient]


@pytest.fixture
def make_client(empty_db_url: str, tmp_path: Path, oidc_provider: Provider) -> Iterator[Client]:
    """Apps over one database holding the tiny organization, each with its own SSO settings."""
    made: list[TestClient] = []
    engine = make_engine(empty_db_url)
    with unit_of_work(make_session_factory(engine)) as session:
        tiny_org(session)
    engine.dispose()

    def make(**extra: Any) -> TestClient:
        app = create_app(_sso_settings(empty_db_url, tmp_path, oidc_provider, **extra))
        client = TestClient(app, raise_server_exceptions=False)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
        client.app.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def client(make_client: Client) -> TestClient:
    return make_client()


def _at_provider(url: str, login: str, *, abort: bool = False) -> str:
    """Sign in as `login` on the provider's own pages (login, then consent) from its
    authorization URL; returns the URL it sends the browser back to."""
    provider = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    with httpx.Client(timeout=10) as browser:
        answer = browser.get(url)
        for _ in range(10):
            if answer.is_redirect:
                location = urljoin(str(answer.url), answer.headers["location"])
                if not location.startswith(provider):
                    return location
                answer = browser.get(location)
                continue
            assert answer.status_code == 200, answer.text
            action = re.search(r'<form[^>]* action="([^"]+)"', answer.text)
            assert action, answer.text
            target = urljoin(str(answer.url), action.group(1))
            if 'name="login"' in answer.text:
                if abort:
                    answer = browser.get(target + "/abort")
                    continue
                data = {"prompt": "login", "login": login, "password": "any password"}
            else:
                assert 'value="consent"' in answer.text, answer.text
                data = {"prompt": "consent"}
            answer = browser.post(target, data=data)
    raise AssertionError("the provider never sent the browser back")


def _callback_url(client: TestClient, login: str, next_page: str = "/") -> str:
    client.cookies.delete(FLOW_COOKIE)  # what earlier steps of a test left
    started = client.get("/sign-in/sso", params={"next": next_page}, follow_redirects=False)
    assert started.status_code == 303, started.text
    back = _at_provider(started.headers["location"], login)
    assert back.startswith(f"{APP_URL}/sign-in/sso/callback?"), back
    return back


def _set_flow(client: TestClient, sealed: str) -> None:
    """Send `sealed` back as the flow cookie, instead of the one the app set."""
    client.cookies.delete(FLOW_COOKIE)
    client.cookies.set(FLOW_COOKIE, sealed, path=FLOW_COOKIE_PATH)


def _sso_sign_in(client: TestClient, login: str, next_page: str = "/") -> httpx.Response:
    return client.get(_callback_url(client, login, next_page), follow_redirects=False)


def _audit(client: TestClient) -> list[tuple[str, int | None, str]]:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        rows = session.execute(
            select(t.AuditEvent.action, t.AuditEvent.actor_id, t.AuditEvent.detail).order_by(
                t.AuditEvent.id
            )
        ).all()
    return [(a, p, d) for a, p, d in rows]


def _sessions(client: TestClient) -> int:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return session.scalar(select(func.count()).select_from(t.SignInSession)) or 0


def _person_id(client: TestClient, email: str) -> int | None:
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        return session.scalar(select(t.Person.id).where(t.Person.email == email))


def _refused(answer: httpx.Response, status: int, problem: str) -> None:
    assert answer.status_code == status, answer.text
    assert 'data-testid="sso-failed"' in answer.text
    assert problem in answer.text, answer.text
    assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")


# -- signing in ----------------------------------------------------------------------------


@pytest.mark.parametrize(("login", "name"), [("ana", "Ana Lima"), ("ben", "Ben Okafor")])
def test_a_known_person_signs_in_with_single_sign_on(
    client: TestClient, login: str, name: str
) -> None:
    # Ben's provider spells his address Ben@Example.com: e-mail matches in any case.
    answer = _sso_sign_in(client, login, next_page="/skills")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/skills"
    assert "HttpOnly" in answer.headers["set-cookie"]
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["name"] == name
    person = _person_id(client, f"{login}@example.com")
    assert ("sign_in", person, '{"method": "sso"}') in _audit(client)
    with unit_of_work(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        assert session.scalars(select(t.SignInSession.method)).all() == ["sso"]


def test_people_can_be_matched_by_employee_id(make_client: Client) -> None:
    client = make_client(
        oidc_match_claim="employee_id", oidc_scopes="openid email profile employee"
    )
    assert _sso_sign_in(client, "cleo").status_code == 303
    assert client.get("/api/v1/me").json()["name"] == "Cleo Martin"


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [("/people?q=ana", "/people?q=ana"), ("//evil.example/x", "/"), ("https://evil.example", "/")],
)
def test_single_sign_on_goes_back_only_to_pages_of_this_site(
    client: TestClient, next_page: str, lands_on: str
) -> None:
    answer = _sso_sign_in(client, "ana", next_page=next_page)
    assert answer.status_code == 303 and answer.headers["location"] == lands_on


def test_an_unknown_person_is_refused_unless_created_just_in_time(make_client: Client) -> None:
    refusing = make_client()
    answer = _sso_sign_in(refusing, "zoe")
    _refused(answer, 403, "PeopleFirst has nobody with the email &#39;zoe@example.com&#39;")
    assert refusing.get("/api/v1/me").status_code == 401
    assert _person_id(refusing, "zoe@example.com") is None
    assert _audit(refusing)[-1] == ("sign_in_failed", None, '{"method": "sso"}')

    creating = make_client(oidc_create_people=True)
    answer = _sso_sign_in(creating, "zoe", next_page="/skills")
    assert answer.status_code == 303 and answer.headers["location"] == "/skills"
    me = creating.get("/api/v1/me").json()
    assert me["name"] == "Zoe Quinn"
    zoe = _person_id(creating, "zoe@example.com")
    assert zoe is not None and me["id"] == zoe
    assert [(a, p) for a, p, _ in _audit(creating)[-2:]] == [
        ("sso_person_created", zoe),
        ("sign_in", zoe),
    ]
    # The next time she is simply found.
    creating.cookies.clear()
    assert _sso_sign_in(creating, "zoe").status_code == 303
    assert [a for a, _, _ in _audit(creating)].count("sso_person_created") == 1


def test_an_unverified_email_address_signs_nobody_in(client: TestClient) -> None:
    # The provider says dev@example.com (Dev Rao's address) but has not verified it.
    _refused(_sso_sign_in(client, "mallory"), 403, "has not verified your e-mail address")
    assert _sessions(client) == 0


# -- refusals ------------------------------------------------------------------------------


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_a_tampered_state_or_flow_is_refused(client: TestClient) -> None:
    back = _callback_url(client, "ana")
    answer = client.get(_with_query(back, state="forged"), follow_redirects=False)
    _refused(answer, 400, "its state differs")

    back = _callback_url(client, "ana")
    sealed = client.cookies[FLOW_COOKIE]
    _set_flow(client, "x" + sealed)
    _refused(client.get(back, follow_redirects=False), 400, "tampered with")
    assert _sessions(client) == 0


def test_a_replayed_callback_is_refused(client: TestClient) -> None:
    back = _callback_url(client, "ana")
    sealed = client.cookies[FLOW_COOKIE]
    assert client.get(back, follow_redirects=False).status_code == 303
    assert FLOW_COOKIE not in client.cookies  # finished flows are forgotten by the browser
    client.cookies.clear()
    _refused(client.get(back, follow_redirects=False), 400, "no single sign-on was started")
    # Even with the flow cookie kept back, the provider takes a code once.
    _set_flow(client, sealed)
    _refused(client.get(back, follow_redirects=False), 401, "invalid_grant")
    assert _sessions(client) == 1


def test_an_expired_flow_or_a_mismatched_nonce_is_refused(client: TestClient) -> None:
    secret = client.app.state.settings.secret_key  # type: ignore[attr-defined]
    back = _callback_url(client, "ana")
    flow = open_flow(client.cookies[FLOW_COOKIE], secret_key=secret, now=datetime.now(UTC))
    late = flow | {"at": (datetime.now(UTC) - timedelta(minutes=11)).timestamp()}
    _set_flow(client, seal_flow(late, secret_key=secret))
    _refused(client.get(back, follow_redirects=False), 400, "took longer than 10 minutes")

    back = _callback_url(client, "ana")
    flow = open_flow(client.cookies[FLOW_COOKIE], secret_key=secret, now=datetime.now(UTC))
    other = flow | {"nonce": "not-the-nonce-sent"}
    _set_flow(client, seal_flow(other, secret_key=secret))
    _refused(client.get(back, follow_redirects=False), 401, "nonce")
    assert _sessions(client) == 0


def test_the_provider_saying_no_is_a_clear_page(client: TestClient) -> None:
    started = client.get("/sign-in/sso", follow_redirects=False)
    back = _at_provider(started.headers["location"], "ana", abort=True)
    _refused(client.get(back, follow_redirects=False), 401, "access_denied")
    assert _sessions(client) == 0


def test_an_unreachable_provider_is_a_clear_page(empty_db_url: str, tmp_path: Path) -> None:
    gone = Provider(f"http://127.0.0.1:{_free_port()}", 0)
    app = create_app(_sso_settings(empty_db_url, tmp_path, gone))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/sign-in/sso", follow_redirects=False)
        _refused(answer, 502, "could not be reached")
    app.state.engine.dispose()


# -- the sign-in page and settings ---------------------------------------------------------


def test_the_button_shows_only_when_single_sign_on_is_set_up(
    client: TestClient, empty_client: TestClient
) -> None:
    page = client.get("/sign-in", params={"next": "/skills"})
    assert 'data-testid="sso-sign-in"' in page.text
    assert f"Sign in with {LABEL}" in page.text
    assert 'href="/sign-in/sso?next=/skills"' in page.text

    plain = empty_client.get("/sign-in")
    assert plain.status_code == 200 and 'data-testid="sso-sign-in"' not in plain.text
    # Without it these addresses are the ordinary sign-in page.
    for path in ("/sign-in/sso?next=/skills", "/sign-in/sso/callback?code=x&state=y"):
        answer = empty_client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?")


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"oidc_issuer": "http://id.example.com", "oidc_client_id": "x"}, "https://"),
        ({"oidc_issuer": "https://id.example.com"}, "PEOPLEFIRST_OIDC_CLIENT_ID"),
        ({"oidc_match_claim": "no spaces please"}, "oidc_match_claim"),
    ],
)
def test_unusable_single_sign_on_settings_are_refused(
    settings: dict[str, str], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        Settings(environment="test", **settings)  # type: ignore[arg-type]


# -- in a real browser ---------------------------------------------------------------------


@pytest.fixture
def sso_live_server(
    databases: DatabaseFactory, tmp_path: Path, oidc_provider: Provider
) -> Iterator[str]:
    """The real app under uvicorn on the port the provider knows, over the tiny organization."""
    import uvicorn

    url = databases.copy("sqlite", databases.template("sqlite", "schema", migrate_url))
    port = oidc_provider.live_port
    settings = _sso_settings(url, tmp_path, oidc_provider, public_url=f"http://127.0.0.1:{port}")
    app = create_app(settings)
    with unit_of_work(app.state.session_factory) as session:
        tiny_org(session)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


@pytest.mark.browser
def test_single_sign_on_in_a_real_browser(browser: Any, sso_live_server: str) -> None:
    context = browser.new_context(base_url=sso_live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/skills")  # not signed in: sent to the sign-in page, and back after
        page.get_by_role("link", name=f"Sign in with {LABEL}").click()
        page.locator('input[name="login"]').fill("ana")
        page.locator('input[name="password"]').fill("any password")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{sso_live_server}/skills")
        assert "Ana Lima" in page.content()
    finally:
        context.close()
