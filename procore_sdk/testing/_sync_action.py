"""Sync actions (batch upsert) of the fake Procore (Procore docs: Using Sync Actions).

Documented choices where Procore is silent or contradictory:

* more than 1000 items -> **413** (the limit of Procore docs: Using Sync Actions; the API reference
  lists 413 for standard cost codes);
* a body without the item list -> 400; item failures are always HTTP 200 with ``errors``;
* direct costs and direct cost line items answer **409** while another Sync of the same project
  is in flight (``FakeProcore.sync_in_flight``; Procore docs: Using Sync Actions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._resources import _render, _scope, apply_attrs, create_record, validate
from ._responses import FakeResponse

if TYPE_CHECKING:
    from ._app import _Ctx

__all__ = ["MAX_SYNC_ITEMS", "run_sync"]

# Maximum 1000 items per call (Procore docs: Using Sync Actions).
MAX_SYNC_ITEMS = 1000
_NO_CONCURRENCY = frozenset({"direct_costs", "direct_cost_line_items"})
# Change order syncs need contract_id in the query (Procore docs: Using Sync Actions).
_NEEDS_CONTRACT = frozenset({"potential_change_orders", "change_order_requests"})


def run_sync(ctx: _Ctx) -> FakeResponse:
    """Apply a Sync request and answer ``{"entities": [...], "errors": [...]}`` (Procore docs: Using
    Sync Actions)."""
    route = ctx.route
    items = ctx.body.get(route.wrapper or "updates")
    if not isinstance(items, list):
        return ctx.err(400, {route.wrapper or "updates": ["is missing"]})
    if len(items) > MAX_SYNC_ITEMS:
        return ctx.err(413, f"A maximum of {MAX_SYNC_ITEMS} items may be synced per request")
    if route.collection in _NEEDS_CONTRACT and not (
        ctx.q("contract_id") or ctx.body.get("contract_id")
    ):
        return ctx.err(400, {"contract_id": ["is missing"]})
    scope = _scope(ctx)
    if isinstance(scope, tuple):
        return ctx.err(*scope)
    if scope is None:
        return ctx.err(400, {route.scope or "scope": ["is missing"]})
    key = (route.collection, scope)
    if route.collection in _NO_CONCURRENCY:
        # Direct cost syncs "do not support concurrent requests" -> 409 (Procore API reference:
        # Sync Direct Cost Items; Sync Direct Cost Line Items).
        if key in ctx.fake.sync_in_flight:
            return ctx.err(409, "Another sync request is in progress")
        ctx.fake.sync_in_flight.add(key)
    try:
        entities, errors = _apply(ctx, scope, items)
    finally:
        if route.collection in _NO_CONCURRENCY:
            ctx.fake.sync_in_flight.discard(key)
    return ctx.json(200, {"entities": entities, "errors": errors})


def _apply(
    ctx: _Ctx, scope: int, items: list[Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fake = ctx.fake
    name = ctx.route.collection
    coll = fake.collections[name]
    company = fake.company_of(name, scope) or 0
    origins = fake.origin_index(name, company)
    entities: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            errors.append({"item": item, "errors": {"base": ["must be an object"]}})
            continue
        rid, origin = item.get("id"), item.get("origin_id")
        if isinstance(rid, str) and rid.isdigit():
            rid = int(rid)  # be liberal: v2-style string ids
        target: int | None = None
        # Match rules (Procore docs: Using Sync Actions): id wins (and is the only way to change
        # origin_id), then origin_id.
        if rid is not None:
            if not isinstance(rid, int) or coll.get(rid) is None or coll.scope_of(rid) != scope:
                errors.append({**item, "errors": {"id": ["Entity with this ID not found"]}})
                continue
            target = rid
        elif origin is not None and str(origin) in origins:
            target = origins[str(origin)]
            if coll.scope_of(target) != scope:
                errors.append({**item, "errors": {"origin_id": ["has already been taken"]}})
                continue
        existing = coll.get(target) if target is not None else None
        problems = validate(fake, name, item, existing)
        if origin is not None and target is not None:
            owner = origins.get(str(origin))
            if owner is not None and owner != target:
                problems["origin_id"] = ["has already been taken"]
        if problems:
            errors.append({**item, "errors": problems})
            continue
        if target is None:
            record = create_record(fake, name, scope, item)
            event = "create"
        else:
            stored = coll.materialize(target)
            assert stored is not None
            apply_attrs(fake, name, stored, item, company)
            record, event = stored, "update"
        fake.webhooks.emit(name, event, record["id"], scope, ctx.token.user_id)
        entities.append(_render(ctx, record))
    return entities, errors
