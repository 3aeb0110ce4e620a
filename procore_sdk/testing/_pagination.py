"""Pagination, filters and sorting of list endpoints (Procore docs: Using Pagination; Filtering and
Sorting on List Actions)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

__all__ = [
    "link_header",
    "parse_filters",
    "record_matches",
    "sort_records",
]


def link_header(
    base_url: str, path: str, query: list[tuple[str, str]], page: int, per_page: int, total: int
) -> str:
    """The ``Link`` header for one page (Procore docs: Using Pagination).

    Rels: page 1 -> next, last; page 2 -> first, next, last (no prev); page >= 3 -> first,
    prev, next, last; the last page has no next. Order as in the documented example: first,
    prev, last, next. The caller's other query parameters are kept.
    """
    last = max(math.ceil(total / per_page), 1)
    kept = [(k, v) for k, v in query if k not in ("page", "per_page")]

    def url(n: int) -> str:
        return (
            f"{base_url}{path}?{urlencode([*kept, ('page', str(n)), ('per_page', str(per_page))])}"
        )

    rels: list[tuple[str, int]] = []
    if page >= 2:
        rels.append(("first", 1))
    if page >= 3:
        rels.append(("prev", min(page - 1, last)))
    if last > 1 or page > 1:
        rels.append(("last", last))
    if page < last:
        rels.append(("next", page + 1))
    return ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels)


def parse_filters(query: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Collect ``filters[x]=v`` and ``filters[x][]=v`` values by attribute (Procore docs: Filtering
    and Sorting on List Actions)."""
    out: dict[str, list[str]] = {}
    for key, value in query:
        if not key.startswith("filters[") or "]" not in key:
            continue
        name = key[len("filters[") : key.index("]")]
        out.setdefault(name, []).extend(v for v in value.split(",") if v != "")
    return out


def _strip_quotes(value: str) -> str:
    # The documented example wraps the range in quotes (Procore docs: Filtering and Sorting on List
    # Actions).
    return value.strip().strip("\"'")


def _in_range(value: Any, spec: str) -> bool:
    if not isinstance(value, str):
        return False
    lo, sep, hi = _strip_quotes(spec).partition("...")
    if not sep:
        return value.startswith(lo)
    lo, hi = lo.strip(), hi.strip()
    if len(lo) == 10:
        lo += "T00:00:00Z"
    if len(hi) == 10:
        hi += "T23:59:59Z"
    return (not lo or value >= lo) and (not hi or value <= hi)


def _field_value(record: dict[str, Any], name: str) -> Any:
    if name in record:
        return record[name]
    # filters[vendor_id] against a nested {"vendor": {"id": ...}}.
    if name.endswith("_id"):
        nested = record.get(name[:-3])
        if isinstance(nested, dict):
            return nested.get("id")
    return None


def record_matches(record: dict[str, Any], filters: dict[str, list[str]]) -> bool:
    """Whether a record passes every filter (ANDed; Procore docs: Filtering and Sorting on List
    Actions). Unknown attributes are ignored."""
    for name, values in filters.items():
        if name == "include_deleted":
            continue
        if name in ("updated_at", "created_at"):
            if not any(_in_range(record.get(name), v) for v in values):
                return False
            continue
        if name != "id" and name not in record and _field_value(record, name) is None:
            continue
        actual = _field_value(record, name)
        wanted = {_strip_quotes(v) for v in values}
        if isinstance(actual, bool):
            if str(actual).lower() not in {w.lower() for w in wanted}:
                return False
        elif str(actual) not in wanted:
            return False
    return True


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    if isinstance(value, dict):
        return (1, str(value.get("name", value.get("id", ""))))
    return (1, str(value))


def sort_records(records: list[dict[str, Any]], spec: list[tuple[str, bool]]) -> None:
    """Sort in place by ``[(field, descending), ...]`` (``sort=a,-b``; Procore docs: Filtering and
    Sorting on List Actions); stable."""
    for name, descending in reversed(spec):
        records.sort(key=lambda r, n=name: _sort_key(r.get(n)), reverse=descending)  # type: ignore[misc]
