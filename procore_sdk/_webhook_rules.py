"""Webhook management rules without I/O: validation, versions, secrets, chunking, bulk answers,
and the plans of the workflows (which hook ``ensure`` keeps, which triggers it adds or removes,
which GET ``fetch`` makes).

The management groups (``procore_sdk/_async/_webhooks.py``) and the workflows built on them
(``procore_sdk/_async/_webhook_workflows.py``) turn these decisions into requests; everything
that can be decided from data alone lives here and is unit-tested without HTTP.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union
from urllib.parse import urlsplit

import attrs

from ._errors import (
    ArgumentTypeError,
    ConfigurationError,
    InvalidArgumentError,
    ProcoreError,
    argument_type_error,
    describe_value,
    invalid_argument,
)
from ._operations import Operation, model_of, normalize_version
from ._pipeline import operation_for, place_scope
from .models import (
    Delivery,
    DeliveryV2,
    Hook,
    HookV2,
    Trigger,
    TriggerV2,
    WebhookResourceInfo,
    WebhookResourceInfoV2,
)

if TYPE_CHECKING:
    from .webhooks._event import ResourceKey

__all__ = [
    "Scope",
    "bulk_error_for",
    "bulk_error_items",
    "bulk_item_id",
    "bulk_success_items",
    "error_summary",
    "hook_in_scope",
    "hook_state",
    "masked_authorization",
    "positive_int",
    "AnyDelivery",
    "AnyHook",
    "AnyResourceInfo",
    "AnyTrigger",
    "BulkTriggerResult",
    "EnsureResult",
    "TriggerFailure",
    "WebhookEnsureError",
    "BULK_TRIGGER_LIMIT",
    "DELIVERY_STATUSES_V1",
    "DELIVERY_STATUSES_V2",
    "FETCHABLE_RESOURCES",
    "FetchPlan",
    "HookPlan",
    "HookState",
    "ApiVersion",
    "TriggerKey",
    "TriggerPlan",
    "TriggerState",
    "UnknownWebhookResourceError",
    "WebhookApiV1",
    "WebhookApiV2",
    "authorization_matches",
    "chunked",
    "event_key",
    "generate_secret",
    "normalise_api_version",
    "normalise_events",
    "normalise_payload_version",
    "payload_version_v1",
    "plan_fetch",
    "plan_hook",
    "plan_triggers",
    "validate_destination_url",
    "validate_namespace",
]

T = TypeVar("T")

ApiVersion = Literal["v1.0", "v2.0"]
"""Which Webhooks API shape to talk: v1.0 (Procore docs: Set Up Webhooks) or v2.0 (Procore API
reference: Webhooks (v2.0))."""
WebhookApiV1 = Literal["v1.0", "v1", "1.0", "1"]
"""The spellings of v1.0 that ``version=`` accepts (typed results: the v1 models)."""
WebhookApiV2 = Literal["v2.0", "v2", "2.0", "2"]
"""The spellings of v2.0 that ``version=`` accepts (typed results: the v2 models)."""

# A bulk trigger call takes at most 500 triggers, 413 above that (Procore API reference: Bulk Create
# Triggers).
BULK_TRIGGER_LIMIT = 500

# Namespaces are lowercase a-z, digits and dashes (Procore docs: Set Up Webhooks).
_NAMESPACE = re.compile(r"[a-z0-9-]+")

# The delivery status filter values differ per version: v1 (Procore docs: Set Up Webhooks) and
# v2 (Procore API reference: List Company Webhooks Deliveries).
DELIVERY_STATUSES_V1 = frozenset({"any", "successful", "discarded", "failing"})
DELIVERY_STATUSES_V2 = frozenset({"succeeded", "failed", "discarded", "enqueued", "retrying"})

# Payload formats v2.0 (legacy default), v3.0 and v4.0; and the "v1.0" label real v1 hooks
# carry (their deliveries are the v2.0 body labelled "v1.0", though the docs do not list it).
_PAYLOAD_VERSIONS = {"1": "v1.0", "2": "v2.0", "3": "v3.0", "4": "v4.0"}

_EVENT_TYPES = frozenset({"create", "update", "delete"})

# Responses mask destination_headers.Authorization to its last 5 chars (Procore API reference:
# Create Webhooks Hook).
_MASK_VISIBLE = 5


def validate_namespace(namespace: object) -> str:
    """Check a hook namespace: lowercase ``a-z``, digits ``0-9`` and ``-`` (Procore docs: Set Up
    Webhooks).

    Raises:
        ConfigurationError: the namespace is empty or has other characters.
    """
    if not isinstance(namespace, str) or not _NAMESPACE.fullmatch(namespace):
        raise ConfigurationError(
            "namespace must be lowercase letters a-z, digits and '-' (Procore's Webhooks API "
            f"docs); got {describe_value(namespace)}",
            argument="namespace",
        )
    return namespace


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_destination_url(url: object) -> str:
    """Check a hook destination: ``https://`` (Procore POSTs over HTTPS; Procore docs: How
    Webhooks Work), or ``http://`` on a loopback host for local tests against the fake Procore.

    Raises:
        ConfigurationError: not a URL, another scheme, or plain http off loopback.
    """
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(
            f"destination_url must be a non-empty URL; got {describe_value(url)}",
            argument="destination_url",
        )
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        raise ConfigurationError(
            f"destination_url has no host: {url!r}", argument="destination_url"
        )
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and _is_loopback(host):
        return url
    raise ConfigurationError(
        f"destination_url must be https:// (http:// only on a loopback host), got {url!r}",
        argument="destination_url",
    )


def normalise_api_version(version: object = None) -> ApiVersion:
    """The Webhooks API version given to ``version=``: ``"v1.0"`` or ``"v2.0"``.

    Spellings are read by the SDK's one version reader (``"v2"``, ``"2.0"``, ``2`` ->
    ``"v2.0"``). The default (``None``) is v1.0: the v2.0 Webhooks API changes the wire format
    (string ids, ``data`` envelope).

    Raises:
        InvalidArgumentError: an unknown version (also a ``ValueError``).
    """
    if version is None:
        return "v1.0"
    accepted = "a version of the Webhooks API, which has versions v1.0 and v2.0"
    try:
        chosen = normalize_version(version)
    except (InvalidArgumentError, ArgumentTypeError):
        raise invalid_argument("version", version, accepted) from None
    if chosen == "v1.0":
        return "v1.0"
    if chosen == "v2.0":
        return "v2.0"
    raise invalid_argument("version", version, accepted)


def normalise_payload_version(value: object) -> str:
    """A payload version in its long form: ``"v2"``, ``"2.0"``, ``"V4.0"`` -> ``"v2.0"``/``"v4.0"``.

    Hooks say ``"v2"`` while payloads say ``"v2.0"``; both are read. ``"v1.0"`` is the label
    real v1 hooks carry (deliveries: the v2.0 body labelled ``"v1.0"``), so it is read too.

    Raises:
        InvalidArgumentError: not v1.0, v2.0, v3.0 or v4.0 (also a ``ValueError``).
    """
    text = str(value or "").strip().lower().lstrip("v")
    major, _, minor = text.partition(".")
    if major in _PAYLOAD_VERSIONS and minor in ("", "0"):
        return _PAYLOAD_VERSIONS[major]
    raise invalid_argument(
        "payload_version",
        value,
        "'v2.0', 'v3.0' or 'v4.0' (Procore's webhook payload formats), or the 'v1.0' label",
    )


def payload_version_v1(value: object) -> str:
    """The v1 hook ``api_version`` spelling of a payload version: ``"v4.0"`` -> ``"v4"``.

    The v1 create body documents ``"api_version": "v2"`` (Procore's naming drift). The v1.0
    label keeps its long form, as real hooks carry it.
    """
    version = normalise_payload_version(value)
    return version if version == "v1.0" else version[:2]


def generate_secret() -> str:
    """A strong ``Authorization`` value for a hook: ``"Bearer <43 url-safe characters>"``.

    Procore sends the ``destination_headers`` you chose with every POST; it is the only
    authentication of deliveries, so it must be unguessable (Procore docs: Set Up Webhooks).
    """
    return "Bearer " + secrets.token_urlsafe(32)


def authorization_matches(masked: str | None, secret: str) -> bool:
    """Whether a masked ``Authorization`` from a response may be ``secret``.

    Responses show only its last 5 characters, so only those can be compared (Procore API reference:
    Create Webhooks Hook).
    """
    if not masked:
        return False
    return masked[-_MASK_VISIBLE:] == secret[-_MASK_VISIBLE:]


def chunked(items: Sequence[T], size: int = BULK_TRIGGER_LIMIT) -> Iterator[list[T]]:
    """``items`` in consecutive lists of at most ``size`` (500 triggers per bulk call;
    Procore API reference: Bulk Create Triggers)."""
    if size < 1:
        raise ValueError(f"chunk size must be >= 1, got {size}")
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@attrs.frozen
class TriggerKey:
    """A subscription to one resource event, compared without regard to case or spacing.

    Attributes:
        resource_name: the webhook resource name as the caller spelled it (``"RFIs"``).
        event_type: ``create``, ``update`` or ``delete``, lower case as the docs send it
            (Procore docs: Set Up Webhooks).
    """

    resource_name: str
    event_type: str

    @property
    def key(self) -> tuple[str, str]:
        """The comparison key: casefolded, whitespace collapsed (v1 event types come back
        upper case; Procore API reference: Create Webhooks Trigger)."""
        return event_key(self.resource_name, self.event_type)


def event_key(resource_name: str, event_type: str) -> tuple[str, str]:
    """Compare triggers ignoring case and repeated spaces (``UPDATE`` in Procore API reference:
    Create Webhooks Trigger vs ``update`` in Procore docs: Set Up Webhooks)."""
    return " ".join(resource_name.split()).casefold(), event_type.strip().casefold()


def normalise_events(events: Iterable[Any]) -> list[TriggerKey]:
    """Check and de-duplicate ``[("RFIs", "create"), ...]`` (or ``{"resource_name", "event_type"}``
    mappings, or ``TriggerKey``), keeping the first spelling of each.

    Raises:
        ArgumentTypeError: ``events`` is not a list, or an item is not a (resource name, event
            type) pair of strings.
        InvalidArgumentError: a resource name is empty, or an event type is not ``create``,
            ``update`` or ``delete``.
    """
    pairs = "a list of (resource_name, event_type) pairs, e.g. [('RFIs', 'create')]"
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
        raise argument_type_error("events", events, pairs)
    out: list[TriggerKey] = []
    seen: set[tuple[str, str]] = set()
    for item in events:
        name: object
        event: object
        if isinstance(item, TriggerKey):
            name, event = item.resource_name, item.event_type
        elif isinstance(item, Mapping):
            name, event = item.get("resource_name"), item.get("event_type")
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            name, event = item
        else:
            raise ArgumentTypeError(
                f"events must be {pairs}; got the item {describe_value(item)}", argument="events"
            )
        if not isinstance(name, str):
            raise ArgumentTypeError(
                f"events: each resource_name must be a string; got {describe_value(name)}",
                argument="events",
            )
        if not name.strip():
            raise InvalidArgumentError(
                f"events: each resource_name must be non-empty (e.g. 'RFIs'); got {name!r}",
                argument="events",
            )
        if not isinstance(event, str) or event.strip().casefold() not in _EVENT_TYPES:
            raise InvalidArgumentError(
                "events: each event_type must be 'create', 'update' or 'delete'; "
                f"got {describe_value(event)}",
                argument="events",
            )
        trigger = TriggerKey(" ".join(name.split()), event.strip().casefold())
        if trigger.key not in seen:
            seen.add(trigger.key)
            out.append(trigger)
    return out


# -- ensure's plan -----------------------------------------------------------------------------


@attrs.frozen
class TriggerState:
    """An existing trigger, reduced to what the plan compares.

    Attributes:
        id: the trigger id (int in v1, str in v2).
        resource_name: as Procore returned it.
        event_type: as Procore returned it (upper case in the v1 OAS).
    """

    id: int | str
    resource_name: str
    event_type: str


@attrs.frozen
class TriggerPlan:
    """What ensure does to a hook's triggers.

    Attributes:
        create: wanted triggers that do not exist yet.
        delete: ids of existing triggers no longer wanted, and of duplicates of wanted ones.
        unchanged: ids of existing triggers that stay.
    """

    create: tuple[TriggerKey, ...]
    delete: tuple[int | str, ...]
    unchanged: tuple[int | str, ...]

    @property
    def changes(self) -> bool:
        """Whether anything is to be written."""
        return bool(self.create or self.delete)


def plan_triggers(existing: Iterable[TriggerState], wanted: Iterable[TriggerKey]) -> TriggerPlan:
    """Diff existing triggers against the wanted ones, ignoring case (see ``event_key``).

    Each wanted event keeps one existing trigger; extra copies and unwanted triggers are
    deleted; missing ones are created. Order follows the inputs, so plans are reproducible.
    """
    wanted_list = list(wanted)
    wanted_keys = {w.key for w in wanted_list}
    kept: dict[tuple[str, str], int | str] = {}
    delete: list[int | str] = []
    for trigger in existing:
        key = event_key(trigger.resource_name or "", trigger.event_type or "")
        if key in wanted_keys and key not in kept:
            kept[key] = trigger.id
        else:
            delete.append(trigger.id)
    create = tuple(w for w in wanted_list if w.key not in kept)
    return TriggerPlan(create=create, delete=tuple(delete), unchanged=tuple(kept.values()))


@attrs.frozen
class HookState:
    """An existing hook, reduced to what the plan compares (both API versions).

    Attributes:
        id: the hook id.
        destination_url: where it posts.
        authorization: the masked ``Authorization`` header (Procore API reference: Create Webhooks
            Hook), or ``None``.
        payload_version: the long form (``"v2.0"``), or ``None`` when not reported.
        status: v2 ``active``/``disabled``; ``None`` in v1.
    """

    id: int | str
    destination_url: str | None
    authorization: str | None = attrs.field(default=None, repr=False)
    payload_version: str | None = None
    status: str | None = None


@attrs.frozen
class HookPlan:
    """What ensure does to the hook.

    Attributes:
        hook_id: the hook to keep or update; ``None`` means create one.
        destination_url: set it (create, or it differs).
        payload_version: set it (create, or it differs).
        set_authorization: send the ``Authorization`` header (a new hook, or a rotated secret).
        activate: v2 only: set ``status`` to ``active`` (Procore disables failing hooks;
            Procore docs: How Webhooks Work).
    """

    hook_id: int | str | None
    destination_url: str | None = None
    payload_version: str | None = None
    set_authorization: bool = False
    activate: bool = False

    @property
    def changes(self) -> bool:
        """Whether the hook is to be created or updated."""
        return self.hook_id is None or bool(
            self.destination_url or self.payload_version or self.set_authorization or self.activate
        )


def _same_url(a: str | None, b: str) -> bool:
    return (a or "").rstrip("/") == b.rstrip("/")


def plan_hook(
    existing: Sequence[HookState],
    *,
    destination_url: str,
    payload_version: str,
    authorization: str | None,
) -> HookPlan:
    """Choose and diff the namespace's hook for a destination.

    The hook posting to ``destination_url`` is used; failing that, the namespace's only hook
    (its URL is updated, e.g. after a domain move); with several others a new one is created.
    ``authorization`` is the caller's secret, or ``None`` to keep whatever the hook has (only a
    new hook gets a generated one). Masked values compare by their last 5 characters
    (Procore API reference: Create Webhooks Hook), so a secret whose last 5 characters differ is
    rotated.
    """
    match = next((h for h in existing if _same_url(h.destination_url, destination_url)), None)
    if match is None and len(existing) == 1:
        match = existing[0]
    if match is None:
        return HookPlan(
            hook_id=None,
            destination_url=destination_url,
            payload_version=payload_version,
            set_authorization=True,
        )
    current_version = (
        normalise_payload_version(match.payload_version) if match.payload_version else None
    )
    # Without a secret from the caller an existing hook keeps its headers: rotating on every
    # run would lock out receivers holding the current one.
    rotate = authorization is not None and not authorization_matches(
        match.authorization, authorization
    )
    return HookPlan(
        hook_id=match.id,
        destination_url=None
        if _same_url(match.destination_url, destination_url)
        else destination_url,
        # A hook that reports no version is left alone: an unknown is not a difference.
        payload_version=None if current_version in (None, payload_version) else payload_version,
        set_authorization=rotate,
        activate=match.status is not None and match.status.casefold() == "disabled",
    )


# -- results -----------------------------------------------------------------------------

AnyHook = Union[Hook, HookV2]
"""A hook in the v1.0 (``Hook``) or v2.0 shape."""
AnyTrigger = Union[Trigger, TriggerV2]
"""A trigger in the v1.0 (``Trigger``) or v2.0 shape."""
AnyDelivery = Union[Delivery, DeliveryV2]
"""A delivery in the v1.0 (``Delivery``) or v2.0 shape."""
AnyResourceInfo = Union[WebhookResourceInfo, WebhookResourceInfoV2]


@attrs.frozen
class TriggerFailure:
    """One trigger a bulk call did not create or delete (207 Multi-Status; Procore API reference:
    Bulk Create Triggers).

    Attributes:
        trigger: the (resource name, event type) asked for, or the id asked to delete.
        error: what Procore said about it, when it said anything.
    """

    trigger: TriggerKey | int | str
    error: Any = None


@attrs.frozen
class BulkTriggerResult:
    """The outcome of a chunked bulk create or delete.

    Attributes:
        created: triggers Procore created.
        deleted: ids of triggers Procore deleted.
        failed: what failed, item by item (207 Multi-Status, or a chunk refused with 400/422).
        requests: how many bulk calls were made (one per 500 triggers;
            Procore API reference: Bulk Create Triggers).
    """

    created: tuple[AnyTrigger, ...] = ()
    deleted: tuple[int | str, ...] = ()
    failed: tuple[TriggerFailure, ...] = ()
    requests: int = 0

    @property
    def ok(self) -> bool:
        """Whether every trigger succeeded."""
        return not self.failed


def _redact(value: str | None) -> str:
    return "None" if value is None else "'<redacted>'"


@attrs.frozen
class EnsureResult:
    """What ``client.webhooks.ensure()`` found and changed.

    Attributes:
        hook: the hook as Procore returned it after the run.
        created_triggers: triggers this run created.
        deleted_triggers: triggers this run deleted (as they were before).
        unchanged: triggers left as they were.
        authorization: the ``Authorization`` value the hook sends, when this run knows it: the
            one you passed, or a new one it generated (``generated_secret``). Store a generated
            one now (for your ``WebhookReceiver``): Procore shows only
            its last 5 characters afterwards (Procore API reference: Create Webhooks Hook). ``None``
            when the hook kept a secret from an earlier run. Never shown by ``repr``.
        generated_secret: whether ``authorization`` was generated by this run.
        hook_created: whether this run created the hook.
        hook_updated: whether this run changed the hook (URL, secret, payload version, status).
        failed_triggers: triggers a bulk create did not create (see ``TriggerFailure``).
        writes: the write requests this run made (0 when nothing changed).
    """

    hook: AnyHook
    created_triggers: tuple[AnyTrigger, ...] = ()
    deleted_triggers: tuple[AnyTrigger, ...] = ()
    unchanged: tuple[AnyTrigger, ...] = ()
    authorization: str | None = attrs.field(default=None, repr=_redact)
    generated_secret: bool = False
    hook_created: bool = False
    hook_updated: bool = False
    failed_triggers: tuple[TriggerFailure, ...] = ()
    writes: int = 0

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return self.writes > 0


class WebhookEnsureError(ProcoreError):
    """``ensure`` could not create some triggers (they are in ``result.failed_triggers``).

    Attributes:
        result: what the run did; its ``authorization`` holds a generated secret, if any.
    """

    def __init__(self, message: str, *, result: EnsureResult) -> None:
        super().__init__(message)
        self.result = result


# -- request plumbing shared by both clients (pure) ------------------------------------------


@attrs.frozen
class Scope:
    """Where a webhooks call applies: a company, or a project (of a company), in one version.

    Attributes:
        version: ``v1.0`` (scope in the query or body; Procore docs: Set Up Webhooks) or
            ``v2.0`` (in the path; Procore API reference: Webhooks (v2.0)).
        company_id: the company (also sent as ``Procore-Company-Id``), when known.
        project_id: the project, for project scope.
    """

    version: ApiVersion
    company_id: int | None
    project_id: int | None

    def v1_values(self) -> dict[str, int]:
        """The v1 scope parameter: ``project_id`` or ``company_id``, one per request
        (Procore docs: Set Up Webhooks)."""
        if self.project_id is not None:
            return {"project_id": self.project_id}
        assert self.company_id is not None
        return {"company_id": self.company_id}


def positive_int(value: object, name: str) -> int:
    """``value`` when it is a positive ``int``.

    Raises:
        ConfigurationError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{name} must be a positive integer, got {value!r}", argument=name)
    return value


