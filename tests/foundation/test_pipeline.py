"""The pure steps of the one call pipeline, without HTTP."""

from __future__ import annotations

import pytest

from procore_sdk import UNSET, InvalidArgumentError
from procore_sdk._operations import Operation, RequestBody, ResponseShape, ScopeParam
from procore_sdk._pipeline import (
    build_options,
    operation_for,
    place_scope,
    resolve_company,
    unwrap,
)


def _op(
    path: str, *scope: ScopeParam, method: str = "GET", envelope: str | None = None
) -> Operation:
    return Operation(
        operation_id="X",
        method=method,
        path=path,
        version="v1.0",
        group="things",
        action="list",
        summary="",
        tag="",
        scope=scope,
        path_params=(),
        query=(),
        filters=(),
        body=None if method == "GET" else RequestBody(False, None, (), ()),
        response=ResponseShape("array", True),
        paging="page",
        largest_page=1000,
        default_page=None,
        sort="none",
        envelope=envelope,
        concurrent=True,
    )


def test_explicit_company_wins_and_none_means_none() -> None:
    assert resolve_company(UNSET, 7) == 7
    assert resolve_company(9, 7) == 9
    assert resolve_company(None, 7) is None


def test_scope_goes_where_the_operation_says() -> None:
    op = _op(
        "/rest/v1.0/projects/{project_id}/things/{id}",
        ScopeParam("project_id", "path", True),
        ScopeParam("company_id", "query", True),
        ScopeParam("sub_job_id", "body", False),
        method="PATCH",
    )
    placed = place_scope(
        op,
        {"project_id": 5, "id": "a/b", "company_id": 3, "sub_job_id": 8},
        query={"view": "extended"},
        body={"thing": {"name": "x"}},
    )
    assert placed.path == "/rest/v1.0/projects/5/things/a%2Fb"  # a value never adds a segment
    assert placed.query == {"view": "extended", "company_id": 3}
    assert placed.body == {"sub_job_id": 8, "thing": {"name": "x"}}


def test_a_missing_required_scope_names_the_argument() -> None:
    op = _op("/rest/v1.0/vendors", ScopeParam("company_id", "query", True))
    with pytest.raises(InvalidArgumentError, match="company_id") as info:
        place_scope(op, {"company_id": None})
    assert info.value.argument == "company_id"
    with pytest.raises(InvalidArgumentError, match="project_id"):
        place_scope(_op("/rest/v1.0/projects/{project_id}/rfis"), {})


def test_an_optional_scope_left_out_is_not_sent() -> None:
    op = _op("/rest/v1.0/cost_codes", ScopeParam("sub_job_id", "query", False))
    assert place_scope(op, {}).query == {}


def test_options_carry_the_call_settings() -> None:
    op = _op("/rest/v1.0/vendors", ScopeParam("company_id", "query", True))
    options = build_options(op, place_scope(op, {"company_id": 4}), company_id=4, timeout=5)
    assert (options.method, options.url, options.params) == (
        "GET",
        "/rest/v1.0/vendors",
        {"company_id": 4},
    )
    assert options.company_id == 4
    assert options.timeout == 5.0


def test_envelope_is_unwrapped_only_where_the_operation_has_one() -> None:
    v2 = _op("/rest/v2.0/companies/{company_id}/things", envelope="data")
    assert unwrap(v2, {"data": [1]}) == [1]
    assert unwrap(v2, [1]) == [1]  # liberal: a bare body is read as is
    assert unwrap(_op("/rest/v1.0/things"), {"data": [1]}) == {"data": [1]}


def test_vendors_sync_is_one_table_row_with_company_in_the_body() -> None:
    op = operation_for("vendors", "sync")
    assert (op.method, op.path) == ("PATCH", "/rest/v1.0/vendors/sync")
    placed = place_scope(op, {"company_id": 12}, body={"updates": []})
    assert placed.body == {"company_id": 12, "updates": []}
    assert operation_for("vendors", "sync", 1.0) == operation_for("vendors", "sync", "v1.0")
