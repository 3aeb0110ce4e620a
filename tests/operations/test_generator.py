"""Pure parts of ``scripts/generate_operations.py`` on inline operations (no ../shared)."""

from __future__ import annotations

from typing import Any

import pytest

from ._generator import generate_operations as gen

CONV = {
    "v1_max_per_page": 2000,
    "v1_default_per_page": 100,
    "v2_max_per_page": 100,
    "v2_default_per_page": 10,
    "page_start_default": 100,
}


def _param(name: str, where: str = "query", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": {"type": "integer"}, **extra}


def _paging(method: str, path: str, *params: dict[str, Any]) -> tuple[Any, ...]:
    op = {"method": method, "path": path, "parameters": list(params)}
    version, _ = gen.split_path(path)
    return gen.paging_of(op, gen.parameters(op, None), version, CONV)


def test_page_per_page_lists_take_the_documented_largest_page() -> None:
    v1 = _paging("GET", "/rest/v1.0/rfis", _param("page"), _param("per_page"))
    v2 = _paging("GET", "/rest/v2.0/companies/{company_id}/x", _param("page"), _param("per_page"))
    assert v1 == ("page", 2000, 100)
    assert v2 == ("page", 100, 10)


def test_a_declared_default_page_size_wins() -> None:
    per_page = _param("per_page", schema={"type": "integer", "default": 50})
    assert _paging("GET", "/rest/v1.0/x", _param("page"), per_page) == ("page", 2000, 50)


def test_a_declared_default_above_the_maximum_raises_the_largest_page() -> None:
    per_page = _param("per_page", schema={"type": "integer", "default": 5000})
    found = _paging("GET", "/rest/v2.0/companies/{company_id}/ids", _param("page"), per_page)
    assert found == ("page", 5000, 5000)


def test_page_start_scheme() -> None:
    found = _paging(
        "GET",
        "/rest/v1.0/webhooks/hooks/{hook_id}/deliveries",
        _param("page_size"),
        _param("page_start"),
    )
    assert found == ("page_start", None, 100)


def test_zero_based_pages_read_their_size_from_the_description() -> None:
    page = _param(
        "page",
        description="This is a **0-based index** ... Each page contains up to **400 items**.",
    )
    assert _paging("GET", "/rest/v1.0/workforce-planning/v2/x", page) == ("page0", 400, 400)


def test_one_record_and_writes_never_page() -> None:
    assert (
        _paging("GET", "/rest/v1.0/vendors/{id}", _param("page"), _param("per_page"))[0] == "none"
    )
    assert _paging("POST", "/rest/v1.0/vendors", _param("page"))[0] == "none"
    assert _paging("GET", "/rest/v1.0/me")[0] == "none"


def test_either_company_or_project_is_not_required() -> None:
    text = "Unique identifier for the company. You must supply either a company_id or project_id."
    op = {
        "parameters": [
            _param("company_id", required=True, description=text),
            _param("project_id", required=True, description=text),
            _param("contract_id", required=True),
        ]
    }
    assert [(q[0], q[4]) for q in gen.parameters(op, None)] == [
        ("company_id", False),
        ("project_id", False),
        ("contract_id", True),
    ]


def test_subset_parameters_win_but_keep_the_spec_enum() -> None:
    op = {"parameters": [_param("view", schema={"type": "string", "enum": ["compact", "normal"]})]}
    rich = {
        "query_params": [
            {"name": "view", "type": "string"},
            {"name": "filters[id]", "type": "array<integer>"},
        ]
    }
    assert gen.parameters(op, rich) == [
        ("view", "string", False, ("compact", "normal"), False),
        ("filters[id]", "integer", True, (), False),
    ]


def _body(**fields: Any) -> tuple[Any, ...] | None:
    return gen.body_fields({}, {"request_body": {"fields": fields, "required": list(fields)}})


@pytest.mark.parametrize(
    ("fields", "path", "wrapper"),
    [
        (
            {"company_id": "integer", "project": {"type": "object", "fields": {"name": "string"}}},
            "/projects",
            "project",
        ),
        (
            {"project_id": "integer", "updates": "array<object>"},
            "/work_order_contracts/sync",
            "updates",
        ),
        ({"reply": {"type": "object", "fields": {}}}, "/rfis/{rfi_id}/replies", "reply"),
        # Flat (REST v2 hooks): destination_headers is an attribute, not a wrapper.
        (
            {"destination_url": "string", "destination_headers": "object", "namespace": "string"},
            "/webhooks/hooks",
            None,
        ),
        # Named after no segment, but beside nothing but ids.
        (
            {"project_id": "integer", "contract_id": "integer", "change_order": "object"},
            "/change_order_packages",
            "change_order",
        ),
    ],
)
def test_wrapper(fields: dict[str, Any], path: str, wrapper: str | None) -> None:
    segments = [s for s in path.split("/") if s]
    assert gen.wrapper_of(_body(**fields), ["company_id", "project_id"], segments) == wrapper


def test_scope_travels_where_the_spec_puts_it() -> None:
    body = _body(
        company_id="integer", standard_cost_code_list_id="integer", updates="array<object>"
    )
    query = [("project_id", "integer", False, (), True), ("view", "string", False, (), False)]
    segments = ["work_order_contracts", "{work_order_contract_id}", "line_items", "{id}"]
    assert gen.scope_of(segments, query, body, "updates") == [
        ("work_order_contract_id", "path", True),
        ("project_id", "query", True),
        ("company_id", "body", True),
        ("standard_cost_code_list_id", "body", True),
    ]


def test_every_override_must_cite_a_source() -> None:
    overrides = {"aliases": {"vendors": {"group": "company_vendors", "source": " "}}}
    with pytest.raises(SystemExit, match=r"aliases\.vendors"):
        gen.check_sources(overrides)


def test_overrides_must_name_what_exists() -> None:
    records = [{"operation_id": "A", "group": "g", "action": "list", "version": "v1.0"}]
    overrides = {
        "names": {"B": {"action": "list"}},
        "operations": {"A": {"wraper": "x", "source": "doc: x"}},
        "aliases": {"x": {"group": "nope"}, "g": {"group": "other"}},
        "default_versions": {"g.list": {"version": "v9.0"}},
    }
    with pytest.raises(SystemExit) as caught:
        gen.check_overrides(overrides, records)
    text = str(caught.value)
    assert "names.B: no such operationId" in text
    assert "operations.A: unknown keys ['wraper']" in text
    assert "aliases.x: no group nope" in text
    assert "aliases.g hides the group of that name" in text
    assert "default_versions.g.list: no v9.0" in text


def test_render_names_is_one_sorted_line_per_operation() -> None:
    records = [
        {
            "group": "rfis",
            "action": "list",
            "version": "v1.0",
            "method": "GET",
            "path": "/p",
            "operation_id": "B",
        },
        {
            "group": "me",
            "action": "retrieve",
            "version": None,
            "method": "GET",
            "path": "/q",
            "operation_id": "A",
        },
    ]
    assert gen.render_names(records) == "me.retrieve - GET /q A\nrfis.list v1.0 GET /p B\n"


def test_docs_page_lists_each_name_once_by_area_with_its_versions() -> None:
    def record(version: str, method: str, path: str, summary: str, tag: str) -> dict[str, Any]:
        return {
            "group": "rfis",
            "action": "list",
            "version": version,
            "method": method,
            "path": path,
            "summary": summary,
            "tag": tag,
        }

    page = gen.render_docs(
        [
            record("v1.0", "GET", "/rest/v1.0/projects/{project_id}/rfis", "List RFIs", "PM/RFI"),
            record("v1.1", "GET", "/rest/v1.1/projects/{project_id}/rfis", "List | RFIs", "PM/RFI"),
        ]
    )
    assert "## PM\n" in page
    assert page.count("`rfis.list`") == 1
    assert "| `rfis.list` | v1.0, v1.1 | `GET /rest/v1.1/projects/{project_id}/rfis` |" in page
    assert "List \\| RFIs" in page  # a pipe in a summary cannot break the table
