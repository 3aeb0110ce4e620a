"""Webhook bulk trigger delete and resource catalogs in their OAS shapes (§8.2, §8.3).

- ``DELETE .../hooks/{hook_id}/triggers/bulk`` takes ``triggers`` as a list of integer ids
  (OAS RestV10WebhooksHooksHookIdTriggersBulkDelete), which is what the SDK sends; numeric
  strings and ``{"id": ...}`` / ``{resource_name, event_type}`` objects are accepted too.
- The resource catalogs structure into ``WebhookResourceInfo`` / ``WebhookResourceInfoV2``.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _helpers.fake_http import create_v1_hook

from procore_sdk import Procore
from procore_sdk._serde import structure_list
from procore_sdk.models import WebhookResourceInfo, WebhookResourceInfoV2
from procore_sdk.testing import FakeProcore


def _v1_hook_with_triggers(api: httpx.Client, fake: FakeProcore, names: list[str]) -> Any:
    hook = create_v1_hook(api, fake, "bulk", "https://receiver.example.com/hook")
    made = api.post(
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers/bulk",
        json={
            "company_id": fake.company_id,
            "triggers": [{"resource_name": n, "event_type": "create"} for n in names],
        },
    )
    assert made.status_code == 200, made.text
    return hook


def _trigger_ids(api: httpx.Client, hook_id: int) -> list[int]:
    listed = api.get(f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers").json()
    return sorted(t["id"] for t in listed)


@pytest.mark.parametrize("as_text", [False, True], ids=["int-ids", "numeric-string-ids"])
def test_v1_bulk_delete_takes_a_list_of_ids(
    api: httpx.Client, fake: FakeProcore, as_text: bool
) -> None:
    hook = _v1_hook_with_triggers(api, fake, ["RFIs", "Submittals", "Punch Items"])
    ids = _trigger_ids(api, hook["id"])
    gone = ids[:2]
    resp = api.request(
        "DELETE",
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers/bulk",
        json={
            "company_id": fake.company_id,
            "triggers": [str(i) for i in gone] if as_text else gone,
        },
    )
    assert resp.status_code == 200, resp.text
    # OAS: {"success": array<integer>}
    assert sorted(resp.json()["success"]) == gone
    assert _trigger_ids(api, hook["id"]) == ids[2:]


def test_v1_bulk_delete_reports_unknown_ids_as_207(api: httpx.Client, fake: FakeProcore) -> None:
    hook = _v1_hook_with_triggers(api, fake, ["RFIs"])
    [known] = _trigger_ids(api, hook["id"])
    resp = api.request(
        "DELETE",
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers/bulk",
        json={"company_id": fake.company_id, "triggers": [known, 1]},
    )
    assert resp.status_code == 207
    body = resp.json()
    assert body["success"] == [known]
    assert [e["trigger"] for e in body["errors"]] == [1]


def test_v1_bulk_delete_still_takes_trigger_objects(api: httpx.Client, fake: FakeProcore) -> None:
    hook = _v1_hook_with_triggers(api, fake, ["RFIs", "Submittals"])
    ids = _trigger_ids(api, hook["id"])
    resp = api.request(
        "DELETE",
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers/bulk",
        json={
            "company_id": fake.company_id,
            "triggers": [{"id": ids[0]}, {"resource_name": "Submittals", "event_type": "create"}],
        },
    )
    assert resp.status_code == 200, resp.text
    assert sorted(resp.json()["success"]) == ids
    assert _trigger_ids(api, hook["id"]) == []


def test_v2_bulk_delete_answers_succeeded_string_ids(api: httpx.Client, fake: FakeProcore) -> None:
    base = f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks"
    hook = api.post(
        base,
        json={"payload_version": "v2.0", "namespace": "n", "destination_url": "https://r/v2"},
    ).json()["data"]
    made = api.post(
        f"{base}/{hook['id']}/triggers",
        json={"resource_name": "RFIs", "event_type": "create"},
    ).json()["data"]
    resp = api.request(
        "DELETE", f"{base}/{hook['id']}/triggers/bulk", json={"triggers": [made["id"]]}
    )
    assert resp.status_code == 200, resp.text
    # OAS RestV20CompaniesCompanyIdWebhooksHooksHookIdTriggersBulkDelete: data.succeeded.
    assert resp.json()["data"]["succeeded"] == [str(made["id"])]


def test_sdk_bulk_delete_against_the_fake(fake: FakeProcore) -> None:
    http = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
    client = Procore(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        company_id=fake.company_id,
        base_url=fake.base_url,
        login_url=fake.base_url,
        http_client=http,
    )
    with client:
        hook = client.webhooks.hooks.create(
            namespace="sdk-bulk",
            destination_url="https://receiver.example.com/hook",
            company_id=fake.company_id,
        )
        assert hook.id is not None
        made = client.webhooks.triggers.bulk_create(
            hook.id, [("RFIs", "create"), ("Submittals", "update")], company_id=fake.company_id
        )
        ids = [t.id for t in made.created if t.id is not None]
        assert len(ids) == 2
        result = client.webhooks.triggers.bulk_delete(hook.id, ids, company_id=fake.company_id)
    assert result.failed == ()
    assert sorted(map(str, result.deleted)) == sorted(map(str, ids))
    assert [t for t in fake.webhooks.triggers.values() if t.hook_id == hook.id] == []


def test_v1_resource_catalog_structures(api: httpx.Client, fake: FakeProcore) -> None:
    items = api.get("/rest/v1.0/webhooks/resources", params={"project_id": fake.project_id}).json()
    assert items
    parsed = structure_list(items, WebhookResourceInfo)
    assert len(parsed) == len(items)
    # OAS RestV10WebhooksResourcesGet: tools/create/update/delete strings, except array<string>.
    for item in items:
        assert isinstance(item["api_version"], str)
        assert isinstance(item["product_category"], str)
        assert isinstance(item["tools"], str)
        assert isinstance(item["except"], list)
        assert all(isinstance(item[k], str) for k in ("create", "update", "delete"))
    assert "RFIs" in {p.tools for p in parsed}


@pytest.mark.parametrize("scope", ["company", "project"])
def test_v2_resource_catalog_structures(api: httpx.Client, fake: FakeProcore, scope: str) -> None:
    base = f"/rest/v2.0/companies/{fake.company_id}"
    if scope == "project":
        base += f"/projects/{fake.project_id}"
    resp = api.get(
        f"{base}/webhooks/resources", params={"payload_version": "v3.0", "per_page": 100}
    )
    assert resp.status_code == 200, resp.text
    items = resp.json()["data"]
    assert items
    parsed = structure_list(items, WebhookResourceInfoV2)
    # OAS: actions is array<object>.
    assert all(isinstance(a, dict) for item in items for a in item["actions"])
    assert all(p.payload_version == "v3.0" and p.actions for p in parsed)
    assert all(isinstance(item[k], str) for item in items for k in ("category", "tool", "name"))
