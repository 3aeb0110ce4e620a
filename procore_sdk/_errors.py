"""The SDK's exception hierarchy and the one function that maps an HTTP response to it.

::

    ProcoreError
    ├── InvalidArgumentError (also ValueError)
    │   ├── ArgumentTypeError (also TypeError)
    │   └── ConfigurationError
    ├── APIError
    │   ├── APIConnectionError
    │   │   └── APITimeoutError
    │   ├── APIStatusError
    │   │   ├── BadRequestError            400
    │   │   ├── AuthenticationError        401
    │   │   ├── PermissionDeniedError      403
    │   │   ├── NotFoundError              404 (also "you may not see it")
    │   │   ├── ConflictError              409
    │   │   ├── UnprocessableEntityError   422
    │   │   ├── RateLimitError             429
    │   │   └── InternalServerError        5xx
    │   │       └── ServiceUnavailableError 503
    │   └── ResponseValidationError
    ├── OAuthError
    │   └── ReauthorizationRequiredError
    ├── TokenStoreError
    └── WebhookVerificationError (also ValueError)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from ._oauth import TokenSet
    from ._ratelimit import RateLimit
    from ._sync_action_result import SyncResult

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ArgumentTypeError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "ProcoreError",
    "RateLimitError",
    "ReauthorizationRequiredError",
    "ResponseValidationError",
    "ServiceUnavailableError",
    "SyncFailedError",
    "SyncInterruptedError",
    "SyncValidationError",
    "TokenStoreError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "argument_type_error",
    "describe_transport_error",
    "describe_value",
    "invalid_argument",
    "make_status_error",
    "parse_error_body",
    "request_secrets",
    "scrub_secrets",
    "url_without_query",
]

_MAX_MESSAGE = 500


class ProcoreError(Exception):
    """Base class of every exception the SDK raises."""


class InvalidArgumentError(ProcoreError, ValueError):
    """An argument has a value the SDK cannot accept; raised at the call, before any request.

    The message names the argument, what was given and what is accepted. It is also a
    ``ValueError``, so ``except ValueError`` keeps working.

    Attributes:
        argument: the name of the offending argument (``"company_id"``, ``"params"``, ...).
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type; also a ``TypeError``."""


class ConfigurationError(InvalidArgumentError):
    """The client was configured in a way that cannot work; raised at construction."""


def describe_value(value: Any) -> str:
    """A short, safe rendering of a rejected value for an error message: its repr, clipped,
    with its type. Callers must not pass secrets here (name the argument instead)."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} ({type(value).__name__})"


def invalid_argument(
    argument: str, value: Any, accepted: str, *, secret: bool = False
) -> InvalidArgumentError:
    """The error for a bad argument value: ``<argument> must be <accepted>; got <value>``.

    With ``secret=True`` the value itself is never rendered, only its type.
    """
    shown = f"a {type(value).__name__}" if secret else describe_value(value)
    return InvalidArgumentError(f"{argument} must be {accepted}; got {shown}", argument=argument)


def argument_type_error(
    argument: str, value: Any, accepted: str, *, secret: bool = False
) -> ArgumentTypeError:
    """The error for an argument of the wrong type (see :func:`invalid_argument`)."""
    shown = f"a {type(value).__name__}" if secret else describe_value(value)
    return ArgumentTypeError(f"{argument} must be {accepted}; got {shown}", argument=argument)


class APIError(ProcoreError):
    """A request to Procore failed.

    Attributes:
        message: a human-readable description.
        request: the ``httpx.Request`` that failed, when there was one.
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """Procore could not be reached, or the connection broke before a response arrived."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class ResponseValidationError(APIError):
    """Procore answered with a body the SDK could not turn into the expected type.

    Attributes:
        errors: one line per problem, each naming the field path (``$.vendor.id``).
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[str] = (),
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.errors = list(errors)


class APIStatusError(APIError):
    """Procore answered with a non-success status.

    Attributes:
        status_code: the HTTP status.
        response: the ``httpx.Response``.
        body: the decoded JSON body, or the text when it was not JSON.
        procore_message: the message Procore gave, when it gave one.
        code: the v2 error ``code`` (``"BAD_REQUEST"``) or v1 ``code``, when present.
        details: v2 ``details`` or v1 ``errors``, as Procore sent them.
        request_id: the ``X-Request-Id`` header, when present.
        rate_limit: the parsed ``X-Rate-Limit-*`` headers, when present.
        retries_taken: how many retries were made before this error.
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        procore_message: str | None = None,
        code: str | None = None,
        details: Any = None,
        retries_taken: int = 0,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.procore_message = procore_message
        self.code = code
        self.details = details
        self.request_id = response.headers.get("x-request-id")
        self.retries_taken = retries_taken
        from ._ratelimit import RateLimit

        self.rate_limit: RateLimit | None = RateLimit.from_headers(response.headers)


