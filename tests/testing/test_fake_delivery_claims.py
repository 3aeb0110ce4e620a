"""Webhook deliveries are claimed atomically: each event is POSTed exactly once (§8.5).

``fake.deliver_pending()`` may run while the background worker of ``fake.serve()`` runs (or
from several threads). A worker claims a hook (pick and mark in flight under one lock) before
POSTing its due deliveries; others wait for it, so no delivery is sent twice and, when
``deliver_pending()`` returns, every due delivery has been attempted.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

import httpx
from _helpers.fake_http import create_v1_hook

from procore_sdk.testing import FakeProcore

WAIT = 5.0  # upper bound for every wait; the happy path never reaches it


class BlockingReceiver:
    """Records webhook POSTs; the first one blocks until released (bounded)."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.ids: Counter[Any] = Counter()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.all_received = threading.Event()
        self._lock = threading.Lock()
        self.on_post: Any = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        with self._lock:
            first = not self.ids
            self.ids[payload["id"]] += 1
            if len(self.ids) >= self.expected:
                self.all_received.set()
        if first:
            self.entered.set()
            self.release.wait(WAIT)
        if self.on_post is not None:
            self.on_post()
        return httpx.Response(200)


class SyncOnlyTransport(httpx.BaseTransport):
    """A synchronous transport: the fake POSTs through it on the delivering thread."""

    def __init__(self, receiver: BlockingReceiver) -> None:
        self.receiver = receiver

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self.receiver(request)


def _hook_with_events(api: httpx.Client, fake: FakeProcore, hooks: int, events: int) -> None:
    for n in range(hooks):
        hook = create_v1_hook(api, fake, f"claim-{n}", f"https://receiver.example.com/{n}")
        api.post(
            f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers",
            json={
                "company_id": fake.company_id,
                "trigger": {"resource_name": "Company Vendors", "event_type": "create"},
            },
        )
    for n in range(events):
        resp = api.post(
            "/rest/v1.0/vendors",
            json={"company_id": fake.company_id, "vendor": {"name": f"vendor {n}"}},
        )
        assert resp.status_code == 201, resp.text


def _deliver_in_thread(fake: FakeProcore, counts: list[int]) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: counts.append(fake.deliver_pending()), name="deliver", daemon=True
    )
    thread.start()
    return thread


def test_deliver_pending_while_the_serving_worker_runs(
    api: httpx.Client, fake: FakeProcore
) -> None:
    _hook_with_events(api, fake, hooks=2, events=3)
    receiver = BlockingReceiver(expected=6)
    fake.webhook_transport = httpx.MockTransport(receiver)
    counts: list[int] = []
    with fake.serve(server="stdlib"):
        try:
            # The background worker is inside its first POST (its hook claimed)...
            assert receiver.entered.wait(WAIT)
            # ...while a test asks for delivery of everything due.
            caller = _deliver_in_thread(fake, counts)
        finally:
            receiver.release.set()
        caller.join(WAIT)
        assert not caller.is_alive()
        assert receiver.all_received.wait(WAIT)
    assert sorted(receiver.ids.values()) == [1] * 6
    assert len(fake.deliveries) == 6
    assert all(d.status == "delivered" and len(d.attempts) == 1 for d in fake.deliveries)


def test_two_callers_at_once_post_each_event_once(api: httpx.Client, fake: FakeProcore) -> None:
    _hook_with_events(api, fake, hooks=1, events=4)
    receiver = BlockingReceiver(expected=4)
    fake.webhook_transport = httpx.MockTransport(receiver)
    counts: list[int] = []
    try:
        first = _deliver_in_thread(fake, counts)
        assert receiver.entered.wait(WAIT)
        second = _deliver_in_thread(fake, counts)
    finally:
        receiver.release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert not first.is_alive()
    assert not second.is_alive()
    assert sorted(receiver.ids.values()) == [1] * 4
    assert sorted(counts) == [0, 4]  # the waiting call found nothing left to send
    assert all(len(d.attempts) == 1 for d in fake.deliveries)


def test_deliver_pending_from_inside_a_delivery_does_not_deadlock(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # A receiver running on the delivering thread (an in-process transport) may call
    # deliver_pending() again; the hook it is being delivered for is skipped, not re-sent.
    _hook_with_events(api, fake, hooks=1, events=2)
    receiver = BlockingReceiver(expected=2)
    receiver.release.set()
    nested: list[int] = []
    receiver.on_post = lambda: nested.append(fake.deliver_pending())
    fake.webhook_transport = SyncOnlyTransport(receiver)
    counts: list[int] = []
    outer = _deliver_in_thread(fake, counts)
    outer.join(WAIT)
    assert not outer.is_alive()
    assert counts == [2]
    assert nested == [0, 0]
    assert sorted(receiver.ids.values()) == [1, 1]
