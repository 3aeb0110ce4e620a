"""Webhook workflows built on the management groups: ``ensure`` and ``fetch``.

This module is the source of truth for ``procore_sdk/_blocking/_webhook_workflows.py``, generated
by ``scripts/unasync.py``. The decisions (which hook to keep, which triggers to add or remove,
which GET fetches an event's record) are pure functions of ``procore_sdk/_webhook_rules.py``;
these workflows read with the groups of ``client.webhooks``, ask the rules, and write the
difference. Every request goes through the groups, so through the one call pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._errors import NotFoundError
from .._types import UNSET, UnsetType
from .._webhook_rules import (
    EnsureResult,
    TriggerFailure,
    TriggerState,
    WebhookEnsureError,
    generate_secret,
    hook_in_scope,
    hook_state,
    normalise_events,
    normalise_payload_version,
    plan_fetch,
    plan_hook,
    plan_triggers,
    validate_destination_url,
    validate_namespace,
)
from ..webhooks._event import ResourceKey, WebhookEvent
from ._calls import async_call_operation

if TYPE_CHECKING:
    from ._webhooks import AsyncWebhooks, _Client

__all__ = ["async_ensure", "async_fetch"]


async def async_ensure(
    webhooks: AsyncWebhooks,
    *,
    namespace: str,
    destination_url: str,
    events: Iterable[Any],
    authorization: str | None = None,
    payload_version: str = "v2.0",
    company_id: int | UnsetType | None = UNSET,
    project_id: int | None = None,
    version: str | None = None,
) -> EnsureResult:
    """Make the namespace's subscription look like this, changing only what differs.

    Run it on every deploy: it lists the namespace's hooks and picks the one posting to
    ``destination_url`` (or the namespace's only hook, whose URL it updates). It creates the
    hook when there is none, updates its URL, payload version and ``Authorization`` when they
    differ, creates the missing triggers (v1.0: bulk, 500 per call; v2.0: one call each, as the
    v2.0 bulk schema is unpublished), deletes the unwanted ones and leaves the rest. A second
    run with the same arguments makes only GET requests.

    ``Authorization`` is compared by its last 5 characters, all Procore shows: a secret whose
    last 5 characters differ replaces the hook's. Without ``authorization``, a new hook gets a
    generated secret (``"Bearer " + secrets.token_urlsafe(32)``), returned once in
    ``result.authorization``; an existing hook keeps its secret.

    Event types compare without regard to case (the v1 API returns ``UPDATE``).

    Args:
        webhooks: ``client.webhooks``.
        namespace: your app's namespace.
        destination_url: where Procore POSTs (https; http only on loopback, for tests).
        events: ``[("RFIs", "create"), ("Company Vendors", "update"), ...]``.
        authorization: the exact ``Authorization`` value deliveries must carry.
        payload_version: ``"v2.0"`` (default), ``"v3.0"`` or ``"v4.0"``.
        company_id: the company (default: the client's; ``None``: no company).
        project_id: a project, for a project-scoped hook.
        version: ``"v1.0"`` (default) or ``"v2.0"``: which Webhooks API to use.

    Raises:
        ConfigurationError: a bad namespace, URL or scope, before anything is sent.
        ValueError: a bad event or payload version.
        WebhookEnsureError: Procore refused some triggers (``error.result`` has the rest).
    """
    hooks: Any = webhooks.hooks._via(version) or webhooks.hooks
    trigger_group: Any = webhooks.triggers._via(version) or webhooks.triggers
    scope = hooks._scope(company_id, project_id)
    validate_namespace(namespace)
    validate_destination_url(destination_url)
    wanted_version = normalise_payload_version(payload_version)
    wanted = normalise_events(events)
    found = [
        hook
        async for hook in hooks.list(
            namespace=namespace, company_id=company_id, project_id=project_id
        )
        if hook.namespace in (None, namespace) and hook_in_scope(hook, scope)
    ]
    by_id = {str(hook.id): hook for hook in found}
    plan = plan_hook(
        [hook_state(hook) for hook in found],
        destination_url=destination_url,
        payload_version=wanted_version,
        authorization=authorization,
    )
    writes = 0
    secret = authorization
    generated = False
    if plan.set_authorization and secret is None:
        secret = generate_secret()
        generated = True
    where: dict[str, Any] = {"company_id": company_id, "project_id": project_id}
    if plan.hook_id is None:
        hook = await hooks.create(
            namespace=namespace,
            destination_url=destination_url,
            authorization=secret,
            payload_version=wanted_version,
            **where,
        )
        writes += 1
    elif plan.changes:
        hook = await hooks.update(
            plan.hook_id,
            destination_url=plan.destination_url,
            authorization=secret if plan.set_authorization else None,
            payload_version=plan.payload_version,
            status="active" if plan.activate else None,
            **where,
        )
        writes += 1
    else:
        hook = by_id[str(plan.hook_id)]
    assert hook.id is not None
    existing: list[Any] = []
    if plan.hook_id is not None:
        existing = await trigger_group.list(hook.id, **where).to_list()
    triggers = plan_triggers(
        [
            TriggerState(t.id, t.resource_name or "", t.event_type or "")
            for t in existing
            if t.id is not None
        ],
        wanted,
    )
    by_trigger = {str(t.id): t for t in existing}
    created: list[Any] = []
    failed: tuple[TriggerFailure, ...] = ()
    if triggers.create and scope.version == "v1.0":
        bulk = await trigger_group.bulk_create(
            hook.id, triggers.create, payload_version=wanted_version, **where
        )
        created.extend(bulk.created)
        failed = bulk.failed
        writes += bulk.requests
    else:
        for trigger in triggers.create:
            created.append(
                await trigger_group.create(
                    hook.id, trigger.resource_name, trigger.event_type, **where
                )
            )
            writes += 1
    deleted: list[Any] = []
    for trigger_id in triggers.delete:
        # One documented DELETE each: deletions are rare, and each failure is explicit.
        await trigger_group.delete(hook.id, trigger_id, **where)
        deleted.append(by_trigger[str(trigger_id)])
        writes += 1
    result = EnsureResult(
        hook=hook,
        created_triggers=tuple(created),
        deleted_triggers=tuple(deleted),
        unchanged=tuple(by_trigger[str(i)] for i in triggers.unchanged),
        authorization=secret,
        generated_secret=generated,
        hook_created=plan.hook_id is None,
        hook_updated=plan.hook_id is not None and plan.changes,
        failed_triggers=failed,
        writes=writes,
    )
    if failed:
        raise WebhookEnsureError(
            f"Procore refused {len(failed)} of {len(triggers.create)} triggers for hook "
            f"{hook.id}; see error.result.failed_triggers",
            result=result,
        )
    return result


async def async_fetch(
    client: _Client, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
) -> Any:
    """The current state of the record an event is about, typed; ``None`` for a ``delete``
    event or a 404 (deleted since, or not visible to this app).

    The event's ``resource_name`` picks the client's typed resource group (``"RFIs"`` ->
    ``client.rfis``, ...; see ``procore_sdk.webhooks.FETCHABLE_RESOURCES``) and its newest v1
    GET; project-level resources use the event's ``project_id``, company-level ones its
    ``company_id`` (or ``company_id=``, or the client's company).

    Raises:
        UnknownWebhookResourceError: no GET is known for the resource; use ``client.get()``.
    """
    key = event.resource_key() if isinstance(event, WebhookEvent) else event
    default = client.company_id if company_id is None else company_id
    plan = plan_fetch(key, default_company_id=default)
    if plan is None:
        return None
    group = getattr(client, plan.resource, None)
    retrieve = getattr(group, "retrieve", None)
    if retrieve is not None:
        # The client's typed resource group (client.rfis.retrieve, ...).
        kwargs: dict[str, Any] = {}
        if plan.company_id is not None:
            kwargs["company_id"] = plan.company_id
        if plan.project_id is not None:
            kwargs["project_id"] = plan.project_id
        try:
            return await retrieve(plan.resource_id, **kwargs)
        except NotFoundError:
            return None
    # A client without the typed group (a bare sender): the same GET, from the table.
    values: dict[str, Any] = {"id": plan.resource_id, "project_id": plan.project_id}
    try:
        return await async_call_operation(
            client,
            plan.operation,
            values,
            model=plan.model,
            company_id=UNSET if plan.company_id is None else plan.company_id,
        )
    except NotFoundError:
        return None
