"""Real-shaped responses read into every resource's model, through both clients.

The records are built from the response schemas of ``procore_api_subset.json`` (the show, else
the list endpoint of each resource's default version): every documented field, nested objects
and arrays of objects included, with values of the documented JSON types.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour
from _support import reference_subset

from procore_sdk._endpoints import ENDPOINTS

ROOT = Path(__file__).resolve().parents[2]


@cache
def subset() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(reference_subset().read_text(encoding="utf-8"))
    return data


def sample(kind: Any, depth: int = 0) -> Any:
    """A value of the subset's JSON type ``kind``."""
    if isinstance(kind, list):
        return sample(kind[0], depth) if kind else None
    if isinstance(kind, dict):
        inner = kind.get("fields")
        shape = str(kind.get("type", "object"))
        if shape.startswith("array<array"):
            return [[]]
        obj = (
            {k: sample(v, depth + 1) for k, v in inner.items() if "%{" not in k}
            if isinstance(inner, dict) and depth < 4
            else {}
        )
        if shape.startswith("array"):
            return [obj]
        if shape in ("string", "any"):
            return None
        return obj
    text = str(kind)
    simple: dict[str, Any] = {
        "integer": 12_345_678_901,  # beyond 32 bits (§1.2)
        "string": "text",
        "string/date-time": "2024-05-01T12:30:00Z",
        "string/date": "2024-05-01",
        "boolean": True,
        "number/float": 1.5,
        "number": 2,
        "number/decimal": 3.25,
        "string/float": "1250.50",  # v1 money as a string (§10.3)
        "string/email": "someone@example.com",
        "string/path": "/a/b",
        "array<integer>": [1, 2],
        "array<string>": ["a", "b"],
        "object": {},
        "any": None,
    }
    if text == "object" and depth > 0:
        return None  # the extraction types unresolved nested fields as "object"
    if text in simple:
        return simple[text]
    if text.startswith("array<"):
        return []
    return None


def schema_record(name: str, action: str) -> dict[str, Any] | None:
    data = subset()
    endpoint = ENDPOINTS[name]
    op = endpoint.operation(action)
    for entry in data["endpoints"]:
        if entry["method"] == op.method and entry["path"] == op.path:
            response = entry.get("response") or {}
            fields = response.get("fields")
            if isinstance(fields, dict) and fields:
                record = {k: sample(v) for k, v in fields.items() if "%{" not in k}
                record.setdefault("id", 5)
                return record
    return None


# The subset documents no response fields for these; their models come from the spec's list.
WITHOUT_SCHEMA = frozenset({"line_item_types"})

CASES = [
    ("companies", {}),
    ("projects", {}),
    ("company_users", {}),
    ("project_users", {"project_id": 2}),
    ("vendors", {}),
    ("project_vendors", {"project_id": 2}),
    ("cost_codes", {"project_id": 2}),
    ("standard_cost_code_lists", {}),
    ("standard_cost_codes", {"standard_cost_code_list_id": 3}),
    ("line_item_types", {}),
    ("rfis", {"project_id": 2}),
    ("submittals", {"project_id": 2}),
    ("observations", {"project_id": 2}),
    ("punch_items", {"project_id": 2}),
    ("manpower_logs", {"project_id": 2}),
    ("notes_logs", {"project_id": 2}),
]


@pytest.mark.parametrize(("name", "scope"), CASES)
def test_schema_shaped_records_read_into_models(
    flavour: Flavour, name: str, scope: dict[str, Any]
) -> None:
    action = "retrieve" if ENDPOINTS[name].versions("retrieve") else "list"
    record = schema_record(name, action) or schema_record(name, "list")
    if name in WITHOUT_SCHEMA:
        # Fails once the reference gains a schema, so the case is then tested like the others.
        assert record is None, f"the reference now has a response schema for {name}"
        return
    assert record is not None, f"the reference has no response schema for {name}"
    # Show schemas are the richer ones; a list returns the same records (§11).
    list_record = record

    def handler(request: httpx.Request) -> httpx.Response:
        last = request.url.path.rsplit("/", 1)[-1]
        if last.isdigit():
            return httpx.Response(200, json=record)
        return httpx.Response(200, json=[list_record, list_record])

    client = flavour.client(handler, company_id=1)
    resource = getattr(client, name)
    model = ENDPOINTS[name].model
    kwargs = dict(scope)
    if name.endswith("_logs"):
        kwargs["log_date"] = "2024-05-01"
    listed = list(resource.list(**kwargs))
    assert len(listed) == 2
    assert all(isinstance(item, model) for item in listed)
    if action == "retrieve":
        one = resource.retrieve(5, **scope)
        assert isinstance(one, model)
        assert one.id == record["id"]


def test_rfi_reply_schema_record(flavour: Flavour) -> None:
    record = schema_record("rfi_replies", "retrieve")
    assert record is not None
    client = flavour.client(lambda r: httpx.Response(200, json=record), company_id=1)
    reply = client.rfis.replies.retrieve(5, project_id=2, rfi_id=3)
    assert isinstance(reply, ENDPOINTS["rfi_replies"].model)
