"""ERP to Procore: push vendors, cost codes and commitments from CSV exports with Sync actions.

    python examples/erp_sync/erp_sync.py [--data DIR] [--out DIR] [--project-id ID]

An ERP exports three CSV files (``data/`` holds a sample). This job maps the ERP's columns to
Procore's fields and upserts them with Sync actions, which take up to 1000 records per call and
answer record by record (Procore docs: Using Sync Actions):

* ``vendors.csv``     → the company's vendor directory (``client.vendors.sync``)
* ``cost_codes.csv``  → a project's cost codes (``client.cost_codes.sync``)
* ``commitments.csv`` → the project's work order contracts (``client.work_order_contracts.sync``),
  each pointing at a vendor by the Procore id the vendor sync returned.

Every record carries the ERP's key as ``origin_id``, so a second run updates the same records
instead of creating new ones. A progress bar is drawn from the Sync progress callback, and every
row Procore refused (or that could not be sent) is written to ``sync_errors.csv`` in ``--out``
with its messages, for someone to fix in the ERP.

Without ``PROCORE_*`` credentials it runs against the built-in fake Procore, offline. With
``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET`` and ``PROCORE_COMPANY_ID`` set it writes to
that company (use a sandbox) and needs ``--project-id``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import attrs

from procore_sdk import Procore, SyncProgress, SyncResult
from procore_sdk.models import CostCodeWrite, VendorWrite, WorkOrderContractWrite
from procore_sdk.testing import FakeProcore

DATA = Path(__file__).with_name("data")
CREDENTIALS = ("PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_COMPANY_ID")
# Smaller than Procore's 1000-record maximum so the progress bar has steps to show.
BATCH_SIZE = 250


@contextlib.contextmanager
def connect() -> Iterator[tuple[Procore, FakeProcore | None]]:
    """A client for real Procore when credentials are set, else for a local fake Procore."""
    if all(os.environ.get(name) for name in CREDENTIALS):
        with Procore.from_env() as client:
            yield client, None
        return
    fake = FakeProcore(seed=11)
    with (
        fake.serve() as url,
        Procore(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            company_id=fake.company_id,
            base_url=url,
        ) as client,
    ):
        yield client, fake


# -- progress ------------------------------------------------------------------------------


class ProgressBar:
    """Draws ``[#####.....] 500/1000`` from Sync progress reports.

    On a terminal the bar is redrawn in place; in a log (CI, a cron job) each step is a line.
    """

    def __init__(self, label: str, stream: TextIO = sys.stdout, width: int = 30) -> None:
        self.label = label
        self.stream = stream
        self.width = width
        self.in_place = stream.isatty()

    def __call__(self, progress: SyncProgress) -> None:
        filled = round(self.width * progress.fraction)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"  {self.label:<12} [{bar}] {progress.items_done}/{progress.items_total}"
        if progress.errors:
            line += f"  ({progress.errors} refused so far)"
        done = progress.items_done >= progress.items_total
        if self.in_place:
            self.stream.write("\r" + line + ("\n" if done else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


# -- the error report ----------------------------------------------------------------------


@attrs.define
class ErrorReport:
    """The rows that are not in Procore, one line each, for someone to fix in the ERP."""

    rows: list[dict[str, str]] = attrs.field(factory=list)

    def add(self, file: str, line: int, key: str, messages: str) -> None:
        self.rows.append({"file": file, "line": str(line), "erp_key": key, "messages": messages})

    def add_sync_result(
        self, file: str, sent: list[tuple[int, str]], result: SyncResult[Any]
    ) -> None:
        """Record a SyncResult's refused items and failed batches against their CSV rows.

        ``sent`` holds the (CSV line, ERP key) of each item given to ``sync()``, in order:
        the result names items by their position in that list.
        """
        for error in result.errors:
            line, key = sent[error.index]
            text = "; ".join(f"{field}: {', '.join(m)}" for field, m in error.messages.items())
            self.add(file, line, key, text)
        for batch in result.failed_batches:
            for index in batch.indexes:
                line, key = sent[index]
                # The call failed as a whole; it may or may not have reached Procore. Syncs
                # match on origin_id, so sending these rows again is safe.
                self.add(file, line, key, f"batch failed, sync again: {batch.exception}")
        for index in result.unaccounted:
            line, key = sent[index]
            self.add(file, line, key, "sent, but Procore's answer did not mention it: check it")

    def write(self, path: Path) -> None:
        # Grouped by file (in the order synced), then by line: how someone fixing data reads it.
        files = list(dict.fromkeys(row["file"] for row in self.rows))
        self.rows.sort(key=lambda row: (files.index(row["file"]), int(row["line"])))
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["file", "line", "erp_key", "messages"])
            writer.writeheader()
            writer.writerows(self.rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def present(row: dict[str, str], **columns: str) -> dict[str, Any]:
    """Procore field → cell value, for the non-empty cells (empty ones are not sent)."""
    return {field: row[column] for field, column in columns.items() if row.get(column)}


# -- the three syncs -----------------------------------------------------------------------


def sync_vendors(
    client: Procore, rows: list[dict[str, str]], report: ErrorReport
) -> dict[str, int]:
    """Upsert the vendor directory; returns ERP vendor number → Procore vendor id."""
    sent: list[tuple[int, str]] = []
    vendors = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        fields: dict[str, Any] = present(
            row,
            origin_id="vendor_number",
            name="name",
            email_address="email",
            business_phone="phone",
            city="city",
            state_code="state",
            zip="zip",
        )
        if row.get("procore_id"):
            # Linked before: match by id (Procore docs: Using Sync Actions).
            fields["id"] = int(row["procore_id"])
        vendors.append(VendorWrite(**fields))
        sent.append((line, row["vendor_number"]))
    result = client.vendors.sync(vendors, batch_size=BATCH_SIZE, on_progress=ProgressBar("vendors"))
    report.add_sync_result("vendors.csv", sent, result)
    # Entities come back with the origin_id we sent: that is how ERP keys map to Procore ids.
    return {v.origin_id: v.id for v in result.entities if v.origin_id and v.id is not None}


def sync_cost_codes(
    client: Procore, project_id: int, rows: list[dict[str, str]], report: ErrorReport
) -> int:
    """Upsert the project's cost codes; returns how many were synced."""
    sent = [(line, row["cost_code_id"]) for line, row in enumerate(rows, start=2)]
    cost_codes = [
        CostCodeWrite(**present(row, origin_id="cost_code_id", code="code", name="description"))
        for row in rows
    ]
    result = client.cost_codes.sync(
        cost_codes,
        project_id=project_id,
        batch_size=BATCH_SIZE,
        on_progress=ProgressBar("cost codes"),
    )
    report.add_sync_result("cost_codes.csv", sent, result)
    return result.succeeded


def sync_commitments(
    client: Procore,
    project_id: int,
    rows: list[dict[str, str]],
    vendor_ids: dict[str, int],
    report: ErrorReport,
) -> int:
    """Upsert the project's work order contracts; returns how many were synced."""
    sent: list[tuple[int, str]] = []
    contracts = []
    for line, row in enumerate(rows, start=2):
        vendor_id = vendor_ids.get(row["vendor_number"])
        if vendor_id is None:
            # Sending it would create a contract without its vendor: report it instead.
            report.add(
                "commitments.csv",
                line,
                row["contract_number"],
                f"vendor {row['vendor_number']} is not in Procore (missing, or refused above)",
            )
            continue
        fields: dict[str, Any] = present(
            row,
            origin_id="contract_number",
            number="contract_number",
            title="title",
            description="description",
        )
        if row.get("contract_date"):
            fields["contract_date"] = dt.date.fromisoformat(row["contract_date"])
        contracts.append(WorkOrderContractWrite(vendor_id=vendor_id, **fields))
        sent.append((line, row["contract_number"]))
    result = client.work_order_contracts.sync(
        contracts,
        project_id=project_id,
        batch_size=BATCH_SIZE,
        on_progress=ProgressBar("commitments"),
    )
    report.add_sync_result("commitments.csv", sent, result)
    return result.succeeded


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the three CSVs")
    parser.add_argument("--out", type=Path, help="where to write sync_errors.csv (default: temp)")
    parser.add_argument("--project-id", type=int, help="project for cost codes and commitments")
    args = parser.parse_args(argv)
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="erp-sync-"))
    out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    report = ErrorReport()
    vendor_rows = read_csv(args.data / "vendors.csv")
    cost_code_rows = read_csv(args.data / "cost_codes.csv")
    commitment_rows = read_csv(args.data / "commitments.csv")

    with connect() as (client, fake):
        project_id = args.project_id or (fake.project_id if fake is not None else None)
        if project_id is None:
            parser.error("--project-id is required against real Procore")
        target = "the built-in fake Procore (offline)" if fake is not None else client.base_url
        print(f"ERP sync into company #{client.company_id}, project #{project_id}, on {target}")

        vendor_ids = sync_vendors(client, vendor_rows, report)
        cost_codes = sync_cost_codes(client, project_id, cost_code_rows, report)
        commitments = sync_commitments(client, project_id, commitment_rows, vendor_ids, report)

    errors_path = out / "sync_errors.csv"
    report.write(errors_path)
    print("\nSummary")
    counts = [
        ("vendors:    ", len(vendor_ids), vendor_rows),
        ("cost codes: ", cost_codes, cost_code_rows),
        ("commitments:", commitments, commitment_rows),
    ]
    for label, synced, rows in counts:
        print(f"  {_mark(synced, rows)} {label} {synced} of {len(rows)} synced")
    print(f"  ✗ {len(report.rows)} rows need attention, listed in {errors_path}")
    for row in report.rows[:10]:
        print(f"      {row['file']} line {row['line']} ({row['erp_key']}): {row['messages']}")
    if len(report.rows) > 10:
        print(f"      ... and {len(report.rows) - 10} more in {errors_path.name}")
    print(f"\nDone in {time.perf_counter() - started:.1f} s.")
    return 0


def _mark(synced: int, rows: list[Any]) -> str:
    """✓ only when every row was synced: a count with refused rows is not a success."""
    return "✓" if synced == len(rows) else "✗"


if __name__ == "__main__":
    sys.exit(main())
