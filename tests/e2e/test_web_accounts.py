"""Accounts in the browser: the owner set-up on first start, logging in by name, the
lock-out message, cookies, a removed account's session, and every HTML form refusing what
the role may not do (the check is the services'; the pages only hide the buttons)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from baketracker.config import Settings
from baketracker.domain.accounts import LOCK_AFTER
from baketracker.services import users
from tests.support import event_bakery
from tests.support.accounts import PASSWORD, make_users
from tests.support.apps import web_app
from tests.support.counts import row_counts
from tests.support.pages import token

# Forms everyone signed in may use (their own account), and the ones before any login.
OWN = re.compile(r"^/(login|logout|setup|account/password|account/tokens.*)$")


@pytest.fixture
def app(db: str) -> Any:
    return web_app(Settings(secret_key="test-secret"))


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"name": name, "password": password, "next": "/",
                                       "csrf_token": token(client, "/login")},
                       follow_redirects=False)


def test_the_first_start_offers_to_create_the_owner_then_asks_everyone_to_log_in(
    app: Any,
) -> None:
    with TestClient(app) as client:
        assert client.get("/").status_code == 200  # nobody logs in yet
        assert client.get("/account", follow_redirects=False).headers["location"] == "/setup"
        refused = client.post("/setup", data={"name": "Sam", "password": PASSWORD,
                                              "confirm": "other one", "csrf_token":
                                              token(client, "/setup")})
        assert refused.status_code == 422 and "differ" in refused.text
        assert row_counts()["users"] == 0
        made = client.post("/setup", data={"name": "Sam", "password": PASSWORD,
                                           "confirm": PASSWORD,
                                           "csrf_token": token(client, "/setup")},
                           follow_redirects=False)
        assert made.status_code == 303
        assert client.get("/account").status_code == 200  # the owner is logged in
        assert client.get("/setup", follow_redirects=False).headers["location"] == "/account"
    with TestClient(app) as stranger:
        assert stranger.get("/", follow_redirects=False).headers["location"] == "/login"
        assert stranger.get("/api/v1/events").status_code == 401
        assert stranger.get("/setup", follow_redirects=False).status_code == 303


def test_names_log_in_in_any_case_and_the_cookie_is_httponly_and_lax(app: Any) -> None:
    make_users(("Sam", "owner"))
    with TestClient(app) as client:
        response = log_in(client, "sAM")
        assert response.status_code == 303
        cookie = next(c for c in response.headers.get_list("set-cookie")
                      if c.startswith("bt_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
        assert "Sam" in client.get("/").text
    with TestClient(app, base_url="https://bakery.example") as secure:
        cookie = next(c for c in log_in(secure, "sam").headers.get_list("set-cookie")
                      if c.startswith("bt_session="))
        assert "Secure" in cookie


def test_wrong_passwords_lock_the_name_with_a_clear_message(app: Any) -> None:
    make_users(("Sam", "owner"))
    with TestClient(app) as client:
        for _ in range(LOCK_AFTER - 1):
            wrong = log_in(client, "Sam", "guess")
            assert wrong.status_code == 401 and "not right" in wrong.text
        assert "now locked" in log_in(client, "Sam", "guess").text
        locked = log_in(client, "Sam")
        assert locked.status_code == 401 and "locked after" in locked.text
        assert "guess" not in locked.text and PASSWORD not in locked.text


def test_a_removed_account_is_logged_out_at_its_next_request(app: Any) -> None:
    make_users(("Sam", "owner"), ("Ann", "baker"))
    with TestClient(app) as ann:
        log_in(ann, "Ann")
        assert ann.get("/inventory").status_code == 200
        users.remove_user("Ann")
        assert ann.get("/inventory", follow_redirects=False).headers["location"].startswith(
            "/login")


def test_a_new_password_needs_the_current_one_and_a_wrong_one_changes_nothing(
    app: Any,
) -> None:
    make_users(("Sam", "owner"))
    with TestClient(app) as client:
        log_in(client, "Sam")
        form = {"current": "a guess", "password": "new horse battery", "confirm":
                "new horse battery", "csrf_token": token(client, "/account")}
        refused = client.post("/account/password", data=form)
        assert refused.status_code == 422
        assert "current password is not right" in refused.text
        users.log_in("Sam", PASSWORD)  # the old password still opens the account

        changed = client.post("/account/password", data={**form, "current": PASSWORD})
        assert "Your password is changed." in changed.text
        assert users.log_in("Sam", "new horse battery").name == "Sam"


def test_the_account_page_makes_and_revokes_a_token_shown_only_once(app: Any) -> None:
    make_users(("Sam", "owner"))
    with TestClient(app) as client:
        log_in(client, "Sam")
        page = client.post("/account/tokens", data={"label": "nightly",
                                                    "csrf_token": token(client, "/account")})
        found = re.search(r"<code>(bt_[^<]+)</code>", page.text)
        assert found
        api = {"Authorization": f"Bearer {found.group(1)}"}
        assert client.get("/api/v1/me", headers=api).json()["name"] == "Sam"
        assert found.group(1) not in client.get("/account").text
        revoke = re.search(r'action="(/account/tokens/[^"]+/revoke)"', client.get("/account").text)
        assert revoke
        client.post(revoke.group(1), data={"csrf_token": token(client, "/account")})
        with TestClient(app) as script:
            assert script.get("/api/v1/me", headers=api).status_code == 401


def _routes(routes: Any, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route.methods
        elif hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router.routes,
                               prefix + route.include_context.prefix)


def _form_routes(app: Any) -> list[str]:
    return sorted({path for path, methods in _routes(app.routes)
                   if "POST" in methods and not path.startswith("/api/")})


def _fill(path: str, ids: dict[str, Any]) -> str:
    values = {"event_id": ids["xmas"], "event": ids["xmas"], "assignment_id":
              ids["assignments"][0], "recipient_id": ids["may"], "name": "Sam"}
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values.get(m.group(1), "sugar-cookies")),
                  path)


def test_no_form_lets_a_viewer_write_anything(app: Any) -> None:
    """A crafted post to every form of the site, as a viewer: refused, nothing written."""
    ids = event_bakery.build()
    make_users(("Sam", "owner"), ("Vic", "viewer"))
    posts = [p for p in _form_routes(app) if not OWN.match(p)]
    assert len(posts) > 30
    wrong = []
    with TestClient(app) as client:
        log_in(client, "Vic")
        before = row_counts()
        for path in posts:
            response = client.post(_fill(path, ids), data={"csrf_token": token(client, "/")},
                                   follow_redirects=False)
            if response.status_code >= 500 or response.status_code < 300:
                wrong.append(f"{path}: {response.status_code}")
        assert row_counts() == before
    assert wrong == [], "\n".join(wrong)


def _forms(ids: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(action, path, a form a person could really send) for each kind of write."""
    xmas = ids["xmas"]
    return [
        ("record", "/inventory/purchase", {"product": "choc-100g", "packages": "1",
                                            "price": "2.50"}),
        ("record", "/production", {"unit": "sugar-cookie", "batches": "1",
                                   "event": str(xmas)}),
        ("edit", "/catalog/ingredients", {"name": "Salt"}),
        ("plan", "/events", {"name": "Easter", "event_date": "2027-04-01",
                             "output_mode": "BUNDLED"}),
        ("plan", "/recipients", {"name": "Mrs Hudson"}),
        ("plan", f"/events/{xmas}/plan/lock", {}),
        ("users", "/account/users", {"name": "Eve", "role": "baker", "password": PASSWORD}),
    ]


