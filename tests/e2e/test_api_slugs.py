"""The JSON API keeps a slug as given or refuses it with 422 naming the field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.support.apps import web_app
from tests.support.counts import row_counts

API = "/api/v1"


@pytest.fixture
def api(db: str) -> Iterator[TestClient]:
    with TestClient(web_app(), base_url="http://testserver") as client:
        yield client


def test_an_underscored_slug_is_kept_and_finds_the_ingredient(api: TestClient) -> None:
    created = api.post(f"{API}/ingredients", json={"name": "Acc Butter", "slug": "acc_butter"})

    assert created.status_code == 201, created.text
    assert created.json()["slug"] == "acc_butter"
    assert api.get(f"{API}/ingredients/acc_butter").json()["name"] == "Acc Butter"


def test_a_slug_with_other_characters_is_422_on_the_slug_field(api: TestClient) -> None:
    before = row_counts()

    refused = api.post(f"{API}/ingredients", json={"name": "Acc Butter", "slug": "Acc Butter!"})

    assert refused.status_code == 422
    body = refused.json()
    assert (body["field"], body["record"]) == ("slug", "Acc Butter")
    assert "may use only lower-case letters, digits, '-' and '_'" in body["message"]
    assert row_counts() == before
