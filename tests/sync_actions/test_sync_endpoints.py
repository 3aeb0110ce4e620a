"""Sync actions read the operation table: method, path, version, where each scope value goes."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest
from _support import Runner
from sync_actions._sync_mock import MockSync, run, unwrap

from procore_sdk import (
    AsyncProcore,
    Procore,
    SyncError,
    SyncItemFailure,
    SyncValidationError,
    _errors,
)
from procore_sdk._async._sync_resources import AsyncSyncAction, AsyncSyncMixin, AsyncSyncResources
from procore_sdk._blocking._sync_resources import SyncAction, SyncMixin, SyncResources
from procore_sdk._operations import operations, versions
from procore_sdk._sync_action_plan import SYNC_ACTIONS, plan_sync, sync_action
from procore_sdk.models import Vendor
from procore_sdk.testing._routes import match_route

# name: (method, path with ids filled, query, body scope, items key); from the OpenAPI
# document's request bodies and query parameters, and Procore's "Using Sync Actions" guide.
EXPECTED: dict[str, tuple[str, str, dict[str, Any], dict[str, Any], str]] = {
    "projects": ("PATCH", "/rest/v1.0/projects/sync", {}, {"company_id": 10}, "updates"),
    "company_users": ("PATCH", "/rest/v1.3/companies/10/users/sync", {}, {}, "updates"),
    "vendors": ("PATCH", "/rest/v1.0/vendors/sync", {}, {"company_id": 10}, "updates"),
    "cost_codes": ("PATCH", "/rest/v1.0/cost_codes/sync", {"project_id": 20}, {}, "updates"),
    "standard_cost_codes": (
        "PATCH",
        "/rest/v1.0/standard_cost_codes/sync",
        {},
        {"company_id": 10, "standard_cost_code_list_id": 60},
        "updates",
    ),
    "line_item_types": (
        "PATCH",
        "/rest/v1.0/line_item_types/sync",
        {},
        {"company_id": 10},
        "updates",
    ),
    "work_order_contracts": (
        "PATCH",
        "/rest/v1.0/work_order_contracts/sync",
        {},
        {"project_id": 20},
        "updates",
    ),
    "purchase_order_contracts": (
        "PATCH",
        "/rest/v1.0/purchase_order_contracts/sync",
        {},
        {"project_id": 20},
        "updates",
    ),
    "work_order_contract_line_items": (
        "PATCH",
        "/rest/v1.0/work_order_contracts/30/line_items/sync",
        {"project_id": 20},
        {},
        "updates",
    ),
    "purchase_order_contract_line_items": (
        "PATCH",
        "/rest/v1.0/purchase_order_contracts/31/line_items/sync",
        {"project_id": 20},
        {},
        "updates",
    ),
    "prime_contract_line_items": (
        "PATCH",
        "/rest/v1.0/prime_contracts/32/line_items/sync",
        {"project_id": 20},
        {},
        "updates",
    ),
    "potential_change_orders": (
        "PATCH",
        "/rest/v1.0/potential_change_orders/sync",
        {"project_id": 20, "contract_id": 40},
        {},
        "updates",
    ),
    "potential_change_order_line_items": (
        "PATCH",
        "/rest/v1.0/potential_change_orders/33/line_items/sync",
        {"project_id": 20},
        {},
        "updates",
    ),
    "change_order_requests": (
        "PATCH",
        "/rest/v1.0/change_order_requests/sync",
        {"project_id": 20, "contract_id": 40},
        {},
        "updates",
    ),
    "direct_costs": ("PATCH", "/rest/v1.0/projects/20/direct_costs/sync", {}, {}, "updates"),
    "direct_cost_line_items": (
        "PATCH",
        "/rest/v1.0/projects/20/direct_costs/line_items/sync",
        {},
        {},
        "updates",
    ),
    "budget_line_items": (
        "POST",
        "/rest/v1.0/budget_line_items/sync",
        {},
        {"project_id": 20},
        "budget_line_items",
    ),
    "tasks": ("PATCH", "/rest/v1.0/tasks/sync", {"project_id": 20}, {"project_id": 20}, "updates"),
    "todos": ("PATCH", "/rest/v1.0/todos/sync", {"project_id": 20}, {}, "updates"),
    "sub_jobs": (
        "PATCH",
        "/rest/v1.0/sub_jobs/sync",
        {"project_id": 20},
        {"project_id": 20},
        "updates",
    ),
    "tax_codes": ("PATCH", "/rest/v1.0/tax_codes/sync", {}, {"company_id": 10}, "updates"),
    "tax_types": ("PATCH", "/rest/v1.0/tax_types/sync", {}, {"company_id": 10}, "updates"),
    "uoms": ("PATCH", "/rest/v1.0/companies/10/uoms/sync", {}, {}, "updates"),
    "coordination_issues": (
        "PATCH",
        "/rest/v1.0/coordination_issues/sync",
        {},
        {"project_id": 20},
        "updates",
    ),
    "calendar_items": (
        "PATCH",
        "/rest/v1.0/projects/20/schedule/calendar_items/sync",
        {},
        {},
        "updates",
    ),
    "insurances": ("PATCH", "/rest/v1.0/insurances/sync", {}, {}, "updates"),
    "company_insurances": ("PATCH", "/rest/v1.0/companies/10/insurances/sync", {}, {}, "updates"),
    "project_insurances": ("PATCH", "/rest/v1.0/projects/20/insurances/sync", {}, {}, "updates"),
    "company_vendor_insurances": (
        "PATCH",
        "/rest/v1.0/companies/10/vendors/50/insurances/sync",
        {},
        {},
        "updates",
    ),
    "project_vendor_insurances": (
        "PATCH",
        "/rest/v1.0/projects/20/vendors/50/insurances/sync",
        {},
        {},
        "updates",
    ),
}

IDS = {
    "company_id": 10,
    "project_id": 20,
    "work_order_contract_id": 30,
    "purchase_order_contract_id": 31,
    "prime_contract_id": 32,
    "potential_change_order_id": 33,
    "contract_id": 40,
    "vendor_id": 50,
    "standard_cost_code_list_id": 60,
}


def _scope(name: str) -> dict[str, int]:
    scope = sync_action(name).operation().scope
    return {p.name: IDS[p.name] for p in scope if p.required and p.name != "company_id"}


def test_every_sync_action_is_declared() -> None:
    assert set(SYNC_ACTIONS) == set(EXPECTED)


def test_an_unknown_sync_action_is_refused_naming_it() -> None:
    with pytest.raises(
        _errors.InvalidArgumentError, match=r"name must be one of .*vendors"
    ) as info:
        sync_action("vendor")
    assert "'vendor'" in str(info.value)
    assert info.value.argument == "name"


def test_every_sync_operation_of_the_table_is_reachable() -> None:
    reached = {
        sync_action(name).operation(version)
        for name in SYNC_ACTIONS
        for version in versions(name, "sync")
    }
    assert reached == {op for op in operations() if op.is_sync}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scope_lands_in_body_or_query(runner: Runner, name: str) -> None:
    method, path, query, body_scope, key = EXPECTED[name]
    mock = MockSync()
    client = runner.client(mock, company_id=10)
    item = {"name": "x", "origin_id": "O-1"}
    result = run(runner, client, sync_action(name), [item], **_scope(name))
    assert result.ok
    request = mock.requests[0]
    assert request.method == method
    assert request.url.path == path
    assert {k: int(v) for k, v in request.url.params.items()} == query
    assert mock.bodies[0] == {**body_scope, key: [item]}
    assert request.headers["Procore-Company-Id"] == "10"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_fake_serves_every_declared_endpoint(name: str) -> None:
    method, path, *_ = EXPECTED[name]
    found = match_route(method, path)
    assert isinstance(found, tuple), f"{method} {path}"


def test_required_scope_is_checked_per_endpoint() -> None:
    for name in SYNC_ACTIONS:
        action = sync_action(name)
        required = [
            p.name for p in action.operation().scope if p.required and p.name != "company_id"
        ]
        for missing in required:
            scope = {k: v for k, v in _scope(name).items() if k != missing}
            with pytest.raises(SyncValidationError, match=f"needs {missing}="):
                plan_sync(action, [{}], scope=scope, default_company_id=10)


def test_optional_scope_goes_where_the_table_says(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=10)
    run(runner, client, sync_action("cost_codes"), [{"name": "c"}], project_id=1, sub_job_id=2)
    assert dict(mock.requests[0].url.params) == {"project_id": "1", "sub_job_id": "2"}


@pytest.mark.parametrize("version", ["v1.2", "1.2", 1.2, "V1.2"])
def test_version_accepts_the_one_spelling(runner: Runner, version: object) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    result = runner.run(client.company_users.sync([{"name": "u"}], version=version))
    assert result.ok
    assert mock.requests[0].url.path == "/rest/v1.2/companies/10/users/sync"


def test_the_default_version_is_the_tables(runner: Runner) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    runner.run(client.company_users.sync([{"name": "u"}]))
    assert mock.requests[0].url.path == "/rest/v1.3/companies/10/users/sync"


def test_a_version_the_table_lacks_is_refused_before_sending(runner: Runner) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    with pytest.raises(SyncValidationError, match=r"version must be one of v1\.0, v1\.1") as info:
        runner.run(client.company_users.sync([{"name": "u"}], version="2.0"))
    assert "'2.0'" in str(info.value)
    with pytest.raises(SyncValidationError, match=r"version must be one of v1\.0 for"):
        runner.run(client.vendors.sync([{"name": "v"}], version="v1.1"))
    assert mock.calls == 0


def test_company_none_means_no_company(runner: Runner) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    # The pipeline's one rule: None is "no company", not "the client's".
    runner.run(client.todos.sync([{"name": "t"}], project_id=20, company_id=None))
    assert "Procore-Company-Id" not in mock.requests[0].headers
    with pytest.raises(SyncValidationError, match="needs company_id="):
        runner.run(client.vendors.sync([{"name": "v"}], company_id=None))
    assert mock.calls == 1
    # Left out: the client's company; explicit: that one.
    runner.run(client.vendors.sync([{"name": "v"}]))
    assert mock.requests[-1].headers["Procore-Company-Id"] == "10"
    assert mock.bodies[-1]["company_id"] == 10
    runner.run(client.vendors.sync([{"name": "w"}], company_id=11))
    assert mock.requests[-1].headers["Procore-Company-Id"] == "11"
    assert mock.bodies[-1]["company_id"] == 11


def test_a_bad_company_is_refused_naming_the_argument(runner: Runner) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    with pytest.raises(_errors.InvalidArgumentError, match="company_id") as info:
        runner.run(client.vendors.sync([{"name": "v"}], company_id=0))
    assert info.value.argument == "company_id"
    assert mock.calls == 0


def _client_with_groups(runner: Runner, mock: MockSync) -> Any:
    # The clients include the Sync groups themselves.
    assert issubclass(AsyncProcore, AsyncSyncResources)
    assert issubclass(Procore, SyncResources)
    if runner.is_async:
        cls: type[Any] = AsyncProcore
        http: Any = httpx.AsyncClient(transport=httpx.MockTransport(_async_handler(mock)))
    else:
        cls = Procore
        http = httpx.Client(transport=httpx.MockTransport(mock))
    return cls(access_token="t", company_id=10, http_client=http)


def _async_handler(mock: MockSync) -> Any:
    async def handler(request: httpx.Request) -> httpx.Response:
        return mock(request)

    return handler


def test_resource_groups_on_the_client(runner: Runner) -> None:
    mock = MockSync()
    client = _client_with_groups(runner, mock)
    # A Sync action with no resource group of its own is a Sync group on the client.
    group = client.direct_cost_line_items
    assert isinstance(group, AsyncSyncAction if runner.is_async else SyncAction)
    assert group is client.direct_cost_line_items  # cached
    assert "direct_costs/line_items/sync" in repr(group)
    assert group.operation.name == "direct_costs.sync_line_items"
    result = runner.run(group.sync([{"origin_id": "A", "name": "a"}], project_id=20))
    assert result.ok
    assert mock.requests[0].url.path == "/rest/v1.0/projects/20/direct_costs/line_items/sync"
    # One with a resource group has sync() on the group (with the group's other actions).
    assert client.direct_costs is client.direct_costs
    result = runner.run(client.direct_costs.sync([{"origin_id": "B", "name": "b"}], project_id=20))
    assert result.ok
    assert mock.requests[-1].url.path == "/rest/v1.0/projects/20/direct_costs/sync"
    other = client.for_company(11)
    assert other.tax_codes is not client.tax_codes
    runner.run(other.tax_codes.sync([{"origin_id": "T", "name": "n"}]))
    assert mock.bodies[-1]["company_id"] == 11  # the copy's company, not the original's
    for name in EXPECTED:
        if not hasattr(AsyncSyncResources, name):
            continue  # a resource group of its own (client.vendors...)
        assert getattr(client, name).endpoint is sync_action(name)


def test_mixin_gives_a_resource_group_sync(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=10)
    mixin: type[Any] = AsyncSyncMixin if runner.is_async else SyncMixin

    class VendorsGroup(mixin):  # type: ignore[misc, valid-type]
        _sync_name = "vendors"

        def __init__(self, client: Any) -> None:
            self._client = client

    group = VendorsGroup(unwrap(client))
    result = runner.run(group.sync([{"name": "v", "origin_id": "V1"}], batch_size=10))
    assert result.ok
    assert isinstance(result.entities[0], Vendor)
    assert mock.requests[0].url.path == "/rest/v1.0/vendors/sync"


def test_sync_has_typed_scope_keywords_for_every_action() -> None:
    params = inspect.signature(AsyncSyncMixin.sync).parameters
    assert all(p.kind is not inspect.Parameter.VAR_KEYWORD for p in params.values())
    wanted = {
        name
        for op in operations()
        if op.is_sync
        for name in [*(s.name for s in op.scope), *(q.name for q in op.query)]
    }
    assert wanted <= set(params)
    assert params["project_id"].annotation == "int | None"
    assert params["company_id"].annotation == "int | UnsetType | None"


def test_a_scope_keyword_the_action_lacks_is_refused(runner: Runner) -> None:
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    with pytest.raises(SyncValidationError, match=r"unexpected argument\(s\) for vendors"):
        runner.run(client.vendors.sync([{"name": "v"}], project_id=3))
    assert mock.calls == 0


def test_item_failure_is_a_record_and_sync_error_its_deprecated_alias(runner: Runner) -> None:
    assert SyncError is SyncItemFailure
    assert not issubclass(SyncItemFailure, BaseException)
    mock = MockSync()
    client = unwrap(runner.client(mock, company_id=10))
    result = runner.run(client.vendors.sync([{"name": "", "origin_id": "X"}]))
    (failure,) = result.errors
    assert isinstance(failure, SyncError)  # code written against the old name keeps working
    assert failure.messages == {"name": ("can't be blank",)}


def test_sync_errors_live_with_the_sdks_errors() -> None:
    import procore_sdk

    for name in ("SyncValidationError", "SyncFailedError", "SyncInterruptedError"):
        assert getattr(procore_sdk, name) is getattr(_errors, name)
        assert name in _errors.__all__


def test_sync_and_async_twins_have_the_same_signatures() -> None:
    from procore_sdk._async._batch import async_run_sync
    from procore_sdk._blocking._batch import run_sync

    def names(fn: Any) -> list[tuple[str, Any, Any]]:
        sig = inspect.signature(fn)
        return [(p.name, p.kind, p.default) for p in sig.parameters.values()]

    assert names(async_run_sync) == names(run_sync)
    assert names(AsyncSyncMixin.sync) == names(SyncMixin.sync)
    async_groups = {n for n in dir(AsyncSyncResources) if not n.startswith("__")}
    sync_groups = {n for n in dir(SyncResources) if not n.startswith("__")}
    assert async_groups == sync_groups


def test_a_sync_action_not_named_sync_is_a_method_of_its_group(runner: Runner) -> None:
    # client.direct_costs.sync_line_items is the table's name for the direct cost line items'
    # Sync; it goes through the same Sync layer as client.direct_cost_line_items.sync.
    mock = MockSync()
    client = runner.client(mock, company_id=10)
    item = {"name": "x", "origin_id": "O-1"}
    result = runner.run(client.direct_costs.sync_line_items([item], project_id=20))
    assert result.ok
    assert result.endpoint == "direct_cost_line_items"
    assert mock.requests[0].method == "PATCH"
    assert mock.requests[0].url.path == "/rest/v1.0/projects/20/direct_costs/line_items/sync"
    assert mock.bodies[0] == {"updates": [item]}
