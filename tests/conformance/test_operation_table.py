"""The operation table against Procore's OpenAPI document.

The table (``procore_sdk/_operations``) must hold every operation of
``procore_api_operations.json`` exactly once, name each uniquely, and agree with the spec on
what the resources, Sync actions, webhook management, ``client.paginate`` and the fake read from
it (scope, wrappers, items keys, paging).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from _helpers.scripts import load_script

from conformance.conftest import shared_file, shared_json
from procore_sdk._endpoints import ENDPOINTS
from procore_sdk._operations import (
    Operation,
    find,
    lookup,
    operations,
    versions,
)
from procore_sdk._sync_action_plan import SYNC_ACTIONS, sync_action

ROOT = Path(__file__).resolve().parents[2]
generate_operations = load_script("generate_operations")


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


# -- the resource groups, Sync endpoints and paging rules ---------------------------------------


RESOURCE_OPS = sorted(
    (name, action, version)
    for name in ENDPOINTS
    for action in ("list", "retrieve", "create", "update", "delete", "add", "remove", "recycle")
    for version in versions(name, action)
)


@pytest.mark.parametrize(("name", "action", "version"), RESOURCE_OPS)
def test_resource_operations_are_the_specs(name: str, action: str, version: str) -> None:
    op = lookup(name, action, version)
    spec = {(str(o["method"]), str(o["path"])): o for o in _catalog()}[(op.method, op.path)]
    assert spec["operationId"] == op.operation_id
    # Every value a resource sends outside the path is a parameter of the spec there.
    names = {str(p["name"]) for p in spec.get("parameters", [])}  # type: ignore[attr-defined]
    for scope in op.scope:
        if scope.where == "query":
            assert scope.name in names, (op.operation_id, scope.name)
    if action in ("create", "update"):
        assert op.body is not None
        assert op.body.wrapper
    assert op.envelope == ("data" if version.startswith("v2.") else None)


def test_every_resource_group_names_its_model() -> None:
    for endpoint in ENDPOINTS.values():
        assert endpoint.model.__module__.startswith("procore_sdk.models"), endpoint.name


def _spec_operations() -> dict[str, dict[str, object]]:
    return {
        raw["operationId"]: raw for raw in shared_json("reference", "procore_api_operations.json")
    }


@pytest.mark.parametrize("name", sorted(SYNC_ACTIONS))
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
    for name in SYNC_ACTIONS:
        assert lookup(name, "sync").version == versions(name, "sync")[-1]


def _conventions() -> dict[str, int]:
    import json

    overrides = json.loads((ROOT / "scripts" / "operation_overrides.json").read_text())
    return {k: v["value"] for k, v in overrides["conventions"].items()}


def test_gets_the_spec_gives_no_per_page_do_not_page() -> None:
    for o in _catalog():
        if o["method"] != "GET":
            continue
        names = {str(p["name"]) for p in o.get("parameters", [])}  # type: ignore[attr-defined]
        if "per_page" not in names and "page" not in names:
            op = _op("GET", str(o["path"]))
            assert op.paging not in ("page", "page0"), op.operation_id
            assert op.per_page_max is None


def test_largest_pages_follow_the_documented_rules() -> None:
    # Procore's pagination guide (v1: keep per_page <= 2,000) and the REST v2 announcement
    # (at most 100), as the overrides' conventions state them, unless an operation's own
    # override says otherwise (GET /rest/v1.1/projects: 300).
    conv = _conventions()
    import json

    own = json.loads((ROOT / "scripts" / "operation_overrides.json").read_text())["operations"]
    for op in operations():
        if op.paging != "page" or "largest_page" in own.get(op.operation_id, {}):
            continue
        expected = conv["v2_max_per_page"] if op.envelope == "data" else conv["v1_max_per_page"]
        # ... unless the endpoint's own default page is larger (OAS: the v2 ".../ids" lists).
        assert op.per_page_max == max(expected, op.default_page or 0), op.operation_id


def test_v11_projects_page_up_to_300() -> None:
    op = _op("GET", "/rest/v1.1/projects")
    assert (op.default_page, op.largest_page) == (100, 300)


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
