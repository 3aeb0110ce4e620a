"""The fake's generated values follow the reference's type and format before the field's name,
so a read model (generated from the same reference) can read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
