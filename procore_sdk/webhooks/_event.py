"""Typed webhook events over Procore payload formats v2.0, v3.0 and v4.0. Pure, no I/O.

Procore labels a delivery with ``api_version`` (or, in v4.0, ``payload_version``). Real
deliveries carry labels the docs do not list (``"v1.0"`` with the v2.0 body), so a label is a
hint: an unknown one is parsed by the body's shape rather than refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeAlias, Union

import attrs

from .._errors import ProcoreError, argument_type_error, describe_value

__all__ = [
    "EventId",
    "EventMetadata",
    "PayloadVersion",
    "RelatedResource",
    "ResourceKey",
    "UnsupportedPayloadVersionError",
    "WebhookEvent",
    "WebhookPayloadError",
    "as_int",
    "parse_event",
    "parse_timestamp",
    "resource_slug",
]

EventId: TypeAlias = Union[int, str]
"""An id as Procore sent it: an ``int`` in payloads v2.0/v3.0, a ``str`` in v4.0 (Procore docs: How
Webhooks Work)."""

PayloadVersion: TypeAlias = Literal["2.0", "3.0", "4.0"]

_MAX_ERROR_VALUE = 60


class WebhookPayloadError(ProcoreError, ValueError):
    """A webhook body is not a Procore event: not JSON, not an object, or a required field is
    missing or of the wrong type."""


class UnsupportedPayloadVersionError(WebhookPayloadError):
    """A webhook body is in no payload format this SDK can read: its version label is unknown
    (or absent) and its fields match neither the v2.0/v3.0 nor the v4.0 shape.

    Attributes:
        version: the version label the body carried (``""`` when it had none).
    """

    def __init__(self, message: str, *, version: str) -> None:
        super().__init__(message)
        self.version = version


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_ERROR_VALUE else text[: _MAX_ERROR_VALUE - 3] + "..."


def as_int(value: EventId | None) -> int | None:
    """Return ``value`` as an ``int`` when it is one or a string of decimal digits, else ``None``.

    v4.0 payloads send ids as strings (Procore docs: How Webhooks Work); this gives the integer back
    without ever passing through ``float``, so ids above 2^53 stay exact.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 40:
        return int(value)
    return None


@attrs.frozen(slots=True, kw_only=True)
class RelatedResource:
    """A parent record named by a v3.0 event, such as the Direct Cost of a line item (Procore docs:
    How Webhooks Work).

    Attributes:
        id: the related record's id.
        name: the related resource name, e.g. ``"Direct Costs"``.
    """

    id: EventId
    name: str


@attrs.frozen(slots=True, kw_only=True)
class EventMetadata:
    """Who and what caused an event (Procore docs: How Webhooks Work). Every value may be ``None``:
    Procore nulls the ones that repeat top-level fields, and v4.0 payloads carry no metadata at all.

    Attributes:
        source_user_id: the user whose action caused the event.
        source_project_id: the project the action happened in.
        source_operation_id: Procore's id of the operation.
        source_company_id: the company the action happened in.
        source_application_id: the OAuth client id of the app that made the change; compare it
            with your own to skip events you caused.
    """

    source_user_id: EventId | None = None
    source_project_id: EventId | None = None
    source_operation_id: EventId | None = None
    source_company_id: EventId | None = None
    source_application_id: EventId | None = None


@attrs.frozen(slots=True, kw_only=True)
class ResourceKey:
    """Pure data naming the record an event is about, to fetch its current state later.

    For creates and updates, follow up with a GET (Procore docs: How Webhooks Work); an event
    carries ids, not the record.

    Attributes:
        resource_name: the webhook resource name as sent (``"RFIs"``, ``"Company Users"``).
        slug: ``resource_name`` in snake case (``"rfis"``, ``"company_users"``), a stable key
            for a table that maps webhook resources to client resources.
        resource_id: the record's id.
        company_id: the company, when the event carried one.
        project_id: the project; ``None`` for company-level events such as Company Directory.
        deleted: ``True`` for ``delete`` events, whose record can no longer be fetched.
    """

    resource_name: str
    slug: str
    resource_id: EventId
    company_id: EventId | None
    project_id: EventId | None
    deleted: bool


_SLUG_SEPARATORS = re.compile(r"[^0-9a-z]+")


def resource_slug(resource_name: str) -> str:
    """Turn a webhook resource name into snake case: ``"Direct Cost Line Items"`` ->
    ``"direct_cost_line_items"``, ``"Document Upload.Created"`` -> ``"document_upload_created"``."""
    return _SLUG_SEPARATORS.sub("_", resource_name.casefold()).strip("_")


