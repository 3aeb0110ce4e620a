"""The fake Procore sends what real Procore sends (webhook side), through both clients.

Real deliveries show (hand-checked against recorded ones; see the conformance group):
v4.0 bodies carry ``"payload_version": "v4.0"`` and ``"project_id": ""`` for company-level
events; hooks created with ``api_version: "v1.0"`` get the v2.0 body labelled ``"v1.0"``. The
v2.0 Webhooks API answers in a ``data`` envelope with every id as a string, nested ones too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _helpers.deliver import webhook_warnings
from _helpers.webhook_flavour import Flavour

from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookEvent, WebhookReceiver, parse_event

URL = "https://hooks.example.com/procore"
SECRET = "Bearer fidelity-secret-value-1"


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=5)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest, fake: FakeProcore) -> Iterator[Flavour]:
    f = Flavour(request.param, fake)
    yield f
    f.close()


class Recorder:
    """Stands in for the receiver: keeps each delivered body, answers 200."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.content)
        return httpx.Response(200)


def subscribe(flavour: Flavour, payload_version: str, event: tuple[str, str]) -> Any:
    hook = flavour.call(
        flavour.webhooks.hooks.create(
            namespace="fidelity",
            destination_url=URL,
            authorization=SECRET,
            payload_version=payload_version,
        )
    )
    flavour.call(flavour.webhooks.triggers.create(hook.id, *event))
    return hook


def test_v4_company_level_delivery_has_payload_version_and_empty_project(
    flavour: Flavour, fake: FakeProcore
) -> None:
    recorder = Recorder()
    fake.webhook_transport = httpx.MockTransport(recorder)
    subscribe(flavour, "v4.0", ("Company Vendors", "create"))
    vendor = flavour.call(flavour.client.vendors.create({"name": "Fidelity Glass"}))
    assert fake.deliver_pending() == 1
    [raw] = recorder.bodies
    payload = json.loads(raw)
    assert payload["payload_version"] == "v4.0"
    assert payload["project_id"] == ""
    assert payload["resource_type"] == "Company Vendors"
    assert payload["resource_id"] == str(vendor.id)
    assert "api_version" not in payload  # v4.0 names its version payload_version
    event = parse_event(raw)
    assert (event.payload_version, event.version_label) == ("4.0", "v4.0")
    assert event.project_id is None
    assert event.resource_id_int == vendor.id


def test_v4_project_level_delivery_keeps_its_project(flavour: Flavour, fake: FakeProcore) -> None:
    recorder = Recorder()
    fake.webhook_transport = httpx.MockTransport(recorder)
    subscribe(flavour, "v4.0", ("RFIs", "create"))
    flavour.call(flavour.client.rfis.create({"subject": "Fidelity?"}, project_id=fake.project_id))
    assert fake.deliver_pending() == 1
    payload = json.loads(recorder.bodies[0])
    assert payload["project_id"] == str(fake.project_id)
    assert payload["payload_version"] == "v4.0"


