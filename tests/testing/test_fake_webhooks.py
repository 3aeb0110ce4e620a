"""Webhooks: PROCORE_API.md §8 (raw httpx; deliveries through httpx.MockTransport)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from _helpers.fake_http import create_v1_hook

from procore_sdk.testing import FakeProcore


class Receiver:
    """Collects webhook POSTs; answers with the next scripted status (default 200)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], Any]] = []
        self.statuses: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append((dict(request.headers), json.loads(request.content)))
        return httpx.Response(self.statuses.pop(0) if self.statuses else 200)


@pytest.fixture
def receiver(fake: FakeProcore) -> Receiver:
    rec = Receiver()
    fake.webhook_transport = httpx.MockTransport(rec)
    return rec


def _v1_hook(api: httpx.Client, fake: FakeProcore, version: str = "v2", **extra: Any) -> Any:
    return create_v1_hook(
        api,
        fake,
        "my-app",
        "https://receiver.example.com/hook",
        api_version=version,
        destination_headers={"Authorization": "Bearer s3cret-value-12345"},
        **extra,
    )


def _trigger(api: httpx.Client, fake: FakeProcore, hook_id: int, name: str, event: str) -> Any:
    resp = api.post(
        f"/rest/v1.0/webhooks/hooks/{hook_id}/triggers",
        json={
            "company_id": fake.company_id,
            "api_version": "v2",
            "trigger": {"resource_name": name, "event_type": event},
        },
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_v1_hook_shape_and_masked_authorization(api: httpx.Client, fake: FakeProcore) -> None:
    # §8.2: v1 hook fields; destination_headers.Authorization masked to the last 5 characters.
    hook = _v1_hook(api, fake)
    assert set(hook) == {
        "id",
        "api_version",
        "namespace",
        "destination_url",
        "destination_headers",
        "owned_by_company_id",
        "owned_by_project_id",
        "owned_by_user_id",
    }
    masked = hook["destination_headers"]["Authorization"]
    assert masked.endswith("12345")
    assert "s3cret" not in masked
    listed = api.get("/rest/v1.0/webhooks/hooks", params={"company_id": fake.company_id}).json()
    assert [h["id"] for h in listed] == [hook["id"]]
    assert "s3cret" not in json.dumps(listed)


def test_namespace_must_be_lowercase_dashes_digits(api: httpx.Client, fake: FakeProcore) -> None:
    # §8.1: namespaces are a-z, 0-9 and '-'.
    resp = api.post(
        "/rest/v1.0/webhooks/hooks",
        json={
            "company_id": fake.company_id,
            "hook": {"api_version": "v2", "namespace": "Bad_NS", "destination_url": "https://x"},
        },
    )
    assert resp.status_code == 422


def test_v2_hook_flat_body_data_envelope_string_ids(api: httpx.Client, fake: FakeProcore) -> None:
    # §8.3: flat body with payload_version; data envelope; string ids; trigger_count.
    base = f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks"
    resp = api.post(
        base,
        json={
            "payload_version": "v4.0",
            "namespace": "my-app",
            "destination_url": "https://receiver.example.com/v2",
            "destination_headers": {"Authorization": "Bearer abcdefghij"},
        },
    )
    assert resp.status_code == 201
    data = resp.json()["data"]
    assert isinstance(data["id"], str)
    assert data["status"] == "active"
    assert data["payload_version"] == "v4.0"
    assert data["trigger_count"] == 0
    assert data["destination_headers"]["Authorization"].endswith("fghij")
    assert data["company_id"] == str(fake.company_id)
    trig = api.post(
        f"{base}/{data['id']}/triggers", json={"resource_name": "RFIs", "event_type": "create"}
    )
    assert trig.status_code == 201
    assert isinstance(trig.json()["data"]["id"], str)
    shown = api.get(f"{base}/{data['id']}").json()["data"]
    assert shown["trigger_count"] == 1
    listed = api.get(base)
    assert listed.headers["Per-Page"] == "10"
    assert [h["id"] for h in listed.json()["data"]] == [data["id"]]
    disabled = api.patch(f"{base}/{data['id']}", json={"status": "disabled"})
    assert disabled.json()["data"]["status"] == "disabled"
    assert api.delete(f"{base}/{data['id']}").status_code == 204


def test_event_delivered_with_v2_payload_and_destination_headers(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.4 v2.0 payload fields; §8.5 POST JSON with the hook's Authorization.
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "CREATE")  # OAS upper case accepted
    vendor = api.post(
        "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "V"}}
    ).json()
    assert fake.deliver_pending() == 1
    headers, payload = receiver.received[0]
    assert headers["authorization"] == "Bearer s3cret-value-12345"
    assert headers["content-type"] == "application/json"
    assert set(payload) == {
        "id",
        "ulid",
        "timestamp",
        "metadata",
        "user_id",
        "company_id",
        "project_id",
        "api_version",
        "event_type",
        "resource_name",
        "resource_id",
    }
    assert payload["id"] > 2**53
    assert len(payload["ulid"]) == 26
    assert payload["timestamp"].endswith("Z")
    assert payload["api_version"] == "v2.0"
    assert payload["event_type"] == "create"
    assert payload["resource_name"] == "Company Vendors"
    assert payload["resource_id"] == vendor["id"]
    assert payload["company_id"] == fake.company_id
    assert payload["project_id"] is None  # §8.4: company directory events carry no project
    assert payload["metadata"]["source_application_id"] == fake.client_id
    assert fake.deliveries[0].status == "delivered"


def test_v3_related_resources_and_v4_shape(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.4: v3.0 adds related_resources; v4.0 string ids, reason, resource_type.
    v3 = _v1_hook(api, fake, "v3")
    v4 = _v1_hook(api, fake, "v4")
    for hook in (v3, v4):
        _trigger(api, fake, hook["id"], "Work Order Contract Line Items", "create")
    woc = api.get("/rest/v1.0/work_order_contracts", params={"project_id": fake.project_id}).json()[
        0
    ]
    api.patch(
        f"/rest/v1.0/work_order_contracts/{woc['id']}/line_items/sync",
        json={"updates": [{"description": "li"}]},
    )
    assert fake.deliver_pending() == 2
    payloads = {p.get("api_version", "v4"): p for _, p in receiver.received}
    assert payloads["v3.0"]["related_resources"] == [
        {"id": woc["id"], "name": "Work Order Contracts"}
    ]
    v4_payload = payloads["v4"]
    assert set(v4_payload) == {
        "id",
        "timestamp",
        "reason",
        "company_id",
        "project_id",
        "user_id",
        "resource_type",
        "resource_id",
        "payload_version",  # real v4.0 deliveries carry it in the body
    }
    assert v4_payload["payload_version"] == "v4.0"
    assert v4_payload["reason"] == "create"
    assert v4_payload["project_id"] == str(fake.project_id)
    assert isinstance(v4_payload["resource_id"], str)


def test_project_hook_only_gets_its_project(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.2: project-scoped hooks get their project's events only.
    resp = api.post(
        "/rest/v1.0/webhooks/hooks",
        json={
            "project_id": fake.project_id,
            "hook": {"api_version": "v2", "namespace": "p", "destination_url": "https://r/x"},
        },
    )
    hook = resp.json()
    assert hook["owned_by_project_id"] == fake.project_id
    api.post(
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers",
        json={
            "project_id": fake.project_id,
            "trigger": {"resource_name": "RFIs", "event_type": "update"},
        },
    )
    rfi = api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis").json()[0]
    api.patch(
        f"/rest/v1.0/projects/{fake.project_id}/rfis/{rfi['id']}", json={"rfi": {"subject": "n"}}
    )
    api.post(f"/rest/v1.0/projects/{fake.project_id}/rfis", json={"rfi": {"subject": "created"}})
    fake.deliver_pending()
    assert [(p["event_type"], p["resource_id"]) for _, p in receiver.received] == [
        ("update", rfi["id"])
    ]


def test_retry_backoff_pause_and_reset(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.5: failure pauses the queue; backoff 1 s, 2 s, ...; success resets.
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "create")
    receiver.statuses = [500, 503]
    for name in ("a", "b"):
        api.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": name}}
        )
    assert fake.deliver_pending() == 1  # first fails; the queue pauses (b waits)
    assert fake.deliver_pending() == 0
    fake.advance(1)
    assert fake.deliver_pending() == 1  # second failure -> 2 s pause
    fake.advance(1)
    assert fake.deliver_pending() == 0
    fake.advance(1)
    assert fake.deliver_pending() == 2  # success, then b
    assert [d.status for d in fake.deliveries] == ["delivered", "delivered"]
    assert [a.outcome for a in fake.deliveries[0].attempts] == ["retried", "retried", "ok"]
    assert fake.webhooks.hooks[hook["id"]].failures == 0


def test_backoff_caps_at_one_hour_and_discards_after_12h(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.5: backoff up to 1 h; discarded after 12 h.
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "create")
    receiver.statuses = [500] * 100
    api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "x"}})
    for _ in range(12):
        fake.deliver_pending()
        state = fake.webhooks.hooks[hook["id"]]
        assert state.paused_until - fake.now() <= 3600  # backoff capped at 1 h
        fake.advance(3600)
    assert fake.deliveries[0].status == "retrying"
    fake.advance(3600)
    fake.deliver_pending()
    assert fake.deliveries[0].status == "discarded"
    api.headers["Authorization"] = f"Bearer {fake.issue_token().access_token}"
    history = api.get(
        f"/rest/v1.0/webhooks/hooks/{hook['id']}/deliveries",
        params={"company_id": fake.company_id, "filter[status]": "discarded"},
    ).json()
    assert history
    assert {row["outcome"] for row in history} == {"discarded"}


