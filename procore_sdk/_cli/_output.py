"""Writing records as a table, JSON, JSON Lines or CSV (pure: writes to a given stream)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TextIO

__all__ = ["FORMATS", "Format", "write_records", "write_value"]

Format = Literal["table", "json", "jsonl", "csv"]
FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "csv")
_CELL = 40  # widest table cell; longer text is clipped with "..."


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else _dumps(value)
    text = text.replace("\n", " ")
    return text if len(text) <= _CELL else text[: _CELL - 3] + "..."


def _columns(rows: list[Any], *, scalars_only: bool = False) -> list[str]:
    names: dict[str, None] = {}
    nested: set[str] = set()
    for row in rows:
        if isinstance(row, Mapping):
            names.update(dict.fromkeys(str(k) for k in row))
            nested.update(str(k) for k, v in row.items() if isinstance(v, (Mapping, list)))
    if scalars_only and len(nested) < len(names):
        # A table is for reading: nested objects go to json/jsonl/csv, not into cells.
        return [n for n in names if n not in nested]
    return list(names) or ["value"]


def _row(item: Any, columns: list[str]) -> list[Any]:
    if isinstance(item, Mapping):
        return [item.get(c) for c in columns]
    return [item]


def write_records(records: Iterable[Any], fmt: Format, out: TextIO) -> int:
    """Write ``records`` in ``fmt``; returns how many. ``jsonl`` streams one record a line as
    it arrives; the others read every record first (a table needs its widths, CSV its columns,
    JSON its closing bracket)."""
    if fmt == "jsonl":
        count = 0
        for record in records:
            out.write(_dumps(record) + "\n")
            out.flush()
            count += 1
        return count
    rows = list(records)
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        columns = _columns(rows)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for item in rows:
            writer.writerow(
                [
                    "" if v is None else v if isinstance(v, (str, int, float)) else _dumps(v)
                    for v in _row(item, columns)
                ]
            )
    else:
        columns = _columns(rows, scalars_only=True)
        cells = [[_cell(v) for v in _row(item, columns)] for item in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        out.write(
            "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=False)).rstrip()
            + "\n"
        )
        for r in cells:
            out.write(
                "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)).rstrip() + "\n"
            )
    return len(rows)


def write_value(value: Any, fmt: Format, out: TextIO) -> None:
    """Write one response body: a list as records, an object as JSON (or a one-row table/CSV)."""
    if isinstance(value, list):
        write_records(value, fmt, out)
    elif value is None:
        return
    elif fmt == "json":
        out.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "table" and isinstance(value, Mapping):
        # One record reads better as field/value lines than as one very wide row.
        width = max((len(str(k)) for k in value), default=0)
        for key, item in value.items():
            out.write(f"{str(key).ljust(width)}  {_cell(item)}".rstrip() + "\n")
    else:
        write_records([value], fmt, out)