@attrs.frozen(slots=True, kw_only=True)
class WebhookEvent:
    """One webhook event, whatever payload version Procore sent (Procore docs: How Webhooks Work).

    Field names follow v2.0/v3.0; a v4.0 ``reason`` is read as ``event_type`` and its
    ``resource_type`` as ``resource_name``. Ids are kept as sent: Python ``int`` in v2.0/v3.0
    (exact above 2^53; Procore docs: How Webhooks Work), ``str`` in v4.0; the ``*_int`` properties
    convert.

    Attributes:
        id: the event id (an int in v2.0/v3.0, a ULID string in v4.0).
        ulid: the event ULID (v2.0/v3.0; ``None`` in v4.0).
        timestamp: when the event happened, an aware UTC datetime.
        event_type: ``create``, ``update``, ``delete`` (v4.0 ``reason`` may hold others).
        resource_name: the resource, e.g. ``"RFIs"`` (v4.0 ``resource_type``).
        resource_id: the changed record's id.
        company_id: the company id, when sent.
        project_id: the project id; ``None`` for company-level events (Company Directory).
        user_id: the user who caused the event, when sent.
        payload_version: the format the body was read as: ``"2.0"``, ``"3.0"`` or ``"4.0"``.
            A ``"v1.0"`` label gives ``"2.0"`` (real Procore sends the v2.0 body under it).
        version_label: the ``api_version`` (or ``payload_version``) exactly as sent, ``None``
            when the body had none. See ``version_label_known``.
        metadata: the ``source_*`` ids; all ``None`` when the payload had none.
        related_resources: v3.0 parent records; empty otherwise.
        data: the optional v4.0 ``data`` object.
        raw: the decoded payload exactly as received, so nothing is lost.
        raw_body: the body bytes as received, when ``parse_event`` was given bytes or text
            (``None`` for a decoded mapping); the receiver always sets it.
    """

    id: EventId
    ulid: str | None
    timestamp: datetime
    event_type: str
    resource_name: str
    resource_id: EventId
    company_id: EventId | None = None
    project_id: EventId | None = None
    user_id: EventId | None = None
    payload_version: PayloadVersion
    metadata: EventMetadata = attrs.field(factory=EventMetadata)
    related_resources: tuple[RelatedResource, ...] = ()
    data: Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    version_label: str | None = None
    raw_body: bytes | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def version_label_known(self) -> bool:
        """Whether the version label is one this SDK knows (or there was none). ``False``
        means the body was read by its shape; its fields are as Procore sent them in ``raw``."""
        return self.version_label is None or _label_version(self.version_label) is not None

    @property
    def dedupe_key(self) -> str:
        """The key to drop duplicate deliveries by: the ULID, else the event id (Procore docs: How
        Webhooks Work)."""
        if self.ulid:
            return f"ulid:{self.ulid}"
        return f"id:{self.id}"

    @property
    def id_int(self) -> int | None:
        """The event id as an int, or ``None`` when it is not numeric (v4.0 ULID ids)."""
        return as_int(self.id)

    @property
    def resource_id_int(self) -> int | None:
        """The resource id as an int, or ``None`` when it is not numeric."""
        return as_int(self.resource_id)

    @property
    def company_id_int(self) -> int | None:
        """The company id as an int, or ``None`` when absent or not numeric."""
        return as_int(self.company_id)

    @property
    def project_id_int(self) -> int | None:
        """The project id as an int, or ``None`` when absent or not numeric."""
        return as_int(self.project_id)

    @property
    def user_id_int(self) -> int | None:
        """The user id as an int, or ``None`` when absent or not numeric."""
        return as_int(self.user_id)

    def resource_key(self) -> ResourceKey:
        """Name the record this event is about, as pure data (no request is made)."""
        return ResourceKey(
            resource_name=self.resource_name,
            slug=resource_slug(self.resource_name),
            resource_id=self.resource_id,
            company_id=self.company_id,
            project_id=self.project_id,
            deleted=self.event_type.casefold() == "delete",
        )


# ---------------------------------------------------------------------------------------------
# Parsing


def _reject_constant(name: str) -> Any:
    raise WebhookPayloadError(f"webhook body is not valid JSON: {name} is not allowed")


