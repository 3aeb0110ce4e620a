"""The Sync-action runner: sends a planned Sync call batch by batch (Procore docs: Using Sync
Actions).

This module is the source of truth for both clients; ``procore_sdk/_sync/_batch.py`` is
generated from it by ``scripts/unasync.py``. Validation, batching and result mapping are pure
and live in ``procore_sdk/_sync_actions.py``.
"""

from __future__ import annotations

import inspect  # unasync: async-only
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from .._concurrency import async_map_ordered
from .._errors import ResponseValidationError
from .._request import RequestOptions
from .._response import decode_json
from .._sync_actions import (
    ProgressCallback,
    SyncAccumulator,
    SyncBatch,
    SyncEndpoint,
    SyncInterruptedError,
    SyncItem,
    SyncResult,
    plan_sync,
)

__all__ = ["AsyncSyncClient", "async_run_sync"]

T = TypeVar("T")


class AsyncSyncClient(Protocol):
    """What the runner needs from a client: its default company and its request loop."""

    @property
    def company_id(self) -> int | None:
        """The client's default ``Procore-Company-Id``."""

    async def _send(self, options: RequestOptions) -> httpx.Response: ...


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
    endpoint: SyncEndpoint[T],
    items: Iterable[SyncItem],
    *,
    batch_size: int | None = None,
    concurrency: int = 1,
    require_keys: bool = False,
    stop_on_failure: bool = False,
    on_progress: ProgressCallback | None = None,
    resume: SyncResult[T] | None = None,
    version: str | None = None,
    timeout: float | None = None,
    **scope: Any,
) -> SyncResult[T]:
    """Sync ``items`` through ``endpoint``, in batches, accounting for every item.

    Args:
        client: an ``AsyncProcore``.
        endpoint: the Sync endpoint (see ``procore_sdk._sync_actions.SYNC_ENDPOINTS``).
        items: write models (``VendorWrite``) or plain dicts, flat (Procore docs: Using Sync
            Actions).
        batch_size: items per call, at most 1000 (Procore docs: Using Sync Actions); 1000 by
            default.
        concurrency: calls in flight at once (1, sequential, by default). Refused above 1 for
            direct costs and direct cost line items, which answer 409 to concurrent Syncs.
        require_keys: refuse items without ``id`` and ``origin_id`` (upsert semantics).
        stop_on_failure: stop sending after the first batch that fails as a whole and raise
            :class:`SyncInterruptedError`; by default the remaining batches are still sent.
        on_progress: called with a ``SyncProgress`` after each batch; if it raises, no more
            batches are sent and :class:`SyncInterruptedError` is raised from its exception.
        resume: the result of an earlier, interrupted run of the same call: only the items it
            did not finish are sent, and the returned result covers the whole call.
        version: the REST version, for endpoints at several (company users: "1.0"-"1.3").
        timeout: seconds per attempt, overriding the client's.
        **scope: the endpoint's scope parameters (``company_id``, ``project_id``, ...) and query
            options (``run_configurable_validations``); ``company_id`` defaults to the client's.

    Returns:
        A ``SyncResult``: entities, item errors mapped to their inputs, failed batches.

    Raises:
        SyncValidationError: the call was refused before anything was sent.
        SyncInterruptedError: the run stopped early; ``.result`` holds what was done.
        KeyboardInterrupt: re-raised with ``.result`` set to the partial result.
    """
    plan = plan_sync(
        endpoint,
        items,
        scope=scope,
        default_company_id=client.company_id,
        batch_size=batch_size,
        concurrency=concurrency,
        require_keys=require_keys,
        resume=resume,
        version=version,
        timeout=timeout,
    )
    accumulator: SyncAccumulator[T] = SyncAccumulator(plan, resume)
    stop = _Stop()

    async def send(batch: SyncBatch) -> _Outcome:
        if stop.requested:
            return _Outcome(batch, sent=False)
        try:
            response = await client._send(plan.request(batch))
        except Exception as exc:
            # Whatever the failure, the batch's items are reported with it, never dropped.
            return _Outcome(batch, error=exc)
        try:
            body = decode_json(response)
        except ResponseValidationError as exc:
            # Reported with the batch's items, like any other failure of the batch.
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
                accumulator.add_failure(outcome.batch, outcome.error)
                if stop_on_failure and interruption is None:
                    interruption, reason = outcome.error, "a batch failed (stop_on_failure=True)"
                    stop.requested = True
            else:
                accumulator.add_response(outcome.batch, outcome.body)
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
            f"Sync of {endpoint.name} stopped after {accumulator.items_done} of {result.total} "
            f"items: {reason}: {type(interruption).__name__}: {interruption}",
            result=result,
        ) from interruption
    return result
