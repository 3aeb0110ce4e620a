"""The naming scheme of the operation table, on inline examples (no ../shared needed)."""

from __future__ import annotations

from typing import Any

import pytest

from procore_sdk._operations._naming import (
    base_action,
    group_name,
    is_member,
    resource_segments,
    snake,
)

from ._generator import generate_operations as gen


def test_snake() -> None:
    assert snake("line-item-types (Cost Types)") == "line_item_types_cost_types"
    assert snake("work-classification---company-level") == "work_classification_company_level"


def test_group_is_the_tags_last_segment() -> None:
    assert group_name("Project Management/RFI/rfis") == "rfis"
    assert group_name("Core/Directory/company-users") == "company_users"


def test_group_names_prefix_the_parent_segment_when_tags_clash() -> None:
    names = gen.group_names(
        ["Core/Project/links", "Company Admin/Project-Level Configuration/links", "A/B/rfis"]
    )
    assert names == {
        "Core/Project/links": "project_links",
        "Company Admin/Project-Level Configuration/links": "project_level_configuration_links",
        "A/B/rfis": "rfis",
    }


@pytest.mark.parametrize(
    ("segments", "prefix", "rest"),
    [
        (["projects", "{project_id}", "rfis"], ["projects", "{project_id}"], ["rfis"]),
        (
            ["companies", "{company_id}", "projects", "{project_id}", "submittals"],
            ["companies", "{company_id}", "projects", "{project_id}"],
            ["submittals"],
        ),
        (["vendors", "{id}"], [], ["vendors", "{id}"]),
        # Only a scope pair: the path is that resource.
        (["companies", "{company_id}"], [], ["companies", "{company_id}"]),
        # A scope pair further in is part of the resource path.
        (
            ["rfis", "{rfi_id}", "projects", "{project_id}"],
            [],
            ["rfis", "{rfi_id}", "projects", "{project_id}"],
        ),
    ],
)
def test_resource_segments_strip_the_leading_scope(
    segments: list[str], prefix: list[str], rest: list[str]
) -> None:
    assert resource_segments(segments) == (tuple(prefix), tuple(rest))


@pytest.mark.parametrize(
    ("method", "rest", "noun", "action"),
    [
        ("GET", ["rfis"], "rfis", "list"),
        ("GET", ["rfis", "{id}"], "rfis", "retrieve"),
        ("POST", ["rfis"], "rfis", "create"),
        ("PATCH", ["rfis", "{id}"], "rfis", "update"),
        ("PUT", ["rfis", "{id}"], "rfis", "update"),
        ("DELETE", ["rfis", "{id}"], "rfis", "delete"),
        ("PATCH", ["rfis"], "rfis", "bulk_update"),
        ("DELETE", ["rfis"], "rfis", "bulk_delete"),
        ("POST", ["people", "{person_id}"], "people", "update"),
        ("PATCH", ["vendors", "sync"], "vendors", "sync"),
        ("POST", ["budget_line_items", "sync"], "budget_line_items", "sync"),
        ("PATCH", ["rfis", "{id}", "recycle"], "rfis", "recycle"),
        ("DELETE", ["users", "{id}", "actions", "remove"], "users", "remove"),
        ("POST", ["rfis", "bulk_create"], "rfis", "bulk_create"),
        ("GET", ["rfis", "{id}.pdf"], "rfis", "pdf"),
        ("GET", ["rfis", "filter_options", "status"], "rfis", "filter_options_status"),
        # Without the noun in the path, the last literal word names it.
        ("GET", ["checklist", "lists", "{list_id}", "items"], "sections", "items"),
    ],
)
def test_base_action(method: str, rest: list[str], noun: str, action: str) -> None:
    assert base_action(method, rest, noun)[0] == action


def test_is_member() -> None:
    assert is_member(("rfis", "{id}"))
    assert is_member(("rfis", "{id}.pdf"))
    assert not is_member(("rfis",))
    assert not is_member(())


def test_noun_prefers_the_segment_named_like_the_group() -> None:
    records = [
        _record("cost_codes", "GET", "/rest/v1.0/standard_cost_codes"),
        _record("cost_codes", "GET", "/rest/v1.0/standard_cost_codes/{id}"),
        _record("cost_codes", "GET", "/rest/v1.0/cost_codes"),
        _record("company_users", "GET", "/rest/v1.0/companies/{company_id}/users"),
        _record("filter_options", "GET", "/rest/v1.0/a/{id}/x"),
        _record("filter_options", "GET", "/rest/v1.0/b/x"),
        _record("filter_options", "GET", "/rest/v1.0/c/y"),
    ]
    assert gen.nouns(records) == {
        "cost_codes": "cost_codes",
        "company_users": "users",
        "filter_options": "x",
    }


# -- disambiguation --------------------------------------------------------------------------


def _record(group: str, method: str, path: str, op_id: str | None = None) -> dict[str, Any]:
    version, segments = gen.split_path(path)
    prefix, rest = resource_segments(segments)
    return {
        "operation_id": op_id or f"{method} {path}",
        "group": group,
        "method": method,
        "path": path,
        "version": version,
        "prefix": prefix,
        "rest": rest,
    }


