"""Generic REST actions of the fake Procore: list, show, create, update, delete (Procore docs: Using
Pagination; Filtering and Sorting on List Actions; Error Code Reference)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._pagination import link_header, parse_filters, record_matches, sort_records
from ._responses import FakeResponse, to_v2
from ._seed import MONEY_STRING_FIELDS, iso, schema_for, view_for

if TYPE_CHECKING:
    from ._app import FakeProcore, _Ctx

__all__ = ["DAILY_LOGS", "REQUIRED_ON_CREATE", "apply_attrs", "run_action", "validate"]

DAILY_LOGS = frozenset({"manpower_logs", "notes_logs", "weather_logs", "work_logs"})

# Simple, documented create rules (a test can replace them via ``fake.validators``).
REQUIRED_ON_CREATE: dict[str, tuple[str, ...]] = {
    "vendors": ("name",),
    "project_vendors": ("name",),
    "projects": ("name",),
    "company_users": ("last_name", "email_address"),
    "cost_codes": ("code",),
    "standard_cost_codes": ("code",),
    "line_item_types": ("name",),
    "rfis": ("subject",),
    "punch_items": ("name",),
    "observations": ("name",),
}


def run_action(ctx: _Ctx) -> FakeResponse:
    """Run the route's action on its collection."""
    action = ctx.route.action
    scope = _scope(ctx)
    if isinstance(scope, tuple):
        return ctx.err(*scope)
    if action == "list":
        return _list(ctx, scope)
    if action == "create":
        return _create(ctx, scope)
    return _item(ctx, scope)


def _scope(ctx: _Ctx) -> int | tuple[int, Any] | None:
    """The scope value of the request, ``None`` when optional and absent, or an error."""
    route = ctx.route
    coll = ctx.fake.collections[route.collection]
    raw: Any = None
    if route.scope_in == "none":
        return 0
    if route.scope_in == "header":
        return ctx.company
    if route.scope_in == "path":
        raw = ctx.params.get(route.scope or "")
    if raw is None and route.scope:
        raw = ctx.body.get(route.scope) if route.scope_in == "body" else None
        raw = raw if raw is not None else ctx.q(route.scope)
        # Liberal reading (Procore docs: Using Sync Actions): accept the scope in the body as well
        # as the query, and inside the create/update wrapper.
        if raw is None:
            raw = ctx.body.get(route.scope)
        wrapped = ctx.body.get(route.wrapper or "")
        if raw is None and isinstance(wrapped, dict):
            raw = wrapped.get(route.scope)
    if raw is None:
        if route.action in ("show", "update", "delete", "remove", "recycle"):
            return None
        if coll.parent == "companies" and ctx.company is not None:
            return ctx.company
        return (400, {route.scope or "scope": ["is missing"]})
    try:
        scope = int(raw)
    except (TypeError, ValueError):
        return (400, {route.scope or "scope": ["is invalid"]})
    owner = ctx.fake.company_of(route.collection, scope)
    # Records the caller may not see are 404, not 403 (Procore docs: Error Code Reference).
    if owner is None or (ctx.company is not None and owner != ctx.company):
        return (404, "Not Found")
    return scope


def _render(ctx: _Ctx, record: dict[str, Any]) -> dict[str, Any]:
    route = ctx.route
    view = view_for(route.method, route.template, route.collection)
    if view is not None:
        record = view(record)
    return to_v2(record) if route.is_v2 else record


def _wrap(ctx: _Ctx, data: Any) -> Any:
    return {"data": data} if ctx.route.is_v2 else data


