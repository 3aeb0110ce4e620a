"""procore-sdk: a typed Python client for the Procore REST API."""

from __future__ import annotations

from ._async._client import AsyncProcore
from ._async._pagination import AsyncPager
from ._async._transfers import AsyncTransfers
from ._blocking._client import Procore
from ._blocking._pagination import Pager
from ._blocking._transfers import Transfers
from ._config import Environment
from ._document_tree import DocumentEntry, MirrorReport
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ArgumentTypeError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    ProcoreError,
    RateLimitError,
    ReauthorizationRequiredError,
    ResponseValidationError,
    ServiceUnavailableError,
    SyncFailedError,
    SyncInterruptedError,
    SyncValidationError,
    TokenStoreError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._oauth import TokenSet
from ._pagination import Page
from ._ratelimit import AsyncRateLimitPacer, InMemoryRateLimitPacer, RateLimit, RateLimitPacer
from ._request import RequestOptions
from ._response import APIResponse, ResponseCapture, capture_responses
from ._sync_action_result import (
    FailedBatch,
    SyncedEntity,
    SyncError,
    SyncItemFailure,
    SyncJsonLines,
    SyncProgress,
    SyncRecord,
    SyncResult,
)
from ._types import UNSET, Unset, UnsetType
from ._version import __version__
from ._webhook_rules import BulkTriggerResult, EnsureResult, TriggerFailure, WebhookEnsureError

__all__ = [
    # clients
    "Procore",
    "AsyncProcore",
    "Environment",
    # pagination
    "Pager",
    "AsyncPager",
    "Page",
    # raw responses and rate limits
    "APIResponse",
    "ResponseCapture",
    "capture_responses",
    "RateLimit",
    "RateLimitPacer",
    "AsyncRateLimitPacer",
    "InMemoryRateLimitPacer",
    "RequestOptions",
    # Sync actions
    "SyncResult",
    "SyncItemFailure",
    "SyncError",  # deprecated alias of SyncItemFailure
    "FailedBatch",
    "SyncedEntity",
    "SyncRecord",
    "SyncJsonLines",
    "SyncProgress",
    "SyncFailedError",
    "SyncInterruptedError",
    "SyncValidationError",
    # files in and out
    "Transfers",
    "AsyncTransfers",
    "DocumentEntry",
    "MirrorReport",
    # webhook management
    "EnsureResult",
    "BulkTriggerResult",
    "TriggerFailure",
    "WebhookEnsureError",
    # tokens
    "TokenSet",
    # sentinels
    "UNSET",
    "Unset",
    "UnsetType",
    # errors
    "ProcoreError",
    "InvalidArgumentError",
    "ArgumentTypeError",
    "ConfigurationError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "ResponseValidationError",
    "OAuthError",
    "ReauthorizationRequiredError",
    "TokenStoreError",
    "WebhookVerificationError",
    "__version__",
]

# Public names print as procore_sdk.X in tracebacks and docs, not as private module paths.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("procore_sdk._"):
        _obj.__module__ = "procore_sdk"
del _name, _obj
