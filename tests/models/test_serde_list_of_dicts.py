"""A list of strings where Procore's schema says a list of objects is a validation error
with a path, never a raw AttributeError."""

from __future__ import annotations

import pytest

from procore_sdk import ResponseValidationError
from procore_sdk._serde import structure
from procore_sdk.models import ProjectVendorBusiness


def test_list_of_strings_for_list_of_objects() -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure({"addresses": ["not", "objects"]}, ProjectVendorBusiness)
    assert any("addresses" in line for line in info.value.errors)
