"""Parsing webhook payloads v2.0, v3.0 and v4.0 (PROCORE_API.md §8.4, §12.12, §12.14)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procore_sdk._errors import ProcoreError
from procore_sdk.webhooks import (
    EventMetadata,
    RelatedResource,
    UnsupportedPayloadVersionError,
    WebhookEvent,
    WebhookPayloadError,
    as_int,
    parse_event,
    parse_timestamp,
    resource_slug,
)

BIG_ID = 5982324300946918154  # the doc example; above 2**53, so a float would corrupt it


def v2_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": BIG_ID,
        "ulid": "01JKECCF1X1HYDJ36GRNQ4FMFN",
        "timestamp": "2025-02-06T23:34:12.246562Z",
        "metadata": {
            "source_user_id": 5447,
            "source_project_id": 6778,
            "source_operation_id": None,
            "source_company_id": 8,
            "source_application_id": "client-abc",
        },
        "user_id": 5447,
        "company_id": 8,
        "project_id": 6778,
        "api_version": "v2.0",
        "event_type": "update",
        "resource_name": "RFIs",
        "resource_id": 379913,
    }
    payload.update(overrides)
    return payload


V4_PAYLOAD: dict[str, Any] = {
    "id": "01JMYXMZRBVKK0PC6XS8SA4QRE",
    "timestamp": "2025-02-24T18:00:01.123456Z",
    "reason": "update",
    "company_id": "8",
    "project_id": "6778",
    "user_id": "5447",
    "resource_type": "Direct Cost Line Items",
    "resource_id": "9007199254740993",
}


def test_v2_event_keeps_big_id_exact_from_bytes() -> None:
    body = json.dumps(v2_payload()).encode()
    assert str(BIG_ID) in body.decode()
    event = parse_event(body)
    assert event.id == BIG_ID
    assert type(event.id) is int
    assert event.id != int(float(BIG_ID))  # proves a float round-trip would have lost it
    assert event.payload_version == "2.0"
    assert event.event_type == "update"
    assert event.resource_name == "RFIs"
    assert event.resource_id == 379913
    assert (event.company_id, event.project_id, event.user_id) == (8, 6778, 5447)
    assert event.ulid == "01JKECCF1X1HYDJ36GRNQ4FMFN"
    assert event.timestamp == datetime(2025, 2, 6, 23, 34, 12, 246562, tzinfo=timezone.utc)
    assert event.metadata == EventMetadata(
        source_user_id=5447,
        source_project_id=6778,
        source_operation_id=None,
        source_company_id=8,
        source_application_id="client-abc",
    )
    assert event.related_resources == ()
    assert event.data is None
    assert event.raw["id"] == BIG_ID


def test_v2_event_from_text_and_mapping() -> None:
    payload = v2_payload()
    assert parse_event(json.dumps(payload)).id == BIG_ID
    from_mapping = parse_event(payload)
    assert from_mapping.id == BIG_ID
    assert from_mapping.raw is payload


@pytest.mark.parametrize("declared", ["v2.0", "v2", "V2.0"])
def test_v2_version_spellings(declared: str) -> None:
    # §12.14: hooks say "v2", payloads say "v2.0".
    assert parse_event(v2_payload(api_version=declared)).payload_version == "2.0"


def test_v3_event_with_related_resources() -> None:
    payload = v2_payload(
        api_version="v3.0",
        resource_name="Direct Cost Line Items",
        related_resources=[{"id": 1234, "name": "Direct Costs"}, {"id": BIG_ID, "name": "X"}],
    )
    event = parse_event(json.dumps(payload).encode())
    assert event.payload_version == "3.0"
    assert event.related_resources == (
        RelatedResource(id=1234, name="Direct Costs"),
        RelatedResource(id=BIG_ID, name="X"),
    )


def test_v3_empty_related_resources() -> None:
    event = parse_event(v2_payload(api_version="v3.0", related_resources=[]))
    assert event.payload_version == "3.0"
    assert event.related_resources == ()


def test_v4_event_string_ids_reason_and_resource_type() -> None:
    event = parse_event(json.dumps(V4_PAYLOAD).encode())
    assert event.payload_version == "4.0"
    assert event.id == "01JMYXMZRBVKK0PC6XS8SA4QRE"
    assert event.event_type == "update"  # from "reason"
    assert event.resource_name == "Direct Cost Line Items"  # from "resource_type"
    assert event.resource_id == "9007199254740993"
    assert event.resource_id_int == 9007199254740993  # exact: 2**53 + 1
    assert event.company_id == "8"
    assert event.company_id_int == 8
    assert event.project_id_int == 6778
    assert event.user_id_int == 5447
    assert event.id_int is None  # a ULID is not numeric
    assert event.ulid is None
    assert event.metadata == EventMetadata()
    assert event.dedupe_key == "id:01JMYXMZRBVKK0PC6XS8SA4QRE"


def test_v4_event_with_data_and_explicit_version() -> None:
    payload = {**V4_PAYLOAD, "data": {"amount": "12.50"}, "reason": "approved"}
    event = parse_event(payload)
    assert event.data == {"amount": "12.50"}
    assert event.event_type == "approved"  # v4 reasons are open
    assert parse_event({**V4_PAYLOAD, "api_version": "v4.0"}).payload_version == "4.0"


def test_missing_project_id_for_company_directory_events() -> None:
    payload = v2_payload(resource_name="Company Users")
    del payload["project_id"]
    event = parse_event(payload)
    assert event.project_id is None
    assert event.project_id_int is None
    assert event.resource_key().project_id is None


def test_null_metadata_values_and_null_metadata() -> None:
    payload = v2_payload(
        metadata={
            "source_user_id": None,
            "source_project_id": None,
            "source_operation_id": None,
            "source_company_id": None,
            "source_application_id": None,
        }
    )
    assert parse_event(payload).metadata == EventMetadata()
    assert parse_event(v2_payload(metadata=None)).metadata == EventMetadata()
    no_metadata = v2_payload()
    del no_metadata["metadata"]
    assert parse_event(no_metadata).metadata == EventMetadata()


def test_dedupe_key_prefers_ulid_then_id() -> None:
    assert parse_event(v2_payload()).dedupe_key == "ulid:01JKECCF1X1HYDJ36GRNQ4FMFN"
    assert parse_event(v2_payload(ulid=None)).dedupe_key == f"id:{BIG_ID}"


def test_resource_key_is_pure_data() -> None:
    key = parse_event(V4_PAYLOAD).resource_key()
    assert key.slug == "direct_cost_line_items"
    assert key.resource_id == "9007199254740993"
    assert key.company_id == "8"
    assert not key.deleted
    assert parse_event(v2_payload(event_type="delete")).resource_key().deleted
    assert resource_slug("Document Upload.Created") == "document_upload_created"


def test_event_is_frozen_slotted_kw_only() -> None:
    event = parse_event(v2_payload())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.id = 1  # type: ignore[misc]
    assert not hasattr(event, "__dict__")
    with pytest.raises(TypeError):
        WebhookEvent(1, None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-02-06T23:34:12.246562Z", datetime(2025, 2, 6, 23, 34, 12, 246562, timezone.utc)),
        ("2025-02-06T23:34:12Z", datetime(2025, 2, 6, 23, 34, 12, tzinfo=timezone.utc)),
        ("2025-02-06T23:34:12.5Z", datetime(2025, 2, 6, 23, 34, 12, 500000, timezone.utc)),
        ("2025-02-06T23:34:12.123456789Z", datetime(2025, 2, 6, 23, 34, 12, 123456, timezone.utc)),
        ("2025-02-06T23:34:12+01:00", datetime(2025, 2, 6, 22, 34, 12, tzinfo=timezone.utc)),
        ("2025-02-06T23:34:12", datetime(2025, 2, 6, 23, 34, 12, tzinfo=timezone.utc)),
    ],
)
def test_timestamps(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.tzinfo is timezone.utc


@pytest.mark.parametrize("text", ["yesterday", "2025-13-01T00:00:00Z", "2025-02-06T23:34:12+99:00"])
def test_bad_timestamps(text: str) -> None:
    with pytest.raises(WebhookPayloadError):
        parse_timestamp(text)


def test_as_int() -> None:
    assert as_int("9007199254740993") == 9007199254740993
    assert as_int(BIG_ID) == BIG_ID
    assert as_int("12a") is None
    assert as_int("") is None
    assert as_int(None) is None
    assert as_int(True) is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2]",
        b'"a string"',
        b"null",
        b'{"id": NaN}',
        b"[" * 100_000,
    ],
)
def test_malformed_bodies(body: bytes) -> None:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(body)
    assert isinstance(info.value, ProcoreError)
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, UnsupportedPayloadVersionError)


@pytest.mark.parametrize("field", ["id", "timestamp", "event_type", "resource_name", "resource_id"])
def test_missing_required_field(field: str) -> None:
    payload = v2_payload()
    del payload[field]
    with pytest.raises(WebhookPayloadError, match=field):
        parse_event(payload)


@pytest.mark.parametrize(
    "overrides",
    [
        {"id": 1.5e18},  # a float id has already lost precision
        {"id": True},
        {"resource_id": [1]},
        {"metadata": "x"},
        {"related_resources": {"id": 1}},
        {"related_resources": [{"id": 1}]},
        {"timestamp": 1738884852},
        {"ulid": 5},
        {"event_type": ""},
        {"data": [1]},
    ],
)
def test_wrong_field_types(overrides: dict[str, Any]) -> None:
    with pytest.raises(WebhookPayloadError):
        parse_event(v2_payload(**overrides))


@pytest.mark.parametrize("version", ["v9.0", "v1.5", 2])
def test_unknown_payload_version_with_no_known_shape(version: object) -> None:
    payload = v2_payload(api_version=version)
    del payload["event_type"]
    with pytest.raises(UnsupportedPayloadVersionError, match="unsupported") as info:
        parse_event(payload)
    assert info.value.version == (version if isinstance(version, str) else "2 (int)")


def test_unrecognisable_shape_is_unknown_version() -> None:
    with pytest.raises(UnsupportedPayloadVersionError):
        parse_event({"id": 1, "timestamp": "2025-02-06T23:34:12Z"})


def test_version_inferred_from_shape_without_api_version() -> None:
    payload = v2_payload()
    del payload["api_version"]
    assert parse_event(payload).payload_version == "2.0"
    assert parse_event({**payload, "related_resources": []}).payload_version == "3.0"


@given(st.integers(min_value=2**53, max_value=2**63 - 1))
def test_any_large_id_stays_exact(big: int) -> None:
    event = parse_event(json.dumps(v2_payload(id=big, resource_id=big)).encode())
    assert event.id == big
    assert event.resource_id == big
    v4 = parse_event(json.dumps({**V4_PAYLOAD, "resource_id": str(big)}).encode())
    assert v4.resource_id_int == big
