"""OAuth through the clients (Procore and AsyncProcore), with a MockTransport Procore."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from _support import FakeClock, Runner
from auth._auth_fakes import (
    API,
    CLIENT_ID,
    CLIENT_SECRET,
    LOGIN,
    NOW,
    FakeProcoreApi,
    TaskGate,
    TokenServer,
    make,
)

from procore_sdk import AsyncProcore, ReauthorizationRequiredError
from procore_sdk.auth import ClientCredentialsAuth, FileTokenStore, RefreshTokenAuth, TokenSet


def test_client_credentials_through_the_client(runner: Runner) -> None:
    server = TokenServer(expires_in=600)
    api = FakeProcoreApi(server)
    clock = FakeClock(NOW)
    client = make(runner, api, clock, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    assert client.get("/rest/v1.0/me")["id"] == 42
    client.for_company(7).get("/rest/v1.0/me")  # copies share the token manager
    assert server.grants("client_credentials") == 1
    clock.now += 600
    client.get("/rest/v1.0/me")
    assert server.grants("client_credentials") == 2
    assert api.api_calls == ["AT-1", "AT-1", "AT-2"]


def test_refresh_auth_with_file_store(runner: Runner, tmp_path: Path) -> None:
    server = TokenServer()
    api = FakeProcoreApi(server)
    access, refresh = server.issue_pair()
    store = FileTokenStore(tmp_path / "tokens.json")
    store.save("user-1", TokenSet(access_token=access, refresh_token=refresh, expires_at=NOW - 1))
    client = make(
        runner,
        api,
        FakeClock(NOW),
        auth=RefreshTokenAuth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, key="user-1"),
        token_store=store,
    )
    client.get("/rest/v1.0/me")
    assert server.grants("refresh_token") == 1
    saved = FileTokenStore(tmp_path / "tokens.json").load("user-1")
    assert saved is not None
    assert saved.refresh_token != refresh
    assert api.api_calls == [saved.access_token]


def test_401_mid_flight_refreshes_once_and_replays_once(runner: Runner) -> None:
    server = TokenServer()
    api = FakeProcoreApi(server)
    access, refresh = server.issue_pair()
    client = make(
        runner,
        api,
        FakeClock(NOW),
        auth=RefreshTokenAuth(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            refresh_token=refresh,
            access_token=access,
            expires_at=NOW + 3000,
        ),
    )
    client.get("/rest/v1.0/me")
    server.valid_access.discard(access)  # Procore invalidated it early
    assert client.get("/rest/v1.0/me")["id"] == 42
    assert server.grants("refresh_token") == 1
    assert api.api_calls[:2] == [access, access]
    assert len(api.api_calls) == 3
    assert api.api_calls[2] != access


def test_dead_refresh_token_surfaces_as_reauthorization(runner: Runner) -> None:
    server = TokenServer()
    api = FakeProcoreApi(server)
    client = make(
        runner,
        api,
        FakeClock(NOW),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        auth=RefreshTokenAuth(refresh_token="RT-dead", key="user-5"),
    )
    with pytest.raises(ReauthorizationRequiredError, match="user-5"):
        client.get("/rest/v1.0/me")
    assert api.api_calls == []
    assert server.grants("refresh_token") == 1


def test_async_client_many_tasks_one_token_request() -> None:
    server = TokenServer()
    api = FakeProcoreApi(server)
    gate = TaskGate(50)

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            await gate.wait()  # hold the token request until every task waits
        return api(request)

    async def main() -> None:
        client = AsyncProcore(
            auth=ClientCredentialsAuth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
            base_url=API,
            login_url=LOGIN,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            clock=FakeClock(NOW),
        )

        async def one() -> Any:
            gate.arrive()
            return await client.get("/rest/v1.0/me")

        results = await asyncio.gather(*(one() for _ in range(50)))
        assert all(r["id"] == 42 for r in results)

    asyncio.run(main())
    assert server.token_requests == 1
