"""Quickstart: a small data-connection job, start to finish, in one file.

    python examples/quickstart.py

What it does, in order:

1. authenticates with client credentials (a Developer Managed Service Account),
2. discovers the companies the app is installed in,
3. lists the company's projects lazily (the first few, and the total),
4. pushes vendors from ``examples/data/vendors.csv`` with a Sync action and reports each
   refused row,
5. subscribes to vendor changes with a webhook, serves a receiver on 127.0.0.1, changes a
   vendor and waits for the delivery.

With no ``PROCORE_*`` credentials in the environment it starts the fake Procore that ships with
the SDK (``procore_sdk.testing.FakeProcore``) on 127.0.0.1, so it runs offline with no account.
With ``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET`` and ``PROCORE_COMPANY_ID`` set it talks
to your Procore company instead (``PROCORE_ENVIRONMENT=sandbox`` for a sandbox); it then only
reads, unless you pass ``--write``, and it subscribes to webhooks only when
``PROCORE_WEBHOOK_URL`` is a public URL that forwards to this machine's
``PROCORE_WEBHOOK_PORT`` (default 8000); the app needs the Webhooks API permission (Procore docs:
How Webhooks Work).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import os
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from procore_sdk import Procore, capture_responses
from procore_sdk.models import VendorWrite
from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookEvent, WebhookReceiver

VENDORS_CSV = Path(__file__).with_name("data") / "vendors.csv"
CREDENTIALS = ("PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_COMPANY_ID")
# Webhook namespaces are lowercase letters, digits and dashes; one per app (Procore docs: Set Up
# Webhooks).
NAMESPACE = "procore-sdk-quickstart"
# Procore retired Project Vendors "update" triggers; Company Vendors is the one to use (Procore
# docs: Deprecation: Project Directory Update Webhooks).
VENDOR_EVENTS = [("Company Vendors", "create"), ("Company Vendors", "update")]


# -- output --------------------------------------------------------------------------------


def section(title: str) -> None:
    print(f"\n{title}", flush=True)


def ok(text: str) -> None:
    print(f"  ✓ {text}", flush=True)


def info(text: str) -> None:
    print(f"    {text}", flush=True)


def problem(text: str) -> None:
    print(f"  ✗ {text}", flush=True)


def skipped(text: str) -> None:
    print(f"  - skipped: {text}", flush=True)


# -- where to connect ----------------------------------------------------------------------


@contextlib.contextmanager
def connect() -> Iterator[tuple[Procore, FakeProcore | None]]:
    """A client for real Procore when credentials are set, else for a local fake Procore."""
    if all(os.environ.get(name) for name in CREDENTIALS):
        # Reads PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, PROCORE_COMPANY_ID, PROCORE_ENVIRONMENT.
        with Procore.from_env() as client:
            yield client, None
        return
    # The fake is seeded (same data every run) with enough projects to need several pages.
    fake = FakeProcore(seed=2026, sizes={"projects": 1200})
    with (
        fake.serve() as url,  # a real HTTP server on 127.0.0.1, on a free port
        Procore(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            company_id=fake.company_id,
            base_url=url,  # OAuth goes to the same host when only base_url is given
        ) as client,
    ):
        yield client, fake


# -- 1. authenticate -----------------------------------------------------------------------


def authenticate(client: Procore) -> None:
    section("1. Authenticate (client credentials)")
    # The first call fetches a token; the client refreshes it by itself when it expires.
    me = client.me.retrieve()
    ok(f"Signed in as {me.name} (user #{me.id}) at {client.base_url}")


# -- 2. companies --------------------------------------------------------------------------


def discover_companies(client: Procore) -> int:
    section("2. Companies the app is installed in")
    companies = list(client.companies.list())
    for company in companies:
        info(f"#{company.id}  {company.name}")
    ok(f"{len(companies)} companies; this run works in company #{client.company_id}")
    return len(companies)


# -- 3. projects ---------------------------------------------------------------------------


def list_projects(client: Procore, show: int = 3) -> int:
    section("3. Projects, listed lazily")
    projects = client.projects.list()  # nothing is fetched yet
    with capture_responses() as captured:
        # Iterating fetches one page at a time; stopping early fetches no more pages.
        for project in itertools.islice(projects, show):
            info(f"#{project.id}  {project.name}")
    total = projects.total or 0  # Procore's Total header, known after the first page
    requests = len(captured.responses)
    ok(f"{total:,} projects in the company; {requests} request(s) made to show {show}")
    return total


# -- 4. vendors from a CSV, with a Sync action ---------------------------------------------


def read_vendors(path: Path) -> list[VendorWrite]:
    """One VendorWrite per CSV row; empty cells are left out (not sent)."""
    vendors = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            fields: dict[str, Any] = {k: v for k, v in row.items() if v and k != "procore_id"}
            if row.get("procore_id"):
                # A row the ERP already linked to a Procore record names it by id (Procore docs:
                # Using Sync Actions).
                fields["id"] = int(row["procore_id"])
            vendors.append(VendorWrite(**fields))
    return vendors


def sync_vendors(client: Procore, path: Path) -> tuple[int, int, int | None]:
    """Sync the CSV; returns (synced, refused, id of one synced vendor)."""
    section(f"4. Vendors from {path.name}, with a Sync action")
    vendors = read_vendors(path)
    # One PATCH /rest/v1.0/vendors/sync per 1000 rows; rows are matched by origin_id (upsert),
    # so running the quickstart twice updates the same vendors instead of adding new ones.
    result = client.vendors.sync(vendors)
    ok(f"{len(vendors)} rows read, {result.succeeded} vendors synced, {result.failed} refused")
    for error in result.errors:
        # error.index is the position in the list we sent: CSV line = index + 2 (header).
        messages = "; ".join(f"{field}: {', '.join(m)}" for field, m in error.messages.items())
        problem(f"line {error.index + 2} (origin_id={error.origin_id!r}): {messages}")
    for batch in result.failed_batches:
        problem(f"{len(batch)} rows not synced: {batch.exception}")
    first = result.entities[0].id if result.entities else None
    return result.succeeded, result.failed, first


# -- 5. webhooks ---------------------------------------------------------------------------


class QuietHandler(WSGIRequestHandler):
    """The standard library's request handler, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_receiver(receiver: WebhookReceiver, port: int) -> Iterator[WSGIServer]:
    """Serve the receiver's WSGI app on 127.0.0.1 in a background thread."""
    server = make_server("127.0.0.1", port, receiver.wsgi_app(), handler_class=QuietHandler)
    # A short poll interval makes shutdown() return quickly at the end.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def receive_vendor_change(client: Procore, fake: FakeProcore | None, vendor_id: int) -> bool | None:
    """Subscribe, change the vendor, wait for the event; None when the step is skipped."""
    section("5. Webhooks: subscribe, change a vendor, receive the event")
    public_url = os.environ.get("PROCORE_WEBHOOK_URL")
    if fake is None and not public_url:
        skipped(
            "Procore can only deliver to a public URL. Set PROCORE_WEBHOOK_URL to a tunnel "
            "(e.g. https://<name>.ngrok.app) forwarding to port PROCORE_WEBHOOK_PORT "
            "(default 8000) of this machine."
        )
        return None
    # Procore's only delivery authentication is a header value you choose (Procore docs: Set Up
    # Webhooks): a fresh, random one per run, which the receiver checks on every delivery. Never
    # print it.
    authorization = f"Bearer {secrets.token_urlsafe(32)}"
    receiver = WebhookReceiver(secrets=[authorization])
    arrived = threading.Event()
    events: list[WebhookEvent] = []

    @receiver.on("Company Vendors", "update")
    def vendor_updated(event: WebhookEvent) -> None:
        if event.resource_id_int == vendor_id:
            events.append(event)
            arrived.set()

    port = 0 if fake is not None else int(os.environ.get("PROCORE_WEBHOOK_PORT", "8000"))
    with serve_receiver(receiver, port) as server:
        local_url = f"http://127.0.0.1:{server.server_port}/procore/webhooks"
        ok(f"Receiver listening on {local_url}")
        # ensure() creates the hook and its triggers, or fixes them if they already exist,
        # so it is safe to call on every start.
        subscription = client.webhooks.ensure(
            namespace=NAMESPACE,
            destination_url=public_url or local_url,
            authorization=authorization,
            events=VENDOR_EVENTS,
        )
        state = "created" if subscription.hook_created else "already there, brought up to date"
        ok(f"Hook #{subscription.hook.id} ({NAMESPACE}): {state}")
        ok("Triggers: " + ", ".join(f"{name} {event}" for name, event in VENDOR_EVENTS))

        started = time.perf_counter()
        client.vendors.update(vendor_id, VendorWrite(notes="Checked by the quickstart"))
        ok(f"Updated vendor #{vendor_id} through the API")
        if fake is not None:
            fake.deliver_pending()  # the fake delivers now instead of on its own schedule
        # Bounded wait: Procore delivers within seconds, but never block forever.
        if not arrived.wait(timeout=10 if fake is not None else 60):
            problem("No delivery within the time limit (see the hook's deliveries in Procore)")
            return False
    event = events[0]
    elapsed = time.perf_counter() - started
    ok(
        f"Received {event.resource_name} {event.event_type} for #{event.resource_id} "
        f"(event {event.id}) {elapsed:.2f} s after the change"
    )
    return True


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help="against real Procore, also sync vendors and subscribe to webhooks",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with connect() as (client, fake):
        where = "the built-in fake Procore (offline)" if fake is not None else "Procore"
        print(f"procore-sdk quickstart against {where}: {client.base_url}")
        authenticate(client)
        companies = discover_companies(client)
        projects = list_projects(client)
        vendor_summary: str | None = None  # None: step 4 was skipped
        received: bool | None = None  # None: step 5 was skipped
        if fake is None and not args.write:
            section("4-5. Vendors and webhooks")
            skipped("these steps write to your company; pass --write (use a sandbox company)")
        else:
            synced, refused, vendor_id = sync_vendors(client, VENDORS_CSV)
            vendor_summary = f"{synced} vendors synced, {refused} rows refused (see above)"
            if vendor_id is not None:
                received = receive_vendor_change(client, fake, vendor_id)

    section("Summary")
    ok(f"{companies} companies, {projects:,} projects")
    if vendor_summary is None:
        skipped("vendor sync")
    else:
        ok(vendor_summary)
    if received is None:
        skipped("webhook delivery")
    elif received:
        ok("webhook delivery received")
    else:
        problem("webhook delivery not received")
    print(f"\nDone in {time.perf_counter() - started:.1f} s.")
    return 1 if received is False else 0


if __name__ == "__main__":
    sys.exit(main())
