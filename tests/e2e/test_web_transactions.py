"""A request is one unit of work: one BEGIN per page view or form post, a refused form
leaves nothing behind, and on SQLite (WAL) a page read never waits for a long write."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from baketracker import db as dbmod
from baketracker.config import Settings
from baketracker.services import catalog, recipes
from tests.conftest import fresh_database_url
from tests.support import event_bakery
from tests.support.accounts import PASSWORD, make_users
from tests.support.apps import web_app
from tests.support.pages import text, token


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as test_client:
        yield test_client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    return event_bakery.build()


@contextmanager
def begins() -> Iterator[list[str]]:
    """Every transaction the engine begins meanwhile (SQLAlchemy's "begin" event)."""
    seen: list[str] = []

    def on_begin(conn: Any) -> None:
        seen.append("BEGIN")

    engine = dbmod.get_engine()
    event.listen(engine, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(engine, "begin", on_begin)


def test_the_dashboard_is_read_in_one_transaction(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    with begins() as seen:
        response = client.get("/")

    assert response.status_code == 200
    assert "Christmas" in response.text
    assert seen == ["BEGIN"]


def test_an_events_plan_tab_is_read_in_one_transaction(
    client: TestClient, bakery: dict[str, Any]
) -> None:
    with begins() as seen:
        response = client.get(f"/events/{bakery['xmas']}/plan")

    assert response.status_code == 200
    assert "Sugar cookies" in text(response.text)
    assert seen == ["BEGIN"]


def test_a_form_post_writes_and_redraws_in_one_transaction(client: TestClient) -> None:
    csrf = token(client, "/catalog/ingredients")
    with begins() as seen:
        response = client.post(
            "/catalog/ingredients",
            data={"name": "Rye flour", "csrf_token": csrf},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 200
    assert "Added Rye flour." in response.text
    assert seen == ["BEGIN"]
    assert [i["name"] for i in catalog.list_ingredients()] == ["Rye flour"]


def test_a_refused_form_post_writes_nothing_and_shows_what_was_typed(
    client: TestClient,
) -> None:
    catalog.create_ingredient("Flour")
    before = catalog.list_ingredients()
    csrf = token(client, "/catalog/ingredients")
    with begins() as seen:
        response = client.post(
            "/catalog/ingredients",
            data={"name": "Rye", "parent": "nothing", "csrf_token": csrf},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 404
    assert 'value="Rye"' in response.text
    assert len(seen) == 1
    assert catalog.list_ingredients() == before


def test_a_recipe_the_service_refuses_half_way_is_not_saved_with_the_request(
    client: TestClient,
) -> None:
    """create_recipe inserts the recipe before it refuses a batch that makes nothing; the
    request's transaction goes on to redraw the form and commits, so the refused write
    must be undone on its own (a savepoint), not kept."""
    csrf = token(client, "/recipes")
    response = client.post("/recipes", data={"name": "Scones", "units": "Scone: 0",
                                              "csrf_token": csrf})

    assert response.status_code == 422
    assert 'value="Scones"' in response.text
    assert recipes.list_recipes() == []


def test_a_signed_in_bakers_page_with_who_recorded_what_is_one_transaction(
    db: str, bakery: dict[str, Any]
) -> None:
    """The login check (the cookie's account), the page's reads and the "recorded by" of
    each assignment row all read one state of the database."""
    make_users(("Sam", "owner"))
    with TestClient(web_app(Settings(secret_key="s"))) as signed_in:
        signed_in.post("/login", data={"name": "Sam", "password": PASSWORD, "next": "/",
                                       "csrf_token": token(signed_in, "/login")})
        with begins() as seen:
            response = signed_in.get(f"/events/{bakery['xmas']}/assignments")

    assert response.status_code == 200
    assert "Sam" in text(response.text)
    assert seen == ["BEGIN"]


def test_a_keyed_write_claims_its_key_works_and_keeps_its_answer_in_three_steps(
    client: TestClient,
) -> None:
    """The claim is committed before the work (a concurrent duplicate must see it and
    wait), the work is the route's one transaction, and the answer is kept after it."""
    csrf = token(client, "/catalog/ingredients")
    form = {"name": "Rye flour", "csrf_token": csrf, "idempotency_key": "k-rye"}
    with begins() as seen:
        first = client.post("/catalog/ingredients", data=form, follow_redirects=False)
    with begins() as replayed:
        again = client.post("/catalog/ingredients", data=form, follow_redirects=False)

    assert first.status_code == again.status_code == 303
    assert again.headers["idempotent-replayed"] == "true"
    assert len(seen) == 3
    assert len(replayed) == 1  # the claim finds the kept answer
    assert [i["name"] for i in catalog.list_ingredients()] == ["Rye flour"]


@pytest.fixture
def sqlite_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    for url in fresh_database_url("sqlite", request, tmp_path):
        dbmod.configure(url)
        try:
            with TestClient(web_app()) as test_client:
                yield test_client
        finally:
            dbmod.dispose()


def test_a_page_read_does_not_wait_for_a_long_write_on_sqlite(
    sqlite_client: TestClient,
) -> None:
    catalog.create_ingredient("Flour")
    writing, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with dbmod.session_scope() as session:  # BEGIN IMMEDIATE: holds the write lock
            catalog.create_ingredient("Cocoa", session=session)
            session.flush()
            writing.set()
            release.wait(60)

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert writing.wait(10)
        response = sqlite_client.get("/catalog/ingredients")
        still_writing = writer.is_alive() and not release.is_set()
    finally:
        release.set()
        writer.join(30)

    assert response.status_code == 200
    # A read queued behind the write could only end once the writer lets go (it holds its
    # transaction until released, after the read) or fail after busy_timeout (a 500).
    assert still_writing, "the read finished while the write transaction was open"
    page = text(response.text)
    assert "Flour" in page and "Cocoa" not in page  # the write was not committed yet
    assert {i["name"] for i in catalog.list_ingredients()} == {"Flour", "Cocoa"}