def masked_authorization(hook: AnyHook) -> str | None:
    """The hook's (masked; Procore API reference: Create Webhooks Hook) ``Authorization`` header in
    either shape, or ``None``."""
    headers = hook.destination_headers
    if headers is None:
        return None
    if isinstance(headers, Mapping):
        for key, value in headers.items():
            if str(key).lower() == "authorization" and value is not None:
                return str(value)
        return None
    value = headers.authorization
    if value is None:
        value = next((v for k, v in headers.extra.items() if k.lower() == "authorization"), None)
    return None if value is None else str(value)


def hook_state(hook: AnyHook) -> HookState:
    """Reduce a v1 or v2 hook to what ``plan_hook`` compares."""
    if isinstance(hook, HookV2):
        version = hook.payload_version
        status = hook.status
    else:
        version = hook.api_version
        status = None
    assert hook.id is not None
    return HookState(
        id=hook.id,
        destination_url=hook.destination_url,
        authorization=masked_authorization(hook),
        payload_version=version,
        status=status,
    )


def hook_in_scope(hook: AnyHook, scope: Scope) -> bool:
    """Whether a listed hook belongs to the scope (be liberal: a list may include others)."""
    owned: object = hook.project_id if isinstance(hook, HookV2) else hook.owned_by_project_id
    if scope.project_id is None:
        return owned in (None, "")
    return owned in (None, "") or str(owned) == str(scope.project_id)


