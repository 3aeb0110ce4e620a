"""Secrets that a server echoes: an API error body that repeats the bearer token, the client
secret or the refresh token never puts them in the exception (issue 11, item 12)."""

from __future__ import annotations

import httpx
import pytest
from _support import FakeClock, Runner

from procore_sdk import APIStatusError, UnprocessableEntityError
from procore_sdk.auth import RefreshTokenAuth

ACCESS = "opaque-access-7Hq2ZpL0"  # not a JWT: the pattern redaction alone cannot see it
CLIENT_SECRET = "client-secret-x9Vd4Kq"
REFRESH = "refresh-token-Qm3Ws8Fz"


def exception_texts(error: APIStatusError) -> list[str]:
    return [
        str(error),
        repr(error),
        error.message,
        error.procore_message or "",
        repr(error.args),
        repr(error.body),
        repr(error.details),
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"errors": {"base": [f"Token {ACCESS} was rejected"]}},
        {"message": f"cannot use {CLIENT_SECRET} here", "errors": [f"{ACCESS}"]},
        {"error": {"code": "BAD", "message": f"echo {ACCESS}", "details": [{"message": ACCESS}]}},
        {"error": f"refresh {REFRESH} and secret {CLIENT_SECRET}"},
    ],
)
def test_an_echoed_token_or_secret_never_reaches_the_exception(
    runner: Runner, clock: FakeClock, body: dict[str, object]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200,
                json={
                    "access_token": ACCESS,
                    "refresh_token": REFRESH,
                    "expires_in": 5400,
                    "created_at": int(clock.now),
                },
            )
        return httpx.Response(422, json=body)

    client = runner.client(
        handler,
        clock=clock,
        access_token=None,
        client_id="cid",
        client_secret=CLIENT_SECRET,
        base_url="https://api.procore.com",
    )
    with pytest.raises(UnprocessableEntityError) as info:
        client.patch("/rest/v1.0/vendors/1", json={"vendor": {}})
    for text in exception_texts(info.value):
        for secret in (ACCESS, CLIENT_SECRET, REFRESH):
            assert secret not in text
    assert "<redacted>" in str(info.value)


def test_an_echoed_static_token_never_reaches_the_exception(runner: Runner) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, text=f"Forbidden for token {ACCESS}")

    client = runner.client(handler, access_token=ACCESS)
    with pytest.raises(APIStatusError) as info:
        client.get("/rest/v1.0/me")
    for text in exception_texts(info.value):
        assert ACCESS not in text


def test_an_echoed_refresh_token_of_a_refresh_grant_is_scrubbed(
    runner: Runner, clock: FakeClock
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200,
                json={
                    "access_token": ACCESS,
                    "refresh_token": REFRESH,
                    "expires_in": 5400,
                    "created_at": int(clock.now),
                },
            )
        return httpx.Response(
            400, json={"message": f"bad request from {REFRESH}", "errors": [CLIENT_SECRET]}
        )

    grant = RefreshTokenAuth(client_id="cid", client_secret=CLIENT_SECRET, refresh_token=REFRESH)
    client = runner.client(
        handler, clock=clock, access_token=None, auth=grant, base_url="https://api.procore.com"
    )
    with pytest.raises(APIStatusError) as info:
        client.get("/rest/v1.0/me")
    for text in exception_texts(info.value):
        assert REFRESH not in text
        assert CLIENT_SECRET not in text
