"""The pages show each person only the controls their role may use: a viewer sees no
form that writes (beyond their own account), a baker no owner's decision. The check that
counts is the services' (test_web_accounts.py posts every form as every role); this is
what keeps a viewer from meeting a button that can only answer "may not"."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.config import Settings
from baketracker.services.transfer import load_demo
from tests.support.accounts import PASSWORD, make_users
from tests.support.apps import web_app
from tests.support.pages import token

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

# Writes everyone signed in may send: their own account, and logging out.
OWN = re.compile(r"^/(logout|account/password|account/tokens(/.*)?)$")
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)')
FORM = re.compile(r"<form\b[^>]*>", re.S)
HX_WRITE = re.compile(r'\bhx-(?:post|put|patch|delete)="([^"]+)"')
ACTION = re.compile(r'\baction="([^"]*)"')
NOT_PAGES = ("/static/", "/sheets/", "/api/", "/docs", "/openapi.json", "/logout",
             "/transfer/export", "/transfer/backup", "/sw.js")
MOST_PAGES = 120


def writes_on(path: str, markup: str) -> set[str]:
    """Where the page's forms and htmx controls send their writes."""
    found = set(HX_WRITE.findall(markup))
    for tag in FORM.findall(markup):
        if re.search(r'\bmethod="post"', tag, re.I):
            action = ACTION.search(tag)
            found.add(action.group(1) if action and action.group(1) else path)
    return {target.split("?")[0] for target in found}


def crawl(client: TestClient) -> dict[str, set[str]]:
    """Every page reachable by links from the dashboard → the writes it offers."""
    seen: dict[str, set[str]] = {}
    queue = deque(["/"])
    while queue and len(seen) < MOST_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, follow_redirects=False)
        seen[path] = set()
        if response.status_code != 200 or "text/html" not in response.headers.get(
                "content-type", ""):
            continue
        seen[path] = writes_on(path, response.text)
        for link in LINK.findall(response.text):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(NOT_PAGES):
                queue.append(link)
    return seen


def signing_in(app: Any) -> Any:
    """`as_(name)`: a client of `app` signed in as `name`."""

    def as_(name: str) -> TestClient:
        client = TestClient(app)
        client.post("/login", data={"name": name, "password": PASSWORD, "next": "/",
                                    "csrf_token": token(client, "/login")})
        return client

    return as_


@pytest.fixture
def signed_in(db: str) -> Any:
    load_demo()
    make_users(("Sam", "owner"), ("Ann", "baker"), ("Vic", "viewer"))
    return signing_in(web_app(Settings(secret_key="roles")))


def test_a_viewer_is_shown_no_control_that_writes(signed_in: Any) -> None:
    with signed_in("Vic") as vic:
        pages = crawl(vic)
    offered = {f"{page} → {target}" for page, targets in pages.items()
               for target in targets if not OWN.match(target)}
    assert len(pages) > 40
    assert offered == set()


def test_a_baker_is_shown_only_controls_a_baker_may_use(signed_in: Any) -> None:
    with signed_in("Ann") as ann:
        pages = crawl(ann)
        targets = {t for found in pages.values() for t in found if not OWN.match(t)}
        assert len(targets) > 20  # recording and editing are a baker's work
        refused = []
        for target in sorted(targets):
            response = ann.post(target, data={"csrf_token": token(ann, "/")},
                                follow_redirects=False)
            if response.status_code == 403:
                refused.append(target)
    assert refused == []


def test_the_owner_is_shown_the_plan_decisions_and_the_accounts(signed_in: Any) -> None:
    with signed_in("Sam") as sam:
        targets = {t for found in crawl(sam).values() for t in found}
    assert "/account/users" in targets
    assert any(t.endswith("/plan/lock") or t.endswith("/plan") for t in targets)


EMPTY_LISTS = ("/catalog/ingredients", "/catalog/products", "/recipes", "/recipients", "/events")
INVITATION = re.compile(r"add the first|Add the first|Add one below")


@pytest.fixture
def empty_bakery(db: str) -> Any:
    make_users(("Sam", "owner"), ("Vic", "viewer"))
    return signing_in(web_app(Settings(secret_key="roles")))


def test_an_empty_list_invites_only_those_who_may_add_to_it(empty_bakery: Any) -> None:
    def invited(name: str) -> list[str]:
        with empty_bakery(name) as client:
            return [page for page in EMPTY_LISTS
                    if INVITATION.search(client.get(page).text)]

    assert invited("Sam") == list(EMPTY_LISTS)
    assert invited("Vic") == []
