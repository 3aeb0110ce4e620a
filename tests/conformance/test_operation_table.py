"""The operation table against Procore's OpenAPI document and today's hand-written facts.

The table (``procore_sdk/_operations``) must hold every operation of
``procore_api_operations.json`` exactly once, name each uniquely, and agree with every endpoint
fact the SDK writes by hand today (``_endpoints.py``, ``_limits.py``, the webhooks paths), so
the next step can delete those copies and read the table instead. Sync actions already read the
table; their operations are checked against the document's request bodies here.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from conformance.conftest import shared_file, shared_json
from procore_sdk import _limits
from procore_sdk._endpoints import ENDPOINTS
from procore_sdk._operations import (
    Operation,
    find,
    lookup,
    operations,
    versions,
)
from procore_sdk._sync_action_plan import SYNC_MODELS, sync_action

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "generate_operations", ROOT / "scripts" / "generate_operations.py"
)
assert _spec is not None
assert _spec.loader is not None
generate_operations = importlib.util.module_from_spec(_spec)
sys.modules["generate_operations"] = generate_operations
_spec.loader.exec_module(generate_operations)


def _catalog() -> list[dict[str, object]]:
    return list(shared_json("reference", "procore_api_operations.json"))


def _op(method: str, path: str) -> Operation:
    found = find(method, path)
    assert found is not None, f"the table has no {method} {path}"
    return found


# -- coverage and names ------------------------------------------------------------------------


def test_every_catalog_operation_appears_exactly_once() -> None:
    catalog = _catalog()
    table = Counter(op.operation_id for op in operations())
    assert len(catalog) == 2636
    assert sorted(table) == sorted(str(o["operationId"]) for o in catalog)
    assert set(table.values()) == {1}
    routes = {(op.method, op.path): op.operation_id for op in operations()}
    for o in catalog:
        assert routes[(str(o["method"]), str(o["path"]))] == o["operationId"]


def test_every_group_comes_from_a_tag() -> None:
    # The catalog's tags, not the table's copy, so a generator bug shows here.
    tags = {str(o["operationId"]): str(o["tag"]) for o in _catalog()}
    for op in operations():
        assert op.tag == tags[op.operation_id]
        last = op.tag.rsplit("/", 1)[-1]
        snake = re.sub(r"[^a-z0-9]+", "_", last.lower()).strip("_")
        assert op.group.endswith(snake), op


# -- today's hand-written facts ----------------------------------------------------------------


ENDPOINT_OPS = sorted(
    (name, action, version)
    for name, endpoint in ENDPOINTS.items()
    for action, by_version in endpoint.operations.items()
    for version in by_version
)


@pytest.mark.parametrize(("name", "action", "version"), ENDPOINT_OPS)
def test_table_agrees_with_endpoints(name: str, action: str, version: str) -> None:
    endpoint = ENDPOINTS[name]
    declared = endpoint.operations[action][version]
    op = _op(declared.method, declared.path)
    assert lookup(name, action, version) == op
    # Everything the SDK sends today is a scope parameter at that place in the table, and
    # everything the table requires, the SDK sends.
    outside_path = {(s.name, s.where) for s in op.scope if s.where != "path"}
    required = {(s.name, s.where) for s in op.scope if s.where != "path" and s.required}
    assert set(declared.scope) <= outside_path
    assert required <= set(declared.scope)
    if action in ("create", "update"):
        assert op.body is not None
        assert op.body.wrapper == endpoint.wrapper
    assert (op.paging == "page") == declared.paginated
    assert op.per_page_max == _limits.per_page_max(op.method, op.path)
    assert op.default_page == _limits.per_page_default(op.method, op.path) or op.paging != "page"
    if action == "list":
        assert op.sort == endpoint.sort
    assert op.envelope == ("data" if version.startswith("v2.") else None)


@pytest.mark.parametrize(
    "name", sorted(name for name in ENDPOINTS if "list" in ENDPOINTS[name].operations)
)
def test_list_parameters_agree_with_endpoints(name: str) -> None:
    # Today's filters and top-level parameters are per resource, across its list versions.
    endpoint = ENDPOINTS[name]
    filters: set[str] = set()
    top_level: set[str] = set()
    for declared in endpoint.operations["list"].values():
        op = _op(declared.method, declared.path)
        filters |= {re.sub(r"^filters?\[([^\]]+)\].*$", r"\1", f.name) for f in op.filters}
        top_level |= {q.name for q in op.query}
    assert set(endpoint.filters) <= filters
    assert set(endpoint.top_level) <= top_level


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_default_versions_agree_with_endpoints(name: str) -> None:
    endpoint = ENDPOINTS[name]
    for action in endpoint.operations:
        chosen = lookup(name, action)
        assert chosen.version == endpoint.default(action)
        assert chosen.path == endpoint.operations[action][endpoint.default(action)].path


def _spec_operations() -> dict[str, dict[str, object]]:
    return {
        raw["operationId"]: raw for raw in shared_json("reference", "procore_api_operations.json")
    }


@pytest.mark.parametrize("name", sorted(SYNC_MODELS))
def test_sync_actions_agree_with_the_document(name: str) -> None:
    spec = _spec_operations()
    for version in versions(name, "sync"):
        op = sync_action(name).operation(version)
        assert op.is_sync
        raw = spec[op.operation_id]
        assert (raw["method"], raw["path"]) == (op.method, op.path)
        # The items key is a property of the document's request body (updates, or
        # budget_line_items for the POST exception).
        assert op.body is not None
        body = raw["requestBody"]
        assert isinstance(body, dict)
        assert op.body.wrapper in body["schema"]["properties"]
        # Body-scoped values are properties of the same body.
        for scope in op.scope:
            if scope.where == "body":
                assert scope.name in body["schema"]["properties"], (name, scope.name)


def test_sync_default_version_is_the_newest() -> None:
    for name in SYNC_MODELS:
        assert lookup(name, "sync").version == versions(name, "sync")[-1]


def _matching(template: str) -> list[Operation]:
    pattern = re.escape(template).replace(r"\{id\}", r"\{[^}]+\}").replace(r"\{v\}", r"\d+")
    return [op for op in operations() if op.method == "GET" and re.fullmatch(pattern, op.path)]


@pytest.mark.parametrize("template", _limits._UNPAGINATED_TEMPLATES)
def test_table_agrees_with_unpaginated_limits(template: str) -> None:
    found = _matching(template)
    assert found, f"no GET operation matches {template}"
    for op in found:
        assert op.paging != "page", op.operation_id
        assert op.per_page_max is None


@pytest.mark.parametrize("path", sorted(_limits._SPECIFIC))
def test_table_agrees_with_specific_page_sizes(path: str) -> None:
    op = _op("GET", path)
    assert (op.default_page, op.largest_page) == _limits._SPECIFIC[path]


def test_largest_pages_follow_the_documented_rules() -> None:
    # Procore's pagination guide (v1: keep per_page <= 2,000) and the REST v2 announcement
    # (at most 100), as _limits states them.
    for op in operations():
        if op.paging != "page" or op.path in _limits._SPECIFIC:
            continue
        expected = _limits.V2_MAX_PER_PAGE if op.envelope == "data" else _limits.V1_MAX_PER_PAGE
        # ... unless the endpoint's own default page is larger (OAS: the v2 ".../ids" lists).
        assert op.per_page_max == max(expected, op.default_page or 0), op.operation_id


WEBHOOK_GROUPS = {
    "webhooks.hooks": ("hooks", "GET", "POST"),
    "webhooks.triggers": ("hooks/{hook_id}/triggers", "GET", "POST"),
    "webhooks.deliveries": ("hooks/{hook_id}/deliveries", "GET"),
}


# v1.0 carries a project in the query, so only v2.0 has a project path.
@pytest.mark.parametrize(("version", "project"), [("v1.0", False), ("v2.0", False), ("v2.0", True)])
@pytest.mark.parametrize("alias", sorted(WEBHOOK_GROUPS))
def test_webhook_paths_are_in_their_groups(alias: str, project: bool, version: str) -> None:
    # Procore's Webhooks API docs: v1.0 under /rest/v1.0/webhooks, v2.0 under the company path.
    base = "/rest/v1.0/webhooks"
    if version == "v2.0":
        project_path = "/projects/{project_id}" if project else ""
        base = "/rest/v2.0/companies/{company_id}" + project_path + "/webhooks"
    tail, *methods = WEBHOOK_GROUPS[alias]
    for method in methods:
        op = _op(method, f"{base}/{tail}")
        action = "list" if method == "GET" else "create"
        assert lookup(alias, action, version).group == op.group


def test_webhook_deliveries_v1_page_with_page_start() -> None:
    op = _op("GET", "/rest/v1.0/webhooks/hooks/{hook_id}/deliveries")
    assert op.paging == "page_start"
    assert (op.default_page, op.per_page_max) == (100, None)


def test_zero_based_pages_are_marked() -> None:
    zero = [op for op in operations() if op.paging == "page0"]
    assert len(zero) == 10
    assert {op.largest_page for op in zero} == {400}


def test_rfi_list_sorts_with_attribute_and_direction() -> None:
    assert lookup("rfis", "list").sort == "attribute_direction"


# -- the generator -----------------------------------------------------------------------------


def _inputs() -> list[str]:
    reference = shared_file("reference", "procore_api_operations.json").parent
    return [
        "--operations",
        str(reference / "procore_api_operations.json"),
        "--subset",
        str(reference / "procore_api_subset.json"),
    ]


def test_generator_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert generate_operations.main(["--check", *_inputs()]) == 0, capsys.readouterr().out


def test_generator_check_detects_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table, names = tmp_path / "_table.py", tmp_path / "names.txt"
    real_names = (ROOT / "procore_sdk" / "_operations" / "names.txt").read_text()
    table.write_text((ROOT / "procore_sdk" / "_operations" / "_table.py").read_text())
    # A rename in review: one line of the name list changed by hand.
    names.write_text(real_names.replace("rfis.recycle ", "rfis.recycled ", 1))
    outputs = ["--table", str(table), "--names", str(names)]
    assert generate_operations.main(["--check", *outputs, *_inputs()]) == 1
    out = capsys.readouterr().out
    assert "rfis.recycled" in out
    assert "names.txt is stale" in out
    assert generate_operations.main([*outputs, *_inputs()]) == 0
    assert names.read_text() == real_names
    assert generate_operations.main(["--check", *outputs, *_inputs()]) == 0


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = [tmp_path / "a.py", tmp_path / "a.txt"]
    second = [tmp_path / "b.py", tmp_path / "b.txt"]
    for table, names in (first, second):
        args = ["--table", str(table), "--names", str(names), *_inputs()]
        assert generate_operations.main(args) == 0
    assert first[0].read_bytes() == second[0].read_bytes()
    assert first[1].read_bytes() == second[1].read_bytes()


# -- real payloads -----------------------------------------------------------------------------


def _recorded() -> list[tuple[str, str, str]]:
    """(file, method, path) of every recorded response and Sync example, from the README."""
    readme = shared_file("realworld", "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `((?:responses|sync)/[^`]+)` \| `(GET|PATCH|POST) ([^`]+)`", readme, re.M
    )
    sync_rows = re.findall(r"^\| `(sync/[^`]+)` \|.*\((PATCH|POST) (/rest/[^)]+)\)", readme, re.M)
    return sorted(set(rows) | set(sync_rows))


def test_recorded_responses_have_the_tables_shape() -> None:
    recorded = _recorded()
    assert len(recorded) >= 20
    for file, method, path in recorded:
        op = _op(method, path)
        payload = shared_json("realworld", *file.split("/"))
        if file.startswith("sync/"):
            # A Sync answers one object with entities and errors (Procore's Sync guide).
            assert op.is_sync
            assert op.response.kind == "object"
            assert {"entities", "errors"} <= set(payload["response"])
            assert op.body is not None
            assert op.body.wrapper in payload["request"]
        elif "_list_item_" in file:
            assert (op.response.kind, op.paging) == ("array", "page"), file
        else:
            assert op.response.kind == "object", file
