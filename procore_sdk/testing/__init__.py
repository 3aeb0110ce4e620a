"""A fake Procore for tests, examples and benchmarks: ``FakeProcore`` and its helpers.

``FakeProcore`` serves Procore's documented behaviour (OAuth, company header, pagination,
filters, Sync, webhooks, rate limits) in memory, through an httpx transport, an ASGI app or a
real loopback socket. See ``procore_sdk.testing.vcr`` for cassette helpers.
"""

from __future__ import annotations

from ._app import DEFAULT_SIZES, FakeProcore, FakeResponse, RecordedRequest, Validator
from ._faults import DroppedConnection, Fault, FaultKind
from ._oauth import IssuedToken
from ._webhooks import Delivery, DeliveryAttempt, Hook, Trigger

__all__ = [
    "FakeProcore",
    "DEFAULT_SIZES",
    "FakeResponse",
    "RecordedRequest",
    "Validator",
    "Fault",
    "FaultKind",
    "DroppedConnection",
    "IssuedToken",
    "Delivery",
    "DeliveryAttempt",
    "Hook",
    "Trigger",
]
