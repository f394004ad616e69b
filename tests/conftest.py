"""Fixtures: every storage and API test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from peoplefirst.settings import Settings
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work
from peoplefirst.storage.migrate import upgrade
from peoplefirst.web.app import create_app
from tests.databases import DatabaseFactory, postgres_answers

BACKENDS = ["sqlite", "postgresql"]
SAMPLE_PEOPLE = 300
SAMPLE_SEED = 7


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql":
        why = postgres_answers()
        if why is not None:
            if os.environ.get("PEOPLEFIRST_TEST_REQUIRE_POSTGRES") == "1":
                pytest.fail(f"PostgreSQL is required but does not answer: {why}")
            pytest.skip(f"PostgreSQL does not answer: {why}")
    return name


def migrate_url(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _fill_sample(url: str) -> None:
    from peoplefirst.services.organization import create_sample_organization

    engine = make_engine(url)
    upgrade(engine)
    create_sample_organization(engine=engine, people=SAMPLE_PEOPLE, seed=SAMPLE_SEED)
    engine.dispose()


@pytest.fixture
def empty_db_url(databases: DatabaseFactory, backend: str) -> str:
    """A fresh database with the schema and nothing in it."""
    return databases.copy(backend, databases.template(backend, "schema", migrate_url))


@pytest.fixture
def sample_db_url(databases: DatabaseFactory, backend: str) -> str:
    """A fresh database holding the sample organization (300 people, seed 7)."""
    return databases.copy(backend, databases.template(backend, "sample", _fill_sample))


def _engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    yield from _engine(empty_db_url)


@pytest.fixture
def sample_engine(sample_db_url: str) -> Iterator[Engine]:
    yield from _engine(sample_db_url)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with unit_of_work(make_session_factory(engine)) as s:
        yield s


@pytest.fixture
def sample_session(sample_engine: Engine) -> Iterator[Session]:
    with unit_of_work(make_session_factory(sample_engine)) as s:
        yield s


def settings_for(url: str, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        database_url=url,
        data_dir=tmp_path,
        environment="test",
        secret_key="test-secret-not-for-production",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def client(sample_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The app over the sample organization, with development sign-in on, signed in as the
    first person (every page needs someone signed in)."""
    from tests.tiny_org import sign_in

    app = create_app(settings_for(sample_db_url, tmp_path, dev_sign_in=True))
    with TestClient(app, raise_server_exceptions=False) as c:
        sign_in(c, 1)
        yield c
    app.state.engine.dispose()


@pytest.fixture
def empty_client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(settings_for(empty_db_url, tmp_path))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("PEOPLEFIRST_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        if os.environ.get("PEOPLEFIRST_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required for the browser tests but {path} is missing")
        pytest.skip(f"no Chromium at {path}")
    return path


@pytest.fixture(scope="session")
def live_server(
    databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real app under uvicorn on a free port, over the sample organization in SQLite."""
    import socket
    import threading
    import time

    import uvicorn

    url = databases.copy("sqlite", databases.template("sqlite", "sample", _fill_sample))
    app = create_app(settings_for(url, tmp_path_factory.mktemp("live"), dev_sign_in=True))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
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


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    """A browser tab signed in (development sign-in) as the first person listed: every page
    but signing in needs someone signed in."""
    context = browser.new_context(base_url=live_server)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/sign-in")
    page.get_by_test_id("sign-in-results").get_by_role("button").first.click()
    page.wait_for_url("**/people/*")
    yield page
    context.close()


def sign_in_as(page: Any, person_id: int) -> None:
    """In a browser tab: development sign-in as this person, with the sign-in page's form
    token, as its button would post it."""
    page.context.clear_cookies()
    page.goto("/sign-in")
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = page.request.post(
        "/sign-in/development",
        form={"person_id": str(person_id), "csrf_token": token or ""},
        max_redirects=0,
    )
    assert response.status == 303
