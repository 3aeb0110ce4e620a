"""Cancelling a task while it refreshes a token does not lose the rotated pair (async only).

Procore's refresh tokens are single-use: the refresh request burns the old one the moment it
arrives. If the caller's cancellation also cancelled the refresh, its answer (the only live
pair) would be dropped and the user would have to authorize again. The refresh and its save
are shielded instead: they complete, and waiting tasks and later calls use the new pair.

Run with real asyncio cancellation against the fake Procore's single-use rotating refresh
tokens; the fake holds the token response (its async sleeper) until the test releases it.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import httpx
import pytest

from procore_sdk import AsyncProcore
from procore_sdk.auth import MemoryTokenStore, RefreshTokenAuth, TokenSet
from procore_sdk.testing import FakeProcore

ME = "/rest/v1.0/me"


class Hold:
    """The fake's async sleeper: a delayed response waits here until the test releases it."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.entered.set()
        await asyncio.wait_for(self.release.wait(), timeout=10)  # bounded: never hangs


async def settle() -> None:
    """Let every ready task run until it blocks (no time passes)."""
    for _ in range(20):
        await asyncio.sleep(0)


def world(hold: Hold) -> tuple[FakeProcore, MemoryTokenStore, TokenSet, Any]:
    fake = FakeProcore(seed=5, async_sleeper=hold)
    issued = fake.issue_token(refresh=True)
    assert issued.refresh_token is not None
    old = TokenSet(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_at=fake.now() - 1,  # expired: the first call refreshes
    )
    store = MemoryTokenStore()
    store.save("user-1", old)
    # The refresh response (and only it) is held until the test says so.
    fake.add_latency(1.0, method="POST", path="/oauth/token", times=1)

    def client() -> AsyncProcore:
        return AsyncProcore(
            auth=RefreshTokenAuth(
                client_id=fake.client_id, client_secret=fake.client_secret, key="user-1"
            ),
            token_store=store,
            company_id=fake.company_id,
            base_url=fake.base_url,
            login_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.async_transport()),
            clock=fake.now,
        )

    return fake, store, old, client


async def refresh_with(fake: FakeProcore, refresh_token: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=fake.async_transport()) as http:
        return await http.post(
            f"{fake.base_url}/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": fake.client_id,
                "client_secret": fake.client_secret,
                "refresh_token": refresh_token,
            },
        )


async def cancel_mid_refresh(how: str) -> None:
    hold = Hold()
    fake, store, old, make_client = world(hold)
    client = make_client()

    async def first_call() -> Any:
        if how == "timeout":
            async with asyncio.timeout(None) as deadline:  # type: ignore[attr-defined]
                timeouts.append(deadline)
                return await client.get(ME)
        return await client.get(ME)

    timeouts: list[Any] = []
    first = asyncio.create_task(first_call())
    await hold.entered.wait()  # the refresh reached Procore, which rotated the pair
    assert fake.token_requests["refresh_token"] == 1
    if how == "timeout":
        timeouts[0].reschedule(asyncio.get_running_loop().time())  # the deadline passes now
        with pytest.raises(TimeoutError):
            await first
    else:
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first

    # Another task needs a token meanwhile: it waits for the refresh in flight.
    waiting = asyncio.create_task(client.get(ME))
    await settle()
    assert not waiting.done()
    assert fake.token_requests["refresh_token"] == 1
    hold.release.set()  # Procore's answer arrives

    assert (await waiting)["id"] == fake.user_id
    saved = store.load("user-1")
    assert saved is not None
    assert saved.refresh_token not in (None, old.refresh_token)
    assert saved.access_token != old.access_token
    # The old refresh token is burnt at Procore; the saved one is the live one.
    burnt = await refresh_with(fake, old.refresh_token or "")
    assert burnt.status_code == 400
    assert burnt.json()["error"] == "invalid_grant"

    # Later calls, from this client and from a new one on the store, need no authorization.
    assert (await client.get(ME))["id"] == fake.user_id
    assert (await make_client().get(ME))["id"] == fake.user_id
    assert fake.token_requests["refresh_token"] == 2  # ours, and the check of the burnt one
    assert fake.tokens_issued["refresh_token"] == 1


def test_cancelled_task_does_not_lose_the_rotated_pair() -> None:
    asyncio.run(cancel_mid_refresh("cancel"))


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.timeout is Python 3.11+")
def test_timeout_mid_refresh_does_not_lose_the_rotated_pair() -> None:
    asyncio.run(cancel_mid_refresh("timeout"))


def test_cancelled_wait_for_does_not_lose_the_rotated_pair() -> None:
    """``asyncio.wait_for`` cancels the call it wraps when its outer task is cancelled."""

    async def main() -> None:
        hold = Hold()
        fake, store, old, make_client = world(hold)
        client = make_client()
        outer = asyncio.create_task(asyncio.wait_for(client.get(ME), timeout=60))
        await hold.entered.wait()
        outer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await outer
        hold.release.set()
        assert (await client.get(ME))["id"] == fake.user_id
        saved = store.load("user-1")
        assert saved is not None
        assert saved.refresh_token != old.refresh_token
        assert fake.token_requests["refresh_token"] == 1

    asyncio.run(main())