@pytest.mark.parametrize("adapter", ["asgi", "wsgi"])
def test_v1_0_labelled_hook_end_to_end(
    flavour: Flavour, fake: FakeProcore, adapter: str, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    seen: list[WebhookEvent] = []
    receiver.on("Company Vendors", "create")(seen.append)
    fake.webhook_transport = (
        httpx.ASGITransport(receiver.asgi_app())
        if adapter == "asgi"
        else httpx.WSGITransport(receiver.wsgi_app())
    )
    hook = subscribe(flavour, "v1.0", ("Company Vendors", "create"))
    assert hook.api_version == "v1.0"  # the hook keeps the label it was created with
    listed = flavour.all(flavour.webhooks.hooks.list(namespace="fidelity"))
    assert [h.api_version for h in listed] == ["v1.0"]
    vendor = flavour.call(flavour.client.vendors.create({"name": "Label Works"}))
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        assert fake.deliver_pending() == 1
    [delivery] = fake.webhooks.deliveries
    assert delivery.status == "delivered"
    assert delivery.attempts[-1].response_status == 200
    [event] = seen
    assert event.version_label == "v1.0"
    assert event.payload_version == "2.0"  # the v2.0 body under the v1.0 label
    assert isinstance(event.id, int)
    assert event.id > 2**53
    assert event.ulid is not None
    assert event.resource_id == vendor.id
    assert event.raw_body is not None
    assert json.loads(event.raw_body)["api_version"] == "v1.0"
    assert webhook_warnings(caplog.records) == []  # a label real Procore sends is no news


def test_ensure_keeps_a_v1_0_hook_when_asked_for_v1_0(flavour: Flavour, fake: FakeProcore) -> None:
    events = [("Company Vendors", "create")]
    first = flavour.call(
        flavour.webhooks.ensure(
            namespace="fidelity", destination_url=URL, events=events, payload_version="v1.0"
        )
    )
    assert first.hook.api_version == "v1.0"
    again = flavour.call(
        flavour.webhooks.ensure(
            namespace="fidelity", destination_url=URL, events=events, payload_version="v1.0"
        )
    )
    assert again.writes == 0
    moved = flavour.call(
        flavour.webhooks.ensure(namespace="fidelity", destination_url=URL, events=events)
    )
    assert moved.hook_updated
    assert moved.hook.api_version == "v2"


# -- the v2.0 Webhooks API: string ids everywhere -----------------------------------------------


def ids_not_strings(value: Any, path: str = "") -> list[str]:
    """Paths of every non-null ``id``/``*_id`` value that is not a string."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if (key == "id" or key.endswith("_id")) and item is not None:
                if not isinstance(item, str):
                    found.append(f"{where}={item!r}")
            else:
                found.extend(ids_not_strings(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(ids_not_strings(item, f"{path}[{index}]"))
    return found


def test_v2_webhooks_api_sends_every_id_as_a_string(fake: FakeProcore) -> None:
    recorder = Recorder()
    fake.webhook_transport = httpx.MockTransport(recorder)
    token = fake.issue_token().access_token
    base = f"/rest/v2.0/companies/{fake.company_id}/webhooks"
    bodies: dict[str, Any] = {}
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={
            "Authorization": f"Bearer {token}",
            "Procore-Company-Id": str(fake.company_id),
        },
    ) as api:

        def call(name: str, method: str, path: str, **kwargs: Any) -> Any:
            response = api.request(method, base + path, **kwargs)
            assert response.is_success, (name, response.status_code, response.text)
            bodies[name] = response.json()
            assert "data" in bodies[name], name  # the v2.0 envelope
            return bodies[name]["data"]

        hook = call(
            "create hook",
            "POST",
            "/hooks",
            json={"destination_url": URL, "payload_version": "v2.0", "namespace": "fidelity"},
        )
        hook_id = hook["id"]
        call("show hook", "GET", f"/hooks/{hook_id}")
        call("list hooks", "GET", "/hooks")
        call("update hook", "PATCH", f"/hooks/{hook_id}", json={"status": "active"})
        call(
            "create trigger",
            "POST",
            f"/hooks/{hook_id}/triggers",
            json={"resource_name": "Company Vendors", "event_type": "create"},
        )
        call(
            "bulk triggers",
            "POST",
            f"/hooks/{hook_id}/triggers/bulk",
            json={"triggers": [{"resource_name": "Company Vendors", "event_type": "update"}]},
        )
        call("list triggers", "GET", f"/hooks/{hook_id}/triggers")
        created = api.post(
            "/rest/v1.0/vendors",
            json={"company_id": fake.company_id, "vendor": {"name": "Strings Inc"}},
        )
        assert created.is_success, created.text
        assert fake.deliver_pending() == 1
        deliveries = call("list deliveries", "GET", f"/hooks/{hook_id}/deliveries")
    # The delivery itself (a v2.0 body) keeps integer ids; the v2.0 API's view of it does not.
    assert isinstance(json.loads(recorder.bodies[0])["id"], int)
    assert deliveries[0]["payload"]["metadata"]["source_user_id"] is not None
    assert deliveries[0]["delivery_attempts"]
    problems = {name: ids_not_strings(body) for name, body in bodies.items()}
    assert problems == {name: [] for name in bodies}
