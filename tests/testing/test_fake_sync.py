"""Sync actions: PROCORE_API.md §7 (raw httpx)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from procore_sdk.testing import FakeProcore


def _vendor_sync(api: httpx.Client, fake: FakeProcore, updates: list[dict[str, Any]]) -> Any:
    resp = api.patch(
        "/rest/v1.0/vendors/sync", json={"company_id": fake.company_id, "updates": updates}
    )
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_match_rules_table(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1 match rules.
    body = _vendor_sync(
        api,
        fake,
        [
            {"name": "No ids"},  # neither -> create
            {"origin_id": "ERP-7", "name": "By origin"},  # origin_id not found -> create
            {"id": 1, "name": "Missing"},  # id not found -> error
        ],
    )
    assert set(body) == {"entities", "errors"}
    created = {e["name"]: e for e in body["entities"]}
    assert created["No ids"]["origin_id"] is None
    assert created["By origin"]["origin_id"] == "ERP-7"
    assert body["errors"] == [
        {"id": 1, "name": "Missing", "errors": {"id": ["Entity with this ID not found"]}}
    ]
    vid = created["By origin"]["id"]
    again = _vendor_sync(api, fake, [{"origin_id": "ERP-7", "name": "Renamed"}])  # found -> update
    assert [e["id"] for e in again["entities"]] == [vid]
    assert again["entities"][0]["name"] == "Renamed"
    by_id = _vendor_sync(api, fake, [{"id": vid, "city": "Reno"}])  # id found -> update
    assert by_id["entities"][0]["city"] == "Reno"
    # id + origin_id: matched by id, the only way to change an origin_id.
    moved = _vendor_sync(api, fake, [{"id": vid, "origin_id": "ERP-8"}])
    assert moved["entities"][0]["origin_id"] == "ERP-8"
    fresh = _vendor_sync(api, fake, [{"origin_id": "ERP-7", "name": "New again"}])
    assert fresh["entities"][0]["id"] != vid


def test_origin_id_unique_per_company(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: origin_id must be unique within a company.
    a = _vendor_sync(api, fake, [{"origin_id": "A", "name": "A"}])["entities"][0]
    _vendor_sync(api, fake, [{"origin_id": "B", "name": "B"}])
    clash = _vendor_sync(api, fake, [{"id": a["id"], "origin_id": "B"}])
    assert clash["entities"] == []
    assert clash["errors"][0]["errors"] == {"origin_id": ["has already been taken"]}


def test_item_validation_errors_keep_submitted_attrs(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: error = submitted attributes + errors {field: [messages]}; HTTP is still 200.
    body = _vendor_sync(api, fake, [{"origin_id": "X", "city": "No name"}])
    assert body["entities"] == []
    assert body["errors"] == [
        {"origin_id": "X", "city": "No name", "errors": {"name": ["can't be blank"]}}
    ]


def test_custom_validator_hook(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: item errors come from validation; the rules are pluggable.
    def no_acme(item: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, list[str]]:
        return {"name": ["is reserved"]} if item.get("name") == "Acme" else {}

    fake.validators["vendors"] = no_acme
    body = _vendor_sync(api, fake, [{"name": "Acme"}, {"name": "Ok"}])
    assert [e["name"] for e in body["entities"]] == ["Ok"]
    assert body["errors"][0]["errors"] == {"name": ["is reserved"]}


def test_more_than_1000_items_is_413(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: maximum 1000 items; the fake answers 413 (OAS lists 413) for more.
    ok = api.patch(
        "/rest/v1.0/vendors/sync",
        json={"company_id": fake.company_id, "updates": [{"name": f"v{i}"} for i in range(1000)]},
    )
    assert ok.status_code == 200
    assert len(ok.json()["entities"]) == 1000
    too_many = api.patch(
        "/rest/v1.0/vendors/sync",
        json={"company_id": fake.company_id, "updates": [{"name": "v"}] * 1001},
    )
    assert too_many.status_code == 413


def test_budget_line_items_sync_is_post_with_own_key(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: POST /rest/v1.0/budget_line_items/sync with budget_line_items, not PATCH/updates.
    resp = api.post(
        "/rest/v1.0/budget_line_items/sync",
        json={"project_id": fake.project_id, "budget_line_items": [{"original_budget_amount": 10}]},
    )
    assert resp.status_code == 200
    assert len(resp.json()["entities"]) == 1
    assert api.patch("/rest/v1.0/budget_line_items/sync", json={}).status_code in (404, 405)


def test_scope_in_query_or_body(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.2: cost codes take project_id in the query; we also accept it in the body.
    q = api.patch(
        "/rest/v1.0/cost_codes/sync",
        params={"project_id": fake.project_id},
        json={"updates": [{"code": "01-100", "name": "Demo"}]},
    )
    b = api.patch(
        "/rest/v1.0/cost_codes/sync",
        json={"project_id": fake.project_id, "updates": [{"code": "01-200", "name": "Demo 2"}]},
    )
    assert q.status_code == b.status_code == 200
    assert q.json()["entities"][0]["code"] == "01-100"
    missing = api.patch("/rest/v1.0/cost_codes/sync", json={"updates": []})
    assert missing.status_code == 400


def test_change_order_sync_needs_contract_id(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.2: query project_id, contract_id (required).
    path = "/rest/v1.0/potential_change_orders/sync"
    no_contract = api.patch(path, params={"project_id": fake.project_id}, json={"updates": []})
    assert no_contract.status_code == 400
    ok = api.patch(
        path,
        params={"project_id": fake.project_id, "contract_id": 1},
        json={"updates": [{"title": "PCO"}]},
    )
    assert ok.status_code == 200


def test_direct_costs_sync_conflict_while_in_flight(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.1: direct cost sync does not support concurrent requests -> 409.
    path = f"/rest/v1.0/projects/{fake.project_id}/direct_costs/sync"
    fake.sync_in_flight.add(("direct_costs", fake.project_id))
    assert api.patch(path, json={"updates": [{"description": "x"}]}).status_code == 409
    fake.sync_in_flight.clear()
    ok = api.patch(path, json={"updates": [{"description": "x"}]})
    assert ok.status_code == 200
    assert ok.json()["entities"][0]["description"] == "x"


SYNC_PATHS = [
    ("PATCH", "/rest/v1.0/projects/sync", {"company_id": "C"}, {}, {"name": "P"}),
    (
        "PATCH",
        "/rest/v1.0/companies/C/users/sync",
        {},
        {},
        {"last_name": "L", "email_address": "e@x"},
    ),
    (
        "PATCH",
        "/rest/v1.3/companies/C/users/sync",
        {},
        {},
        {"last_name": "L", "email_address": "f@x"},
    ),
    ("PATCH", "/rest/v1.0/vendors/sync", {"company_id": "C"}, {}, {"name": "V"}),
    ("PATCH", "/rest/v1.0/cost_codes/sync", {}, {"project_id": "P"}, {"code": "1"}),
    (
        "PATCH",
        "/rest/v1.0/standard_cost_codes/sync",
        {"company_id": "C", "standard_cost_code_list_id": "L"},
        {},
        {"code": "1"},
    ),
    ("PATCH", "/rest/v1.0/line_item_types/sync", {"company_id": "C"}, {}, {"name": "Labor"}),
    ("PATCH", "/rest/v1.0/work_order_contracts/sync", {"project_id": "P"}, {}, {"title": "W"}),
    ("PATCH", "/rest/v1.0/purchase_order_contracts/sync", {"project_id": "P"}, {}, {"title": "PO"}),
    (
        "PATCH",
        "/rest/v1.0/potential_change_orders/sync",
        {},
        {"project_id": "P", "contract_id": "1"},
        {"title": "x"},
    ),
    (
        "PATCH",
        "/rest/v1.0/change_order_requests/sync",
        {},
        {"project_id": "P", "contract_id": "1"},
        {"title": "x"},
    ),
    ("PATCH", "/rest/v1.0/projects/P/direct_costs/sync", {}, {}, {"description": "d"}),
    ("PATCH", "/rest/v1.0/projects/P/direct_costs/line_items/sync", {}, {}, {"description": "d"}),
    ("PATCH", "/rest/v1.0/tasks/sync", {"project_id": "P"}, {}, {"name": "t"}),
    ("PATCH", "/rest/v1.0/todos/sync", {}, {"project_id": "P"}, {"name": "t"}),
    ("PATCH", "/rest/v1.0/tax_codes/sync", {"company_id": "C"}, {}, {"code": "t"}),
    ("PATCH", "/rest/v1.0/companies/C/uoms/sync", {}, {}, {"name": "m"}),
    ("PATCH", "/rest/v1.0/projects/P/schedule/calendar_items/sync", {}, {}, {"name": "c"}),
]


@pytest.mark.parametrize(("method", "path", "body_scope", "query", "item"), SYNC_PATHS)
def test_every_documented_sync_endpoint(
    api: httpx.Client,
    fake: FakeProcore,
    method: str,
    path: str,
    body_scope: dict[str, str],
    query: dict[str, str],
    item: dict[str, Any],
) -> None:
    # §7.2 endpoint list.
    lists = fake.collections["standard_cost_code_lists"].ids(fake.company_id).slice(0, 1)
    subst = {"C": str(fake.company_id), "P": str(fake.project_id), "L": str(lists[0])}

    def fill(value: str) -> str:
        return subst.get(value, value)

    url = "/".join(fill(part) for part in path.split("/"))
    body: dict[str, Any] = {k: int(fill(v)) for k, v in body_scope.items()}
    body["updates"] = [item]
    resp = api.request(method, url, params={k: fill(v) for k, v in query.items()}, json=body)
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["entities"]) == 1, resp.json()


def test_line_item_sync_under_parent(api: httpx.Client, fake: FakeProcore) -> None:
    # §7.2: line item syncs under their parent; §10.3 money as strings.
    woc = api.get("/rest/v1.0/work_order_contracts", params={"project_id": fake.project_id}).json()[
        0
    ]
    resp = api.patch(
        f"/rest/v1.0/work_order_contracts/{woc['id']}/line_items/sync",
        params={"project_id": fake.project_id},
        json={"updates": [{"description": "li", "amount": 12}]},
    )
    assert resp.status_code == 200
    entity = resp.json()["entities"][0]
    assert entity["amount"] == "12.00"
    listed = api.get(f"/rest/v1.0/work_order_contracts/{woc['id']}/line_items").json()
    assert entity["id"] in {li["id"] for li in listed}
