"""procore-sdk: a typed Python client for the Procore REST API.

Every public name loads on first use: ``import procore_sdk`` is cheap, and
``from procore_sdk import Procore`` loads the client without webhook receiving, Sync or the
fake Procore (each loads when first used).
"""

from __future__ import annotations

from ._lazy import TYPE_CHECKING, attach
from ._version import __version__

if TYPE_CHECKING:
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
    # webhook management
    "EnsureResult",
    "BulkTriggerResult",
    "TriggerFailure",
    "WebhookEnsureError",
    # files
    "Transfers",
    "AsyncTransfers",
    "DocumentEntry",
    "MirrorReport",
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

# Where each name in __all__ lives; the TYPE_CHECKING imports above say the same for type
# checkers and IDEs, and tests/imports checks that the two agree.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "._async._client": ("AsyncProcore",),
    "._async._pagination": ("AsyncPager",),
    "._async._transfers": ("AsyncTransfers",),
    "._blocking._client": ("Procore",),
    "._blocking._pagination": ("Pager",),
    "._blocking._transfers": ("Transfers",),
    "._document_tree": ("DocumentEntry", "MirrorReport"),
    "._config": ("Environment",),
    "._errors": (
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
    ),
    "._oauth": ("TokenSet",),
    "._pagination": ("Page",),
    "._ratelimit": (
        "AsyncRateLimitPacer",
        "InMemoryRateLimitPacer",
        "RateLimit",
        "RateLimitPacer",
    ),
    "._request": ("RequestOptions",),
    "._response": (
        "APIResponse",
        "ResponseCapture",
        "capture_responses",
    ),
    "._sync_action_result": (
        "FailedBatch",
        "SyncedEntity",
        "SyncError",
        "SyncItemFailure",
        "SyncJsonLines",
        "SyncProgress",
        "SyncRecord",
        "SyncResult",
    ),
    "._types": (
        "UNSET",
        "Unset",
        "UnsetType",
    ),
    "._webhook_rules": (
        "BulkTriggerResult",
        "EnsureResult",
        "TriggerFailure",
        "WebhookEnsureError",
    ),
}

# Hidden from type checkers: a module __getattr__ would make every misspelt name type-check.
if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(
        __name__,
        _EXPORTS,
        # Loaded eagerly before names became lazy, so ``procore_sdk.models.Project`` worked after
        # a bare ``import procore_sdk``; it still does.
        submodules=("models", "webhooks"),
        # Public names print as procore_sdk.X in tracebacks and docs, not as private module paths.
        public_module=__name__,
    )

del TYPE_CHECKING, attach
