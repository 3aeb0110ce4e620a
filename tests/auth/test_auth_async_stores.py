"""AsyncProcore never blocks its event loop on a token store, a store's lock or a pacer.

Plain (blocking) stores and pacers run in worker threads; async ones are awaited. Each slow
store below blocks until a task on the loop has run: were it called on the loop, that task
could never run, and the store would time out instead.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from procore_sdk import AsyncProcore, Procore
from procore_sdk._errors import ArgumentTypeError, ConfigurationError
from procore_sdk.auth import (
    CallbackTokenStore,
    FileTokenStore,
    MemoryTokenStore,
    RefreshTokenAuth,
    TokenSet,
)
from procore_sdk.testing import FakeProcore

KEY = "user-1"
ME = "/rest/v1.0/me"
WAIT = 5.0  # upper bound of every wait; a loop that is not blocked answers at once


def _expired_pair(fake: FakeProcore) -> TokenSet:
    issued = fake.oauth.issue("authorization_code", fake.dmsa_user_id, with_refresh=True)
    return TokenSet(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_at=fake.now() - 1,  # expired: the first call refreshes
    )


def _client(fake: FakeProcore, store: Any, **kwargs: Any) -> AsyncProcore:
    return AsyncProcore(
        auth=RefreshTokenAuth(client_id=fake.client_id, client_secret=fake.client_secret, key=KEY),
        token_store=store,
        company_id=fake.company_id,
        base_url=fake.base_url,
        login_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
        clock=fake.now,
        **kwargs,
    )


class LoopProbe:
    """A task that marks ``ran`` as soon as the loop runs it."""

    def __init__(self) -> None:
        self.ran = threading.Event()

    def start(self) -> asyncio.Task[None]:
        async def mark() -> None:
            self.ran.set()

        return asyncio.ensure_future(mark())

    def wait_from_store(self) -> None:
        """Called inside a store or pacer: blocks until the loop has run the probe."""
        if not self.ran.wait(WAIT):
            raise AssertionError("the event loop was blocked while the store worked")


async def _call_with_probe(client: AsyncProcore, probe: LoopProbe) -> None:
    async with client:
        call = asyncio.ensure_future(client.get(ME))
        await asyncio.sleep(0)  # the call starts and reaches the store
        probe.start()
        await call


def test_a_slow_plain_store_runs_off_the_loop() -> None:
    fake = FakeProcore(seed=11)
    probe = LoopProbe()
    memory = MemoryTokenStore()
    memory.save(KEY, _expired_pair(fake))

    def slow_load(key: str) -> TokenSet | None:
        probe.wait_from_store()
        return memory.load(key)

    store = CallbackTokenStore(load=slow_load, save=memory.save)
    asyncio.run(_call_with_probe(_client(fake, store), probe))
    assert fake.oauth.issued["refresh_token"] == 1
    assert probe.ran.is_set()


def test_a_file_lock_held_elsewhere_is_awaited_off_the_loop(tmp_path: Any) -> None:
    fake = FakeProcore(seed=12)
    store = FileTokenStore(tmp_path / "tokens.json")
    store.save(KEY, _expired_pair(fake))
    probe = LoopProbe()
    released = threading.Event()

    def hold_lock() -> None:
        # Another holder (a thread here; a process in production) keeps the file locked
        # until the loop has shown it is free.
        with store.lock(KEY):
            holding.set()
            probe.wait_from_store()
        released.set()

    holding = threading.Event()
    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert holding.wait(WAIT)
    asyncio.run(_call_with_probe(_client(fake, store), probe))
    holder.join(WAIT)
    assert released.is_set()
    assert fake.oauth.issued["refresh_token"] == 1
    saved = store.load(KEY)
    assert saved is not None
    assert fake.oauth.check(saved.access_token) is not None


def test_a_slow_plain_pacer_runs_off_the_loop() -> None:
    fake = FakeProcore(seed=13)
    probe = LoopProbe()
    reserved: list[str] = []

    class SlowPacer:
        def reserve(self, key: str, now: float) -> float:
            probe.wait_from_store()
            reserved.append(key)
            return 0.0

        def update(self, key: str, rate_limit: Any) -> None:
            pass

    memory = MemoryTokenStore()
    memory.save(KEY, _expired_pair(fake))
    asyncio.run(_call_with_probe(_client(fake, memory, rate_limit_pacing=SlowPacer()), probe))
    assert reserved == [str(fake.company_id)]


class AsyncMemoryStore:
    """An async store: coroutine methods, and an async lock."""

    def __init__(self) -> None:
        self.tokens: dict[str, TokenSet] = {}
        self.locks = 0

    async def load(self, key: str) -> TokenSet | None:
        await asyncio.sleep(0)
        return self.tokens.get(key)

    async def save(self, key: str, tokens: TokenSet) -> None:
        await asyncio.sleep(0)
        self.tokens[key] = tokens

    def lock(self, key: str) -> Any:
        store = self

        class Lock:
            async def __aenter__(self) -> None:
                store.locks += 1

            async def __aexit__(self, *exc: object) -> None:
                pass

        return Lock()


def test_an_async_store_and_its_lock_are_awaited() -> None:
    fake = FakeProcore(seed=14)
    store = AsyncMemoryStore()
    store.tokens[KEY] = _expired_pair(fake)

    async def main() -> None:
        async with _client(fake, store) as client:
            await client.get(ME)

    asyncio.run(main())
    assert store.locks == 1
    assert fake.oauth.check(store.tokens[KEY].access_token) is not None


def test_the_sync_client_refuses_an_async_store() -> None:
    with pytest.raises(ArgumentTypeError, match="works only with AsyncProcore"):
        Procore(access_token="t", token_store=AsyncMemoryStore())
    with pytest.raises(ArgumentTypeError, match="works only with AsyncProcore"):
        Procore(
            client_id="id",
            client_secret="secret",
            auth=RefreshTokenAuth(refresh_token="r", token_store=AsyncMemoryStore()),
        )


def test_the_sync_client_refuses_an_async_pacer() -> None:
    class AsyncPacer:
        async def reserve(self, key: str, now: float) -> float:
            return 0.0

        async def update(self, key: str, rate_limit: Any) -> None:
            return None

    client = Procore(
        access_token="t",
        company_id=1,
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))),
        rate_limit_pacing=AsyncPacer(),
    )
    with pytest.raises(ConfigurationError, match="only AsyncProcore"):
        client.get(ME)
