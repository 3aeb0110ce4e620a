"""Fetch the current state of the record a webhook event is about (Procore's webhooks docs:
follow a create or update up with a GET).

Fetching is webhook management, not receiving: the I/O lives once, in ``client.webhooks.fetch``
(``procore_sdk/_async/_webhook_workflows.py`` and its generated blocking twin). These functions
are the spelling the receiving docs use; they call ``client.webhooks.fetch`` and import no
client, so ``procore_sdk.webhooks`` stays free of the clients (no import loop).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from .._webhook_rules import FETCHABLE_RESOURCES, UnknownWebhookResourceError

if TYPE_CHECKING:
    from ._event import ResourceKey, WebhookEvent

__all__ = [
    "FETCHABLE_RESOURCES",
    "UnknownWebhookResourceError",
    "async_fetch_resource",
    "fetch_resource",
]


class _Fetches(Protocol):
    def fetch(self, event: WebhookEvent | ResourceKey, *, company_id: int | None = None) -> Any: ...


class _AsyncFetches(Protocol):
    async def fetch(
        self, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
    ) -> Any: ...


class _Client(Protocol):
    """A ``procore_sdk.Procore`` as far as fetching goes."""

    @property
    def webhooks(self) -> _Fetches: ...


class _AsyncClient(Protocol):
    """A ``procore_sdk.AsyncProcore`` as far as fetching goes."""

    @property
    def webhooks(self) -> _AsyncFetches: ...


def fetch_resource(
    client: _Client, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
) -> Any:
    """GET the current state of the record ``event`` is about, typed: the same as
    ``client.webhooks.fetch(event)``.

    Example::

        @receiver.on("RFIs", "update")
        def rfi_changed(event):
            rfi = fetch_resource(client, event)   # procore_sdk.models.Rfi, or None

    Args:
        client: a ``procore_sdk.Procore`` (use ``async_fetch_resource`` with
            ``procore_sdk.AsyncProcore``).
        event: the event, or its ``resource_key``.
        company_id: the company when the event names none (default: the client's).

    Returns:
        The record as its model (``"RFIs"`` -> ``procore_sdk.models.Rfi``, ...); ``None``
        for a ``delete`` event, or when Procore answers 404 (deleted since, or not visible to
        this app).

    Raises:
        UnknownWebhookResourceError: the resource is not in ``FETCHABLE_RESOURCES``.
        TypeError: an ``AsyncProcore`` was passed.
    """
    if hasattr(client, "__aenter__"):
        raise TypeError("fetch_resource() takes a Procore client; use async_fetch_resource()")
    return client.webhooks.fetch(event, company_id=company_id)


async def async_fetch_resource(
    client: _AsyncClient, event: WebhookEvent | ResourceKey, *, company_id: int | None = None
) -> Any:
    """The async twin of ``fetch_resource``, for ``procore_sdk.AsyncProcore``: the
    same as ``await client.webhooks.fetch(event)``."""
    if not hasattr(client, "__aenter__"):
        raise TypeError("async_fetch_resource() takes an AsyncProcore client; use fetch_resource()")
    return await client.webhooks.fetch(event, company_id=company_id)
