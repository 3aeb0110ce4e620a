"""The I/O half of the one call pipeline, through both clients (``httpx.MockTransport``)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from _support import Runner, SyncView

from procore_sdk import InvalidArgumentError, ResponseValidationError
from procore_sdk._async._calls import async_call_operation, async_list_operation
from procore_sdk._blocking._calls import call_operation, list_operation
from procore_sdk._pipeline import operation_for
from procore_sdk.models import Vendor


def _call(runner: Runner, client: Any, *args: Any, **kwargs: Any) -> Any:
    if runner.is_async:
        return runner.run(async_call_operation(client.unwrapped, *args, **kwargs))
    return call_operation(client, *args, **kwargs)


def _list(runner: Runner, client: Any, *args: Any, **kwargs: Any) -> Any:
    if runner.is_async:
        return SyncView(async_list_operation(client.unwrapped, *args, **kwargs), runner)
    return list_operation(client, *args, **kwargs)


def test_sync_action_places_company_in_body_header_and_structures(runner: Runner) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"entities": [{"id": 1}], "errors": []})

    client = runner.client(handler, company_id=42)
    op = operation_for("vendors", "sync")
    data = _call(runner, client, op, {}, body={"updates": [{"origin_id": "A"}]})
    assert data == {"entities": [{"id": 1}], "errors": []}
    request = seen[0]
    assert (request.method, request.url.path) == ("PATCH", "/rest/v1.0/vendors/sync")
    assert json.loads(request.content) == {"company_id": 42, "updates": [{"origin_id": "A"}]}
    assert request.headers["Procore-Company-Id"] == "42"


def test_explicit_none_company_sends_no_header_and_a_required_scope_is_named(
    runner: Runner,
) -> None:
    client = runner.client(lambda r: httpx.Response(200, json={}), company_id=42)
    with pytest.raises(InvalidArgumentError, match="company_id"):
        _call(runner, client, operation_for("vendors", "sync"), {}, company_id=None)


def test_v2_envelope_is_unwrapped_and_bad_json_is_a_validation_error(runner: Runner) -> None:
    bodies = [b'{"data": {"id": "7", "status": "active"}}', b"<html>oops</html>"]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=bodies.pop(0), headers={"Content-Type": "application/json"}
        )

    client = runner.client(handler, company_id=3)
    op = operation_for("webhooks.hooks", "retrieve", "v2.0")
    assert op.envelope == "data"
    assert _call(runner, client, op, {"id": "7"}) == {"id": "7", "status": "active"}
    with pytest.raises(ResponseValidationError):
        _call(runner, client, op, {"id": "7"})


def test_list_asks_for_the_largest_page_and_structures_records(runner: Runner) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"id": 1, "name": "A"}, {"id": 2, "name": "B"}])

    client = runner.client(handler, company_id=5)
    op = operation_for("vendors", "list")
    vendors = list(_list(runner, client, op, {}, model=Vendor))
    assert [v.name for v in vendors] == ["A", "B"]
    assert all(isinstance(v, Vendor) for v in vendors)
    params = seen[0].url.params
    assert params["company_id"] == "5"
    assert params["per_page"] == str(op.largest_page)
