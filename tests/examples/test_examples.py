"""Every example runs offline against the fake Procore and does what its summary says.

Each example runs as a user runs it (a subprocess, via ``examples/run_all.py``), so a broken
example, or an SDK change that breaks one, fails here. The assertions read what the examples
print and the files they write.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import sqlite3
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _load_run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_run_all", EXAMPLES / "run_all.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_all = _load_run_all()


def run_example(name: str, out: Path, *extra: str) -> str:
    """Run one example like run_all.py does; fail with its output if it exits non-zero."""
    example = next(e for e in run_all.EXAMPLES if e.name == name)
    if extra:
        example = type(example)(example.name, example.script, (*example.args, *extra))
    outcome = run_all.run(example, out)
    assert outcome.ok, f"{name} exited {outcome.returncode}:\n{outcome.output}"
    return str(outcome.output)


def test_every_example_script_is_run_by_run_all() -> None:
    scripts = {
        str(path.relative_to(EXAMPLES))
        for path in EXAMPLES.rglob("*.py")
        if path.name != "run_all.py" and not path.name.startswith("_")
    }
    assert scripts == {e.script for e in run_all.EXAMPLES}


def test_run_all_runs_examples_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCORE_CLIENT_ID", "a-real-app")
    monkeypatch.setenv("PROCORE_CLIENT_SECRET", "a-real-secret")
    monkeypatch.setenv("PROCORE_COMPANY_ID", "8")
    env = run_all.offline_environment()
    assert not [name for name in env if name.startswith("PROCORE_")]
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)


def test_quickstart(tmp_path: Path) -> None:
    output = run_example("quickstart", tmp_path)
    assert "against the built-in fake Procore (offline)" in output
    assert "✓ 2 companies" in output
    assert "1,200 projects in the company; 1 request(s) made to show 3" in output
    assert "20 rows read, 17 vendors synced, 3 refused" in output
    # Each refused CSV row is named by its line and origin_id, with Procore's messages.
    # "field: message", as the ERP sync example's report writes it.
    assert "line 6 (origin_id='ERP-V-1005'): name: can't be blank" in output
    assert "line 12 (origin_id='ERP-V-1011'): id: Entity with this ID not found" in output
    assert "line 16 (origin_id='ERP-V-1015'): name: can't be blank" in output
    assert re.search(r"Received Company Vendors update for #\d+", output)
    assert "✓ webhook delivery received" in output
    assert "Done in" in output
    # Neither the app's secret nor the webhook's Authorization value is ever printed.
    from procore_sdk.testing import FakeProcore

    assert FakeProcore(seed=2026).client_secret not in output
    assert "Bearer" not in output


def test_erp_sync_writes_an_error_report(tmp_path: Path) -> None:
    output = run_example("erp_sync", tmp_path)
    assert "[##############################] 1000/1000" in output
    # A count with refused rows is not marked as a success.
    assert "✗ vendors:     996 of 1000 synced" in output
    assert "✗ cost codes:  190 of 192 synced" in output
    assert "✗ commitments: 58 of 60 synced" in output
    assert "✓ vendors" not in output
    with (tmp_path / "sync_errors.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    failed = {(row["file"], row["erp_key"]) for row in rows}
    assert failed == {
        ("vendors.csv", "V00057"),
        ("vendors.csv", "V00402"),
        ("vendors.csv", "V00640"),
        ("vendors.csv", "V00811"),
        ("cost_codes.csv", "CC-0209"),
        ("cost_codes.csv", "CC-0906"),
        ("commitments.csv", "SC-2026-013"),
        ("commitments.csv", "SC-2026-044"),
    }
    by_key = {row["erp_key"]: row for row in rows}
    assert by_key["V00057"]["line"] == "58"  # CSV line: header + 1-based
    assert "name: can't be blank" in by_key["V00057"]["messages"]
    assert "id: Entity with this ID not found" in by_key["V00640"]["messages"]
    assert "code: can't be blank" in by_key["CC-0209"]["messages"]
    assert "V09999 is not in Procore" in by_key["SC-2026-013"]["messages"]


def test_export_writes_csv_and_jsonl(tmp_path: Path) -> None:
    output = run_example("export_rfis_submittals", tmp_path)
    for name in ("rfis", "submittals"):
        with (tmp_path / f"{name}.csv").open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        lines = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        documents = [json.loads(line) for line in lines]
        assert rows
        assert len(rows) == len(documents)
        assert f"✓ {len(rows)} {name}" in output
        # Several projects are covered, and both files agree record by record.
        assert len({row["project_id"] for row in rows}) > 1
        assert [int(row["id"]) for row in rows] == [d["id"] for d in documents]
    assert "subject" in json.loads(
        (tmp_path / "rfis.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )


def test_document_sync_mirrors_then_downloads_the_same_bytes(tmp_path: Path) -> None:
    output = run_example("document_sync", tmp_path)
    assert "created 4 folders, 5 new files, 0 new versions; 0 unchanged" in output
    assert "second run: 0 writes (5 files unchanged)" in output
    assert "downloaded 5 files back; every SHA-256 matches" in output
    assert "[##############################] 100%" in output
    assert "unified upload" in output
    source = tmp_path / "site-documents"
    for path in source.rglob("*.pdf"):
        copy = tmp_path / "downloaded" / path.relative_to(source)
        assert copy.read_bytes() == path.read_bytes()


def test_webhook_service_demo_fills_sqlite(tmp_path: Path) -> None:
    output = run_example("webhook_service", tmp_path)
    assert "✓ the copy matches Procore" in output
    with sqlite3.connect(tmp_path / "records.db") as db:
        rows = db.execute("SELECT resource, title FROM records ORDER BY resource").fetchall()
    assert ("Company Vendors", "Lumen Fire Protection") in rows
    assert ("RFIs", "Anchor bolt spacing at grid C-4 and C-5?") in rows


def test_embedded_app_demo_signs_in_and_lists_rfis(tmp_path: Path) -> None:
    output = run_example("embedded_app", tmp_path)
    assert "302 / → 302 /oauth/authorize → 302 /callback → 200 /rfis" in output
    assert "second visit: 302 / → 200 /rfis" in output
    assert re.search(r"✓ [1-9]\d* open RFIs shown", output)
    # Tokens are stored per Procore user, under the key the demo prints.
    from procore_sdk.auth import FileTokenStore

    found = re.search(r"tokens stored per user in .*: (procore-user-\d+)", output)
    assert found is not None
    assert FileTokenStore(tmp_path / "tokens.json").load(found.group(1)) is not None
    # The authorization code travels in the callback URL: it must never be printed.
    assert "code=" not in output


def test_async_prefetch_lists_everything_both_ways(tmp_path: Path) -> None:
    output = run_example(
        "async_prefetch",
        tmp_path,
        *("--records", "3000", "--per-page", "300", "--latency", "0.01", "--prefetch", "8"),
    )
    assert "page by page:  3,000 projects, 10 pages" in output
    assert "prefetch=8:    3,000 projects, 10 pages" in output
    assert "✓ speedup:" in output


def test_docs_walkthrough_quotes_the_quickstart() -> None:
    """The getting-started page walks through the quickstart; its excerpts must be real."""
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    source = (EXAMPLES / "quickstart.py").read_text(encoding="utf-8")
    excerpts = re.findall(r"^```py\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    quoted = [e for e in excerpts if not e.lstrip().startswith(("pip ", "python "))]
    assert quoted
    normalised = "\n".join(line.strip() for line in source.splitlines())
    for excerpt in quoted:
        body = "\n".join(line.strip() for line in textwrap.dedent(excerpt).splitlines())
        assert body.strip() in normalised, f"not in examples/quickstart.py:\n{excerpt}"
