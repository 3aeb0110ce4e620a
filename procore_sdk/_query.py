"""Query-string encoding in Procore's dialect (Procore docs: Filtering and Sorting on List
Actions)."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._errors import argument_type_error, invalid_argument
from ._types import UnsetType

__all__ = [
    "OPEN_END",
    "OPEN_START",
    "QueryItems",
    "encode_params",
    "format_datetime",
    "format_range",
    "format_value",
]

# Procore documents only closed ranges, ``<start>...<end>`` (Procore's "Filtering on List
# Actions" guide; the OpenAPI text lists ``YYYY-MM-DD...YYYY-MM-DD`` and the date-time form).
# An open end is therefore sent as a bound no record can pass: the Unix epoch before any
# Procore record, or the last second of year 9999, in the same form as the other end.
OPEN_START = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
OPEN_END = _dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=_dt.timezone.utc)

_RANGE_ENDS = "a datetime, a date, an ISO 8601 string or None (open)"

QueryItems = list[tuple[str, "str | int | float | bool | None"]]


def format_datetime(value: _dt.datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix (Procore docs: Dates, Times & Time Zones).

    A naive datetime (no ``tzinfo``) is taken as UTC, as Procore's timestamps are: pass an
    aware datetime for any other zone.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    value = value.astimezone(_dt.timezone.utc)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + "Z"


def format_value(value: Any, *, argument: str = "params") -> str:
    """One scalar as Procore expects it in a query string.

    Raises:
        ArgumentTypeError: ``value`` has no query-string form (``argument`` names it).
    """
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
    raise argument_type_error(
        argument,
        value,
        "a string, number, bool, date, datetime or enum (cannot encode it in a query string)",
    )


def _is_date_only(value: Any) -> bool:
    if isinstance(value, _dt.datetime):
        return False
    if isinstance(value, _dt.date):
        return True
    return isinstance(value, str) and "T" not in value.upper()


def format_range(argument: str, value: Any) -> str:
    """A ``(start, end)`` pair as Procore's ``<start>...<end>``; either end may be ``None``.

    ``(since, None)`` lists what changed since ``since``; ``(None, until)`` what changed up to
    ``until``. The open end is sent as :data:`OPEN_START` or :data:`OPEN_END` (as a date when
    the other end is a date), since Procore documents closed ranges only.

    Raises:
        InvalidArgumentError: both ends are ``None``.
        ArgumentTypeError: not a pair, or an end is not a datetime, a date, a string or
            ``None``.
    """
    if not isinstance(value, tuple) or len(value) != 2:
        raise argument_type_error(
            argument, value, "a range: a (start, end) pair, either end may be None"
        )
    start, end = value
    for end_value in (start, end):
        if end_value is not None and not isinstance(end_value, (_dt.date, str)):
            raise argument_type_error(argument, value, f"a (start, end) pair of {_RANGE_ENDS}")
    if start is None and end is None:
        raise invalid_argument(
            argument, value, "a (start, end) pair with at least one end (None leaves it open)"
        )
    known = start if start is not None else end
    if start is None:
        start = OPEN_START.date() if _is_date_only(known) else OPEN_START
    if end is None:
        end = OPEN_END.date() if _is_date_only(known) else OPEN_END
    return f"{format_value(start, argument=argument)}...{format_value(end, argument=argument)}"


def _encode(key: str, value: Any, out: QueryItems) -> None:
    if value is None or isinstance(value, UnsetType):
        return
    if isinstance(value, Mapping):
        # Nested mappings become bracketed keys: filters[status], sort[attribute] (Procore docs:
        # Filtering and Sorting on List Actions).
        for sub_key, sub_value in value.items():
            _encode(f"{key}[{sub_key}]", sub_value, out)
    elif isinstance(value, tuple):
        # A pair is a range: filters[updated_at]=<start>...<end> (Procore docs: Filtering and
        # Sorting on List Actions).
        out.append((key, format_range(key, value)))
    elif isinstance(value, (list, set, frozenset)) or (
        isinstance(value, Sequence) and not isinstance(value, (str, bytes))
    ):
        # Arrays: filters[status][]=open&filters[status][]=closed (Procore docs: Filtering and
        # Sorting on List Actions).
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        for item in items:
            out.append((f"{key}[]", format_value(item, argument=key)))
    else:
        out.append((key, format_value(value, argument=key)))


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