def bulk_success_items(answer: Any) -> list[Any]:
    """The succeeded items of a bulk answer: v1 ``success``; v2 ``data`` or ``data.succeeded``
    (read with or without the ``data`` envelope, which the pipeline removes)."""
    if isinstance(answer, list):
        return answer
    if not isinstance(answer, Mapping):
        return []
    for key in ("success", "data", "succeeded"):
        value = answer.get(key)
        if isinstance(value, Mapping):
            value = value.get("succeeded", value.get("success"))
        if isinstance(value, list):
            return value
    return []


def bulk_item_id(item: Any) -> Any:
    """The id of a bulk answer item (an id, or a trigger object)."""
    return item.get("id") if isinstance(item, Mapping) else item


def bulk_error_items(answer: Any) -> list[Any]:
    """The error entries of a bulk answer, when Procore sent any (the 207 body has no
    schema in Procore API reference: Bulk Create Triggers)."""
    if isinstance(answer, Mapping):
        for key in ("errors", "failed", "failures"):
            value = answer.get(key)
            if isinstance(value, list):
                return value
    return []


def bulk_error_for(trigger: TriggerKey | int | str, errors: Sequence[Any]) -> Any:
    """Procore's error entry for one item of a 207 answer, when one names it."""
    for entry in errors:
        if not isinstance(entry, Mapping):
            continue
        named = entry.get("trigger", entry)
        if isinstance(trigger, TriggerKey):
            if (
                isinstance(named, Mapping)
                and event_key(str(named.get("resource_name", "")), str(named.get("event_type", "")))
                == trigger.key
            ):
                return entry.get("errors", entry)
        elif str(bulk_item_id(named)) == str(trigger):
            return entry.get("errors", entry)
    return None


