"""Webhooks of the fake Procore: hooks, triggers, deliveries, resources
(Procore docs: How Webhooks Work; Set Up Webhooks).

Changes made through the fake (REST or Sync) become events; hooks whose scope, trigger
``resource_name`` and ``event_type`` match get a real HTTP POST of the event in the hook's
payload format (Procore docs: How Webhooks Work), with its ``destination_headers``. Failures pause
the hook's queue and retry with exponential backoff from 1 s to 1 h; events are discarded after 12 h
of failure; a success resets the counters (Procore docs: How Webhooks Work). The fake's clock drives
all of it: nothing sleeps.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import math
import re
import threading
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from ._pagination import link_header
from ._seed import iso

if TYPE_CHECKING:
    from ._app import FakeProcore, _Ctx
    from ._responses import FakeResponse

__all__ = [
    "RESOURCE_NAMES",
    "FakeDelivery",
    "FakeDeliveryAttempt",
    "FakeHook",
    "FakeTrigger",
    "WebhookHub",
]

# Resource names seen in the docs (Procore docs: How Webhooks Work; Set Up Webhooks), plus the
# UNCONFIRMED catalog list for the rest (Procore API reference: List Webhooks Resources).
RESOURCE_NAMES: dict[str, str] = {
    "projects": "Projects",
    "company_users": "Company Users",
    "project_users": "Project Users",
    "vendors": "Company Vendors",
    "project_vendors": "Project Vendors",
    "cost_codes": "Cost Codes",
    "standard_cost_codes": "Standard Cost Codes",
    "standard_cost_code_lists": "Standard Cost Code Lists",
    "line_item_types": "Line Item Types",
    "rfis": "RFIs",
    "rfi_replies": "RFI Replies",
    "submittals": "Submittals",
    "observations": "Observation Items",
    "punch_items": "Punch Items",
    "manpower_logs": "Manpower Logs",
    "notes_logs": "Notes Logs",
    "weather_logs": "Weather Logs",
    "work_logs": "Work Logs",
    "work_order_contracts": "Work Order Contracts",
    "purchase_order_contracts": "Purchase Order Contracts",
    "prime_contracts": "Prime Contracts",
    "work_order_contract_line_items": "Work Order Contract Line Items",
    "purchase_order_contract_line_items": "Purchase Order Contract Line Items",
    "prime_contract_line_items": "Prime Contract Line Items",
    "potential_change_orders": "Potential Change Orders",
    "potential_change_order_line_items": "Potential Change Order Line Items",
    "change_order_requests": "Change Order Requests",
    "direct_costs": "Direct Costs",
    "direct_cost_line_items": "Direct Cost Line Items",
    "budget_line_items": "Budget Line Items",
    "tasks": "Tasks",
    "todos": "ToDos",
    "sub_jobs": "Sub Jobs",
}
_CATALOG = frozenset(name.casefold() for name in RESOURCE_NAMES.values())
_CATEGORIES = {
    "Projects": "Core",
    "Company Users": "Core",
    "Project Users": "Core",
    "Company Vendors": "Core",
    "Project Vendors": "Core",
    "RFIs": "Project Management",
    "RFI Replies": "Project Management",
    "Submittals": "Project Management",
    "Observation Items": "Quality & Safety",
    "Punch Items": "Quality & Safety",
}
# Payload v3.0: line items carry their parent in related_resources (Procore docs: How Webhooks
# Work).
_PARENT_NAMES = {
    "work_order_contract_line_items": "Work Order Contracts",
    "purchase_order_contract_line_items": "Purchase Order Contracts",
    "prime_contract_line_items": "Prime Contracts",
    "potential_change_order_line_items": "Potential Change Orders",
    "direct_cost_line_items": "Direct Costs",
}
PAYLOAD_VERSIONS = ("v2.0", "v3.0", "v4.0")
# Namespaces are lowercase letters, digits and dashes (Procore docs: Set Up Webhooks).
_NAMESPACE = re.compile(r"^[a-z0-9-]+$")
# Retry policy (Procore docs: How Webhooks Work): backoff from 1 s up to 1 h, discard after 12 h of
# failure, 5 s POST timeout.
BACKOFF_START = 1.0
BACKOFF_MAX = 3600.0
DISCARD_AFTER = 12 * 3600.0
DELIVERY_TIMEOUT = 5.0
# Payload v2.0 event ids are integers that exceed 2**53 (Procore docs: How Webhooks Work).
FIRST_EVENT_ID = 5_982_324_300_946_918_154
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid(ms: int, counter: int) -> str:
    value = (ms << 80) | (counter & ((1 << 80) - 1))
    return "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def mask(value: str) -> str:
    """Mask a secret to its last 5 characters (Procore API reference: Create Webhooks Hook)."""
    return "*" * max(len(value) - 5, 0) + value[-5:]


def _version(raw: Any) -> str | None:
    # Hook api_version "v2" (Procore docs: Set Up Webhooks) vs payload "v2.0" (Procore docs: How
    # Webhooks Work).
    text = str(raw or "v2.0").strip().lower()
    if re.fullmatch(r"v[234]", text):
        text += ".0"
    return text if text in PAYLOAD_VERSIONS else None


def _v1_label(raw: Any) -> str | None:
    """``"v1.0"`` when a v1 API hook asks for the v1.0 label (real hooks do; their
    deliveries carry that label over the v2.0 body), else ``None``."""
    return "v1.0" if str(raw or "").strip().lower() in ("v1", "v1.0") else None


@attrs.define
class FakeHook:
    """The fake's record of a webhook hook (company or project scope).

    Not the SDK's model: the client returns ``procore_sdk.models.Hook``.
    """

    id: int
    namespace: str
    destination_url: str
    destination_headers: dict[str, str] = attrs.field(repr=False)
    payload_version: str
    company_id: int
    project_id: int | None
    user_id: int
    created_at: str
    updated_at: str
    status: str = "active"
    #: The version label deliveries carry when it differs from ``payload_version``: real
    #: hooks created with ``api_version: "v1.0"`` get the v2.0 body labelled "v1.0".
    label: str | None = None
    failures: int = 0
    paused_until: float = 0.0
    failing_since: float | None = None


@attrs.define
class FakeTrigger:
    """The fake's record of a hook trigger: a resource name and an event type.

    Not the SDK's model: the client returns ``procore_sdk.models.Trigger``.
    """

    id: int
    hook_id: int
    resource_name: str
    event_type: str
    company_id: int
    project_id: int | None
    user_id: int


@attrs.define
class FakeDeliveryAttempt:
    """The fake's record of one POST of an event to a hook's destination."""

    id: int
    started_at: float
    completed_at: float
    response_status: int | None
    response_headers: dict[str, str]
    response_body: str
    response_error: str | None
    outcome: str  # ok | retried | failed | discarded (v1 outcomes; Procore docs: Set Up Webhooks)


@attrs.define
class FakeDelivery:
    """The fake's record of an event queued for one hook, and its attempts.

    Not the SDK's model: the client returns ``procore_sdk.models.Delivery``.

    ``status`` is ``enqueued``, ``retrying``, ``delivered``, ``failed`` or ``discarded``
    (Procore API reference: Webhooks (v2.0)).
    """

    id: int
    hook_id: int
    payload: dict[str, Any]
    resource_name: str
    event_type: str
    created_at: float
    status: str = "enqueued"
    attempts: list[FakeDeliveryAttempt] = attrs.Factory(list)


class WebhookHub:
    """Hooks, triggers, the delivery queue and the HTTP handlers of the v1.0 (Procore docs: Set Up
    Webhooks) and v2.0 (Procore API reference: Webhooks (v2.0)) Webhooks APIs."""

    def __init__(self, fake: FakeProcore) -> None:
        self.fake = fake
        self.hooks: dict[int, FakeHook] = {}
        self.triggers: dict[int, FakeTrigger] = {}
        self.deliveries: list[FakeDelivery] = []
        #: An httpx transport to deliver through instead of the network (e.g. MockTransport).
        #: An ``httpx.AsyncBaseTransport`` (e.g. ``httpx.ASGITransport(app)``) works too.
        self.transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None
        self._ids = itertools.count(70_000_001)
        self._event_ids = itertools.count(FIRST_EVENT_ID)
        self._attempt_ids = itertools.count(1)
        # Hooks a worker is delivering right now -> that worker's thread. A hook is claimed
        # (picked and marked in flight) under this condition's lock, so the serving thread's
        # worker and a test's deliver_pending() never POST the same delivery twice.
        self._claims = threading.Condition(threading.Lock())
        self._busy_hooks: dict[int, int] = {}

    # ---------------------------------------------------------------- events

    def emit(self, collection: str, event_type: str, rid: int, scope: int, user_id: int) -> None:
        """Queue an event for every matching hook (called on create/update/delete)."""
        name = RESOURCE_NAMES.get(collection)
        if name is None or not self.hooks:
            return
        company = self.fake.company_of(collection, scope)
        project = self.fake.project_of(collection, scope)
        for hook in self.hooks.values():
            if hook.company_id != company or hook.status != "active":
                continue
            if hook.project_id is not None and hook.project_id != project:
                continue
            if not any(
                t.hook_id == hook.id and t.resource_name == name and t.event_type == event_type
                for t in self.triggers.values()
            ):
                continue
            payload = self._payload(
                hook, collection, name, event_type, rid, scope, user_id, company, project
            )
            self.deliveries.append(
                FakeDelivery(next(self._ids), hook.id, payload, name, event_type, self.fake.now())
            )

    def _payload(
        self,
        hook: FakeHook,
        collection: str,
        name: str,
        event_type: str,
        rid: int,
        scope: int,
        user_id: int,
        company: int | None,
        project: int | None,
    ) -> dict[str, Any]:
        now = self.fake.now()
        stamp = dt.datetime.fromtimestamp(now, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        event_id = next(self._event_ids)
        ulid = _ulid(int(now * 1000), event_id)
        if hook.payload_version == "v4.0":
            # v4.0: string ids, reason, resource_type; no ulid/metadata. As real deliveries
            # show: "payload_version" in the body, and "" (not null) for no project.
            return {
                "id": ulid,
                "timestamp": stamp,
                "reason": event_type,
                "company_id": str(company),
                "project_id": str(project) if project is not None else "",
                "user_id": str(user_id),
                "resource_type": name,
                "resource_id": str(rid),
                "payload_version": "v4.0",
            }
        payload: dict[str, Any] = {
            "id": event_id,
            "ulid": ulid,
            "timestamp": stamp,
            "metadata": {
                "source_user_id": user_id,
                "source_project_id": project,
                "source_operation_id": None,
                "source_company_id": company,
                "source_application_id": self.fake.client_id,
            },
            "user_id": user_id,
            "company_id": company,
            "project_id": project,
            # A hook created with the v1.0 label gets it back over the v2.0 body, as real
            # Procore does; others get their payload version.
            "api_version": hook.label or "v2.0",
            "event_type": event_type,
            "resource_name": name,
            "resource_id": rid,
        }
        if hook.payload_version == "v3.0":
            payload["api_version"] = "v3.0"
            parent = _PARENT_NAMES.get(collection)
            related = []
            if parent is not None and collection != "direct_cost_line_items":
                related.append({"id": scope, "name": parent})
            payload["related_resources"] = related
        return payload

    # ---------------------------------------------------------------- delivery worker

    def deliver_pending(self) -> int:
        """Deliver every due event now; returns the number of POSTs this call attempted.

        Safe to call while the serving thread's worker runs: each hook is claimed by one
        worker at a time, and a call waits for a hook another worker is delivering, so when
        it returns every due delivery has been attempted exactly once. A call made from inside
        a delivery (a receiver that calls it on the delivering thread) skips that hook.
        """
        attempted = 0
        with self.fake.lock:
            hook_ids = list(self.hooks)
        for hook_id in hook_ids:
            if not self._claim(hook_id):
                continue
            try:
                attempted += self._deliver_hook(hook_id)
            finally:
                self._release(hook_id)
        return attempted

    def _claim(self, hook_id: int) -> bool:
        """Mark ``hook_id`` in flight for this thread, waiting while another thread has it."""
        me = threading.get_ident()
        with self._claims:
            while True:
                owner = self._busy_hooks.get(hook_id)
                if owner is None:
                    self._busy_hooks[hook_id] = me
                    return True
                if owner == me:
                    return False  # re-entered from inside one of this thread's deliveries
                # The owner finishes within its POST timeouts (5 s each; Procore docs: How Webhooks
                # Work).
                self._claims.wait()

    def _release(self, hook_id: int) -> None:
        with self._claims:
            self._busy_hooks.pop(hook_id, None)
            self._claims.notify_all()

    def _deliver_hook(self, hook_id: int) -> int:
        """POST the due deliveries of one claimed hook, oldest first (one at a time)."""
        attempted = 0
        while True:
            with self.fake.lock:
                hook = self.hooks.get(hook_id)
                if hook is None:
                    break
                now = self.fake.now()
                pending = [
                    d
                    for d in self.deliveries
                    if d.hook_id == hook_id and d.status in ("enqueued", "retrying")
                ]
                if not pending:
                    break
                if hook.failing_since is not None and now - hook.failing_since >= DISCARD_AFTER:
                    # After 12 h of failure the queue is flushed as discarded (Procore docs: How
                    # Webhooks Work).
                    for d in pending:
                        d.status = "discarded"
                    hook.failures, hook.paused_until, hook.failing_since = 0, 0.0, None
                    break
                if now < hook.paused_until:
                    break
                delivery = pending[0]
                url, headers = hook.destination_url, dict(hook.destination_headers)
            attempted += 1
            status, resp_headers, body, error = self._post(url, headers, delivery.payload)
            with self.fake.lock:
                done = self.fake.now()
                ok = error is None and status is not None and 200 <= status < 300
                delivery.attempts.append(
                    FakeDeliveryAttempt(
                        next(self._attempt_ids),
                        now,
                        done,
                        status,
                        resp_headers,
                        body,
                        error,
                        "ok" if ok else "retried",
                    )
                )
                if ok:
                    delivery.status = "delivered"
                    hook.failures, hook.paused_until, hook.failing_since = 0, 0.0, None
                    continue
                delivery.status = "retrying"
                hook.failures += 1
                if hook.failing_since is None:
                    hook.failing_since = now
                backoff = min(BACKOFF_START * 2 ** (hook.failures - 1), BACKOFF_MAX)
                hook.paused_until = done + backoff
            break
        return attempted

    def _post(
        self, url: str, headers: dict[str, str], payload: dict[str, Any]
    ) -> tuple[int | None, dict[str, str], str, str | None]:
        # POST, JSON, 5 s timeout, the hook's destination_headers (Procore docs: How Webhooks Work).
        headers = {**headers, "Content-Type": "application/json"}
        transport = self.transport
        try:
            if isinstance(transport, httpx.AsyncBaseTransport):
                resp = _post_through_async_transport(transport, url, headers, payload)
            else:
                with httpx.Client(transport=transport, timeout=DELIVERY_TIMEOUT) as client:
                    resp = client.post(url, json=payload, headers=headers)
            return resp.status_code, dict(resp.headers), resp.text[:2000], None
        except httpx.HTTPError as exc:
            return None, {}, "", f"{type(exc).__name__}: {exc}"

    # ---------------------------------------------------------------- HTTP handlers

    def handle(self, ctx: _Ctx) -> FakeResponse:
        """Dispatch a webhooks API request (``ctx.route.collection`` names the handler)."""
        name = ctx.route.collection
        if name.startswith("resources."):
            return self._resources(ctx, name == "resources.api_versions")
        scope = self._scope(ctx)
        if not isinstance(scope, tuple):
            return scope
        company, project = scope
        if name == "hooks.list":
            return self._list_hooks(ctx, company, project)
        if name == "hooks.create":
            return self._create_hook(ctx, company, project)
        hook_id = ctx.params.get("hook_id") or ctx.params.get("id") or ""
        hook = self.hooks.get(int(hook_id)) if hook_id.isdigit() else None
        if hook is None or hook.company_id != company:
            return ctx.err(404, "Not Found")
        if name == "hooks.show":
            return self._json(ctx, 200, self._hook_json(ctx, hook))
        if name == "hooks.update":
            return self._update_hook(ctx, hook)
        if name == "hooks.delete":
            del self.hooks[hook.id]
            for tid in [t.id for t in self.triggers.values() if t.hook_id == hook.id]:
                del self.triggers[tid]
            return ctx.empty(204)
        if name == "triggers.list":
            items = [
                self._trigger_json(ctx, t) for t in self.triggers.values() if t.hook_id == hook.id
            ]
            return self._page(ctx, items)
        if name == "triggers.create":
            return self._create_trigger(ctx, hook)
        if name in ("triggers.bulk_create", "triggers.bulk_delete"):
            return self._bulk(ctx, hook, delete=name == "triggers.bulk_delete")
        if name == "triggers.delete":
            raw_tid = ctx.params.get("id", "")
            trig = self.triggers.get(int(raw_tid)) if raw_tid.isdigit() else None
            if trig is None or trig.hook_id != hook.id:
                return ctx.err(404, "Not Found")
            del self.triggers[trig.id]
            return ctx.empty(204)
        return self._list_deliveries(ctx, hook)

    @staticmethod
    def _json(
        ctx: _Ctx, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> FakeResponse:
        # The v2.0 Webhooks API sends every id as a string (Procore API reference: Webhooks (v2.0)),
        # nested ones included.
        return ctx.json(status, _string_ids(body) if ctx.route.is_v2 else body, headers)

    def _scope(self, ctx: _Ctx) -> tuple[int, int | None] | FakeResponse:
        """(company, project) of the request: path for v2, company_id/project_id for v1."""
        fake = ctx.fake
        raw_project = ctx.params.get("project_id")
        raw_company = ctx.params.get("company_id")
        if not ctx.route.is_v2:
            raw_project = ctx.q("project_id") or _str(ctx.body.get("project_id"))
            raw_company = ctx.q("company_id") or _str(ctx.body.get("company_id"))
        try:
            project = int(raw_project) if raw_project else None
            company = int(raw_company) if raw_company else None
        except ValueError:
            return ctx.err(400, "company_id and project_id must be integers")
        if project is not None:
            owner = fake.company_of("rfis", project)
            if owner is None or (company is not None and owner != company):
                return ctx.err(404, "Not Found")
            company = owner
        if company is None:
            company = ctx.company
        if company is None:
            return ctx.err(400, {"company_id": ["is missing"]})
        if ctx.company is not None and company != ctx.company:
            return ctx.err(404, "Not Found")
        return company, project

    def _hook_json(self, ctx: _Ctx, hook: FakeHook, *, trigger_count: bool = True) -> Any:
        headers = {k: mask(v) for k, v in hook.destination_headers.items()}
        if not ctx.route.is_v2:
            # v1 hook fields (api_version is the short form, e.g. "v2"; Procore API reference:
            # Create Webhooks Hook).
            return {
                "id": hook.id,
                "api_version": hook.label or hook.payload_version[:2],
                "namespace": hook.namespace,
                "destination_url": hook.destination_url,
                "destination_headers": headers,
                "owned_by_company_id": hook.company_id,
                "owned_by_project_id": hook.project_id,
                "owned_by_user_id": hook.user_id,
            }
        data: dict[str, Any] = {
            "id": str(hook.id),
            "status": hook.status,
            "payload_version": hook.label or hook.payload_version,
            "namespace": hook.namespace,
            "destination_headers": headers,
            "destination_url": hook.destination_url,
            "company_id": str(hook.company_id),
            "project_id": str(hook.project_id) if hook.project_id is not None else None,
            "created_at": hook.created_at,
            "updated_at": hook.updated_at,
        }
        if trigger_count:
            data["trigger_count"] = sum(1 for t in self.triggers.values() if t.hook_id == hook.id)
        return {"data": data}

    def _list_hooks(self, ctx: _Ctx, company: int, project: int | None) -> FakeResponse:
        namespace = ctx.q("namespace")
        wanted = ctx.q("payload_version") or ctx.q("api_version")
        label = _v1_label(wanted)
        version = _version(wanted) if wanted and not label else None
        items = []
        for hook in self.hooks.values():
            if hook.company_id != company or hook.project_id != project:
                continue
            if namespace and hook.namespace != namespace:
                continue
            if label and hook.label != label:
                continue
            if version and (hook.payload_version != version or hook.label):
                continue
            rendered = self._hook_json(ctx, hook)
            items.append(rendered["data"] if ctx.route.is_v2 else rendered)
        return self._page(ctx, items)

    def _create_hook(self, ctx: _Ctx, company: int, project: int | None) -> FakeResponse:
        body = ctx.body
        # v1 body {"hook": {api_version, ...}} (Procore docs: Set Up Webhooks); v2 body flat with
        # payload_version (Procore API reference: Create Company Webhooks Hook).
        src = (
            body.get("hook") if not ctx.route.is_v2 and isinstance(body.get("hook"), dict) else body
        )
        assert isinstance(src, dict)
        requested = src.get("payload_version") or src.get("api_version")
        # Only the v1 API takes the v1.0 label (the v2.0 API lists v2.0, v3.0 and v4.0).
        label = None if ctx.route.is_v2 else _v1_label(requested)
        version = "v2.0" if label else _version(requested)
        namespace = str(src.get("namespace") or "")
        url = str(src.get("destination_url") or "")
        errors: dict[str, list[str]] = {}
        if version is None:
            errors["payload_version"] = ["is not included in the list"]
        if not _NAMESPACE.match(namespace):
            errors["namespace"] = ["is invalid"]
        if not url:
            errors["destination_url"] = ["can't be blank"]
        if errors:
            return (
                ctx.err(422, errors) if not ctx.route.is_v2 else ctx.err(422, "Validation failed")
            )
        headers = src.get("destination_headers") or {}
        now = iso(ctx.fake.now())
        hook = FakeHook(
            next(self._ids),
            namespace,
            url,
            {str(k): str(v) for k, v in headers.items()} if isinstance(headers, dict) else {},
            version or "v2.0",
            company,
            project,
            ctx.token.user_id,
            now,
            now,
            label=label,
        )
        self.hooks[hook.id] = hook
        return self._json(ctx, 201, self._hook_json(ctx, hook))

    def _update_hook(self, ctx: _Ctx, hook: FakeHook) -> FakeResponse:
        src = ctx.body.get("hook") if isinstance(ctx.body.get("hook"), dict) else ctx.body
        assert isinstance(src, dict)
        if "destination_url" in src:
            hook.destination_url = str(src["destination_url"])
        if isinstance(src.get("destination_headers"), dict):
            hook.destination_headers = {
                str(k): str(v) for k, v in src["destination_headers"].items()
            }
        if "namespace" in src:
            hook.namespace = str(src["namespace"])
        version = src.get("payload_version") or src.get("api_version")
        if version and not ctx.route.is_v2 and _v1_label(version):
            hook.payload_version, hook.label = "v2.0", _v1_label(version)
        elif version and _version(version):
            hook.payload_version = _version(version) or hook.payload_version
            hook.label = None
        if src.get("status") in ("active", "disabled"):
            hook.status = str(src["status"])
        hook.updated_at = iso(ctx.fake.now())
        return self._json(ctx, 200, self._hook_json(ctx, hook))

    def _trigger_json(self, ctx: _Ctx, trig: FakeTrigger) -> dict[str, Any]:
        # Trigger fields (Procore API reference: Create Webhooks Trigger); v2 uses string ids.
        data: dict[str, Any] = {
            "id": trig.id,
            "webhook_hook_id": trig.hook_id,
            "resource_name": trig.resource_name,
            "resource_id": None,
            "event_type": trig.event_type,
            "company_id": trig.company_id,
            "project_id": trig.project_id,
            "user_id": trig.user_id,
        }
        if ctx.route.is_v2:
            data = {k: (str(v) if isinstance(v, int) else v) for k, v in data.items()}
        return data

    def _new_trigger(
        self, ctx: _Ctx, hook: FakeHook, src: Any
    ) -> FakeTrigger | dict[str, list[str]]:
        if not isinstance(src, dict):
            return {"trigger": ["is invalid"]}
        name = str(src.get("resource_name") or "")
        # The enum is upper case (Procore API reference: Create Webhooks Trigger), the docs send
        # lower case (Procore docs: Set Up Webhooks); accept both.
        event = str(src.get("event_type") or "").lower()
        errors: dict[str, list[str]] = {}
        if not name:
            errors["resource_name"] = ["can't be blank"]
        elif name.casefold() not in _CATALOG:
            # Triggers name a resource of the webhooks catalog (Procore API reference: List
            # Webhooks Resources); "Vendorz" is refused, not silently never delivered.
            errors["resource_name"] = ["is not a webhooks resource"]
        if event not in ("create", "update", "delete"):
            errors["event_type"] = ["is not included in the list"]
        if errors:
            return errors
        return FakeTrigger(
            next(self._ids),
            hook.id,
            name,
            event,
            hook.company_id,
            hook.project_id,
            ctx.token.user_id,
        )

    def _create_trigger(self, ctx: _Ctx, hook: FakeHook) -> FakeResponse:
        src = ctx.body.get("trigger") if isinstance(ctx.body.get("trigger"), dict) else ctx.body
        made = self._new_trigger(ctx, hook, src)
        if not isinstance(made, FakeTrigger):
            return ctx.err(422, made) if not ctx.route.is_v2 else ctx.err(422, "Validation failed")
        self.triggers[made.id] = made
        rendered = self._trigger_json(ctx, made)
        return self._json(ctx, 201, {"data": rendered} if ctx.route.is_v2 else rendered)

    def _bulk(self, ctx: _Ctx, hook: FakeHook, *, delete: bool) -> FakeResponse:
        items = ctx.body.get("triggers")
        if items is None:
            items = ctx.body.get("data")
        if not isinstance(items, list):
            return ctx.err(400, {"triggers": ["is missing"]})
        # At most 500 triggers per bulk call, else 413 (Procore API reference: Bulk Create
        # Triggers).
        if len(items) > 500:
            return ctx.err(413, "A maximum of 500 triggers may be sent per request")
        if delete:
            return self._bulk_delete(ctx, hook, items)
        done: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for src in items:
            made = self._new_trigger(ctx, hook, src)
            if isinstance(made, FakeTrigger):
                self.triggers[made.id] = made
                done.append(self._trigger_json(ctx, made))
            else:
                failed.append({"trigger": src, "errors": made})
        # 200, or 207 Multi-Status when some items failed (Procore API reference: Bulk Create
        # Triggers).
        status = 207 if failed and done else (200 if not failed else 422)
        body = (
            {"data": done, "errors": failed}
            if ctx.route.is_v2
            else {"success": done, "errors": failed}
        )
        return self._json(ctx, status, body)

    def _bulk_delete(self, ctx: _Ctx, hook: FakeHook, items: list[Any]) -> FakeResponse:
        # "triggers" is a list of integer ids (Procore API reference: Bulk Delete Triggers); numeric
        # strings (v2 ids; Procore docs: New Rest V2 API Version) and trigger objects are accepted
        # too.
        done: list[FakeTrigger] = []
        failed: list[dict[str, Any]] = []
        for src in items:
            wanted = _bulk_delete_id(src)
            match = [
                t
                for t in self.triggers.values()
                if t.hook_id == hook.id
                and (
                    (wanted is not None and t.id == wanted)
                    or (
                        isinstance(src, dict)
                        and wanted is None
                        and t.resource_name == src.get("resource_name")
                        and t.event_type == str(src.get("event_type", "")).lower()
                    )
                )
            ]
            if not match:
                failed.append({"trigger": src, "errors": {"id": ["not found"]}})
            for t in match:
                del self.triggers[t.id]
                done.append(t)
        # 200, or 207 Multi-Status when some items failed (Procore API reference: Bulk Delete
        # Triggers).
        status = 207 if failed and done else (200 if not failed else 422)
        # OAS: v1 answers {"success": [int ids]}, v2 {"data": {"succeeded": [string ids]}}.
        body: dict[str, Any] = (
            {"data": {"succeeded": [str(t.id) for t in done]}, "errors": failed}
            if ctx.route.is_v2
            else {"success": [t.id for t in done], "errors": failed}
        )
        return self._json(ctx, status, body)

    def _list_deliveries(self, ctx: _Ctx, hook: FakeHook) -> FakeResponse:
        # Accept both filter[status] (Procore docs: Set Up Webhooks) and filters[status] (Procore
        # API reference: List Webhooks Deliveries).
        wanted = ctx.q("filter[status]") or ctx.q("filters[status]") or "any"
        rows = [d for d in self.deliveries if d.hook_id == hook.id]
        if ctx.route.is_v2:
            v2_map = {"succeeded": "delivered"}
            target = v2_map.get(wanted, wanted)
            resource = ctx.q("filter[resource_name]")
            event = ctx.q("filter[event_type]")
            # filter[start] / filter[end] are yyyy-mm-dd dates, inclusive (Procore API reference:
            # List Company Webhooks Deliveries).
            start = ctx.q("filter[start]") or "0000-00-00"
            end = ctx.q("filter[end]") or "9999-12-31"
            items = [
                {
                    "id": str(d.id),
                    "status": d.status,
                    "payload": d.payload,
                    "delivery_attempts": [self._attempt_json(d, a) for a in d.attempts],
                }
                for d in rows
                if (wanted == "any" or d.status == target)
                and (not resource or d.resource_name == resource)
                and (not event or d.event_type == event)
                and start <= iso(d.created_at)[:10] <= end
            ]
            return self._page(ctx, items)
        # v1: one row per attempt; page_size (default 100) and page_start (last id seen).
        outcomes = {
            "successful": {"ok"},
            "failing": {"retried", "failed"},
            "discarded": {"discarded"},
        }
        attempts = []
        for d in rows:
            for a in d.attempts:
                outcome = "discarded" if d.status == "discarded" else a.outcome
                if wanted != "any" and outcome not in outcomes.get(wanted, {outcome}):
                    continue
                attempts.append({**self._attempt_json(d, a), "outcome": outcome})
        try:
            size = int(ctx.q("page_size") or 100)
            after_id = int(ctx.q("page_start") or 0)
        except ValueError:
            return ctx.err(400, "page_size and page_start must be integers")
        attempts = [a for a in attempts if a["id"] > after_id][:size]
        return self._json(ctx, 200, attempts)

    def _attempt_json(self, d: FakeDelivery, a: FakeDeliveryAttempt) -> dict[str, Any]:
        return {
            "id": a.id,
            "event_id": d.payload.get("id"),
            "event": d.payload,
            "started_at": iso(a.started_at),
            "completed_at": iso(a.completed_at),
            "response_status": a.response_status,
            "response_headers": a.response_headers,
            "response_body": a.response_body,
            "response_error": a.response_error,
            "outcome": a.outcome,
        }

    def _resources(self, ctx: _Ctx, versions_only: bool) -> FakeResponse:
        names = sorted(set(RESOURCE_NAMES.values()))
        if versions_only:
            return self._json(ctx, 200, [{"api_version": v} for v in PAYLOAD_VERSIONS])
        if ctx.route.is_v2:
            version = ctx.q("payload_version")
            if not version or _version(version) is None:
                return ctx.err(400, "payload_version is required")
            items = [
                {
                    "category": _CATEGORIES.get(n, "Financial Management"),
                    "tool": n,
                    "name": n,
                    "payload_version": _version(version),
                    # OAS: actions is array<object>; the item fields are unpublished, so the
                    # fake names each action (UNCONFIRMED shape).
                    "actions": [{"name": action} for action in ("create", "update", "delete")],
                }
                for n in names
            ]
            return self._page(ctx, items)
        # Procore API reference: List Webhooks Resources: tools, create, update and delete are
        # strings and except is array<string>; the string values are unpublished (UNCONFIRMED), so
        # the fake says "true". "name" is an extra field the OAS does not list.
        return self._json(
            ctx,
            200,
            [
                {
                    "api_version": "v2",
                    "product_category": _CATEGORIES.get(n, "Financial Management"),
                    "tools": n,
                    "name": n,
                    "except": [],
                    "create": "true",
                    "update": "true",
                    "delete": "true",
                }
                for n in names
            ],
        )

    def _page(self, ctx: _Ctx, items: list[Any]) -> FakeResponse:
        """v2 lists page with page/per_page (default 10, max 100); v1 lists do not."""
        if not ctx.route.is_v2:
            return self._json(ctx, 200, items)
        try:
            page = max(int(ctx.q("page") or 1), 1)
            per_page = min(max(int(ctx.q("per_page") or 10), 1), 100)
        except ValueError:
            return ctx.err(400, "page and per_page must be integers")
        total = len(items)
        start = (page - 1) * per_page
        path = ctx.route.template
        for key, value in ctx.params.items():
            path = path.replace("{" + key + "}", value)
        headers = {
            "Total": str(total),
            "Per-Page": str(per_page),
            "Link": link_header(ctx.origin, path, ctx.query, page, per_page, total),
        }
        pages = math.ceil(total / per_page) if total else 0
        del pages
        return self._json(ctx, 200, {"data": items[start : start + per_page]}, headers)


def _post_through_async_transport(
    transport: httpx.AsyncBaseTransport, url: str, headers: dict[str, str], payload: Any
) -> httpx.Response:
    """POST through an async transport (an in-process ASGI app) from synchronous code."""

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, timeout=DELIVERY_TIMEOUT) as client:
            resp = await client.post(url, json=payload, headers=headers)
            await resp.aread()
            return resp

    result: list[httpx.Response] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(post()))
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    # A fresh thread has no running event loop, even if the caller is inside one.
    thread = threading.Thread(target=run, name="fake-procore-asgi-delivery")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def _string_ids(value: Any) -> Any:
    """A copy of ``value`` with every integer under an ``id`` or ``*_id`` key as a string."""
    if isinstance(value, dict):
        return {
            key: (
                str(item)
                if (key == "id" or key.endswith("_id"))
                and isinstance(item, int)
                and not isinstance(item, bool)
                else _string_ids(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_string_ids(item) for item in value]
    return value


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _bulk_delete_id(src: Any) -> int | None:
    """The trigger id a bulk-delete item names: an int, a numeric string or ``{"id": ...}``."""
    value = src.get("id") if isinstance(src, dict) else src
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
