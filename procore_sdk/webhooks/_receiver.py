"""The framework-agnostic webhook receiver: verify, parse, dedupe, filter, dispatch (Procore docs:
How Webhooks Work).

The logic lives in pure steps (``WebhookReceiver._prepare`` decides everything up to
running handlers; ``WebhookReceiver._finish`` turns the handlers' outcome into a response).
``handle`` and ``async_handle`` are thin shells that only run handlers between the two.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import inspect
import json
import logging
import threading
import warnings
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

import attrs

from .._errors import (
    ArgumentTypeError,
    ConfigurationError,
    WebhookVerificationError,
    argument_type_error,
    describe_value,
)
from ._dedupe import AtomicDedupeStore, DedupeStore, InMemoryDedupeStore
from ._event import (
    UnsupportedPayloadVersionError,
    WebhookEvent,
    WebhookPayloadError,
    _short,
    parse_event,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from ._adapters import ASGIApp, WSGIApp

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "BackgroundTask",
    "Handler",
    "WebhookReceiver",
    "WebhookResponse",
]

logger = logging.getLogger("procore_sdk.webhooks")
_BEARER = "Bearer "

DEFAULT_MAX_BODY_BYTES = 1024 * 1024

Handler = Callable[[WebhookEvent], Union[Awaitable[None], None]]
"""A handler takes the event; it may be a plain function or an ``async def`` coroutine function."""

H = TypeVar("H", bound=Callable[..., Any])
T = TypeVar("T")

_WILDCARD = "*"
_JSON_HEADERS: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)


def _norm(name: str) -> str:
    """Match names ignoring case and spacing: the v1 OAS spells event types upper case (Procore
    docs: Set Up Webhooks; Procore API reference: Create Webhooks Trigger)."""
    return " ".join(name.split()).casefold()


def _json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


@attrs.frozen(slots=True)
class _Route:
    resource: str
    event_type: str
    handler: Handler
    background: bool

    def matches(self, event: WebhookEvent) -> bool:
        return (self.resource in (_WILDCARD, _norm(event.resource_name))) and (
            self.event_type in (_WILDCARD, _norm(event.event_type))
        )


def _run_coroutine(awaitable: Awaitable[Any]) -> Any:
    """Run an async handler from sync code: ``asyncio.run`` needs no loop running in this thread."""

    async def wrapper() -> Any:
        return await awaitable

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(wrapper())
    if inspect.iscoroutine(awaitable):
        awaitable.close()
    raise RuntimeError(
        "an async webhook handler cannot run from WebhookReceiver.handle() inside an event loop;"
        " use async_handle() or asgi_app()"
    )


def _call(handler: Handler, event: WebhookEvent) -> None:
    """Run a handler from sync code; an async one through ``asyncio.run``."""
    result = handler(event)
    if inspect.isawaitable(result):
        _run_coroutine(result)


async def _async_call(handler: Handler, event: WebhookEvent) -> None:
    """Run a handler from async code; a sync one in a worker thread so it cannot block the loop."""
    if _is_async(handler):
        result = handler(event)
    else:
        result = await asyncio.to_thread(handler, event)
    if inspect.isawaitable(result):
        await result


@attrs.frozen(slots=True)
class BackgroundTask:
    """A handler registered with ``background=True``, queued to run after the response is sent.

    Failures are logged, never raised: the response (200) is already on its way to Procore.
    """

    handler: Handler
    event: WebhookEvent

    def run(self) -> None:
        """Run the handler in this thread (an async handler through ``asyncio.run``)."""
        try:
            _call(self.handler, self.event)
        except Exception:
            _log_background_failure(self.event)

    async def async_run(self) -> None:
        """Run the handler on the running loop (a sync handler in a worker thread)."""
        try:
            await _async_call(self.handler, self.event)
        except Exception:
            _log_background_failure(self.event)


def _log_background_failure(event: WebhookEvent) -> None:
    logger.exception(
        "webhook event %s %s/%s: background handler failed",
        event.id,
        event.resource_name,
        event.event_type,
    )


def _is_async(handler: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)  # noqa: B004 - callable objects with async __call__
    )


@attrs.frozen(slots=True, kw_only=True)
class WebhookResponse:
    """What to answer Procore, plus work to do once the answer is sent.

    Attributes:
        status: the HTTP status (200 when the event was accepted, duplicate or ignored).
        body: a small JSON body.
        headers: response headers as ``(name, value)`` pairs.
        background: tasks to run after the response is sent (see ``run_background``).
        event: the parsed event, when the body was parsed.
        outcome: a short word for logs and tests: ``ok``, ``duplicate``, ``ignored``,
            ``unrecognised`` (an authentic delivery in a format nobody has seen, acknowledged but
            not dispatched), ``unauthorized``, ``bad_request``, ``unsupported_version``,
            ``method_not_allowed``, ``too_large``, ``handler_failed``, ``store_failed``.
    """

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = _JSON_HEADERS
    background: tuple[BackgroundTask, ...] = ()
    event: Optional[WebhookEvent] = attrs.field(default=None, repr=False)
    outcome: str = "ok"

    def run_background(self) -> None:
        """Run the background tasks in this thread, one after another."""
        for task in self.background:
            task.run()

    async def async_run_background(self) -> None:
        """Run the background tasks on the running loop, one after another."""
        for task in self.background:
            await task.async_run()

    def run_background_async(self) -> Awaitable[None]:
        """Deprecated: the SDK names coroutines ``async_x``; use ``async_run_background``."""
        warnings.warn(
            "WebhookResponse.run_background_async() is deprecated; use async_run_background()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.async_run_background()


def _response(
    status: int,
    outcome: str,
    payload: Mapping[str, Any],
    *,
    event: WebhookEvent | None = None,
    headers: tuple[tuple[str, str], ...] = _JSON_HEADERS,
    background: tuple[BackgroundTask, ...] = (),
) -> WebhookResponse:
    return WebhookResponse(
        status=status,
        body=_json(payload),
        headers=headers,
        background=background,
        event=event,
        outcome=outcome,
    )


@attrs.frozen(slots=True)
class _Dispatch:
    """The decision to run handlers for an accepted event (output of the pure first step)."""

    event: WebhookEvent
    inline: tuple[Handler, ...]
    background: tuple[BackgroundTask, ...]
    claimed: bool  # True when an atomic store already holds the key and must drop it on failure


def _header_values(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> list[str]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [value for key, value in items if key.lower() == name]


def _digest(value: bytes) -> bytes:
    # Comparing fixed-length digests hides the accepted secrets' lengths as well as their bytes.
    return hashlib.sha256(value).digest()


class _ConfigurationTypeError(ConfigurationError, ArgumentTypeError):
    """A receiver argument of the wrong type: an ``ArgumentTypeError`` (so a ``TypeError``) that
    is still the ``ConfigurationError`` the receiver has always raised at construction."""


def _type_error(argument: str, value: object, accepted: str, *, secret: bool = False) -> Exception:
    error = argument_type_error(argument, value, accepted, secret=secret)
    return _ConfigurationTypeError(str(error), argument=argument)


def _check_secret(secret: object) -> bytes:
    # Messages name the argument but never show a secret's value (only its type).
    if not isinstance(secret, str):
        raise _type_error(
            "secrets", secret, "a list of strings (Authorization values)", secret=True
        )
    if not secret.strip():
        raise ConfigurationError("secrets must not contain an empty value", argument="secrets")
    if secret != secret.strip(" \t"):
        raise ConfigurationError(
            "secrets must not start or end with whitespace", argument="secrets"
        )
    if not all(" " <= ch <= "~" for ch in secret):
        raise ConfigurationError(
            "secrets must be printable ASCII (they travel as an HTTP header value)",
            argument="secrets",
        )
    return _digest(secret.encode("ascii"))


def _ids(argument: str, values: object) -> frozenset[str]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _type_error(argument, values, "a list of ids (strings or integers)")
    out = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise _type_error(
                argument, value, "a list of ids (strings or integers), and one item is not"
            )
        out.add(str(value))
    return frozenset(out)


class WebhookReceiver:
    """Receives Procore webhook deliveries (Procore docs: How Webhooks Work) and dispatches them to
    your handlers.

    Each delivery is checked in this order: method (``POST``, else 405), ``Authorization``
    (else 401, before the body is read or looked at: the ASGI and WSGI apps answer without
    waiting for it), size (else 413), payload (400 when malformed), own-application filter
    (200, ignored), duplicate (200), then the matching handlers run.

    An authentic delivery is never refused for its payload format: Procore pauses a hook whose
    deliveries fail and discards its events after 12 hours. A version label nobody has seen is
    read by the body's shape and dispatched; a labelled body of no known shape is acknowledged
    (200, outcome ``unrecognised``) without running handlers. Either way a warning is logged
    once per label.

    A handler that raises gives 500 so Procore retries, and the event is not remembered, so the
    retry runs the handlers again. Handlers should therefore be idempotent: delivery is at least
    once (Procore docs: How Webhooks Work).

    Handlers registered with ``background=True`` run after the response is sent (Procore waits
    only 5 s; Procore docs: How Webhooks Work): the ASGI app runs them after sending the response;
    the WSGI app runs them when the server closes the response iterable (after the body is written),
    or on an executor you pass to ``wsgi_app``. Their failures are logged and cannot cause a
    retry.

    Args:
        secrets: the exact ``Authorization`` values your hooks send (``"Bearer <token>"``); the
            only authentication Procore offers (Procore docs: Set Up Webhooks). Give several to
            rotate.
        dedupe_store: a ``DedupeStore`` or ``AtomicDedupeStore``; an in-memory store
            of 10,000 keys by default.
        ignore_application_ids: skip events whose ``metadata.source_application_id`` is one of
            these (your own client id), so your writes do not echo back (Procore docs: Set Up
            Webhooks).
        ignore_user_ids: skip events whose ``metadata.source_user_id`` is one of these.
        max_body_bytes: larger bodies get 413 (default 1 MiB).

    Raises:
        ArgumentTypeError: an argument of the wrong type (named in the message).
        ConfigurationError: no secrets, an empty secret, or a bad limit.
    """

    def __init__(
        self,
        secrets: Iterable[str],
        *,
        dedupe_store: DedupeStore | AtomicDedupeStore | None = None,
        ignore_application_ids: Iterable[str | int] = (),
        ignore_user_ids: Iterable[str | int] = (),
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        if isinstance(secrets, (str, bytes)) or not isinstance(secrets, Iterable):
            raise _type_error(
                "secrets",
                secrets,
                "a list of Authorization values (e.g. ['Bearer <token>'])",
                secret=True,
            )
        # Only digests are kept, so no secret can leak through this object.
        secrets = list(secrets)
        self._digests = tuple(_check_secret(secret) for secret in secrets)
        unprefixed = [
            str(n)
            for n, s in enumerate(secrets, 1)
            if isinstance(s, str) and not s.startswith(_BEARER)
        ]
        if unprefixed:
            # The comparison is of the whole header; a bare token never matches what a hook sends.
            logger.warning(
                "WebhookReceiver: secret %s does not start with 'Bearer ' (case matters): the "
                "receiver compares the whole Authorization header, and hooks set up with "
                "client.webhooks.ensure send 'Bearer <token>'",
                ", ".join(unprefixed),
            )
        if not self._digests:
            raise ConfigurationError(
                "WebhookReceiver needs at least one secret: secrets must not be empty",
                argument="secrets",
            )
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int):
            raise _type_error("max_body_bytes", max_body_bytes, "a positive integer")
        if max_body_bytes < 1:
            raise ConfigurationError(
                f"max_body_bytes must be a positive integer; got {describe_value(max_body_bytes)}",
                argument="max_body_bytes",
            )
        store = InMemoryDedupeStore() if dedupe_store is None else dedupe_store
        if not isinstance(store, (DedupeStore, AtomicDedupeStore)):
            raise _type_error(
                "dedupe_store",
                store,
                "a store with seen(key)/mark(key) or add(key)/discard(key)",
            )
        self._store = store
        # Prefer the one-step claim when the store offers it: seen-then-mark lets two
        # simultaneous deliveries of one event both run the handlers (at-least-once delivery;
        # Procore docs: How Webhooks Work).
        self._atomic_store: AtomicDedupeStore | None = (
            store if isinstance(store, AtomicDedupeStore) else None
        )
        self._ignore_apps = _ids("ignore_application_ids", ignore_application_ids)
        self._ignore_users = _ids("ignore_user_ids", ignore_user_ids)
        self._max_body_bytes = max_body_bytes
        self._routes: list[_Route] = []
        # Version labels already warned about: one warning per label, not one per delivery.
        self._warned_labels: set[str] = set()
        self._warned_lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"WebhookReceiver(secrets=<{len(self._digests)} redacted>, "
            f"handlers={len(self._routes)}, dedupe_store={self._store!r}, "
            f"max_body_bytes={self._max_body_bytes})"
        )

    @property
    def dedupe_store(self) -> DedupeStore | AtomicDedupeStore:
        """The store that remembers handled events."""
        return self._store

    @property
    def max_body_bytes(self) -> int:
        """Bodies larger than this are refused with 413."""
        return self._max_body_bytes

    # -- registration -------------------------------------------------------------------------

    def add_handler(
        self,
        handler: Handler,
        resource_name: str = _WILDCARD,
        event_type: str = _WILDCARD,
        *,
        background: bool = False,
    ) -> None:
        """Register ``handler`` for events of ``resource_name`` and ``event_type``.

        Names match ignoring case and repeated spaces; ``"*"`` matches anything.
        """
        if not callable(handler):
            raise _type_error("handler", handler, "a function taking the WebhookEvent")
        for value, what in ((resource_name, "resource_name"), (event_type, "event_type")):
            if not isinstance(value, str):
                raise _type_error(what, value, "a non-empty string (or '*')")
            if not value.strip():
                raise ConfigurationError(
                    f"{what} must be a non-empty string (or '*'); got {describe_value(value)}",
                    argument=what,
                )
        self._routes.append(_Route(_norm(resource_name), _norm(event_type), handler, background))

    def on(
        self,
        resource_name: str = _WILDCARD,
        event_type: str = _WILDCARD,
        *,
        background: bool = False,
    ) -> Callable[[H], H]:
        """Decorator: run the function for matching events.

        Example::

            @receiver.on("RFIs", "update")
            def rfi_changed(event: WebhookEvent) -> None: ...

        Args:
            resource_name: e.g. ``"RFIs"``, or ``"*"`` for any resource.
            event_type: ``"create"``, ``"update"``, ``"delete"`` (v4 ``reason``), or ``"*"``.
            background: run after the response is sent; a failure then cannot cause a retry.
        """

        def register(handler: H) -> H:
            self.add_handler(handler, resource_name, event_type, background=background)
            return handler

        return register

    def on_any(self, *, background: bool = False) -> Callable[[H], H]:
        """Decorator: run the function for every event (same as ``on("*", "*")``)."""
        return self.on(_WILDCARD, _WILDCARD, background=background)

    # -- verification -------------------------------------------------------------------------

    def is_authorized(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> bool:
        """Return whether the headers carry one of the accepted ``Authorization`` values.

        The comparison is constant time and always runs against every accepted secret, so the
        timing reveals neither whether nor which secret matched. Header names are
        case-insensitive; a request with several ``Authorization`` headers is refused.
        """
        values = _header_values(headers, "authorization")
        candidate = values[0].strip(" \t") if len(values) == 1 else ""
        digest = _digest(candidate.encode("utf-8", "surrogatepass"))
        matched = False
        for accepted in self._digests:
            matched |= hmac.compare_digest(digest, accepted)
        return matched and len(values) == 1

    def verify(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Raise unless the headers carry an accepted ``Authorization`` value.

        Raises:
            WebhookVerificationError: missing or wrong ``Authorization`` (never says which).
        """
        if not self.is_authorized(headers):
            raise WebhookVerificationError(
                "webhook delivery refused: missing or wrong Authorization header"
            )

    # -- the pure steps -----------------------------------------------------------------------

    def _refuse_before_body(
        self,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        method: str,
    ) -> WebhookResponse | None:
        """The answer that needs no body (405 or 401), or ``None``. The adapters call it before
        reading the body, so an unauthenticated client cannot hold a worker with a slow one."""
        if method.upper() != "POST":  # Procore delivers with POST (Procore docs: How Webhooks Work)
            logger.info("webhook request refused: method %s not allowed", method[:16])
            return _response(
                405,
                "method_not_allowed",
                {"error": "method not allowed"},
                headers=(*_JSON_HEADERS, ("allow", "POST")),
            )
        if not self.is_authorized(headers):
            if self._matches_but_for_bearer(headers):
                logger.warning(
                    "webhook request refused: the Authorization header matches an accepted "
                    "secret only when its 'Bearer ' prefix is added, removed or recased; give "
                    "the receiver the header value exactly as the hook sends it"
                )
            else:
                logger.warning("webhook request refused: missing or wrong Authorization header")
            return _response(401, "unauthorized", {"error": "unauthorized"})
        return None

    def _matches_but_for_bearer(
        self, headers: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> bool:
        """Whether the refused header would match with its ``Bearer `` prefix normalised (the
        usual misconfiguration); only says so in the log, never lets the request in."""
        values = _header_values(headers, "authorization")
        if len(values) != 1:
            return False
        value = values[0].strip(" \t")
        token = value[len(_BEARER) :] if value.lower().startswith("bearer ") else value
        variants = {token, _BEARER + token, "bearer " + token}
        digests = [_digest(v.encode("utf-8", "surrogatepass")) for v in sorted(variants)]
        return any(hmac.compare_digest(d, a) for d in digests for a in self._digests)

    def _warn_label_once(self, label: str, message: str, *args: Any) -> None:
        with self._warned_lock:
            if label in self._warned_labels:
                return
            self._warned_labels.add(label)
        logger.warning(message, *args)

    def _prepare(
        self,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        method: str,
    ) -> WebhookResponse | _Dispatch:
        refused = self._refuse_before_body(headers, method)
        if refused is not None:
            return refused
        if len(body) > self._max_body_bytes:
            logger.warning(
                "webhook request refused: body larger than %d bytes", self._max_body_bytes
            )
            return _response(413, "too_large", {"error": "body too large"})
        try:
            event = parse_event(body)
        except UnsupportedPayloadVersionError as exc:
            if not exc.version:
                # No version label and no known shape: not a Procore event.
                logger.warning("webhook request refused: %s", exc)
                return _response(400, "unsupported_version", {"error": str(exc)})
            # An authentic delivery in a format nobody has seen: refusing it would pause the
            # hook and lose its events after 12 h, so acknowledge it.
            self._warn_label_once(
                exc.version,
                "webhook payload version %s is unknown and its body has no known shape; "
                "deliveries labelled so are acknowledged (200) but no handler runs: %s",
                _short(exc.version),
                exc,
            )
            return _response(200, "unrecognised", {"ok": True, "unrecognised": True})
        except WebhookPayloadError as exc:
            logger.warning("webhook request refused: %s", exc)
            return _response(400, "bad_request", {"error": str(exc)})
        if event.version_label is not None and not event.version_label_known:
            self._warn_label_once(
                event.version_label,
                "webhook payload version %s is unknown; read by the body's shape as v%s "
                "(event.raw and event.raw_body keep the body as sent)",
                _short(event.version_label),
                event.payload_version,
            )
        source = event.metadata
        # source_application_id / source_user_id identify changes your own app made (Procore docs:
        # Set Up Webhooks).
        if (
            source.source_application_id is not None
            and str(source.source_application_id) in self._ignore_apps
        ):
            return self._log_outcome(
                event, _response(200, "ignored", {"ignored": "source_application_id"}, event=event)
            )
        if source.source_user_id is not None and str(source.source_user_id) in self._ignore_users:
            return self._log_outcome(
                event, _response(200, "ignored", {"ignored": "source_user_id"}, event=event)
            )
        key = event.dedupe_key
        try:
            if self._atomic_store is not None:
                duplicate = not self._atomic_store.add(key)
                claimed = not duplicate
            elif isinstance(self._store, DedupeStore):
                duplicate, claimed = self._store.seen(key), False
            else:  # pragma: no cover - __init__ accepts only the two protocols
                raise TypeError("unsupported dedupe store")
        except Exception:
            logger.exception("webhook event %s: dedupe store failed", event.id)
            return _response(500, "store_failed", {"error": "dedupe store failed"}, event=event)
        if duplicate:
            return self._log_outcome(
                event, _response(200, "duplicate", {"duplicate": True}, event=event)
            )
        routes = [route for route in self._routes if route.matches(event)]
        return _Dispatch(
            event=event,
            inline=tuple(r.handler for r in routes if not r.background),
            background=tuple(BackgroundTask(r.handler, event) for r in routes if r.background),
            claimed=claimed,
        )

    def _finish(self, dispatch: _Dispatch, failed: bool) -> WebhookResponse:
        event = dispatch.event
        key = event.dedupe_key
        try:
            if failed:
                # Forget the event so Procore's retry is handled (non-2xx is retried; Procore docs:
                # How Webhooks Work).
                if dispatch.claimed and self._atomic_store is not None:
                    self._atomic_store.discard(key)
            elif not dispatch.claimed and isinstance(self._store, DedupeStore):
                self._store.mark(key)
        except Exception:
            logger.exception("webhook event %s: dedupe store failed", event.id)
            if not failed:
                return self._log_outcome(
                    event,
                    _response(500, "store_failed", {"error": "dedupe store failed"}, event=event),
                )
        if failed:
            return self._log_outcome(
                event, _response(500, "handler_failed", {"error": "handler failed"}, event=event)
            )
        return self._log_outcome(
            event, _response(200, "ok", {"ok": True}, event=event, background=dispatch.background)
        )

    @staticmethod
    def _log_outcome(event: WebhookEvent, response: WebhookResponse) -> WebhookResponse:
        level = logging.INFO if response.status < 500 else logging.ERROR
        logger.log(
            level,
            "webhook event %s %s/%s: %s",
            event.id,
            event.resource_name,
            event.event_type,
            response.outcome,
        )
        return response

    @staticmethod
    def _log_handler_failure(event: WebhookEvent) -> None:
        logger.exception(
            "webhook event %s %s/%s: handler failed",
            event.id,
            event.resource_name,
            event.event_type,
        )

    # -- the shells ---------------------------------------------------------------------------

    def handle(
        self,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        method: str = "POST",
    ) -> WebhookResponse:
        """Handle one delivery: verify, parse, dedupe, run the inline handlers.

        Async handlers run through ``asyncio.run`` (so not inside a running event loop; use
        ``async_handle`` there). Background tasks are returned, not run: call
        ``response.run_background()`` once the response is sent.

        Args:
            headers: the request headers (a mapping or ``(name, value)`` pairs).
            body: the raw request body.
            method: the request method.
        """
        step = self._prepare(headers, body, method)
        if isinstance(step, WebhookResponse):
            return step
        failed = False
        for handler in step.inline:
            try:
                _call(handler, step.event)
            except Exception:
                self._log_handler_failure(step.event)
                failed = True
                break
        return self._finish(step, failed)

    async def async_handle(
        self,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        method: str = "POST",
    ) -> WebhookResponse:
        """The async twin of ``handle``.

        Async handlers are awaited; sync handlers run in a worker thread so they cannot block the
        event loop. Call ``await response.async_run_background()`` once the response is sent.
        """
        step = await self._store_step(self._prepare, headers, body, method)
        if isinstance(step, WebhookResponse):
            return step
        failed = False
        for handler in step.inline:
            try:
                await _async_call(handler, step.event)
            except Exception:
                self._log_handler_failure(step.event)
                failed = True
                break
        return await self._store_step(self._finish, step, failed)

    def handle_async(
        self,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        method: str = "POST",
    ) -> Awaitable[WebhookResponse]:
        """Deprecated: the SDK names coroutines ``async_x``; use ``async_handle``."""
        warnings.warn(
            "WebhookReceiver.handle_async() is deprecated; use async_handle()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.async_handle(headers, body, method=method)

    async def _store_step(self, step: Callable[..., T], *args: Any) -> T:
        """A step that calls the dedupe store: in a worker thread unless the store is the
        in-memory one, so a shared store (Redis, a database) never blocks the event loop."""
        if isinstance(self._store, InMemoryDedupeStore):
            return step(*args)
        return await asyncio.to_thread(step, *args)

    # -- adapters -----------------------------------------------------------------------------

    def asgi_app(self) -> ASGIApp:
        """Return an ASGI 3 application serving this receiver (Starlette, FastAPI, uvicorn)."""
        from ._adapters import make_asgi_app

        return make_asgi_app(self)

    def wsgi_app(self, *, executor: Executor | None = None) -> WSGIApp:
        """Return a WSGI application serving this receiver (Flask, Django, gunicorn).

        Args:
            executor: where to run background handlers. By default they run in the server's
                thread when it closes the response, i.e. after the body is written.
        """
        from ._adapters import make_wsgi_app

        return make_wsgi_app(self, executor=executor)
