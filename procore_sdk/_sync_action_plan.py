"""Procore's Sync action: validating a call and planning its batches (no I/O).

A Sync action sends up to 1000 items per call (Procore's "Using Sync Actions" guide). Every
endpoint fact (method, path, version, where each scope value travels, the key of the item list,
whether concurrent calls are allowed) comes from the operation table through
``procore_sdk._pipeline``; :func:`plan_sync` checks a call against it and splits the items
into batches. ``procore_sdk/_async/_batch.py`` sends them, ``_sync_action_match.py`` ties
Procore's answers to the inputs and ``_sync_action_result.py`` accounts for every input.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from itertools import islice
from typing import Any, Generic, TypeAlias, TypeVar, Union

import attrs

from . import _operations
from ._config import call_company_id, call_timeout
from ._errors import (
    InvalidArgumentError,
    SyncValidationError,
    argument_type_error,
    invalid_argument,
)
from ._pipeline import operation_for, place_scope, resolve_company
from ._serde import unstructure
from ._sync_action_match import has_sync_key, sync_key
from ._sync_action_result import SyncResult
from ._types import UNSET, UnsetType
from .models._base import ReadModel, WriteModel

__all__ = [
    "MAX_SYNC_BATCH",
    "SYNC_ACTIONS",
    "SyncActionSpec",
    "SyncBatch",
    "SyncItem",
    "SyncPlan",
    "item_payload",
    "plan_sync",
    "sync_action",
]

T = TypeVar("T")

MAX_SYNC_BATCH = 1000
"""At most 1000 items per Sync call (Procore's "Using Sync Actions" guide)."""

SyncItem: TypeAlias = Union[WriteModel, ReadModel, Mapping[str, Any]]
"""One input of a Sync call: a write model (``VendorWrite``), a read model, or a plain dict."""

# The SDK's names for Procore's Sync actions (``client.vendors.sync``, ...): each resolves in
# the operation table (a group or an alias), which holds every endpoint fact and the entity
# model (``model`` column; none for coordination issues, whose entities stay plain dicts).
SYNC_ACTIONS: tuple[str, ...] = (
    "projects",
    "company_users",
    "vendors",
    "cost_codes",
    "standard_cost_codes",
    "line_item_types",
    "work_order_contracts",
    "purchase_order_contracts",
    "work_order_contract_line_items",
    "purchase_order_contract_line_items",
    "prime_contract_line_items",
    "potential_change_orders",
    "potential_change_order_line_items",
    "change_order_requests",
    "direct_costs",
    "direct_cost_line_items",
    "budget_line_items",
    "tasks",
    "todos",
    "sub_jobs",
    "tax_codes",
    "tax_types",
    "uoms",
    "coordination_issues",
    "calendar_items",
    "insurances",
    "company_insurances",
    "project_insurances",
    "company_vendor_insurances",
    "project_vendor_insurances",
)


@attrs.frozen
class SyncActionSpec(Generic[T]):
    """One of Procore's Sync actions, by the SDK's name for it (``"vendors"``).

    Holds no endpoint fact: :meth:`operation` reads them from the operation table.

    Attributes:
        name: the name (``result.endpoint`` of its results).
        model: the read model entities are turned into, ``None`` for plain dicts.
    """

    name: str
    model: type[T] | None = None

    def operation(self, version: object = None) -> _operations.Operation:
        """The table's operation in ``version`` (any spelling; the default when ``None``).

        Raises:
            InvalidArgumentError: the action is not offered in that version.
        """
        return operation_for(self.name, "sync", version)

    def describe(self, version: object = None) -> str:
        """``PATCH /rest/v1.0/vendors/sync`` (the default version)."""
        op = self.operation(version)
        return f"{op.method} {op.path}"


@cache
def sync_action(name: str) -> SyncActionSpec[Any]:
    """The Sync action called ``name`` (one of :data:`SYNC_ACTIONS`).

    Raises:
        InvalidArgumentError: no Sync action has that name.
    """
    if name not in SYNC_ACTIONS:
        raise invalid_argument("name", name, f"one of {', '.join(sorted(SYNC_ACTIONS))}")
    return SyncActionSpec(name, _operations.model_of(operation_for(name, "sync")))


# -- items ----------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (WriteModel, ReadModel)):
        return unstructure(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items() if v is not UNSET}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, Decimal):
        # Money is a JSON number in requests (Procore's "Currency" guide).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def item_payload(item: Any) -> dict[str, Any]:
    """The flat JSON object sent for one input (Sync bodies are not wrapped).

    Raises:
        TypeError: the item is neither a model nor a mapping.
    """
    if isinstance(item, (WriteModel, ReadModel)):
        return unstructure(item)
    if isinstance(item, Mapping):
        out: dict[str, Any] = {}
        for key, value in item.items():
            if value is UNSET:
                continue
            if value is None or isinstance(value, (str, bool, int, float)):
                out[str(key)] = value
            else:
                out[str(key)] = _json_value(value)
        return out
    raise TypeError(f"a Sync item must be a model or a mapping, got {type(item).__name__}")