def error_summary(exc: ProcoreError) -> Any:
    """What to report for a refused bulk chunk: Procore's details, else the message."""
    details = getattr(exc, "details", None)
    return details if details is not None else str(exc)


# -- fetching the current state of an event's record -----------------------------------------

FETCHABLE_RESOURCES: Mapping[str, str] = {
    # webhook resource slug (ResourceKey.slug; names from Procore API reference: List Webhooks
    # Resources) -> endpoint in procore_sdk._endpoints
    "projects": "projects",
    "company_users": "company_users",
    "project_users": "project_users",
    "company_vendors": "vendors",
    "project_vendors": "project_vendors",
    "cost_codes": "cost_codes",
    "standard_cost_code_lists": "standard_cost_code_lists",
    "line_item_types": "line_item_types",
    "rfis": "rfis",
    "submittals": "submittals",
    "observation_items": "observations",
    "punch_items": "punch_items",
    "manpower_logs": "manpower_logs",
    "notes_logs": "notes_logs",
    "weather_logs": "weather_logs",
    "work_logs": "work_logs",
}
"""Webhook resources whose record one GET can fetch from the event's ids alone. Others (RFI
Replies need the RFI id, Standard Cost Codes their list id, ...) are not in the table."""


class UnknownWebhookResourceError(ProcoreError, ValueError):
    """The SDK cannot fetch the record of this webhook resource from the event alone.

    Attributes:
        resource_name: the event's resource name.
    """

    def __init__(self, message: str, *, resource_name: str) -> None:
        super().__init__(message)
        self.resource_name = resource_name


