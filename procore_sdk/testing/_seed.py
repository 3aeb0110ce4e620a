"""Deterministic, cheap record generation for the fake Procore.

Seeded records are never stored: a record is computed from ``(seed, collection, id, index)``
when a request needs it, so seeding a million records costs a ``range`` object. Only records a
test creates or changes are kept as dicts (see ``_store``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ._schemas import SCHEMAS, VIEW_OBJECTS, VIEWS

__all__ = ["EPOCH", "MONEY_STRING_FIELDS", "RecordFactory", "iso", "make_factory", "view_for"]

# Seeded records are created one minute apart starting here; a fixed epoch keeps seeds stable.
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc).timestamp()

# Money fields are JSON strings in v1 responses (e.g. grand_total, total_value) (Procore API
# reference: schemas).
MONEY_STRING_FIELDS = frozenset(
    {
        "total_value",
        "grand_total",
        "estimated_value",
        "revised_contract",
        "amount",
        "total_amount",
        "unit_cost",
        "original_budget_amount",
        # Typed as string in the subset but decimal amounts (v1 money is a string; Procore API
        # reference: response schemas); their names do not end in a money suffix, so they are
        # listed.
        "approved_budget_changes",
        "budget_forecast",
        "committed_costs",
        "cost_rom",
        "estimated_budget",
        "estimated_cost_at_completion",
        "pending_budget_changes",
        "pending_cost_changes",
        "pending_revised_contract",
        "projected_budget",
        "projected_costs",
        "quantity",
        "remaining_balance_outstanding",
        "revenue_rom",
        "revised_budget",
        "total_payments",
    }
)

# Collections the subset has no schema for; fields from Procore's API reference (Line Item Types
# (Cost Types); Daily Log).
_EXTRA_SCHEMAS: dict[str, dict[str, Any]] = {
    "weather_logs": {
        "id": "integer",
        "date": "string/date",
        "datetime": "string/date-time",
        "temperature_min": "integer",
        "temperature_max": "integer",
        "sky": "string",
        "notes": "string",
        "created_at": "string/date-time",
        "updated_at": "string/date-time",
    },
    "work_logs": {
        "id": "integer",
        "date": "string/date",
        "datetime": "string/date-time",
        "scheduled_tasks": "string",
        "num_workers": "integer",
        "hours": "string",
        "notes": "string",
        "created_at": "string/date-time",
        "updated_at": "string/date-time",
    },
    "prime_contracts": {
        "id": "integer",
        "number": "string",
        "title": "string",
        "status": "string",
        "executed": "boolean",
        "grand_total": "string",
        "origin_id": "string",
        "origin_data": "string",
        "origin_code": "string",
        "created_at": "string/date-time",
        "updated_at": "string/date-time",
    },
    "me": {"id": "integer", "login": "string", "name": "string"},
}

_STATUSES: dict[str, tuple[str, ...]] = {
    # Commitment statuses (Procore API reference: Work Order Contracts).
    "work_order_contracts": (
        "Draft",
        "Out For Bid",
        "Out For Signature",
        "Approved",
        "Complete",
        "Terminated",
        "Void",
    ),
    "purchase_order_contracts": ("Draft", "Approved", "Complete"),
    "rfis": ("draft", "open", "closed"),
    "punch_items": ("open", "closed", "ready_for_review"),
    "observations": ("initiated", "ready_for_review", "closed"),
    "direct_costs": ("draft", "pending", "approved"),
}

# A status object ({"id", "name", "status"}, e.g. a submittal's) names a status, never the
# record's title (Procore API reference: List Submittals; real responses carry names such as
# "Open" and "Closed").
_STATUS_NAMES = ("Draft", "Open", "Closed")


def _status_name_fn(field: str) -> Callable[[int, int], Any] | None:
    if field in ("name", "status"):
        return lambda rid, idx: _STATUS_NAMES[idx % len(_STATUS_NAMES)]
    return None


RecordFactory = Callable[[int, int], dict[str, Any]]


_DAYS: dict[int, str] = {}


def iso(ts: float) -> str:
    """Format a UNIX time as ISO 8601 UTC with a ``Z`` suffix (Procore docs: Dates, Times & Time
    Zones)."""
    seconds = int(ts)
    day, rest = divmod(seconds, 86400)
    date = _DAYS.get(day)
    if date is None:
        date = _DAYS[day] = dt.datetime.fromtimestamp(day * 86400, tz=dt.timezone.utc).strftime(
            "%Y-%m-%d"
        )
    hours, rest = divmod(rest, 3600)
    return f"{date}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}Z"


def _date(ts: float) -> str:
    return iso(ts)[:10]


def schema_for(collection: str) -> dict[str, Any]:
    """The response fields of a collection (from the subset, or the digest where absent)."""
    return SCHEMAS.get(collection) or _EXTRA_SCHEMAS.get(collection) or {"id": "integer"}


RecordView = Callable[[dict[str, Any]], dict[str, Any]]
_VIEWS: dict[str, RecordView | None] = {}


def view_for(method: str, template: str, collection: str) -> RecordView | None:
    """What endpoint ``method template`` sends of a stored record, or ``None`` for all of it.

    A list sends its list shape and a show its show shape (``VIEWS``: the endpoint's schema, or
    the fields recorded real responses carry), not the collection's whole record. Keys a client
    wrote that no schema knows are kept, as the fake is liberal in what it stores.
    """
    key = f"{method} {template}"
    if key in _VIEWS:
        return _VIEWS[key]
    fields = VIEWS.get(key)
    view: RecordView | None = None
    if fields is not None:
        known = frozenset(schema_for(collection)) | {"id", "created_at", "updated_at"}

        nested = VIEW_OBJECTS.get(key, {})

        def view(record: dict[str, Any]) -> dict[str, Any]:
            shaped = {name: record.get(name) for name in fields}
            for name, keys in nested.items():
                # This endpoint nests what the collection keeps flat (List Company Projects'
                # address): the object's keys are the record's fields of the same names.
                shaped[name] = {k: record.get(k) for k in keys}
            unknown = record.keys() - known  # keys a client stored that no schema has
            if unknown:
                shaped.update((k, record[k]) for k in unknown)
            return shaped

    _VIEWS[key] = view
    return view


class _Const:
    """A field whose generated value does not depend on the record."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