def test_v1_deliveries_fields_page_size_and_filters(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.2: page_size/page_start, filter[status] and filters[status] both accepted.
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "create")
    for i in range(3):
        api.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": f"{i}"}}
        )
    fake.deliver_pending()
    path = f"/rest/v1.0/webhooks/hooks/{hook['id']}/deliveries"
    first = api.get(path, params={"company_id": fake.company_id, "page_size": 2}).json()
    assert len(first) == 2
    assert {
        "id",
        "event_id",
        "event",
        "started_at",
        "completed_at",
        "response_status",
        "response_headers",
        "response_body",
        "response_error",
        "outcome",
    } <= set(first[0])
    rest = api.get(
        path, params={"company_id": fake.company_id, "page_size": 2, "page_start": first[-1]["id"]}
    ).json()
    assert len(rest) == 1
    for key in ("filter[status]", "filters[status]"):
        ok = api.get(path, params={"company_id": fake.company_id, key: "successful"}).json()
        failing = api.get(path, params={"company_id": fake.company_id, key: "failing"}).json()
        assert len(ok) == 3
        assert failing == []


def test_v2_deliveries_statuses(api: httpx.Client, fake: FakeProcore, receiver: Receiver) -> None:
    # §8.3: filter[status] in succeeded/failed/...; items id, status, payload, delivery_attempts.
    base = f"/rest/v2.0/companies/{fake.company_id}/webhooks/hooks"
    hook = api.post(
        base,
        json={"payload_version": "v2.0", "namespace": "n", "destination_url": "https://r/v2"},
    ).json()["data"]
    api.post(
        f"{base}/{hook['id']}/triggers",
        json={"resource_name": "Company Vendors", "event_type": "create"},
    )
    api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "x"}})
    pending = api.get(f"{base}/{hook['id']}/deliveries", params={"filter[status]": "enqueued"})
    assert len(pending.json()["data"]) == 1
    fake.deliver_pending()
    done = api.get(f"{base}/{hook['id']}/deliveries", params={"filter[status]": "succeeded"})
    item = done.json()["data"][0]
    assert set(item) == {"id", "status", "payload", "delivery_attempts"}
    assert item["status"] == "delivered"
    assert len(item["delivery_attempts"]) == 1
    day = fake.today()
    dated = api.get(
        f"{base}/{hook['id']}/deliveries",
        params={"filter[start]": day, "filter[end]": day, "filter[event_type]": "create"},
    )
    assert len(dated.json()["data"]) == 1
    earlier = api.get(f"{base}/{hook['id']}/deliveries", params={"filter[end]": "2000-01-01"})
    assert earlier.json()["data"] == []


