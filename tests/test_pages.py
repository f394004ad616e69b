"""Pages over HTTP: every page renders, htmx gets partials, user text is escaped."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from peoplefirst.services.hr_import import import_people
from peoplefirst.storage.db import make_engine, make_session_factory, unit_of_work


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "Who are you looking for?"),
        ("/people", "300 people"),
        ("/people?department=", "300 people"),
        ("/people?skill=python&min_level=3", "people"),
        ("/people?q=zzzzzz", "Nobody matches"),
        ("/departments", "Northwind"),
        ("/departments/1", "Northwind"),
        ("/skills", "Skills"),
        ("/skills?q=k8s", "Kubernetes"),
        ("/sign-in", "development"),
    ],
)
def test_pages_render(client: TestClient, url: str, expected: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert expected in response.text


def test_profiles_and_skill_pages_render_for_many_people(client: TestClient) -> None:
    people = client.get("/api/v1/people", params={"limit": 40}).json()["items"]
    for person in people:
        page = client.get(f"/people/{person['id']}")
        assert page.status_code == 200
        assert person["name"] in html.unescape(page.text)
    skills = client.get("/api/v1/skills", params={"limit": 40}).json()["items"]
    for skill in skills:
        assert client.get(f"/skills/{skill['id']}").status_code == 200


@pytest.mark.parametrize(
    ("url", "marker"),
    [("/people?q=a", "<table"), ("/skills?q=data", "<table"), ("/sign-in?q=a", "Sign in as")],
)
def test_htmx_gets_a_partial_and_caches_are_told(client: TestClient, url: str, marker: str) -> None:
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and marker in partial.text
    assert partial.headers["vary"] == "HX-Request"
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/people/99999999", 404),
        ("/people/abc", 422),
        ("/people?page=0", 422),
        ("/departments/0", 422),
        ("/skills/99999999999999999999", 422),
    ],
)
def test_bad_page_requests_get_an_error_page(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text


def test_people_by_employee_id_redirects_to_the_profile(client: TestClient) -> None:
    person = client.get("/api/v1/people", params={"limit": 1}).json()["items"][0]
    response = client.get(f"/employees/{person['employee_id']}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{person['id']}"


def test_what_people_type_is_escaped(client: TestClient, sample_db_url: str) -> None:
    engine = make_engine(sample_db_url)
    with unit_of_work(make_session_factory(engine)) as session:
        import_people(
            session=session,
            text='employee_id,name,email,title\nX1,"Eve <script>alert(1)</script>",eve@example.com,"<b>Boss</b>"\n',
            file_format="csv",
        )
    engine.dispose()
    page = client.get("/people", params={"q": "Eve <script>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_api_reference_needs_no_cdn(client: TestClient) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "/static/swagger/swagger-ui-bundle.js" in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
