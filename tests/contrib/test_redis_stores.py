"""The Redis store, lock, pacer and dedupe store, each against a real Redis (both flavours)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from contrib._redis_server import RedisServer

from procore_sdk import RateLimit, TokenStoreError
from procore_sdk._errors import ArgumentTypeError, InvalidArgumentError
from procore_sdk.auth import AsyncTokenStore, LockingTokenStore, TokenSet
from procore_sdk.contrib.redis import (
    AsyncRedisRateLimitPacer,
    AsyncRedisTokenStore,
    RedisDedupeStore,
    RedisRateLimitPacer,
    RedisStoreError,
    RedisTokenStore,
    redact_url,
)
from procore_sdk.webhooks import AtomicDedupeStore

PAIR = TokenSet(access_token="access-SECRET-1", refresh_token="refresh-SECRET-1", expires_at=1e10)


def make_store(flavour: str, url: str, **kwargs: Any) -> Any:
    cls = AsyncRedisTokenStore if flavour == "async" else RedisTokenStore
    return cls(url, **kwargs)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_stores_fit_the_token_store_protocols(redis_server: RedisServer) -> None:
    assert isinstance(RedisTokenStore(redis_server.url), LockingTokenStore)
    assert isinstance(AsyncRedisTokenStore(redis_server.url), AsyncTokenStore)
    assert isinstance(RedisDedupeStore(redis_server.url), AtomicDedupeStore)


def test_pairs_round_trip_under_the_prefix(redis_server: RedisServer, flavour: str) -> None:
    store = make_store(flavour, redis_server.url, prefix="app-a")

    async def main() -> Any:
        await store.save("k", PAIR)
        loaded = await store.load("k")
        await store.delete("k")
        return loaded, await store.load("k")

    if flavour == "async":
        loaded, gone = asyncio.run(main())
    else:
        store.save("k", PAIR)
        loaded = store.load("k")
        store.delete("k")
        gone = store.load("k")
    assert loaded == PAIR
    assert gone is None
    assert redis_server.client().keys("*") == []


def test_the_lock_excludes_and_only_its_holder_releases_it(redis_server: RedisServer) -> None:
    store = RedisTokenStore(redis_server.url, lease=0.5, wait_timeout=0.3)
    other = RedisTokenStore(redis_server.url, lease=0.5, wait_timeout=0.3)
    raw = redis_server.client()
    with store.lock("k"):
        with pytest.raises(TokenStoreError, match=r"wait_timeout=0\.3"), other.lock("k"):
            pass  # pragma: no cover - never entered
        # A stranger's value in the key (the lease expired and another took it): not deleted.
        raw.set(store.lock_key("k"), b"someone-else")
    assert raw.get(store.lock_key("k")) == b"someone-else"


def test_the_lease_is_renewed_while_the_lock_is_held(redis_server: RedisServer) -> None:
    store = RedisTokenStore(redis_server.url, lease=0.3)
    raw = redis_server.client()
    with store.lock("k"):
        # Real time: the lease lives in Redis. Held for three leases, it is still ours.
        asyncio.run(asyncio.sleep(0.9))
        assert raw.exists(store.lock_key("k"))
    assert not raw.exists(store.lock_key("k"))


def test_async_lock_renews_and_releases(redis_server: RedisServer) -> None:
    store = AsyncRedisTokenStore(redis_server.url, lease=0.3)
    raw = redis_server.client()

    async def main() -> None:
        async with store.lock("k"):
            await asyncio.sleep(0.9)
            assert raw.exists(store.lock_key("k"))

    asyncio.run(main())
    assert not raw.exists(store.lock_key("k"))


def test_passwords_never_show(redis_server: RedisServer) -> None:
    url = "redis://:hunter2-pass@127.0.0.1:1/0"
    assert redact_url(url) == "redis://:<redacted>@127.0.0.1:1/0"
    assert redact_url("redis://127.0.0.1/0?password=hunter2-pass") == (
        "redis://127.0.0.1/0?password=<redacted>"
    )
    store = RedisTokenStore(url, timeout=0.2)
    assert "hunter2" not in repr(store)
    with pytest.raises(TokenStoreError) as raised:
        store.load("k")
    assert "hunter2" not in str(raised.value)
    assert "<redacted>@127.0.0.1:1" in str(raised.value)
    with pytest.raises(InvalidArgumentError, match="redis://") as bad:
        RedisTokenStore("http://:hunter2-pass@host/")
    assert "hunter2" not in str(bad.value)


def test_bad_arguments_name_themselves(redis_server: RedisServer) -> None:
    with pytest.raises(ArgumentTypeError, match="redis"):
        RedisTokenStore(42)
    with pytest.raises(InvalidArgumentError, match="lease"):
        RedisTokenStore(redis_server.url, lease=0)
    with pytest.raises(InvalidArgumentError, match="headroom"):
        RedisRateLimitPacer(redis_server.url, headroom=-1)
    with pytest.raises(InvalidArgumentError, match="ttl"):
        RedisDedupeStore(redis_server.url, ttl=0)


def _pacer(flavour: str, url: str, **kwargs: Any) -> Any:
    return (AsyncRedisRateLimitPacer if flavour == "async" else RedisRateLimitPacer)(url, **kwargs)


@pytest.fixture
def call(flavour: str) -> Iterator[Any]:
    """Call a method of either flavour; async ones run on one loop for the whole test (a
    redis.asyncio client belongs to the loop it first ran on)."""
    loop = asyncio.new_event_loop()

    def run(method: Any, *args: Any) -> Any:
        result = method(*args)
        return loop.run_until_complete(result) if flavour == "async" else result

    yield run
    loop.close()


def test_workers_share_one_budget_and_a_429_stops_everyone(
    redis_server: RedisServer, flavour: str, call: Any
) -> None:
    one, two = _pacer(flavour, redis_server.url), _pacer(flavour, redis_server.url)
    now = 1_000.0
    call(one.update, "8", RateLimit(limit=100, remaining=2, reset=now + 30))
    assert call(two.reserve, "8", now) == 0.0
    assert call(one.reserve, "8", now) == 0.0
    # The budget is spent for both: each waits for the reset (plus 1 s, as a reset in whole
    # seconds may be rounded down, plus the margin).
    assert call(two.reserve, "8", now) == pytest.approx(31.5)
    assert call(two.reserve, "9", now) == 0.0  # another company: its own budget
    # A 429 one worker met (remaining 0, a later reset) holds everyone until that reset.
    call(two.update, "9", RateLimit(limit=100, remaining=0, reset=now + 7))
    assert call(one.reserve, "9", now) == pytest.approx(8.5)
    assert call(one.reserve, "9", now + 8) == 0.0  # after the reset: go


def test_pacing_falls_back_to_local_when_redis_is_down(
    redis_server: RedisServer, flavour: str, call: Any, caplog: pytest.LogCaptureFixture
) -> None:
    pacer = _pacer(flavour, "redis://127.0.0.1:1/0", timeout=0.2)
    now = 1_000.0
    with caplog.at_level(logging.WARNING, logger="procore_sdk"):
        call(pacer.update, "8", RateLimit(limit=100, remaining=0, reset=now + 5))
        assert call(pacer.reserve, "8", now) == pytest.approx(6.5)  # the local view
    assert caplog.text.count("pacing on this process's own view") == 1  # once per outage


def test_dedupe_claims_once_and_releases(redis_server: RedisServer) -> None:
    one, two = RedisDedupeStore(redis_server.url), RedisDedupeStore(redis_server.url)
    assert one.add("event-1") is True
    assert two.add("event-1") is False
    two.discard("event-1")
    assert one.add("event-1") is True
    ttl = redis_server.client().pttl(one.claim_key("event-1"))
    assert 23 * 3600 * 1000 < ttl <= 24 * 3600 * 1000


def test_dedupe_fails_closed_when_redis_is_down() -> None:
    store = RedisDedupeStore("redis://:hunter2-pass@127.0.0.1:1/0", timeout=0.2)
    with pytest.raises(RedisStoreError, match="answers 500") as raised:
        store.add("event-1")
    assert "hunter2" not in str(raised.value)


def test_handle_async_calls_a_shared_dedupe_store_off_the_loop() -> None:
    import json
    import threading

    from procore_sdk.webhooks import WebhookReceiver

    ran = threading.Event()

    class SlowStore:
        """add() blocks until a task on the loop has run: on the loop, it never would."""

        def __init__(self) -> None:
            self.keys: set[str] = set()

        def add(self, key: str) -> bool:
            if not ran.wait(5.0):
                raise AssertionError("the event loop was blocked while the store worked")
            new = key not in self.keys
            self.keys.add(key)
            return new

        def discard(self, key: str) -> None:
            self.keys.discard(key)

    secret = "Bearer slow-store-secret-0123456789"
    receiver = WebhookReceiver([secret], dedupe_store=SlowStore())
    body = json.dumps(
        {"id": 1, "ulid": "U1", "resource_name": "RFIs", "event_type": "update",
         "company_id": 8, "project_id": 1, "resource_id": 2, "user_id": 3,
         "timestamp": "2025-02-06T23:34:12Z", "api_version": "v2.0", "metadata": {}}
    ).encode()  # fmt: skip

    async def main() -> int:
        handling = asyncio.ensure_future(receiver.async_handle({"Authorization": secret}, body))
        await asyncio.sleep(0)
        ran.set()  # runs only if the loop is free
        return (await handling).status

    assert asyncio.run(main()) == 200
