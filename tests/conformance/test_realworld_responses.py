"""Every recorded Procore response reads into the model the SDK uses for its endpoint.

``../shared/realworld/README.md`` maps each file of ``responses/`` to its endpoint (method, path,
version); the model is the one the client's resource for that operation returns
(``procore_sdk._endpoints``). For each file: no error, nothing real Procore sent lands in an
``extra`` (nested models and custom fields included), and every value keeps its meaning (ints stay
ints, money strings become ``Decimal``, timestamps become aware datetimes). Each payload is also
served through both clients with an ``httpx.MockTransport``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest
from _support import Runner

from procore_sdk._endpoints import ENDPOINTS, Endpoint
from procore_sdk._serde import structure, unstructure
from procore_sdk.models import ReadModel

from .conftest import endpoints_of_files, realworld_response, response_files


def resource_for(method: str, path: str) -> tuple[Endpoint, str, str]:
    """The SDK resource serving ``method path``: (resource group, action, version)."""
    for endpoint in ENDPOINTS.values():
        for action in ("list", "retrieve", "create", "update"):
            for version in endpoint.versions(action):
                op = endpoint.operation(action, version)
                if op.method == method and op.path == path:
                    return endpoint, action, version
    raise AssertionError(f"no SDK resource serves {method} {path}")


FILES = response_files()


def test_the_readme_maps_every_response_file() -> None:
    assert FILES
    assert set(FILES) <= set(endpoints_of_files())


def unread(model: Any, raw: Any, path: str = "$") -> list[str]:
    """Paths of keys real Procore sent that ``model`` kept in an ``extra``."""
    found: list[str] = []
    if isinstance(model, ReadModel):
        found += [f"{path}.{key}" for key in model.extra]
        for field in attrs.fields(type(model)):
            key = field.metadata.get("json", field.name)
            if field.name != "extra" and isinstance(raw, dict) and key in raw:
                found += unread(getattr(model, field.name), raw[key], f"{path}.{key}")
    elif isinstance(model, list) and isinstance(raw, list):
        for i, (item, raw_item) in enumerate(zip(model, raw, strict=True)):
            found += unread(item, raw_item, f"{path}[{i}]")
    elif isinstance(model, dict) and isinstance(raw, dict):
        for key, item in model.items():
            found += unread(item, raw.get(key), f"{path}.{key}")
    return found


def mismatches(value: Any, raw: Any, path: str = "$") -> list[str]:
    """Paths where the read value does not mean what Procore sent."""
    if raw is None:
        return [] if value is None else [f"{path}: null read as {value!r}"]
    if isinstance(raw, bool):
        return [] if value is raw else [f"{path}: {raw!r} read as {value!r}"]
    if isinstance(raw, int):
        ok = (type(value) is int and value == raw) or (isinstance(value, Decimal) and value == raw)
        return [] if ok else [f"{path}: int {raw!r} read as {value!r}"]
    if isinstance(raw, float):
        ok = (type(value) is float and value == raw) or (
            isinstance(value, Decimal) and value == Decimal(repr(raw))
        )
        return [] if ok else [f"{path}: float {raw!r} read as {value!r}"]
    if isinstance(raw, str):
        if isinstance(value, str):
            return [] if value == raw else [f"{path}: {raw!r} read as {value!r}"]
        if isinstance(value, Decimal):  # money: "50000000.0"
            return [] if value == Decimal(raw) else [f"{path}: {raw!r} read as {value!r}"]
        if isinstance(value, dt.datetime):
            ok = value.tzinfo is not None and value == dt.datetime.fromisoformat(
                raw.replace("Z", "+00:00")
            )
            return [] if ok else [f"{path}: {raw!r} read as {value!r}"]
        if isinstance(value, dt.date):
            return [] if value.isoformat() == raw else [f"{path}: {raw!r} read as {value!r}"]
        return [f"{path}: string {raw!r} read as {value!r}"]
    if isinstance(raw, list):
        if not isinstance(value, list) or len(value) != len(raw):
            return [f"{path}: array read as {value!r}"]
        return [
            m
            for i, (v, r) in enumerate(zip(value, raw, strict=True))
            for m in mismatches(v, r, f"{path}[{i}]")
        ]
    assert isinstance(raw, dict)
    if isinstance(value, ReadModel):
        by_key = {f.metadata.get("json", f.name): f.name for f in attrs.fields(type(value))}
        return [
            m
            for key, item in raw.items()
            for m in mismatches(
                getattr(value, by_key[key]) if key in by_key else value.extra.get(key),
                item,
                f"{path}.{key}",
            )
        ]
    if isinstance(value, dict):
        return [
            m
            for key, item in raw.items()
            for m in mismatches(value.get(key), item, f"{path}.{key}")
        ]
    return [f"{path}: object read as {value!r}"]


@pytest.mark.parametrize("name", FILES)
def test_real_response_reads_into_its_model(name: str) -> None:
    method, path = endpoints_of_files()[name]
    endpoint, _action, _version = resource_for(method, path)
    raw = realworld_response(name)
    record = structure(raw, endpoint.model)
    assert unread(record, raw) == [], f"{name}: real fields left in extra"
    assert mismatches(record, raw) == [], name
    again = structure(unstructure(record), endpoint.model)  # written out and read back
    assert again == record
    assert mismatches(again, raw) == [], name


@pytest.mark.parametrize("name", FILES)
def test_real_response_through_both_clients(runner: Runner, name: str) -> None:
    method, path = endpoints_of_files()[name]
    endpoint, action, version = resource_for(method, path)
    raw = realworld_response(name)
    is_list = action == "list"
    served: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        served.append(request.url.path)
        return httpx.Response(200, json=[raw] if is_list else raw)

    client = runner.client(handler, company_id=8089)
    resource = getattr(client, endpoint.name)
    method_ = resource.list if is_list else resource.retrieve
    plain = getattr(resource, "unwrapped", resource)  # the async client sits behind a SyncView
    accepted = inspect.signature(getattr(plain, "list" if is_list else "retrieve")).parameters
    kwargs: dict[str, Any] = {}
    if "project_id" in accepted:
        kwargs["project_id"] = 2783683
    if "version" in accepted:
        kwargs["version"] = version
    if is_list:
        [record] = list(method_(**kwargs))
    else:
        record = method_(raw["id"], **kwargs)
    assert served
    assert served[0].startswith(f"/rest/{version}/")
    assert record == structure(raw, endpoint.model)
    assert unread(record, raw) == []
    assert mismatches(record, raw) == []
