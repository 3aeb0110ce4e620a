"""Procore's Sync action: what happened to every input (the records a Sync call returns).

A ``SyncResult`` accounts for every input of a call: an entity, a
``SyncItemFailure`` (an item Procore refused, mapped back to its input), a
``FailedBatch``, or unaccounted. ``SyncAccumulator`` builds one from the batches'
answers. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar, Union, cast

import attrs
from typing_extensions import TypedDict

from ._errors import ResponseValidationError, SyncFailedError
from ._logging import get_logger
from ._serde import structure, structure_list
from ._sync_action_match import item_messages, match_batch, read_sync_body
from ._types import UnsetType

if TYPE_CHECKING:
    from ._sync_action_plan import SyncBatch, SyncPlan

__all__ = [
    "SyncOptions",
    "FailedBatch",
    "SyncJsonLines",
    "SyncRecord",
    "SyncedEntity",
    "ProgressCallback",
    "ResultCallback",
    "SyncAccumulator",
    "SyncError",
    "SyncItemFailure",
    "SyncProgress",
    "SyncResult",
]

T = TypeVar("T")
T_in = TypeVar("T_in")

log = get_logger("procore_sdk.sync")


@attrs.frozen(kw_only=True)
class SyncedEntity(Generic[T]):
    """One input Procore created or updated, as passed to ``sync(on_result=...)``.

    Attributes:
        index: the item's position in the inputs given to ``sync()``.
        raw: the entity as Procore returned it (the resource as its Show action returns it,
            Procore's "Using Sync Actions" guide).
    """

    index: int
    raw: Mapping[str, Any] = attrs.field(repr=False)
    _reader: Callable[[Mapping[str, Any]], T] = attrs.field(repr=False, eq=False, alias="reader")

    @property
    def entity(self) -> T:
        """The typed entity (the endpoint's model), read from ``raw`` on each access: with
        ``keep_entities=False`` only the entities asked for are built."""
        return self._reader(self.raw)


@attrs.frozen(kw_only=True)
class SyncItemFailure:
    """One item Procore refused, mapped back to the caller's input (a record, not an exception).

    Procore's "Using Sync Actions" guide: each refused item comes back as the submitted
    attributes plus an ``errors`` object.

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
    ``ResponseValidationError``): Procore may have applied such a batch.

    Attributes:
        indexes: positions of its items in the list given to ``sync()``.
        items: the items, as the caller gave them.
        exception: why it failed (an ``APIError`` as a rule).
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
        items_total: items in the call (items given as an iterator: those read so far).
        errors: items Procore refused so far.
        failed_items: items in batches that failed as a whole so far.
        batches_done: batches finished in this run.
        batches_total: batches in this run (items given as an iterator: read so far).
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
    interruption, the not-yet-sent ``remaining_indexes``.

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
        streamed: with ``keep_entities=False``: the inputs synced whose entities went to
            ``on_result`` and were not kept, as ranges of input positions (counted in
            ``succeeded``, not in ``entities``).
    """

    endpoint: str
    total: int
    entities: tuple[T, ...] = ()
    entity_indexes: tuple[int, ...] = ()
    errors: tuple[SyncItemFailure, ...] = ()
    failed_batches: tuple[FailedBatch, ...] = ()
    unaccounted: tuple[int, ...] = ()
    unmatched_entities: tuple[T, ...] = attrs.field(default=(), repr=False)
    unmatched_errors: tuple[Mapping[str, Any], ...] = attrs.field(default=(), repr=False)
    streamed: tuple[range, ...] = attrs.field(default=(), repr=False)

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
        """Items Procore created or updated (kept in ``entities`` or streamed)."""
        return len(self.entities) + sum(len(r) for r in self.streamed)

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
        streamed = (i for r in self.streamed for i in r)
        return frozenset(self.entity_indexes).union(streamed, (e.index for e in self.errors))

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
        if self.streamed:
            # Counted, not collected: an input is synced or refused, never both.
            return self.succeeded + self.failed == self.total
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
        """Raise ``SyncFailedError`` unless every input was synced.

        Raises:
            SyncFailedError: some item was refused, failed with its batch, was never sent or
                could not be accounted for; ``.result`` is this result.
        """
        if not self.ok:
            raise SyncFailedError(self)


SyncError = SyncItemFailure
"""Deprecated: the old name of ``SyncItemFailure`` (it read as an exception, but it is the
record of one refused item). Kept so existing code keeps working; new code uses
``SyncItemFailure``."""


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
    """Collects batch outcomes into a ``SyncResult`` (one per run; not thread-safe).

    Args:
        plan: the run's plan.
        previous: the result being resumed; its entities and errors are kept.
    """

    def __init__(
        self,
        plan: SyncPlan,
        previous: SyncResult[T] | None = None,
        *,
        keep_entities: bool = True,
        records: bool = False,
    ) -> None:
        self.plan = plan
        self.model: type[T] | None = plan.action.model
        self.keep_entities = keep_entities
        self.records = records
        self.streamed: list[range] = list(previous.streamed) if previous is not None else []
        self.entities: list[tuple[int, T]] = []
        self.errors: list[SyncItemFailure] = []
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
            name = self.plan.action.name
            return [_lenient_structure(r, model, name, self._reported) for r in raw]

    def _read_one(self, raw: Mapping[str, Any]) -> T:
        return self._typed([raw])[0]

    def add_response(self, batch: SyncBatch, body: Any) -> list[SyncRecord[T]]:
        """Record a batch Procore answered. An unreadable answer fails the batch.

        Returns the batch's records (entities, then item failures) when the accumulator was
        made with ``records=True``; entities are typed only if kept (or when read)."""
        try:
            entities, errors = read_sync_body(body)
            match = match_batch(batch.payloads, entities, errors)
            # Reading every entity is most of a Sync's client time: without keep_entities it
            # is left to SyncedEntity.entity, for the entities a callback reads.
            raws = [raw for _, raw in match.entities]
            typed = self._typed(raws) if self.keep_entities else []
            loose = self._typed(match.unmatched_entities)
        except ResponseValidationError as exc:
            return self.add_failure(batch, exc)
        out: list[SyncRecord[T]] = []
        if self.keep_entities:
            for (pos, raw), entity in zip(match.entities, typed, strict=True):
                self.entities.append((batch.indexes[pos], entity))
                if self.records:
                    out.append(
                        SyncedEntity(index=batch.indexes[pos], raw=raw, reader=_Kept(entity))
                    )
        else:
            for pos, raw in match.entities:
                self._stream(batch.indexes[pos])
                if self.records:
                    out.append(
                        SyncedEntity(index=batch.indexes[pos], raw=raw, reader=self._read_one)
                    )
        for pos, raw in match.errors:
            index = batch.indexes[pos]
            payload = batch.payloads[pos]
            failure = SyncItemFailure(
                index=index,
                id=raw.get("id", payload.get("id")),
                origin_id=raw.get("origin_id", payload.get("origin_id")),
                messages=item_messages(raw.get("errors")),
                item=batch.items[pos],
                attributes={k: v for k, v in raw.items() if k != "errors"},
            )
            self.errors.append(failure)
            if self.records:
                out.append(failure)
        self.unaccounted.extend(batch.indexes[pos] for pos in match.unaccounted)
        self.unmatched_entities.extend(loose)
        self.unmatched_errors.extend(match.unmatched_errors)
        self._finish(batch)
        return out

    def _stream(self, index: int) -> None:
        # Consecutive positions merge into one range: a million synced inputs are one range.
        last = self.streamed[-1] if self.streamed else None
        if last is not None and last.stop == index:
            self.streamed[-1] = range(last.start, index + 1)
        else:
            self.streamed.append(range(index, index + 1))

    def add_failure(self, batch: SyncBatch, exc: BaseException) -> list[SyncRecord[T]]:
        """Record a batch whose call failed as a whole (returns it as a record when the
        accumulator was made with ``records=True``)."""
        failed = FailedBatch(
            indexes=batch.indexes,
            items=batch.items,
            exception=exc,
            retried_safely=batch.idempotent,
        )
        self.failed.append(failed)
        self._finish(batch)
        return [failed] if self.records else []

    def _finish(self, batch: SyncBatch) -> None:
        self.batches_done += 1
        self.items_done += len(batch.indexes)

    def progress(self) -> SyncProgress:
        """The progress so far."""
        return SyncProgress(
            items_done=self.items_done,
            items_total=self.plan.total,
            errors=len(self.errors),
            failed_items=sum(len(b.indexes) for b in self.failed),
            batches_done=self.batches_done,
            batches_total=self.plan.batch_count,
        )

    def result(self) -> SyncResult[T]:
        """The result so far (entities and errors in input order)."""
        entities = sorted(self.entities, key=lambda pair: pair[0])
        return SyncResult(
            endpoint=self.plan.action.name,
            total=self.plan.total,
            entities=tuple(e for _, e in entities),
            entity_indexes=tuple(i for i, _ in entities),
            errors=tuple(sorted(self.errors, key=lambda e: e.index)),
            failed_batches=tuple(self.failed),
            unaccounted=tuple(sorted(self.unaccounted)),
            unmatched_entities=tuple(self.unmatched_entities),
            unmatched_errors=tuple(self.unmatched_errors),
            streamed=tuple(self.streamed),
        )


ProgressCallback: TypeAlias = Callable[[SyncProgress], object]
"""Called with a ``SyncProgress`` after each batch."""

ResultCallback: TypeAlias = Callable[[Any], object]
"""``sync(on_result=...)``: called with each input's ``SyncRecord``."""


@attrs.frozen
class _Kept(Generic[T]):
    """The reader of an entity already typed (kept in the result): no second structuring."""

    entity: T

    def __call__(self, raw: Mapping[str, Any]) -> T:
        return self.entity


SyncRecord: TypeAlias = Union[SyncedEntity[T], SyncItemFailure, FailedBatch]
"""What ``sync(on_result=...)`` receives, input by input in batch order: a
``SyncedEntity``, a ``SyncItemFailure`` or a ``FailedBatch``."""


class SyncJsonLines:
    """An ``on_result`` sink writing one JSON object per line, so a Sync of millions of items
    keeps its account on disk instead of in memory::

        with SyncJsonLines("sync.jsonl") as sink:
            result = client.vendors.sync(items, on_result=sink, keep_entities=False)

    Lines: ``{"index": 3, "status": "synced", "entity": {...}}`` (the entity as Procore
    returned it); ``{"index": 4, "status": "refused", "id": ..., "origin_id": ...,
    "messages": {...}}``; ``{"status": "failed_batch", "indexes": [...], "error": "..."}``.
    The inputs themselves are not written.

    Args:
        target: a path, or a text file open for writing (left open).
    """

    def __init__(self, target: str | Any) -> None:
        if isinstance(target, str) or hasattr(target, "__fspath__"):
            self._file: IO[str] = open(target, "w", encoding="utf-8")  # noqa: SIM115
            self._owned = True
        elif hasattr(target, "write"):
            self._file = target
            self._owned = False
        else:
            from ._errors import argument_type_error

            raise argument_type_error("target", target, "a path or a text file open for writing")
        self.lines = 0

    def __call__(self, record: SyncRecord[Any]) -> None:
        line: dict[str, Any]
        if isinstance(record, SyncedEntity):
            line = {"index": record.index, "status": "synced", "entity": record.raw}
        elif isinstance(record, SyncItemFailure):
            line = {
                "index": record.index,
                "status": "refused",
                "id": record.id,
                "origin_id": record.origin_id,
                "messages": {k: list(v) for k, v in record.messages.items()},
            }
        else:
            line = {
                "status": "failed_batch",
                "indexes": list(record.indexes),
                "error": f"{type(record.exception).__name__}: {record.exception}",
            }
        self._file.write(json.dumps(line, default=str) + "\n")
        self.lines += 1

    def close(self) -> None:
        """Close the file if this sink opened it (else flush it)."""
        if self._owned:
            self._file.close()
        else:
            self._file.flush()

    def __enter__(self) -> SyncJsonLines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncOptions(TypedDict, total=False):
    """The keywords of the Sync layer's ``sync()`` after ``items``, taken by the generated Sync
    methods not named ``sync`` (``client.direct_costs.sync_line_items``); a test keeps the two
    lists equal."""

    company_id: int | UnsetType | None
    project_id: int | None
    contract_id: int | None
    vendor_id: int | None
    sub_job_id: int | None
    standard_cost_code_list_id: int | None
    work_order_contract_id: int | None
    purchase_order_contract_id: int | None
    prime_contract_id: int | None
    potential_change_order_id: int | None
    run_configurable_validations: bool | None
    view: str | None
    batch_size: int | None
    concurrency: int
    require_keys: bool
    stop_on_failure: bool
    on_progress: ProgressCallback | None
    resume: SyncResult[Any] | None
    version: str | float | None
    timeout: float | None
    on_result: ResultCallback | None
    keep_entities: bool
