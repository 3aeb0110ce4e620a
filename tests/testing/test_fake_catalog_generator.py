"""``scripts/generate_fake_schemas.py``'s shapes of every operation, on inline schemas (no
../shared): the compact notation the fake's generic routes read."""

from __future__ import annotations

import json
from typing import Any

from _helpers.scripts import load_script

gen = load_script("generate_fake_schemas")


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


STRING = {"type": "string"}


def test_scalars_keep_their_format_and_enum() -> None:
    assert gen.shape_node({"type": "integer"}) == "integer"
    assert gen.shape_node({"type": "string", "format": "date-time"}) == "string/date-time"
    assert gen.shape_node({"type": "string", "enum": ["open", None, "closed"]}) == [
        "enum",
        "open",
        "closed",
    ]
    assert gen.shape_node({"description": "untyped"}) == "any"


def test_arrays_and_objects_nest_to_depth_three_below_the_record() -> None:
    deep = obj(a=obj(b=obj(c=obj(d=STRING))))
    assert gen.shape_node(deep) == {"a": {"b": {"c": "object"}}}
    items = {"type": "array", "items": obj(x=obj(y=obj(z=STRING)))}
    # An array of objects is a level of its own.
    assert gen.shape_node(obj(list=items)) == {"list": ["array", {"x": "object"}]}
    assert gen.shape_node({"type": "object"}) == "object"


def test_a_v2_envelope_and_a_top_level_array_are_not_nesting() -> None:
    record = obj(id={"type": "integer"}, sub=obj(a=obj(b=STRING)))
    v2 = obj(data={"type": "array", "items": record}, meta=obj(total={"type": "integer"}))
    assert gen.body_shape(v2) == {
        "data": ["array", {"id": "integer", "sub": {"a": {"b": "string"}}}],
        "meta": {"total": "integer"},
    }
    assert gen.body_shape({"type": "array", "items": record}) == [
        "array",
        {"id": "integer", "sub": {"a": {"b": "string"}}},
    ]


def test_operations_keep_their_first_2xx_and_equal_shapes_are_stored_once() -> None:
    shape = {"type": "array", "items": obj(id={"type": "integer"})}
    ops = [
        {"method": "GET", "path": "/a", "responses": {"200": {"schema": shape}}},
        {"method": "GET", "path": "/b", "responses": {"200": {"schema": shape}}},
        {
            "method": "POST",
            "path": "/a",
            "responses": {"201": {"schema": obj(id={"type": "integer"})}, "404": {}},
        },
        {"method": "DELETE", "path": "/a/{id}", "responses": {"204": {"description": "gone"}}},
    ]
    data = gen.catalog_shapes(ops)
    assert data["ops"] == {
        "GET /a": [200, 0],
        "POST /a": [201, 1],
        "DELETE /a/{id}": [204, -1],
        "GET /b": [200, 0],
    }
    assert data["shapes"] == [["array", {"id": "integer"}], {"id": "integer"}]


def test_the_subset_fills_in_where_the_reference_lists_no_fields() -> None:
    ops = [
        {"method": "GET", "path": "/a/{id}", "responses": {"200": {"schema": {}}}},
        {"method": "GET", "path": "/b", "responses": {"200": {"schema": obj(n=STRING)}}},
    ]
    rich = {
        "kind": "object",
        "status": "200",
        "fields": {
            "id": "integer",
            "due": "string/date",
            "tags": "array<string>",
            "state": {"type": "string", "enum": ["open", "closed"]},
            "owner": {"type": "object", "fields": {"id": "integer"}},
            "files": [{"url": "string"}],
            "custom_field_%{id}": "string",
        },
    }
    subset = {
        "endpoints": [
            {"method": "GET", "path": "/a/{id}", "response": rich},
            {"method": "GET", "path": "/b", "response": {**rich, "fields": {"x": "integer"}}},
        ]
    }
    data = gen.catalog_shapes(ops, subset)
    assert data["shapes"][data["ops"]["GET /a/{id}"][1]] == {
        "id": "integer",
        "due": "string/date",
        "tags": ["array", "string"],
        "state": ["enum", "open", "closed"],
        "owner": {"id": "integer"},
        "files": ["array", {"url": "string"}],
    }
    # Where the reference has fields, they stay.
    assert data["shapes"][data["ops"]["GET /b"][1]] == {"n": "string"}


def test_the_module_text_holds_json_the_fake_can_parse() -> None:
    ops = [{"method": "GET", "path": "/a", "responses": {"200": {"schema": obj(n=STRING)}}}]
    namespace: dict[str, Any] = {}
    exec(compile(gen.render_shapes(ops), "<shapes>", "exec"), namespace)
    assert json.loads(namespace["SHAPES_JSON"]) == [{"n": "string"}]
    assert json.loads(namespace["OPERATIONS_JSON"]) == {"GET /a": [200, 0]}


def test_a_templated_key_is_not_a_field() -> None:
    # "custom_field_%{custom_field_string_definition_id}" names a family of keys (a read model
    # takes them as a mapping of custom fields), not one key to send.
    templated = obj(custom_fields=obj(**{"custom_field_%{definition_id}": obj(value=STRING)}))
    assert gen.shape_node(templated) == {"custom_fields": "object"}
    mixed = obj(custom_fields=obj(**{"custom_field_%{definition_id}": STRING, "known": STRING}))
    assert gen.shape_node(mixed) == {"custom_fields": {"known": "string"}}
