"""The API document tells the truth: generated requests against the app with the demo data
never get a 5xx, an undocumented status or a body that does not match its schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baketracker import db as dbmod
from baketracker.services.transfer import load_demo
from tests.support.apps import web_app

# Bounded: about 15 generated requests per operation (~1,300 in all, well under a minute).
EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance,
          content_type_conformance]


# The document is the app's own, built without a database (generating it touches none; a
# request for /openapi.json would pass the login gate, which asks the database whether any
# account exists); each operation becomes one test, so a failure names its operation.
APP = web_app()
SCHEMA = schemathesis.openapi.from_dict(APP.openapi())
SCHEMA.app = APP
SCHEMA.location = "/openapi.json"
OPERATIONS = {f"{op.method.upper()} {op.path}": op
              for op in (result.ok() for result in SCHEMA.get_all_operations())}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The demo season in a throw-away SQLite database, behind the app the schema drives."""
    path: Path = tmp_path_factory.mktemp("schemathesis") / "demo.sqlite3"
    dbmod.init_db(f"sqlite:///{path}")
    load_demo()
    yield APP
    dbmod.dispose()


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_answers_as_its_document_says(demo_app: FastAPI, label: str) -> None:
    operation = OPERATIONS[label]

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def answers_as_documented(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    answers_as_documented()


@pytest.fixture(scope="module")
def client(demo_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(demo_app) as c:
        yield c


def test_a_delete_without_a_body_or_content_type_is_accepted(client: TestClient) -> None:
    event = client.post("/api/v1/events", json={"name": "Bake sale", "event_date": "2026-05-01"})
    assert event.status_code == 201
    answer = client.delete(f"/api/v1/events/{event.json()['id']}")
    assert answer.status_code == 204
    assert client.get(f"/api/v1/events/{event.json()['id']}").status_code == 404


def test_a_post_without_json_is_still_refused_with_415(client: TestClient) -> None:
    answer = client.post("/api/v1/events", content=b"name=x",
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 415


def test_a_year_out_of_range_is_422_not_a_server_error(client: TestClient) -> None:
    answer = client.get("/api/v1/events", params={"year": "9" * 30})
    assert answer.status_code == 422
    assert answer.json()["field"] == "year"


def test_an_id_no_row_can_have_is_422_or_404_never_500(client: TestClient) -> None:
    assert client.get(f"/api/v1/recipients/{2**63}").status_code == 422
    assert client.get(f"/api/v1/recipes/{2**63}").status_code == 404


def test_options_answers_with_every_method_of_the_path(client: TestClient) -> None:
    answer = client.options("/api/v1/events")
    assert answer.status_code == 204
    assert answer.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    wrong = client.put("/api/v1/events", json={})
    assert wrong.status_code == 405
    assert "POST" in wrong.headers["allow"]


def test_every_operation_declares_the_errors_it_can_give(demo_app: FastAPI) -> None:
    paths = demo_app.openapi()["paths"]
    delete = paths["/api/v1/assignments/{assignment_id}"]["delete"]["responses"]
    assert {"204", "401", "403", "404", "409", "422"} <= set(delete)
    assert "415" not in delete  # a DELETE needs no body
    post = paths["/api/v1/events"]["post"]["responses"]
    assert {"201", "409", "415", "422"} <= set(post)
    assert post["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorRead")
