"""Many worker processes, one Procore app, one Redis: the multi-process guarantees.

The fake Procore serves over loopback in this process; workers are real processes
(``_worker.py``) with their own clients. No test sleeps: workers are stopped through stdin,
and token expiry is driven by the fake (``expire_all``), not by waiting for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from contrib._procs import Worker
from contrib._redis_server import RedisServer

from procore_sdk.auth import TokenSet
from procore_sdk.contrib.redis import RedisTokenStore
from procore_sdk.testing import FakeProcore

KEY = "user-1"
# Tokens live a minute (real time, for the fake); the workers' clocks jump by that much.
LIFETIME = 60


@pytest.fixture
def served() -> Iterator[tuple[FakeProcore, str]]:
    fake = FakeProcore(
        seed=5,
        hourly_limit=None,
        spike_limit=None,
        record_requests=False,
        access_token_lifetime=LIFETIME,
    )
    # For each caller (an X-Caller header), how many refreshes Procore had issued when it
    # last answered that caller with a success: from then on the caller holds a live token.
    handle = fake.handle
    last_ok: dict[str, int] = {}

    def tracking(method: str, url: str, headers: Any, body: bytes) -> Any:
        response = handle(method, url, headers, body)
        items = headers.items() if isinstance(headers, dict) else headers
        caller = next((v for k, v in items if k.lower() == "x-caller"), None)
        if caller is not None and response.status == 200:
            last_ok[caller] = fake.oauth.issued["refresh_token"]
        return response

    fake.handle = tracking  # type: ignore[method-assign]
    fake.last_ok = last_ok  # type: ignore[attr-defined]
    DEBUG[:] = [fake]
    with fake.serve(server="uvicorn") as url:  # uvicorn: a deep accept backlog
        yield fake, url


def callers_on(fake: FakeProcore, refreshes: int) -> int:
    """How many callers have had a success since the ``refreshes``-th refresh."""
    last_ok: dict[str, int] = fake.last_ok  # type: ignore[attr-defined]
    return sum(1 for n in list(last_ok.values()) if n >= refreshes)


def _config(fake: FakeProcore, url: str, redis_url: str, **extra: Any) -> dict[str, Any]:
    return {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "base": url,
        "company_id": fake.company_id,
        "redis": redis_url,
        "key": KEY,
        **extra,
    }


def _seed_pair(fake: FakeProcore, redis_url: str) -> Any:
    issued = fake.oauth.issue("authorization_code", fake.dmsa_user_id, with_refresh=True)
    store = RedisTokenStore(redis_url)
    now = time.time()
    store.save(
        KEY,
        TokenSet(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            obtained_at=now,
            expires_at=now + LIFETIME,
        ),
    )
    return store


DEBUG: list[Any] = []


def debug() -> Any:
    if not DEBUG:
        return None
    last_ok = DEBUG[0].last_ok
    kinds: dict[str, int] = {}
    for caller in last_ok:
        kind = caller.split("-")[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _wait_for(predicate: Any, what: str, timeout: float = 20.0) -> None:
    """Poll a condition the workers make true (bounded; returns as soon as it holds)."""
    deadline = time.monotonic() + timeout
    event = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {debug()}")
        event.wait(0.01)


def test_four_processes_threads_and_tasks_make_one_refresh_per_expiry(
    redis_server: RedisServer, served: tuple[FakeProcore, str]
) -> None:
    fake, url = served
    store = _seed_pair(fake, redis_server.url)
    redis_client = redis_server.client()
    config = _config(fake, url, redis_server.url, threads=32, tasks=200)
    workers = [Worker("tokens", config) for _ in range(4)]
    try:
        for worker in workers:
            worker.expect("ready")
        for worker in workers:
            worker.send()
        callers = 4 * (32 + 200)
        _wait_for(lambda: callers_on(fake, 0) >= callers // 2, "the callers to start")
        expiries = 2
        for expiry in range(1, expiries + 1):
            assert fake.oauth.requests["refresh_token"] == expiry - 1
            # Every worker's clock jumps past the token's expiry at once: 1,000+ callers find
            # it expired together.
            redis_client.set("test:offset", LIFETIME * expiry)
            _wait_for(lambda n=expiry: fake.oauth.issued["refresh_token"] == n, f"refresh {expiry}")
            # The workers go on with the new pair for a moment before the next expiry.
            _wait_for(lambda n=expiry: callers_on(fake, n) >= 100, "calls with the new pair")
        for worker in workers:
            worker.stop()
        results = [worker.result() for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
    # Exactly one refresh per expiry: every refresh request was answered, none refused.
    assert fake.oauth.requests["refresh_token"] == expiries
    assert fake.oauth.issued["refresh_token"] == expiries
    assert all(r["failed"] == 0 for r in results), results
    assert all(r["ok"] > 0 for r in results)
    live = store.load(KEY)
    assert live is not None
    assert fake.oauth.check(live.access_token) is not None
