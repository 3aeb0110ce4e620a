"""Token managers: the one place a client gets its bearer token from.

The transport calls ``await get_token()`` before each attempt and, on a 401,
``await handle_unauthorized(token)``; a ``True`` answer means a different token is now
available and the request may be replayed once.
"""

from __future__ import annotations

import abc
from typing import Any

import httpx

from .._clock import Clock
from .._concurrency import AsyncLock
from .._errors import APIConnectionError, APITimeoutError, ConfigurationError
from .._oauth import TokenSet, build_token_request, parse_token_response

__all__ = [
    "AsyncClientCredentialsManager",
    "AsyncStaticTokenManager",
    "AsyncTokenManager",
    "build_token_manager",
]


class AsyncTokenManager(abc.ABC):
    """Base class: supplies access tokens to one client and its copies."""

    @abc.abstractmethod
    async def get_token(self) -> str:
        """Return a usable access token, renewing it first if it is about to expire."""

    async def handle_unauthorized(self, failed_token: str) -> bool:
        """Forget ``failed_token`` if it is still current; return True if a new one may exist."""
        return False


class AsyncStaticTokenManager(AsyncTokenManager):
    """A fixed access token (quick scripts); a 401 is final."""

    def __init__(self, access_token: str) -> None:
        if not access_token:
            raise ConfigurationError("access_token must be a non-empty string")
        self._token = access_token

    def __repr__(self) -> str:
        return "StaticTokenManager(access_token=<redacted>)"

    async def get_token(self) -> str:
        return self._token


class AsyncClientCredentialsManager(AsyncTokenManager):
    """Client credentials (DMSA, §2.1): request a token, cache it until shortly before expiry.

    There is no refresh token for this grant, so renewing means requesting again.
    Concurrent callers share one request: the lock is single flight.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        http: httpx.AsyncClient,
        clock: Clock,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._login_url = login_url
        self._http = http
        self._clock = clock
        self._tokens: TokenSet | None = None
        self._lock = AsyncLock()

    def __repr__(self) -> str:
        return f"ClientCredentialsManager(client_id={self._client_id!r}, client_secret=<redacted>)"

    async def get_token(self) -> str:
        tokens = self._tokens
        if tokens is not None and not tokens.needs_refresh(self._clock()):
            return tokens.access_token
        async with self._lock:
            # Double-checked: another caller may have fetched while we waited.
            tokens = self._tokens
            if tokens is None or tokens.needs_refresh(self._clock()):
                tokens = await self._fetch()
                self._tokens = tokens
            return tokens.access_token

    async def handle_unauthorized(self, failed_token: str) -> bool:
        async with self._lock:
            # Compare-and-clear: only drop the token if it is still the one that failed.
            if self._tokens is not None and self._tokens.access_token == failed_token:
                self._tokens = None
            return True

    async def _fetch(self) -> TokenSet:
        request = build_token_request(
            self._login_url,
            {
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._client_secret,
            },
        )
        try:
            response = await self._http.send(request)
        except httpx.TimeoutException as exc:
            raise APITimeoutError("Timed out requesting an access token.") from exc
        except httpx.HTTPError as exc:
            raise APIConnectionError(
                f"Could not reach Procore's token endpoint: {type(exc).__name__}"
            ) from exc
        return parse_token_response(response, now=self._clock())


def build_token_manager(
    *,
    client_id: str | None,
    client_secret: str | None,
    access_token: str | None,
    auth: Any,
    token_store: Any,
    login_url: str,
    http: httpx.AsyncClient,
    clock: Clock,
) -> AsyncTokenManager:
    """Choose the token manager for a client's configuration (validated by the caller)."""
    if access_token is not None:
        return AsyncStaticTokenManager(access_token)
    if client_id and client_secret:
        return AsyncClientCredentialsManager(
            client_id=client_id,
            client_secret=client_secret,
            login_url=login_url,
            http=http,
            clock=clock,
        )
    raise ConfigurationError(
        "No credentials: pass client_id and client_secret (client credentials), "
        "access_token=, or auth=."
    )
