"""Two app processes on one PostgreSQL, driven at once over HTTP: bakers in both record
production runs that draw on the same chocolate lots. No lot is overdrawn, every gram is
accounted for, refusals are clean 409s (never a 5xx), each process sees the other's writes
at once, and a lock-out counted by one holds in the other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from baketracker import db as dbmod
from baketracker.db import session_scope
from baketracker.domain.accounts import LOCK_AFTER
from baketracker.models import Depletion, InventoryLot, Product
from baketracker.services import inventory, users
from tests.conftest import fresh_database_url
from tests.support import event_bakery
from tests.support.accounts import PASSWORD, acting_as, make_users

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 24  # batches of brownies asked for, half through each process
STOCK_PACKAGES = 7  # bars of 100 g bought on top of the one in stock: 8 batches' worth


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BAKETRACKER_DATABASE_URL": url,
           "BAKETRACKER_SECRET_KEY": "shared-by-both-processes",
           "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "baketracker.app:create_worker_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )


def _wait(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app process ended with {proc.returncode}")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


@pytest.fixture
def two_apps(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    urls = fresh_database_url("postgresql", request, tmp_path)
    url = next(urls)
    dbmod.configure(url)
    event_bakery.build()
    inventory.record_purchase("choc-100g", packages=STOCK_PACKAGES, price_per_package="2.50")
    people = make_users(("Sam", "owner"), ("Ann", "baker"))
    with acting_as(people["Ann"]) as session:
        token, _ = users.create_token("two processes", session=session)
    procs, bases = [], []
    try:
        for n in range(2):
            port = _free_port()
            procs.append(_start(url, port, tmp_path / f"app{n}.log"))
            bases.append(f"http://127.0.0.1:{port}")
        for base, proc in zip(bases, procs, strict=True):
            _wait(base, proc)
        yield bases, token
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)
        dbmod.dispose()
        next(urls, None)


def _chocolate() -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(bought, left, drawn by depletions, smallest lot remainder) for the chocolate."""
    with session_scope() as session:
        lots = select(InventoryLot).join(Product).where(Product.slug == "choc-100g")
        rows = session.scalars(lots).all()
        drawn = session.scalar(select(func.coalesce(func.sum(Depletion.quantity), 0))
                               .where(Depletion.lot_id.in_([r.id for r in rows])))
        return (sum((r.quantity_initial for r in rows), Decimal(0)),
                sum((r.quantity_remaining for r in rows), Decimal(0)),
                Decimal(drawn), min(r.quantity_remaining for r in rows))


def test_two_processes_share_the_lots_without_overdrawing_or_losing_a_gram(
    two_apps: tuple[list[str], str],
) -> None:
    bases, token = two_apps
    headers = {"Authorization": f"Bearer {token}"}
    body = {"recipe": "brownies", "num_batches": 1, "event": event_bakery.XMAS}

    def bake(n: int) -> int:
        with httpx.Client(base_url=bases[n % 2], headers=headers, timeout=60) as client:
            return client.post("/api/v1/production-runs", json=body).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(bake, range(REQUESTS)))
    seconds = time.monotonic() - started

    baked, refused = statuses.count(201), statuses.count(409)
    print(f"\ntwo processes: {REQUESTS} production requests, {baked} recorded, "
          f"{refused} refused (not enough chocolate), {seconds:.2f} s")
    assert baked + refused == REQUESTS, statuses  # no 5xx, nothing else
    assert baked == STOCK_PACKAGES + 1  # every bar used, none twice
    bought, left, drawn, smallest = _chocolate()
    assert smallest >= 0 and left == 0
    assert bought - left == drawn  # quantity conserved
    for base in bases:  # each process sees every run, whichever recorded it
        runs = httpx.get(f"{base}/api/v1/production-runs", headers=headers).json()
        assert len(runs) == baked
        trail = httpx.get(f"{base}/api/v1/activity?kind=production", headers=headers).json()
        assert {e["user"] for e in trail} == {"Ann"} and len(trail) == baked


def test_a_lock_out_counted_by_one_process_holds_in_the_other(
    two_apps: tuple[list[str], str],
) -> None:
    bases, _ = two_apps
    for n in range(LOCK_AFTER):
        wrong = httpx.get(f"{bases[n % 2]}/api/v1/events", auth=("Sam", "guess"))
        assert wrong.status_code == 401
    for base in bases:
        locked = httpx.get(f"{base}/api/v1/events", auth=("sam", PASSWORD))
        assert locked.status_code == 401 and "locked" in locked.json()["message"]
        assert PASSWORD not in locked.text
