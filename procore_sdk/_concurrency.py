"""Concurrency primitives in matching sync/async pairs.

The code in ``procore_sdk/_async`` uses the ``Async*`` names; ``scripts/unasync.py`` renames them
to the plain names for ``procore_sdk/_blocking``. Each pair has the same methods, so one source of
truth serves both clients: a thread lock for the sync client, an asyncio lock for the async one.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

# asyncio and concurrent.futures load in the functions that use them: the blocking client's
# import path never needs asyncio, and an async caller has it loaded already.
if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future
    from types import TracebackType

__all__ = [
    "AsyncLock",
    "Lock",
    "async_map_ordered",
    "async_run_blocking",
    "async_run_shielded",
    "async_sleep",
    "map_ordered",
    "run_blocking",
    "run_shielded",
    "sleep",
]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


class Lock:
    """A re-usable thread lock with a ``with`` interface (the sync twin of :class:`AsyncLock`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> Lock:
        self._lock.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._lock.release()


class AsyncLock:
    """An asyncio lock created lazily, so it binds to the loop that first uses it."""

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None

    async def __aenter__(self) -> AsyncLock:
        if self._lock is None:
            import asyncio

            self._lock = asyncio.Lock()
        await self._lock.acquire()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._lock is not None
        self._lock.release()


def map_ordered(fn: Callable[[T], R], items: Iterable[T], *, limit: int) -> Iterator[R]:
    """Apply ``fn`` to ``items`` with at most ``limit`` running at once; yield results in order.

    At most ``limit`` results are held ahead of the consumer, so memory stays bounded. An
    exception from ``fn`` is raised when its position is reached; work not yet started is
    cancelled.
    """
    if limit <= 1:
        for item in items:
            yield fn(item)
        return
    from concurrent.futures import ThreadPoolExecutor

    iterator = iter(items)
    pending: list[Future[R]] = []
    with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="procore-sdk") as pool:
        try:
            for item in iterator:
                # Copy the context so capture_responses() and similar context variables follow.
                ctx = contextvars.copy_context()
                pending.append(pool.submit(ctx.run, fn, item))
                if len(pending) >= limit:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()
        finally:
            for future in pending:
                future.cancel()


async def async_map_ordered(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> AsyncIterator[R]:
    """Async twin of :func:`map_ordered`: bounded concurrency, results in input order."""
    if limit <= 1:
        for item in items:
            yield await fn(item)
        return
    import asyncio

    pending: list[asyncio.Task[R]] = []

    async def run(item: T) -> R:
        return await fn(item)

    try:
        for item in items:
            pending.append(asyncio.ensure_future(run(item)))
            if len(pending) >= limit:
                yield await pending.pop(0)
        while pending:
            yield await pending.pop(0)
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


def sleep(seconds: float) -> None:
    """Default sleeper of the sync client."""
    if seconds > 0:
        time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """Default sleeper of the async client."""
    if seconds > 0:
        import asyncio

        await asyncio.sleep(seconds)


def run_shielded(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Sync twin of :func:`async_run_shielded`: a thread is not cancelled midway, so a call."""
    return fn(*args, **kwargs)


# Strong references to shielded tasks while they run (the event loop keeps only weak ones).
_shielded_tasks: set[asyncio.Task[Any]] = set()


async def async_run_shielded(
    fn: Callable[P, Awaitable[R]], /, *args: P.args, **kwargs: P.kwargs
) -> R:
    """Run ``fn(*args, **kwargs)`` to completion even when the caller is cancelled.

    The work runs in a task of its own, awaited through :func:`asyncio.shield`: a cancelled
    caller (``task.cancel()``, an ``asyncio.wait_for`` timeout) stops waiting and gets
    ``CancelledError``, while the work goes on and finishes. For work that must not stop
    halfway, such as a token refresh whose answer would otherwise be lost.
    """

    import asyncio

    async def run() -> R:
        return await fn(*args, **kwargs)

    task = asyncio.ensure_future(run())
    _shielded_tasks.add(task)
    task.add_done_callback(_shielded_tasks.discard)
    return await asyncio.shield(task)


def run_blocking(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Sync twin of :func:`async_run_blocking`: the sync client simply calls ``fn``."""
    return fn(*args, **kwargs)


async def async_run_blocking(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run blocking work (hashing a large file) in a worker thread, so the event loop goes on."""
    import asyncio

    return await asyncio.to_thread(fn, *args, **kwargs)
