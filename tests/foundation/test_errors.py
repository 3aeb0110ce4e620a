"""One mapping from responses to the error hierarchy (issue 2, item 6; PROCORE_API.md §10.1, §6)."""

from __future__ import annotations

import httpx
import pytest

import procore_sdk as sdk
from procore_sdk._errors import make_status_error, parse_error_body


def _response(status: int, *, json=None, text=None, headers=None, method="GET"):  # type: ignore[no-untyped-def]
    request = httpx.Request(method, "https://api.procore.com/rest/v1.0/projects/7?token=SECRET")
    if json is not None:
        return httpx.Response(status, json=json, headers=headers, request=request)
    return httpx.Response(status, text=text or "", headers=headers, request=request)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, sdk.BadRequestError),
        (401, sdk.AuthenticationError),
        (403, sdk.PermissionDeniedError),
        (404, sdk.NotFoundError),
        (409, sdk.ConflictError),
        (422, sdk.UnprocessableEntityError),
        (429, sdk.RateLimitError),
        (500, sdk.InternalServerError),
        (502, sdk.InternalServerError),
        (503, sdk.ServiceUnavailableError),
        (418, sdk.APIStatusError),
    ],
)
def test_status_classes(status: int, cls: type) -> None:
    error = make_status_error(_response(status, json={"message": "nope"}))
    assert type(error) is cls
    assert isinstance(error, sdk.APIStatusError)
    assert isinstance(error, sdk.ProcoreError)
    assert error.status_code == status


def test_v1_message_and_errors() -> None:
    # §10.1: v1 4xx bodies "often contain a message or errors field"
    error = make_status_error(
        _response(422, json={"errors": {"name": ["can't be blank"], "base": ["Locked by ERP"]}})
    )
    assert error.procore_message == "name: can't be blank; Locked by ERP"
    assert error.details == {"name": ["can't be blank"], "base": ["Locked by ERP"]}
    assert str(error) == (
        "GET /rest/v1.0/projects/7 -> 422 Unprocessable Entity: name: can't be blank; Locked by ERP"
    )
    assert "SECRET" not in str(error)  # never the query string

    error = make_status_error(
        _response(403, json={"message": "App is not connected to this company"})
    )
    assert error.procore_message == "App is not connected to this company"


def test_v1_error_string_and_generic_model() -> None:
    # §10.1: a 429 model {"error": "<msg>"}; generic {code, message, fields, reason, error}
    error = make_status_error(_response(429, json={"error": "Too many"}))
    assert error.procore_message == "Too many"
    error = make_status_error(
        _response(401, json={"code": 401, "message": "The access token is invalid"})
    )
    assert error.procore_message == "The access token is invalid"
    assert error.code == "401"


def test_v2_envelope() -> None:
    # §10.1 v2 standard error
    body = {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Bad Request",
            "details": [
                {
                    "reason_code": "INVALID_PROPERTY",
                    "message": "uploads.0.file_name must be a string",
                }
            ],
        }
    }
    error = make_status_error(_response(400, json=body))
    assert error.code == "BAD_REQUEST"
    assert error.procore_message == "Bad Request: uploads.0.file_name must be a string"
    assert error.details[0]["reason_code"] == "INVALID_PROPERTY"


def test_html_error_page() -> None:
    html = "<html><head><title>502 Bad Gateway</title></head><body><h1>oops</h1></body></html>"
    error = make_status_error(_response(502, text=html, headers={"content-type": "text/html"}))
    assert error.procore_message == "502 Bad Gateway"
    assert isinstance(error, sdk.InternalServerError)


def test_plain_text_429() -> None:
    # §6: the historic plain-text 429 body
    text = (
        "You have surpassed the max number of requests for an hour. "
        "Please wait until your limit resets."
    )
    error = make_status_error(
        _response(
            429,
            text=text,
            headers={
                "Retry-After": "12",
                "X-Rate-Limit-Limit": "3600",
                "X-Rate-Limit-Remaining": "0",
                "X-Rate-Limit-Reset": "1466182244",
            },
        )
    )
    assert isinstance(error, sdk.RateLimitError)
    assert error.procore_message == text
    assert error.retry_after == 12.0
    assert error.rate_limit == sdk.RateLimit(limit=3600, remaining=0, reset=1466182244.0)


def test_empty_and_non_object_bodies() -> None:
    assert parse_error_body(b"", None) == (None, None, None, None)
    assert parse_error_body(b'["a", "b"]', "application/json")[1] == "a; b"
    error = make_status_error(_response(500, text=""))
    assert str(error) == "GET /rest/v1.0/projects/7 -> 500 Internal Server Error"


def test_request_id_is_kept() -> None:
    error = make_status_error(_response(404, json={}, headers={"X-Request-Id": "req-1"}))
    assert error.request_id == "req-1"
