"""When to retry a request and how long to wait (pure; Procore docs: Rate Limiting; Error Code
Reference)."""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable

import attrs
import httpx

from ._ratelimit import RateLimit

__all__ = ["RetryDecision", "RetryPolicy", "parse_retry_after"]

# A request that failed with these never reached Procore, so resending it is always safe.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# Methods whose repetition has the same effect as one call.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds; accepts a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if now is None:
        return None
    return max(0.0, when.timestamp() - now)


@attrs.frozen(kw_only=True)
class RetryDecision:
    """What to do after one attempt."""

    retry: bool
    delay: float = 0.0
    reason: str = ""
    retry_after: float | None = None
    """Set when the server asked for a wait longer than the cap; the caller raises."""


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Retry rules.

    - Connection failures before the request was sent: always retried.
    - 429: retried for any method (Procore refused it before doing anything), after
      ``Retry-After`` if present, else until ``X-Rate-Limit-Reset`` (Procore docs: Rate Limiting;
      Error Code Reference).
    - 503 with ``Retry-After``: heavy-load throttling, retried for any method after that wait.
    - Other 5xx, 408, and read timeouts or broken connections: retried only for GET, HEAD,
      PUT and DELETE, or when the caller marks the call idempotent (Sync upserts keyed on
      ``id``/``origin_id``). A POST or PATCH that may have reached Procore is never resent.
    - A server-requested wait longer than ``max_retry_wait`` is not waited: the caller raises
      with ``retry_after`` set.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_wait: float = 60.0
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)

    def backoff(self, retries_taken: int) -> float:
        """Exponential backoff with up to 25% jitter taken off."""
        delay = min(self.max_delay, self.initial_delay * (2.0**retries_taken))
        return delay * (1.0 - 0.25 * self.jitter())

    def _server_wait(self, wait: float, reason: str, retries_taken: int) -> RetryDecision:
        if wait > self.max_retry_wait:
            return RetryDecision(retry=False, reason=reason, retry_after=wait)
        return RetryDecision(retry=True, delay=max(wait, 0.0), reason=reason)

    def after_response(
        self,
        *,
        method: str,
        response: httpx.Response,
        retries_taken: int,
        now: float,
        idempotent: bool = False,
        max_retries: int | None = None,
    ) -> RetryDecision:
        """Decide for a non-success response."""
        limit = self.max_retries if max_retries is None else max_retries
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("retry-after"), now=now)
        if status == 429:
            reason = "rate limited (429)"
            if retry_after is not None:
                wait = retry_after
            else:
                rate_limit = RateLimit.from_headers(response.headers)
                until_reset = 0.0 if rate_limit is None else rate_limit.seconds_until_reset(now)
                wait = until_reset if until_reset > 0 else self.backoff(retries_taken)
            if retries_taken >= limit:
                return RetryDecision(retry=False, reason=reason, retry_after=wait)
            return self._server_wait(wait, reason, retries_taken)
        if status == 503 and retry_after is not None:
            reason = "service unavailable (503)"
            if retries_taken >= limit:
                return RetryDecision(retry=False, reason=reason, retry_after=retry_after)
            return self._server_wait(retry_after, reason, retries_taken)
        if status >= 500 or status == 408:
            if retries_taken >= limit:
                return RetryDecision(retry=False, reason=f"status {status}")
            if method.upper() in IDEMPOTENT_METHODS or idempotent:
                return RetryDecision(
                    retry=True, delay=self.backoff(retries_taken), reason=f"status {status}"
                )
            return RetryDecision(retry=False, reason=f"status {status}; {method} not retried")
        return RetryDecision(retry=False, reason=f"status {status}")

    def after_exception(
        self,
        *,
        method: str,
        exc: httpx.HTTPError,
        retries_taken: int,
        idempotent: bool = False,
        max_retries: int | None = None,
    ) -> RetryDecision:
        """Decide for a transport failure."""
        limit = self.max_retries if max_retries is None else max_retries
        if retries_taken >= limit:
            return RetryDecision(retry=False, reason=type(exc).__name__)
        if isinstance(exc, _NOT_SENT):
            return RetryDecision(
                retry=True, delay=self.backoff(retries_taken), reason=type(exc).__name__
            )
        if isinstance(exc, httpx.TransportError) and (
            method.upper() in IDEMPOTENT_METHODS or idempotent
        ):
            return RetryDecision(
                retry=True, delay=self.backoff(retries_taken), reason=type(exc).__name__
            )
        return RetryDecision(retry=False, reason=f"{type(exc).__name__}; {method} not retried")
