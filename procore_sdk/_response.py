"""Raw response access: one mechanism for every call, sync or async."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import httpx

from ._ratelimit import RateLimit

__all__ = ["APIResponse", "ResponseCapture", "capture_responses", "record_response"]


@attrs.frozen(kw_only=True)
class APIResponse:
    """What came back for one API call, after retries.

    Attributes:
        method: the HTTP method.
        path: the URL path (no query string).
        status_code: the final HTTP status.
        headers: the response headers.
        rate_limit: the parsed ``X-Rate-Limit-*`` headers, if present.
        retries_taken: how many times the call was retried before this response.
        elapsed: seconds the final attempt took.
        http_response: the underlying ``httpx.Response``.
    """

    method: str
    path: str
    status_code: int
    headers: httpx.Headers = attrs.field(repr=False)
    rate_limit: RateLimit | None
    retries_taken: int
    elapsed: float
    http_response: httpx.Response = attrs.field(repr=False)


@attrs.define
class ResponseCapture:
    """Collects :class:`APIResponse` objects for the calls made inside its block."""

    responses: list[APIResponse] = attrs.field(factory=list)

    @property
    def last(self) -> APIResponse:
        """The most recent response. Raises ``LookupError`` when no call was made."""
        if not self.responses:
            raise LookupError("no Procore call has completed inside this capture_responses()")
        return self.responses[-1]


_CAPTURES: contextvars.ContextVar[tuple[ResponseCapture, ...]] = contextvars.ContextVar(
    "procore_sdk_captures", default=()
)


@contextmanager
def capture_responses() -> Iterator[ResponseCapture]:
    """Record the raw responses of every call made in this block (threads and tasks it starts
    included), without changing what the calls return::

        with capture_responses() as captured:
            project = client.projects.retrieve(42)
        captured.last.status_code, captured.last.rate_limit, captured.last.retries_taken
    """
    capture = ResponseCapture()
    token = _CAPTURES.set((*_CAPTURES.get(), capture))
    try:
        yield capture
    finally:
        _CAPTURES.reset(token)


def record_response(response: APIResponse) -> None:
    """Hand a finished call's response to every active capture (cheap when there is none)."""
    for capture in _CAPTURES.get():
        capture.responses.append(response)
