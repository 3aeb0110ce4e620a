"""The keyword arguments of ``AsyncProcore(...)``, as a type for ``from_env(**overrides)``.

``tests/foundation/test_typed_edges.py`` checks that these keys and types are exactly the
constructor's, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from typing_extensions import TypedDict

from .._clock import AsyncSleep, Clock
from .._config import Environment
from .._grants import AuthGrant
from .._ratelimit import RateLimitPacer
from ._auth import AsyncTokenManager

__all__ = ["AsyncClientOptions"]


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
    # Typed as the constructor's token_store= is (the token-store protocols type both).
    token_store: Any
    http_client: httpx.AsyncClient | None
    max_retries: int
    timeout: float
    max_retry_wait: float
    rate_limit_pacing: bool | RateLimitPacer
    default_headers: Mapping[str, str] | None
    clock: Clock | None
    sleep: AsyncSleep | None
