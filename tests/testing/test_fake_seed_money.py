"""Seeded money fields are decimal text (§10.3), so typed models can read them as Decimal."""

from __future__ import annotations

from decimal import Decimal

from procore_sdk.testing import FakeProcore
from procore_sdk.testing._seed import _looks_like_money


def test_money_named_string_fields_hold_numbers() -> None:
    fake = FakeProcore(seed=5, sizes={"work_order_contracts": 3})
    records = fake.records("work_order_contracts")
    assert records
    for record in records:
        for name, value in record.items():
            if _looks_like_money(name) and isinstance(value, str):
                Decimal(value)  # raises if the fake seeded words
    assert _looks_like_money("draft_change_orders_amount")
    assert not _looks_like_money("title")


def test_seeded_names_read_naturally() -> None:
    from procore_sdk.testing._seed import _singular

    assert _singular("Companies") == "Company"
    assert _singular("Vendors") == "Vendor"
    assert _singular("Line Item Types") == "Line Item Type"
    assert _singular("Address") == "Address"
    fake = FakeProcore(seed=1)
    assert fake.records("companies")[0]["name"] == "Company 1"