_ARRAY = object()


def _field(collection: str, name: str, kind: Any, salt: int) -> Any:
    """A constant, the array marker, or a ``(id, index) -> value`` function for one field."""
    if isinstance(kind, list):
        # An array of objects (the schema lists the item fields): seeded empty.
        return _ARRAY
    if not isinstance(kind, dict):
        text = str(kind)
        # "any": a field real Procore was only ever seen to send as null (scripts/overrides.json).
        if name in ("origin_id", "origin_data", "origin_code", "deleted_at") or text in (
            "object",
            "any",
        ):
            return _Const(None)
        if text.startswith("array"):
            return _ARRAY
        if text == "boolean" and name in ("active", "is_active", "is_employee"):
            return _Const(True)
        fixed = {"country_code": "US", "state_code": "CA", "zip": "94105"}
        if name in fixed:
            return _Const(fixed[name])
        if name in ("time_zone", "tz_name"):
            return _Const("US/Pacific")
    return _value_fn(collection, name, kind, salt)


def _singular(plural: str) -> str:
    """A readable singular for seeded names: "Companies" -> "Company", "Rfis" -> "Rfi"."""
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") and not plural.endswith("ss") else plural


_MONEY_SUFFIXES = ("_amount", "_total", "_cost", "_costs", "_value", "_price")


def _looks_like_money(name: str) -> bool:
    """String fields named like money (``draft_change_orders_amount``) hold decimal text."""
    return name.endswith(_MONEY_SUFFIXES)


