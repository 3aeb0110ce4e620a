"""Sync-action groups of ``AsyncProcore`` for resources with no other home (Procore docs: Using Sync
Actions).

This module is the source of truth for both clients; ``procore_sdk/_sync/_sync_resources.py`` is
generated from it by ``scripts/unasync.py``.

``client.direct_costs.sync(items, project_id=...)`` and its siblings send the items through the
Sync runner (``procore_sdk/_async/_batch.py``). Core resource groups (``client.vendors``...)
get the same ``sync()`` by mixing in :class:`AsyncSyncMixin`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar, cast

from .. import _sync_actions as _sa
from .._sync_actions import ProgressCallback, SyncEndpoint, SyncItem, SyncResult
from ..models import (
    BudgetLineItem,
    CalendarItem,
    ChangeOrderRequest,
    CommitmentLineItem,
    DirectCost,
    DirectCostLineItem,
    Insurance,
    PotentialChangeOrder,
    PotentialChangeOrderLineItem,
    PrimeContractLineItem,
    PurchaseOrderContract,
    SubJob,
    Task,
    TaxCode,
    TaxType,
    Todo,
    Uom,
    WorkOrderContract,
)
from ._batch import AsyncSyncClient, async_run_sync

__all__ = ["AsyncSyncAction", "AsyncSyncMixin", "AsyncSyncResources"]

T = TypeVar("T")


class AsyncSyncMixin(Generic[T]):
    """Adds ``sync()`` to a resource group.

    The group sets ``_sync_endpoint`` (an entry of ``SYNC_ENDPOINTS``, e.g. as a class
    attribute) and has ``_client``, the ``AsyncProcore`` it sends with::

        class AsyncVendorsResource(
            AsyncCompanyResource[Vendor, VendorWrite], AsyncSyncMixin[Vendor]
        ):
            _sync_endpoint = SYNC_ENDPOINTS["vendors"]
    """

    _client: Any
    _sync_endpoint: SyncEndpoint[Any]

    async def sync(
        self,
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
        """Create or update many records with Procore's Sync action, 1000 per call (Procore docs:
        Using Sync Actions).

        Calls the endpoint's ``<collection>/sync`` (PATCH; POST for budget line items).
        Every input is accounted for in the result: an entity, an item error mapped back to
        its index, or a failed batch with its items.

        Args:
            items: write models or plain dicts.
            batch_size: items per call, at most 1000.
            concurrency: calls in flight at once (refused above 1 for direct costs).
            require_keys: refuse items that have neither ``id`` nor ``origin_id``.
            stop_on_failure: stop after the first batch that fails as a whole.
            on_progress: called with a ``SyncProgress`` after each batch.
            resume: an earlier result of the same call; only its remaining items are sent.
            version: the REST version, where the endpoint has several.
            timeout: seconds per attempt.
            **scope: the endpoint's scope (``project_id=``, ``company_id=``...).

        Raises:
            SyncValidationError: refused before sending (limits, duplicates, missing scope).
            SyncInterruptedError: stopped early; ``.result`` holds the partial result.
        """
        endpoint = cast(SyncEndpoint[T], self._sync_endpoint)
        return await async_run_sync(
            cast(AsyncSyncClient, self._client),
            endpoint,
            items,
            batch_size=batch_size,
            concurrency=concurrency,
            require_keys=require_keys,
            stop_on_failure=stop_on_failure,
            on_progress=on_progress,
            resume=resume,
            version=version,
            timeout=timeout,
            **scope,
        )


class AsyncSyncAction(AsyncSyncMixin[T]):
    """One Sync endpoint bound to a client: ``await action.sync(items, ...)``.

    Args:
        client: the ``AsyncProcore`` to send with.
        endpoint: the endpoint (an entry of ``SYNC_ENDPOINTS``).
    """

    def __init__(self, client: AsyncSyncClient, endpoint: SyncEndpoint[T]) -> None:
        self._client = client
        self._sync_endpoint = endpoint

    @property
    def endpoint(self) -> SyncEndpoint[T]:
        """The Sync endpoint this action calls."""
        return cast(SyncEndpoint[T], self._sync_endpoint)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._sync_endpoint.describe()}>"


class AsyncSyncResources:
    """Mixin giving the client a Sync group per resource that has no other resource group."""

    def _sync_action(self, endpoint: SyncEndpoint[T]) -> AsyncSyncAction[T]:
        # Cached per client copy: for_company() copies reset ``_resource_cache``.
        cache: dict[str, Any] | None = self.__dict__.get("_resource_cache")
        if cache is None:
            cache = self.__dict__["_resource_cache"] = {}
        key = "sync:" + endpoint.name
        action = cache.get(key)
        if action is None:
            action = cache[key] = AsyncSyncAction(cast(AsyncSyncClient, self), endpoint)
        return cast(AsyncSyncAction[T], action)

    @property
    def work_order_contracts(self) -> AsyncSyncAction[WorkOrderContract]:
        """Sync work order contracts: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/work_order_contracts/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.WORK_ORDER_CONTRACTS)

    @property
    def purchase_order_contracts(self) -> AsyncSyncAction[PurchaseOrderContract]:
        """Sync purchase order contracts: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/purchase_order_contracts/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.PURCHASE_ORDER_CONTRACTS)

    @property
    def work_order_contract_line_items(self) -> AsyncSyncAction[CommitmentLineItem]:
        """Sync work order contract line items: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/work_order_contracts/{work_order_contract_id}/line_items/sync``.
        Scope: ``work_order_contract_id``, ``project_id``.
        """
        return self._sync_action(_sa.WORK_ORDER_CONTRACT_LINE_ITEMS)

    @property
    def purchase_order_contract_line_items(self) -> AsyncSyncAction[CommitmentLineItem]:
        """Sync purchase order contract line items: ``.sync(items, ...)``.

        Calls
        ``PATCH /rest/v1.0/purchase_order_contracts/{purchase_order_contract_id}/line_items/sync``.
        Scope: ``purchase_order_contract_id``, ``project_id``.
        """
        return self._sync_action(_sa.PURCHASE_ORDER_CONTRACT_LINE_ITEMS)

    @property
    def prime_contract_line_items(self) -> AsyncSyncAction[PrimeContractLineItem]:
        """Sync prime contract line items: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/prime_contracts/{prime_contract_id}/line_items/sync``.
        Scope: ``prime_contract_id``, ``project_id``.
        """
        return self._sync_action(_sa.PRIME_CONTRACT_LINE_ITEMS)

    @property
    def potential_change_orders(self) -> AsyncSyncAction[PotentialChangeOrder]:
        """Sync potential change orders: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/potential_change_orders/sync``.
        Scope: ``project_id``, ``contract_id``.
        """
        return self._sync_action(_sa.POTENTIAL_CHANGE_ORDERS)

    @property
    def potential_change_order_line_items(self) -> AsyncSyncAction[PotentialChangeOrderLineItem]:
        """Sync potential change order line items: ``.sync(items, ...)``.

        Calls
        ``PATCH /rest/v1.0/potential_change_orders/{potential_change_order_id}/line_items/sync``.
        Scope: ``potential_change_order_id``, ``project_id``.
        """
        return self._sync_action(_sa.POTENTIAL_CHANGE_ORDER_LINE_ITEMS)

    @property
    def change_order_requests(self) -> AsyncSyncAction[ChangeOrderRequest]:
        """Sync change order requests: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/change_order_requests/sync``.
        Scope: ``project_id``, ``contract_id``.
        """
        return self._sync_action(_sa.CHANGE_ORDER_REQUESTS)

    @property
    def direct_costs(self) -> AsyncSyncAction[DirectCost]:
        """Sync direct costs: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync``.
        Scope: ``project_id``; sequential only (Procore API reference: Sync Direct Cost Items).
        """
        return self._sync_action(_sa.DIRECT_COSTS)

    @property
    def direct_cost_line_items(self) -> AsyncSyncAction[DirectCostLineItem]:
        """Sync direct cost line items: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync``.
        Scope: ``project_id``; sequential only (Procore API reference: Sync Direct Cost Line
        Items).
        """
        return self._sync_action(_sa.DIRECT_COST_LINE_ITEMS)

    @property
    def budget_line_items(self) -> AsyncSyncAction[BudgetLineItem]:
        """Sync budget line items: ``.sync(items, ...)``.

        Calls ``POST /rest/v1.0/budget_line_items/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.BUDGET_LINE_ITEMS)

    @property
    def tasks(self) -> AsyncSyncAction[Task]:
        """Sync tasks: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/tasks/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.TASKS)

    @property
    def todos(self) -> AsyncSyncAction[Todo]:
        """Sync todos: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/todos/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.TO_DOS)

    @property
    def sub_jobs(self) -> AsyncSyncAction[SubJob]:
        """Sync sub jobs: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/sub_jobs/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.SUB_JOBS)

    @property
    def tax_codes(self) -> AsyncSyncAction[TaxCode]:
        """Sync tax codes: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/tax_codes/sync``.
        Scope: ``company_id``.
        """
        return self._sync_action(_sa.TAX_CODES)

    @property
    def tax_types(self) -> AsyncSyncAction[TaxType]:
        """Sync tax types: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/tax_types/sync``.
        Scope: ``company_id``.
        """
        return self._sync_action(_sa.TAX_TYPES)

    @property
    def uoms(self) -> AsyncSyncAction[Uom]:
        """Sync uoms: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/companies/{company_id}/uoms/sync``.
        Scope: ``company_id``.
        """
        return self._sync_action(_sa.UOMS)

    @property
    def coordination_issues(self) -> AsyncSyncAction[dict[str, Any]]:
        """Sync coordination issues: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/coordination_issues/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.COORDINATION_ISSUES)

    @property
    def calendar_items(self) -> AsyncSyncAction[CalendarItem]:
        """Sync calendar items: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/projects/{project_id}/schedule/calendar_items/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.CALENDAR_ITEMS)

    @property
    def insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync insurances: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/insurances/sync``.
        Scope: the company header.
        """
        return self._sync_action(_sa.INSURANCES)

    @property
    def company_insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync company insurances: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/companies/{company_id}/insurances/sync``.
        Scope: ``company_id``.
        """
        return self._sync_action(_sa.COMPANY_INSURANCES)

    @property
    def project_insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync project insurances: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/projects/{project_id}/insurances/sync``.
        Scope: ``project_id``.
        """
        return self._sync_action(_sa.PROJECT_INSURANCES)

    @property
    def company_vendor_insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync company vendor insurances: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/companies/{company_id}/vendors/{vendor_id}/insurances/sync``.
        Scope: ``company_id``, ``vendor_id``.
        """
        return self._sync_action(_sa.COMPANY_VENDOR_INSURANCES)

    @property
    def project_vendor_insurances(self) -> AsyncSyncAction[Insurance]:
        """Sync project vendor insurances: ``.sync(items, ...)``.

        Calls ``PATCH /rest/v1.0/projects/{project_id}/vendors/{vendor_id}/insurances/sync``.
        Scope: ``project_id``, ``vendor_id``.
        """
        return self._sync_action(_sa.PROJECT_VENDOR_INSURANCES)
