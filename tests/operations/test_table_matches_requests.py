"""What both clients send today, checked against the operation table.

Webhook management writes its paths, scope placement and body keys by hand in
``procore_sdk/_async/_webhooks.py`` (Sync actions already read the table). Each test drives the
sync or the async client against the fake Procore and checks every request it recorded against
the table: the request maps to one operation, every scope parameter it sends travels where the
table says, every scope parameter the table requires is sent, and a wrapped body carries the
table's wrapper key. So the next step can build these calls from the table alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from _helpers.flavour import Flavour

from procore_sdk._operations import Operation, operations
from procore_sdk.testing import FakeProcore
from procore_sdk.testing._app import RecordedRequest

URL = "https://hooks.example.com/procore"


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=5)


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, fake: FakeProcore) -> Iterator[Any]:
    flavour = Flavour(request.param)
    yield flavour.client(
        fake=fake,
        base_url=fake.base_url,
        company_id=fake.company_id,
        access_token=fake.issue_token().access_token,
    )
    flavour.close()


@cache
def _routes() -> list[tuple[re.Pattern[str], Operation]]:
    # Literal segments before placeholders, so ".../triggers/bulk" beats ".../triggers/{id}".
    ordered = sorted(operations(), key=lambda op: op.path.count("{"))
    return [(re.compile(re.sub(r"\{[^}]+\}", "[^/]+", op.path)), op) for op in ordered]


def _operation(request: RecordedRequest) -> Operation:
    for pattern, op in _routes():
        if op.method == request.method and pattern.fullmatch(request.path):
            return op
    raise AssertionError(f"no operation in the table for {request.method} {request.path}")


def _check(requests: list[RecordedRequest]) -> set[str]:
    """Check each request against its operation; return the operations seen."""
    seen = set()
    for request in requests:
        if not request.path.startswith("/rest/"):
            continue
        op = _operation(request)
        seen.add(op.name)
        scope = {(s.name, s.where) for s in op.scope}
        sent_query = {name for name, _ in request.query}
        body = request.json if isinstance(request.json, dict) else {}
        for name in sent_query:
            if name in ("company_id", "project_id"):
                assert (name, "query") in scope, (op.operation_id, name)
        for name in body:
            if name in ("company_id", "project_id"):
                assert (name, "body") in scope, (op.operation_id, name)
        for s in op.scope:
            if s.required and s.where == "query":
                assert s.name in sent_query, (op.operation_id, s.name)
            if s.required and s.where == "body":
                assert s.name in body, (op.operation_id, s.name)
        if op.body is not None and op.body.wrapper is not None and request.json is not None:
            assert op.body.wrapper in body, (op.operation_id, sorted(body))
            known = {f.name for f in op.body.fields} | {s.name for s in op.scope}
            assert set(body) <= known | {op.body.wrapper}, (op.operation_id, sorted(body))
    return seen


@pytest.mark.parametrize(
    ("version", "project"), [("v1.0", False), ("v1.0", True), ("v2.0", False), ("v2.0", True)]
)
def test_webhook_management_requests_match_the_table(
    client: Any, fake: FakeProcore, version: str, project: bool
) -> None:
    scope: dict[str, Any] = {"version": version}
    if project:
        scope["project_id"] = fake.project_id
    wh = client.webhooks
    hook = wh.hooks.create(namespace="acme", destination_url=URL, **scope)
    list(wh.hooks.list(**scope))
    wh.hooks.update(hook.id, destination_url=URL + "/2", **scope)
    trigger = wh.triggers.create(hook.id, "RFIs", "create", **scope)
    list(wh.triggers.list(hook.id, **scope))
    wh.triggers.delete(hook.id, trigger.id, **scope)
    if version == "v1.0":
        # v2.0 bulk bodies are unpublished (Procore's reference): the SDK creates one by one.
        result = wh.triggers.bulk_create(hook.id, [("RFIs", "update")], **scope)
        wh.triggers.bulk_delete(hook.id, [t.id for t in result.created], **scope)
    list(wh.deliveries.list(hook.id, **scope))
    wh.hooks.delete(hook.id, **scope)
    seen = _check(fake.requests)
    assert {"hooks.create", "hooks.list", "triggers.create", "deliveries.list"} <= {
        name.replace("_in_project", "") for name in seen
    }


def test_sync_requests_match_the_table(client: Any, fake: FakeProcore) -> None:
    client.vendors.sync([{"origin_id": "V1", "name": "One"}])
    client.projects.sync([{"origin_id": "P1", "name": "Project one"}])
    client.cost_codes.sync([{"origin_id": "C1", "code": "01"}], project_id=fake.project_id)
    seen = _check(fake.requests)
    assert {"company_vendors.sync", "projects.sync", "cost_codes.sync"} <= seen
