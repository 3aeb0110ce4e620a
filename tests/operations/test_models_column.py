"""The model <-> operation facts live in the operation table (``model``, ``write_model``)."""

from __future__ import annotations

from typing import Any

import pytest

from procore_sdk import models
from procore_sdk._operations import (
    Operation,
    by_operation_id,
    lookup,
    model_of,
    operations,
    write_model_of,
)

from ._generator import generate_operations as gen


@pytest.mark.parametrize(
    ("name", "action", "version", "model", "write_model"),
    [
        ("vendors", "sync", None, models.Vendor, models.VendorWrite),
        ("vendors", "list", None, models.Vendor, None),
        ("tax_codes", "sync", None, models.TaxCode, models.TaxCodeWrite),
        ("company_users", "sync", "v1.2", models.CompanyUser, models.CompanyUserWrite),
        ("projects", "create", None, models.Project, models.ProjectWrite),
        ("projects", "list", "1.1", models.Project, None),
        ("rfis.replies", "create", None, models.RfiReply, models.RfiReplyWrite),
        (
            "standard_cost_codes",
            "sync",
            None,
            models.StandardCostCode,
            models.StandardCostCodeWrite,
        ),
        ("me", "retrieve", None, models.Me, None),
        ("hooks", "list", "v1.0", models.Hook, None),
        ("hooks", "create", "v2.0", models.HookV2, models.HookV2Write),
        ("triggers", "list", "v2.0", models.TriggerV2, None),
        ("deliveries", "list", "v1.0", models.Delivery, None),
    ],
)
def test_the_table_names_the_model_of_each_operation(
    name: str, action: str, version: str | None, model: type, write_model: type | None
) -> None:
    op = lookup(name, action, version)
    assert model_of(op) is model
    assert write_model_of(op) is write_model


def test_operations_without_a_model_resolve_to_none() -> None:
    # An RFI export answers with a file reference the reference gives no fields for.
    op = by_operation_id("RestV10ProjectsProjectIdRfisExportGet")
    assert op.model is None
    assert model_of(op) is None
    assert op.write_model is None
    assert write_model_of(op) is None


def test_operations_the_overrides_leave_out_resolve_through_the_models_index() -> None:
    op = by_operation_id("RestV10ProjectsProjectIdRfisFilterOptionsStatusGet")
    assert op.model is None
    model = model_of(op)
    assert model is not None
    assert issubclass(model, models.ReadModel)
    assert model is getattr(models, model.__name__)


def test_every_model_the_table_names_is_a_class_of_procore_sdk_models() -> None:
    named = {op.model for op in operations()} | {op.write_model for op in operations()}
    named.discard(None)
    assert len(named) > 40
    missing = sorted(n for n in named if not isinstance(getattr(models, str(n), None), type))
    assert missing == []


def test_model_and_write_model_are_the_last_fields() -> None:
    assert Operation._fields[-2:] == ("model", "write_model")


def _records() -> list[dict[str, Any]]:
    return [
        {"operation_id": "A", "method": "GET"},
        {"operation_id": "B", "method": "PATCH"},
    ]


def test_the_generator_writes_the_model_columns_from_the_overrides() -> None:
    records = _records()
    gen.attach_models(
        records, {"Thing": {"operations": ["A", "B"], "write_operations": ["B"], "source": "x"}}
    )
    assert [(r["model"], r["write_model"]) for r in records] == [
        ("Thing", None),
        ("Thing", "ThingWrite"),
    ]


def test_the_generator_refuses_an_unknown_operation_or_two_models_for_one() -> None:
    with pytest.raises(SystemExit) as caught:
        gen.attach_models(
            _records(),
            {
                "One": {"operations": ["A", "Z"]},
                "Two": {"operations": ["A"]},
            },
        )
    text = str(caught.value)
    assert "models.One.operations: no such operationId Z" in text
    assert "models.Two.operations: A is One's already" in text


def test_models_entries_must_cite_a_source() -> None:
    with pytest.raises(SystemExit, match=r"models\.Thing"):
        gen.check_sources({"models": {"Thing": {"operations": ["A"], "source": ""}}})
