"""Sync actions (batch upserts), the pure part: endpoints, planning, result mapping (Procore docs:
Using Sync Actions).

A Sync action is ``PATCH <collection>/sync`` with up to 1000 items (Procore docs: Using Sync
Actions); Procore answers 200 with ``entities`` and ``errors`` even when items fail (Procore docs:
Using Sync Actions). This module knows every Sync endpoint of the subset (:data:`SYNC_ENDPOINTS`),
validates a call and splits it into batches (:func:`plan_sync`), maps each response back onto the
caller's inputs (:func:`match_batch`) and accumulates a :class:`SyncResult` in which every input is
accounted for. The I/O loop lives in ``procore_sdk/_async/_batch.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, Literal, TypeAlias, TypeVar, Union, cast

import attrs

from ._config import call_timeout
from ._errors import (
    ConfigurationError,
    ProcoreError,
    ResponseValidationError,
    argument_type_error,
)
from ._logging import get_logger
from ._request import RequestOptions
from ._serde import structure, structure_list, unstructure
from ._types import UNSET, UnsetType
from .models import (
    BudgetLineItem,
    CalendarItem,
    ChangeOrderRequest,
    CommitmentLineItem,
    CompanyUser,
    CostCode,
    DirectCost,
    DirectCostLineItem,
    Insurance,
    LineItemType,
    PotentialChangeOrder,
    PotentialChangeOrderLineItem,
    PrimeContractLineItem,
    Project,
    PurchaseOrderContract,
    StandardCostCode,
    SubJob,
    Task,
    TaxCode,
    TaxType,
    Todo,
    Uom,
    Vendor,
    WorkOrderContract,
)
from .models._base import ReadModel, WriteModel

__all__ = [
    "MAX_SYNC_BATCH",
    "ProgressCallback",
    "SYNC_ENDPOINTS",
    "BatchMatch",
    "FailedBatch",
    "ScopeParam",
    "SyncAccumulator",
    "SyncBatch",
    "SyncEndpoint",
    "SyncError",
    "SyncFailedError",
    "SyncInterruptedError",
    "SyncItem",
    "SyncPlan",
    "SyncProgress",
    "SyncResult",
    "SyncValidationError",
    "match_batch",
    "plan_sync",
]

T = TypeVar("T")
T_in = TypeVar("T_in")

log = get_logger("procore_sdk.sync")

MAX_SYNC_BATCH = 1000
"""At most 1000 items per Sync call (Procore docs: Using Sync Actions)."""

SyncItem: TypeAlias = Union[WriteModel, ReadModel, Mapping[str, Any]]
"""One input of a Sync call: a write model (``VendorWrite``), a read model, or a plain dict."""

ScopeWhere = Literal["body", "query", "path", "body+query"]

# -- errors ---------------------------------------------------------------------------------


class SyncValidationError(ConfigurationError):
    """A Sync call was refused before anything was sent.

    Attributes:
        problems: one line per problem (a duplicate ``origin_id`` with its indexes, an item
            without ``id``/``origin_id``, a missing scope parameter, ...).
    """

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class SyncFailedError(ProcoreError):
    """Raised by :meth:`SyncResult.raise_for_errors` when some inputs were not synced.

    Attributes:
        result: the complete :class:`SyncResult`.
    """

    def __init__(self, result: SyncResult[Any]) -> None:
        super().__init__(result.summary(max_errors=5))
        self.result = result


class SyncInterruptedError(ProcoreError):
    """A Sync run stopped before every batch was sent.

    Raised when the progress callback raised, or when a batch failed with
    ``stop_on_failure=True``. The cause (``__cause__``) is the original exception.

    Attributes:
        result: the partial :class:`SyncResult`; pass it as ``resume=`` to continue.
    """

    def __init__(self, message: str, *, result: SyncResult[Any]) -> None:
        super().__init__(message)
        self.result = result


# -- endpoints ------------------------------------------------------------------------------


@attrs.frozen
class ScopeParam:
    """A parameter naming the scope of a Sync call (``company_id``, ``project_id``, ...).

    Attributes:
        name: the keyword argument and wire name.
        where: ``"body"``, ``"query"``, ``"path"`` or ``"body+query"`` (sent in both, where the
            OpenAPI document requires it in both).
        required: whether the endpoint requires it.
    """

    name: str
    where: ScopeWhere
    required: bool = True


@attrs.frozen(kw_only=True)
class SyncEndpoint(Generic[T]):
    """One Sync endpoint, declared as data (Procore docs: Using Sync Actions).

    Attributes:
        name: the registry key (``"vendors"``).
        method: ``"PATCH"``, or ``"POST"`` for budget line items (Procore docs: Using Sync Actions;
            Procore API reference: Sync Budget Line Items).
        path: the path template; ``{version}`` and scope names in braces are filled in.
        model: the read model entities are turned into, ``None`` for plain dicts.
        items_key: the body key of the item list (``updates``; ``budget_line_items``).
        scope: the scope parameters, in the order the docs list them.
        query_options: optional non-scope query parameters the endpoint accepts.
        versions: the REST versions the path exists at (``"1.0"``...); the last is the default.
        max_batch: the most items one call may carry.
        concurrent: whether concurrent calls are allowed (direct costs answer 409; Procore API
            reference: Sync Direct Cost Items; Sync Direct Cost Line Items).
    """

    name: str
    method: str = "PATCH"
    path: str
    model: type[T] | None = None
    items_key: str = "updates"
    scope: tuple[ScopeParam, ...] = ()
    query_options: tuple[str, ...] = ()
    versions: tuple[str, ...] = ("1.0",)
    max_batch: int = MAX_SYNC_BATCH
    concurrent: bool = True

    @property
    def scope_names(self) -> tuple[str, ...]:
        """Names of the scope parameters."""
        return tuple(p.name for p in self.scope)

    def describe(self) -> str:
        """``PATCH /rest/v1.0/vendors/sync`` (the default version)."""
        return f"{self.method} {self.path.replace('{version}', self.versions[-1])}"


_V = "/rest/v{version}"


def _ep(
    name: str,
    path: str,
    model: type[Any] | None,
    *scope: ScopeParam,
    **kwargs: Any,
) -> SyncEndpoint[Any]:
    return SyncEndpoint(name=name, path=_V + path, model=model, scope=tuple(scope), **kwargs)


def _body(name: str) -> ScopeParam:
    return ScopeParam(name, "body")


def _query(name: str, required: bool = True) -> ScopeParam:
    return ScopeParam(name, "query", required)


def _path(name: str) -> ScopeParam:
    return ScopeParam(name, "path")


# Where each scope parameter goes comes from the OpenAPI document (Procore API reference).
PROJECTS: SyncEndpoint[Project] = _ep(
    "projects", "/projects/sync", Project, _body("company_id"),
    query_options=("run_configurable_validations",),
)  # fmt: skip
COMPANY_USERS: SyncEndpoint[CompanyUser] = _ep(
    "company_users", "/companies/{company_id}/users/sync", CompanyUser, _path("company_id"),
    versions=("1.0", "1.1", "1.2", "1.3"),
)  # fmt: skip
VENDORS: SyncEndpoint[Vendor] = _ep(
    "vendors", "/vendors/sync", Vendor, _body("company_id"),
    query_options=("run_configurable_validations",),
)  # fmt: skip
COST_CODES: SyncEndpoint[CostCode] = _ep(
    "cost_codes", "/cost_codes/sync", CostCode, _query("project_id"), _query("sub_job_id", False)
)
STANDARD_COST_CODES: SyncEndpoint[StandardCostCode] = _ep(
    "standard_cost_codes", "/standard_cost_codes/sync", StandardCostCode,
    _body("company_id"), _body("standard_cost_code_list_id"), query_options=("view",),
)  # fmt: skip
LINE_ITEM_TYPES: SyncEndpoint[LineItemType] = _ep(
    "line_item_types", "/line_item_types/sync", LineItemType, _body("company_id")
)
WORK_ORDER_CONTRACTS: SyncEndpoint[WorkOrderContract] = _ep(
    "work_order_contracts", "/work_order_contracts/sync", WorkOrderContract, _body("project_id")
)
PURCHASE_ORDER_CONTRACTS: SyncEndpoint[PurchaseOrderContract] = _ep(
    "purchase_order_contracts", "/purchase_order_contracts/sync", PurchaseOrderContract,
    _body("project_id"),
)  # fmt: skip
WORK_ORDER_CONTRACT_LINE_ITEMS: SyncEndpoint[CommitmentLineItem] = _ep(
    "work_order_contract_line_items",
    "/work_order_contracts/{work_order_contract_id}/line_items/sync", CommitmentLineItem,
    _path("work_order_contract_id"), _query("project_id"),
)  # fmt: skip
PURCHASE_ORDER_CONTRACT_LINE_ITEMS: SyncEndpoint[CommitmentLineItem] = _ep(
    "purchase_order_contract_line_items",
    "/purchase_order_contracts/{purchase_order_contract_id}/line_items/sync", CommitmentLineItem,
    _path("purchase_order_contract_id"), _query("project_id"),
)  # fmt: skip
PRIME_CONTRACT_LINE_ITEMS: SyncEndpoint[PrimeContractLineItem] = _ep(
    "prime_contract_line_items", "/prime_contracts/{prime_contract_id}/line_items/sync",
    PrimeContractLineItem, _path("prime_contract_id"), _query("project_id"),
)  # fmt: skip
POTENTIAL_CHANGE_ORDERS: SyncEndpoint[PotentialChangeOrder] = _ep(
    "potential_change_orders", "/potential_change_orders/sync", PotentialChangeOrder,
    _query("project_id"), _query("contract_id"),
)  # fmt: skip
POTENTIAL_CHANGE_ORDER_LINE_ITEMS: SyncEndpoint[PotentialChangeOrderLineItem] = _ep(
    "potential_change_order_line_items",
    "/potential_change_orders/{potential_change_order_id}/line_items/sync",
    PotentialChangeOrderLineItem, _path("potential_change_order_id"), _query("project_id"),
)  # fmt: skip
CHANGE_ORDER_REQUESTS: SyncEndpoint[ChangeOrderRequest] = _ep(
    "change_order_requests", "/change_order_requests/sync", ChangeOrderRequest,
    _query("project_id"), _query("contract_id"),
)  # fmt: skip
# Direct cost Syncs "do not support concurrent requests" (409 Conflict; Procore API reference:
# Sync Direct Cost Items; Sync Direct Cost Line Items).
DIRECT_COSTS: SyncEndpoint[DirectCost] = _ep(
    "direct_costs", "/projects/{project_id}/direct_costs/sync", DirectCost, _path("project_id"),
    concurrent=False,
)  # fmt: skip
DIRECT_COST_LINE_ITEMS: SyncEndpoint[DirectCostLineItem] = _ep(
    "direct_cost_line_items", "/projects/{project_id}/direct_costs/line_items/sync",
    DirectCostLineItem, _path("project_id"), concurrent=False,
)  # fmt: skip
# The POST exception, with the list under ``budget_line_items`` (Procore docs: Using Sync Actions;
# Procore API reference: Sync Budget Line Items).
BUDGET_LINE_ITEMS: SyncEndpoint[BudgetLineItem] = _ep(
    "budget_line_items", "/budget_line_items/sync", BudgetLineItem, _body("project_id"),
    method="POST", items_key="budget_line_items",
)  # fmt: skip
TASKS: SyncEndpoint[Task] = _ep(
    "tasks", "/tasks/sync", Task, ScopeParam("project_id", "body+query")
)
TO_DOS: SyncEndpoint[Todo] = _ep("todos", "/todos/sync", Todo, _query("project_id"))
SUB_JOBS: SyncEndpoint[SubJob] = _ep(
    "sub_jobs", "/sub_jobs/sync", SubJob, ScopeParam("project_id", "body+query")
)
TAX_CODES: SyncEndpoint[TaxCode] = _ep("tax_codes", "/tax_codes/sync", TaxCode, _body("company_id"))
TAX_TYPES: SyncEndpoint[TaxType] = _ep("tax_types", "/tax_types/sync", TaxType, _body("company_id"))
UOMS: SyncEndpoint[Uom] = _ep("uoms", "/companies/{company_id}/uoms/sync", Uom, _path("company_id"))
# The generated CoordinationIssue model describes the Sync envelope, not a record: use dicts.
COORDINATION_ISSUES: SyncEndpoint[dict[str, Any]] = _ep(
    "coordination_issues", "/coordination_issues/sync", None, _body("project_id")
)
CALENDAR_ITEMS: SyncEndpoint[CalendarItem] = _ep(
    "calendar_items", "/projects/{project_id}/schedule/calendar_items/sync", CalendarItem,
    _path("project_id"),
)  # fmt: skip
INSURANCES: SyncEndpoint[Insurance] = _ep("insurances", "/insurances/sync", Insurance)
COMPANY_INSURANCES: SyncEndpoint[Insurance] = _ep(
    "company_insurances", "/companies/{company_id}/insurances/sync", Insurance,
    _path("company_id"),
)  # fmt: skip
PROJECT_INSURANCES: SyncEndpoint[Insurance] = _ep(
    "project_insurances", "/projects/{project_id}/insurances/sync", Insurance, _path("project_id")
)
COMPANY_VENDOR_INSURANCES: SyncEndpoint[Insurance] = _ep(
    "company_vendor_insurances", "/companies/{company_id}/vendors/{vendor_id}/insurances/sync",
    Insurance, _path("company_id"), _path("vendor_id"),
)  # fmt: skip
PROJECT_VENDOR_INSURANCES: SyncEndpoint[Insurance] = _ep(
    "project_vendor_insurances", "/projects/{project_id}/vendors/{vendor_id}/insurances/sync",
    Insurance, _path("project_id"), _path("vendor_id"),
)  # fmt: skip

SYNC_ENDPOINTS: Mapping[str, SyncEndpoint[Any]] = {
    ep.name: ep
    for ep in (
        PROJECTS,
        COMPANY_USERS,
        VENDORS,
        COST_CODES,
        STANDARD_COST_CODES,
        LINE_ITEM_TYPES,
        WORK_ORDER_CONTRACTS,
        PURCHASE_ORDER_CONTRACTS,
        WORK_ORDER_CONTRACT_LINE_ITEMS,
        PURCHASE_ORDER_CONTRACT_LINE_ITEMS,
        PRIME_CONTRACT_LINE_ITEMS,
        POTENTIAL_CHANGE_ORDERS,
        POTENTIAL_CHANGE_ORDER_LINE_ITEMS,
        CHANGE_ORDER_REQUESTS,
        DIRECT_COSTS,
        DIRECT_COST_LINE_ITEMS,
        BUDGET_LINE_ITEMS,
        TASKS,
        TO_DOS,
        SUB_JOBS,
        TAX_CODES,
        TAX_TYPES,
        UOMS,
        COORDINATION_ISSUES,
        CALENDAR_ITEMS,
        INSURANCES,
        COMPANY_INSURANCES,
        PROJECT_INSURANCES,
        COMPANY_VENDOR_INSURANCES,
        PROJECT_VENDOR_INSURANCES,
    )
}
"""Every Sync endpoint of the subset, by name (Procore docs: Using Sync Actions)."""


# -- results --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SyncError:
    """One item Procore refused, mapped back to the caller's input (Procore docs: Using Sync
    Actions).

    Attributes:
        index: the item's position in the list given to ``sync()``.
        id: the ``id`` Procore echoed (or the input's), when there was one.
        origin_id: the ``origin_id`` echoed (or the input's), when there was one.
        messages: field name → messages (``{"name": ["can't be blank"]}``); messages that
            name no field are under ``"base"``.
        item: the input exactly as the caller gave it.
        attributes: the submitted attributes as Procore echoed them, without ``errors``.
    """

    index: int
    id: Any = None
    origin_id: Any = None
    messages: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    item: Any = attrs.field(default=None, repr=False, eq=False)
    attributes: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def describe(self) -> str:
        """One line: ``#3 (origin_id='V3'): name: can't be blank``."""
        keys = []
        if self.id is not None:
            keys.append(f"id={self.id!r}")
        if self.origin_id is not None:
            keys.append(f"origin_id={self.origin_id!r}")
        where = f"#{self.index}" + (f" ({', '.join(keys)})" if keys else "")
        text = "; ".join(
            ("" if field == "base" else f"{field}: ") + ", ".join(msgs)
            for field, msgs in self.messages.items()
        )
        return f"{where}: {text or 'rejected'}"


@attrs.frozen(kw_only=True)
class FailedBatch:
    """A batch whose call failed as a whole (an error status, a broken connection, ...).

    Also used when Procore answered but the answer could not be read (the exception is then a
    :class:`~procore_sdk.ResponseValidationError`): Procore may have applied such a batch.

    Attributes:
        indexes: positions of its items in the list given to ``sync()``.
        items: the items, as the caller gave them.
        exception: why it failed (an :class:`~procore_sdk.APIError` as a rule).
        retried_safely: whether the SDK was allowed to retry it (every item had ``id`` or
            ``origin_id``, so a repeat cannot create duplicates).
    """

    indexes: tuple[int, ...]
    items: tuple[Any, ...] = attrs.field(repr=False)
    exception: BaseException
    retried_safely: bool = False

    def __len__(self) -> int:
        return len(self.indexes)


@attrs.frozen(kw_only=True)
class SyncProgress:
    """Where a Sync run stands; passed to the ``on_progress`` callback after each batch.

    Attributes:
        items_done: items whose batch has finished (synced, refused or failed).
        items_total: items in the call.
        errors: items Procore refused so far.
        failed_items: items in batches that failed as a whole so far.
        batches_done: batches finished in this run.
        batches_total: batches in this run.
    """

    items_done: int
    items_total: int
    errors: int = 0
    failed_items: int = 0
    batches_done: int = 0
    batches_total: int = 0

    @property
    def fraction(self) -> float:
        """``items_done / items_total`` (1.0 for an empty call)."""
        return self.items_done / self.items_total if self.items_total else 1.0


@attrs.frozen(kw_only=True, repr=False)
class SyncResult(Generic[T]):
    """What happened to every input of a Sync call.

    Every input lands in exactly one of: ``entities`` (at ``entity_indexes``), ``errors``,
    ``failed_batches``, ``unaccounted`` (Procore's answer could not be tied to it), or, after an
    interruption, the not-yet-sent :attr:`remaining_indexes`.

    Attributes:
        endpoint: the Sync endpoint's name (``"vendors"``).
        total: how many items the call was given.
        entities: the records Procore returned, typed, in input order.
        entity_indexes: the input position of each entity (parallel to ``entities``).
        errors: the items Procore refused, in input order.
        failed_batches: the batches whose call failed as a whole.
        unaccounted: inputs that were sent but that no entity or error could be tied to.
        unmatched_entities: returned entities tied to no input.
        unmatched_errors: returned errors (raw) tied to no input.
    """

    endpoint: str
    total: int
    entities: tuple[T, ...] = ()
    entity_indexes: tuple[int, ...] = ()
    errors: tuple[SyncError, ...] = ()
    failed_batches: tuple[FailedBatch, ...] = ()
    unaccounted: tuple[int, ...] = ()
    unmatched_entities: tuple[T, ...] = attrs.field(default=(), repr=False)
    unmatched_errors: tuple[Mapping[str, Any], ...] = attrs.field(default=(), repr=False)

    def __repr__(self) -> str:
        # Counts only: a result may hold 100,000 entities.
        return (
            f"SyncResult(endpoint={self.endpoint!r}, total={self.total}, "
            f"succeeded={self.succeeded}, failed={self.failed}, "
            f"failed_batches={len(self.failed_batches)}, unaccounted={len(self.unaccounted)})"
        )

    # -- counts ----------------------------------------------------------------------------

    @property
    def succeeded(self) -> int:
        """Items Procore created or updated."""
        return len(self.entities)

    @property
    def failed(self) -> int:
        """Items Procore refused (item errors)."""
        return len(self.errors)

    @property
    def failed_batch_items(self) -> int:
        """Items in batches that failed as a whole."""
        return sum(len(b.indexes) for b in self.failed_batches)

    @property
    def done_indexes(self) -> frozenset[int]:
        """Inputs Procore answered for: synced or refused. Resuming skips these."""
        return frozenset(self.entity_indexes).union(e.index for e in self.errors)

    @property
    def remaining_indexes(self) -> list[int]:
        """Inputs not done: in failed batches, unaccounted, or never sent. Ascending."""
        done = self.done_indexes
        return [i for i in range(self.total) if i not in done]

    @property
    def ok(self) -> bool:
        """Whether every input was synced."""
        return self.succeeded == self.total

    @property
    def complete(self) -> bool:
        """Whether every input was answered for (synced or refused)."""
        return len(self.done_indexes) == self.total

    def remaining(self, items: Sequence[T_in]) -> list[T_in]:
        """The inputs of ``items`` (the list given to ``sync()``) that are not done."""
        if len(items) != self.total:
            raise ValueError(
                f"expected the {self.total} items of the original call, got {len(items)}"
            )
        return [items[i] for i in self.remaining_indexes]

    def entities_by_index(self) -> dict[int, T]:
        """Input position → entity."""
        return dict(zip(self.entity_indexes, self.entities, strict=True))

    def summary(self, *, max_errors: int = 5) -> str:
        """Counts and the first few errors; never item values other than ``id``/``origin_id``."""
        failed_items = self.failed_batch_items
        unsent = self.total - len(self.done_indexes) - failed_items - len(self.unaccounted)
        text = (
            f"Sync of {self.endpoint}: {self.succeeded} of {self.total} items synced, "
            f"{self.failed} refused, {len(self.failed_batches)} failed batches "
            f"({failed_items} items), {len(self.unaccounted)} unaccounted"
        )
        if unsent > 0:
            text += f", {unsent} not sent"
        lines = [e.describe() for e in self.errors[:max_errors]]
        lines += [
            f"batch of {len(b.indexes)} from #{b.indexes[0]}: {type(b.exception).__name__}: "
            f"{b.exception}"
            for b in self.failed_batches[: max(0, max_errors - len(lines))]
            if b.indexes
        ]
        if lines:
            more = self.failed + len(self.failed_batches) - len(lines)
            text += ". First problems: " + " | ".join(lines)
            if more > 0:
                text += f" (and {more} more)"
        return text

    def raise_for_errors(self) -> None:
        """Raise :class:`SyncFailedError` unless every input was synced.

        Raises:
            SyncFailedError: some item was refused, failed with its batch, was never sent or
                could not be accounted for; ``.result`` is this result.
        """
        if not self.ok:
            raise SyncFailedError(self)


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
        # Money is a JSON number in requests (Procore API reference: schemas).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def item_payload(item: Any) -> dict[str, Any]:
    """The flat JSON object sent for one input (Sync bodies are not wrapped; Procore
    docs: Using Sync Actions).

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


def _key(value: Any) -> str | None:
    # Procore may echo an int origin_id as a string (or the reverse): compare as text.
    if value is None or value is UNSET or value == "":
        return None
    return str(value)


def has_sync_key(payload: Mapping[str, Any]) -> bool:
    """Whether an item names its record by ``id`` or ``origin_id`` (the match rules of Procore docs:
    Using Sync Actions)."""
    return _key(payload.get("id")) is not None or _key(payload.get("origin_id")) is not None


# -- planning -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SyncBatch:
    """One call's worth of items.

    Attributes:
        number: position of the batch in this run (0-based).
        indexes: the items' positions in the caller's list.
        payloads: the JSON objects sent.
        idempotent: every item has ``id`` or ``origin_id``, so resending it cannot duplicate
            records and the transport may retry it after a 5xx (Procore docs: Using Sync Actions, on
            idempotency).
    """

    number: int
    indexes: tuple[int, ...]
    payloads: tuple[dict[str, Any], ...] = attrs.field(repr=False)
    idempotent: bool


@attrs.frozen(kw_only=True)
class SyncPlan:
    """A validated Sync call: the request template and the batches still to send."""

    endpoint: SyncEndpoint[Any]
    items: Sequence[Any] = attrs.field(repr=False)
    payloads: Sequence[dict[str, Any]] = attrs.field(repr=False)
    pending: tuple[int, ...] = attrs.field(repr=False)
    batch_size: int
    concurrency: int
    url: str
    params: Mapping[str, Any]
    body: Mapping[str, Any]
    company_id: int | UnsetType | None = UNSET
    timeout: float | None = None

    @property
    def batch_count(self) -> int:
        """How many calls this run makes."""
        return -(-len(self.pending) // self.batch_size)

    def batches(self) -> Iterator[SyncBatch]:
        """The batches, lazily, in input order."""
        size = self.batch_size
        for number, start in enumerate(range(0, len(self.pending), size)):
            indexes = self.pending[start : start + size]
            payloads = tuple(self.payloads[i] for i in indexes)
            yield SyncBatch(
                number=number,
                indexes=indexes,
                payloads=payloads,
                idempotent=all(has_sync_key(p) for p in payloads),
            )

    def request(self, batch: SyncBatch) -> RequestOptions:
        """The call for one batch."""
        body = dict(self.body)
        body[self.endpoint.items_key] = list(batch.payloads)
        return RequestOptions(
            method=self.endpoint.method,
            url=self.url,
            params=self.params or None,
            json=body,
            company_id=self.company_id,
            timeout=self.timeout,
            # Retrying a PATCH/POST after a 5xx is only safe for keyed upserts (Procore docs: Using
            # Sync Actions).
            idempotent=batch.idempotent,
        )


def _first(values: Iterable[str], n: int = 5) -> str:
    out = list(values)
    return ", ".join(out[:n]) + (f" (and {len(out) - n} more)" if len(out) > n else "")


def plan_sync(
    endpoint: SyncEndpoint[Any],
    items: Iterable[Any],
    *,
    scope: Mapping[str, Any],
    default_company_id: int | None = None,
    batch_size: int | None = None,
    concurrency: int = 1,
    require_keys: bool = False,
    resume: SyncResult[Any] | None = None,
    version: str | None = None,
    timeout: float | None = None,
) -> SyncPlan:
    """Validate a Sync call and plan its batches; nothing is sent.

    Args:
        endpoint: the Sync endpoint.
        items: the inputs (models or dicts).
        scope: scope parameters and the endpoint's query options, by name; ``company_id``
            is accepted by every endpoint and also sets ``Procore-Company-Id``.
        default_company_id: the client's company, used when ``company_id`` is a scope
            parameter and was not given.
        batch_size: items per call, 1 to the endpoint's limit (1000; Procore docs: Using Sync
            Actions).
        concurrency: calls in flight at once; must be 1 for endpoints that refuse concurrent
            Syncs (direct costs; Procore docs: Using Sync Actions).
        require_keys: refuse items that have neither ``id`` nor ``origin_id``.
        resume: a previous result of the same call; only its remaining items are sent.
        version: the REST version for endpoints that exist at several (company users).
        timeout: seconds per attempt, overriding the client's.

    Raises:
        SyncValidationError: the call cannot be made as asked; ``problems`` lists why.
    """
    if items is None or isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        raise argument_type_error(
            "items", items, "an iterable (a list, a generator) of write models or dicts"
        )
    # Checked here: a batch's own failure is reported with its items, not raised.
    timeout = call_timeout(timeout)
    problems: list[str] = []
    limit = endpoint.max_batch
    size = limit if batch_size is None else batch_size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= limit:
        problems.append(
            f"batch_size must be an integer from 1 to {limit} for {endpoint.describe()} "
            f"(Procore accepts at most {limit} items per Sync call), got {batch_size!r}"
        )
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        problems.append(f"concurrency must be a positive integer, got {concurrency!r}")
    elif concurrency > 1 and not endpoint.concurrent:
        problems.append(
            f"{endpoint.describe()} does not support concurrent requests (Procore answers 409 "
            f"Conflict); use concurrency=1"
        )
    if version is None:
        version = endpoint.versions[-1]
    elif version not in endpoint.versions:
        problems.append(
            f"version must be one of {', '.join(endpoint.versions)} for {endpoint.name}, "
            f"got {version!r}"
        )

    # Scope parameters: known names only, required ones present. ``company_id`` is accepted
    # everywhere: where the endpoint takes no company_id it only sets the company header (Procore
    # docs: Handling Procore Regions).
    values = dict(scope)
    known = {"company_id", *endpoint.scope_names, *endpoint.query_options}
    unknown = sorted(k for k in values if k not in known)
    if unknown:
        accepted = ", ".join(sorted(known)) or "none"
        problems.append(
            f"unexpected argument(s) for {endpoint.name}.sync(): {', '.join(unknown)} "
            f"(accepted: {accepted})"
        )
    explicit_company = values.get("company_id")
    if "company_id" in endpoint.scope_names and values.get("company_id") is None:
        values["company_id"] = default_company_id
    for param in endpoint.scope:
        value = values.get(param.name)
        if value is None:
            if param.required:
                problems.append(f"{endpoint.name}.sync() needs {param.name}=")
        elif isinstance(value, bool) or not isinstance(value, (int, str)):
            problems.append(f"{param.name} must be an id, got {type(value).__name__}")
    params: dict[str, Any] = {}
    body: dict[str, Any] = {}
    path_values: dict[str, str] = {"version": version}
    for param in endpoint.scope:
        value = values.get(param.name)
        if value is None:
            continue
        if param.where == "path":
            path_values[param.name] = str(value)
        if param.where in ("query", "body+query"):
            params[param.name] = value
        if param.where in ("body", "body+query"):
            body[param.name] = value
    for name in endpoint.query_options:
        if values.get(name) is not None:
            params[name] = values[name]

    # Items: turn each into its JSON object once; validate keys.
    item_list = items if isinstance(items, Sequence) else list(items)
    payloads: list[dict[str, Any]] = []
    bad_types: list[str] = []
    for index, item in enumerate(item_list):
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
    for index, payload in enumerate(payloads):
        origin = _key(payload.get("origin_id"))
        if origin is not None:
            first = seen.setdefault(origin, index)
            if first != index:
                duplicates.append(f"origin_id {origin!r} at #{first} and #{index}")
        if require_keys and not has_sync_key(payload):
            missing.append(f"#{index}")
    if duplicates:
        # origin_id is unique within a company; two in one call would race each other (Procore docs:
        # Using Sync Actions).
        problems.append(f"duplicate origin_id in one Sync call: {_first(duplicates)}")
    if missing:
        problems.append(
            f"require_keys=True but items have neither id nor origin_id: {_first(missing)}"
        )
    pending: tuple[int, ...]
    if resume is not None:
        if resume.endpoint != endpoint.name or resume.total != len(item_list):
            problems.append(
                f"resume= must be the result of the same call ({resume.endpoint}, "
                f"{resume.total} items); this call is {endpoint.name} with {len(item_list)} items"
            )
            pending = ()
        else:
            pending = tuple(resume.remaining_indexes)
    else:
        pending = tuple(range(len(item_list)))
    if problems:
        raise SyncValidationError(
            f"Sync call refused, nothing was sent: {'; '.join(problems)}", problems=problems
        )
    company_header: int | UnsetType | None = UNSET
    if explicit_company is not None:
        if isinstance(explicit_company, bool) or not isinstance(explicit_company, int):
            raise SyncValidationError(
                f"company_id must be an integer, got {type(explicit_company).__name__}"
            )
        # The header names the company synced into (Procore docs: Handling Procore Regions).
        company_header = explicit_company
    return SyncPlan(
        endpoint=endpoint,
        items=item_list,
        payloads=payloads,
        pending=pending,
        batch_size=size,
        concurrency=concurrency,
        url=endpoint.path.format(**path_values),
        params=params,
        body=body,
        company_id=company_header,
        timeout=timeout,
    )


# -- mapping responses back to inputs -------------------------------------------------------


@attrs.frozen(kw_only=True)
class BatchMatch:
    """Positions (within the batch) that each returned record belongs to.

    Attributes:
        entities: ``(position, raw entity)`` pairs.
        errors: ``(position, raw error)`` pairs.
        unmatched_entities: raw entities tied to no input.
        unmatched_errors: raw errors tied to no input.
        unaccounted: positions no record was tied to.
    """

    entities: list[tuple[int, Mapping[str, Any]]]
    errors: list[tuple[int, Mapping[str, Any]]]
    unmatched_entities: list[Any]
    unmatched_errors: list[Mapping[str, Any]]
    unaccounted: list[int]


def _positions_agree(payloads: Sequence[Mapping[str, Any]], records: Sequence[Any]) -> bool:
    """Whether record ``k`` can be the answer to input ``k`` for every ``k``, judged by keys.

    An input with ``id`` needs that id back, one with ``origin_id`` that origin id; a keyless
    input needs a record with no ``origin_id`` whose ``id`` no input asked for.
    """
    asked_ids = {k for k in (_key(p.get("id")) for p in payloads) if k is not None}
    for payload, record in zip(payloads, records, strict=True):
        if not isinstance(record, Mapping):
            return False
        sent_id = _key(payload.get("id"))
        got_id = _key(record.get("id"))
        if sent_id is not None:
            if got_id is not None and got_id != sent_id:
                return False
            continue
        sent_origin = _key(payload.get("origin_id"))
        got_origin = _key(record.get("origin_id"))
        if sent_origin is not None:
            if got_origin != sent_origin:
                return False
        elif got_origin is not None or (got_id is not None and got_id in asked_ids):
            return False
    return True


def _echoes(payload: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether ``record`` repeats every attribute of ``payload`` (errors echo inputs; Procore docs:
    Using Sync Actions)."""
    if not payload:
        return False
    for key, value in payload.items():
        if key not in record:
            return False
        got = record[key]
        if got != value and _key(got) != _key(value):
            return False
    return True


def match_batch(
    payloads: Sequence[Mapping[str, Any]],
    entities: Sequence[Any],
    errors: Sequence[Any],
) -> BatchMatch:
    """Tie each returned entity and error to the input it answers.

    By position when the counts allow it (all entities, or all errors, with no ``id`` or
    ``origin_id`` contradicting the order); otherwise by ``origin_id``, then ``id`` (errors
    echo the submitted attributes and entities carry their keys; Procore docs: Using Sync Actions),
    then, for errors, by attribute equality, and finally, for entities of keyless creates, by order
    among the inputs left when as many entities as inputs remain.
    """
    n = len(payloads)
    if not errors and len(entities) == n and _positions_agree(payloads, entities):
        return BatchMatch(
            entities=list(enumerate(entities)),
            errors=[],
            unmatched_entities=[],
            unmatched_errors=[],
            unaccounted=[],
        )
    if not entities and len(errors) == n and _positions_agree(payloads, errors):
        return BatchMatch(
            entities=[],
            errors=list(enumerate(errors)),
            unmatched_entities=[],
            unmatched_errors=[],
            unaccounted=[],
        )
    free = [True] * n
    by_origin: dict[str, int] = {}
    by_id: dict[str, list[int]] = {}
    for pos, payload in enumerate(payloads):
        origin = _key(payload.get("origin_id"))
        if origin is not None:
            by_origin.setdefault(origin, pos)
        ident = _key(payload.get("id"))
        if ident is not None:
            by_id.setdefault(ident, []).append(pos)

    def by_key(record: Mapping[str, Any]) -> int | None:
        origin = _key(record.get("origin_id"))
        if origin is not None:
            found = by_origin.get(origin)
            if found is not None and free[found]:
                free[found] = False
                return found
        ident = _key(record.get("id"))
        if ident is not None:
            for candidate in by_id.get(ident, ()):
                if free[candidate]:
                    free[candidate] = False
                    return candidate
        return None

    matched_errors: list[tuple[int, Mapping[str, Any]]] = []
    matched_entities: list[tuple[int, Mapping[str, Any]]] = []
    loose_errors: list[Mapping[str, Any]] = []
    loose_entities: list[Mapping[str, Any]] = []
    bad_records: list[Mapping[str, Any]] = []
    bad_entities: list[Any] = []
    for record in errors:
        if not isinstance(record, Mapping):
            bad_records.append({"value": record})
            continue
        at = by_key(record)
        if at is None:
            loose_errors.append(record)
        else:
            matched_errors.append((at, record))
    for record in entities:
        if not isinstance(record, Mapping):
            bad_entities.append(record)  # reading it as a model fails the batch, loudly
            continue
        at = by_key(record)
        if at is None:
            loose_entities.append(record)
        else:
            matched_entities.append((at, record))
    unmatched_errors: list[Mapping[str, Any]] = list(bad_records)
    for record in loose_errors:
        found = next(
            (p for p in range(n) if free[p] and _echoes(payloads[p], record)),
            None,
        )
        if found is None:
            unmatched_errors.append(record)
        else:
            free[found] = False
            matched_errors.append((found, record))
    left = [p for p in range(n) if free[p]]
    unmatched_entities: list[Any] = bad_entities
    if loose_entities and len(loose_entities) == len(left) and not unmatched_errors:
        # Keyless creates: Procore answers in the order it was given.
        matched_entities.extend(zip(left, loose_entities, strict=True))
        left = []
    else:
        for record in loose_entities:
            found = next((p for p in left if _echoes(payloads[p], record)), None)
            if found is None:
                unmatched_entities.append(record)
            else:
                left.remove(found)
                matched_entities.append((found, record))
    matched_entities.sort(key=lambda pair: pair[0])
    matched_errors.sort(key=lambda pair: pair[0])
    return BatchMatch(
        entities=matched_entities,
        errors=matched_errors,
        unmatched_entities=unmatched_entities,
        unmatched_errors=unmatched_errors,
        unaccounted=left,
    )


def _messages(value: Any) -> dict[str, tuple[str, ...]]:
    """An ``errors`` object (field → messages), liberally read (Procore docs: Using Sync
    Actions)."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"base": (value,)}
    if isinstance(value, Mapping):
        out: dict[str, tuple[str, ...]] = {}
        for field, msgs in value.items():
            if isinstance(msgs, (list, tuple)):
                out[str(field)] = tuple(str(m) for m in msgs)
            elif msgs is not None:
                out[str(field)] = (str(msgs),)
        return out
    if isinstance(value, (list, tuple)):
        return {"base": tuple(str(m) for m in value)}
    return {"base": (str(value),)}


def read_sync_body(body: Any) -> tuple[list[Any], list[Any]]:
    """``(entities, errors)`` from a Sync response body.

    Accepts ``{"entities": [...], "errors": [...]}`` (Procore docs: Using Sync Actions) and a bare
    array of entities, the response the OpenAPI document gives ``budget_line_items/sync``.

    Raises:
        ResponseValidationError: the body is neither.
    """
    if isinstance(body, list):
        return body, []
    if isinstance(body, Mapping):
        entities = body.get("entities") or []
        errors = body.get("errors") or []
        if isinstance(entities, list) and isinstance(errors, list):
            return entities, errors
    raise ResponseValidationError(
        "Procore's Sync response could not be read: expected an object with entities and "
        f"errors, got {type(body).__name__}",
        errors=["expected {entities: [...], errors: [...]} @ $"],
    )


_FIELD_PATH = re.compile(r"@ \$\.(\w+)")


def _lenient_structure(
    record: Any, model: type[T], endpoint: str, reported: set[frozenset[str]]
) -> T:
    """Read an entity, keeping fields that do not fit the model raw in ``extra``.

    Procore has applied a returned entity; refusing it whole for one odd field would lose the
    account of a written record, so only fields named by the validation errors are set aside.

    Raises:
        ResponseValidationError: the entity is unreadable even without those fields.
    """
    try:
        return structure(record, model)
    except ResponseValidationError as exc:
        if not isinstance(record, Mapping):
            raise
        bad = {m.group(1) for m in _FIELD_PATH.finditer(" ".join(exc.errors))}
        if not bad or not bad <= record.keys() or bad & {"id", "origin_id"}:
            raise
        entity = structure({k: v for k, v in record.items() if k not in bad}, model)
    extra = getattr(entity, "extra", None)
    if isinstance(extra, dict):
        extra.update({k: record[k] for k in bad})
    key = frozenset(bad)
    if key not in reported:  # once per run and field set, not once per record
        reported.add(key)
        log.warning(
            "%s/sync: entity id=%s has fields the model cannot read (%s); kept raw in .extra",
            endpoint,
            record.get("id"),
            ", ".join(sorted(bad)),
        )
    return entity


class SyncAccumulator(Generic[T]):
    """Collects batch outcomes into a :class:`SyncResult` (one per run; not thread-safe).

    Args:
        plan: the run's plan.
        previous: the result being resumed; its entities and errors are kept.
    """

    def __init__(self, plan: SyncPlan, previous: SyncResult[T] | None = None) -> None:
        self.plan = plan
        self.model: type[T] | None = plan.endpoint.model
        self.entities: list[tuple[int, T]] = []
        self.errors: list[SyncError] = []
        self.failed: list[FailedBatch] = []
        self.unaccounted: list[int] = []
        self.unmatched_entities: list[T] = []
        self.unmatched_errors: list[Mapping[str, Any]] = []
        self.batches_done = 0
        self.items_done = 0
        self._reported: set[frozenset[str]] = set()
        if previous is not None:
            self.entities.extend(zip(previous.entity_indexes, previous.entities, strict=True))
            self.errors.extend(previous.errors)
            self.unmatched_entities.extend(previous.unmatched_entities)
            self.unmatched_errors.extend(previous.unmatched_errors)
            self.items_done = len(previous.done_indexes)

    def _typed(self, raw: list[Any]) -> list[T]:
        if self.model is None:
            return cast(list[T], [dict(r) for r in raw])
        try:
            return structure_list(raw, self.model)
        except ResponseValidationError:
            model = self.model
            name = self.plan.endpoint.name
            return [_lenient_structure(r, model, name, self._reported) for r in raw]

    def add_response(self, batch: SyncBatch, body: Any) -> None:
        """Record a batch Procore answered. An unreadable answer fails the batch."""
        try:
            entities, errors = read_sync_body(body)
            match = match_batch(batch.payloads, entities, errors)
            typed = self._typed([raw for _, raw in match.entities])
            loose = self._typed(match.unmatched_entities)
        except ResponseValidationError as exc:
            self.add_failure(batch, exc)
            return
        items = self.plan.items
        for (pos, _), entity in zip(match.entities, typed, strict=True):
            self.entities.append((batch.indexes[pos], entity))
        for pos, raw in match.errors:
            index = batch.indexes[pos]
            payload = batch.payloads[pos]
            self.errors.append(
                SyncError(
                    index=index,
                    id=raw.get("id", payload.get("id")),
                    origin_id=raw.get("origin_id", payload.get("origin_id")),
                    messages=_messages(raw.get("errors")),
                    item=items[index],
                    attributes={k: v for k, v in raw.items() if k != "errors"},
                )
            )
        self.unaccounted.extend(batch.indexes[pos] for pos in match.unaccounted)
        self.unmatched_entities.extend(loose)
        self.unmatched_errors.extend(match.unmatched_errors)
        self._finish(batch)

    def add_failure(self, batch: SyncBatch, exc: BaseException) -> None:
        """Record a batch whose call failed as a whole."""
        items = self.plan.items
        self.failed.append(
            FailedBatch(
                indexes=batch.indexes,
                items=tuple(items[i] for i in batch.indexes),
                exception=exc,
                retried_safely=batch.idempotent,
            )
        )
        self._finish(batch)

    def _finish(self, batch: SyncBatch) -> None:
        self.batches_done += 1
        self.items_done += len(batch.indexes)

    def progress(self) -> SyncProgress:
        """The progress so far."""
        return SyncProgress(
            items_done=self.items_done,
            items_total=len(self.plan.items),
            errors=len(self.errors),
            failed_items=sum(len(b.indexes) for b in self.failed),
            batches_done=self.batches_done,
            batches_total=self.plan.batch_count,
        )

    def result(self) -> SyncResult[T]:
        """The result so far (entities and errors in input order)."""
        entities = sorted(self.entities, key=lambda pair: pair[0])
        return SyncResult(
            endpoint=self.plan.endpoint.name,
            total=len(self.plan.items),
            entities=tuple(e for _, e in entities),
            entity_indexes=tuple(i for i, _ in entities),
            errors=tuple(sorted(self.errors, key=lambda e: e.index)),
            failed_batches=tuple(self.failed),
            unaccounted=tuple(sorted(self.unaccounted)),
            unmatched_entities=tuple(self.unmatched_entities),
            unmatched_errors=tuple(self.unmatched_errors),
        )


ProgressCallback: TypeAlias = Callable[[SyncProgress], object]
"""Called with a :class:`SyncProgress` after each batch."""