class BadRequestError(APIStatusError):
    """400: the request was malformed or missed required fields."""


class AuthenticationError(APIStatusError):
    """401: the access token is missing, expired, revoked or invalid, or app not installed."""


class PermissionDeniedError(APIStatusError):
    """403: no permission, app not connected to this company, tool disabled, or out of scope."""


class NotFoundError(APIStatusError):
    """404: the record does not exist, or the caller is not allowed to see it.

    Procore answers 404 rather than 403 when the user cannot read a record.
    """


class ConflictError(APIStatusError):
    """409: a conflict, such as a duplicate ``origin_id`` or a concurrent Sync on direct costs."""


class UnprocessableEntityError(APIStatusError):
    """422: a business rule refused the change (status transition, locked ERP record, ...)."""


class RateLimitError(APIStatusError):
    """429: a rate limit was exceeded and the SDK stopped retrying.

    Attributes:
        retry_after: seconds Procore asked the caller to wait, when known.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: Procore failed to handle the request."""


class ServiceUnavailableError(InternalServerError):
    """503: Procore is under heavy load.

    Attributes:
        retry_after: seconds Procore asked the caller to wait, when known.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class OAuthError(ProcoreError):
    """The OAuth token endpoint refused a request.

    Attributes:
        error: Procore's ``error`` code (``invalid_grant``, ``invalid_client``, ...).
        error_description: Procore's ``error_description``.
        status_code: the HTTP status, when there was a response.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        error_description: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error = error
        self.error_description = error_description
        self.status_code = status_code


class ReauthorizationRequiredError(OAuthError):
    """The stored refresh token is dead; a person must authorize the app again."""


class TokenStoreError(ProcoreError):
    """A token store failed to save a token pair Procore had just issued.

    The store's own exception is the ``__cause__``. A token manager keeps the pair in memory
    and saves it on its next call; the authorization code flow gives it to you here.

    Attributes:
        key: the store key of the pair.
        tokens: the pair that could not be saved (its ``repr`` hides the tokens).
    """

    def __init__(self, message: str, *, key: str, tokens: TokenSet | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.tokens = tokens


class WebhookVerificationError(ProcoreError, ValueError):
    """A webhook delivery failed verification (wrong or missing ``Authorization``)."""


# -- Procore's Sync action (batch upserts) ---------------------------------------------------


class SyncValidationError(ConfigurationError):
    """A Sync call was refused before anything was sent.

    Attributes:
        problems: one line per problem (a duplicate ``origin_id`` with its indexes, an item
            without ``id``/``origin_id``, a missing scope parameter, ...).
    """

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class SyncFailedError(ProcoreError):
    """Raised by ``SyncResult.raise_for_errors()`` when some inputs were not synced.

    Attributes:
        result: the complete ``SyncResult``.
    """

    def __init__(self, result: SyncResult[Any]) -> None:
        super().__init__(result.summary(max_errors=5))
        self.result = result


class SyncInterruptedError(ProcoreError):
    """A Sync run stopped before every batch was sent.

    Raised when the progress callback raised, or when a batch failed with
    ``stop_on_failure=True``. The cause (``__cause__``) is the original exception.

    Attributes:
        result: the partial ``SyncResult``; pass it as ``resume=`` to continue.
    """

    def __init__(self, message: str, *, result: SyncResult[Any]) -> None:
        super().__init__(message)
        self.result = result


_STATUS_CLASSES: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}

_TAGS = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"\s+")


