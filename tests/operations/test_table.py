"""The committed operation table and its lookups (no ../shared needed)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from procore_sdk._errors import ArgumentTypeError, InvalidArgumentError
from procore_sdk._operations import (
    by_operation_id,
    default_version,
    find,
    lookup,
    normalize_version,
    operations,
    resolve,
    versions,
)

ROOT = Path(__file__).resolve().parents[2]


# -- versions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("v1.2", "v1.2"),
        ("1.2", "v1.2"),
        (1.2, "v1.2"),
        ("V1.2", "v1.2"),
        (" v2.1 ", "v2.1"),
        ("1", "v1.0"),
        (2, "v2.0"),
        ("v1.0", "v1.0"),
    ],
)
def test_normalize_version(given: object, expected: str) -> None:
    assert normalize_version(given) == expected


@pytest.mark.parametrize("given", ["", "latest", "v1.2.3", "1.x", "-1", "v", -1])
def test_normalize_version_refuses_what_is_not_a_version(given: object) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        normalize_version(given)
    message = str(caught.value)
    assert message.startswith("version must be a version such as")
    assert repr(given) in message or str(given) in message


@pytest.mark.parametrize("given", [None, True, ["v1.0"]])
def test_normalize_version_refuses_other_types(given: object) -> None:
    with pytest.raises(ArgumentTypeError, match="version must be") as caught:
        normalize_version(given)
    assert isinstance(caught.value, TypeError)


def test_normalize_version_names_the_argument_it_checks() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^api_version must be"):
        normalize_version("nope", "api_version")


# -- the table ---------------------------------------------------------------------------------


def test_group_action_version_is_unique() -> None:
    names = Counter((op.group, op.action, op.version) for op in operations())
    assert [name for name, n in names.items() if n > 1] == []


def test_names_file_lists_every_operation_once() -> None:
    lines = (ROOT / "procore_sdk" / "_operations" / "names.txt").read_text().splitlines()
    expected = sorted(
        f"{op.name} {op.version or '-'} {op.method} {op.path} {op.operation_id}"
        for op in operations()
    )
    assert lines == expected


def test_versions_match_the_path() -> None:
    for op in operations():
        if op.path.startswith("/rest/"):
            assert op.path.split("/")[2] == op.version, op
        else:
            assert op.version is None, op


def test_v2_answers_in_a_data_envelope() -> None:
    # Procore's REST v2 announcement: 2xx JSON has a top-level "data" envelope.
    for op in operations():
        v2 = op.version is not None and not op.version.startswith("v1.")
        assert op.envelope == ("data" if v2 else None), op.operation_id


def test_scope_placement_of_a_sync_is_in_the_table() -> None:
    # "Where is the fact that vendors sync is PATCH /rest/v1.0/vendors/sync with company_id in
    # the body?": one row of the table (Procore's "Using Sync Actions" guide).
    op = lookup("vendors", "sync")
    assert (op.method, op.path) == ("PATCH", "/rest/v1.0/vendors/sync")
    assert [(s.name, s.where, s.required) for s in op.scope] == [("company_id", "body", True)]
    assert op.body is not None
    assert op.body.wrapper == "updates"
    assert op.is_sync


def test_budget_line_items_sync_is_a_post_with_its_own_key() -> None:
    op = lookup("budget_line_items", "sync")
    assert (op.method, op.path) == ("POST", "/rest/v1.0/budget_line_items/sync")
    assert op.body is not None
    assert op.body.wrapper == "budget_line_items"


def test_webhook_v1_bodies_take_one_scope_and_a_wrapper() -> None:
    op = lookup("webhooks.hooks", "create", "v1.0")
    assert op.body is not None
    assert op.body.wrapper == "hook"
    assert {(s.name, s.where, s.required) for s in op.scope} == {
        ("company_id", "body", False),
        ("project_id", "body", False),
    }


def test_lookup_accepts_every_version_spelling() -> None:
    chosen = {lookup("company_users", "list", v).path for v in ("v1.2", "1.2", 1.2)}
    assert chosen == {"/rest/v1.2/companies/{company_id}/users"}


def test_lookup_without_version_takes_the_newest_v1() -> None:
    assert versions("submittals", "list") == ("v1.0", "v1.1", "v2.0")
    assert default_version("submittals", "list") == "v1.1"
    assert lookup("submittals", "list").version == "v1.1"


def test_default_version_overrides_win() -> None:
    assert "v1.1" in versions("weather_logs", "list")
    assert default_version("weather_logs", "list") == "v1.0"


def test_lookup_of_a_missing_version_lists_the_offered_ones() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        lookup("submittals", "delete", "v1.0")
    assert str(caught.value) == (
        "version must be one of v1.1 for submittals.delete; got 'v1.0' (str)"
    )


def test_lookup_of_a_missing_action_says_so() -> None:
    with pytest.raises(InvalidArgumentError, match="action must be an operation"):
        lookup("rfis", "explode")


@pytest.mark.parametrize(
    ("name", "action", "expected"),
    [
        ("vendors", "list", ("company_vendors", "list")),
        ("rfis.replies", "create", ("replies", "create")),
        ("standard_cost_codes", "sync", ("cost_codes", "sync_standard_cost_codes")),
        ("coordination_issues", "sync", ("coordination_issue_sync", "sync")),
        ("coordination_issues", "list", ("coordination_issues", "list")),
        ("rfis", "list", ("rfis", "list")),
    ],
)
def test_todays_names_resolve_through_aliases(
    name: str, action: str, expected: tuple[str, str]
) -> None:
    assert resolve(name, action) == expected


def test_by_operation_id_and_find_agree() -> None:
    op = by_operation_id("RestV10ProjectsProjectIdRfisIdRecyclePatch")
    assert op.name == "rfis.recycle"
    assert find("patch", op.path) == op
    assert find("GET", "/rest/v9.9/nothing") is None
    with pytest.raises(InvalidArgumentError, match="operation_id must be an operationId"):
        by_operation_id("NoSuchOperation")


def test_importing_the_package_does_not_load_the_table() -> None:
    code = (
        "import sys, procore_sdk, procore_sdk._operations as o\n"
        "assert 'procore_sdk._operations._table' not in sys.modules\n"
        "o.operations()\n"
        "assert 'procore_sdk._operations._table' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _resource_properties(cls: type) -> list[str]:
    return sorted(
        name
        for name, value in vars(cls).items()
        if isinstance(value, property) and not name.startswith("_")
    )


def test_every_resource_group_of_the_client_is_reachable() -> None:
    from procore_sdk._async._resources import AsyncResources
    from procore_sdk._async._sync_resources import AsyncSyncResources
    from procore_sdk._generated._async import AsyncGroups

    # OAuth's endpoints (group ``authentication``) are the auth layer's, not a resource group.
    groups = {op.group for op in operations() if op.version is not None}
    # ``transfers``/``uploads`` move files (uploads, downloads, trees): a feature, not a group.
    resources = set(_resource_properties(AsyncResources)) - {"transfers", "uploads"}
    sync_actions = _resource_properties(AsyncSyncResources)
    generated = _resource_properties(AsyncGroups)
    assert {"projects", "vendors", "rfis"} <= set(resources)
    # Every group of the table is a property of the client: hand-written or generated.
    assert groups <= {*resources, *generated}
    assert not set(generated) & set(resources)
    for name in resources:
        assert resolve(name, "list")[0] in groups or resolve(name, "retrieve")[0] in groups, name
    for name in sync_actions:
        assert lookup(name, "sync").is_sync, name
    for name in ("rfis.replies", "webhooks.hooks", "webhooks.triggers", "webhooks.deliveries"):
        assert resolve(name, "list")[0] in groups, name


def test_the_unified_upload_is_a_guide_operation_with_a_source() -> None:
    # Procore documents the v2.1 unified upload only in a guide; its operations are recorded in
    # the overrides (with that source) and generated into the table, outside the catalog.
    import json
    from pathlib import Path

    from procore_sdk._operations import guide_operation, operations
    from procore_sdk._upload_plan import unified_operation

    op = unified_operation("create", "project")
    assert op is guide_operation("UnifiedUploadsCreateInProject")
    assert (op.method, op.path) == (
        "POST",
        "/rest/v2.1/companies/{company_id}/projects/{project_id}/uploads",
    )
    assert unified_operation("update", "company").path.endswith("/uploads/{upload_id}")
    assert op not in operations()
    overrides = json.loads(
        (Path(__file__).resolve().parents[2] / "scripts/operation_overrides.json").read_text()
    )
    sources = [e["source"] for e in overrides["guide_operations"].values()]
    assert len(sources) == 6
    assert all("tutorial_unified_uploads" in s for s in sources)
