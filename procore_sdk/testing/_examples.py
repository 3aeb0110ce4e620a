"""An example call of any operation against a fake: a concrete path with ids of records the fake
holds, the required query parameters and a body with plausible values.

Used by tests that drive every operation of the table (raw requests, or a typed method with
``values`` as its keyword arguments); it reaches into the fake's state to find or make the
records a call needs, so it never goes through HTTP.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs

from .._operations import BodyField, Operation, Param
from ._app import _literal_elsewhere
from ._routes import COLLECTION_PARENTS, match_route

if TYPE_CHECKING:
    from ._app import FakeProcore
    from ._routes import Route

__all__ = ["ExampleCall", "example_call"]

_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


@attrs.frozen
class ExampleCall:
    """One call of an operation that the fake answers with a 2xx.

    Attributes:
        method: HTTP method.
        path: the concrete path (``/rest/v1.0/projects/2900000001/rfis/5000000001``).
        params: query parameters: scope in the query and the required ones.
        json: the request body, or ``None``.
        values: every path and scope value by name (``project_id``, ``id``...), as a typed
            method takes them.
    """

    method: str
    path: str
    params: dict[str, Any]
    json: Any
    values: dict[str, Any]


def _plain_value(name: str, kind: str, is_array: bool, enum: tuple[str, ...] = ()) -> Any:
    """A plausible value of a parameter or body field of the reference's type."""
    if is_array:
        item = _plain_value(name, kind, False, enum)
        return [] if kind in ("object", "any") else [item]
    if enum:
        return enum[0]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind in ("object", "any"):
        return {}
    if "email" in name:
        return "someone@example.com"
    if "url" in name:
        return "https://example.com/hook"
    if name.endswith(("date", "_on")):
        return "2024-01-02"
    if name.endswith("_at"):
        return "2024-01-02T03:04:05Z"
    return f"Example {name.replace('_', ' ')}"


def _fields(fields: tuple[BodyField, ...], skip: set[str]) -> dict[str, Any]:
    return {f.name: _plain_value(f.name, f.type, f.is_array) for f in fields if f.name not in skip}


def _query_value(param: Param) -> Any:
    if param.type == "object" and not param.is_array:
        # An object travels as name[key]=value; an empty one would not travel at all.
        return {"id": 1}
    return _plain_value(param.name, param.type, param.is_array, param.enum)


def example_call(fake: FakeProcore, op: Operation) -> ExampleCall:
    """A call of ``op`` the fake answers with a 2xx (records it needs are found or made)."""
    values: dict[str, Any] = {"company_id": fake.company_id, "project_id": fake.project_id}
    # The route the fake picks for this operation (the same rule as the fake's dispatch).
    dummy = _PLACEHOLDER.sub("0", op.path)
    found = match_route(op.method, dummy)
    hand: Route | None = None
    if isinstance(found, tuple) and not _literal_elsewhere(op.method, dummy, *found):
        hand = found[0]
    names = _PLACEHOLDER.findall(op.path)
    if hand is not None:
        # The hand-written route may name a placeholder otherwise ({id} for {prime_contract_id}).
        renames = {
            mine[1:-1]: theirs[1:-1]
            for mine, theirs in zip(hand.template.split("/"), op.path.split("/"), strict=False)
            if mine.startswith("{") and theirs.startswith("{")
        }
        hand_names = list(renames) + [n for n in names if n not in renames.values()]
        _hand_values(fake, op, hand, hand_names, values)
        for mine, theirs in renames.items():
            if mine in values:
                values[theirs] = values[mine]
    else:
        for name in names:
            values.setdefault(name, 1)
    path = _fill(op.path, values)
    params: dict[str, Any] = {}
    body: dict[str, Any] | None = None if op.body is None else {}
    for scope in op.scope:
        value = values.get(scope.name, 1)
        values.setdefault(scope.name, value)
        if scope.where == "query":
            params[scope.name] = value
        elif scope.where == "body" and body is not None:
            body[scope.name] = value
    for param in (*op.query, *op.filters):
        if param.required and param.name not in params:
            params[param.name] = _query_value(param)
    if op.body is not None and body is not None:
        wrapper = op.body.wrapper
        required = tuple(f for f in op.body.fields if f.required and f.name != wrapper)
        body.update(_fields(required, set(body)))
        if wrapper:
            wanted = tuple(f for f in op.body.wrapped_fields if f.required)
            attributes = _fields(wanted, set())
            if hand is not None:
                # The hand-written routes' create rules (fake.validators, REQUIRED_ON_CREATE).
                from ._resources import REQUIRED_ON_CREATE

                for name in REQUIRED_ON_CREATE.get(hand.collection, ()):
                    attributes[name] = _plain_value(name, "string", False)
            is_list = any(f.name == wrapper and f.is_array for f in op.body.fields)
            body[wrapper] = [attributes] if is_list else attributes
        if hand is not None and hand.action == "sync" and hand.wrapper:
            # A Sync body is a list of records (Procore docs: Using Sync Actions).
            items = body.get(hand.wrapper)
            body[hand.wrapper] = items if isinstance(items, list) else [items or {}]
    _fix_hand_body(op, hand, body, params)
    if hand is not None and hand.collection.startswith("files:") and body is not None:
        _files_body(fake, hand, body, params, values)
    if hand is None and op.path_params:
        path = _record_path(fake, op, path, params, body, values)
    used = set(names) | {s.name for s in op.scope}
    return ExampleCall(
        op.method, path, params, body, {k: v for k, v in values.items() if k in used}
    )


