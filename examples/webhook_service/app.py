"""A webhook service that keeps a local SQLite copy of the Procore records that change.

    python examples/webhook_service/app.py --demo           # self-check, offline, exits
    python examples/webhook_service/app.py --port 8000      # serve until Ctrl-C

Procore webhooks say *that* a record changed (resource name, id, event type), not *what* it now
looks like, and may arrive twice or out of order (Procore docs: How Webhooks Work). So on every
event the service fetches the record's current state with the API and upserts it into SQLite, or
deletes the row when the record is gone. Fetching "now" instead of trusting event order makes the
copy converge whatever order events arrive in, and handling an event twice changes nothing.

The service is an ASGI app (served by uvicorn): ``POST /procore/webhooks`` is the receiver
(it checks the ``Authorization`` header your hook sends, drops duplicates and answers fast),
``GET /records`` returns the local copy as JSON.

``--demo`` runs everything offline: it starts the built-in fake Procore, serves this app on a
free 127.0.0.1 port, subscribes with ``client.webhooks.ensure``, changes RFIs and vendors
through the API, lets the fake deliver the events, and prints the SQLite rows.

The normal mode needs ``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET`` and
``PROCORE_COMPANY_ID`` (it fetches records as the app's service account),
``WEBHOOK_AUTHORIZATION`` (the exact ``Authorization`` value your hook sends, e.g.
``Bearer <long random string>``), and, to subscribe on start, ``PROCORE_WEBHOOK_URL``: the
public https URL Procore should POST to, forwarding to this service's ``/procore/webhooks``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import decimal
import json
import os
import secrets
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import attrs

from procore_sdk import Procore
from procore_sdk.models import ReadModel
from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookEvent, WebhookReceiver, fetch_resource

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

NAMESPACE = "sqlite-mirror"
WEBHOOK_PATH = "/procore/webhooks"
# What the copy follows. Company Vendors has no delete: Procore deactivates vendors instead.
EVENTS = [
    ("RFIs", "create"),
    ("RFIs", "update"),
    ("RFIs", "delete"),
    ("Company Vendors", "create"),
    ("Company Vendors", "update"),
]


# -- the local copy ------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A typed record as plain JSON values, including the fields kept in ``extra``."""
    if isinstance(value, ReadModel):
        fields = {f.name: to_json(getattr(value, f.name)) for f in attrs.fields(type(value))}
        extra = fields.pop("extra", None) or {}
        return {**fields, **extra}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


class Mirror:
    """The SQLite copy: one row per record, keyed by (resource, id).

    A connection per call keeps it safe to use from the receiver's worker threads.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as db:
            db.execute(
                """CREATE TABLE IF NOT EXISTS records (
                    resource   TEXT    NOT NULL,  -- webhook resource name, e.g. "RFIs"
                    id         INTEGER NOT NULL,
                    project_id INTEGER,
                    title      TEXT,              -- a human label: subject, name...
                    data       TEXT    NOT NULL,  -- the record as Procore returned it (JSON)
                    synced_at  TEXT    NOT NULL,
                    PRIMARY KEY (resource, id)
                )"""
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def upsert(self, resource: str, record: Any, project_id: int | None) -> None:
        data = to_json(record)
        title = data.get("subject") or data.get("name") or data.get("title")
        with self._connect() as db:
            db.execute(
                """INSERT INTO records (resource, id, project_id, title, data, synced_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (resource, id) DO UPDATE SET
                       project_id = excluded.project_id, title = excluded.title,
                       data = excluded.data, synced_at = excluded.synced_at""",
                (
                    resource,
                    record.id,
                    project_id,
                    title,
                    json.dumps(data),
                    dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                ),
            )

    def delete(self, resource: str, record_id: int) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM records WHERE resource = ? AND id = ?", (resource, record_id))

    def rows(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            cursor = db.execute(
                "SELECT resource, id, project_id, title, synced_at FROM records "
                "ORDER BY resource, id"
            )
            return [dict(row) for row in cursor.fetchall()]


# -- the service ---------------------------------------------------------------------------


def build_receiver(
    client: Procore,
    mirror: Mirror,
    authorization: str,
    on_change: Callable[[WebhookEvent], None] | None = None,
) -> WebhookReceiver:
    """The receiver: verify, dedupe, then bring the record's row up to date."""
    receiver = WebhookReceiver(secrets=[authorization])
    # Fetch-then-write must not interleave with another event's for the same record (a late
    # duplicate could write back a state fetched before a delete). One lock keeps it simple;
    # a busy service would lock per record, or in the database when it runs several workers.
    lock = threading.Lock()

    # Inline (not background=True): if the fetch fails, the receiver answers 500 and Procore
    # retries the delivery later. A GET is quick; slow work would belong in the background.
    @receiver.on("RFIs")
    @receiver.on("Company Vendors")
    def mirror_change(event: WebhookEvent) -> None:
        record_id = event.resource_id_int
        if record_id is None:
            return
        with lock:
            # The current state, typed; None for delete events and records gone since (404).
            record = fetch_resource(client, event)
            if record is None:
                mirror.delete(event.resource_name, record_id)
            else:
                mirror.upsert(event.resource_name, record, event.project_id_int)
        if on_change is not None:
            on_change(event)

    return receiver


def build_app(receiver: WebhookReceiver, mirror: Mirror) -> ASGIApp:
    """The ASGI app: the receiver at WEBHOOK_PATH, the copy at /records, 404 elsewhere."""
    webhook_app = receiver.asgi_app()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/records":
            body = json.dumps(mirror.rows()).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http" and scope["path"] != WEBHOOK_PATH:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await webhook_app(scope, receive, send)  # also answers ASGI lifespan messages

    return app


@contextlib.contextmanager
def serve_in_thread(app: ASGIApp) -> Iterator[str]:
    """Run uvicorn on a free 127.0.0.1 port in a thread; yields the base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    # Off the main thread, uvicorn leaves the process's signal handlers alone.
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the webhook service did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# -- demo: everything offline, self-checking ------------------------------------------------


class Counter:
    """Counts distinct handled events; lets the demo wait for them without sleeping blindly.

    Delivery is at least once (Procore docs: How Webhooks Work): the same event can arrive twice,
    even at the same time, and the handler then runs twice, harmlessly. Counting event keys counts
    each event once.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.changed = threading.Condition()

    @property
    def count(self) -> int:
        return len(self.seen)

    def __call__(self, event: WebhookEvent) -> None:
        with self.changed:
            if event.dedupe_key in self.seen:
                return
            self.seen.add(event.dedupe_key)
            self.changed.notify_all()
        print(f"     event: {event.resource_name} {event.event_type} #{event.resource_id}")

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=timeout)


