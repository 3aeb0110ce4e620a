"""Seeded records parse into the SDK's typed models (fields typed as the OAS subset says).

Every list the fake serves for a collection with a model in ``procore_sdk.models`` is read with
raw httpx through the in-process transport and structured with ``structure_list``: integer
fields are ints, nested objects are objects, arrays are lists, dates ``YYYY-MM-DD``, date-times
ISO ``Z`` (§10.3), money decimal strings (§10.3), booleans booleans.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _helpers.fake_http import authorize

from procore_sdk import _operations
from procore_sdk import models as m
from procore_sdk._serde import structure_list
from procore_sdk.models import ReadModel
from procore_sdk.testing import DEFAULT_SIZES, FakeProcore
from procore_sdk.testing._routes import COLLECTION_PARENTS, ROUTES, Route

# The read model of each collection the fake serves (collections without one are left out).
MODELS: dict[str, type[ReadModel]] = {
    "companies": m.Company,
    "projects": m.Project,
    "company_users": m.CompanyUser,
    "project_users": m.ProjectUser,
    "vendors": m.Vendor,
    "project_vendors": m.ProjectVendor,
    "cost_codes": m.CostCode,
    "standard_cost_code_lists": m.StandardCostCodeList,
    "standard_cost_codes": m.StandardCostCode,
    "line_item_types": m.LineItemType,
    "rfis": m.Rfi,
    "rfi_replies": m.RfiReply,
    "submittals": m.Submittal,
    "observations": m.Observation,
    "punch_items": m.PunchItem,
    "manpower_logs": m.ManpowerLog,
    "notes_logs": m.NotesLog,
    "weather_logs": m.WeatherLog,
    "work_logs": m.WorkLog,
    "work_order_contracts": m.WorkOrderContract,
    "purchase_order_contracts": m.PurchaseOrderContract,
    "work_order_contract_line_items": m.CommitmentLineItem,
    "purchase_order_contract_line_items": m.CommitmentLineItem,
    "prime_contract_line_items": m.PrimeContractLineItem,
    "potential_change_orders": m.PotentialChangeOrder,
    "potential_change_order_line_items": m.PotentialChangeOrderLineItem,
    "change_order_requests": m.ChangeOrderRequest,
    "direct_costs": m.DirectCost,
    "direct_cost_line_items": m.DirectCostLineItem,
    "budget_line_items": m.BudgetLineItem,
    "tasks": m.Task,
    "todos": m.Todo,
    "sub_jobs": m.SubJob,
    "coordination_issues": m.CoordinationIssue,
    "calendar_items": m.CalendarItem,
    "tax_codes": m.TaxCode,
    "tax_types": m.TaxType,
    "uoms": m.Uom,
    "insurances": m.Insurance,
    "project_insurances": m.Insurance,
}

SIZES = {name: 6 for name in COLLECTION_PARENTS if name != "companies"}

LIST_ROUTES = [r for r in ROUTES if r.action == "list" and r.collection in MODELS]
UNLISTED = sorted(set(MODELS) - {r.collection for r in LIST_ROUTES} - {"companies"})


@pytest.fixture(scope="module")
def world() -> tuple[FakeProcore, httpx.Client]:
    fake = FakeProcore(seed=3, sizes=SIZES)
    client = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
    authorize(client, fake)
    return fake, client


def _request(fake: FakeProcore, route: Route) -> tuple[str, dict[str, Any]]:
    scope_value = fake._default_scope(COLLECTION_PARENTS.get(route.collection))
    values: dict[str, Any] = {"company_id": fake.company_id, "project_id": fake.project_id}
    if route.scope is not None and scope_value:
        values[route.scope] = scope_value
    path = route.template.format(**values)
    params: dict[str, Any] = {"per_page": 100}
    if route.scope_in == "query" and route.scope is not None:
        params[route.scope] = values[route.scope]
    if route.collection == "standard_cost_codes":
        params.setdefault("company_id", fake.company_id)
    return path, params


def test_every_collection_with_a_model_is_covered() -> None:
    assert set(DEFAULT_SIZES) <= set(MODELS) | {"prime_contracts"}  # no PrimeContract model
    assert {r.collection for r in LIST_ROUTES} | set(UNLISTED) | {"companies"} == set(MODELS)


@pytest.mark.parametrize(
    "route", LIST_ROUTES, ids=[f"{r.collection}:{r.template}" for r in LIST_ROUTES]
)
def test_listed_page_structures_into_its_model(
    world: tuple[FakeProcore, httpx.Client], route: Route
) -> None:
    fake, client = world
    path, params = _request(fake, route)
    resp = client.get(path, params=params)
    assert resp.status_code == 200, resp.text
    data = resp.json()
    if route.is_v2:
        data = data["data"]
    assert data, f"no seeded {route.collection} at {path}"
    # The endpoint's own model where the table names one (List Company Projects nests the
    # address List Projects keeps flat), else the collection's.
    op = _operations.match(route.method, path)
    model = (_operations.model_of(op) if op is not None else None) or MODELS[route.collection]
    parsed = structure_list(data, model)
    assert len(parsed) == len(data)


@pytest.mark.parametrize("collection", UNLISTED)
def test_seeded_records_without_a_list_route_structure(
    world: tuple[FakeProcore, httpx.Client], collection: str
) -> None:
    fake, _ = world
    records = fake.records(collection)
    assert records, f"no seeded {collection}"
    structure_list(records, MODELS[collection])
