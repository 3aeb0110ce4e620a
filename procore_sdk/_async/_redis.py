"""Shared state on Redis for many workers: a token store with a refresh lock, and one rate budget.

Import these from ``procore_sdk.contrib.redis``. The async classes here are the source;
``scripts/unasync.py`` writes their blocking twins (``RedisTokenStore``, ...) into
``procore_sdk/_blocking/_redis.py``. This module needs the ``redis`` extra.
"""

from __future__ import annotations

import asyncio  # unasync: async-only
import json
import secrets
import threading  # noqa: F401 (the blocking twin's lease renewal runs in a thread)
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

import redis.asyncio as _redis  # unasync: async-only

# unasync: sync-only import redis as _redis
from redis.exceptions import RedisError

from .._concurrency import async_sleep
from .._errors import TokenStoreError, argument_type_error, invalid_argument
from .._logging import get_logger
from .._oauth import TokenSet
from .._ratelimit import RESET_RESOLUTION, InMemoryRateLimitPacer, RateLimit
from ..contrib._redis_common import (
    EXTEND_SCRIPT,
    RELEASE_SCRIPT,
    RESERVE_SCRIPT,
    UPDATE_SCRIPT,
    describe_client,
    failure_detail,
    redact_url,
)

__all__ = ["AsyncRedisLock", "AsyncRedisRateLimitPacer", "AsyncRedisTokenStore", "async_connect"]

_log = get_logger("procore_sdk.contrib.redis")

DEFAULT_PREFIX = "procore_sdk"


def async_connect(redis: Any, *, timeout: float) -> tuple[_redis.Redis, str]:
    """A redis-py client for ``redis`` (a URL or a client) and where it points, for messages.

    A URL gets ``timeout`` for connecting and for each command, so an unreachable Redis fails
    fast with the SDK's error instead of hanging a worker.
    """
    if isinstance(redis, str):
        if not redis.startswith(("redis://", "rediss://", "unix://")):
            raise invalid_argument(
                "redis", redact_url(redis), "a URL starting with redis://, rediss:// or unix://"
            )
        client = _redis.Redis.from_url(
            redis, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        return client, redact_url(redis)
    if isinstance(redis, _redis.Redis):
        return redis, describe_client(redis)
    raise argument_type_error(
        "redis",
        redis,
        f"a Redis URL (redis://, rediss:// or unix://) or a {_redis.__name__}.Redis client",
    )


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise invalid_argument(name, value, "a positive number of seconds")
    return float(value)


class AsyncRedisTokenStore:
    """Token pairs on Redis, shared by every worker of one Procore app, on any machine.

    Pairs live under ``<prefix>:tokens:<key>`` as JSON. ``lock`` is the refresh lock that
    makes one refresh per expiry across all workers (see ``AsyncRedisLock``): the token
    managers hold it around each refresh, re-read the store under it, and save the new pair
    before they release it.

    Redis failures (down, timing out) raise ``TokenStoreError``. A pair
    Procore has just issued is never lost: when its save fails, the client keeps it in memory
    and saves it on its next call.

    Args:
        redis: a URL (``redis://:password@host:6379/0``; the password is never shown) or a
            redis-py client of the matching kind (``redis.asyncio.Redis`` for the async store,
            ``redis.Redis`` for the blocking one).
        prefix: the key prefix, to keep several apps (or environments) apart on one Redis.
        lease: seconds the lock is held without renewal; the holder renews it every third of
            that while a refresh is in flight, so only a dead worker's lock expires.
        wait_timeout: seconds to wait for a lock another worker holds before giving up.
        timeout: seconds to connect and per command, for a client built from a URL.
    """

    def __init__(
        self,
        redis: Any,
        *,
        prefix: str = DEFAULT_PREFIX,
        lease: float = 15.0,
        wait_timeout: float = 60.0,
        timeout: float = 5.0,
    ) -> None:
        self._lease = _positive("lease", lease)
        self._wait_timeout = _positive("wait_timeout", wait_timeout)
        self._client, self._where = async_connect(redis, timeout=_positive("timeout", timeout))
        if not isinstance(prefix, str) or not prefix:
            raise invalid_argument("prefix", prefix, "a non-empty string")
        self._prefix = prefix
        # Two stores on one Redis and prefix share the in-process lock of the token managers.
        self._lock_identity = ("redis", self._where, prefix)
        self._sleep: Callable[[float], Awaitable[None]] = async_sleep
        self._release = self._client.register_script(RELEASE_SCRIPT)
        self._extend = self._client.register_script(EXTEND_SCRIPT)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._where!r}, prefix={self._prefix!r})"

    def _failure(self, action: str, key: str, exc: BaseException) -> TokenStoreError:
        return TokenStoreError(
            f"Redis at {self._where} could not {action} the tokens of key {key!r} "
            f"({failure_detail(exc)})",
            key=key,
        )

    def tokens_key(self, key: str) -> str:
        """The Redis key holding the pair of ``key``."""
        return f"{self._prefix}:tokens:{key}"

    def lock_key(self, key: str) -> str:
        """The Redis key of the refresh lock of ``key``."""
        return f"{self._prefix}:lock:{key}"

    async def load(self, key: str) -> TokenSet | None:
        """The pair saved under ``key``, or ``None``."""
        try:
            raw = await self._client.get(self.tokens_key(key))
        except RedisError as exc:
            raise self._failure("load", key, exc) from exc
        return None if raw is None else TokenSet.from_dict(json.loads(raw))

    async def save(self, key: str, tokens: TokenSet) -> None:
        """Save ``tokens`` under ``key`` (one ``SET``: readers see the old or the new pair)."""
        try:
            await self._client.set(self.tokens_key(key), json.dumps(tokens.to_dict()))
        except RedisError as exc:
            raise self._failure("save", key, exc) from exc

    async def delete(self, key: str) -> None:
        """Forget the pair of ``key``."""
        try:
            await self._client.delete(self.tokens_key(key))
        except RedisError as exc:
            raise self._failure("delete", key, exc) from exc

    def lock(self, key: str) -> AsyncRedisLock:
        """The refresh lock of ``key``, for ``async with``."""
        return AsyncRedisLock(self, key)