def _fill(template: str, values: dict[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), 1)), template)


def _record_path(
    fake: FakeProcore,
    op: Operation,
    path: str,
    params: dict[str, Any],
    body: Any,
    values: dict[str, Any],
) -> str:
    """The path with the id of a record of its generic collection (one is made if deletes
    emptied it)."""
    from ._catalog import _record_position, _segments, catalog_collection

    position = _record_position(op, _segments(op.path))
    if position is None:
        return path
    coll = catalog_collection(fake, op, path, params, body)
    if not coll.records:
        rid = fake.catalog.new_id()
        coll.add({"id": rid})
    name = _PLACEHOLDER.findall(_segments(op.path)[position])[0]
    values[name] = next(iter(coll.records))
    return _fill(op.path, values)


def _hand_values(
    fake: FakeProcore, op: Operation, route: Route, names: list[str], values: dict[str, Any]
) -> None:
    """Ids of records a hand-written route serves: its scope record, then one of its records."""
    if route.collection.startswith("files:"):
        _files_values(fake, route, values)
        return
    if route.action == "custom":
        _webhook_values(fake, route, names, values)
        return
    parent = COLLECTION_PARENTS.get(route.collection)
    scope = fake._default_scope(parent)
    if route.scope and route.scope not in ("company_id", "project_id") and scope is not None:
        values[route.scope] = scope
    if "id" not in names:
        return
    if route.collection == "projects":
        values["id"] = fake.project_id
        return
    records = [r for r in fake.records(route.collection, scope) if r.get("deleted_at") is None]
    if not records:
        from ._resources import create_record

        records = [create_record(fake, route.collection, scope or 0, {})]
    values["id"] = records[0]["id"]


def _webhook_values(
    fake: FakeProcore, route: Route, names: list[str], values: dict[str, Any]
) -> None:
    from ._seed import iso
    from ._webhooks import FakeHook, FakeTrigger

    hub = fake.webhooks
    if "hook_id" not in names and "id" not in names:
        return
    project = values["project_id"] if "project_id" in names else None
    now = iso(fake.now())
    hook = FakeHook(
        next(hub._ids),
        "example",
        "https://example.com/hook",
        {},
        "v2.0",
        fake.company_id,
        project,
        fake.user_id,
        now,
        now,
    )
    hub.hooks[hook.id] = hook
    trigger = FakeTrigger(
        next(hub._ids), hook.id, "RFIs", "create", fake.company_id, project, fake.user_id
    )
    hub.triggers[trigger.id] = trigger
    if "hook_id" in names:
        values["hook_id"] = hook.id
        if "id" in names:
            values["id"] = trigger.id
    else:
        values["id"] = hook.id


def _files_scope(fake: FakeProcore, route: Route) -> tuple[str, int]:
    # Company documents are scoped by the path, project ones by the query (Procore API
    # reference: Company Folders and Files; Project Folders and Files).
    if "{company_id}" in route.template:
        return ("company", fake.company_id)
    return ("project", fake.project_id)


def _origin(fake: FakeProcore) -> str:
    return fake.base_url.rstrip("/")


