"""The models generator's naming and shape rules (pure parts of scripts/generate_models.py)."""

from __future__ import annotations

from typing import Any

import pytest
from _helpers.scripts import load_script

generate_models = load_script("generate_models")


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("change_orders", "change_order"),
        ("rfis", "rfi"),
        ("replies", "reply"),
        ("change_event_statuses", "change_event_status"),
        ("near_misses", "near_miss"),
        ("commitment_change_order_batches", "commitment_change_order_batch"),
        ("status", "status"),
        ("equipment", "equipment"),
    ],
)
def test_a_group_is_named_after_its_singular(group: str, expected: str) -> None:
    assert generate_models.singular(group) == expected


def _gen() -> Any:
    gen = generate_models.Gen({"endpoints": []})
    gen.unique = True
    return gen


def test_a_taken_name_falls_back_then_numbers() -> None:
    gen = _gen()
    assert gen.claim("ChangeOrder", "ChangeOrderRecord") == "ChangeOrder"
    assert gen.claim("ChangeOrder", "ChangeOrderRecord") == "ChangeOrderRecord"
    assert gen.claim("ChangeOrder", "ChangeOrderRecord") == "ChangeOrder2"
    # Names the generated modules import are never a model's.
    assert gen.claim("Any", "AnyRecord") == "AnyRecord"


def test_today_names_are_kept_as_they_are() -> None:
    gen = generate_models.Gen({"endpoints": []})
    assert gen.claim("Rfi") == "Rfi"
    assert gen.claim("Rfi") == "Rfi"  # today's generator may name a nested model twice


def test_shapes_agree_on_shared_fields_only_with_the_same_kinds() -> None:
    agree = generate_models.shapes_agree
    assert agree({"id": "integer", "name": "string"}, {"id": "integer", "code": "string"})
    assert not agree({"created_at": "string/date-time"}, {"created_at": "string"})
    assert agree({"x": "any"}, {"x": "integer"})
    nested_a = {"by": {"type": "object", "fields": {"id": "integer"}}}
    nested_b = {"by": {"type": "object", "fields": {"id": "string"}}}
    assert not agree(nested_a, nested_b)


def test_a_model_covers_an_action_only_with_every_nested_field() -> None:
    model = {"id": "integer", "by": {"type": "object", "fields": {"id": "integer"}}}
    assert generate_models.covers(model, {"id": "integer"})
    assert not generate_models.covers(model, {"id": "integer", "new": "string"})
    deeper = {"by": {"type": "object", "fields": {"id": "integer", "name": "string"}}}
    assert not generate_models.covers(model, deeper)
    merged = generate_models.merge_fields(dict(model), deeper)
    assert generate_models.covers(merged, deeper)


def test_descriptions_become_one_safe_line() -> None:
    one_line = generate_models.one_line
    assert one_line("The ID of the RFI\n*Only admins") == "The ID of the RFI"
    assert one_line('Says "hi"') == 'Says "hi" '  # never four quotes in a row
    assert one_line('a """ b \\ c') == "a ''' b / c"
    assert one_line("(nested object)") == ""
    assert len(one_line("x" * 500)) == 200


def test_a_placeholder_description_of_the_reference_is_left_out() -> None:
    # Procore's reference describes some fields as "TODO" or "TBD" (Bid Packages'
    # allow_bidder_sum, the daily logs' permissions): no docstring beats that one.
    gen = load_script("generate_models")
    assert gen.one_line("TODO") == ""
    assert gen.one_line("TBD.") == ""
    assert gen.one_line("Todo list of the project") == "Todo list of the project"
    assert load_script("generate_resources").one_line("TODO") == ""
    assert load_script("generate_reference").one_line("TBD") == ""
