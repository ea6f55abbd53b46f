"""With BAKETRACKER_PASSWORD set, every page and API call needs a login."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from baketracker.config import Settings
from baketracker.services import catalog
from tests.support.apps import web_app

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    settings = Settings(password="open sesame", secret_key="test-secret")
    with TestClient(web_app(settings)) as test_client:
        yield test_client


def log_in(client: TestClient, password: str = "open sesame", next: str = "/") -> object:
    token = TOKEN.search(client.get("/login").text)
    assert token
    return client.post("/login", data={"password": password, "next": next,
                                       "csrf_token": token.group(1)}, follow_redirects=False)


@pytest.mark.parametrize("path", ["/", "/catalog/products", "/inventory", "/docs",
                                  "/openapi.json"])
def test_pages_redirect_to_the_login_form(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (303, 401)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/login")


def test_the_login_form_remembers_where_the_baker_was_going(client: TestClient) -> None:
    response = client.get("/inventory?x=1", follow_redirects=False)
    assert response.headers["location"] == "/login?next=/inventory%3Fx%3D1"
    assert client.get("/login").status_code == 200
    assert client.get("/static/app.css").status_code == 200  # assets need no login


def test_api_calls_without_credentials_are_401_with_a_basic_challenge(client: TestClient) -> None:
    response = client.get("/api/v1/ingredients")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")
    assert response.json()["error"] == "login_required"


def test_htmx_requests_are_sent_to_the_login_page(client: TestClient) -> None:
    response = client.get("/catalog/products?q=x", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.headers["hx-redirect"] == "/login"


def test_a_wrong_password_is_refused(client: TestClient) -> None:
    response = log_in(client, "guess")
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert "not right" in response.text  # type: ignore[attr-defined]
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logging_in_opens_every_page_until_logging_out(client: TestClient) -> None:
    response = log_in(client, next="/inventory")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/inventory"  # type: ignore[attr-defined]
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/ingredients").status_code == 200  # the cookie works for reads
    token = TOKEN.search(client.get("/").text)
    assert token
    client.post("/logout", data={"csrf_token": token.group(1)})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_outside_address_after_login_is_ignored(client: TestClient) -> None:
    response = log_in(client, next="//evil.example/")
    assert response.headers["location"] == "/"  # type: ignore[attr-defined]


def test_the_api_accepts_http_basic_with_the_password(client: TestClient) -> None:
    response = client.post("/api/v1/ingredients", json={"name": "Salt"},
                           auth=("baker", "open sesame"))
    assert response.status_code == 201
    assert client.get("/api/v1/ingredients", auth=("baker", "nope")).status_code == 401


def test_api_writes_with_the_login_cookie_need_the_csrf_header(client: TestClient) -> None:
    log_in(client)
    refused = client.post("/api/v1/ingredients", json={"name": "Salt"})
    assert refused.status_code == 403
    token = TOKEN.search(client.get("/").text)
    assert token
    accepted = client.post("/api/v1/ingredients", json={"name": "Salt"},
                           headers={"X-CSRF-Token": token.group(1)})
    assert accepted.status_code == 201
    assert [i["slug"] for i in catalog.list_ingredients()] == ["salt"]


def test_a_session_from_another_secret_is_not_accepted(client: TestClient) -> None:
    client.cookies.set("bt_session", "forged.value.sig")
    assert client.get("/", follow_redirects=False).status_code == 303
