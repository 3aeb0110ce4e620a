"""Sync-action groups of ``AsyncProcore`` for resources with no other home (Procore's Sync action).

This module is the source of truth for both clients; ``procore_sdk/_blocking/_sync_resources.py`` is
generated from it by ``scripts/unasync.py``.

``client.direct_costs.sync(items, project_id=...)`` and its siblings send the items through the
Sync runner (``procore_sdk/_async/_batch.py``). Core resource groups (``client.vendors``...)
get the same ``sync()`` by mixing in :class:`AsyncSyncMixin`. Method, path, version and where
each scope value travels come from the operation table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from .. import _operations
from .._types import UNSET, UnsetType

# The Sync runner and its models load on the first sync() call: every client has these
# groups, few programs sync.
if TYPE_CHECKING:
    from .._sync_action_plan import SyncActionSpec, SyncItem
    from .._sync_action_result import ProgressCallback, ResultCallback, SyncResult
    from ..models import (
        DirectCostLineItem,
        Insurance,
        PotentialChangeOrderLineItem,
        Uom,
    )
    from ._batch import AsyncSyncClient

__all__ = ["AsyncSyncAction", "AsyncSyncMixin", "AsyncSyncResources"]

T = TypeVar("T")


class AsyncSyncMixin(Generic[T]):
    """Adds ``sync()`` to a resource group.

    The group names its Sync action in ``_sync_name`` (a name the operation table resolves,
    e.g. as a class attribute) and has ``_client``, the ``AsyncProcore`` it sends with::

        class AsyncVendorsResource(
            AsyncCompanyResource[Vendor, VendorWrite], AsyncSyncMixin[Vendor]
        ):
            _sync_name = "vendors"
    """

    _client: Any
    _sync_name: str

    async def sync(
        self,
        items: Iterable[SyncItem],
        *,
        company_id: int | UnsetType | None = UNSET,
        project_id: int | None = None,
        contract_id: int | None = None,
        vendor_id: int | None = None,
        sub_job_id: int | None = None,
        standard_cost_code_list_id: int | None = None,
        work_order_contract_id: int | None = None,
        purchase_order_contract_id: int | None = None,
        prime_contract_id: int | None = None,
        potential_change_order_id: int | None = None,
        run_configurable_validations: bool | None = None,
        view: str | None = None,
        batch_size: int | None = None,
        concurrency: int = 1,
        require_keys: bool = False,
        stop_on_failure: bool = False,
        on_progress: ProgressCallback | None = None,
        resume: SyncResult[T] | None = None,
        version: str | float | None = None,
        timeout: float | None = None,
        on_result: ResultCallback | None = None,
        keep_entities: bool = True,
    ) -> SyncResult[T]:
        """Create or update many records with Procore's Sync action, 1000 per call.

        Calls the action's ``<collection>/sync`` (PATCH; POST for budget line items), as
        Procore's "Using Sync Actions" guide describes. Every input is accounted for in the
        result: an entity, an item failure mapped back to its index, or a failed batch with
        its items.

        Scope keywords: each Sync action takes the ones its endpoint has (Procore's API
        reference); a keyword it does not take is refused with ``SyncValidationError``.

        Args:
            items: write models or plain dicts: a list, or an iterator (a generator), read one
                batch at a time (each batch is checked as it is read; a batch that fails the
                checks is reported as a failed batch, not sent).
            company_id: the company: an explicit value wins, ``None`` means no company (no
                ``Procore-Company-Id``), left out means the client's.
            project_id: the project, for project-scoped actions.
            contract_id: the contract (potential change orders, change order requests).
            vendor_id: the vendor (vendor insurances).
            sub_job_id: the sub job (cost codes; optional).
            standard_cost_code_list_id: the list (standard cost codes).
            work_order_contract_id: the parent contract (its line items).
            purchase_order_contract_id: the parent contract (its line items).
            prime_contract_id: the parent contract (its line items).
            potential_change_order_id: the parent change order (its line items).
            run_configurable_validations: Procore's query option (projects, vendors).
            view: Procore's query option (standard cost codes).
            batch_size: items per call, at most 1000.
            concurrency: calls in flight at once (refused above 1 for direct costs).
            require_keys: refuse items that have neither ``id`` nor ``origin_id``.
            stop_on_failure: stop after the first batch that fails as a whole.
            on_progress: called with a ``SyncProgress`` after each batch.
            resume: an earlier result of the same call; only its remaining items are sent.
            version: the REST version (``"v1.2"``, ``"1.2"`` or ``1.2``), where the endpoint
                has several.
            timeout: seconds per attempt.
            on_result: called with each input's record as its batch finishes: a
                ``SyncedEntity`` (``.entity`` typed on access, ``.raw``), a
                ``SyncItemFailure`` or a ``FailedBatch``; ``SyncJsonLines("out.jsonl")``
                writes them to a file. May be a coroutine function (Async clients only).
            keep_entities: ``False`` keeps no entities in the result, only counts, errors
                and failed batches: flat memory for millions of items (pair it with
                ``on_result``).

        Raises:
            SyncValidationError: refused before sending (limits, duplicates, missing scope).
            SyncInterruptedError: stopped early; ``.result`` holds the partial result.
        """
        from .._sync_action_plan import sync_action
        from ._batch import async_run_sync

        action = cast("SyncActionSpec[T]", sync_action(self._sync_name))
        return await async_run_sync(
            cast("AsyncSyncClient", self._client),
            action,
            items,
            scope={
                "project_id": project_id,
                "contract_id": contract_id,
                "vendor_id": vendor_id,
                "sub_job_id": sub_job_id,
                "standard_cost_code_list_id": standard_cost_code_list_id,
                "work_order_contract_id": work_order_contract_id,
                "purchase_order_contract_id": purchase_order_contract_id,
                "prime_contract_id": prime_contract_id,
                "potential_change_order_id": potential_change_order_id,
                "run_configurable_validations": run_configurable_validations,
                "view": view,
            },
            company_id=company_id,
            batch_size=batch_size,
            concurrency=concurrency,
            require_keys=require_keys,
            stop_on_failure=stop_on_failure,
            on_progress=on_progress,
            resume=resume,
            version=version,
            timeout=timeout,
            on_result=on_result,
            keep_entities=keep_entities,
        )


class AsyncSyncAction(AsyncSyncMixin[T]):
    """One Sync action bound to a client: ``await action.sync(items, ...)``.

    Args:
        client: the ``AsyncProcore`` to send with.
        name: the Sync action's name (``"direct_costs"``).
    """

    def __init__(self, client: AsyncSyncClient, name: str) -> None:
        self._client = client
        self._sync_name = name

    @property
    def endpoint(self) -> SyncActionSpec[T]:
        """The Sync action this group calls."""
        from .._sync_action_plan import sync_action

        return cast("SyncActionSpec[T]", sync_action(self._sync_name))

    @property
    def operation(self) -> _operations.Operation:
        """The operation table's entry for this action (its default version)."""
        return self.endpoint.operation()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.endpoint.describe()}>"