class AsyncRedisLock:
    """One worker at a time, across machines: ``SET NX PX`` with a random token.

    Only the holder releases it (a script compares the token); its lease is renewed while the
    holder works, and expires on its own if the holder dies, after which the next worker
    re-reads the store (the token managers do) and adopts or refreshes the pair.
    """

    def __init__(self, store: AsyncRedisTokenStore, key: str) -> None:
        self._store = store
        self._key = key
        self._name = store.lock_key(key)
        self._token: str | None = None
        self._renewal: _LeaseRenewal | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._name!r}, held={self._token is not None})"

    async def __aenter__(self) -> AsyncRedisLock:
        store = self._store
        token = secrets.token_hex(16)
        lease_ms = int(store._lease * 1000)
        deadline = time.monotonic() + store._wait_timeout
        poll = min(0.05, store._lease / 10)
        while True:
            try:
                taken = await store._client.set(self._name, token, nx=True, px=lease_ms)
            except RedisError as exc:
                raise store._failure("lock", self._key, exc) from exc
            if taken:
                break
            if time.monotonic() >= deadline:
                raise TokenStoreError(
                    f"Another worker has held the refresh lock of key {self._key!r} on "
                    f"{store._where} for more than wait_timeout={store._wait_timeout:g} s, "
                    "renewing its lease; try again later, or raise wait_timeout.",
                    key=self._key,
                )
            await store._sleep(poll)
        self._token = token
        self._renewal = _LeaseRenewal(self._extend, store._lease / 3)
        self._renewal.start()
        return self

    async def _extend(self) -> bool:
        store = self._store
        result = await store._extend(
            keys=[self._name], args=[self._token or "", int(store._lease * 1000)]
        )
        return bool(result)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._renewal is not None:
            await self._renewal.stop()
            self._renewal = None
        token, self._token = self._token, None
        try:
            await self._store._release(keys=[self._name], args=[token or ""])
        except RedisError as error:
            # The pair is already saved; the lease expires by itself.
            _log.warning(
                "could not release the refresh lock of key %r (%s); it expires with its lease",
                self._key,
                failure_detail(error),
            )


class _LeaseRenewal:
    """Extends a lock's lease every ``interval`` seconds until stopped (a task, or a thread)."""

    def __init__(self, extend: Callable[[], Awaitable[bool]], interval: float) -> None:
        self._extend = extend
        self._interval = interval
        self._stop = asyncio.Event()  # unasync: async-only
        # unasync: sync-only self._stop = threading.Event()
        self._runner: asyncio.Task[None] | None = None  # unasync: async-only
        # unasync: sync-only self._runner: threading.Thread | None = None

    def start(self) -> None:
        self._runner = asyncio.ensure_future(self._run())  # unasync: async-only
        # unasync: sync-only self._runner = threading.Thread(target=self._run, daemon=True)
        # unasync: sync-only self._runner.start()

    async def _stopped(self) -> bool:
        """Wait one interval; True when stop() was called meanwhile."""
        try:  # unasync: async-only
            await asyncio.wait_for(self._stop.wait(), self._interval)  # unasync: async-only
        except asyncio.TimeoutError:  # unasync: async-only
            return False  # unasync: async-only
        return True  # unasync: async-only
        # unasync: sync-only return self._stop.wait(self._interval)

    async def _run(self) -> None:
        while not await self._stopped():
            try:
                if not await self._extend():
                    _log.warning("the refresh lock's lease was lost before the refresh ended")
                    return
            except RedisError as exc:
                _log.warning("could not renew the refresh lock's lease (%s)", failure_detail(exc))

    async def stop(self) -> None:
        self._stop.set()
        if self._runner is not None:
            await self._runner  # unasync: async-only
            # unasync: sync-only self._runner.join()


