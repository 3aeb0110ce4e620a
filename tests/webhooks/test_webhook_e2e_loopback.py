"""End to end over real loopback sockets: the fake Procore served by ``fake.serve()``, a
``WebhookReceiver`` under uvicorn on a free port, and both clients.

``ensure`` subscribes (and is idempotent), a change made through the client reaches the receiver,
which verifies, parses and dispatches it once even when it is delivered twice; a wrong secret is
answered 401 and the fake records a failing delivery; the handler fetches the current state.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._webhooks import AsyncWebhooks
from procore_sdk._blocking._webhooks import Webhooks
from procore_sdk.models import CompanyUser, Vendor
from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookEvent, WebhookReceiver, async_fetch_resource, fetch_resource

uvicorn = pytest.importorskip("uvicorn")

WAIT = 10.0  # seconds: an upper bound on waiting for a delivery, never a fixed sleep


class Observed:
    """Counts the receiver's responses by status so the test can wait for them."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.statuses: list[int] = []

    def wrap(self, app: Any) -> Any:
        async def observed_app(scope: Any, receive: Any, send: Any) -> None:
            async def spy(message: Any) -> None:
                await send(message)
                if message["type"] == "http.response.start":
                    with self.cond:
                        self.statuses.append(message["status"])
                        self.cond.notify_all()

            await app(scope, receive, spy)

        return observed_app

    def wait_for(self, predicate: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; statuses {self.statuses}")
                # Bounded wait on a condition (woken by each response); not a fixed sleep.
                self.cond.wait(min(left, 0.05))


@contextlib.contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="critical", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    setattr(server, "install_signal_handlers", lambda: None)  # noqa: B010 - not the main thread
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = threading.Event()
    deadline = time.monotonic() + WAIT
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        started.wait(0.01)  # bounded readiness wait
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)
        sock.close()


class Side:
    """The management side in one flavour: a client over the socket, calls made synchronous."""

    def __init__(self, flavour: str, url: str, fake: FakeProcore) -> None:
        self.flavour = flavour
        self.loop = asyncio.new_event_loop() if flavour == "async" else None
        kwargs: dict[str, Any] = {
            "base_url": url,
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "company_id": fake.company_id,
        }
        self.kwargs = kwargs
        if self.loop is not None:
            self.client: Any = AsyncProcore(**kwargs)
            self.webhooks: Any = getattr(self.client, "webhooks", None) or AsyncWebhooks(
                self.client
            )
        else:
            self.client = Procore(**kwargs)
            self.webhooks = getattr(self.client, "webhooks", None) or Webhooks(self.client)

    def call(self, value: Any) -> Any:
        if self.loop is not None and asyncio.iscoroutine(value):
            return self.loop.run_until_complete(value)
        return value

    def close(self) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(self.client.aclose())
            self.loop.close()
        else:
            self.client.close()


def _handlers(
    receiver: WebhookReceiver, flavour: str, kwargs: dict[str, Any], seen: list[Any]
) -> None:
    """The app's handlers: record the event and GET its record's current state (§8.5)."""
    if flavour == "async":

        @receiver.on("Company Vendors", "create")
        @receiver.on("Company Users", "update")
        async def changed(event: WebhookEvent) -> None:
            # The receiving process has its own client on its own event loop.
            async with AsyncProcore(**kwargs) as client:
                seen.append((event, await async_fetch_resource(client, event)))

    else:
        reader = Procore(**kwargs)

        @receiver.on("Company Vendors", "create")
        @receiver.on("Company Users", "update")
        def changed(event: WebhookEvent) -> None:
            seen.append((event, fetch_resource(reader, event)))


def _delivered(fake: FakeProcore) -> int:
    with fake.lock:
        return sum(1 for d in fake.webhooks.deliveries if d.status == "delivered")


