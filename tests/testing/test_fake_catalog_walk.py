"""The fake Procore serves every operation of the operation table, through both clients.

Each of the 2,636 operations is called once with raw requests through the SDK
(``client.request``, and ``client.paginate`` for paged lists) against one in-process fake: path
placeholders hold ids of records the fake holds, required query and body fields plausible values.
Every call must succeed with the body the table declares (array, object or none, inside REST
v2's ``data`` envelope), and bodies of operations with a model must read into that model.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from _helpers.flavour import Flavour

from procore_sdk import _operations
from procore_sdk._pipeline import unwrap
from procore_sdk._serde import structure
from procore_sdk.testing import FakeProcore
from procore_sdk.testing._examples import example_call
from procore_sdk.testing._routes import match_route

# Hand-written routes whose body differs from what the reference declares; they keep their
# behaviour (their own tests state it), so the walk accepts it.
HAND_WRITTEN_DIFFERENCES = {
    # A Sync answers {"entities", "errors"} (Procore docs: Using Sync Actions); the table says
    # array.
    "POST /rest/v1.0/budget_line_items/sync",
    # The recycled RFI comes back; the reference declares no body.
    "PATCH /rest/v1.0/projects/{project_id}/rfis/{id}/recycle",
    # Line item shows send the line item; the reference declares no body.
    "GET /rest/v1.0/purchase_order_contracts/{purchase_order_contract_id}/line_items/{id}",
    "GET /rest/v1.0/work_order_contracts/{work_order_contract_id}/line_items/{id}",
    # Deletes answer 204 (Procore docs: Error Code Reference); the reference declares an object.
    "DELETE /rest/v1.0/projects/{project_id}/direct_costs/{id}",
    "DELETE /rest/v1.0/standard_cost_codes/{id}",
    # Direct uploads answer the upload (uuid, url and fields or segments, status) (Procore docs:
    # Working with Direct File Uploads); the reference declares no body.
    *(
        f"{method} /rest/v1.{v}/{scope}/uploads{tail}"
        for v in (0, 1)
        for scope in ("companies/{company_id}", "projects/{project_id}")
        for method, tail in (("POST", ""), ("GET", "/{uuid}"), ("PATCH", "/{uuid}"))
    ),
    # An image show sends the image; the reference declares no body.
    "GET /rest/v1.0/images/{id}",
}


def _walk_order() -> list[_operations.Operation]:
    # Deletes last, so the records other calls use are still there.
    ops = [op for op in _operations.operations() if op.path.startswith("/rest/")]
    return sorted(ops, key=lambda op: (op.method == "DELETE", op.path, op.method))


def _problem(op: _operations.Operation, body: Any) -> str | None:
    """What is wrong with a 2xx body for ``op``, or ``None``."""
    kind = op.response.kind
    inner = unwrap(op, body)
    if kind == "none":
        return None if body is None else f"a body where none is declared: {body!r:.80}"
    if kind == "array" and not isinstance(inner, list):
        return f"not an array: {body!r:.80}"
    if kind == "object" and not isinstance(body, dict):
        return f"not an object: {body!r:.80}"
    if op.envelope and kind == "array" and not (isinstance(body, dict) and op.envelope in body):
        return f"no {op.envelope!r} envelope: {body!r:.80}"
    model = _operations.model_of(op)
    if model is not None and isinstance(inner, (dict, list)):
        for item in inner if isinstance(inner, list) else [inner]:
            try:
                structure(item, model)
            except Exception as exc:  # the message names the field
                return f"not a {model.__name__}: {exc}"
    return None


def test_every_operation_is_served_with_its_declared_shape(flavour: Flavour) -> None:
    fake = FakeProcore(seed=4)
    token = fake.issue_token().access_token
    client = flavour.client(
        fake=fake, access_token=token, company_id=fake.company_id, base_url=fake.base_url
    )
    ops = _walk_order()
    problems: dict[str, str] = {}
    paged = 0
    for op in ops:
        call = example_call(fake, op)
        key = f"{op.method} {op.path}"
        try:
            body = client.request(call.method, call.path, params=call.params, json=call.json)
        except Exception as exc:
            problems[key] = f"{type(exc).__name__}: {exc}"
            continue
        problem = None if key in HAND_WRITTEN_DIFFERENCES else _problem(op, body)
        if problem is None and op.paging == "page" and isinstance(unwrap(op, body), list):
            # The SDK's pager reads the list the same way, envelope and headers included.
            items = list(client.paginate(call.path, params=call.params))
            paged += 1
            # A full listing asks for the largest page, so it holds at least the first page.
            if len(items) < len(unwrap(op, body)) or not all(isinstance(i, dict) for i in items):
                problem = f"paginate gave {len(items)} items, the page {len(unwrap(op, body))}"
        if problem is not None:
            problems[key] = problem
    assert len(ops) == len(_operations.operations()) - 4  # all but /oauth/*, served by OAuth
    assert paged > 500
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_accepted_differences_are_hand_written_operations_of_the_table() -> None:
    # A stale entry (a renamed path, or a difference moved to the generic routes) fails here.
    known = {f"{op.method} {op.path}" for op in _operations.operations()}
    assert known >= HAND_WRITTEN_DIFFERENCES
    for key in HAND_WRITTEN_DIFFERENCES:
        method, path = key.split(" ")
        assert isinstance(match_route(method, re.sub(r"\{[^}]+\}", "1", path)), tuple), key


@pytest.mark.parametrize("seed", [0, 7])
def test_example_calls_name_every_path_and_scope_value(seed: int) -> None:
    fake = FakeProcore(seed=seed)
    for op in _walk_order()[::97]:
        call = example_call(fake, op)
        assert "{" not in call.path
        names = set(_operations_placeholders(op.path)) | {s.name for s in op.scope}
        assert set(call.values) == names
        for param in op.query:
            if param.required:
                assert param.name in call.params


def _operations_placeholders(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)
