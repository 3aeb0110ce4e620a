"""The SDK's array-typed filters (``Endpoint.array_filters``) match Procore's OpenAPI, so they
cannot drift: for every list operation the SDK calls, a declared filter is recorded as an array
exactly when the spec types it as one (``type: array`` or a ``filters[<attr>][]`` name)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.conftest import shared_json
from procore_sdk._endpoints import ENDPOINTS

LISTS = [
    (name, version) for name, endpoint in ENDPOINTS.items() for version in endpoint.versions("list")
]


def _filter_name(parameter: str) -> str | None:
    if not parameter.startswith("filters["):
        return None
    return parameter[len("filters[") :].removesuffix("[]").removesuffix("]")


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (o["method"], o["path"]): o for o in shared_json("reference", "procore_api_operations.json")
    }


def _subset() -> dict[tuple[str, str], dict[str, Any]]:
    data = shared_json("reference", "procore_api_subset.json")
    return {(e["method"], e["path"]): e for e in data["endpoints"]}


def spec_arrays(operation: dict[str, Any]) -> dict[str, bool]:
    """Each filter of an operation of procore_api_operations.json → whether it is an array."""
    found: dict[str, bool] = {}
    for parameter in operation.get("parameters", []):
        name = _filter_name(parameter["name"])
        if name is not None:
            schema = parameter.get("schema") or {}
            found[name] = schema.get("type") == "array" or parameter["name"].endswith("[]")
    return found


def subset_arrays(entry: dict[str, Any]) -> dict[str, bool]:
    """The same from procore_api_subset.json (types such as ``array<integer>``)."""
    found: dict[str, bool] = {}
    for parameter in entry.get("query_params", []):
        name = _filter_name(parameter["name"])
        if name is not None:
            found[name] = str(parameter.get("type", "")).startswith("array") or parameter[
                "name"
            ].endswith("[]")
    return found


@pytest.mark.parametrize(("name", "version"), LISTS)
def test_array_filters_match_the_spec(name: str, version: str) -> None:
    endpoint = ENDPOINTS[name]
    op = endpoint.operations["list"][version]
    operation = _operations().get((op.method, op.path))
    assert operation is not None, f"{op.method} {op.path} is not in procore_api_operations.json"
    declared = endpoint.array_filters.get(version, frozenset())
    sources = [("procore_api_operations.json", spec_arrays(operation))]
    entry = _subset().get((op.method, op.path))
    if entry is not None:
        sources.append(("procore_api_subset.json", subset_arrays(entry)))
    for source, arrays in sources:
        documented = {f for f in endpoint.filters if f in arrays}
        expected = {f for f in documented if arrays[f]}
        assert declared & documented == expected, (
            f"{name} {version} ({operation['operationId']}, {source}): declared arrays "
            f"{sorted(declared & documented)}, spec arrays {sorted(expected)}"
        )
    # An array declared for a filter the spec does not document on this version would be a
    # guess, not a reading of the spec.
    everywhere = set(sources[0][1])
    assert declared <= everywhere, f"{name} {version}: {sorted(declared - everywhere)} undocumented"