def demo(db_path: Path) -> int:
    fake = FakeProcore(seed=3)
    counter = Counter()
    # Procore's only delivery authentication is this header value (Procore docs: Set Up Webhooks);
    # never print it.
    authorization = f"Bearer {secrets.token_urlsafe(32)}"
    with (
        fake.serve() as procore_url,
        Procore(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            company_id=fake.company_id,
            base_url=procore_url,
        ) as client,
    ):
        mirror = Mirror(db_path)
        receiver = build_receiver(client, mirror, authorization, on_change=counter)
        with serve_in_thread(build_app(receiver, mirror)) as service_url:
            print(f"Webhook service on {service_url}{WEBHOOK_PATH}, copy in {db_path}")
            subscription = client.webhooks.ensure(
                namespace=NAMESPACE,
                destination_url=service_url + WEBHOOK_PATH,
                authorization=authorization,
                events=EVENTS,
            )
            print(f"  ✓ hook #{subscription.hook.id} subscribed to {len(EVENTS)} events")

            project_id = fake.project_id
            print("  1. create two RFIs, edit one, add a vendor:")
            rfi = client.rfis.create(
                {"subject": "Anchor bolt spacing at grid C-4?"}, project_id=project_id
            )
            other = client.rfis.create({"subject": "Lobby paint colour?"}, project_id=project_id)
            assert rfi.id is not None
            assert other.id is not None
            client.rfis.update(
                rfi.id,
                {"subject": "Anchor bolt spacing at grid C-4 and C-5?"},
                project_id=project_id,
            )
            vendor = client.vendors.create({"name": "Lumen Fire Protection", "origin_id": "V-77"})
            if not deliver_and_wait(fake, counter, expected=4):
                return 1
            print_rows(mirror)

            print("  2. recycle an RFI (Procore's delete for RFIs):")
            client.rfis.recycle(other.id, project_id=project_id)
            if not deliver_and_wait(fake, counter, expected=5):
                return 1
            rows = print_rows(mirror)

    ids = {(row["resource"], row["id"]) for row in rows}
    ok = ids == {("RFIs", rfi.id), ("Company Vendors", vendor.id)}
    print("  ✓ the copy matches Procore" if ok else "  ✗ the copy does not match Procore")
    return 0 if ok else 1


def deliver_and_wait(fake: FakeProcore, counter: Counter, expected: int) -> bool:
    """Let the fake deliver the queued events now, and wait (bounded) until handled."""
    fake.deliver_pending()
    if counter.wait_for(expected, timeout=15):
        return True
    print(f"  ✗ only {counter.count} of {expected} events arrived")
    return False


def print_rows(mirror: Mirror) -> list[dict[str, Any]]:
    rows = mirror.rows()
    print(f"     SQLite copy, {len(rows)} rows:")
    for row in rows:
        print(f"       {row['resource']:<16} #{row['id']:<12} {row['title']}")
    return rows


# -- normal mode ----------------------------------------------------------------------------


def serve(port: int, db_path: Path) -> int:
    import uvicorn

    missing = [
        name
        for name in ("PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_COMPANY_ID")
        if not os.environ.get(name)
    ]
    if missing:
        print(f"Set {', '.join(missing)} (or run with --demo to see it work offline).")
        return 2
    authorization = os.environ.get("WEBHOOK_AUTHORIZATION")
    if not authorization:
        print("Set WEBHOOK_AUTHORIZATION to the Authorization value your hook sends.")
        return 2
    with Procore.from_env() as client:
        mirror = Mirror(db_path)
        public_url = os.environ.get("PROCORE_WEBHOOK_URL")
        if public_url:
            client.webhooks.ensure(
                namespace=NAMESPACE,
                destination_url=public_url,
                authorization=authorization,
                events=EVENTS,
            )
            print(f"Subscribed {NAMESPACE!r}: Procore posts to {public_url}")
        else:
            print("PROCORE_WEBHOOK_URL is not set: not subscribing (an existing hook still works)")
        app = build_app(build_receiver(client, mirror, authorization), mirror)
        print(f"Serving on http://127.0.0.1:{port}{WEBHOOK_PATH}; copy in {db_path}; Ctrl-C stops")
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="self-check offline and exit")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--db", type=Path, help="SQLite file (default: records.db / a temp file)")
    parser.add_argument("--out", type=Path, help="folder for the demo's SQLite file")
    args = parser.parse_args(argv)
    if args.demo:
        folder = args.out or Path(tempfile.mkdtemp(prefix="webhook-service-"))
        folder.mkdir(parents=True, exist_ok=True)
        return demo(args.db or folder / "records.db")
    return serve(args.port, args.db or Path("records.db"))


if __name__ == "__main__":
    sys.exit(main())
