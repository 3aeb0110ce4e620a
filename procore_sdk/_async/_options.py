"""The keyword arguments of ``AsyncProcore(...)``, as a type for ``from_env(**overrides)``.

``tests/foundation/test_typed_edges.py`` checks that these keys and types are exactly the
constructor's, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from typing_extensions import TypedDict

from .._clock import AsyncSleep, Clock
from .._config import Environment
from .._grants import AuthGrant
from .._ratelimit import AsyncRateLimitPacer, RateLimitPacer  # unasync: async-only

# unasync: sync-only from .._ratelimit import RateLimitPacer
from .._token_store import AsyncTokenStore, TokenStore  # unasync: async-only

# unasync: sync-only from .._token_store import TokenStore
from ._auth import AsyncTokenManager

__all__ = ["AnyPacer", "AnyTokenStore", "AsyncClientOptions"]

# The pacers and token stores a client accepts: async ones too, in the async client.
AnyPacer = RateLimitPacer | AsyncRateLimitPacer  # unasync: async-only
# unasync: sync-only AnyPacer = RateLimitPacer
AnyTokenStore = TokenStore | AsyncTokenStore  # unasync: async-only
# unasync: sync-only AnyTokenStore = TokenStore


class AsyncClientOptions(TypedDict, total=False):
    """Every keyword argument of the client's constructor; each is optional."""

    client_id: str | None
    client_secret: str | None
    company_id: int | None
    environment: Environment
    base_url: str | None
    login_url: str | None
    access_token: str | None
    auth: AuthGrant | AsyncTokenManager | None
    token_store: AnyTokenStore | None
    http_client: httpx.AsyncClient | None
    max_retries: int
    timeout: float
    max_retry_wait: float
    rate_limit_pacing: bool | AnyPacer
    default_headers: Mapping[str, str] | None
    clock: Clock | None
    sleep: AsyncSleep | None
