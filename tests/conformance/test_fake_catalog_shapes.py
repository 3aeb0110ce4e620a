"""The fake's shapes of every operation are generated from Procore's reference as it is now."""

from __future__ import annotations

import json

from _helpers.scripts import load_script

from .conftest import shared_file


def test_the_catalog_shapes_module_is_current() -> None:
    gen = load_script("generate_fake_schemas")
    operations = json.loads(
        shared_file("reference", "procore_api_operations.json").read_text("utf-8")
    )
    subset = json.loads(shared_file("reference", "procore_api_subset.json").read_text("utf-8"))
    assert gen.render_shapes(operations, subset) == gen.SHAPES_TARGET.read_text("utf-8")


def test_every_operation_of_the_reference_has_its_shape() -> None:
    from procore_sdk.testing import _catalog_shapes

    operations = json.loads(
        shared_file("reference", "procore_api_operations.json").read_text("utf-8")
    )
    known = json.loads(_catalog_shapes.OPERATIONS_JSON)
    assert {f"{o['method']} {o['path']}" for o in operations} == set(known)