class AsyncRedisRateLimitPacer:
    """One rate budget per company, shared by every worker through Redis.

    Each request reserves one unit of the last reported ``X-Rate-Limit-Remaining`` in one
    atomic script; when none is left, every worker waits for ``X-Rate-Limit-Reset`` (plus
    ``margin``). Whatever any worker sees (a response's headers, a 429's reset) applies to all.
    Times are the workers' own clocks (keep them in sync, as NTP does).

    When Redis is unreachable or times out, pacing goes on with this process's own view of the
    budget (a warning is logged once per outage): requests keep flowing, and Procore's 429s,
    which the client retries, cover the gap. It returns to the shared budget by itself.

    Args:
        redis: a URL or a redis-py client (see ``AsyncRedisTokenStore``).
        prefix: the key prefix; budgets live under ``<prefix>:budget:<company>``.
        margin: seconds added to each wait past the reset.
        headroom: units of each window left unspent. Requests sent while the budget is not
            yet known (the first of a window, and those released at a reset) are counted only
            when Procore answers; set it to how many requests all your workers may have in
            flight at once to rule out a 429 at the edge of a window.
        timeout: seconds to connect and per command, for a client built from a URL.
    """

    def __init__(
        self,
        redis: Any,
        *,
        prefix: str = DEFAULT_PREFIX,
        margin: float = 0.5,
        headroom: int = 0,
        timeout: float = 2.0,
    ) -> None:
        self._client, self._where = async_connect(redis, timeout=_positive("timeout", timeout))
        if isinstance(headroom, bool) or not isinstance(headroom, int) or headroom < 0:
            raise invalid_argument("headroom", headroom, "a whole number, 0 or more")
        self._headroom = headroom
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or margin < 0:
            raise invalid_argument("margin", margin, "a number of seconds, 0 or more")
        if not isinstance(prefix, str) or not prefix:
            raise invalid_argument("prefix", prefix, "a non-empty string")
        self._prefix = prefix
        self._margin = float(margin)
        self._local = InMemoryRateLimitPacer(margin=self._margin)
        self._reserve = self._client.register_script(RESERVE_SCRIPT)
        self._update = self._client.register_script(UPDATE_SCRIPT)
        self._degraded = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._where!r}, prefix={self._prefix!r})"

    def budget_key(self, key: str) -> str:
        """The Redis key of the budget of pacing key ``key`` (a company id)."""
        return f"{self._prefix}:budget:{key}"

    def _fall_back(self, exc: BaseException) -> None:
        if not self._degraded:
            self._degraded = True
            _log.warning(
                "Redis at %s is unreachable (%s): pacing on this process's own view of the "
                "rate budget until it is back",
                self._where,
                failure_detail(exc),
            )

    def _recovered(self) -> None:
        if self._degraded:
            self._degraded = False
            _log.warning("Redis at %s is back: pacing on the shared rate budget", self._where)

    async def reserve(self, key: str, now: float) -> float:
        """Claim one request of the shared budget; seconds to wait before sending it."""
        try:
            wait = await self._reserve(
                keys=[self.budget_key(key)], args=[repr(now), self._margin, self._headroom]
            )
        except RedisError as exc:
            self._fall_back(exc)
            return self._local.reserve(key, now)
        self._recovered()
        return float(wait)

    async def update(self, key: str, rate_limit: RateLimit) -> None:
        """Record a response's ``X-Rate-Limit-*`` headers for every worker."""
        self._local.update(key, rate_limit)
        # The reset is whole seconds and may be rounded down: the shared window lasts that much
        # longer, as in InMemoryRateLimitPacer.
        reset = rate_limit.reset + RESET_RESOLUTION
        # Kept a minute past the reset: an expired window is dropped by reserve() anyway.
        ttl_ms = int(max(reset - time.time(), 0.0) * 1000) + 60_000
        try:
            await self._update(
                keys=[self.budget_key(key)],
                args=[rate_limit.remaining, repr(reset), ttl_ms],
            )
        except RedisError as exc:
            self._fall_back(exc)
            return
        self._recovered()
