"""Real webhook deliveries (``shared/realworld/webhooks``) parse, and are acknowledged.

The files are deliveries other integrators' receivers saved from real Procore accounts, and
Procore's documentation examples (the folder's README gives each one's source). They include
labels the docs do not list (``"api_version": "v1.0"`` over the v2.0 body), v4.0 bodies with
``"payload_version"`` and ``"project_id": ""``, event ids above 2**53 and a doc example with
duplicate keys (JSON keeps the last). Every one must parse to the right event and be
acknowledged (2xx) by the receiver through both adapters, the handler called once with an event
that keeps the raw body. A label nobody has seen is read by the body's shape, with one warning.
The fake Procore's deliveries must have the real deliveries' keys.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _helpers.deliver import ADAPTERS, deliver, webhook_warnings
from _helpers.webhook_flavour import Flavour

from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookEvent, WebhookReceiver, parse_event

from .conftest import realworld_files

SECRET = "Bearer conformance-webhooks-secret"
PAYLOADS = realworld_files("webhooks")


def _name(path: Path) -> str:
    return path.stem


def _expected_id(value: Any) -> Any:
    # An absent project is null in v2.0 bodies and "" in real v4.0 ones; both read as None.
    return None if value in (None, "") else value


def test_the_folder_has_every_kind_of_payload() -> None:
    names = [p.name for p in PAYLOADS]
    assert len(names) >= 20
    for prefix in ("apiv1_0_", "v4_", "docs_v2_", "docs_v3_0_", "docs_v4_0_", "v2_"):
        assert any(n.startswith(prefix) for n in names), prefix


@pytest.mark.parametrize("path", PAYLOADS, ids=_name)
def test_every_real_payload_parses(path: Path) -> None:
    raw = path.read_bytes()
    doc = json.loads(raw)
    event = parse_event(raw)
    assert event.resource_name == doc.get("resource_name", doc.get("resource_type"))
    assert event.event_type == doc.get("event_type", doc.get("reason"))
    for field in ("id", "resource_id", "company_id", "user_id"):
        expected = doc.get(field)
        got = getattr(event, field)
        assert got == expected, field
        assert type(got) is type(expected), field  # ints stay ints: exact above 2**53
    assert event.project_id == _expected_id(doc.get("project_id"))
    assert event.raw == doc
    assert event.raw_body == raw
    assert event.version_label_known
    label = doc.get("api_version", doc.get("payload_version"))
    assert event.version_label == label
    if "reason" in doc:
        assert event.payload_version == "4.0"
    elif "related_resources" in doc or label == "v3.0":
        assert event.payload_version == "3.0"
        assert [r.name for r in event.related_resources] == [
            r["name"] for r in doc.get("related_resources", [])
        ]
    else:
        assert event.payload_version == "2.0"
    if doc.get("metadata"):
        assert event.metadata.source_user_id == doc["metadata"]["source_user_id"]


def test_ids_above_2_53_stay_exact() -> None:
    big = [p for p in PAYLOADS if isinstance(json.loads(p.read_bytes())["id"], int)]
    huge = [p for p in big if json.loads(p.read_bytes())["id"] > 2**53]
    assert huge, "expected real event ids above 2**53"
    for path in huge:
        raw = path.read_bytes()
        assert parse_event(raw).id == json.loads(raw)["id"]
        assert str(parse_event(raw).id) in raw.decode()


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("path", PAYLOADS, ids=_name)
def test_every_real_payload_is_acknowledged(
    adapter: str, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    raw = path.read_bytes()
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        status, _ = deliver(adapter, receiver, raw, SECRET)
    assert 200 <= status < 300
    assert len(calls) == 1
    assert calls[0].raw_body == raw
    assert webhook_warnings(caplog.records) == []  # every label here has been seen from Procore


def _relabelled(shape: str) -> list[bytes]:
    """Real bodies of one shape under a label nobody has seen (built in memory)."""
    out = []
    for path in PAYLOADS:
        doc = json.loads(path.read_bytes())
        if ("reason" in doc) != (shape == "v4"):
            continue
        doc.pop("api_version", None)
        doc.pop("payload_version", None)
        doc["api_version" if shape == "v2" else "payload_version"] = "v9.9"
        out.append(json.dumps(doc).encode())
    return out


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("shape", ["v2", "v4"])
def test_an_unseen_label_is_parsed_by_shape_and_warned_once(
    adapter: str, shape: str, caplog: pytest.LogCaptureFixture
) -> None:
    bodies = _relabelled(shape)
    assert len(bodies) >= 2
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        for raw in bodies:
            status, _ = deliver(adapter, receiver, raw, SECRET)
            assert 200 <= status < 300
    # Deliveries that share an event id (doc examples reuse one) are duplicates, handled once.
    assert len(calls) == len({parse_event(raw).dedupe_key for raw in bodies})
    assert all(not e.version_label_known for e in calls)
    assert {e.payload_version for e in calls} <= ({"4.0"} if shape == "v4" else {"2.0", "3.0"})
    warnings = webhook_warnings(caplog.records)
    assert len(warnings) == 1
    assert "v9.9" in warnings[0]


# -- the fake's deliveries have the real ones' keys ----------------------------------------------


@pytest.fixture(params=["sync", "async"])
def fake_flavour(request: pytest.FixtureRequest) -> Iterator[tuple[Flavour, FakeProcore]]:
    fake = FakeProcore(seed=8)
    f = Flavour(request.param, fake)
    yield f, fake
    f.close()


def _fake_company_user_update(flavour: Flavour, fake: FakeProcore, payload_version: str) -> Any:
    bodies: list[bytes] = []

    def record(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(200)

    fake.webhook_transport = httpx.MockTransport(record)
    hook = flavour.call(
        flavour.webhooks.hooks.create(
            namespace="conformance",
            destination_url="https://hooks.example.com/procore",
            authorization=SECRET,
            payload_version=payload_version,
        )
    )
    flavour.call(flavour.webhooks.triggers.create(hook.id, "Company Users", "update"))
    user_id = fake.records("company_users", fake.company_id)[0]["id"]
    flavour.call(flavour.client.company_users.update(user_id, {"job_title": "Superintendent"}))
    assert fake.deliver_pending() == 1
    return json.loads(bodies[0])


def _real(prefix: str) -> list[dict[str, Any]]:
    docs = [json.loads(p.read_bytes()) for p in PAYLOADS if p.name.startswith(prefix)]
    assert docs
    return docs


def test_fake_v4_company_delivery_matches_real_ones(
    fake_flavour: tuple[Flavour, FakeProcore],
) -> None:
    flavour, fake = fake_flavour
    sent = _fake_company_user_update(flavour, fake, "v4.0")
    real = [
        d for d in _real("v4_company_users_") if d["project_id"] == "" and d["reason"] == "update"
    ]
    assert real
    assert list(sent) == list(real[0])  # same keys, same order
    assert sent["project_id"] == ""
    assert sent["payload_version"] == "v4.0"
    assert all(isinstance(sent[k], str) for k in ("id", "company_id", "user_id", "resource_id"))


def test_fake_v1_0_labelled_delivery_matches_real_ones(
    fake_flavour: tuple[Flavour, FakeProcore],
) -> None:
    flavour, fake = fake_flavour
    sent = _fake_company_user_update(flavour, fake, "v1.0")
    real = _real("apiv1_0_company_users_")
    assert set(sent) == set(real[0])
    assert set(sent["metadata"]) == set(real[0]["metadata"])
    assert sent["api_version"] == real[0]["api_version"] == "v1.0"
    assert sent["resource_name"] == real[0]["resource_name"]
    assert type(sent["id"]) is type(real[0]["id"]) is int
