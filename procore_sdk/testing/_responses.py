"""Responses of the fake Procore: ``FakeResponse`` and the helpers that build them.

A leaf module (it imports nothing from the fake), so that every part of the fake can build
responses without importing ``_app``, which imports them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = [
    "JSON",
    "NOT_CONNECTED",
    "FakeResponse",
    "empty_response",
    "json_response",
    "to_v2",
    "v1_error",
    "v2_error",
]

JSON = Any

# An app not installed in (or disconnected from) the company (Procore docs: Error Code Reference).
NOT_CONNECTED = "App is not connected to this company"


@attrs.frozen
class FakeResponse:
    """What the handler answers: status, headers, body bytes and a delay to apply first."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    delay: float = 0.0

    def json(self) -> JSON:
        """The body decoded as JSON."""
        return json.loads(self.body)

    def __iter__(self) -> Iterator[Any]:
        """Unpack as ``status, headers, body = fake.handle(...)``."""
        return iter((self.status, self.headers, self.body))


def json_response(status: int, body: JSON, headers: dict[str, str] | None = None) -> FakeResponse:
    hdrs = [("Content-Type", "application/json; charset=utf-8")]
    hdrs += list((headers or {}).items())
    return FakeResponse(status, hdrs, json.dumps(body).encode())


def empty_response(status: int, headers: dict[str, str] | None = None) -> FakeResponse:
    return FakeResponse(status, list((headers or {}).items()), b"")


def v1_error(status: int, message: str | dict[str, list[str]]) -> FakeResponse:
    """A v1 error body (``{"errors": ...}`` for fields, ``{"message": ...}`` else;
    Procore docs: Error Code Reference)."""
    if isinstance(message, dict):
        return json_response(status, {"errors": message})
    return json_response(status, {"message": message, "errors": message})


_V2_CODES = {
    400: "BAD_REQUEST",
    401: "INVALID_TOKEN",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    422: "VALIDATION_ERROR",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
}


def v2_error(
    status: int, message: str, details: list[dict[str, Any]] | None = None
) -> FakeResponse:
    """A v2 error body (``{"error": {"code", "message", "details"}}``; Procore docs: New
    Rest V2 API Version)."""
    code = _V2_CODES.get(status, "ERROR")
    return json_response(
        status, {"error": {"code": code, "message": message, "details": details or []}}
    )


def to_v2(record: dict[str, Any]) -> dict[str, Any]:
    """v2 shape of a record: ids as strings (Procore docs: New Rest V2 API Version)."""
    out = dict(record)
    for key, value in record.items():
        if (
            (key == "id" or key.endswith("_id"))
            and isinstance(value, int)
            and not isinstance(value, bool)
        ):
            out[key] = str(value)
    return out
