"""The fake behaves as Procore where a new user noticed it did not: webhook triggers must name
a resource of the webhooks catalog, and seeded status objects name a status, not the title."""

from __future__ import annotations

import httpx
from _helpers.fake_http import create_v1_hook

from procore_sdk.testing import FakeProcore


def _hook(api: httpx.Client, fake: FakeProcore) -> int:
    hook = create_v1_hook(
        api, fake, "my-app", "https://receiver.example.com/hook", api_version="v2"
    )
    return int(hook["id"])


def _post_trigger(api: httpx.Client, fake: FakeProcore, hook_id: int, name: str) -> httpx.Response:
    return api.post(
        f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers",
        json={
            "company_id": fake.company_id,
            "api_version": "v2",
            "trigger": {"resource_name": name, "event_type": "update"},
        },
    )


def test_a_trigger_for_an_unknown_resource_is_refused(api: httpx.Client, fake: FakeProcore) -> None:
    hook_id = _hook(api, fake)
    refused = _post_trigger(api, fake, hook_id, "Vendorz")
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"resource_name": ["is not a webhooks resource"]}
    assert not fake.webhooks.triggers
    # Catalog names compare without regard to case, as the SDK's ensure() does.
    assert _post_trigger(api, fake, hook_id, "company vendors").status_code == 201


def test_bulk_triggers_report_unknown_resources_per_item(
    api: httpx.Client, fake: FakeProcore
) -> None:
    hook_id = _hook(api, fake)
    resp = api.post(
        f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers/bulk",
        json={
            "company_id": fake.company_id,
            "api_version": "v2",
            "triggers": [
                {"resource_name": "RFIs", "event_type": "create"},
                {"resource_name": "Vendorz", "event_type": "update"},
            ],
        },
    )
    assert resp.status_code == 207
    [failed] = resp.json()["errors"]
    assert failed["trigger"]["resource_name"] == "Vendorz"


def test_submittal_status_objects_name_a_status_not_the_title(fake: FakeProcore) -> None:
    submittals = fake.records("submittals", fake.project_id)
    assert submittals
    for record in submittals:
        status = record["status"]
        assert status["name"] in {"Draft", "Open", "Closed"}
        assert status["name"] != record["title"]