def _names(records: list[dict[str, Any]]) -> dict[str, str]:
    return {r["operation_id"]: f"{r['action']} {r['version']}" for r in records}


def test_method_rule_prefixes_path_words_with_a_verb() -> None:
    records = [
        _record("users", "GET", "/rest/v1.0/users/inactive", "a"),
        _record("users", "PATCH", "/rest/v1.0/users/inactive/{id}", "b"),
        _record("users", "GET", "/rest/v1.0/users/inactive/{id}", "c"),
        _record("users", "GET", "/rest/v1.0/users", "d"),
    ]
    rules = gen.name_operations(records, {})
    assert _names(records) == {
        "a": "list_inactive v1.0",
        "b": "update_inactive v1.0",
        "c": "retrieve_inactive v1.0",
        "d": "list v1.0",
    }
    assert rules == ["method: 3 operations renamed"]


def test_put_beside_patch_is_replace() -> None:
    records = [
        _record("contexts", "PATCH", "/rest/v1.0/contexts/{id}", "a"),
        _record("contexts", "PUT", "/rest/v1.0/contexts/{id}", "b"),
    ]
    gen.name_operations(records, {})
    assert _names(records) == {"a": "update v1.0", "b": "replace v1.0"}


def test_scope_rule_keeps_the_least_scoped_shape_in_every_version() -> None:
    records = [
        _record("timecard_entries", "GET", "/rest/v1.0/timecard_entries", "a"),
        _record(
            "timecard_entries", "GET", "/rest/v1.0/companies/{company_id}/timecard_entries", "b"
        ),
        _record(
            "timecard_entries", "GET", "/rest/v1.0/projects/{project_id}/timecard_entries", "c"
        ),
        # No clash at v1.1, yet the company shape is renamed there too: one name, one shape.
        _record(
            "timecard_entries", "GET", "/rest/v1.1/companies/{company_id}/timecard_entries", "d"
        ),
    ]
    gen.name_operations(records, {})
    assert _names(records) == {
        "a": "list v1.0",
        "b": "list_in_company v1.0",
        "c": "list_in_project v1.0",
        "d": "list_in_company v1.1",
    }


def test_scope_rule_leaves_shapes_that_never_clash() -> None:
    records = [
        _record("hooks", "GET", "/rest/v1.0/webhooks/hooks", "a"),
        _record("hooks", "GET", "/rest/v2.0/companies/{company_id}/webhooks/hooks", "b"),
        _record(
            "hooks",
            "GET",
            "/rest/v2.0/companies/{company_id}/projects/{project_id}/webhooks/hooks",
            "c",
        ),
    ]
    gen.name_operations(records, {})
    assert _names(records) == {"a": "list v1.0", "b": "list v2.0", "c": "list_in_project v2.0"}


def test_a_pinned_name_keeps_its_shape_and_the_flat_one_moves() -> None:
    records = [
        _record("company_users", "GET", "/rest/v1.0/users", "a"),
        _record("company_users", "GET", "/rest/v1.0/companies/{company_id}/users", "b"),
    ]
    gen.name_operations(records, {"b": "list"})
    assert _names(records) == {"a": "list_flat v1.0", "b": "list v1.0"}


def test_path_words_rule_adds_the_words_not_shared() -> None:
    records = [
        _record("checklists", "GET", "/rest/v1.0/projects/{project_id}/checklist/lists", "a"),
        _record(
            "checklists", "GET", "/rest/v1.0/projects/{project_id}/recycle_bin/checklist/lists", "b"
        ),
    ]
    gen.name_operations(records, {})
    assert _names(records) == {"a": "list v1.0", "b": "list_recycle_bin v1.0"}


def test_path_words_rule_uses_placeholders_when_the_words_are_the_same() -> None:
    records = [
        _record("direct_costs", "PATCH", "/rest/v1.0/direct_costs/line_items/sync", "a"),
        _record(
            "direct_costs", "PATCH", "/rest/v1.0/direct_costs/{direct_cost_id}/line_items/sync", "b"
        ),
    ]
    gen.name_operations(records, {})
    assert _names(records) == {"a": "sync v1.0", "b": "sync_direct_cost_id v1.0"}


def test_last_resort_numbers_by_path() -> None:
    # Same method, shape, scope and segments, only in another order: numbered by path.
    records = [
        _record("g", "POST", "/rest/v1.0/x/{a}/validate/{id}", "b"),
        _record("g", "POST", "/rest/v1.0/x/validate/{a}/{id}", "a"),
    ]
    rules = gen.name_operations(records, {})
    assert _names(records) == {"a": "update v1.0", "b": "update_2 v1.0"}
    assert rules == ["number: 1 operations renamed"]


def test_versions_fold_into_one_name() -> None:
    records = [
        _record("company_users", "PATCH", f"/rest/{v}/companies/{{company_id}}/users/{{id}}", v)
        for v in ("v1.0", "v1.1", "v1.2", "v1.3")
    ]
    assert gen.name_operations(records, {}) == []
    assert {r["action"] for r in records} == {"update"}
