"""Many worker processes, one Procore app, one Redis: the multi-process guarantees.

The fake Procore serves over loopback in this process; workers are real processes
(``_worker.py``) with their own clients. No test sleeps: workers are stopped through stdin,
and token expiry is driven by the fake (``expire_all``), not by waiting for it.
"""

from __future__ import annotations

import asyncio
import json
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from contrib._procs import Worker
from contrib._redis_server import RedisServer

from procore_sdk import AsyncProcore, Procore
from procore_sdk.auth import RefreshTokenAuth, TokenSet
from procore_sdk.contrib.redis import AsyncRedisTokenStore, RedisTokenStore
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


def _wait_for(predicate: Any, what: str, timeout: float = 20.0) -> None:
    """Poll a condition the workers make true (bounded; returns as soon as it holds)."""
    deadline = time.monotonic() + timeout
    event = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
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
        _wait_for(lambda: callers_on(fake, 0) >= 100, "the callers to start")
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
    assert callers_on(fake, 0) == callers  # every thread and task took part
    live = store.load(KEY)
    assert live is not None
    assert fake.oauth.check(live.access_token) is not None


def _expired_pair(fake: FakeProcore, redis_url: str) -> TokenSet:
    issued = fake.oauth.issue("authorization_code", fake.dmsa_user_id, with_refresh=True)
    now = time.time()
    pair = TokenSet(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        obtained_at=now - LIFETIME - 1,
        expires_at=now - 1,  # expired: the first call refreshes
    )
    RedisTokenStore(redis_url).save(KEY, pair)
    return pair


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("stage", ["before-refresh", "after-save"])
def test_a_worker_killed_holding_the_lock_hands_over_after_the_lease(
    redis_server: RedisServer, served: tuple[FakeProcore, str], stage: str, flavour: str
) -> None:
    fake, url = served
    seeded = _expired_pair(fake, redis_server.url)
    dying = Worker("refresh-and-die", _config(fake, url, redis_server.url, stage=stage))
    try:
        dying.expect("ready")
        dying.send()
        dying.expect("locked" if stage == "before-refresh" else "saved")
        assert dying.process.wait(timeout=30) == -signal.SIGKILL
    finally:
        dying.kill()
    store_view = RedisTokenStore(redis_server.url)
    # The dead worker's lock is still there: only its lease (1 s) can free it.
    assert redis_server.client().exists(store_view.lock_key(KEY))
    kwargs = _config(fake, url, redis_server.url)
    common = {
        "client_id": kwargs["client_id"],
        "client_secret": kwargs["client_secret"],
        "base_url": url,
        "login_url": url,
        "company_id": fake.company_id,
        "auth": RefreshTokenAuth(key=KEY),
    }
    if flavour == "sync":
        with Procore(token_store=RedisTokenStore(redis_server.url, lease=1.0), **common) as c:
            c.get("/rest/v1.0/me")
    else:

        async def call() -> None:
            store = AsyncRedisTokenStore(redis_server.url, lease=1.0)
            async with AsyncProcore(token_store=store, **common) as c:
                await c.get("/rest/v1.0/me")

        asyncio.run(call())
    # One refresh in all, never refused: the token the dead worker burned (after-save) was
    # not sent again; the one it never sent (before-refresh) was used once.
    assert fake.oauth.requests["refresh_token"] == 1
    assert fake.oauth.issued["refresh_token"] == 1
    live = store_view.load(KEY)
    assert live is not None
    assert live.refresh_token != seeded.refresh_token
    assert fake.oauth.check(live.access_token) is not None


# The fake's "hour", shortened so that a test sees several windows; long enough that the second
# the pacers add past each reset (a reset in whole seconds may be rounded down) leaves most of
# each window for sending.
WINDOW = 4.0
LIMIT = 60
HEADROOM = 4  # the workers' requests in flight at once (one each)


