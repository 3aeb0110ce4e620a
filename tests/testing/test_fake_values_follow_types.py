"""The fake's generated values follow the reference's type and format before the field's name,
so a read model (generated from the same reference) can read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from procore_sdk import _operations
from procore_sdk.testing import FakeProcore
from procore_sdk.testing._examples import example_call
from procore_sdk.testing._seed import _value_fn


def _value(name: str, kind: str) -> object:
    return _value_fn("markups", name, kind, 3)(9000000001, 0)


def test_a_decimal_string_is_numeric_text() -> None:
    # Procore API reference: Show Markup (percentage: string, format decimal).
    value = _value("percentage", "string/decimal")
    assert isinstance(value, str)
    assert Decimal(value) >= 0


def test_a_datetime_format_string_is_an_iso_timestamp() -> None:
    # The reference spells the format both "date-time" and "datetime" (effective_at).
    for kind in ("string/datetime", "string/date-time"):
        value = _value("effective_at", kind)
        assert isinstance(value, str)
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_an_integer_timestamp_is_an_integer() -> None:
    # Resource Planning's created_at/updated_at are integers (epoch) in the reference.
    for name in ("created_at", "updated_at"):
        value = _value(name, "integer/int64")
        assert isinstance(value, int)
        assert not isinstance(value, bool)
    assert isinstance(_value("created_at", "string/date-time"), str)


def test_a_field_the_reference_types_as_an_object_is_not_a_timestamp() -> None:
    # Procore API reference: List Drawing Areas (drawing_sets[].created_at is "(nested object)").
    assert _value("created_at", "object") is None
    assert _value("updated_at", "array") == []


def test_stored_timestamps_are_sent_as_the_shape_types_them(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # Procore API reference: Update Resource Planning Project (created_at/updated_at integers).
    op = _operations.lookup("resource_planning_projects", "update", "v1.0")
    call = example_call(fake, op)
    resp = api.post(call.path, params=call.params, json={**(call.json or {}), "name": "Tower"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert isinstance(body["created_at"], int)
    assert isinstance(body["updated_at"], int)
    assert body["updated_at"] == int(fake.now())
    assert body["name"] == "Tower"


def test_a_written_scalar_does_not_replace_an_object_the_response_describes(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # The request's attachment is the file; the response's is the attachment record (Procore
    # API reference: Create Checklist Schedule Attachment).
    path = f"/rest/v1.0/projects/{fake.project_id}/checklist/schedules/1/attachments"
    resp = api.post(path, json={"attachment": "report.pdf"})
    assert resp.status_code in (200, 201), resp.text
    attachment = resp.json()["attachment"]
    assert isinstance(attachment, dict)
    assert "filename" in attachment


def test_an_enveloped_list_keeps_its_envelope() -> None:
    # The table's response kind is the kind inside REST v2's "data" envelope (Procore docs: New
    # Rest V2 API Version); where the reference wrote one record, a list still answers
    # {"data": [record]}.
    from procore_sdk._operations import ResponseShape
    from procore_sdk.testing._catalog import response_of

    op = _operations.lookup("change_event_statuses", "list", "v2.0")
    assert op.envelope == "data"
    as_list = op._replace(response=ResponseShape(kind="array", has_fields=True))
    _, node = response_of(as_list)
    assert isinstance(node, dict)
    assert node["data"][0] == "array"
    assert isinstance(node["data"][1], dict)
    assert "show_in_select" in node["data"][1]


def test_a_field_generated_for_another_endpoint_of_the_collection_fits_this_one(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # One collection, two shapes: List Change Event Statuses types name as a boolean, Update
    # Change Event Status as a string (Procore API reference); each answer follows its own.
    listing = _operations.lookup("change_event_statuses", "list", "v2.0")
    call = example_call(fake, listing)
    listed = api.get(call.path, params=call.params)
    assert listed.status_code == 200, listed.text
    update = _operations.lookup("change_event_statuses", "update", "v2.0")
    call = example_call(fake, update)
    resp = api.patch(call.path, params=call.params, json={"show_in_select": True})
    assert resp.status_code == 200, resp.text
    assert isinstance(resp.json()["data"]["name"], str)
    assert resp.json()["data"]["show_in_select"] is True


def test_an_endpoint_that_nests_fields_the_collection_keeps_flat_sends_the_object(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # List Company Projects sends address as {street, city, state_code, zip, country_code};
    # List Projects sends address, city, state_code... flat (Procore API reference).
    flat = api.get("/rest/v1.0/projects", params={"company_id": fake.company_id})
    assert flat.status_code == 200, flat.text
    assert isinstance(flat.json()[0]["address"], str)
    nested = api.get(f"/rest/v1.0/companies/{fake.company_id}/projects")
    assert nested.status_code == 200, nested.text
    first = nested.json()[0]
    assert isinstance(first["address"], dict)
    record = fake.get("projects", first["id"])
    assert record is not None
    assert first["address"]["city"] == record["city"]
    assert first["address"]["zip"] == record["zip"]
