"""Each role against every write operation of the OpenAPI document: a viewer is refused all
of them, a baker the owner's (plans, events, recipients, imports); a refusal is a 403 that
names the role and writes nothing. Also: Bearer tokens, HTTP Basic, the trail over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baketracker.config import Settings
from baketracker.services import users
from tests.support import event_bakery
from tests.support.accounts import PASSWORD, acting_as, make_users
from tests.support.apps import web_app
from tests.support.counts import row_counts

# Operations a baker may not use: the owner's plan decisions, events, recipients, imports.
OWNER_ONLY = re.compile(
    r"^/api/v1/(recipients|events(?!/[^/]+/plan/shopping-complete)|import"
    r"|assignments/[^/]+$|events/\{event\}/assignments)"
)
KITCHEN = re.compile(r"^/api/v1/assignments/[^/]+/(advance|fulfillment)$")


def _values(ids: dict[str, Any]) -> dict[str, str]:
    return {"event": event_bakery.XMAS, "recipe": "sugar-cookies",
            "finished_good": "cookie-tin", "recipient_id": str(ids["may"]),
            "assignment_id": str(ids["assignments"][0]), "line_id": "1",
            "ingredient": "flour", "component": "brownies", "part_type": "finished_unit",
            "part": "sugar-cookie"}


def _ref(path: str) -> str:
    for prefix, ref in (("/recipes", "sugar-cookies"), ("/ingredients", "flour"),
                        ("/materials", "gift-box"), ("/finished-goods", "cookie-tin"),
                        ("/packages", "family-box")):
        if path.startswith("/api/v1" + prefix):
            return ref
    return "x"


def _example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A small value the schema accepts (enough to get past validation to the service)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _example(spec["components"]["schemas"][name], spec)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _example(options[0], spec)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], spec) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema.get("items", {}), spec)] * int(schema.get("minItems", 0))
    if kind == "integer" or kind == "number":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-12-01"
    return "a reason" if "pattern" not in schema else "1"


def _operations(app: Any) -> list[tuple[str, str, Any]]:
    spec = app.openapi()
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in ("post", "put", "patch", "delete"):
                continue
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _example(content["application/json"]["schema"], spec)
            found.append((method.upper(), path, body))
    return found


@pytest.fixture
def bakery(db: str) -> Iterator[tuple[TestClient, dict[str, str], dict[str, Any]]]:
    ids = event_bakery.build()
    people = make_users(("Sam", "owner"), ("Ann", "baker"), ("Vic", "viewer"))
    tokens = {}
    for name, actor in people.items():
        with acting_as(actor) as session:
            tokens[name], _ = users.create_token("tests", session=session)
    app = web_app(Settings(secret_key="test"))
    with TestClient(app) as client:
        yield client, tokens, ids


def _call(client: TestClient, token: str, method: str, path: str, body: Any,
          values: dict[str, str]) -> Any:
    url = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), _ref(path)), path)
    headers = {"Authorization": f"Bearer {token}"}
    if body is None and method != "DELETE":
        body = {}
    if body is not None:
        return client.request(method, url, json=body, headers=headers)
    return client.request(method, url, headers=headers)


@pytest.mark.parametrize("who", ["Vic", "Ann"])
def test_every_write_operation_refuses_what_the_role_may_not_do_and_writes_nothing(
    bakery: tuple[TestClient, dict[str, str], dict[str, Any]], who: str
) -> None:
    client, tokens, ids = bakery
    values = _values(ids)
    operations = _operations(client.app)
    assert len(operations) > 40
    wrong: list[str] = []
    for method, path, body in operations:
        refused = who == "Vic" or (bool(OWNER_ONLY.match(path)) and not KITCHEN.match(path))
        before = row_counts() if refused else None
        response = _call(client, tokens[who], method, path, body, values)
        if refused:
            ok = (response.status_code == 403 and response.json()["error"] == "forbidden"
                  and who in response.json()["message"] and row_counts() == before)
        else:
            ok = response.status_code != 403 and response.status_code < 500
        if not ok:
            wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
    assert wrong == [], "\n".join(wrong)


def test_the_owner_is_refused_nothing(
    bakery: tuple[TestClient, dict[str, str], dict[str, Any]],
) -> None:
    client, tokens, ids = bakery
    values = _values(ids)
    for method, path, body in _operations(client.app):
        response = _call(client, tokens["Sam"], method, path, body, values)
        assert response.status_code != 403 and response.status_code < 500, (method, path)


def test_tokens_and_basic_work_and_bad_ones_are_401_with_a_clear_message(
    bakery: tuple[TestClient, dict[str, str], dict[str, Any]],
) -> None:
    client, tokens, _ = bakery
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['Ann']}"})
    assert me.json()["name"] == "Ann" and me.json()["role"] == "baker"
    assert client.get("/api/v1/me", auth=("ANN", PASSWORD)).json()["name"] == "Ann"
    for header in (f"Bearer {tokens['Ann']}x", "Bearer bt_forged", "Basic bm9ib2R5Om5vcGU="):
        refused = client.get("/api/v1/events", headers={"Authorization": header})
        assert refused.status_code == 401 and refused.json()["error"] == "login_required"
        assert tokens["Ann"] not in refused.text
    assert client.get("/api/v1/events").status_code == 401


def test_a_write_through_the_api_is_in_the_trail_under_the_right_name(
    bakery: tuple[TestClient, dict[str, str], dict[str, Any]],
) -> None:
    client, tokens, _ = bakery
    bought = client.post("/api/v1/purchases", json={"product": "choc-100g", "packages": 1,
                                                     "price_per_package": "2.50"},
                         headers={"Authorization": f"Bearer {tokens['Ann']}"})
    assert bought.status_code == 201, bought.text
    trail = client.get("/api/v1/activity?kind=purchase&limit=1",
                       headers={"Authorization": f"Bearer {tokens['Vic']}"}).json()
    assert trail[0]["user"] == "Ann" and trail[0]["summary"].startswith("Bought 1 ×")
    assert set(trail[0]) >= {"at", "user", "kind", "summary"}


