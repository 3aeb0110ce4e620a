"""Sync actions against the in-process FakeProcore, both clients (§7)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from procore_sdk import AsyncProcore, Procore, SyncInterruptedError, SyncProgress, SyncResult
from procore_sdk._async._sync_resources import AsyncSyncAction
from procore_sdk._blocking._sync_resources import SyncAction
from procore_sdk._sync_action_plan import SYNC_ACTIONS, SyncActionSpec, sync_action
from procore_sdk.models import Vendor, VendorWrite
from procore_sdk.testing import FakeProcore

VENDORS = sync_action("vendors")
DIRECT_COSTS = sync_action("direct_costs")
BUDGET_LINE_ITEMS = sync_action("budget_line_items")

Call = Callable[..., SyncResult[Any]]


def _no_sleep(_: float) -> None:
    return None


async def _no_async_sleep(_: float) -> None:
    return None


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, fake: FakeProcore) -> Call:
    """``call(endpoint, items, **kw)`` through a Procore or an AsyncProcore on the fake."""
    token = fake.issue_token().access_token
    common: dict[str, Any] = {
        "access_token": token,
        "company_id": fake.company_id,
        "base_url": fake.base_url,
    }
    if request.param == "sync":
        client = Procore(
            http_client=httpx.Client(transport=fake.transport()), sleep=_no_sleep, **common
        )

        def call_sync(endpoint: SyncActionSpec[Any], items: Any, **kw: Any) -> SyncResult[Any]:
            return SyncAction(client, endpoint.name).sync(items, **kw)

        return call_sync

    def call_async(endpoint: SyncActionSpec[Any], items: Any, **kw: Any) -> SyncResult[Any]:
        async def main() -> SyncResult[Any]:
            async with AsyncProcore(
                http_client=httpx.AsyncClient(transport=fake.async_transport()),
                sleep=_no_async_sleep,
                **common,
            ) as client:
                return await AsyncSyncAction(client, endpoint.name).sync(items, **kw)

        return asyncio.run(main())

    return call_async


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=1)


def _vendors(n: int) -> list[Any]:
    items: list[Any] = []
    for i in range(n):
        name = "" if i % 33 == 5 else f"Vendor {i}"
        if i % 2:
            items.append(VendorWrite(name=name, origin_id=f"ERP-{i}"))
        else:
            items.append({"name": name, "origin_id": f"ERP-{i}", "city": "Austin"})
    return items


def _sync_requests(fake: FakeProcore) -> list[Any]:
    return [r for r in fake.requests if r.path.endswith("/sync")]


def test_ten_thousand_vendors_against_the_fake(fake: FakeProcore, call: Call) -> None:
    items = _vendors(10_000)
    invalid = [i for i in range(10_000) if i % 33 == 5]
    result = call(VENDORS, items)
    assert len(_sync_requests(fake)) == 10
    assert result.succeeded + result.failed == 10_000
    assert [e.index for e in result.errors] == invalid
    assert all(e.messages.get("name") for e in result.errors)
    assert result.unaccounted == ()
    assert result.unmatched_entities == ()
    assert result.unmatched_errors == ()
    for index, vendor in result.entities_by_index().items():
        assert isinstance(vendor, Vendor)
        assert vendor.origin_id == f"ERP-{index}"
    # A second run updates the same records (origin_id upsert) instead of creating new ones.
    bad = set(invalid)
    again = call(VENDORS, [item for n, item in enumerate(items[:1500]) if n not in bad])
    assert again.ok
    ids = result.entities_by_index()
    assert [v.id for v in again.entities] == [ids[n].id for n in range(1500) if n not in bad]


def test_server_error_from_the_fake_is_retried_for_keyed_items(
    fake: FakeProcore, call: Call
) -> None:
    fake.fail(500, times=1, method="PATCH", path="/rest/v1.0/vendors/sync")
    result = call(VENDORS, _vendors(1500), batch_size=1000)
    assert len(_sync_requests(fake)) == 3
    assert result.complete
    assert result.failed_batches == ()


def test_server_error_from_the_fake_fails_the_keyless_batch(fake: FakeProcore, call: Call) -> None:
    fake.fail(500, times=1, method="PATCH", path="/rest/v1.0/vendors/sync")
    items = [{"name": f"V{i}"} for i in range(1500)]
    result = call(VENDORS, items, batch_size=1000)
    assert len(_sync_requests(fake)) == 2
    assert [b.indexes[0] for b in result.failed_batches] == [0]
    assert result.succeeded == 500
    assert result.remaining_indexes == list(range(1000))


def test_direct_costs_and_budget_line_items_on_the_fake(fake: FakeProcore, call: Call) -> None:
    project = fake.project_id
    costs = call(DIRECT_COSTS, [{"origin_id": f"DC-{i}"} for i in range(3)], project_id=project)
    assert costs.complete
    assert costs.unaccounted == ()
    budget = call(
        BUDGET_LINE_ITEMS, [{"origin_id": f"B-{i}"} for i in range(3)], project_id=project
    )
    assert budget.complete
    assert budget.unaccounted == ()
    request = _sync_requests(fake)[-1]
    assert request.method == "POST"


def _fake_scope(fake: FakeProcore, endpoint: SyncActionSpec[Any]) -> dict[str, Any]:
    first = {
        "work_order_contract_id": "work_order_contracts",
        "purchase_order_contract_id": "purchase_order_contracts",
        "prime_contract_id": "prime_contracts",
        "contract_id": "prime_contracts",
        "potential_change_order_id": "potential_change_orders",
        "vendor_id": "vendors",
        "standard_cost_code_list_id": "standard_cost_code_lists",
    }
    scope: dict[str, Any] = {}
    for param in endpoint.operation().scope:
        if param.name == "company_id" or not param.required:
            continue
        if param.name == "project_id":
            scope["project_id"] = fake.project_id
        else:
            scope[param.name] = fake.records(first[param.name])[0]["id"]
    return scope


@pytest.mark.parametrize("name", sorted(SYNC_ACTIONS))
def test_every_endpoint_is_accepted_by_the_fake(fake: FakeProcore, call: Call, name: str) -> None:
    endpoint = sync_action(name)
    item = {
        "origin_id": f"{name}-1",
        "name": "n",
        "code": "c",
        "last_name": "l",
        "email_address": "l@example.test",
    }
    result = call(endpoint, [item], **_fake_scope(fake, endpoint))
    assert result.failed_batches == (), result.summary()
    assert result.complete, result.summary()


def test_interrupt_and_resume_against_the_fake(fake: FakeProcore, call: Call) -> None:
    items = _vendors(3000)
    seen: list[SyncProgress] = []

    def stop_after_one(progress: SyncProgress) -> None:
        seen.append(progress)
        if progress.batches_done == 1:
            raise RuntimeError("cancel")

    with pytest.raises(SyncInterruptedError) as info:
        call(VENDORS, items, on_progress=stop_after_one)
    partial = info.value.result
    assert [p.items_done for p in seen] == [1000]
    assert partial.done_indexes == frozenset(range(1000))
    first = len(_sync_requests(fake))

    result = call(VENDORS, items, resume=partial, on_progress=seen.append)
    requests = _sync_requests(fake)[first:]
    assert len(requests) == 2
    sent = [item["origin_id"] for r in requests for item in r.json["updates"]]
    assert sent == [f"ERP-{i}" for i in range(1000, 3000)]
    assert [p.items_done for p in seen[1:]] == [2000, 3000]
    assert result.complete
    assert result.unaccounted == ()
    assert result.succeeded + result.failed == 3000