# -- planning -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SyncBatch:
    """One call's worth of items.

    Attributes:
        number: position of the batch in this run (0-based).
        indexes: the items' positions in the caller's list.
        payloads: the JSON objects sent.
        idempotent: every item has ``id`` or ``origin_id``, so resending it cannot duplicate
            records and the transport may retry it after a 5xx (Procore's "Using Sync Actions"
            guide matches items on those keys).
        items: the items, as the caller gave them.
        problem: why the batch cannot be sent (items read from an iterator are checked a batch
            at a time); it is then reported as a failed batch, never sent.
    """

    number: int
    indexes: tuple[int, ...]
    payloads: tuple[dict[str, Any], ...] = attrs.field(repr=False)
    idempotent: bool
    items: tuple[Any, ...] = attrs.field(default=(), repr=False)
    problem: SyncValidationError | None = attrs.field(default=None, repr=False)


@attrs.define
class _Read:
    """How much of an iterator input has been read."""

    items: int = 0
    batches: int = 0


@attrs.frozen(kw_only=True)
class SyncPlan:
    """A validated Sync call: the operation, its scope, and the batches still to send.

    Attributes:
        action: the Sync action.
        operation: the table's operation, in the version asked for.
        values: scope and path values by name (placed by the pipeline, per batch).
        query: the operation's query options that were given.
        company_id: ``company_id=`` as given (``UNSET``: the client's; resolved by the pipeline).
    """

    action: SyncActionSpec[Any]
    operation: _operations.Operation
    items: Sequence[Any] = attrs.field(repr=False)
    payloads: Sequence[dict[str, Any]] = attrs.field(repr=False)
    pending: tuple[int, ...] = attrs.field(repr=False)
    batch_size: int
    concurrency: int
    values: Mapping[str, Any]
    query: Mapping[str, Any]
    company_id: int | UnsetType | None = UNSET
    timeout: float | None = None
    require_keys: bool = False
    # Items given as an iterator: read a batch at a time, never held whole.
    source: Iterator[Any] | None = attrs.field(default=None, repr=False)
    read: _Read = attrs.field(factory=lambda: _Read(), repr=False)

    @property
    def streamed(self) -> bool:
        """Whether the items come from an iterator, read a batch at a time."""
        return self.source is not None

    @property
    def total(self) -> int:
        """Items in the call (for an iterator: items read so far)."""
        return self.read.items if self.streamed else len(self.items)

    @property
    def items_key(self) -> str:
        """The body key of the item list (``updates``; ``budget_line_items``), from the table."""
        body = self.operation.body
        # plan_sync refuses an operation without one, so this only narrows the type.
        return "" if body is None or body.wrapper is None else body.wrapper

    @property
    def batch_count(self) -> int:
        """How many calls this run makes (for an iterator: batches read so far)."""
        if self.streamed:
            return self.read.batches
        return -(-len(self.pending) // self.batch_size)

    def batches(self) -> Iterator[SyncBatch]:
        """The batches, lazily, in input order."""
        if self.source is not None:
            yield from self._read_batches(self.source)
            return
        size = self.batch_size
        for number, start in enumerate(range(0, len(self.pending), size)):
            indexes = self.pending[start : start + size]
            payloads = tuple(self.payloads[i] for i in indexes)
            yield SyncBatch(
                number=number,
                indexes=indexes,
                payloads=payloads,
                idempotent=all(has_sync_key(p) for p in payloads),
                items=tuple(self.items[i] for i in indexes),
            )

    def _read_batches(self, source: Iterator[Any]) -> Iterator[SyncBatch]:
        # Only one batch of items is read ahead of the calls, so memory stays flat.
        number = 0
        while True:
            items = tuple(islice(source, self.batch_size))
            if not items:
                return
            start = self.read.items
            self.read.items += len(items)
            self.read.batches += 1
            payloads, problems = check_items(items, start=start, require_keys=self.require_keys)
            problem = None
            if problems:
                problem = SyncValidationError(
                    f"batch of {len(items)} items from #{start} refused, not sent: "
                    + "; ".join(problems),
                    problems=problems,
                )
            yield SyncBatch(
                number=number,
                indexes=tuple(range(start, start + len(items))),
                payloads=tuple(payloads),
                idempotent=all(has_sync_key(p) for p in payloads),
                items=items,
                problem=problem,
            )
            number += 1

    def body(self, batch: SyncBatch) -> dict[str, Any]:
        """The JSON body of one batch, before the pipeline adds body-scoped values."""
        return {self.items_key: list(batch.payloads)}


def _first(values: Iterable[str], n: int = 5) -> str:
    out = list(values)
    return ", ".join(out[:n]) + (f" (and {len(out) - n} more)" if len(out) > n else "")


def check_items(
    items: Sequence[Any], *, start: int, require_keys: bool
) -> tuple[list[dict[str, Any]], list[str]]:
    """Turn each item into its JSON object once and check it; ``start`` is the index of the
    first. Returns the payloads and the problems found (duplicates are looked for among
    ``items``: the whole call for a list, one batch for an iterator)."""
    payloads: list[dict[str, Any]] = []
    problems: list[str] = []
    bad_types: list[str] = []
    for index, item in enumerate(items, start):
        try:
            payloads.append(item_payload(item))
        except TypeError:
            bad_types.append(f"#{index} ({type(item).__name__})")
            payloads.append({})
    if bad_types:
        problems.append(f"items must be models or mappings: {_first(bad_types)}")
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    missing: list[str] = []
    for index, payload in enumerate(payloads, start):
        origin = sync_key(payload.get("origin_id"))
        if origin is not None:
            first = seen.setdefault(origin, index)
            if first != index:
                duplicates.append(f"origin_id {origin!r} at #{first} and #{index}")
        if require_keys and not has_sync_key(payload):
            missing.append(f"#{index}")
    if duplicates:
        # origin_id is unique within a company; two in one call would race each other.
        problems.append(f"duplicate origin_id in one Sync call: {_first(duplicates)}")
    if missing:
        problems.append(
            f"require_keys=True but items have neither id nor origin_id: {_first(missing)}"
        )
    return payloads, problems


def plan_sync(
    action: SyncActionSpec[Any],
    items: Iterable[Any],
    *,
    scope: Mapping[str, Any] | None = None,
    company_id: int | UnsetType | None = UNSET,
    default_company_id: int | None = None,
    batch_size: int | None = None,
    concurrency: int = 1,
    require_keys: bool = False,
    resume: SyncResult[Any] | None = None,
    version: object = None,
    timeout: float | None = None,
) -> SyncPlan:
    """Validate a Sync call against the operation table and plan its batches; nothing is sent.

    Args:
        action: the Sync action.
        items: the inputs (models or dicts).
        scope: the operation's scope values (``project_id``, parent ids...) and query options
            (``run_configurable_validations``), by name; ``None`` values count as not given.
        company_id: the call's company, by the pipeline's one rule: an explicit value wins,
            ``None`` means no company, ``UNSET`` means ``default_company_id``.
        default_company_id: the client's company.
        batch_size: items per call, 1 to 1000 (Procore's "Using Sync Actions" guide).
        concurrency: calls in flight at once; must be 1 where the table says the operation
            refuses concurrent calls (direct costs).
        require_keys: refuse items that have neither ``id`` nor ``origin_id``.
        resume: a previous result of the same call; only its remaining items are sent.
        version: the REST version in any spelling (``"v1.2"``, ``"1.2"``, ``1.2``).
        timeout: seconds per attempt, overriding the client's.

    Raises:
        SyncValidationError: the call cannot be made as asked; ``problems`` lists why.
        InvalidArgumentError: ``company_id=`` or ``timeout=`` is not a valid value.
    """
    if items is None or isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise argument_type_error(
            "items", items, "an iterable (a list, a generator) of write models or dicts"
        )
    # Checked here: a batch's own failure is reported with its items, not raised.
    timeout = call_timeout(timeout)
    company_id = call_company_id(company_id)
    problems: list[str] = []
    op: _operations.Operation | None
    try:
        op = action.operation(version)
    except InvalidArgumentError as exc:
        problems.append(str(exc))
        op = None
    where = f"{op.method} {op.path}" if op is not None else f"{action.name}.sync()"
    limit = MAX_SYNC_BATCH
    size = limit if batch_size is None else batch_size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= limit:
        problems.append(
            f"batch_size must be an integer from 1 to {limit} for {where} "
            f"(Procore accepts at most {limit} items per Sync call), got {batch_size!r}"
        )
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        problems.append(f"concurrency must be a positive integer, got {concurrency!r}")
    elif concurrency > 1 and op is not None and not op.concurrent:
        problems.append(
            f"{where} does not support concurrent requests (Procore answers 409 "
            f"Conflict); use concurrency=1"
        )

    given = {k: v for k, v in (scope or {}).items() if v is not None}
    values: dict[str, Any] = {}
    query: dict[str, Any] = {}
    if op is not None:
        if op.body is None or op.body.wrapper is None:
            problems.append(f"the operation table gives {op.name} no key for the item list")
        scope_names = {s.name for s in op.scope}
        query_names = {q.name for q in op.query}
        unknown = sorted(k for k in given if k not in scope_names | query_names)
        if unknown:
            accepted = ", ".join(sorted({"company_id", *scope_names, *query_names}))
            problems.append(
                f"unexpected argument(s) for {action.name}.sync(): {', '.join(unknown)} "
                f"(accepted: {accepted})"
            )
        for name, value in given.items():
            if name in scope_names:
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    problems.append(f"{name} must be an id, got {type(value).__name__}")
                values[name] = value
            elif name in query_names:
                query[name] = value
        company = resolve_company(company_id, default_company_id)
        try:
            # Placed once here so a missing value is refused before anything is sent.
            place_scope(op, {"company_id": company, **values}, query=query, body={})
        except InvalidArgumentError as exc:
            problems.append(str(exc))

    if not isinstance(items, Sequence):
        # An iterator (a generator...): read and checked a batch at a time when sent.
        if resume is not None:
            problems.append(
                "resume= needs the items of the original call as a list (a sequence), "
                f"got {type(items).__name__}"
            )
        if problems or op is None:
            raise SyncValidationError(
                f"Sync call refused, nothing was sent: {'; '.join(problems)}", problems=problems
            )
        return SyncPlan(
            action=action,
            operation=op,
            items=(),
            payloads=(),
            pending=(),
            batch_size=size,
            concurrency=concurrency,
            values=values,
            query=query,
            company_id=company_id,
            timeout=timeout,
            require_keys=require_keys,
            source=iter(items),
        )
    item_list = items
    payloads, item_problems = check_items(item_list, start=0, require_keys=require_keys)
    problems += item_problems
    pending: tuple[int, ...] = tuple(range(len(item_list)))
    if resume is not None:
        if resume.endpoint != action.name or resume.total != len(item_list):
            problems.append(
                f"resume= must be the result of the same call ({resume.endpoint}, "
                f"{resume.total} items); this call is {action.name} with {len(item_list)} items"
            )
        else:
            pending = tuple(resume.remaining_indexes)
    if problems or op is None:
        raise SyncValidationError(
            f"Sync call refused, nothing was sent: {'; '.join(problems)}", problems=problems
        )
    return SyncPlan(
        action=action,
        operation=op,
        items=item_list,
        payloads=payloads,
        pending=pending,
        batch_size=size,
        concurrency=concurrency,
        values=values,
        query=query,
        company_id=company_id,
        timeout=timeout,
    )
