"""Never twice: a write sent again with its idempotency key is recorded once (both databases)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from baketracker.config import Settings
from baketracker.db import session_scope, utcnow
from baketracker.errors import PlanStateError
from baketracker.models import IdempotencyKey, ProductionRun
from baketracker.services import events, idempotency, plan_state
from tests.support import event_bakery
from tests.support.apps import web_app
from tests.support.event_bakery import XMAS
from tests.support.pages import text, token

RUNS = "/api/v1/production-runs"
BAKE = {"recipe": "sugar-cookies", "num_batches": 1, "event": XMAS}


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app()) as client:
        yield client


@pytest.fixture
def bakery(db: str) -> dict[str, Any]:
    made = event_bakery.build()
    plan_state.lock_plan(XMAS)
    return made


def runs() -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(ProductionRun)) or 0)


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def test_the_same_key_twice_records_one_run_and_answers_the_same(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    first = api.post(RUNS, json=BAKE, headers=keyed(key))
    again = api.post(RUNS, json=BAKE, headers=keyed(key))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert runs() == 1
    # Without a key, or with a new one, it is a new record.
    assert api.post(RUNS, json=BAKE, headers=keyed(str(uuid.uuid4()))).status_code == 201
    assert runs() == 2


def test_another_body_under_a_used_key_is_refused_and_writes_nothing(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    api.post(RUNS, json=BAKE, headers=keyed(key))
    other = api.post(RUNS, json={**BAKE, "num_batches": 2}, headers=keyed(key))
    assert other.status_code == 409
    assert other.json()["error"] == "conflict"
    assert "already used for a different request" in other.json()["message"]
    elsewhere = api.post("/api/v1/assembly-runs", json={"finished_good": "cookie-tin"},
                         headers=keyed(key))
    assert elsewhere.status_code == 409
    assert runs() == 1


def test_four_concurrent_requests_with_one_key_record_one_run(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: api.post(RUNS, json=BAKE, headers=keyed(key)),
                                range(4)))
    assert runs() == 1
    made = [a for a in answers if a.status_code == 201]
    assert made and all(a.json() == made[0].json() for a in made)
    # A loser that waited longer than the winner took is told so, never given a second run.
    for other in answers:
        assert other.status_code == 201 or (
            other.status_code == 409 and "still being processed" in other.json()["message"])


def test_a_refusal_is_the_answer_for_that_key_too(api: TestClient,
                                                  bakery: dict[str, Any]) -> None:
    key = str(uuid.uuid4())
    short = {"recipe": "brownies", "num_batches": 3}
    first = api.post(RUNS, json=short, headers=keyed(key))
    again = api.post(RUNS, json=short, headers=keyed(key))
    assert first.status_code == again.status_code == 409
    assert again.json() == first.json() and runs() == 0


@pytest.mark.parametrize("bad", ["", "x" * 201, "has space", "tab\tkey"])
def test_an_unusable_key_is_refused_before_anything_is_written(
    api: TestClient, bakery: dict[str, Any], bad: str
) -> None:
    response = api.post(RUNS, json=BAKE, headers=keyed(bad))
    assert response.status_code == 422
    assert response.json()["field"] == "idempotency_key"
    assert "Idempotency key" in response.json()["message"]
    assert runs() == 0


def test_keys_expire_after_a_day_and_are_purged_by_the_next_write(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    api.post(RUNS, json=BAKE, headers=keyed(key))
    with session_scope() as session:
        session.execute(update(IdempotencyKey).values(
            created_at=utcnow() - idempotency.KEY_LIFETIME - timedelta(minutes=1)))
    assert api.post(RUNS, json=BAKE, headers=keyed(key)).status_code == 201
    assert runs() == 2
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


def test_a_web_form_posted_twice_with_its_rendered_key_records_one_run(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    page = api.get("/production").text
    found = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert found, "the production form carries no idempotency key"
    form = {"event": str(bakery["xmas"]), "unit": "sugar-cookie", "batches": "1",
            "idempotency_key": found.group(1), "csrf_token": token(api)}
    first = api.post("/production", data=form, follow_redirects=False)
    # A new page load gives a new CSRF token: still the same record.
    again = api.post("/production", data={**form, "csrf_token": token(api)},
                     follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert runs() == 1
    assert api.get("/production").text.count('name="idempotency_key"') >= 1
    fresh = re.search(r'name="idempotency_key" value="([^"]+)"', api.get("/production").text)
    assert fresh and fresh.group(1) != found.group(1)


def test_a_form_refused_by_the_csrf_check_can_be_sent_again_with_its_key(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    form = {"event": str(bakery["xmas"]), "unit": "sugar-cookie", "batches": "1",
            "idempotency_key": key}
    assert api.post("/production", data={**form, "csrf_token": "forged"},
                    follow_redirects=False).status_code == 403
    sent = api.post("/production", data={**form, "csrf_token": token(api)},
                    follow_redirects=False)
    assert sent.status_code == 303 and runs() == 1


def test_starting_production_twice_is_refused_and_the_page_shows_the_state(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    plan_state.start_production(XMAS)
    with pytest.raises(PlanStateError, match="IN_PRODUCTION.*already there"):
        plan_state.start_production(XMAS)
    event_id = events.get_event(XMAS)["id"]
    page = api.post(f"/events/{event_id}/plan/start", data={"csrf_token": token(api)},
                    headers={"HX-Request": "true"})
    assert page.status_code == 409
    shown = text(page.text)
    assert "is IN_PRODUCTION; it cannot move to IN_PRODUCTION (it is already there)" in shown
    assert "Traceback" not in page.text
    assert events.get_event(XMAS)["plan_state"] == "IN_PRODUCTION"


@pytest.fixture
def guarded(db: str) -> Iterator[TestClient]:
    settings = Settings(password="open sesame", secret_key="test-secret")
    with TestClient(web_app(settings)) as client:
        yield client


def test_under_a_login_the_worker_and_manifest_load_but_no_page_list_or_key_is_given(
    guarded: TestClient, bakery: dict[str, Any]
) -> None:
    worker = guarded.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "const PRECACHE = [" in worker.text and "/static/app.css" in worker.text
    assert XMAS not in worker.text  # the worker holds no one's data
    manifest = guarded.get("/static/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.json()["start_url"] == "/"
    pages = guarded.get("/offline/pages", follow_redirects=False)
    assert pages.status_code == 303 and pages.headers["location"].startswith("/login")
    # A write refused by the login never claims its key: it can be sent once logged in.
    key = str(uuid.uuid4())
    refused = guarded.post(RUNS, json=BAKE, headers=keyed(key))
    assert refused.status_code == 401
    sent = guarded.post(RUNS, json=BAKE, headers=keyed(key), auth=("baker", "open sesame"))
    assert sent.status_code == 201 and runs() == 1


def test_the_page_list_names_the_next_events_pages(api: TestClient,
                                                   bakery: dict[str, Any]) -> None:
    listed = api.get("/offline/pages").json()
    xmas = bakery["xmas"]
    for page in ("/", "/production", f"/events/{xmas}/plan", f"/events/{xmas}/targets",
                 f"/events/{xmas}/sheets/bake-day"):
        assert page in listed["pages"]
    assert not [p for p in listed["pages"] if p.startswith("/api/")]
    assert listed["csrf_token"] and api.get("/offline/pages").headers["cache-control"] == "no-store"


def test_a_claim_left_by_a_request_that_died_is_taken_over_after_two_minutes(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    key = str(uuid.uuid4())
    body = idempotency.body_fingerprint([("body", b"{}"), ("content-type", b"application/json")])
    assert idempotency.claim_key(key, "POST", RUNS, body).outcome == "claimed"
    assert idempotency.claim_key(key, "POST", RUNS, body).outcome == "pending"
    with session_scope() as session:
        session.execute(update(IdempotencyKey).values(
            created_at=utcnow() - idempotency.STALE_CLAIM - timedelta(seconds=1)))
    assert idempotency.claim_key(key, "POST", RUNS, "another body").outcome == "mismatch"
    assert idempotency.claim_key(key, "POST", RUNS, body).outcome == "claimed"
    assert idempotency.claim_key(key, "POST", RUNS, body).outcome == "pending"


def test_a_malformed_form_is_answered_by_its_route_and_claims_no_key(
    api: TestClient, bakery: dict[str, Any]
) -> None:
    broken = api.post("/production", content=b"--x\r\nnot a part",
                      headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code in (400, 403, 422) and "Traceback" not in broken.text
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0
    assert runs() == 0
