"""Test support: a fake clock, and a runner that drives the sync or the async client."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx

from procore_sdk import AsyncProcore, Procore


class FakeClock:
    """A settable wall clock; ``sleep`` advances it instead of waiting."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Runner:
    """Builds a client of one flavour and makes its calls look synchronous to the test."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.loop = asyncio.new_event_loop() if flavour == "async" else None

    @property
    def is_async(self) -> bool:
        return self.flavour == "async"

    def client(
        self,
        handler: Callable[[httpx.Request], httpx.Response],
        *,
        clock: FakeClock | None = None,
        **kwargs: Any,
    ) -> Any:
        clock = clock or FakeClock()
        kwargs.setdefault("access_token", "test-token")
        kwargs.setdefault("clock", clock)
        if self.is_async:

            async def async_handler(request: httpx.Request) -> httpx.Response:
                return handler(request)

            http = httpx.AsyncClient(transport=httpx.MockTransport(async_handler))
            kwargs.setdefault("sleep", clock.async_sleep)
            return Facade(AsyncProcore(http_client=http, **kwargs), self)
        http_sync = httpx.Client(transport=httpx.MockTransport(handler))
        kwargs.setdefault("sleep", clock.sleep)
        return Procore(http_client=http_sync, **kwargs)

    def run(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self.loop is not None
            return self.loop.run_until_complete(value)
        return value

    def close(self) -> None:
        if self.loop is not None:
            self.loop.close()


class Facade:
    """Wraps an async object so its coroutine methods run to completion when called."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    @property
    def unwrapped(self) -> Any:
        return self._target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):

            def call(*args: Any, **kwargs: Any) -> Any:
                result = self._runner.run(value(*args, **kwargs))
                if isinstance(result, AsyncProcore):
                    return Facade(result, self._runner)
                return result

            return call
        return value

    def __repr__(self) -> str:
        return repr(self._target)
