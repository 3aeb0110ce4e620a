"""The Sync-action runner: sends a planned Sync call batch by batch (Procore's Sync action).

This module is the source of truth for both clients; ``procore_sdk/_blocking/_batch.py`` is
generated from it by ``scripts/unasync.py``. Validation and batching
(``procore_sdk/_sync_action_plan.py``), matching (``_sync_action_match.py``) and results
(``_sync_action_result.py``) are pure; every batch goes through the one call pipeline
(``async_call_operation``).
"""

from __future__ import annotations

import inspect  # unasync: async-only
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from .._concurrency import async_map_ordered
from .._errors import SyncInterruptedError, argument_type_error
from .._sync_action_plan import SyncActionSpec, SyncBatch, SyncItem, plan_sync
from .._sync_action_result import (
    ProgressCallback,
    ResultCallback,
    SyncAccumulator,
    SyncResult,
)
from .._types import UNSET, UnsetType
from ._calls import _Sender as AsyncSyncClient
from ._calls import async_call_operation

__all__ = ["AsyncSyncClient", "async_run_sync"]

T = TypeVar("T")


@attrs.define
class _Outcome:
    batch: SyncBatch
    sent: bool = True
    body: Any = None
    error: BaseException | None = None


@attrs.define
class _Stop:
    requested: bool = False


async def async_run_sync(
    client: AsyncSyncClient,
    action: SyncActionSpec[T],
    items: Iterable[SyncItem],
    *,
    scope: Mapping[str, Any] | None = None,
    company_id: int | UnsetType | None = UNSET,
    batch_size: int | None = None,
    concurrency: int = 1,
    require_keys: bool = False,
    stop_on_failure: bool = False,
    on_progress: ProgressCallback | None = None,
    resume: SyncResult[T] | None = None,
    version: object = None,
    timeout: float | None = None,
    on_result: ResultCallback | None = None,
    keep_entities: bool = True,
) -> SyncResult[T]:
    """Sync ``items`` through ``action``, in batches, accounting for every item.

    Args:
        client: an ``AsyncProcore``.
        action: the Sync action (``procore_sdk._sync_action_plan.sync_action("vendors")``).
        items: write models (``VendorWrite``) or plain dicts, flat (not wrapped): a list, or
            an iterator (a generator), which is read one batch at a time.
        scope: the operation's scope values (``project_id``, parent ids) and query options
            (``run_configurable_validations``), by name; ``None`` values count as not given.
        company_id: the call's company: an explicit value wins, ``None`` means no company,
            left out means the client's (the pipeline's one rule).
        batch_size: items per call, at most 1000 (Procore's "Using Sync Actions" guide).
        concurrency: calls in flight at once (1, sequential, by default). Refused above 1 where
            the operation table says Procore refuses concurrent calls (direct costs, 409).
        require_keys: refuse items without ``id`` and ``origin_id`` (upsert semantics).
        stop_on_failure: stop sending after the first batch that fails as a whole and raise
            :class:`SyncInterruptedError`; by default the remaining batches are still sent.
        on_progress: called with a ``SyncProgress`` after each batch; if it raises, no more
            batches are sent and :class:`SyncInterruptedError` is raised from its exception.
        resume: the result of an earlier, interrupted run of the same call: only the items it
            did not finish are sent, and the returned result covers the whole call.
        version: the REST version in any spelling (``"v1.2"``, ``"1.2"``, ``1.2``), where the
            table offers several (company users: v1.0 to v1.3).
        timeout: seconds per attempt, overriding the client's.
        on_result: called with each input's record (``SyncedEntity``, ``SyncItemFailure`` or
            ``FailedBatch``) as its batch finishes, in batch order; if it raises, no more
            batches are sent and :class:`SyncInterruptedError` is raised from its exception.
        keep_entities: ``False`` keeps no entities in the result (only counts, errors and
            failed batches), so memory stays flat however many items are synced; entities
            reach ``on_result`` untyped until read.

    Returns:
        A ``SyncResult``: entities, item errors mapped to their inputs, failed batches.

    Raises:
        SyncValidationError: the call was refused before anything was sent.
        SyncInterruptedError: the run stopped early; ``.result`` holds what was done.
        KeyboardInterrupt: re-raised with ``.result`` set to the partial result.
    """
    plan = plan_sync(
        action,
        items,
        scope=scope,
        company_id=company_id,
        default_company_id=client.company_id,
        batch_size=batch_size,
        concurrency=concurrency,
        require_keys=require_keys,
        resume=resume,
        version=version,
        timeout=timeout,
    )
    if not isinstance(keep_entities, bool):
        raise argument_type_error("keep_entities", keep_entities, "True or False")
    if on_result is not None and not callable(on_result):
        raise argument_type_error("on_result", on_result, "a callable taking one record")
    accumulator: SyncAccumulator[T] = SyncAccumulator(
        plan, resume, keep_entities=keep_entities, records=on_result is not None
    )
    stop = _Stop()

    async def send(batch: SyncBatch) -> _Outcome:
        if stop.requested:
            return _Outcome(batch, sent=False)
        if batch.problem is not None:
            # An iterator's batch that failed its checks: reported with its items, not sent.
            return _Outcome(batch, error=batch.problem)
        try:
            body = await async_call_operation(
                client,
                plan.operation,
                plan.values,
                query=plan.query,
                body=plan.body(batch),
                company_id=plan.company_id,
                timeout=plan.timeout,
                # Retrying a PATCH/POST after a 5xx is only safe for keyed upserts.
                idempotent=batch.idempotent,
            )
        except Exception as exc:
            # Whatever the failure (an error status, an unreadable body...), the batch's items
            # are reported with it, never dropped.
            return _Outcome(batch, error=exc)
        return _Outcome(batch, body=body)

    interruption: BaseException | None = None
    reason = ""
    callback_failed = False
    outcomes = async_map_ordered(send, plan.batches(), limit=plan.concurrency)
    try:
        async for outcome in outcomes:
            if not outcome.sent:
                continue
            if outcome.error is not None:
                records = accumulator.add_failure(outcome.batch, outcome.error)
                if stop_on_failure and interruption is None:
                    interruption, reason = outcome.error, "a batch failed (stop_on_failure=True)"
                    stop.requested = True
            else:
                records = accumulator.add_response(outcome.batch, outcome.body)
            if on_result is not None and not callback_failed:
                try:
                    for record in records:
                        given = on_result(record)
                        if inspect.isawaitable(given):  # unasync: async-only
                            await given  # unasync: async-only
                except Exception as exc:
                    callback_failed = True
                    if interruption is None:
                        interruption, reason = exc, "the result callback raised"
                    stop.requested = True
            if on_progress is not None and not callback_failed:
                try:
                    reported = on_progress(accumulator.progress())
                    if inspect.isawaitable(reported):  # unasync: async-only
                        await reported  # unasync: async-only
                except Exception as exc:
                    # Batches already in flight are still recorded; no new ones start.
                    callback_failed = True
                    if interruption is None:
                        interruption, reason = exc, "the progress callback raised"
                    stop.requested = True
    except BaseException as exc:
        exc.result = accumulator.result()  # type: ignore[attr-defined]
        raise
    finally:
        # Close the generator now so no batch starts after an interruption.
        close = getattr(outcomes, "aclose", None)
        if close is not None:
            await close()
    result = accumulator.result()
    if interruption is not None:
        raise SyncInterruptedError(
            f"Sync of {action.name} stopped after {accumulator.items_done} of {result.total} "
            f"items: {reason}: {type(interruption).__name__}: {interruption}",
            result=result,
        ) from interruption
    return result
