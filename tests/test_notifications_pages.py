"""The notification pages and API: choices round trip, bad input named and nothing stored
lost, and the in-app list of what was sent. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peoplefirst.services.delivery import Channels
from peoplefirst.services.worker import Worker
from tests.tiny_org import assert_problem, post_form, sign_in, sign_out, tiny_client

ALL_EMAIL = {
    "request_asked": ["email"],
    "request_answered": ["email"],
}


@pytest.fixture
def client(empty_db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with tiny_client(empty_db_url, tmp_path) as c:
        yield c


def _ids(client: TestClient) -> dict[str, int]:
    ids: dict[str, int] = client.app.state.ids  # type: ignore[attr-defined]
    return ids


def _choices(body: dict[str, Any]) -> dict[str, tuple[bool, bool]]:
    return {c["topic"]: (c["email"], c["chat"]) for c in body["choices"]}


def test_the_settings_form_round_trips(client: TestClient) -> None:
    sign_in(client, _ids(client)["E1"])
    page = client.get("/settings/notifications")
    assert page.status_code == 200
    assert 'data-testid="choice-request_asked-email" checked' in page.text
    assert "In your time zone, UTC" in page.text
    form: dict[str, Any] = {
        "chat_webhook_url": "https://hooks.slack.com/services/T0/B0/ana",
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "request_asked": ["email", "chat"],
        "match_proposed": ["chat"],
        # every other kind unticked: in the app only
    }
    assert post_form(client, "/settings/notifications", form) == "/settings/notifications?saved=1"
    saved = client.get("/api/v1/me/notifications").json()
    assert saved["chat_webhook_url"] == "https://hooks.slack.com/services/T0/B0/ana"
    assert (saved["quiet_start"], saved["quiet_end"]) == ("22:00", "07:30")
    choices = _choices(saved)
    assert choices["request_asked"] == (True, True)
    assert choices["match_proposed"] == (False, True)
    assert choices["commitment_due"] == (False, False)
    again = client.get("/settings/notifications?saved=1")
    assert 'value="22:00"' in again.text and 'value="07:30"' in again.text
    assert 'data-testid="choice-match_proposed-chat" checked' in again.text
    assert 'data-testid="choice-match_proposed-email" checked' not in again.text
    assert 'data-testid="saved"' in again.text


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
        ({"quiet_start": "22:00", "quiet_end": "7pm"}, "quiet_end"),
        ({"quiet_start": "22:00", "quiet_end": ""}, "quiet_end"),
        ({"chat_webhook_url": "ftp://chat.example/x"}, "chat_webhook_url"),
        # the server would post there: only chat services the organization allows
        ({"chat_webhook_url": "http://169.254.169.254/latest/meta-data"}, "chat_webhook_url"),
        ({"chat_webhook_url": "https://hooks.slack.com.evil.example/x"}, "chat_webhook_url"),
        ({"request_asked": ["sms"]}, "choices.request_asked"),
        ({"request_asked": ["chat"]}, "chat_webhook_url"),  # chat without any webhook
    ],
)
def test_a_bad_form_names_the_field_and_keeps_what_was_stored(
    client: TestClient, form: dict[str, Any], field: str
) -> None:
    sign_in(client, _ids(client)["E1"])
    put = client.put(
        "/api/v1/me/notifications",
        json={"quiet_start": "21:00", "quiet_end": "06:00", "choices": {"match_proposed": []}},
    )
    assert put.status_code == 200, put.text
    before = client.get("/api/v1/me/notifications").json()
    answer = client.post("/settings/notifications", data=form, follow_redirects=False)
    assert answer.status_code == 422
    assert f"<code>{field}</code>" in answer.text
    assert client.get("/api/v1/me/notifications").json() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "quiet_start"),
        ({"choices": {"request_asked": ["sms"]}}, "choices.request_asked"),
        ({"choices": {"request_asked": ["none", "email"]}}, "choices.request_asked"),
        ({"choices": {"birthdays": ["email"]}}, "choices.birthdays"),
        ({"chat_webhook_url": "https://hooks.slack.com/a b"}, "chat_webhook_url"),
    ],
)
def test_the_api_names_the_bad_field_and_changes_nothing(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    sign_in(client, _ids(client)["E1"])
    before = client.get("/api/v1/me/notifications").json()
    assert_problem(client.put("/api/v1/me/notifications", json=body), 422, field)
    assert client.get("/api/v1/me/notifications").json() == before


def test_the_api_round_trips_and_keeps_kinds_not_named(client: TestClient) -> None:
    sign_in(client, _ids(client)["E1"])
    answer = client.put(
        "/api/v1/me/notifications",
        json={
            "chat_webhook_url": "https://hooks.slack.com/services/T0/B0/ana",
            "choices": {"request_asked": ["chat"], "check_in_due": []},
        },
    )
    assert answer.status_code == 200, answer.text
    choices = _choices(answer.json())
    assert choices["request_asked"] == (False, True)
    assert choices["check_in_due"] == (False, False)
    assert choices["match_proposed"] == (True, False)  # the default, untouched
    again = client.put("/api/v1/me/notifications", json={"choices": {"check_in_due": ["email"]}})
    assert again.status_code == 422, again.text  # chat chosen, and the webhook left out
    again = client.put(
        "/api/v1/me/notifications",
        json={"chat_webhook_url": "https://hooks.slack.com/services/T0/B0/ana", "choices": {}},
    )
    assert _choices(again.json())["request_asked"] == (False, True)


def test_signed_out_gets_401_or_the_sign_in_page(client: TestClient) -> None:
    sign_out(client)
    assert_problem(client.get("/api/v1/me/notifications"), 401)
    assert_problem(client.get("/api/v1/me/notifications/history"), 401)
    for path in ("/notifications", "/settings/notifications"):
        page = client.get(path, follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/sign-in?next=" + path.replace("/", "%2F")


def test_my_notifications_lists_what_was_sent_and_how(client: TestClient) -> None:
    ids = _ids(client)
    sign_in(client, ids["E3"])
    asked = client.post(
        "/api/v1/requests",
        json={"need": "our postgres replicas keep lagging", "guide_ids": [ids["E1"]]},
    )
    assert asked.status_code == 201, asked.text
    sign_in(client, ids["E1"])
    page = client.get("/notifications")
    assert "Cleo Martin asks for your help: our postgres replicas keep lagging" in page.text
    assert 'data-testid="delivery-waiting"' in page.text  # the worker has not run yet
    app: Any = client.app
    Worker(
        engine=app.state.engine,
        channels=Channels(
            mailer=None, sender="pf@example.com", organization_chat="", public_url=""
        ),
    ).run_until_idle()
    page = client.get("/notifications")
    assert "E-mail: Not sent: no SMTP server configured" in page.text
    history = client.get("/api/v1/me/notifications/history").json()["items"]
    assert [n["topic"] for n in history] == ["request_asked"]
    assert history[0]["link"] == f"/requests/{asked.json()['request']['id']}"
    assert history[0]["deliveries"][0]["state"] == "not_sent"
    # The navigation links here from every page.
    assert 'data-testid="notifications-link"' in client.get("/").text
    # Cleo was told nothing yet, and sees only her own.
    sign_in(client, ids["E3"])
    assert client.get("/api/v1/me/notifications/history").json()["items"] == []