def test_bulk_triggers_limit_500(api: httpx.Client, fake: FakeProcore) -> None:
    # §8.2: bulk triggers at most 500 -> 413 beyond; 207 on partial failure.
    hook = _v1_hook(api, fake)
    path = f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers/bulk"
    many = [{"resource_name": "RFIs", "event_type": "create"}] * 501
    assert api.post(path, json={"company_id": fake.company_id, "triggers": many}).status_code == 413
    mixed = [{"resource_name": "RFIs", "event_type": "create"}, {"resource_name": "RFIs"}]
    resp = api.post(path, json={"company_id": fake.company_id, "triggers": mixed})
    assert resp.status_code == 207
    listed = api.get(f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers").json()
    assert len(listed) == 1
    removed = api.request(
        "DELETE",
        path,
        json={"company_id": fake.company_id, "triggers": [{"id": listed[0]["id"]}]},
    )
    assert removed.status_code == 200
    assert api.get(f"/rest/v1.0/webhooks/hooks/{hook['id']}/triggers").json() == []


def test_resources_catalog_v1_and_v2(api: httpx.Client, fake: FakeProcore) -> None:
    # §8.2 / §8.3 resources endpoints.
    v1 = api.get("/rest/v1.0/webhooks/resources", params={"company_id": fake.company_id}).json()
    assert {
        "api_version",
        "product_category",
        "tools",
        "except",
        "create",
        "update",
        "delete",
    } <= set(v1[0])
    names = {r["name"] for r in v1}
    assert {"RFIs", "Company Vendors", "Direct Cost Line Items"} <= names
    base = f"/rest/v2.0/companies/{fake.company_id}/webhooks/resources"
    assert api.get(base).status_code == 400  # payload_version is required
    v2 = api.get(base, params={"payload_version": "v4.0", "per_page": 100}).json()["data"]
    assert {"category", "tool", "name", "payload_version", "actions"} <= set(v2[0])
    assert all(r["payload_version"] == "v4.0" for r in v2)


def test_deleted_hook_gets_no_events(
    api: httpx.Client, fake: FakeProcore, receiver: Receiver
) -> None:
    # §8.1: events go to existing hooks with a matching trigger.
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "create")
    assert api.delete(f"/rest/v1.0/webhooks/hooks/{hook['id']}").status_code == 204
    api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "x"}})
    assert fake.deliver_pending() == 0
    assert receiver.received == []


def test_delivery_to_in_process_asgi_app(api: httpx.Client, fake: FakeProcore) -> None:
    # Deliveries can target an ASGI app in-process (e.g. the SDK's WebhookReceiver).
    seen: list[Any] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        message = await receive()
        seen.append((scope["path"], json.loads(message["body"])))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    fake.webhook_transport = httpx.ASGITransport(app=app)
    hook = _v1_hook(api, fake)
    _trigger(api, fake, hook["id"], "Company Vendors", "update")
    vendor = fake.records("vendors")[0]
    api.patch(f"/rest/v1.0/vendors/{vendor['id']}", json={"vendor": {"name": "N"}})
    assert fake.deliver_pending() == 1
    assert seen[0][0] == "/hook"
    assert seen[0][1]["event_type"] == "update"
    assert fake.deliveries[0].attempts[0].response_status == 204
