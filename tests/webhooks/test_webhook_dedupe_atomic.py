"""Simultaneous duplicate deliveries run the handlers once (PROCORE_API.md §8.5: at least once).

The in-memory store claims a key in one locked step (``add``) and the receiver uses that atomic
path, so a second delivery that arrives while the first is still in its handler is answered as a
duplicate; a handler failure releases the key so Procore's retry is handled.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from procore_sdk.webhooks import (
    AtomicDedupeStore,
    InMemoryDedupeStore,
    WebhookEvent,
    WebhookReceiver,
    WebhookResponse,
)

SECRET = "Bearer atomic-dedupe-secret-ABCDE"
AUTH = {"Authorization": SECRET}
ULID = "01JKECCF1X1HYDJ36GRNQ4FMFN"
WAIT = 5.0  # upper bound for every wait; the happy path never reaches it


def body() -> bytes:
    return json.dumps(
        {
            "id": 5982324300946918154,
            "ulid": ULID,
            "timestamp": "2025-02-06T23:34:12.246562Z",
            "metadata": {"source_user_id": 5447, "source_application_id": "their-app"},
            "user_id": 5447,
            "company_id": 8,
            "project_id": 6778,
            "api_version": "v2.0",
            "event_type": "update",
            "resource_name": "RFIs",
            "resource_id": 379913,
        }
    ).encode()


def test_in_memory_store_is_an_atomic_store() -> None:
    assert isinstance(InMemoryDedupeStore(), AtomicDedupeStore)


class _Blocking:
    """A handler that signals entry, then waits (bounded) to be released."""

    def __init__(self, *, fail_first: bool = False) -> None:
        self.calls: list[WebhookEvent] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.fail_first = fail_first
        self._lock = threading.Lock()

    def __call__(self, event: WebhookEvent) -> None:
        with self._lock:
            self.calls.append(event)
            first = len(self.calls) == 1
        self.entered.set()
        self.release.wait(WAIT)
        if first and self.fail_first:
            raise RuntimeError("database down")


def _deliver_in_thread(
    receiver: WebhookReceiver, results: dict[str, WebhookResponse], name: str
) -> threading.Thread:
    def run() -> None:
        results[name] = receiver.handle(AUTH, body())

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def test_two_simultaneous_deliveries_run_the_handler_once() -> None:
    store = InMemoryDedupeStore()
    receiver = WebhookReceiver(secrets=[SECRET], dedupe_store=store)
    handler = _Blocking()
    receiver.add_handler(handler)
    results: dict[str, WebhookResponse] = {}
    try:
        first = _deliver_in_thread(receiver, results, "first")
        assert handler.entered.wait(WAIT)
        # The first delivery is inside its handler: the event is claimed but not yet finished.
        second = _deliver_in_thread(receiver, results, "second")
        second.join(WAIT)
    finally:
        handler.release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert len(handler.calls) == 1
    assert results["second"].outcome == "duplicate"
    assert json.loads(results["second"].body) == {"duplicate": True}
    assert results["first"].outcome == "ok"
    assert f"ulid:{ULID}" in store


def test_failure_releases_the_claim_so_the_retry_runs() -> None:
    store = InMemoryDedupeStore()
    receiver = WebhookReceiver(secrets=[SECRET], dedupe_store=store)
    handler = _Blocking(fail_first=True)
    receiver.add_handler(handler)
    results: dict[str, WebhookResponse] = {}
    try:
        first = _deliver_in_thread(receiver, results, "first")
        assert handler.entered.wait(WAIT)
        concurrent = _deliver_in_thread(receiver, results, "concurrent")
        concurrent.join(WAIT)
    finally:
        handler.release.set()
    first.join(WAIT)
    concurrent.join(WAIT)
    assert results["concurrent"].outcome == "duplicate"
    assert results["first"].status == 500
    assert f"ulid:{ULID}" not in store  # released, so Procore's retry is handled
    retry = receiver.handle(AUTH, body())
    assert retry.outcome == "ok"
    assert len(handler.calls) == 2
    assert receiver.handle(AUTH, body()).outcome == "duplicate"
    assert len(handler.calls) == 2


def test_two_simultaneous_async_deliveries_run_the_handler_once() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[WebhookEvent] = []

    async def scenario() -> tuple[WebhookResponse, WebhookResponse]:
        entered = asyncio.Event()
        release = asyncio.Event()

        @receiver.on_any()
        async def slow(event: WebhookEvent) -> None:
            calls.append(event)
            entered.set()
            await asyncio.wait_for(release.wait(), WAIT)

        first = asyncio.ensure_future(receiver.async_handle(AUTH, body()))
        await asyncio.wait_for(entered.wait(), WAIT)
        second_task = asyncio.ensure_future(receiver.async_handle(AUTH, body()))
        await asyncio.wait({second_task}, timeout=WAIT)
        release.set()
        return await first, await second_task

    first, second = asyncio.run(scenario())
    assert len(calls) == 1
    assert first.outcome == "ok"
    assert second.outcome == "duplicate"


def test_store_with_both_protocols_is_used_atomically() -> None:
    class Both:
        def __init__(self) -> None:
            self.log: list[tuple[str, str]] = []
            self.keys: set[str] = set()

        def seen(self, key: str) -> bool:
            self.log.append(("seen", key))
            return key in self.keys

        def mark(self, key: str) -> None:
            self.log.append(("mark", key))
            self.keys.add(key)

        def add(self, key: str) -> bool:
            self.log.append(("add", key))
            if key in self.keys:
                return False
            self.keys.add(key)
            return True

        def discard(self, key: str) -> None:
            self.log.append(("discard", key))
            self.keys.discard(key)

    store: Any = Both()
    receiver = WebhookReceiver(secrets=[SECRET], dedupe_store=store)
    receiver.add_handler(lambda event: None)
    assert receiver.handle(AUTH, body()).outcome == "ok"
    assert receiver.handle(AUTH, body()).outcome == "duplicate"
    assert [op for op, _ in store.log] == ["add", "add"]