class AsyncSyncResources:
    """Mixin giving the client a Sync group per resource that has no other resource group."""

    def _sync_action(self, name: str) -> AsyncSyncAction[Any]:
        # Cached per client copy: for_company() copies reset ``_resource_cache``.
        cache: dict[str, Any] | None = self.__dict__.get("_resource_cache")
        if cache is None:
            cache = self.__dict__["_resource_cache"] = {}
        key = "sync:" + name
        action = cache.get(key)
        if action is None:
            action = cache[key] = AsyncSyncAction(cast("AsyncSyncClient", self), name)
        return cast(AsyncSyncAction[Any], action)

    @property
    def potential_change_order_line_items(self) -> AsyncSyncAction[PotentialChangeOrderLineItem]:
        """Sync potential change order line items: ``.sync(items, ...)``.

        Scope: ``potential_change_order_id``, ``project_id``.
        """
        return self._sync_action("potential_change_order_line_items")

    @property
    def direct_cost_line_items(self) -> AsyncSyncAction[DirectCostLineItem]:
        """Sync direct cost line items: ``.sync(items, ...)``.

        Scope: ``project_id``; sequential only (Procore answers 409 to concurrent calls).
        """
        return self._sync_action("direct_cost_line_items")

    @property
    def uoms(self) -> AsyncSyncAction[Uom]:
        """Sync uoms: ``.sync(items, ...)``.

        Scope: ``company_id``.
        """
        return self._sync_action("uoms")

    @property
    def insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync insurances: ``.sync(items, ...)``.

        Scope: the company header.
        """
        return self._sync_action("insurances")
