"""Regression: a Content-Length of non-ASCII digits (found by hypothesis) is not a length."""

from __future__ import annotations

import pytest

from procore_sdk.webhooks._adapters import _content_length


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("¹", None), ("", None), (None, None), ("-3", None), ("1e3", None)],
)
def test_content_length(value: str | None, expected: int | None) -> None:
    assert _content_length(value) == expected