@pytest.mark.parametrize("who", ["Sam", "Ann", "Vic"])
def test_each_role_may_send_the_forms_its_role_allows_and_no_others(
    app: Any, who: str
) -> None:
    from baketracker.domain.accounts import allowed

    ids = event_bakery.build()
    people = make_users(("Sam", "owner"), ("Ann", "baker"), ("Vic", "viewer"))
    role = people[who].role
    with TestClient(app) as client:
        log_in(client, who)
        for action, path, form in _forms(ids):
            before = row_counts()
            response = client.post(path, data={**form, "csrf_token": token(client, "/")},
                                   follow_redirects=False)
            if allowed(role, action):
                assert response.status_code in (200, 303), (path, response.text[:300])
                assert row_counts() != before, path
            else:
                assert response.status_code == 403, (path, response.status_code)
                assert f"{who} is a {role} and may not" in response.text
                assert row_counts() == before, path


def test_pages_hide_the_owner_s_controls_from_a_baker(app: Any) -> None:
    make_users(("Sam", "owner"), ("Ann", "baker"))
    with TestClient(app) as client:
        log_in(client, "Ann")
        account = client.get("/account").text
        assert "Add the account" not in account and "API tokens" in account
    with TestClient(app) as client:
        log_in(client, "Sam")
        assert "Add the account" in client.get("/account").text
