"""Export every RFI and submittal of a company to CSV and JSON Lines.

    python examples/export_rfis_submittals.py [--out DIR] [--concurrency N]

Writes four files to ``--out`` (a new temporary folder by default):

* ``rfis.csv`` and ``submittals.csv``: one row per record with the columns a report needs,
* ``rfis.jsonl`` and ``submittals.jsonl``: one JSON object per line with every field Procore
  sent, for loading into a warehouse.

RFIs and submittals live in projects, so the export lists the company's projects once and
then lists each project's records with ``client.fan_out``, which runs several projects'
listings at once (each request still within the client's rate-limit budget) and yields
``(project_id, record)`` pairs grouped by project. Records stream straight to the files: memory
holds a few projects' records at a time, however large the company.

Without ``PROCORE_*`` credentials it runs against the built-in fake Procore, offline; with
``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET`` and ``PROCORE_COMPANY_ID`` set it reads that
company (it never writes).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import decimal
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from procore_sdk import Procore
from procore_sdk.models import ReadModel, Rfi, Submittal
from procore_sdk.testing import FakeProcore

CREDENTIALS = ("PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_COMPANY_ID")


@contextlib.contextmanager
def connect() -> Iterator[tuple[Procore, FakeProcore | None]]:
    """A client for real Procore when credentials are set, else for a local fake Procore."""
    if all(os.environ.get(name) for name in CREDENTIALS):
        with Procore.from_env() as client:
            yield client, None
        return
    # A company with 12 projects, each with a handful of RFIs and submittals.
    fake = FakeProcore(seed=5, sizes={"projects": 12, "rfis": 8, "submittals": 6})
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


# -- turning records into rows -------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A typed record as plain JSON values: every field, plus the fields Procore sent that the
    SDK does not declare (kept in each model's ``extra``)."""
    if isinstance(value, ReadModel):
        fields = {f.name: to_json(getattr(value, f.name)) for f in attrs.fields(type(value))}
        extra = fields.pop("extra", None) or {}
        return {**fields, **extra}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)  # money stays exact
    return value


def when(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def rfi_row(rfi: Rfi) -> dict[str, Any]:
    return {
        "number": rfi.number or "",
        "subject": rfi.subject or "",
        "status": rfi.status or "",
        "due_date": when(rfi.due_date),
        "created_at": when(rfi.created_at),
        "updated_at": when(rfi.updated_at),
    }


def submittal_row(submittal: Submittal) -> dict[str, Any]:
    return {
        "number": submittal.number or "",
        "title": submittal.title or "",
        "status": submittal.status.name if submittal.status is not None else "",
        "due_date": when(submittal.due_date),
        "created_at": when(submittal.created_at),
        "updated_at": when(submittal.updated_at),
    }


# -- the export ----------------------------------------------------------------------------


def export(
    client: Procore,
    name: str,
    list_method: Callable[..., Any],
    row: Callable[[Any], dict[str, Any]],
    projects: dict[int, str],
    out: Path,
    concurrency: int,
) -> int:
    """Write ``<name>.csv`` and ``<name>.jsonl``; returns the number of records."""
    count = 0
    with (
        (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as csv_file,
        (out / f"{name}.jsonl").open("w", encoding="utf-8") as jsonl_file,
    ):
        writer: csv.DictWriter[str] | None = None
        for project_id, record in client.fan_out(
            list_method, projects=list(projects), concurrency=concurrency
        ):
            values = {
                "project_id": project_id,
                "project": projects[project_id],
                "id": record.id,
                **row(record),
            }
            if writer is None:
                writer = csv.DictWriter(csv_file, fieldnames=list(values))
                writer.writeheader()
            writer.writerow(values)
            document = {"project_id": project_id, **to_json(record)}
            jsonl_file.write(json.dumps(document) + "\n")
            count += 1
    return count


def add_sample_records(client: Procore, project_ids: list[int]) -> None:
    """Offline only: the fake seeds RFIs and submittals in its first project; give a few
    other projects some too, so the export has several projects to cover."""
    for project_id in project_ids:
        for n in range(1, 4):
            client.rfis.create({"subject": f"Clarify detail {n}"}, project_id=project_id)
        for n in range(1, 3):
            client.submittals.create({"title": f"Shop drawings, lot {n}"}, project_id=project_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="output folder (default: a new temp folder)")
    parser.add_argument("--concurrency", type=int, default=4, help="projects listed at once")
    args = parser.parse_args(argv)
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="procore-export-"))
    out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    with connect() as (client, fake):
        target = "the built-in fake Procore (offline)" if fake is not None else client.base_url
        print(f"Exporting RFIs and submittals of company #{client.company_id} from {target}")
        # One lazy listing of the projects, keeping only what the rows need.
        projects = {p.id: p.name or "" for p in client.projects.list() if p.id is not None}
        print(f"  ✓ {len(projects)} projects")
        if fake is not None:
            add_sample_records(client, list(projects)[1:4])
        counts = {}
        for name, list_method, row in (
            ("rfis", client.rfis.list, rfi_row),
            ("submittals", client.submittals.list, submittal_row),
        ):
            counts[name] = export(client, name, list_method, row, projects, out, args.concurrency)
            print(f"  ✓ {counts[name]} {name} → {name}.csv, {name}.jsonl")

    print(f"\nWrote {sum(counts.values())} records to {out}")
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
