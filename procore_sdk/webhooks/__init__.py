"""Receive Procore webhooks: parse events of every payload version and serve a receiver (Procore
docs: How Webhooks Work; Set Up Webhooks).

Example::

    from procore_sdk.webhooks import WebhookReceiver

    receiver = WebhookReceiver(secrets=["Bearer <token>"])

    @receiver.on("RFIs", "update")
    def rfi_changed(event):
        print(event.resource_id)

    app = receiver.asgi_app()  # or receiver.wsgi_app()
"""

from __future__ import annotations

from .._lazy import TYPE_CHECKING, attach

if TYPE_CHECKING:
    from .._webhook_rules import generate_secret
    from ._dedupe import AtomicDedupeStore, DedupeStore, InMemoryDedupeStore
    from ._event import (
        EventId,
        EventMetadata,
        PayloadVersion,
        RelatedResource,
        ResourceKey,
        UnsupportedPayloadVersionError,
        WebhookEvent,
        WebhookPayloadError,
        as_int,
        parse_event,
        parse_timestamp,
        resource_slug,
    )
    from ._fetch import (
        FETCHABLE_RESOURCES,
        UnknownWebhookResourceError,
        async_fetch_resource,
        fetch_resource,
    )
    from ._receiver import (
        DEFAULT_MAX_BODY_BYTES,
        BackgroundTask,
        Handler,
        WebhookReceiver,
        WebhookResponse,
    )

__all__ = [
    # events
    "EventId",
    "EventMetadata",
    "PayloadVersion",
    "RelatedResource",
    "ResourceKey",
    "WebhookEvent",
    "WebhookPayloadError",
    "UnsupportedPayloadVersionError",
    "parse_event",
    "parse_timestamp",
    "as_int",
    "resource_slug",
    # receiving
    "WebhookReceiver",
    "WebhookResponse",
    "BackgroundTask",
    "Handler",
    "DEFAULT_MAX_BODY_BYTES",
    # dedupe
    "DedupeStore",
    "AtomicDedupeStore",
    "InMemoryDedupeStore",
    # fetching the current state of an event's record
    "fetch_resource",
    "async_fetch_resource",
    "FETCHABLE_RESOURCES",
    "UnknownWebhookResourceError",
    "generate_secret",
]

# Where each name in __all__ lives (the TYPE_CHECKING imports above, for type checkers); each
# loads on first use.
_EXPORTS: dict[str, tuple[str, ...]] = {
    ".._webhook_rules": ("generate_secret",),
    "._dedupe": (
        "AtomicDedupeStore",
        "DedupeStore",
        "InMemoryDedupeStore",
    ),
    "._event": (
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
    ),
    "._fetch": (
        "FETCHABLE_RESOURCES",
        "UnknownWebhookResourceError",
        "async_fetch_resource",
        "fetch_resource",
    ),
    "._receiver": (
        "DEFAULT_MAX_BODY_BYTES",
        "BackgroundTask",
        "Handler",
        "WebhookReceiver",
        "WebhookResponse",
    ),
}

# Hidden from type checkers: a module __getattr__ would make every misspelt name type-check.
if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, _EXPORTS)

del TYPE_CHECKING, attach