@attrs.frozen
class FetchPlan:
    """The GET that returns an event's record (pure data; see ``plan_fetch``).

    Attributes:
        resource: the client resource group (``"rfis"``), a key of ``procore_sdk._endpoints``.
        resource_id: the record id.
        project_id: the project, for project-level resources (``None`` otherwise).
        model: the read model to structure the body as.
        path: the request path.
        params: the query.
        company_id: the ``Procore-Company-Id`` to send, when the event named a company.
        envelope: ``"data"`` for a v2 body, else ``None``.
        operation: the operation of the operation table that the GET runs.
    """

    resource: str
    model: type[Any]
    path: str
    params: Mapping[str, Any]
    company_id: int | None
    resource_id: int | str
    operation: Operation
    project_id: int | None = None
    envelope: str | None = None


def plan_fetch(key: ResourceKey, *, default_company_id: int | None) -> FetchPlan | None:
    """The GET for an event's record, or ``None`` for a ``delete`` event (nothing to fetch).

    For creates and updates, follow up with a GET (Procore's webhooks docs). The resource's
    ``retrieve`` operation of the operation table is used, with the scope placed by the one
    pipeline step; project-level resources get the event's project.

    Raises:
        UnknownWebhookResourceError: the resource is not in ``FETCHABLE_RESOURCES``, or the
            event lacks an id the path needs (e.g. no ``project_id`` for an RFI).
    """
    # Imported here: procore_sdk.webhooks imports this module (no cycle at import time).
    from .webhooks._event import as_int

    if key.deleted:
        return None
    name = FETCHABLE_RESOURCES.get(key.slug)
    if name is None:
        raise UnknownWebhookResourceError(
            f"cannot fetch webhook resource {key.resource_name!r}: the SDK maps no GET to it "
            f"from an event's ids (fetchable: {', '.join(sorted(FETCHABLE_RESOURCES))}); "
            "use client.get() with its path",
            resource_name=key.resource_name,
        )
    op = operation_for(name, "retrieve")
    model = model_of(op)
    if model is None:  # pragma: no cover - every fetchable resource has a read model
        raise UnknownWebhookResourceError(
            f"cannot fetch {key.resource_name}: no model for {op.name}",
            resource_name=key.resource_name,
        )
    company = as_int(key.company_id)
    if company is None:
        company = default_company_id
    number = as_int(key.resource_id)
    resource_id: int | str = key.resource_id if number is None else number
    needs_project = any(scope.name == "project_id" for scope in op.scope)
    project = as_int(key.project_id) if needs_project else None
    try:
        placed = place_scope(op, {"company_id": company, "project_id": project, "id": resource_id})
    except InvalidArgumentError as exc:
        raise UnknownWebhookResourceError(
            f"cannot fetch {key.resource_name} {key.resource_id}: {exc}",
            resource_name=key.resource_name,
        ) from None
    return FetchPlan(
        resource=name,
        model=model,
        path=placed.path,
        params=placed.query,
        company_id=company,
        resource_id=resource_id,
        project_id=project,
        envelope=op.envelope,
        operation=op,
    )