def _clip(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _join_messages(value: Any) -> str | None:
    """Flatten v1 ``errors`` (a string, a list, or a field→messages mapping) into one line."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        parts = []
        for field, messages in value.items():
            joined = _join_messages(messages)
            if joined:
                parts.append(joined if field == "base" else f"{field}: {joined}")
        return "; ".join(parts) or None
    if isinstance(value, Sequence):
        return "; ".join(filter(None, (_join_messages(v) for v in value))) or None
    return str(value)


def parse_error_body(
    content: bytes, content_type: str | None
) -> tuple[Any, str | None, str | None, Any]:
    """Read a Procore error body in any of its documented shapes.

    Returns ``(body, message, code, details)``. Understands v1 bodies (``message``, ``errors``,
    ``error`` as a string), the v2 envelope ``{"error": {"code", "message", "details"}}``,
    OAuth-style ``error_description``, and non-JSON bodies (an HTML error page, the plain-text
    429 text).
    """
    text = content.decode("utf-8", errors="replace")
    if not text.strip():
        return None, None, None, None
    try:
        body: Any = json.loads(text)
    except ValueError:
        title = _TITLE.search(text)
        if title:
            return text, _clip(title.group(1)), None, None
        if "<" in text and ">" in text and "html" in (content_type or text[:200].lower()):
            return text, _clip(_TAGS.sub(" ", text)), None, None
        return text, _clip(text), None, None
    if not isinstance(body, Mapping):
        return body, _clip(_join_messages(body) or "") or None, None, None
    message: str | None = None
    code: str | None = None
    details: Any = None
    error = body.get("error")
    if isinstance(error, Mapping):  # v2 envelope, also declared on some v1 endpoints
        message = _join_messages(error.get("message"))
        code = None if error.get("code") is None else str(error.get("code"))
        details = error.get("details")
        detail_text = _join_messages(
            [d.get("message") for d in details if isinstance(d, Mapping)]
            if isinstance(details, list)
            else None
        )
        message = _add_part(message, detail_text)
    else:
        if isinstance(error, str):
            message = error
        description = body.get("error_description")
        if isinstance(description, str):
            message = _add_part(message, description)
        if body.get("message") is not None:
            message = _add_part(message, _join_messages(body.get("message")))
        if body.get("errors") is not None:
            details = body.get("errors")
            message = _add_part(message, _join_messages(details))
        if body.get("code") is not None:
            code = str(body.get("code"))
        if body.get("reason") is not None and message is None:
            message = _join_messages(body.get("reason"))
    return body, (_clip(message) if message else None), code, details


def _add_part(message: str | None, part: str | None) -> str | None:
    """``message: part``, unless ``part`` is empty or already said (Procore's v1 bodies often
    repeat one text in ``message`` and ``errors``: say it once)."""
    if not part:
        return message
    if not message:
        return part
    if part in message.split(": "):
        return message
    return f"{message}: {part}"


def describe_transport_error(exc: BaseException) -> str:
    """What failed on the wire, once: the exception's type and its reason (``ConnectError:
    [Errno 111] Connection refused``), clipped, with anything secret-looking removed."""
    from ._logging import redact

    reason = _clip(redact(str(exc)))
    name = type(exc).__name__
    return f"{name}: {reason}" if reason and reason != name else name


def url_without_query(url: httpx.URL) -> str:
    """``https://host[:port]/path``: where a request went, without its query string (which
    could carry values not meant for error text)."""
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{url.path}"


def _retry_after(headers: httpx.Headers) -> float | None:
    from ._retry import parse_retry_after

    return parse_retry_after(headers.get("retry-after"))


_REDACTED = "<redacted>"
_MIN_SECRET = 6


def scrub_secrets(value: Any, secrets: Sequence[str]) -> Any:
    """``value`` with every occurrence of each secret replaced, through nested JSON.

    Procore may echo what it was sent (an opaque token, the client secret) in an error body;
    the patterns of :func:`procore_sdk._logging.redact` only catch the shapes they know, so the
    values the client actually holds are removed by value too.
    """
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, _REDACTED)
        return value
    if isinstance(value, Mapping):
        return {scrub_secrets(k, secrets): scrub_secrets(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_secrets(v, secrets) for v in value]
    return value


def request_secrets(request: httpx.Request | None, extra: Sequence[str | None] = ()) -> list[str]:
    """The secrets to scrub from text about ``request``: its bearer token and ``extra``."""
    found = [s for s in extra if s]
    if request is not None:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        if credential and scheme.lower() == "bearer":
            found.append(credential)
    # Very short values (test placeholders) would mangle the text and protect nothing; longest
    # first, so a secret containing another is replaced whole.
    return sorted({s for s in found if len(s) >= _MIN_SECRET}, key=len, reverse=True)


def make_status_error(
    response: httpx.Response,
    *,
    retries_taken: int = 0,
    secrets: Sequence[str | None] = (),
) -> APIStatusError:
    """Build the exception for a non-success response. The only place statuses map to classes.

    ``str()`` of the result names the method, the path (never the query string, which could
    carry secrets), the status and Procore's own message. The request's bearer token and
    ``secrets`` (the client secret, the refresh token) are removed from the message, the body
    and the details, even when Procore echoes them back.
    """
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    body, procore_message, code, details = parse_error_body(
        content, response.headers.get("content-type")
    )
    known = request_secrets(response.request, secrets)
    body = scrub_secrets(body, known)
    details = scrub_secrets(details, known)
    if procore_message:
        # Procore may echo what it was sent; a token in an error message must not leak.
        from ._logging import redact

        procore_message = redact(scrub_secrets(procore_message, known))
    status = response.status_code
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    request = response.request
    reason = response.reason_phrase or ""
    summary = f"{request.method} {request.url.path} -> {status}"
    if reason:
        summary += f" {reason}"
    # "404 Not Found", not "404 Not Found: Not Found" when Procore's message is the reason.
    said = procore_message if procore_message and procore_message != reason else None
    message = f"{summary}: {said}" if said else summary
    kwargs: dict[str, Any] = {
        "response": response,
        "body": body,
        "procore_message": procore_message,
        "code": code,
        "details": details,
        "retries_taken": retries_taken,
    }
    if cls in (RateLimitError, ServiceUnavailableError):
        kwargs["retry_after"] = _retry_after(response.headers)
    return cls(message, **kwargs)
