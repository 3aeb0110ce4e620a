"""Regenerate procore_sdk/testing/_schemas.py from the reference subset and scripts/overrides.json.

Run: python scripts/generate_fake_schemas.py [../shared/reference/procore_api_subset.json] [--check]

It writes two modules. ``procore_sdk/testing/_schemas.py`` holds the shapes of the collections the
fake models by hand; ``procore_sdk/testing/_catalog_shapes.py`` holds the 2xx body shape of every
operation of Procore's reference (``procore_api_operations.json``, beside the subset), which the
fake's generic routes serve (see ``catalog_shapes`` below).

``SCHEMAS``: each collection's record fields. The first source endpoint with a response schema
(show, then list, then sync entities, then sync request fields) gives the order and the types;
the fields of every other list and show endpoint the fake serves for the collection are added,
and so are the facts ``scripts/overrides.json`` records about real responses (fields the subset
lacks, nested ones included).

``VIEWS``: the top-level fields each list and show endpoint sends (``"GET /rest/v1.1/projects"``):
for endpoints with recorded responses, the fields real Procore sent (``responses`` in
overrides.json); otherwise the endpoint's own response schema, so a list sends its list shape.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pprint
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "procore_sdk" / "testing" / "_schemas.py"
SHAPES_TARGET = ROOT / "procore_sdk" / "testing" / "_catalog_shapes.py"
DEFAULT_SUBSET = ROOT.parent / "shared" / "reference" / "procore_api_subset.json"
OPERATIONS_FILE = "procore_api_operations.json"
# Nested objects are described this many levels below a record's own fields; deeper ones are
# plain "object" (served as null).
SHAPE_DEPTH = 3
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from procore_sdk._endpoints import ENDPOINTS  # noqa: E402
from procore_sdk.testing._routes import ROUTES  # noqa: E402


def _generator() -> Any:
    """scripts/generate_models.py, whose subset reading and overrides this reuses."""
    found = sys.modules.get("generate_models")
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location(
        "generate_models", ROOT / "scripts" / "generate_models.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_models"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SOURCES: dict[str, list[str]] = {
    "companies": ["GET /rest/v1.0/companies"],
    "projects": ["GET /rest/v1.0/projects/{id}", "GET /rest/v1.0/projects"],
    "company_users": ["GET /rest/v1.0/companies/{company_id}/users/{id}"],
    "project_users": ["GET /rest/v1.0/projects/{project_id}/users/{id}"],
    "vendors": ["GET /rest/v1.0/vendors/{id}", "PATCH /rest/v1.0/vendors/sync"],
    "project_vendors": ["GET /rest/v1.0/projects/{project_id}/vendors/{id}"],
    "cost_codes": ["GET /rest/v1.0/cost_codes/{id}"],
    "standard_cost_codes": ["GET /rest/v1.0/standard_cost_codes/{id}"],
    "standard_cost_code_lists": ["GET /rest/v1.0/standard_cost_code_lists/{id}"],
    "line_item_types": ["PATCH /rest/v1.0/line_item_types/sync"],
    "rfis": ["GET /rest/v1.0/projects/{project_id}/rfis/{id}"],
    "rfi_replies": ["GET /rest/v1.0/projects/{project_id}/rfis/{rfi_id}/replies/{id}"],
    "submittals": ["GET /rest/v1.0/projects/{project_id}/submittals/{id}"],
    "observations": ["GET /rest/v1.0/observations/items/{id}"],
    "punch_items": ["GET /rest/v1.0/punch_items/{id}"],
    "manpower_logs": ["GET /rest/v1.0/projects/{project_id}/manpower_logs/{id}"],
    "notes_logs": ["GET /rest/v1.0/projects/{project_id}/notes_logs/{id}"],
    "work_order_contracts": ["GET /rest/v1.0/work_order_contracts/{id}"],
    "purchase_order_contracts": ["GET /rest/v1.0/purchase_order_contracts/{id}"],
    "work_order_contract_line_items": [
        "PATCH /rest/v1.0/work_order_contracts/{work_order_contract_id}/line_items/sync"
    ],
    "purchase_order_contract_line_items": [
        "PATCH /rest/v1.0/purchase_order_contracts/{purchase_order_contract_id}/line_items/sync"
    ],
    "prime_contract_line_items": [
        "PATCH /rest/v1.0/prime_contracts/{prime_contract_id}/line_items/sync"
    ],
    "potential_change_orders": ["GET /rest/v1.0/potential_change_orders/{id}"],
    "potential_change_order_line_items": [
        "GET /rest/v1.0/potential_change_orders/{potential_change_order_id}/line_items/{id}"
    ],
    "change_order_requests": ["GET /rest/v1.0/change_order_requests/{id}"],
    "direct_costs": ["PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync"],
    "direct_cost_line_items": [
        "PATCH /rest/v1.0/projects/{project_id}/direct_costs/line_items/sync"
    ],
    "budget_line_items": ["GET /rest/v1.0/budget_line_items/{id}"],
}


def _fields(node: Any) -> Any:
    # Objects become dicts of their fields; arrays of objects become [dict of item fields].
    if isinstance(node, dict) and "fields" in node:
        sub = {k: _fields(v) for k, v in node["fields"].items()}
        return [sub] if str(node.get("type", "")).startswith("array") else sub
    if isinstance(node, dict):
        return node.get("type", "object")
    return node


def _first_source(by_key: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    for key in keys:
        endpoint = by_key[key]
        resp = endpoint.get("response") or {}
        fields = resp.get("fields") or {}
        if "entities" in fields:
            ent = fields["entities"]
            fields = ent.get("fields", {}) if isinstance(ent, dict) else {}
            if not fields:
                body = (endpoint.get("request_body") or {}).get("fields", {})
                upd = body.get("updates", {})
                fields = upd.get("fields", {}) if isinstance(upd, dict) else {}
        if fields and list(fields) != ["oneOf"]:
            return dict(fields)
    return {}


def _union(into: dict[str, Any], more: dict[str, Any]) -> None:
    """Add the fields of ``more`` missing from ``into``, nested objects' fields too."""
    for key, spec in more.items():
        have = into.get(key)
        if have is None or (have in ("object", "array<object>") and isinstance(spec, dict)):
            into[key] = spec  # an untyped object gives way to one whose fields are known
        elif (
            isinstance(have, dict)
            and isinstance(spec, dict)
            and isinstance(have.get("fields"), dict)
            and isinstance(spec.get("fields"), dict)
        ):
            merged = dict(have["fields"])
            _union(merged, spec["fields"])
            into[key] = {**have, "fields": merged}


