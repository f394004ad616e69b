"""Settings: refuse what would be unsafe, and keep development sign-in behind a switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from peoplefirst.services.sign_in import csrf_token
from peoplefirst.settings import Settings
from peoplefirst.web.app import create_app
from peoplefirst.web.signin import CSRF_FIELD, FORM_COOKIE


def test_production_refuses_the_placeholder_secret(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PEOPLEFIRST_SECRET_KEY"):
        create_app(Settings(environment="production", data_dir=tmp_path))


def test_production_refuses_development_sign_in() -> None:
    with pytest.raises(ValidationError, match="PEOPLEFIRST_DEV_SIGN_IN"):
        Settings(environment="production", secret_key="x" * 40, dev_sign_in=True)


def test_sqlite_is_the_default_under_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'peoplefirst.sqlite3'}"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEOPLEFIRST_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("PEOPLEFIRST_PAGE_SIZE", "20")
    settings = Settings()
    assert settings.resolved_database_url() == "postgresql+psycopg://u@h/db"
    assert settings.page_size == 20


def test_development_sign_in_is_off_unless_switched_on(empty_client: TestClient) -> None:
    page = empty_client.get("/sign-in")
    assert page.status_code == 200
    assert 'data-testid="password-sign-in"' in page.text
    assert 'data-testid="dev-notice"' not in page.text
    assert 'data-testid="dev-banner"' not in page.text
    secret = empty_client.app.state.settings.secret_key  # type: ignore[attr-defined]
    token = csrf_token(empty_client.cookies[FORM_COOKIE], secret)
    refused = empty_client.post("/sign-in/development", data={"person_id": "1", CSRF_FIELD: token})
    assert refused.status_code == 403
    assert "development sign-in is off" in refused.text