@pytest.mark.parametrize("version", ["v1.0", "v2.0"])
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_subscribe_receive_dedupe_reject_and_fetch(flavour: str, version: str) -> None:
    fake = FakeProcore(seed=11)
    observed = Observed()
    with fake.serve() as api_url:
        side = Side(flavour, api_url, fake)
        try:
            holder: dict[str, Any] = {}

            async def late_app(scope: Any, receive: Any, send: Any) -> None:
                await holder["app"](scope, receive, send)

            with serve_asgi(observed.wrap(late_app)) as receiver_url:
                destination = receiver_url + "/procore/webhooks"
                events = [("Company Vendors", "create"), ("Company Users", "update")]
                first = side.call(
                    side.webhooks.ensure(
                        namespace="acme-e2e", destination_url=destination, events=events
                    )
                )
                assert first.hook_created
                assert first.authorization is not None

                # Idempotent: a second deploy makes zero writes.
                mark = len(fake.requests)
                again = side.call(
                    side.webhooks.ensure(
                        namespace="acme-e2e", destination_url=destination, events=events
                    )
                )
                assert again.writes == 0
                assert {r.method for r in fake.requests[mark:]} == {"GET"}

                seen: list[Any] = []
                receiver = WebhookReceiver(secrets=[first.authorization])
                _handlers(receiver, flavour, side.kwargs, seen)
                holder["app"] = receiver.asgi_app()

                # 1. A change made through the client is delivered, verified, parsed, handled.
                vendor = side.call(side.client.vendors.create({"name": "Acme Glazing"}))
                observed.wait_for(lambda: len(observed.statuses) >= 1, "the vendor delivery")
                assert observed.statuses == [200]
                assert len(seen) == 1
                event, current = seen[0]
                assert (event.resource_name, event.event_type) == ("Company Vendors", "create")
                assert event.resource_id == vendor.id
                assert event.project_id is None
                assert isinstance(current, Vendor)
                assert current.name == "Acme Glazing"

                # 2. The same event delivered again is acknowledged but not dispatched again.
                observed.wait_for(lambda: _delivered(fake) == 1, "the fake to record the delivery")
                [delivered] = [d for d in fake.webhooks.deliveries if d.status == "delivered"]
                with fake.lock:
                    fake.webhooks.deliveries.append(
                        attrs.evolve(
                            delivered, id=delivered.id + 1000, status="enqueued", attempts=[]
                        )
                    )
                observed.wait_for(lambda: _delivered(fake) == 2, "the redelivery")
                assert observed.statuses == [200, 200]
                assert len(seen) == 1

                # 3. An update: the handler GETs the record's current state, typed.
                user_id = fake.records("company_users", fake.company_id)[0]["id"]
                side.call(side.client.company_users.update(user_id, {"job_title": "Estimator"}))
                observed.wait_for(lambda: len(observed.statuses) >= 3, "the user delivery")
                assert len(seen) == 2
                event, current = seen[1]
                assert (event.resource_name, event.event_type) == ("Company Users", "update")
                assert isinstance(current, CompanyUser)
                assert current.job_title == "Estimator"

                # 4. A hook sending the wrong secret is refused with 401; the fake records it.
                side.call(
                    side.webhooks.hooks.update(
                        first.hook.id, authorization="Bearer wrong-secret-0000"
                    )
                )
                side.call(side.client.vendors.create({"name": "Refused Vendor"}))
                observed.wait_for(lambda: 401 in observed.statuses, "the refused delivery")

                def recorded_401() -> bool:
                    with fake.lock:
                        return any(
                            a.response_status == 401
                            for d in fake.webhooks.deliveries
                            for a in d.attempts
                        )

                observed.wait_for(recorded_401, "the fake to record the 401")
                if version == "v1.0":
                    failing = side.call(
                        side.webhooks.deliveries.list(first.hook.id, status="failing").to_list()
                    )
                    assert [d.response_status for d in failing] == [401]
                    assert failing[0].outcome == "retried"
                else:
                    retrying = side.call(
                        side.webhooks.deliveries.list(
                            first.hook.id, status="retrying", version="v2.0"
                        ).to_list()
                    )
                    assert [a["response_status"] for a in retrying[0].delivery_attempts] == [401]
                    assert retrying[0].payload["resource_name"] == "Company Vendors"
                assert len(seen) == 2  # the refused event reached no handler
        finally:
            side.close()