def _files_values(fake: FakeProcore, route: Route, values: dict[str, Any]) -> None:
    """Records of the files routes, made through the files fake: uploads are owned by the
    DMSA user (the user of ``fake.issue_token()``), as only an upload's creator may use it."""
    files, owner = fake.files, fake.dmsa_user_id
    name = route.collection.removeprefix("files:")
    scope = _files_scope(fake, route)
    if name == "direct.show":
        values["uuid"] = files.completed_upload(owner).id
    elif name == "direct.update":
        values["uuid"] = files.uploaded_parts(owner).id
    elif name == "file.show":
        upload = files.completed_upload(owner)
        values["id"] = files.add_file(scope, upload, _origin(fake))["id"]
    elif name == "folder.show":
        values["id"] = files.add_folder(scope, f"Example folder {len(files.folders) + 1}")["id"]
    elif name == "image.show":
        upload = files.completed_upload(owner, "example.jpg")
        values["id"] = files.add_image(fake.project_id, "example.jpg", {}, upload, _origin(fake))[
            "id"
        ]
    elif name == "drawing.show":
        given = {"drawing_set_id": 1}
        made = files.add_drawing_upload(fake.project_id, fake.company_id, owner, given, [])
        values["id"] = made["id"]


def _files_body(
    fake: FakeProcore,
    route: Route,
    body: dict[str, Any],
    params: dict[str, Any],
    values: dict[str, Any],
) -> None:
    """What the files routes check of a body: a completed upload of the caller (Procore docs:
    Working with Direct File Uploads), a folder's name, an image attribute, a drawing upload's
    set and imports (Procore API reference: Create Folder; Create Image; Create Drawing Upload)."""
    files, owner = fake.files, fake.dmsa_user_id
    name = route.collection.removeprefix("files:")

    def held(key: str) -> dict[str, Any]:
        inner = body.get(key)
        if not isinstance(inner, dict):
            inner = body[key] = {}
        return inner

    if name == "file.create":
        held("file")["upload_uuid"] = files.completed_upload(owner).id
    elif name == "file.version":
        scope = _files_scope(fake, route)
        made = files.add_file(scope, files.completed_upload(owner), _origin(fake))
        params["file_id"] = values["file_id"] = made["id"]
        held("file_version")["upload_uuid"] = files.completed_upload(owner).id
    elif name == "folder.create":
        held("folder")["name"] = f"Example folder {len(files.folders) + 1}"
    elif name == "image.create":
        held("image").setdefault("description", "Example photo")
        body["upload_uuid"] = files.completed_upload(owner, "example.jpg").id
    elif name == "drawing.create":
        upload = files.completed_upload(owner, "A101.pdf")
        imports = [
            {"upload_uuid": upload.id, "drawing_date": "2024-01-02", "default_revision": "A"}
        ]
        held("drawing_upload").update(drawing_set_id=1, drawing_log_imports=imports)
    elif name == "direct.update":
        found = files.uploads[values["uuid"]]
        etags = [files.storage.etags[found.part_key(i)] for i in range(len(found.segments))]
        body["segments"] = [{"etag": etag} for etag in etags]


def _fix_hand_body(
    op: Operation, route: Route | None, body: dict[str, Any] | None, params: dict[str, Any]
) -> None:
    """What the hand-written routes check beyond the table: a hook's namespace and version, a
    trigger's event (Procore docs: Set Up Webhooks), the payload version of a resources list
    (Procore API reference: Webhooks (v2.0))."""
    if route is None or route.action != "custom":
        return
    if route.collection == "resources.list":
        params["payload_version"] = "v2.0"
    if body is None:
        return
    hook = body.get("hook")
    target: dict[str, Any] = hook if isinstance(hook, dict) else body
    if route.collection in ("hooks.create", "hooks.update"):
        target.update(
            namespace="example",
            destination_url="https://example.com/hook",
            **({"api_version": "v2.0"} if "hook" in body else {"payload_version": "v2.0"}),
        )
    if route.collection.startswith("triggers."):
        trigger = {"resource_name": "RFIs", "event_type": "create"}
        if route.collection == "triggers.create":
            inner = body.get("trigger")
            holder: dict[str, Any] = inner if isinstance(inner, dict) else body
            holder.update(trigger)
        else:
            for key, value in list(body.items()):
                if isinstance(value, list):
                    body[key] = [trigger]