def build(
    subset: dict[str, Any], overrides: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``(SCHEMAS, VIEWS, VIEW_OBJECTS)`` from the subset and the overrides.

    ``VIEW_OBJECTS``: per endpoint, the fields it sends as an object (with these keys) where
    the collection keeps a scalar (List Company Projects' ``address``); the fake fills the
    object from the record's fields of the same names.
    """
    gm = _generator()
    gen = gm.Gen(subset)
    by_key = {f"{e['method']} {e['path']}": e for e in subset["endpoints"]}
    recorded: dict[str, Any] = overrides.get("responses", {})
    served: dict[str, list[str]] = {}  # collection -> its list and show endpoints
    for route in ROUTES:
        if route.action in ("list", "show"):
            served.setdefault(route.collection, []).append(f"{route.method} {route.template}")
    schemas: dict[str, Any] = {}
    views: dict[str, tuple[str, ...]] = {}
    view_objects: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, keys in SOURCES.items():
        nested: dict[str, dict[str, tuple[str, ...]]] = {}
        record = _first_source(by_key, keys)
        for key in served.get(name, []):
            if key not in by_key:
                continue
            fields = gen.response_fields(tuple(key.split(" ", 1)))
            fields = {k: v for k, v in fields.items() if not gm._PLACEHOLDER.search(k)}
            _union(record, fields)
            for field, spec in fields.items():
                if (
                    isinstance(spec, dict)
                    and isinstance(spec.get("fields"), dict)
                    and not str(spec.get("type", "")).startswith("array")
                ):
                    nested.setdefault(key, {})[field] = tuple(spec["fields"])
            if key in recorded:
                views[key] = tuple(recorded[key]["fields"])
            elif fields:
                views[key] = tuple(fields)
        endpoint = ENDPOINTS.get(name)
        if endpoint is not None:
            record = gm.with_overrides(endpoint.model.__name__, record, overrides)
        for key in served.get(name, []):
            missing = [f for f in views.get(key, ()) if f not in record]
            if missing:
                raise SystemExit(f"{key} sends {missing}, which no schema or override types")
        schemas[name] = {k: _fields(v) for k, v in record.items()}
        for key, objects in nested.items():
            flat = {k: v for k, v in objects.items() if isinstance(schemas[name].get(k), str)}
            if flat and _in_view(views, key, flat):
                view_objects[key] = flat
    return schemas, views, view_objects


def _in_view(views: dict[str, tuple[str, ...]], key: str, fields: dict[str, Any]) -> bool:
    """Whether the endpoint sends the fields (its view lists them, or it has no view)."""
    view = views.get(key)
    return view is None or all(f in view for f in fields)


def render(subset: dict[str, Any], overrides: dict[str, Any]) -> str:
    schemas, views, view_objects = build(subset, overrides)
    text = (
        '"""Record fields per collection and fields per endpoint, generated from\n'
        "procore_api_subset.json and scripts/overrides.json (facts from real responses).\n\n"
        "``SCHEMAS``: objects are dicts of their fields; arrays of objects are ``[item fields]``.\n"
        "``VIEWS``: the top-level fields each list and show endpoint sends.\n"
        "``VIEW_OBJECTS``: fields an endpoint sends as an object the collection keeps flat.\n"
        "Do not edit by hand: run ``python scripts/generate_fake_schemas.py``.\n"
        '"""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\n'
        f"SCHEMAS: dict[str, dict[str, Any]] = "
        f"{pprint.pformat(schemas, width=100, sort_dicts=False)}\n\n"
        "VIEWS: dict[str, tuple[str, ...]] = "
        f"{pprint.pformat(views, width=100, sort_dicts=False)}\n\n"
        "VIEW_OBJECTS: dict[str, dict[str, tuple[str, ...]]] = "
        f"{pprint.pformat(view_objects, width=100, sort_dicts=False)}\n"
    )
    formatted: str = _generator().ruff_format(text, TARGET)
    return formatted


# -- every operation's 2xx body ----------------------------------------------------------------
#
# A compact notation, read by procore_sdk/testing/_catalog.py:
#   "integer", "number", "boolean", "string", "string/<format>" (date, date-time, email, ...),
#   "object" (fields unknown), "any";
#   ["enum", v1, v2, ...]   a value from the spec's enum;
#   ["array", node]          an array of node;
#   {"field": node, ...}     an object with known fields.


def shape_node(schema: Any, depth: int = 0) -> Any:
    """The compact node of an OpenAPI schema; ``depth`` is how deep its fields would sit below
    a record's own fields (a record is depth 0)."""
    if not isinstance(schema, dict):
        return "any"
    kind = schema.get("type") or ("object" if "properties" in schema else "any")
    if kind == "array":
        return ["array", shape_node(schema.get("items") or {}, depth + 1)]
    if kind == "object":
        # A templated key ("custom_field_%{id}") names a family of keys, not one field.
        props = {k: v for k, v in (schema.get("properties") or {}).items() if "%{" not in str(k)}
        if not props or depth >= SHAPE_DEPTH:
            return "object"
        return {str(k): shape_node(v, depth + 1) for k, v in props.items()}
    enum = [v for v in schema.get("enum") or () if v is not None]
    if enum:
        return ["enum", *enum]
    fmt = schema.get("format")
    return f"{kind}/{fmt}" if fmt else str(kind)


def body_shape(schema: Any) -> Any:
    """The node of a 2xx body: a REST v2 ``data`` envelope and a top-level array do not count
    as nesting (the records inside are depth 0)."""
    if not isinstance(schema, dict):
        return None
    props = schema.get("properties") or {}
    if schema.get("type", "object") == "object" and "data" in props:
        return {k: (body_shape(v) if k == "data" else shape_node(v, 1)) for k, v in props.items()}
    if schema.get("type") == "array":
        return ["array", shape_node(schema.get("items") or {}, 0)]
    return shape_node(schema, 0)


def subset_node(spec: Any, depth: int) -> Any:
    """The compact node of a field in the subset's notation (``"string/date"``,
    ``"array<integer>"``, ``{"type": ..., "fields": {...}}``, ``{"type", "enum"}``,
    ``[{item fields}]``); ``depth`` as in ``shape_node``."""
    if isinstance(spec, list):
        item = spec[0] if spec else "any"
        return ["array", subset_node({"type": "object", "fields": item}, depth + 1)]
    if isinstance(spec, dict):
        kind = str(spec.get("type", "object"))
        enum = [v for v in spec.get("enum") or () if v is not None]
        if enum:
            return ["enum", *enum]
        fields = spec.get("fields")
        if kind.startswith("array"):
            item: Any = {"type": "object", "fields": fields} if fields else kind[6:-1] or "any"
            return ["array", subset_node(item, depth + 1)]
        if not isinstance(fields, dict) or not fields or depth >= SHAPE_DEPTH:
            return "object"
        return {str(k): subset_node(v, depth + 1) for k, v in fields.items() if "%{" not in str(k)}
    text = str(spec)
    if text.startswith("array"):
        return ["array", subset_node(text[6:-1] or "any", depth + 1)]
    return text


def subset_body(response: dict[str, Any]) -> Any:
    """The body node of a subset response (``kind`` array or object, its ``fields``)."""
    fields = {k: v for k, v in (response.get("fields") or {}).items() if "%{" not in str(k)}
    data = fields.get("data")
    if list(fields) == ["data"] and isinstance(data, dict) and data.get("fields"):
        # A REST v2 envelope written as a field: its records are depth 0.
        record = {k: subset_node(v, 1) for k, v in data["fields"].items()}
        return {"data": ["array", record] if str(data.get("type")).startswith("array") else record}
    record = {k: subset_node(v, 1) for k, v in fields.items()}
    return ["array", record] if response.get("kind") == "array" else record


def _has_fields(node: Any) -> bool:
    """Whether a body node describes its records' fields (inside an envelope or an array)."""
    if isinstance(node, dict) and isinstance(node.get("data"), (dict, list)):
        node = node["data"]
    if isinstance(node, list) and node and node[0] == "array":
        node = node[1]
    return isinstance(node, dict) and bool(node)


def catalog_shapes(
    operations: list[dict[str, Any]], subset: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``{"shapes": [node, ...], "ops": {"METHOD path": [status, shape index or -1]}}``.

    Each operation's first 2xx response (with a schema if one has it); where that schema lists
    no fields and the subset's richer entry for the operation does, the subset's. Equal shapes
    are stored once, so list and show endpoints of one resource share theirs.
    """
    richer: dict[str, Any] = {}
    for endpoint in (subset or {}).get("endpoints", ()):
        response = endpoint.get("response") or {}
        fields = response.get("fields") or {}
        if fields and list(fields) != ["oneOf"] and response.get("kind") in ("array", "object"):
            richer[f"{endpoint['method']} {endpoint['path']}"] = response
    shapes: list[Any] = []
    index: dict[str, int] = {}
    ops: dict[str, list[Any]] = {}
    for op in sorted(operations, key=lambda o: (o["path"], o["method"])):
        ok = sorted(s for s in op.get("responses", {}) if s.startswith("2"))
        with_schema = [s for s in ok if (op["responses"][s] or {}).get("schema")]
        status = (with_schema or ok or ["200"])[0]
        schema = (op["responses"].get(status) or {}).get("schema")
        position = -1
        node = body_shape(schema) if schema else None
        rich = richer.get(f"{op['method']} {op['path']}")
        if rich is not None and not _has_fields(node):
            node = subset_body(rich)
            status = str(rich.get("status") or status)
        if node is not None:
            key = json.dumps(node, separators=(",", ":"))
            position = index.setdefault(key, len(shapes))
            if position == len(shapes):
                shapes.append(node)
        ops[f"{op['method']} {op['path']}"] = [int(status), position]
    return {"shapes": shapes, "ops": ops}


def render_shapes(operations: list[dict[str, Any]], subset: dict[str, Any] | None = None) -> str:
    """``_catalog_shapes.py``: the shapes as JSON text, parsed on first use (compiling JSON text
    is far cheaper than compiling the same data as Python literals)."""
    data = catalog_shapes(operations, subset)
    rows = [json.dumps(n, ensure_ascii=False, separators=(",", ":")) for n in data["shapes"]]
    lines = [
        '"""The 2xx body shape of every operation of Procore\'s reference, for the fake\'s\n'
        "generic routes (generated from procore_api_operations.json and, where it lists more\n"
        "fields, procore_api_subset.json; do not edit by hand: run\n"
        "``python scripts/generate_fake_schemas.py``). Parsed on first use by ``_catalog``.\n\n"
        "``SHAPES_JSON``: one shape a line (the notation is described in the script).\n"
        '``OPERATIONS_JSON``: ``{"METHOD path": [2xx status, shape index or -1]}``.\n'
        '"""\n\n# ruff: noqa: E501\n\nfrom __future__ import annotations\n\n'
        "from typing import Final\n\n# fmt: off\n",
        "SHAPES_JSON: Final[str] = (\n    '['\n",
    ]
    lines.extend(
        f"    {(row + (',' if i < len(rows) - 1 else ''))!r}\n" for i, row in enumerate(rows)
    )
    lines.append("    ']'\n)\n\nOPERATIONS_JSON: Final[str] = (\n    '{'\n")
    items = [json.dumps(k) + ":" + json.dumps(v) for k, v in data["ops"].items()]
    lines.extend(
        f"    {(row.replace(', ', ',') + (',' if i < len(items) - 1 else ''))!r}\n"
        for i, row in enumerate(items)
    )
    lines.append("    '}'\n)\n# fmt: on\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("subset", type=Path, nargs="?", default=DEFAULT_SUBSET)
    parser.add_argument("--check", action="store_true", help="fail if _schemas.py is stale")
    args = parser.parse_args(argv)
    subset = json.loads(args.subset.read_text(encoding="utf-8"))
    gm = _generator()
    overrides = json.loads(gm.DEFAULT_OVERRIDES.read_text(encoding="utf-8"))
    operations = json.loads((args.subset.parent / OPERATIONS_FILE).read_text(encoding="utf-8"))
    stale = 0
    for target, text in (
        (TARGET, render(subset, overrides)),
        (SHAPES_TARGET, render_shapes(operations, subset)),
    ):
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            print(
                f"{target} is out of date; run python scripts/generate_fake_schemas.py",
                file=sys.stderr,
            )
            stale = 1
        else:
            target.write_text(text, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
