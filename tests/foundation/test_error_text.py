"""Error text says what failed, where and why, once: no repeated Procore message, and
connection errors name the host and the cause."""

from __future__ import annotations

import httpx
import pytest
from _support import Runner

from procore_sdk import APIConnectionError
from procore_sdk._errors import make_status_error


def _error(status: int, body: object) -> str:
    request = httpx.Request("GET", "https://api.procore.com/rest/v1.0/projects/1?secret=x")
    response = httpx.Response(status, request=request, json=body)
    return str(make_status_error(response))


def test_a_message_that_is_the_reason_phrase_is_not_repeated() -> None:
    # Procore's v1 404: {"message": "Not Found", "errors": "Not Found"}.
    text = _error(404, {"message": "Not Found", "errors": "Not Found"})
    assert text == "GET /rest/v1.0/projects/1 -> 404 Not Found"


def test_each_part_of_procores_message_appears_once() -> None:
    text = _error(422, {"message": "Invalid", "errors": "Invalid"})
    assert text == "GET /rest/v1.0/projects/1 -> 422 Unprocessable Entity: Invalid"
    both = _error(400, {"error": "invalid_request", "error_description": "bad date"})
    assert both.endswith(": invalid_request: bad date")
    v2 = _error(
        400,
        {"error": {"code": "BAD_REQUEST", "message": "Bad", "details": [{"message": "Bad"}]}},
    )
    assert v2 == "GET /rest/v1.0/projects/1 -> 400 Bad Request: Bad"


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _client(runner: Runner, **kwargs: object) -> object:
    from _support import SyncView

    from procore_sdk import AsyncProcore, Procore

    kwargs.setdefault("max_retries", 0)
    if runner.is_async:
        return SyncView(AsyncProcore(**kwargs), runner)  # type: ignore[arg-type]
    return Procore(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("credentials", ["access_token", "client_credentials"])
def test_a_connection_error_names_the_url_and_the_cause(runner: Runner, credentials: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    auth = (
        {"access_token": "t0ken-value"}
        if credentials == "access_token"
        else {"client_id": "id", "client_secret": "s3cret-value"}
    )
    client: object = _client(runner, base_url=url, **auth)
    with pytest.raises(APIConnectionError) as info:
        client.get("/rest/v1.0/me", params={"q": "query-value"})  # type: ignore[attr-defined]
    text = str(info.value)
    target = "/oauth/token" if credentials == "client_credentials" else "/rest/v1.0/me"
    assert f"{url}{target}" in text  # where
    assert "ConnectError" in text  # what
    assert "refused" in text.lower() or "connect" in text.lower()  # why
    assert text.count("ConnectError") == 1
    for secret in ("t0ken-value", "s3cret-value", "query-value"):
        assert secret not in text
