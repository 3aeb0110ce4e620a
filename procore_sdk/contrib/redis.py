"""Many workers, one Procore app: shared tokens, one rate budget and one webhook dedupe on Redis.

Install the extra: ``pip install "procore-sdk[redis]"`` (redis-py, sync and asyncio clients).

- ``RedisTokenStore`` / ``AsyncRedisTokenStore``: token pairs shared by every worker,
  with a refresh lock so that one refresh happens per expiry, whatever the number of machines.
- ``RedisRateLimitPacer`` / ``AsyncRedisRateLimitPacer``: one rate budget per company
  for every worker.
- ``RedisDedupeStore``: a webhook receiver's dedupe shared by every replica.

What happens when Redis is unreachable or times out:

- token stores raise ``TokenStoreError`` (requests that need no refresh go
  on with the token in memory; a pair whose save failed stays in memory and is saved later);
- pacing falls back to each process's own view of the budget, with a warning;
- dedupe fails closed: the receiver answers ``500`` and Procore delivers the event again.

See the "Running many workers" guide.
"""

from __future__ import annotations

from typing import Any

from redis.exceptions import RedisError

from .._async._redis import AsyncRedisLock, AsyncRedisRateLimitPacer, AsyncRedisTokenStore
from .._blocking._redis import (
    DEFAULT_PREFIX,
    RedisLock,
    RedisRateLimitPacer,
    RedisTokenStore,
    connect,
)
from .._errors import invalid_argument
from ._redis_common import RedisStoreError, failure_detail, redact_url

__all__ = [
    "AsyncRedisLock",
    "AsyncRedisRateLimitPacer",
    "AsyncRedisTokenStore",
    "RedisDedupeStore",
    "RedisLock",
    "RedisRateLimitPacer",
    "RedisStoreError",
    "RedisTokenStore",
    "redact_url",
]

# Procore's webhook documentation: failed deliveries are retried for up to 12 hours.
DEFAULT_DEDUPE_TTL = 24 * 3600.0


class RedisDedupeStore:
    """A ``WebhookReceiver`` dedupe store shared by all replicas.

    ``add(key)`` claims an event in one atomic ``SET NX`` with a TTL, so a delivery that
    several replicas receive at once runs its handlers once across all of them; a claim whose
    handler failed is released (``discard``) so Procore's retry is handled.

    Fails closed: when Redis is unreachable, ``add`` raises ``RedisStoreError`` and the
    receiver answers ``500``, so Procore delivers the event again later rather than the
    handlers running twice or not at all.

    Args:
        redis: a URL (``redis://:password@host:6379/0``; the password is never shown) or a
            ``redis.Redis`` client.
        prefix: the key prefix; claims live under ``<prefix>:webhook:<event key>``.
        ttl: seconds a claim is remembered; longer than Procore's retry period (12 hours).
        timeout: seconds to connect and per command, for a client built from a URL.
    """

    def __init__(
        self,
        redis: Any,
        *,
        prefix: str = DEFAULT_PREFIX,
        ttl: float = DEFAULT_DEDUPE_TTL,
        timeout: float = 2.0,
    ) -> None:
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl < 1:
            raise invalid_argument("ttl", ttl, "a number of seconds, at least 1")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise invalid_argument("timeout", timeout, "a positive number of seconds")
        if not isinstance(prefix, str) or not prefix:
            raise invalid_argument("prefix", prefix, "a non-empty string")
        self._client, self._where = connect(redis, timeout=float(timeout))
        self._prefix = prefix
        self._ttl_ms = int(ttl * 1000)

    def __repr__(self) -> str:
        return f"RedisDedupeStore({self._where!r}, prefix={self._prefix!r})"

    def claim_key(self, key: str) -> str:
        """The Redis key of an event's claim."""
        return f"{self._prefix}:webhook:{key}"

    def _failure(self, action: str, exc: BaseException) -> RedisStoreError:
        return RedisStoreError(
            f"Redis at {self._where} could not {action} a webhook event's dedupe claim "
            f"({failure_detail(exc)}); the receiver answers 500 so that Procore retries it"
        )

    def add(self, key: str) -> bool:
        """Claim ``key``; ``True`` when no replica had claimed it before."""
        try:
            return bool(self._client.set(self.claim_key(key), b"1", nx=True, px=self._ttl_ms))
        except RedisError as exc:
            raise self._failure("record", exc) from exc

    def discard(self, key: str) -> None:
        """Release the claim of ``key`` (its handling failed; Procore will retry it)."""
        try:
            self._client.delete(self.claim_key(key))
        except RedisError as exc:
            raise self._failure("release", exc) from exc
