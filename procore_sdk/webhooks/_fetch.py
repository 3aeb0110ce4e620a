"""Fetch the current state of the record a webhook event is about (follow up with a GET; Procore
docs: How Webhooks Work).

The I/O lives once, in ``client.webhooks.fetch`` (``procore_sdk/_async/_webhooks.py`` and its
generated sync twin); these functions are the spelling the receiving docs use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._webhook_rules import FETCHABLE_RESOURCES, UnknownWebhookResourceError

if TYPE_CHECKING:
    from .._async._client import AsyncProcore
    from .._sync._client import Procore
    from ._event import ResourceKey, WebhookEvent

__all__ = [
    "FETCHABLE_RESOURCES",
    "UnknownWebhookResourceError",
    "async_fetch_resource",
    "fetch_resource",
]


def fetch_resource(
    client: Procore, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
) -> Any:
    """GET the current state of the record ``event`` is about, typed.

    Example::

        @receiver.on("RFIs", "update")
        def rfi_changed(event):
            rfi = fetch_resource(client, event)   # procore_sdk.models.Rfi, or None

    Args:
        client: a :class:`procore_sdk.Procore` (use :func:`async_fetch_resource` with
            :class:`procore_sdk.AsyncProcore`).
        event: the event, or its :meth:`~WebhookEvent.resource_key`.
        company_id: the company when the event names none (default: the client's).

    Returns:
        The record as its model (``"RFIs"`` -> :class:`procore_sdk.models.Rfi`, ...); ``None``
        for a ``delete`` event, or when Procore answers 404 (deleted since, or not visible to
        this app; Procore docs: Troubleshooting).

    Raises:
        UnknownWebhookResourceError: the resource is not in :data:`FETCHABLE_RESOURCES`.
        TypeError: an ``AsyncProcore`` was passed.
    """
    from .._sync._webhooks import Webhooks

    if hasattr(client, "__aenter__"):
        raise TypeError("fetch_resource() takes a Procore client; use async_fetch_resource()")
    return Webhooks(client).fetch(event, company_id=company_id)


async def async_fetch_resource(
    client: AsyncProcore, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
) -> Any:
    """The async twin of :func:`fetch_resource`, for :class:`procore_sdk.AsyncProcore`."""
    from .._async._webhooks import AsyncWebhooks

    if not hasattr(client, "__aenter__"):
        raise TypeError("async_fetch_resource() takes an AsyncProcore client; use fetch_resource()")
    return await AsyncWebhooks(client).fetch(event, company_id=company_id)
