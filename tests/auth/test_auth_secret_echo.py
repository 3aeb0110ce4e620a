"""A token endpoint that echoes what it was sent: its secrets never reach exception text or logs.

Procore's error bodies are free text; a proxy, a debugging build or a future error format may
quote the submitted form back (``error_description``, ``error`` or the rest of the body). The
SDK knows which values it sent, and removes them from everything an exception shows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from _support import FakeClock
from auth._auth_fakes import CLIENT_ID, LOGIN, NOW, Drive

from procore_sdk._errors import OAuthError, ReauthorizationRequiredError
from procore_sdk._oauth import TokenSet
from procore_sdk.auth import (
    AuthorizationCodeFlow,
    ClientCredentialsAuth,
    MemoryTokenStore,
    RefreshTokenAuth,
    async_fetch_token_info,
    async_revoke_token,
    fetch_token_info,
    revoke_token,
)

SECRET = "PLANTED-SECRET-q7Rk2"
REFRESH = "PLANTED-REFRESH-9xWv"
CODE = "PLANTED-CODE-Lm3Tz"
ACCESS = "PLANTED-ACCESS-Hn8Pq"
PLANTED = (SECRET, REFRESH, CODE, ACCESS)


def echoing(status: int, error: str) -> Callable[[httpx.Request], httpx.Response]:
    """An OAuth host that quotes the submitted form (and bearer token) back in its error."""

    def handler(request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        sent = " ".join(v for k, v in sorted(form.items()) if k != "grant_type")
        return httpx.Response(
            status,
            json={
                "error": f"{error} {form.get('client_secret', bearer)}",
                "error_description": f"Rejected {sent} (bearer was {bearer}), secret was "
                f"{form.get('client_secret')} and client_secret={form.get('client_secret')}",
                "request": {**form, "authorization": bearer},
            },
        )

    return handler


@pytest.fixture(params=["sync", "async"])
def drive(request: pytest.FixtureRequest) -> Iterator[Drive]:
    d = Drive(request.param)
    yield d
    d.close()


def shown(exc: BaseException) -> str:
    """Everything a user may print of an exception and the exceptions it was raised from."""
    texts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None:
        texts += [str(seen), repr(seen), repr(seen.args)]
        texts += [repr(value) for value in vars(seen).values()]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(texts)


def assert_no_secret(exc: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    text = shown(exc) + "\n" + caplog.text
    for planted in PLANTED:
        assert planted not in text
        assert planted[8:] not in text  # not even partly


def refresh_store() -> MemoryTokenStore:
    store = MemoryTokenStore()
    store.save("user-1", TokenSet(access_token=ACCESS, refresh_token=REFRESH, expires_at=NOW - 1))
    return store


@pytest.mark.parametrize(("status", "error"), [(400, "invalid_grant"), (401, "invalid_client")])
def test_refresh_errors_do_not_repeat_the_secrets(
    drive: Drive, caplog: pytest.LogCaptureFixture, status: int, error: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="procore_sdk")
    manager = drive.mod.build_token_manager(
        client_id=None,
        client_secret=None,
        access_token=None,
        auth=RefreshTokenAuth(client_id=CLIENT_ID, client_secret=SECRET, key="user-1"),
        token_store=refresh_store(),
        login_url=LOGIN,
        http=drive.http(echoing(status, error)),
        clock=FakeClock(NOW),
    )
    expected = ReauthorizationRequiredError if status == 400 else OAuthError
    with pytest.raises(expected) as info:
        drive.run(manager.get_token())
    # Procore's own words stay, with the echoed values taken out.
    assert info.value.error is not None
    assert info.value.error.startswith(error)
    assert "Rejected" in (info.value.error_description or "")
    assert_no_secret(info.value, caplog)


def test_client_credentials_errors_do_not_repeat_the_secret(
    drive: Drive, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="procore_sdk")
    manager = drive.mod.build_token_manager(
        client_id=None,
        client_secret=None,
        access_token=None,
        auth=ClientCredentialsAuth(client_id=CLIENT_ID, client_secret=SECRET),
        token_store=None,
        login_url=LOGIN,
        http=drive.http(echoing(401, "invalid_client")),
        clock=FakeClock(NOW),
    )
    with pytest.raises(OAuthError) as info:
        drive.run(manager.get_token())
    assert info.value.status_code == 401
    assert_no_secret(info.value, caplog)


def call(flavour: str, handler: Callable[[httpx.Request], httpx.Response], what: str) -> Any:
    """Exchange a code, revoke a token or read token info, of one flavour, against ``handler``."""

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    sync_http = httpx.Client(transport=httpx.MockTransport(handler))
    async_http = httpx.AsyncClient(transport=httpx.MockTransport(async_handler))
    flow = AuthorizationCodeFlow(
        CLIENT_ID,
        SECRET,
        "https://app.example.test/cb",
        login_url=LOGIN,
        http_client=sync_http,
        async_http_client=async_http,
        clock=FakeClock(NOW),
    )
    common: dict[str, Any] = {"client_id": CLIENT_ID, "client_secret": SECRET, "login_url": LOGIN}
    if flavour == "sync":
        if what == "exchange":
            return flow.exchange_code(CODE, key="k")
        if what == "revoke":
            return revoke_token(REFRESH, http_client=sync_http, **common)
        return fetch_token_info(ACCESS, login_url=LOGIN, http_client=sync_http)
    if what == "exchange":
        return asyncio.run(flow.async_exchange_code(CODE, key="k"))
    if what == "revoke":
        return asyncio.run(async_revoke_token(REFRESH, http_client=async_http, **common))
    return asyncio.run(async_fetch_token_info(ACCESS, login_url=LOGIN, http_client=async_http))


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("what", ["exchange", "revoke", "info"])
def test_one_shot_calls_do_not_repeat_the_secrets(
    flavour: str, what: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="procore_sdk")
    with pytest.raises(OAuthError) as info:
        call(flavour, echoing(400 if what != "info" else 401, "invalid_request"), what)
    assert info.value.status_code in (400, 401)
    assert_no_secret(info.value, caplog)
