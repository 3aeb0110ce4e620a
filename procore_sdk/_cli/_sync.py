"""``procore sync RESOURCE FILE``: push a CSV or JSON Lines file through a Sync action.

Rows are read a batch at a time and sent through the SDK's Sync layer (1000 per call, Procore's
"Using Sync Actions" guide). Progress goes to standard error. Every refused row, and every row
of a batch that failed as a whole, is written to the error report with its line in the file.
``--dry-run`` checks the file and the call without sending. A state file next to the input
records the rows done after each batch, so ``--resume`` continues an interrupted run.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .._blocking._batch import run_sync
from .._errors import InvalidArgumentError, SyncInterruptedError
from .._sync_action_plan import SYNC_ACTIONS, plan_sync, sync_action
from .._sync_action_result import FailedBatch, SyncItemFailure, SyncProgress
from ._context import Context
from ._params import parse_pairs

__all__ = ["add", "read_rows"]


def add(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``procore sync``."""
    sync = commands.add_parser(
        "sync",
        parents=parents,
        help="create or update records from a CSV or JSON Lines file (Sync actions)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument("resource", choices=SYNC_ACTIONS, metavar="RESOURCE")
    sync.add_argument("file", type=Path, metavar="FILE", help="a .csv or .jsonl file")
    sync.add_argument("--project-id", type=int, help="the project, for project-scoped actions")
    sync.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="another scope value or query option of the action (contract_id=7, view=...)",
    )
    sync.add_argument("--batch-size", type=int, help="rows per call (at most 1000)")
    sync.add_argument("--dry-run", action="store_true", help="check everything, send nothing")
    sync.add_argument(
        "--errors",
        type=Path,
        help="the error report, JSON Lines (default: FILE.errors.jsonl)",
    )
    sync.add_argument(
        "--resume", action="store_true", help="skip the rows an interrupted run finished"
    )
    sync.set_defaults(handler=_run_sync)


class Row:
    """One input row and the line of the file it starts on."""

    __slots__ = ("data", "line")

    def __init__(self, line: int, data: dict[str, Any]) -> None:
        self.line = line
        self.data = data


def _csv_value(key: str, text: str) -> Any:
    # CSV has no types: ids are integers in Procore's v1 API, the rest is sent as text.
    if (key == "id" or key.endswith("_id")) and text.isdigit():
        return int(text)
    return text


def read_rows(path: Path, handle: TextIO) -> Iterator[Row]:
    """The rows of ``handle``: CSV (``.csv``, a header line, empty cells left out) or JSON Lines
    (one object a line, blank lines skipped).

    Raises:
        InvalidArgumentError: a line is not a JSON object (the message names the line).
    """
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(handle)
        start = 2
        for record in reader:
            data = {k: _csv_value(k, v) for k, v in record.items() if k and v not in ("", None)}
            yield Row(start, data)
            start = reader.line_num + 1
        return
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidArgumentError(
                f"{path}:{number}: not JSON ({exc.msg}); fix the line and run with --resume",
                argument="FILE",
            ) from exc
        if not isinstance(data, dict):
            raise InvalidArgumentError(
                f"{path}:{number}: each line must be a JSON object", argument="FILE"
            )
        yield Row(number, data)


def _state_path(path: Path) -> Path:
    return path.with_name(path.name + ".sync-state.json")


def _load_done(path: Path, resource: str) -> int:
    state = _state_path(path)
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0
    except ValueError as exc:
        raise InvalidArgumentError(f"{state} is not valid JSON", argument="--resume") from exc
    if data.get("resource") != resource:
        raise InvalidArgumentError(
            f"{state} is the state of a {data.get('resource')} sync, not {resource}",
            argument="--resume",
        )
    return int(data.get("rows_done", 0))


class _Run:
    """One run's bookkeeping: rows by index, the report, the state file, progress."""

    def __init__(self, ctx: Context, report: TextIO, skipped: int) -> None:
        self.ctx = ctx
        self.report = report
        self.skipped = skipped
        self.lines: list[int] = []
        self.refused = 0

    def rows(self, source: Iterator[Row]) -> Iterator[dict[str, Any]]:
        for index, row in enumerate(source):
            if index < self.skipped:
                continue
            self.lines.append(row.line)
            yield row.data

    def on_result(self, record: Any) -> None:
        if isinstance(record, SyncItemFailure):
            self._write(record.index, {"messages": dict(record.messages), "item": record.item})
        elif isinstance(record, FailedBatch):
            for index, item in zip(record.indexes, record.items, strict=True):
                self._write(index, {"error": str(record.exception), "item": item})

    def _write(self, index: int, fields: dict[str, Any]) -> None:
        self.refused += 1
        entry = {"line": self.lines[index], "row": self.skipped + index + 1, **fields}
        self.report.write(json.dumps(entry, default=str) + "\n")
        self.report.flush()

    def on_progress(self, progress: SyncProgress) -> None:
        done = self.skipped + progress.items_done
        self._save_state(done)
        width = 30
        total = self.skipped + progress.items_total
        filled = int(width * done / total) if total else width
        self.ctx.stderr.write(
            f"[{'#' * filled}{'.' * (width - filled)}] {done} rows "
            f"({progress.errors} refused, {progress.failed_items} in failed batches)\n"
        )
        self.ctx.stderr.flush()

    def _save_state(self, done: int) -> None:
        args = self.ctx.args
        state = {"resource": args.resource, "file": str(args.file), "rows_done": done}
        _state_path(args.file).write_text(json.dumps(state) + "\n", encoding="utf-8")


def _scope(args: argparse.Namespace) -> dict[str, Any]:
    scope = parse_pairs(args.param)
    if args.project_id is not None:
        scope["project_id"] = args.project_id
    return scope


def _run_sync(ctx: Context) -> int:
    args = ctx.args
    action = sync_action(args.resource)
    skipped = _load_done(args.file, args.resource) if args.resume else 0
    try:
        handle = args.file.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InvalidArgumentError(
            f"cannot read {str(args.file)!r}: {exc.strerror}", argument="FILE"
        ) from exc
    with handle:
        if args.dry_run:
            rows = list(read_rows(args.file, handle))[skipped:]
            company = getattr(args, "company_id", None) or ctx.profile.company_id
            plan = plan_sync(
                action,
                [row.data for row in rows],
                scope=_scope(args),
                default_company_id=company,
                batch_size=args.batch_size,
            )
            op = plan.operation
            batches = -(-len(rows) // plan.batch_size) if rows else 0
            ctx.stdout.write(
                f"dry run: {len(rows)} rows are valid; {batches} calls to {op.method} "
                f"{op.path} would send them\n"
            )
            return 0
        report_path = args.errors or args.file.with_name(args.file.name + ".errors.jsonl")
        with report_path.open("a" if args.resume else "w", encoding="utf-8") as report:
            run = _Run(ctx, report, skipped)
            try:
                result = run_sync(
                    ctx.client(),
                    action,
                    run.rows(read_rows(args.file, handle)),
                    scope=_scope(args),
                    batch_size=args.batch_size,
                    on_progress=run.on_progress,
                    on_result=run.on_result,
                    keep_entities=False,
                )
            except SyncInterruptedError as exc:
                cause = exc.__cause__
                if isinstance(cause, Exception):
                    raise cause from exc
                raise
    _state_path(args.file).unlink(missing_ok=True)
    synced = result.total - run.refused
    ctx.stdout.write(
        f"{synced} rows synced, {run.refused} refused"
        + (f" (see {report_path})" if run.refused else "")
        + (f"; {skipped} rows skipped (--resume)" if skipped else "")
        + "\n"
    )
    return 1 if run.refused else 0