def _decode(body: bytes | bytearray | memoryview | str) -> Any:
    if isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    try:
        # json.loads keeps integers as Python ints, so ids above 2^53 stay exact (Procore docs: How
        # Webhooks Work).
        return json.loads(body, parse_constant=_reject_constant)
    except WebhookPayloadError:
        raise
    except RecursionError:
        raise WebhookPayloadError("webhook body is not valid JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int digit limit
        raise WebhookPayloadError(f"webhook body is not valid JSON: {type(exc).__name__}") from None


def _id(payload: Mapping[str, Any], key: str, *, required: bool) -> EventId | None:
    value = payload.get(key)
    if value is None:
        if required:
            raise WebhookPayloadError(f"webhook payload is missing required field {key!r}")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        # A float id would already have lost precision above 2^53 (Procore docs: How Webhooks Work).
        raise WebhookPayloadError(
            f"webhook payload field {key!r} must be an integer or a string, "
            f"not {type(value).__name__}"
        )
    if isinstance(value, str) and not value:
        if required:
            raise WebhookPayloadError(f"webhook payload field {key!r} is empty")
        return None
    return value


def _str(payload: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = payload.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise WebhookPayloadError(f"webhook payload field {key!r} must be a non-empty string")
        return value
    raise WebhookPayloadError(f"webhook payload is missing required field {keys[0]!r}")


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?",
    re.ASCII,
)


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 timestamp into an aware UTC datetime.

    Accepts a ``Z`` suffix and 1 to 9 fraction digits on every Python version
    (``datetime.fromisoformat`` rejects ``Z`` before 3.11). A timestamp without an offset is
    taken as UTC, as Procore documents its timestamps in UTC (Procore docs: How Webhooks Work).

    Raises:
        WebhookPayloadError: the text is not such a timestamp.
    """
    match = _TIMESTAMP.fullmatch(text.strip())
    if match is None:
        raise WebhookPayloadError(f"webhook timestamp is not ISO 8601: {_short(text)}")
    year, month, day, hour, minute, second, fraction, _zulu, sign, off_h, off_m = match.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        tz = timezone.utc
        if sign:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        value = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tz
        )
    except ValueError:
        raise WebhookPayloadError(f"webhook timestamp is out of range: {_short(text)}") from None
    return value.astimezone(timezone.utc)


_VERSIONS: Mapping[str, PayloadVersion] = {
    # Hooks say "v2" while payloads say "v2.0" (Procore's naming drift); read every spelling.
    # "v1.0": real deliveries of July 2025 carry this label over the v2.0 body (integer ids,
    # ulid, metadata, event_type); Procore's docs do not list it.
    "v1": "2.0",
    "v1.0": "2.0",
    "1": "2.0",
    "1.0": "2.0",
    "v2": "2.0",
    "v2.0": "2.0",
    "2": "2.0",
    "2.0": "2.0",
    "v3": "3.0",
    "v3.0": "3.0",
    "3": "3.0",
    "3.0": "3.0",
    "v4": "4.0",
    "v4.0": "4.0",
    "4": "4.0",
    "4.0": "4.0",
}


def _label_version(label: str) -> PayloadVersion | None:
    return _VERSIONS.get(label.strip().casefold())


def _declared_label(payload: Mapping[str, Any]) -> str | None:
    """The version label as sent: ``api_version`` (v2.0/v3.0, and v1 hooks' labels), else the
    ``payload_version`` real v4.0 deliveries carry. A non-string label is described with its
    type (``"2 (int)"``), so it never matches a known spelling."""
    declared = payload.get("api_version")
    if declared is None:
        declared = payload.get("payload_version")
    if declared is None:
        return None
    return declared if isinstance(declared, str) else describe_value(declared)


def _shape_version(payload: Mapping[str, Any]) -> PayloadVersion | None:
    # v4.0 renamed event_type/resource_name to reason/resource_type; v3.0 added
    # related_resources to the v2.0 fields (Procore's "Webhooks" payload formats).
    if "reason" in payload and "resource_type" in payload:
        return "4.0"
    if "event_type" in payload and "resource_name" in payload:
        return "3.0" if "related_resources" in payload else "2.0"
    return None


def _version(payload: Mapping[str, Any], label: str | None) -> PayloadVersion:
    shaped = _shape_version(payload)
    if label is not None:
        known = _label_version(label)
        if known is not None:
            # A known label over the other family's fields (v4.0 names vs v2.0/v3.0 names):
            # the body is what Procore sent, so read it as it is shaped rather than refuse it.
            if shaped is not None and (shaped == "4.0") != (known == "4.0"):
                return shaped
            return known
    # No label, or one nobody has documented: read the body by its shape.
    if shaped is not None:
        return shaped
    if label is not None:
        raise UnsupportedPayloadVersionError(
            f"unsupported webhook payload version {_short(label)}: the body has neither the "
            "v2.0/v3.0 fields (event_type, resource_name) nor the v4.0 fields (reason, "
            "resource_type)",
            version=label,
        )
    raise UnsupportedPayloadVersionError(
        "webhook payload has no api_version and is not shaped like any known payload version",
        version="",
    )


def _metadata(payload: Mapping[str, Any]) -> EventMetadata:
    value = payload.get("metadata")
    if value is None:
        return EventMetadata()
    if not isinstance(value, Mapping):
        raise WebhookPayloadError("webhook payload field 'metadata' must be an object")
    return EventMetadata(
        **{
            field.name: _id(value, field.name, required=False)
            for field in attrs.fields(EventMetadata)
        }
    )


def _related(payload: Mapping[str, Any]) -> tuple[RelatedResource, ...]:
    value = payload.get("related_resources")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise WebhookPayloadError("webhook payload field 'related_resources' must be an array")
    related = []
    for item in value:
        if not isinstance(item, Mapping):
            raise WebhookPayloadError("each of 'related_resources' must be an object")
        related_id = _id(item, "id", required=True)
        assert related_id is not None
        related.append(RelatedResource(id=related_id, name=_str(item, "name")))
    return tuple(related)


def parse_event(body: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> WebhookEvent:
    """Parse a webhook delivery body into a ``WebhookEvent``.

    Every version label seen from Procore is read: ``v1.0`` (the v2.0 body), ``v2``, ``v2.0``,
    ``v3.0``, ``v4.0``, in ``api_version`` or in the body's ``payload_version``. A label nobody
    has seen (``"v9.9"``) is not refused: the body is read by its shape (``reason`` and
    ``resource_type`` mean v4.0, ``event_type`` and ``resource_name`` v2.0/v3.0), and the
    event's ``version_label_known`` is ``False``.

    Args:
        body: the raw request body (bytes or text), or an already decoded JSON object.

    Returns:
        The event. Its ``raw`` is the decoded payload, unchanged; ``raw_body`` the bytes given.

    Raises:
        ArgumentTypeError: ``body`` is not bytes, text or a mapping.
        UnsupportedPayloadVersionError: the body is in no format the SDK can read: its label is
            unknown or absent and it has neither shape, or its label is unknown and a field the
            shape needs is missing.
        WebhookPayloadError: the body is not JSON, not an object, or lacks a required field.
    """
    if isinstance(body, Mapping):
        payload: Any = body
        raw_body = None
    elif isinstance(body, (bytes, bytearray, memoryview, str)):
        raw_body = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
        payload = _decode(body)
    else:
        raise argument_type_error(
            "body", body, "the request body as bytes or str, or the decoded JSON object (a mapping)"
        )
    if not isinstance(payload, Mapping):
        raise WebhookPayloadError(
            f"webhook body must be a JSON object, not {type(payload).__name__}"
        )
    label = _declared_label(payload)
    version = _version(payload, label)
    try:
        return _build(payload, version, label, raw_body)
    except UnsupportedPayloadVersionError:
        raise
    except WebhookPayloadError as exc:
        if label is None or _label_version(label) is not None:
            raise
        # An unknown format that merely resembles a known one: not a malformed delivery.
        raise UnsupportedPayloadVersionError(
            f"unsupported webhook payload version {_short(label)}: read by its shape as "
            f"v{version}, {exc}",
            version=label,
        ) from None


def _build(
    payload: Mapping[str, Any],
    version: PayloadVersion,
    label: str | None,
    raw_body: bytes | None,
) -> WebhookEvent:
    if version == "4.0":
        event_type = _str(payload, "reason", "event_type")
        resource_name = _str(payload, "resource_type", "resource_name")
    else:
        event_type = _str(payload, "event_type")
        resource_name = _str(payload, "resource_name")
    event_id = _id(payload, "id", required=True)
    resource_id = _id(payload, "resource_id", required=True)
    assert event_id is not None
    assert resource_id is not None
    timestamp = payload.get("timestamp")
    if not isinstance(timestamp, str):
        raise WebhookPayloadError("webhook payload is missing required string field 'timestamp'")
    ulid = payload.get("ulid")
    if ulid is not None and not isinstance(ulid, str):
        raise WebhookPayloadError("webhook payload field 'ulid' must be a string")
    data = payload.get("data")
    if data is not None and not isinstance(data, Mapping):
        raise WebhookPayloadError("webhook payload field 'data' must be an object")
    return WebhookEvent(
        id=event_id,
        ulid=ulid or None,
        timestamp=parse_timestamp(timestamp),
        event_type=event_type,
        resource_name=resource_name,
        resource_id=resource_id,
        company_id=_id(payload, "company_id", required=False),
        # Company-level events carry no project_id (v2.0: null or absent; real v4.0
        # deliveries: ""); all read as None.
        project_id=_id(payload, "project_id", required=False),
        user_id=_id(payload, "user_id", required=False),
        payload_version=version,
        version_label=label,
        metadata=_metadata(payload),
        related_resources=_related(payload),
        data=data,
        raw=payload,
        raw_body=raw_body,
    )