def test_four_processes_share_one_rate_budget(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from procore_sdk.testing import _ratelimit as fake_limits

    monkeypatch.setattr(fake_limits, "HOUR", WINDOW)
    fake = FakeProcore(seed=6, hourly_limit=LIMIT, spike_limit=None, record_requests=False)
    answered: list[tuple[float, int]] = []
    handle = fake.handle

    def timing(*args: Any) -> Any:
        response = handle(*args)
        answered.append((time.time(), response.status))
        return response

    fake.handle = timing  # type: ignore[method-assign]
    token = fake.oauth.issue("client_credentials", fake.dmsa_user_id, with_refresh=False)
    # stdlib: its Date header is exact to the second, which the pacer measures resets against.
    with fake.serve(server="stdlib") as url:
        config = {
            "base": url,
            "company_id": fake.company_id,
            "redis": redis_server.url,
            "access_token": token.access_token,
            "seconds": 3 * WINDOW + 0.5,
            "headroom": HEADROOM,
        }
        workers = [Worker("list", config) for _ in range(4)]
        try:
            for worker in workers:
                worker.expect("ready")
            for worker in workers:
                worker.send()
            results = [worker.result() for worker in workers]
        finally:
            for worker in workers:
                worker.kill()
    assert sum(r["limited"] for r in results) == 0
    assert [status for _, status in answered if status != 200] == []
    per_window: dict[int, int] = {}
    for at, _ in answered:
        per_window[int(at // WINDOW)] = per_window.get(int(at // WINDOW), 0) + 1
    windows = sorted(per_window)
    full = windows[1:-1]  # the first and last are cut by the start and the end
    assert len(full) >= 2, per_window
    # The combined rate is the allowed rate (within 10%), and never above it.
    for window in full:
        assert 0.9 * LIMIT <= per_window[window] <= LIMIT, per_window


def test_three_receivers_run_each_event_once(redis_server: RedisServer, tmp_path: Path) -> None:
    secret = "Bearer many-receivers-secret-0123456789"
    outs = [tmp_path / f"receiver-{n}.txt" for n in range(3)]
    receivers = [
        Worker("receiver", {"secret": secret, "redis": redis_server.url, "out": str(out)})
        for out in outs
    ]
    try:
        ports = [int(r.readline()) for r in receivers]
        events = [f"01JKECCF1X1HYDJ36GRN{n:06d}" for n in range(800)]
        # 1,000 deliveries: every event once, and 200 of them a second time, each pair sent
        # at the same moment to two different replicas.
        deliveries = [(ulid, n % 3) for n, ulid in enumerate(events)]
        deliveries += [(ulid, (n + 1) % 3) for n, ulid in enumerate(events[::4])]
        assert len(deliveries) == 1000
        deliveries.sort(key=lambda d: (d[0], d[1]))

        http = httpx.Client(timeout=30)

        def deliver(item: tuple[str, int]) -> int:
            ulid, replica = item
            response = http.post(
                f"http://127.0.0.1:{ports[replica]}/",
                content=_event_body(ulid),
                headers={"Authorization": secret, "Content-Type": "application/json"},
            )
            return response.status_code

        with http, ThreadPoolExecutor(max_workers=24) as pool:
            statuses = list(pool.map(deliver, deliveries))
        for receiver in receivers:
            receiver.stop()
            receiver.result()
    finally:
        for receiver in receivers:
            receiver.kill()
    assert set(statuses) == {200}
    handled = [line for out in outs for line in out.read_text().splitlines()]
    assert sorted(handled) == sorted(events)  # each event exactly once, across all replicas
    assert all(out.read_text() for out in outs)  # and every replica handled some


def _event_body(ulid: str) -> bytes:
    return json.dumps(
        {
            "id": int(ulid[-6:]) + 1,
            "ulid": ulid,
            "timestamp": "2025-02-06T23:34:12.246562Z",
            "metadata": {"source_user_id": 5447, "source_application_id": "their-app"},
            "user_id": 5447,
            "company_id": 8,
            "project_id": 6778,
            "api_version": "v2.0",
            "event_type": "update",
            "resource_name": "RFIs",
            "resource_id": 379913,
        }
    ).encode()
