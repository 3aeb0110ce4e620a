"""Every generated method, called once per version against the fake Procore, from both clients.

Each operation of the table is called through its typed method (``client.<group>.<action>``
with ``version=``), with the ids of records the fake holds and plausible required values; every
call must succeed and return what the method declares: a pager of the operation's model, the
model, a list of it, or ``None`` for a DELETE without a body.
"""

from __future__ import annotations

import inspect
from typing import Any

from _helpers.flavour import Flavour

from procore_sdk import _operations
from procore_sdk._operations._signature import Method, method, returns_of
from procore_sdk._sync_action_result import SyncOptions
from procore_sdk.testing import FakeProcore
from procore_sdk.testing._examples import example_call


def _order() -> list[_operations.Operation]:
    # Deletes last, so the records the other calls use are still there.
    ops = [op for op in _operations.operations() if op.version is not None]
    return sorted(ops, key=lambda op: (op.method == "DELETE", op.path, op.method))


def _arguments(m: Method, op: _operations.Operation, fake: FakeProcore) -> tuple[list[Any], dict]:
    call = example_call(fake, op)
    args: list[Any] = []
    kwargs: dict[str, Any] = {"version": op.version}
    for argument in m.arguments:
        wire = argument.wire(op.version)
        if wire is None:
            continue
        if argument.kind in ("id", "path", "scope"):
            # The example's path holds 1 where it knows no record (a hand route's own ids).
            if wire in call.values or argument.required:
                value = call.values.get(wire, 1)
                if argument.kind == "id" and argument.required:
                    args.append(value)
                else:
                    kwargs[argument.name] = value
        elif wire in call.params:
            kwargs[argument.name] = call.params[wire]
    if op.body is not None and call.json is not None:
        body = dict(call.json)
        for scope in op.scope:
            if scope.where == "body":
                body.pop(scope.name, None)  # the method places scope itself
        wrapper = op.body.wrapper
        data: Any = body
        if wrapper:
            # The wrapper's attributes, and fields the reference puts beside the wrapper.
            inner = body.pop(wrapper, {})
            if isinstance(inner, dict):
                data = {**inner, **body}
            else:  # a batch: the list alone, or the whole body when fields sit beside it
                data = {**body, wrapper: inner} if body else inner
        kwargs["data"] = data
    return args, kwargs


def _check(m: Method, op: _operations.Operation, result: Any) -> str | None:
    model = _operations.model_of(op)
    kind = m.returns if m.returns == "pager" else returns_of(op)
    if kind == "pager":
        items = list(result)
        wrong = [i for i in items if not isinstance(i, model or dict)]
        return f"pager items {wrong[:1]!r:.80}" if wrong else None
    if kind == "list" and model is not None:
        wrong = [i for i in result if not isinstance(i, model)]
        return f"list items {wrong[:1]!r:.80}" if wrong else None
    if kind == "object" and model is not None:
        ok = isinstance(result, model) or (result is None and op.method == "DELETE")
        return None if ok else f"not a {model.__name__}: {result!r:.80}"
    if kind == "object":
        ok = isinstance(result, dict) or (result is None and op.method == "DELETE")
        return None if ok else f"not a dict: {result!r:.80}"
    if op.method == "DELETE":
        return None if result is None else f"a DELETE answered {result!r:.80}"
    return None


def test_every_method_succeeds_and_returns_its_declared_type(flavour: Flavour) -> None:
    fake = FakeProcore(seed=7)
    token = fake.issue_token().access_token
    client = flavour.client(
        fake=fake, access_token=token, company_id=fake.company_id, base_url=fake.base_url
    )
    problems: dict[str, str] = {}
    called = 0
    for op in _order():
        m = method(op.group, op.action)
        bound = getattr(getattr(client, op.group), op.action)
        args, kwargs = _arguments(m, op, fake)
        # The async flavour wraps each method (SyncView); its signature is the wrapped one's.
        target = getattr(bound, "__sdk_target__", bound)
        params = inspect.signature(target).parameters
        if "items" in params:  # a Sync action: the Sync layer's own signature
            body = kwargs.pop("data", None)
            items = body if isinstance(body, list) and body else [{"origin_id": "x"}]
            takes = set(params) | set(SyncOptions.__annotations__)
            args, kwargs = [items], {k: v for k, v in kwargs.items() if k in takes}
        else:
            # A hand-written action that writes its own body (add/remove) takes no data.
            kwargs = {k: v for k, v in kwargs.items() if k in params or "unknown" in params}
            data = params.get("data")
            if (
                data is not None
                and data.kind is not inspect.Parameter.KEYWORD_ONLY
                and "data" in kwargs
            ):
                args.append(kwargs.pop("data"))
            if "log_date" in params and "log_date" not in kwargs and "start_date" not in kwargs:
                kwargs["log_date"] = fake.today()  # daily logs need a date (hand-written rule)
        try:
            result = bound(*args, **kwargs)
            if "items" in params:
                problem = None if result.total == len(args[0]) else f"sync: {result!r:.80}"
            else:
                problem = _check(m, op, result)
        except Exception as exc:  # the message names what failed
            problem = f"{type(exc).__name__}: {exc}"[:200]
        called += 1
        if problem:
            problems[f"{op.method} {op.path} ({op.name})"] = problem
    assert called == len(_operations.operations()) - 4  # all but OAuth's four
    assert problems == {}, f"{len(problems)} calls failed:\n" + "\n".join(
        f"{k}: {v}" for k, v in sorted(problems.items())
    )
