"""Every payload version label Procore has been seen to send, and labels nobody has seen.

Real deliveries carry ``"api_version": "v1.0"`` over the v2.0 body, and v4.0 deliveries carry
``"payload_version": "v4.0"`` and ``"project_id": ""`` for company-level events (Procore's
"Webhooks" page documents neither). A receiver that refused them would pause the hook and lose
its events after 12 hours, so: every seen label parses, an unknown label is read by the body's
shape, and the receiver acknowledges it, keeps the raw body and warns once per label.

The payloads here are written by hand; the recorded ones are read by
``tests/conformance/test_realworld_webhooks.py``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from _helpers.deliver import ADAPTERS, deliver, webhook_warnings

from procore_sdk.webhooks import (
    UnsupportedPayloadVersionError,
    WebhookEvent,
    WebhookPayloadError,
    WebhookReceiver,
    parse_event,
)

SECRET = "Bearer versions-secret-42"
HUGE = 2**63 - 11  # above 2**53: a float would round it


def v2_body(label: Any = "v2.0", **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": HUGE,
        "ulid": "01HZZZZZZZZZZZZZZZZZZZZZZZ",
        "timestamp": "2024-03-01T10:00:00.000001Z",
        "metadata": {
            "source_user_id": 11,
            "source_project_id": None,
            "source_operation_id": None,
            "source_company_id": 22,
            "source_application_id": None,
        },
        "user_id": 11,
        "company_id": 22,
        "project_id": None,
        "api_version": label,
        "event_type": "create",
        "resource_name": "Company Vendors",
        "resource_id": 33,
    }
    payload.update(overrides)
    return payload


def v4_body(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "01HYYYYYYYYYYYYYYYYYYYYYYY",
        "timestamp": "2024-03-01T10:00:00.5Z",
        "reason": "update",
        "company_id": "22",
        "project_id": "",
        "user_id": "11",
        "resource_type": "Company Vendors",
        "resource_id": "9007199254740995",
        "payload_version": "v4.0",
    }
    payload.update(overrides)
    return payload


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


# -- parse_event --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "extra", "version"),
    [
        ("v1.0", {}, "2.0"),  # the real v1.0 label over the v2.0 body
        ("v2", {}, "2.0"),
        ("v2.0", {}, "2.0"),
        ("v3.0", {"related_resources": [{"id": HUGE, "name": "Direct Costs"}]}, "3.0"),
    ],
)
def test_every_seen_v2_style_label_parses(label: str, extra: dict[str, Any], version: str) -> None:
    raw = encode(v2_body(label, **extra))
    event = parse_event(raw)
    assert event.payload_version == version
    assert event.version_label == label
    assert event.version_label_known
    assert event.id == HUGE
    assert type(event.id) is int
    assert (event.resource_name, event.event_type, event.resource_id) == (
        "Company Vendors",
        "create",
        33,
    )
    assert event.project_id is None
    assert event.raw_body == raw
    assert event.raw["api_version"] == label


@pytest.mark.parametrize("where", ["payload_version", "api_version"])
def test_v4_label_in_either_field_and_empty_project_id(where: str) -> None:
    payload = v4_body()
    if where == "api_version":
        payload["api_version"] = payload.pop("payload_version")
    event = parse_event(encode(payload))
    assert event.payload_version == "4.0"
    assert event.version_label == "v4.0"
    assert event.version_label_known
    assert (event.resource_name, event.event_type) == ("Company Vendors", "update")
    # "" is how real v4.0 deliveries say "no project"; raw keeps it as sent.
    assert event.project_id is None
    assert event.raw["project_id"] == ""
    assert event.resource_id_int == 9007199254740995
    assert event.company_id_int == 22


@pytest.mark.parametrize(
    ("payload", "version"),
    [
        (v2_body("v9.9"), "2.0"),
        (v2_body("v9.9", related_resources=[]), "3.0"),
        (v4_body(payload_version="v9.9"), "4.0"),
        (v2_body(7), "2.0"),  # not even a string
    ],
)
def test_unknown_label_is_read_by_shape(payload: dict[str, Any], version: str) -> None:
    raw = encode(payload)
    event = parse_event(raw)
    assert event.payload_version == version
    assert not event.version_label_known
    assert event.resource_name == "Company Vendors"
    assert event.raw_body == raw


@pytest.mark.parametrize(
    ("payload", "version"),
    [
        ({**v4_body(), "payload_version": "v2.0"}, "4.0"),
        (v2_body("v4.0"), "2.0"),
        ({**v4_body(), "api_version": "v1.0"}, "4.0"),
    ],
    ids=["v4 body labelled v2.0", "v2 body labelled v4.0", "v4 body labelled v1.0"],
)
def test_known_label_over_the_other_shape_is_read_as_shaped(
    payload: dict[str, Any], version: str
) -> None:
    event = parse_event(encode(payload))
    assert event.payload_version == version
    assert event.resource_name == "Company Vendors"
    receiver, calls = receiver_with_calls()
    assert receiver.handle({"Authorization": SECRET}, encode(payload)).status == 200
    assert len(calls) == 1


def test_text_body_is_kept_as_utf8_bytes() -> None:
    text = json.dumps(v2_body("v1.0", resource_name="Café Items"), ensure_ascii=False)
    event = parse_event(text)
    assert event.raw_body == text.encode("utf-8")
    assert event.resource_name == "Café Items"


def test_mapping_has_no_raw_body() -> None:
    payload = v2_body("v1.0")
    event = parse_event(payload)
    assert event.raw_body is None
    assert event.raw is payload


def test_known_label_with_broken_field_is_still_malformed() -> None:
    payload = v2_body("v1.0")
    del payload["timestamp"]
    with pytest.raises(WebhookPayloadError, match="timestamp") as info:
        parse_event(payload)
    assert not isinstance(info.value, UnsupportedPayloadVersionError)


def test_unknown_label_with_broken_field_is_an_unknown_format() -> None:
    payload = v2_body("v9.9")
    del payload["timestamp"]
    with pytest.raises(UnsupportedPayloadVersionError, match=r"v9\.9") as info:
        parse_event(payload)
    assert info.value.version == "v9.9"


# -- the receiver, through both adapters --------------------------------------------------------


def receiver_with_calls() -> tuple[WebhookReceiver, list[WebhookEvent]]:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    return receiver, calls


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize(
    "payload",
    [v2_body("v1.0"), v2_body("v2"), v2_body("v3.0", related_resources=[]), v4_body()],
    ids=["v1.0", "v2", "v3.0", "v4.0"],
)
def test_receiver_acknowledges_every_seen_label(
    adapter: str, payload: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    receiver, calls = receiver_with_calls()
    raw = encode(payload)
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        status, _ = deliver(adapter, receiver, raw, SECRET)
    assert status == 200
    assert len(calls) == 1
    assert calls[0].raw_body == raw
    assert calls[0].resource_name == "Company Vendors"
    assert webhook_warnings(caplog.records) == []  # a seen label is no news


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize(
    "payload",
    [v2_body("v9.9"), v4_body(payload_version="v9.9")],
    ids=["v2-shaped", "v4-shaped"],
)
def test_unknown_label_is_dispatched_and_warned_once(
    adapter: str, payload: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    receiver, calls = receiver_with_calls()
    first = encode(payload)
    second = encode({**payload, "id": "01HXXXXXXXXXXXXXXXXXXXXXXX", "ulid": "other"})
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        assert deliver(adapter, receiver, first, SECRET)[0] == 200
        assert deliver(adapter, receiver, second, SECRET)[0] == 200
    assert [e.raw_body for e in calls] == [first, second]
    assert all(not e.version_label_known for e in calls)
    warnings = webhook_warnings(caplog.records)
    assert len(warnings) == 1
    assert "v9.9" in warnings[0]


def test_each_new_label_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    receiver, calls = receiver_with_calls()
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        for n, label in enumerate(["v9.9", "v8.0", "v9.9", "v8.0", "v2.0"]):
            raw = encode(v2_body(label, id=n, ulid=str(n)))
            assert receiver.handle({"Authorization": SECRET}, raw).status == 200
    assert len(calls) == 5
    warnings = webhook_warnings(caplog.records)
    assert len(warnings) == 2
    assert "v9.9" in warnings[0]
    assert "v8.0" in warnings[1]


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_unknown_label_of_no_known_shape_is_acknowledged_not_dispatched(
    adapter: str, caplog: pytest.LogCaptureFixture
) -> None:
    receiver, calls = receiver_with_calls()
    odd = {"id": "x1", "when": "2024-03-01T10:00:00Z", "kind": "moved", "payload_version": "v9.9"}
    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        for n in range(2):
            status, body = deliver(adapter, receiver, encode({**odd, "id": f"x{n}"}), SECRET)
            assert status == 200
            assert json.loads(body)["unrecognised"] is True
    assert calls == []
    warnings = webhook_warnings(caplog.records)
    assert len(warnings) == 1
    assert "v9.9" in warnings[0]


def test_unknown_label_missing_a_field_is_acknowledged() -> None:
    receiver, calls = receiver_with_calls()
    payload = v2_body("v9.9")
    del payload["timestamp"]
    response = receiver.handle({"Authorization": SECRET}, encode(payload))
    assert (response.status, response.outcome) == (200, "unrecognised")
    assert calls == []


def test_unknown_label_still_needs_authorization() -> None:
    receiver, calls = receiver_with_calls()
    for adapter in ADAPTERS:
        assert deliver(adapter, receiver, encode(v2_body("v9.9")), "Bearer wrong")[0] == 401
    assert calls == []


def test_async_handling_warns_once_too(caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    receiver, calls = receiver_with_calls()

    async def main() -> list[int]:
        statuses = []
        for n in range(3):
            raw = encode(v2_body("v9.9", id=n, ulid=str(n)))
            statuses.append((await receiver.async_handle({"Authorization": SECRET}, raw)).status)
        return statuses

    with caplog.at_level(logging.WARNING, logger="procore_sdk.webhooks"):
        assert asyncio.run(main()) == [200, 200, 200]
    assert len(calls) == 3
    assert len(webhook_warnings(caplog.records)) == 1
