"""Test support: a fake clock, and a runner that drives the sync or the async client."""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

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
            return SyncView(AsyncProcore(http_client=http, **kwargs), self)
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
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()


def _is_sdk_object(value: Any) -> bool:
    # Public classes report module "procore_sdk", private ones "procore_sdk._async...".
    cls = type(value)
    return cls.__module__.startswith("procore_sdk") and cls.__name__.startswith("Async")


class SyncView:
    """An async SDK object made to look synchronous (tests only): coroutines run to completion,
    async iterators iterate, and SDK objects they return are wrapped in turn."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    @property
    def unwrapped(self) -> Any:
        return self._target

    def _wrap(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            return self._wrap(self._runner.run(value))
        if hasattr(value, "__aiter__") or _is_sdk_object(value):
            return SyncView(value, self._runner)
        return value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if inspect.ismethod(value) or inspect.isfunction(value):

            def call(*args: Any, **kwargs: Any) -> Any:
                args = tuple(getattr(a, "__sdk_target__", a) for a in args)
                return self._wrap(value(*args, **kwargs))

            call.__sdk_target__ = value  # type: ignore[attr-defined]
            return call
        return self._wrap(value)

    def __iter__(self) -> Iterator[Any]:
        iterator = self._target.__aiter__()
        while True:
            try:
                yield self._runner.run(iterator.__anext__())
            except StopAsyncIteration:
                return

    def __repr__(self) -> str:
        return repr(self._target)


REPOSITORY = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The workspace's ``shared`` directory (Procore's reference and real payloads).

    It sits beside the repository (``../shared``) in the development workspace and in CI, or where
    ``$PROCORE_SHARED`` says. Only the conformance group (``tests/conformance``, run with
    ``pytest --conformance``) reads it.
    """
    configured = os.environ.get("PROCORE_SHARED")
    return Path(configured) if configured else REPOSITORY.parent / "shared"


def reference_subset() -> Path:
    """``procore_api_subset.json``, the reference the models are generated from."""
    path = shared_dir() / "reference" / "procore_api_subset.json"
    if not path.is_file():
        pytest.fail(f"{path} not found: the conformance group needs the shared workspace")
    return path
