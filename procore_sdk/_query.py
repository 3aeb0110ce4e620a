"""Query-string encoding in Procore's dialect (§5)."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._types import UnsetType

__all__ = ["QueryItems", "encode_params", "format_datetime", "format_value"]

QueryItems = list[tuple[str, "str | int | float | bool | None"]]


def format_datetime(value: _dt.datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix (§10.3). Naive datetimes are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    value = value.astimezone(_dt.timezone.utc)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + "Z"


def format_value(value: Any) -> str:
    """One scalar as Procore expects it in a query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (int, str, Decimal, float)):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} in a query string: {value!r}")


def _encode(key: str, value: Any, out: QueryItems) -> None:
    if value is None or isinstance(value, UnsetType):
        return
    if isinstance(value, Mapping):
        # Nested mappings become bracketed keys: filters[status], sort[attribute] (§5).
        for sub_key, sub_value in value.items():
            _encode(f"{key}[{sub_key}]", sub_value, out)
    elif isinstance(value, tuple):
        # A pair is a range: filters[updated_at]=<start>...<end> (§5).
        if len(value) != 2:
            raise TypeError(f"{key}: a range is a (start, end) pair, got {len(value)} items")
        start, end = value
        out.append((key, f"{format_value(start)}...{format_value(end)}"))
    elif isinstance(value, (list, set, frozenset)) or (
        isinstance(value, Sequence) and not isinstance(value, (str, bytes))
    ):
        # Arrays: filters[status][]=open&filters[status][]=closed (§5).
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        for item in items:
            out.append((f"{key}[]", format_value(item)))
    else:
        out.append((key, format_value(value)))


def encode_params(params: Mapping[str, Any] | None) -> QueryItems:
    """Flatten nested parameters into Procore's bracket syntax.

    ``{"filters": {"updated_at": (start, end), "status": ["open", "closed"]}}`` becomes
    ``filters[updated_at]=<ISO>...<ISO>&filters[status][]=open&filters[status][]=closed``.
    ``None`` and ``UNSET`` values are left out.
    """
    out: QueryItems = []
    if params:
        for key, value in params.items():
            _encode(key, value, out)
    return out
