"""Every operation of Procore's reference with response fields has a read model, every request
body with fields a TypedDict; names are unique; spec-shaped records leave nothing in ``extra``."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from procore_sdk import models
from procore_sdk._operations import Operation, by_operation_id, model_of, operations
from procore_sdk._serde import structure
from procore_sdk.models import ReadModel
from procore_sdk.models._index import MODULES, OPERATION_BODIES, OPERATION_MODELS

from .conftest import shared_json

_PLACEHOLDER = re.compile(r"[{}%]")


@cache
def _reference() -> dict[str, dict[str, Any]]:
    ops = shared_json("reference", "procore_api_operations.json")
    return {o["operationId"]: o for o in ops}


@cache
def _subset() -> dict[str, dict[str, Any]]:
    subset = shared_json("reference", "procore_api_subset.json")
    return {e["operationId"]: e for e in subset["endpoints"]}


def _record_schema(op: Operation) -> dict[str, Any]:
    """One record of the reference's first 2xx body: through the envelope, an array's items."""
    responses = _reference()[op.operation_id].get("responses") or {}
    for status in sorted(responses):
        schema = responses[status].get("schema") if status.startswith("2") else None
        if not schema:
            continue
        props = schema.get("properties") or {}
        if op.envelope and op.envelope in props:
            schema = props[op.envelope]
        if schema.get("type") == "array":
            schema = schema.get("items") or {}
        props = schema.get("properties") or {}
        if set(props) == {"entities", "errors"}:  # a Sync answer: its entities are the records
            schema = props["entities"].get("items") or props["entities"]
        return dict(schema)
    return {}


def _subset_fields(op: Operation) -> dict[str, Any]:
    fields = ((_subset().get(op.operation_id) or {}).get("response") or {}).get("fields")
    if not isinstance(fields, dict):
        return {}
    for wrapper in ("data", "entities"):
        if isinstance(fields.get(wrapper), dict) and (
            set(fields) in ({"data"}, {"entities", "errors"}) or wrapper == op.envelope
        ):
            fields = fields[wrapper].get("fields") or {}
    if set(fields) == {"oneOf"}:  # a record in one of several shapes: any of them may come
        merged: dict[str, Any] = {}
        for variant in fields["oneOf"]:
            for k, v in variant.items():
                merged.setdefault(k, v)
        return merged
    return fields


def _declared(names: Any) -> set[str]:
    return {n for n in names if not _PLACEHOLDER.search(n)}


def _with_response_fields() -> Iterator[Operation]:
    for op in operations():
        spec = _declared((_record_schema(op).get("properties") or {}).keys())
        if spec or _declared(_subset_fields(op)):
            yield op


def test_every_operation_with_response_fields_has_a_read_model() -> None:
    expected = list(_with_response_fields())
    assert len(expected) > 1800
    missing = sorted(op.operation_id for op in expected if op.operation_id not in OPERATION_MODELS)
    assert missing == []


def _body_schema(op: Operation) -> dict[str, Any]:
    schema = (_reference()[op.operation_id].get("requestBody") or {}).get("schema") or {}
    props = schema.get("properties") or {}
    if op.body is not None and op.body.wrapper and op.body.wrapper in props:
        inner = props[op.body.wrapper]
        return dict(inner.get("items") or {}) if inner.get("type") == "array" else dict(inner)
    scope = {s.name for s in op.scope}
    return {"properties": {k: v for k, v in props.items() if k not in scope}}


def test_every_request_body_with_fields_has_a_typeddict() -> None:
    expected = [
        op
        for op in operations()
        if op.body is not None and _declared((_body_schema(op).get("properties") or {}).keys())
    ]
    assert len(expected) > 800
    missing = sorted(op.operation_id for op in expected if op.operation_id not in OPERATION_BODIES)
    assert missing == []


@cache
def _defined() -> dict[str, list[str]]:
    """Every class the generated modules define -> the modules defining it (loads them all)."""
    found: dict[str, list[str]] = {}
    for module in sorted(set(MODULES.values())):
        full = f"procore_sdk.models.{module}"
        loaded = importlib.import_module(full)
        for name, value in vars(loaded).items():
            if isinstance(value, type) and value.__module__ == full:
                found.setdefault(name, []).append(module)
    return found


def test_names_are_unique_and_each_lives_where_the_index_says() -> None:
    defined = _defined()
    twice = {name: where for name, where in defined.items() if len(where) > 1}
    assert twice == {}
    assert {name: where[0] for name, where in defined.items()} == {
        name: module for name, module in MODULES.items() if name != "SOURCES"
    }


def test_read_models_and_bodies_are_what_their_index_says() -> None:
    for name in set(OPERATION_MODELS.values()):
        assert issubclass(getattr(models, name), ReadModel), name
    for name in set(OPERATION_BODIES.values()):
        assert getattr(models, name).__total__ is False, name


# -- spec-shaped records ---------------------------------------------------------------------

_STRING_SAMPLES = {
    "date-time": "2025-02-06T23:34:12.246562Z",
    "datetime": "2025-02-06T23:34:12Z",
    "date": "2024-05-01",
}


def _sample(schema: dict[str, Any]) -> Any:
    """A value of ``schema`` as Procore would send it (strings read as numbers: money)."""
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if schema.get("description") == "(nested object)" and not schema.get("properties"):
        return None  # the digest's mark for a value nested too deep to describe
    if kind == "object":
        props = schema.get("properties") or {}
        return {k: _sample(v) for k, v in props.items() if not _PLACEHOLDER.search(k)}
    if kind == "array":
        items = schema.get("items") or {}
        return [_sample(items)] if items.get("type") or items.get("properties") else []
    if kind == "string":
        if schema.get("enum"):
            return str(schema["enum"][0])
        return _STRING_SAMPLES.get(str(schema.get("format")), "1234.5")
    return {"integer": 2**63, "number": 2.5, "boolean": True}.get(str(kind))


def _subset_sample(spec: Any) -> Any:
    if isinstance(spec, list):  # a oneOf of object shapes
        merged: dict[str, Any] = {}
        for variant in spec:
            merged.update(_subset_sample({"type": "object", "fields": variant}))
        return merged
    if isinstance(spec, dict):
        kind = str(spec.get("type", "object"))
        if "enum" in spec:
            return str(spec["enum"][0])
        sub = spec.get("fields")
        value = (
            {k: _subset_sample(v) for k, v in sub.items() if not _PLACEHOLDER.search(k)}
            if isinstance(sub, dict)
            else {}
        )
        return [value] if kind.startswith("array") else value
    text = str(spec)
    if text.startswith("array"):
        return []
    kind, _, fmt = text.partition("/")
    if kind == "string":
        return _STRING_SAMPLES.get(fmt, "1234.5")
    return {"integer": 7, "number": 2.5, "boolean": True, "object": {}}.get(kind)


def _leftovers(value: Any, path: str = "$") -> list[str]:
    """Paths of every ``extra`` key left in a structured record, nested ones included."""
    found: list[str] = []
    if isinstance(value, ReadModel):
        found += [f"{path}.{k}" for k in value.extra]
        for name in value.__attrs_attrs__:
            if name.name != "extra":
                found += _leftovers(getattr(value, name.name), f"{path}.{name.name}")
    elif isinstance(value, list):
        for item in value:
            found += _leftovers(item, path + "[]")
    return found


def _new_model_operations() -> list[str]:
    return sorted(op.operation_id for op in _with_response_fields() if op.model is None)


def test_spec_shaped_records_of_every_new_model_leave_nothing_in_extra() -> None:
    _defined()  # every module loaded once, up front
    problems: list[str] = []
    for op_id in _new_model_operations():
        op = by_operation_id(op_id)
        model = model_of(op)
        assert model is not None, op_id
        record = _sample(_record_schema(op)) or {}
        record.update(_subset_sample({"type": "object", "fields": _subset_fields(op)}))
        try:
            left = _leftovers(structure(record, model))
        except Exception as exc:  # every failing operation is listed at once
            problems.append(f"{op_id} ({model.__name__}): {exc}")
            continue
        if left:
            problems.append(f"{op_id} ({model.__name__}): {left[:5]}")
    assert problems == []


@pytest.mark.parametrize(
    ("op_id", "field"),
    [
        ("RestV10ProjectsProjectIdRfisFilterOptionsStatusGet", None),
        ("RestV20CompaniesCompanyIdChangeOrderChangeReasonsGet", "change_reason"),
    ],
)
def test_field_docstrings_carry_the_reference_description(op_id: str, field: str | None) -> None:
    op = by_operation_id(op_id)
    model = model_of(op)
    assert model is not None
    props = _record_schema(op).get("properties") or {}
    name = field or sorted(k for k, v in props.items() if v.get("description"))[0]
    description = props[name]["description"].splitlines()[0].strip()
    source = importlib.import_module(model.__module__).__file__
    assert source is not None
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    body = text.split(f"class {model.__name__}(ReadModel):", 1)[1]
    declared = body.split(f"\n    {name}: ", 1)[1]
    assert declared.split("\n", 2)[1].strip() == f'"""{description}"""'