def _list(ctx: _Ctx, scope: int | None) -> FakeResponse:
    fake = ctx.fake
    route = ctx.route
    coll = fake.collections[route.collection]
    ids = coll.ids(scope or 0)
    filters = parse_filters(ctx.query)
    include_deleted = (filters.get("include_deleted") or [""])[0]
    sort_spec = _sort_spec(ctx)
    day_range = _daily_range(ctx) if route.collection in DAILY_LOGS else None
    only_installed = route.collection == "companies"
    fast = not (filters or sort_spec or day_range or only_installed or ids.hidden)
    page = per_page = total = 0
    if route.paginated:
        assert route.per_page_default is not None
        assert route.per_page_max is not None
        try:
            page = max(int(ctx.q("page") or 1), 1)
            per_page = int(ctx.q("per_page") or route.per_page_default)
        except ValueError:
            return ctx.err(400, "page and per_page must be integers")
        # Per-endpoint maxima (procore_sdk._limits; Procore docs: Using Pagination).
        per_page = min(max(per_page, 1), route.per_page_max)
    if fast:
        total = len(ids)
        if route.paginated:
            start = (page - 1) * per_page
            records = coll.get_many(ids.slice(start, start + per_page))
        else:
            records = coll.get_many(list(ids))
    else:
        records = []
        for rec in coll.get_many(list(ids)):
            deleted = rec.get("deleted_at") is not None
            if include_deleted == "only" and not deleted:
                continue
            if deleted and include_deleted not in ("with", "only"):
                continue
            if only_installed and rec["id"] not in fake.installed_companies:
                continue
            if day_range is not None and not (day_range[0] <= str(rec.get("date")) <= day_range[1]):
                continue
            if filters and not record_matches(rec, filters):
                continue
            records.append(rec)
        if sort_spec:
            sort_records(records, sort_spec)
        total = len(records)
        if route.paginated:
            start = (page - 1) * per_page
            records = records[start : start + per_page]
    headers: dict[str, str] = {}
    if route.paginated:
        headers["Total"] = str(total)
        headers["Per-Page"] = str(per_page)
        path = route.regex.pattern and _request_path(ctx)
        link = link_header(ctx.origin, path, ctx.query, page, per_page, total)
        if link or route.is_v2:
            headers["Link"] = link
    return ctx.json(200, _wrap(ctx, [_render(ctx, r) for r in records]), headers)


def _request_path(ctx: _Ctx) -> str:
    template = ctx.route.template
    for key, value in ctx.params.items():
        template = template.replace("{" + key + "}", value)
    return template


def _daily_range(ctx: _Ctx) -> tuple[str, str]:
    # log_date, or start_date + end_date; nothing -> only today's logs (Procore docs: Filtering and
    # Sorting on List Actions; Working with Daily Logs).
    log_date = ctx.q("log_date")
    if log_date:
        return log_date, log_date
    start, end = ctx.q("start_date"), ctx.q("end_date")
    if start or end:
        return start or "0000-00-00", end or "9999-12-31"
    today = ctx.fake.today()
    return today, today


def _sort_spec(ctx: _Ctx) -> list[tuple[str, bool]]:
    # RFIs use sort[attribute] / sort[direction]; others sort=a,-b (Procore docs: Filtering and
    # Sorting on List Actions).
    attribute = ctx.q("sort[attribute]")
    if attribute:
        return [(attribute, (ctx.q("sort[direction]") or "asc").lower() == "desc")]
    raw = ctx.q("sort")
    if not raw:
        return []
    out = []
    for part in raw.split(","):
        part = part.strip()
        if part:
            out.append((part.lstrip("-"), part.startswith("-")))
    return out


def _find(ctx: _Ctx, scope: int | None) -> tuple[int, dict[str, Any]] | FakeResponse:
    coll = ctx.fake.collections[ctx.route.collection]
    try:
        rid = int(ctx.params.get("id", ""))
    except ValueError:
        return ctx.err(404, "Not Found")
    record = coll.get(rid)
    owner_scope = coll.scope_of(rid)
    if record is None or owner_scope is None:
        return ctx.err(404, "Not Found")
    if scope is not None and owner_scope != scope and ctx.route.collection != "projects":
        return ctx.err(404, "Not Found")
    owner = ctx.fake.company_of(ctx.route.collection, owner_scope)
    if ctx.route.collection == "projects":
        owner = owner_scope
    if owner is None or (ctx.company is not None and owner != ctx.company):
        return ctx.err(404, "Not Found")
    return rid, record


def _item(ctx: _Ctx, scope: int | None) -> FakeResponse:
    found = _find(ctx, scope)
    if not isinstance(found, tuple):
        return found
    rid, record = found
    fake = ctx.fake
    coll = fake.collections[ctx.route.collection]
    action = ctx.route.action
    if action == "show":
        return ctx.json(200, _wrap(ctx, _render(ctx, record)))
    owner_scope = coll.scope_of(rid) or 0
    if action == "update":
        attrs_ = _body_attrs(ctx)
        errors = validate(fake, ctx.route.collection, attrs_, record)
        company = fake.company_of(ctx.route.collection, owner_scope) or 0
        errors.update(_origin_conflict(fake, ctx.route.collection, company, attrs_, rid))
        if errors:
            return (
                ctx.err(422, errors) if not ctx.route.is_v2 else ctx.err(422, "Validation failed")
            )
        stored = coll.materialize(rid)
        assert stored is not None
        apply_attrs(fake, ctx.route.collection, stored, attrs_, company)
        fake.webhooks.emit(ctx.route.collection, "update", rid, owner_scope, ctx.token.user_id)
        return ctx.json(200, _wrap(ctx, _render(ctx, stored)))
    stored = coll.materialize(rid)
    assert stored is not None
    if action == "recycle" or (action == "delete" and "deleted_at" in stored):
        stored["deleted_at"] = iso(fake.now())
        coll.hide(rid, remove=False)
    else:
        coll.hide(rid, remove=True)
    fake.webhooks.emit(ctx.route.collection, "delete", rid, owner_scope, ctx.token.user_id)
    if action == "recycle":
        return ctx.json(200, _render(ctx, stored))
    # 204 on (many) deletes (Procore docs: Error Code Reference).
    return ctx.empty(204)


