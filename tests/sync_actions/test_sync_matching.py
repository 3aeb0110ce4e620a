"""Pure parts of Sync actions: mapping answers to inputs, payloads, results (§7.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procore_sdk import (
    UNSET,
    ConfigurationError,
    ResponseValidationError,
    SyncFailedError,
    SyncItemFailure,
    SyncProgress,
    SyncResult,
)
from procore_sdk._sync_action_match import match_batch, read_sync_body
from procore_sdk._sync_action_plan import item_payload, plan_sync, sync_action
from procore_sdk._sync_action_result import SyncAccumulator
from procore_sdk.models import Vendor, VendorWrite

VENDORS = sync_action("vendors")


def _positions(match: Any) -> tuple[list[int], list[int]]:
    return [p for p, _ in match.entities], [p for p, _ in match.errors]


def test_positional_when_all_succeed_without_keys() -> None:
    payloads = [{"name": "a"}, {"name": "b"}]
    entities = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    match = match_batch(payloads, entities, [])
    assert [(p, e["id"]) for p, e in match.entities] == [(0, 1), (1, 2)]
    assert match.unaccounted == []


def test_positions_contradicted_by_keys_fall_back_to_keys() -> None:
    payloads = [{"origin_id": "A"}, {"origin_id": "B"}]
    entities = [{"id": 2, "origin_id": "B"}, {"id": 1, "origin_id": "A"}]
    match = match_batch(payloads, entities, [])
    assert [(p, e["origin_id"]) for p, e in match.entities] == [(0, "A"), (1, "B")]


def test_errors_by_origin_id_id_and_echo() -> None:
    payloads = [
        {"origin_id": "A", "name": ""},
        {"id": 99, "name": "x"},
        {"name": ""},
        {"name": "ok"},
        {"origin_id": 7, "name": "ok"},
    ]
    errors = [
        {"name": "", "errors": {"name": ["can't be blank"]}},
        {"id": 99, "name": "x", "errors": {"id": ["Entity with this ID not found"]}},
        {"origin_id": "A", "name": "", "errors": {"name": ["can't be blank"]}},
    ]
    entities = [{"id": 5, "origin_id": "7", "name": "ok"}, {"id": 6, "name": "ok"}]
    match = match_batch(payloads, entities, errors)
    assert _positions(match) == ([3, 4], [0, 1, 2])
    assert match.unaccounted == []
    assert match.unmatched_errors == []


def test_unanswered_inputs_are_unaccounted_and_extra_records_unmatched() -> None:
    payloads = [{"origin_id": "A"}, {"origin_id": "B"}, {"name": "c"}]
    entities = [{"id": 1, "origin_id": "A"}, {"id": 9, "origin_id": "Z"}, {"id": 8, "name": "q"}]
    errors = [{"name": "nobody", "errors": {"base": ["?"]}}]
    match = match_batch(payloads, entities, errors)
    assert _positions(match) == ([0], [])
    assert sorted(match.unaccounted) == [1, 2]
    assert len(match.unmatched_entities) == 2
    assert len(match.unmatched_errors) == 1


def test_read_sync_body_shapes() -> None:
    assert read_sync_body({"entities": [1], "errors": [2]}) == ([1], [2])
    assert read_sync_body({"entities": None}) == ([], [])
    assert read_sync_body([{"id": 1}]) == ([{"id": 1}], [])  # budget_line_items/sync (OAS)
    with pytest.raises(ResponseValidationError):
        read_sync_body("nope")
    with pytest.raises(ResponseValidationError):
        read_sync_body({"entities": {"id": 1}})


def _accumulate(items: list[Any], body: Any) -> SyncResult[Any]:
    plan = plan_sync(VENDORS, items, scope={}, default_company_id=1)
    acc: SyncAccumulator[Any] = SyncAccumulator(plan)
    for batch in plan.batches():
        acc.add_response(batch, body)
    return acc.result()


def test_unreadable_answer_fails_the_batch_with_its_items() -> None:
    items = [{"name": "a", "origin_id": "A"}]
    result = _accumulate(items, {"entities": [{"id": "not-an-int"}], "errors": []})
    assert result.succeeded == 0
    assert result.failed_batches[0].indexes == (0,)
    assert isinstance(result.failed_batches[0].exception, ResponseValidationError)


def test_error_messages_in_every_shape() -> None:
    items = [{"name": "a", "origin_id": str(i)} for i in range(4)]
    errors = [
        {"origin_id": "0", "errors": "plain"},
        {"origin_id": "1", "errors": ["one", "two"]},
        {"origin_id": "2", "errors": {"name": "single"}},
        {"origin_id": "3", "errors": {"name": ["x"], "code": ["y"]}},
    ]
    result = _accumulate(items, {"entities": [], "errors": errors})
    assert [e.messages for e in result.errors] == [
        {"base": ("plain",)},
        {"base": ("one", "two")},
        {"name": ("single",)},
        {"name": ("x",), "code": ("y",)},
    ]
    assert result.errors[3].describe() == "#3 (origin_id='3'): name: x; code: y"


def test_typed_entities_and_summary() -> None:
    items: list[Any] = [VendorWrite(name=f"v{i}", origin_id=f"O{i}") for i in range(8)]
    entities = [{"id": i, "name": f"v{i}", "origin_id": f"O{i}"} for i in range(2)]
    errors = [
        {"name": f"v{i}", "origin_id": f"O{i}", "errors": {"name": ["bad"]}} for i in range(2, 8)
    ]
    result = _accumulate(items, {"entities": entities, "errors": errors})
    assert all(isinstance(e, Vendor) for e in result.entities)
    assert result.succeeded == 2
    assert result.failed == 6
    assert not result.ok
    assert result.complete
    text = result.summary(max_errors=3)
    assert text.startswith("Sync of vendors: 2 of 8 items synced, 6 refused, 0 failed batches")
    assert "#2 (origin_id='O2'): name: bad" in text
    assert "(and 3 more)" in text
    with pytest.raises(SyncFailedError, match="2 of 8 items synced") as info:
        result.raise_for_errors()
    assert info.value.result is result


def test_clean_result_does_not_raise() -> None:
    result = _accumulate([{"name": "a"}], {"entities": [{"id": 1, "name": "a"}], "errors": []})
    assert result.ok
    result.raise_for_errors()


def test_error_repr_hides_item_values() -> None:
    error = SyncItemFailure(index=1, origin_id="A", item={"tax_id": "123-45-6789"})
    assert "6789" not in repr(error)


def test_item_payload_is_flat_json() -> None:
    payload = item_payload(
        {
            "name": "x",
            "skip": UNSET,
            "amount": Decimal("12.50"),
            "whole": Decimal("3"),
            "on": dt.date(2024, 1, 2),
            "at": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
            "nested": [VendorWrite(name="n")],
        }
    )
    assert payload == {
        "name": "x",
        "amount": 12.5,
        "whole": 3,
        "on": "2024-01-02",
        "at": "2024-01-02T03:04:05Z",
        "nested": [{"name": "n"}],
    }
    assert item_payload(VendorWrite(name="v", origin_id="O")) == {"name": "v", "origin_id": "O"}
    with pytest.raises(TypeError):
        item_payload(3)


def test_idempotent_only_when_every_item_is_keyed() -> None:
    items = [{"origin_id": "A"}, {"id": 3}, {"name": "no key"}, {"origin_id": "B"}]
    plan = plan_sync(VENDORS, items, scope={}, default_company_id=1, batch_size=2)
    flags = [b.idempotent for b in plan.batches()]
    assert flags == [True, False]


def test_validation_error_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        plan_sync(VENDORS, [{"origin_id": 1}, {"origin_id": "1"}], scope={}, default_company_id=1)
    assert info.value.problems == [  # type: ignore[attr-defined]
        "duplicate origin_id in one Sync call: origin_id '1' at #0 and #1"
    ]


def test_empty_call() -> None:
    plan = plan_sync(VENDORS, [], scope={}, default_company_id=1)
    assert plan.batch_count == 0
    assert list(plan.batches()) == []
    assert SyncProgress(items_done=0, items_total=0).fraction == 1.0
    assert SyncAccumulator(plan).result().ok


@st.composite
def _batches(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[bool], bool]:
    n = draw(st.integers(min_value=0, max_value=40))
    payloads: list[dict[str, Any]] = []
    valid: list[bool] = []
    for i in range(n):
        kind = draw(st.sampled_from(["origin", "id", "none"]))
        ok = draw(st.booleans())
        payload: dict[str, Any] = {"name": f"n{i}" if ok else ""}
        if kind == "origin":
            payload["origin_id"] = f"O{i}"
        elif kind == "id":
            payload["id"] = 1000 + i
        payloads.append(payload)
        valid.append(ok)
    return payloads, valid, draw(st.booleans())


@settings(max_examples=200, deadline=None)
@given(_batches())
def test_every_input_is_accounted_for(case: tuple[list[dict[str, Any]], list[bool], bool]) -> None:
    payloads, valid, shuffle = case
    entities = [{**p, "id": p.get("id", 5000 + i)} for i, p in enumerate(payloads) if valid[i]]
    errors = [{**p, "errors": {"name": ["blank"]}} for i, p in enumerate(payloads) if not valid[i]]
    if shuffle:
        # Keyed records may come back in any order; keyless ones keep their relative order.
        keyed = [e for e in entities if "origin_id" in e]
        rest = [e for e in entities if "origin_id" not in e]
        entities = list(reversed(keyed)) + rest
        errors.reverse()
    match = match_batch(payloads, entities, errors)
    seen = sorted([p for p, _ in match.entities] + [p for p, _ in match.errors] + match.unaccounted)
    assert seen == list(range(len(payloads)))
    assert match.unaccounted == []
    for pos, record in match.entities:
        assert valid[pos]
        assert record["name"] == payloads[pos]["name"]
    for pos, _ in match.errors:
        assert not valid[pos]


@settings(max_examples=200, deadline=None)
@given(_batches(), st.data())
def test_accounting_stays_complete_when_answers_are_missing(
    case: tuple[list[dict[str, Any]], list[bool], bool], data: st.DataObject
) -> None:
    payloads, valid, _ = case
    entities = [{**p, "id": p.get("id", 5000 + i)} for i, p in enumerate(payloads) if valid[i]]
    errors = [{**p, "errors": {"name": ["blank"]}} for i, p in enumerate(payloads) if not valid[i]]
    entities = (
        data.draw(st.lists(st.sampled_from(entities), max_size=len(entities))) if entities else []
    )
    errors = data.draw(st.lists(st.sampled_from(errors), max_size=len(errors))) if errors else []
    match = match_batch(payloads, entities, errors)
    seen = sorted([p for p, _ in match.entities] + [p for p, _ in match.errors] + match.unaccounted)
    assert seen == list(range(len(payloads)))
    records = len(match.entities) + len(match.errors)
    assert records + len(match.unmatched_entities) + len(match.unmatched_errors) == len(
        entities
    ) + len(errors)


def test_an_odd_field_does_not_fail_a_synced_entity(caplog: pytest.LogCaptureFixture) -> None:
    items = [{"name": "a", "origin_id": "A"}, {"name": "b", "origin_id": "B"}]
    entities = [
        {"id": 1, "name": "a", "origin_id": "A", "created_at": "not a date"},
        {"id": 2, "name": "b", "origin_id": "B"},
    ]
    result = _accumulate(items, {"entities": entities, "errors": []})
    assert result.ok
    first = result.entities[0]
    assert isinstance(first, Vendor)
    assert first.id == 1
    assert first.created_at is None
    assert first.extra["created_at"] == "not a date"
    assert "created_at" in caplog.text
