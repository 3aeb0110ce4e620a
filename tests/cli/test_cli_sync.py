"""``procore sync RESOURCE FILE``: CSV and JSON Lines, progress, the error report mapping rows to
lines, ``--dry-run`` and ``--resume``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli.conftest import Served, cli

from procore_sdk._cli import EXIT_API, EXIT_OK, EXIT_USAGE


def _vendors(served: Served) -> dict[str, dict[str, Any]]:
    company = served.fake.company_id
    return {
        str(v["origin_id"]): v
        for v in served.fake.records("vendors", company)
        if v.get("origin_id")
    }


def test_csv_rows_are_synced_with_progress(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "vendors.csv"
    file.write_text(
        'origin_id,name,city\nerp-1,Acme,Paris\nerp-2,"Bolt, Inc.",\nerp-3,Crane,Oslo\n'
    )
    result = cli("sync", "vendors", str(file), "--batch-size", "2", environ=env)
    assert result.code == EXIT_OK, result.err
    assert result.out.strip() == "3 rows synced, 0 refused"
    assert [line.split("] ")[1].split(" rows")[0] for line in result.err.splitlines()] == [
        "2",
        "3",
    ]
    vendors = _vendors(served)
    assert vendors["erp-2"]["name"] == "Bolt, Inc."
    assert vendors["erp-1"]["city"] == "Paris"
    assert not (tmp_path / "vendors.csv.sync-state.json").exists()


def test_refused_rows_are_reported_with_their_lines(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "vendors.jsonl"
    file.write_text(
        '{"origin_id": "ok-1", "name": "Good"}\n'
        "\n"
        '{"origin_id": "bad-1"}\n'  # vendors need a name: refused on line 3
        '{"origin_id": "ok-2", "name": "Fine"}\n'
    )
    result = cli("sync", "vendors", str(file), environ=env)
    assert result.code == EXIT_API
    assert "2 rows synced, 1 refused" in result.out
    report = tmp_path / "vendors.jsonl.errors.jsonl"
    [entry] = [json.loads(line) for line in report.read_text().splitlines()]
    assert entry["line"] == 3
    assert entry["row"] == 2
    assert entry["item"] == {"origin_id": "bad-1"}
    assert "name" in entry["messages"]


def test_dry_run_checks_without_sending(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "vendors.jsonl"
    file.write_text('{"origin_id": "a", "name": "A"}\n{"origin_id": "b", "name": "B"}\n')
    before = len(served.fake.requests)
    result = cli("sync", "vendors", str(file), "--dry-run", environ=env)
    assert result.code == EXIT_OK, result.err
    assert "2 rows are valid; 1 calls to PATCH /rest/v1.0/vendors/sync" in result.out
    assert len(served.fake.requests) == before
    duplicate = tmp_path / "dup.jsonl"
    duplicate.write_text('{"origin_id": "a", "name": "A"}\n{"origin_id": "a", "name": "B"}\n')
    refused = cli("sync", "vendors", str(duplicate), "--dry-run", environ=env)
    assert refused.code == EXIT_USAGE
    assert "duplicate origin_id" in refused.err
    assert len(served.fake.requests) == before


def test_an_interrupted_run_resumes_where_it_stopped(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "vendors.jsonl"
    lines = [json.dumps({"origin_id": f"r-{i}", "name": f"R{i}"}) for i in range(1, 6)]
    broken = [*lines[:3], "{not json", *lines[4:]]
    file.write_text("\n".join(broken) + "\n")
    first = cli("sync", "vendors", str(file), "--batch-size", "2", environ=env)
    # The first batch (rows 1-2) was sent before line 4 was read; then the run stopped.
    assert first.code == EXIT_USAGE
    assert f"{file}:4: not JSON" in first.err
    assert set(_vendors(served)) == {"r-1", "r-2"}
    state = json.loads((tmp_path / "vendors.jsonl.sync-state.json").read_text())
    assert state["rows_done"] == 2
    file.write_text("\n".join(lines) + "\n")
    sent_before = sum(1 for r in served.fake.requests if r.path.endswith("/vendors/sync"))
    second = cli("sync", "vendors", str(file), "--batch-size", "2", "--resume", environ=env)
    assert second.code == EXIT_OK, second.err
    assert "3 rows synced, 0 refused; 2 rows skipped (--resume)" in second.out
    assert set(_vendors(served)) == {f"r-{i}" for i in range(1, 6)}
    sent = [r for r in served.fake.requests if r.path.endswith("/vendors/sync")][sent_before:]
    assert [len(r.json["updates"]) for r in sent] == [2, 1]  # type: ignore[index, arg-type]
    assert not (tmp_path / "vendors.jsonl.sync-state.json").exists()


def test_an_unknown_resource_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("name\nA\n")
    result = cli("sync", "vendorz", str(file), environ=env)
    assert result.code == EXIT_USAGE
    assert "invalid choice" in result.err