def _body_attrs(ctx: _Ctx) -> dict[str, Any]:
    wrapper = ctx.route.wrapper
    if wrapper and isinstance(ctx.body.get(wrapper), dict):
        return dict(ctx.body[wrapper])
    # v2 bodies are flat; be liberal with unwrapped v1 bodies too.
    skip = {ctx.route.scope, "company_id", "project_id"} if wrapper else set()
    return {k: v for k, v in ctx.body.items() if k not in skip}


def _create(ctx: _Ctx, scope: int | None) -> FakeResponse:
    fake = ctx.fake
    name = ctx.route.collection
    if scope is None:
        return ctx.err(400, {ctx.route.scope or "scope": ["is missing"]})
    attrs_ = _body_attrs(ctx)
    company = fake.company_of(name, scope) or 0
    errors = validate(fake, name, attrs_, None)
    errors.update(_origin_conflict(fake, name, company, attrs_, None))
    if errors:
        return ctx.err(422, errors) if not ctx.route.is_v2 else ctx.err(422, "Validation failed")
    record = create_record(fake, name, scope, attrs_)
    fake.webhooks.emit(name, "create", record["id"], scope, ctx.token.user_id)
    return ctx.json(201, _wrap(ctx, _render(ctx, record)))


def create_record(
    fake: FakeProcore, name: str, scope: int, attrs_: dict[str, Any]
) -> dict[str, Any]:
    """Store a new record built from the schema template and the given attributes."""
    coll = fake.collections[name]
    record = coll.create(scope, {})
    rid = record["id"]
    record.update(coll.template(rid))
    if coll.decorate is not None:
        coll.decorate(record, scope)
    now = iso(fake.now())
    for key in ("origin_id", "origin_data", "origin_code", "deleted_at"):
        if key in record:
            record[key] = None
    record["created_at"] = now
    apply_attrs(fake, name, record, attrs_, fake.company_of(name, scope) or 0)
    record["id"] = rid
    return record


def apply_attrs(
    fake: FakeProcore, name: str, record: dict[str, Any], attrs_: dict[str, Any], company: int
) -> None:
    """Write attributes onto a stored record (money as v1 strings; Procore API reference: schemas)
    and touch it."""
    old_origin = record.get("origin_id")
    schema = schema_for(name)
    for key, value in attrs_.items():
        if key == "id":
            continue
        # Money is a string in v1 responses where the schema says so (Procore API reference:
        # schemas).
        if (
            key in MONEY_STRING_FIELDS
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
            and str(schema.get(key, "string")).startswith("string")
        ):
            value = f"{value:.2f}"
        record[key] = value
    record["updated_at"] = iso(fake.now())
    new_origin = record.get("origin_id")
    if new_origin != old_origin:
        index = fake.origin_index(name, company)
        if old_origin is not None:
            index.pop(str(old_origin), None)
        if new_origin is not None:
            index[str(new_origin)] = record["id"]


def validate(
    fake: FakeProcore, name: str, attrs_: dict[str, Any], existing: dict[str, Any] | None
) -> dict[str, list[str]]:
    """Item errors ``{field: [messages]}``: the collection's validator, else required fields."""
    custom = fake.validators.get(name)
    if custom is not None:
        return dict(custom(attrs_, existing))
    if existing is not None:
        return {}
    return {
        field: ["can't be blank"]
        for field in REQUIRED_ON_CREATE.get(name, ())
        if attrs_.get(field) in (None, "")
    }


def _origin_conflict(
    fake: FakeProcore, name: str, company: int, attrs_: dict[str, Any], rid: int | None
) -> dict[str, list[str]]:
    origin = attrs_.get("origin_id")
    if origin is None:
        return {}
    # origin_id is unique within a company (Procore docs: Using Sync Actions; Error Code Reference).
    owner = fake.origin_index(name, company).get(str(origin))
    if owner is not None and owner != rid:
        return {"origin_id": ["has already been taken"]}
    return {}