def _value_fn(collection: str, name: str, kind: Any, salt: int) -> Callable[[int, int], Any]:
    """Build a cheap ``(id, index) -> value`` function for one field."""
    if isinstance(kind, dict):
        subs = [
            (k, _status_name_fn(k) if name == "status" else None) for k in kind if "%{" not in k
        ]
        fns = [
            (k, fixed or _value_fn(collection, k, kind[k], salt * 31 + i))
            for i, (k, fixed) in enumerate(subs)
        ]
        return lambda rid, idx: {k: fn(rid, idx) for k, fn in fns}
    kind = str(kind)
    if name == "id":
        return lambda rid, idx: rid
    if name in ("origin_id", "origin_data", "origin_code", "deleted_at"):
        return lambda rid, idx: None
    if kind.startswith("array"):
        return lambda rid, idx: []
    if kind in ("object", "any"):
        # The type wins over the name (a "(nested object)" created_at is not a timestamp).
        return lambda rid, idx: None
    if name in ("created_at", "updated_at"):
        offset = 30 if name == "updated_at" else 0
        if kind.startswith("integer"):
            # The type wins over the name: some timestamps are epoch seconds (Procore API
            # reference: List Resource Planning Projects).
            return lambda rid, idx: int(EPOCH) + idx * 60 + offset
        return lambda rid, idx: iso(EPOCH + idx * 60 + offset)
    if kind == "boolean":
        if name in ("active", "is_active", "is_employee"):
            return lambda rid, idx: True
        return lambda rid, idx: ((rid + salt) & 1) == 0
    if kind == "integer":
        return lambda rid, idx: (rid * 7 + salt) % 100_000 + 1
    if kind.startswith("number"):
        return lambda rid, idx: round(((rid * 37 + salt) % 10_000_000) / 100, 2)
    if kind.endswith(("date-time", "/datetime")):
        return lambda rid, idx: iso(EPOCH + idx * 60 + salt % 3600)
    if kind.endswith("/date") or name in ("date", "due_date"):
        return lambda rid, idx: _date(EPOCH + (idx % 730) * 86400)
    if (
        kind in ("string/float", "string/decimal")
        or name in MONEY_STRING_FIELDS
        or _looks_like_money(name)
    ):
        return lambda rid, idx: f"{((rid * 37 + salt) % 10_000_000) / 100:.2f}"
    statuses = _STATUSES.get(collection)
    if name == "status" and statuses:
        return lambda rid, idx: statuses[idx % len(statuses)]
    if "email" in name:
        return lambda rid, idx: f"user{rid}@example.com"
    if "phone" in name or name == "fax_number":
        return lambda rid, idx: f"+1-555-{rid % 10_000:04d}"
    if name == "country_code":
        return lambda rid, idx: "US"
    if name == "state_code":
        return lambda rid, idx: "CA"
    if name in ("time_zone", "tz_name"):
        return lambda rid, idx: "US/Pacific"
    if name == "zip":
        return lambda rid, idx: "94105"
    if name.endswith("url"):
        return lambda rid, idx: f"https://storage.example.com/{collection}/{rid}"
    if name in ("number", "project_number", "code", "position", "full_number"):
        return lambda rid, idx: str(idx + 1)
    label = _singular(collection.replace("_", " ").title())
    if name in ("name", "title", "subject", "display_name", "login"):
        return lambda rid, idx: f"{label} {idx + 1}"
    words = name.replace("_", " ")
    return lambda rid, idx: f"{words} {idx + 1}"


def make_factory(collection: str, seed: int) -> RecordFactory:
    """A function generating record ``index`` (with id ``rid``) of ``collection``.

    Args:
        collection: the collection name (a key of the generated schemas).
        seed: the fake's seed; the same seed always yields the same records.
    """
    fields = dict(schema_for(collection))
    fields.setdefault("id", "integer")
    # Every record gets timestamps so filters[created_at]/[updated_at] work (Procore docs: Filtering
    # and Sorting on List Actions; Dates, Times & Time Zones).
    fields.setdefault("created_at", "string/date-time")
    fields.setdefault("updated_at", "string/date-time")
    template: dict[str, Any] = {}
    arrays: list[str] = []
    fns: list[tuple[str, Callable[[int, int], Any]]] = []
    for i, (name, kind) in enumerate(fields.items()):
        made = _field(collection, name, kind, (seed * 1_000_003 + i * 7919) & 0xFFFF)
        template[name] = made.value if isinstance(made, _Const) else None
        if made is _ARRAY:
            arrays.append(name)
        elif not isinstance(made, _Const):
            fns.append((name, made))

    def build(rid: int, idx: int) -> dict[str, Any]:
        # Copy the constant fields, then fill the varying ones (keeps the schema's key order).
        record = dict(template)
        for name in arrays:
            record[name] = []
        for name, fn in fns:
            record[name] = fn(rid, idx)
        return record

    return build
