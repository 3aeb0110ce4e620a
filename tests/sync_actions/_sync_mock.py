"""A small in-memory Sync endpoint for ``httpx.MockTransport`` (Sync match rules).

Items whose ``name`` is missing or blank are refused with a field message; an ``id`` that does
not exist is refused; otherwise the item is created or updated (matched by ``id``, then by
``origin_id``). Like Procore, the answer is always 200 with ``entities`` and ``errors``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from _support import Runner

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._sync_resources import AsyncSyncAction
from procore_sdk._blocking._sync_resources import SyncAction
from procore_sdk._sync_action_plan import SyncActionSpec


class MockSync:
    """Serves every ``.../sync`` path; records each request.

    Args:
        fail: call number (1-based) → status to answer instead of handling it.
        reverse: answer entities and errors in reverse order (to exercise matching).
        bare_array: answer a bare array of entities (the documented budget response).
    """

    def __init__(
        self,
        *,
        fail: dict[int, int] | None = None,
        reverse: bool = False,
        bare_array: bool = False,
        on_call: Callable[[int], None] | None = None,
    ) -> None:
        self.fail = dict(fail or {})
        self.reverse = reverse
        self.bare_array = bare_array
        self.on_call = on_call
        self.requests: list[httpx.Request] = []
        self.bodies: list[dict[str, Any]] = []
        self.by_id: dict[int, dict[str, Any]] = {}
        self.by_origin: dict[str, int] = {}
        self.next_id = 5_000_000_000  # above 2**32: ids stay ints

    @property
    def calls(self) -> int:
        return len(self.requests)

    def sent_origin_ids(self) -> list[Any]:
        return [item.get("origin_id") for body in self.bodies for item in _items(body)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content) if request.content else {}
        self.bodies.append(body)
        number = len(self.requests)
        if self.on_call is not None:
            self.on_call(number)
        status = self.fail.get(number)
        if status is not None:
            return httpx.Response(status, json={"errors": "boom"})
        items = _items(body)
        assert len(items) <= 1000, (
            "at most 1000 items per Sync call (Procore docs: Using Sync Actions)"
        )
        entities: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for item in items:
            outcome = self._apply(item)
            (errors if "errors" in outcome else entities).append(outcome)
        if self.reverse:
            entities.reverse()
            errors.reverse()
        if self.bare_array:
            return httpx.Response(200, json=entities)
        return httpx.Response(200, json={"entities": entities, "errors": errors})

    def _apply(self, item: dict[str, Any]) -> dict[str, Any]:
        if not item.get("name"):
            return {**item, "errors": {"name": ["can't be blank"]}}
        record_id = item.get("id")
        origin = item.get("origin_id")
        if record_id is not None:
            if record_id not in self.by_id:
                return {**item, "errors": {"id": ["Entity with this ID not found"]}}
        elif origin is not None and str(origin) in self.by_origin:
            record_id = self.by_origin[str(origin)]
        else:
            record_id = self.next_id
            self.next_id += 1
        record = {**self.by_id.get(record_id, {}), **item, "id": record_id}
        record.setdefault("origin_id", None)
        self.by_id[record_id] = record
        if record["origin_id"] is not None:
            self.by_origin[str(record["origin_id"])] = record_id
        return dict(record)


def _items(body: dict[str, Any]) -> list[dict[str, Any]]:
    items = body.get("updates", body.get("budget_line_items", []))
    assert isinstance(items, list)
    return items


def unwrap(client: Any) -> Procore | AsyncProcore:
    return getattr(client, "unwrapped", client)  # type: ignore[no-any-return]


def run(runner: Runner, client: Any, action: SyncActionSpec[Any], items: Any, **kw: Any) -> Any:
    """``action``'s public ``sync()`` on the client of the runner's flavour."""
    cls: type[Any] = AsyncSyncAction if runner.is_async else SyncAction
    return runner.run(cls(unwrap(client), action.name).sync(items, **kw))
