"""``timeout=`` bounds each attempt as a whole, body included: a server that trickles its body
cannot hold a call open past it (issue 11, item 11). No sleeping: the body stream advances the
injected clock as it yields."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from _support import FakeClock, Runner

from procore_sdk import APIConnectionError, APITimeoutError


class Trickle(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body of ``chunks`` pieces, each taking ``step`` seconds of the fake clock."""

    def __init__(self, clock: FakeClock, *, chunks: int, step: float) -> None:
        self.clock = clock
        self.chunks = chunks
        self.step = step
        self.sent = 0

    def _pieces(self) -> Iterator[bytes]:
        yield b"["
        for i in range(self.chunks):
            self.clock.now += self.step
            self.sent += 1
            yield (b"," if i else b"") + b'{"id": %d}' % i
        yield b"]"

    def __iter__(self) -> Iterator[bytes]:
        yield from self._pieces()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces():
            yield piece


def trickling(clock: FakeClock, streams: list[Trickle], *, chunks: int, step: float):  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        stream = Trickle(clock, chunks=chunks, step=step)
        streams.append(stream)
        return httpx.Response(200, stream=stream, headers={"Content-Type": "application/json"})

    return handler


def test_a_trickled_body_times_out_at_the_attempts_deadline(
    runner: Runner, clock: FakeClock
) -> None:
    streams: list[Trickle] = []
    # 100 chunks of 1 s each: every read is quick, the whole body takes 100 s.
    handler = trickling(clock, streams, chunks=100, step=1.0)
    client = runner.client(handler, clock=clock, timeout=10, max_retries=0)
    started = clock.now
    with pytest.raises(APITimeoutError, match="timed out"):
        client.get("/rest/v1.0/projects")
    (stream,) = streams
    assert stream.sent < 100  # reading stopped, the body was not waited for
    assert clock.now - started <= 12


def test_the_per_call_timeout_bounds_the_attempt_too(runner: Runner, clock: FakeClock) -> None:
    streams: list[Trickle] = []
    client = runner.client(
        trickling(clock, streams, chunks=30, step=1.0), clock=clock, max_retries=0
    )
    assert len(client.get("/x")) == 30  # 30 s is within the default 60 s
    with pytest.raises(APITimeoutError):
        client.get("/x", timeout=5)
    assert streams[-1].sent <= 6


def test_an_attempt_timeout_is_retried_like_other_read_timeouts(
    runner: Runner, clock: FakeClock
) -> None:
    streams: list[Trickle] = []
    client = runner.client(
        trickling(clock, streams, chunks=100, step=1.0), clock=clock, timeout=10, max_retries=2
    )
    with pytest.raises(APITimeoutError) as info:
        client.get("/x")  # GET is idempotent: retried, then given up
    assert isinstance(info.value, APIConnectionError)
    assert len(streams) == 3
    assert "after 2 retries" in str(info.value)
    # A POST that may have reached Procore is not resent.
    streams.clear()
    with pytest.raises(APITimeoutError):
        client.post("/x", json={})
    assert len(streams) == 1


def test_a_body_within_the_deadline_is_read_whole(runner: Runner, clock: FakeClock) -> None:
    streams: list[Trickle] = []
    client = runner.client(trickling(clock, streams, chunks=9, step=1.0), clock=clock, timeout=10)
    assert [item["id"] for item in client.get("/x")] == list(range(9))
