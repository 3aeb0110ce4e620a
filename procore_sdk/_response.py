"""Raw response access: one mechanism for every call, sync or async."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import httpx

from ._errors import ResponseValidationError
from ._logging import redact
from ._ratelimit import RateLimit

__all__ = [
    "APIResponse",
    "ResponseCapture",
    "capture_responses",
    "decode_json",
    "record_response",
]

_SNIPPET = 60


def decode_json(response: httpx.Response) -> Any:
    """The JSON body of a successful response: the one decoder every call uses.

    An empty body (or a 204) is ``None``. Anything else must be JSON: an HTML page from a proxy,
    a body cut short, or text where JSON was expected raises ``ResponseValidationError``
    naming the call, never a bare ``json.JSONDecodeError``.

    Raises:
        ResponseValidationError: the body is not JSON.
    """
    content = response.content
    if not content or response.status_code == 204:
        return None
    try:
        return response.json()
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        request = response.request
        kind = response.headers.get("content-type") or "no content type"
        # A short, redacted opening of the body helps tell an HTML page from a truncated JSON.
        start = redact(content[:_SNIPPET].decode("utf-8", errors="replace"))
        token = request.headers.get("authorization", "").partition(" ")[2]
        if token:
            start = start.replace(token, "<redacted>")
        message = (
            f"{request.method} {request.url.path} -> {response.status_code}: expected a JSON "
            f"body, got {len(content)} bytes of {kind} that do not parse ({exc.__class__.__name__}"
            f"); it starts {start!r}"
        )
        raise ResponseValidationError(
            message, errors=[f"not JSON @ $: {exc}"], request=request
        ) from None


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
    """Collects ``APIResponse`` objects for the calls made inside its block."""

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
