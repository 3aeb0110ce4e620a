"""The authorization code grant for web, embedded and installed apps (Procore docs: OAuth 2.0
Authorization Code Grant Flow; Procore API Authentication Endpoints).

The requests are built in ``procore_sdk/_oauth.py``; the I/O is the generated pair
``procore_sdk/_async/_auth.py`` / ``procore_sdk/_blocking/_auth.py``. This class only holds the
configuration and chooses the sync or async call, so there is one source of truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .._async import _auth as _async_auth
from .._blocking import _auth as _sync_auth
from .._clock import Clock, system_clock
from .._config import ENVIRONMENTS, validate_url
from .._errors import ConfigurationError
from .._grants import RefreshTokenAuth
from .._oauth import (
    OOB_REDIRECT_URI,
    TokenInfo,
    TokenSet,
    build_authorization_url,
    callback_params,
    code_from_callback,
    generate_state,
    states_match,
)
from .._token_store import (
    MemoryTokenStore,
    TokenStore,
    check_token_store,
    delete_from_store,
    save_to_store,
)

__all__ = [
    "AuthorizationCodeFlow",
    "async_fetch_token_info",
    "async_revoke_token",
    "fetch_token_info",
    "resolve_login_url",
    "revoke_token",
]


def resolve_login_url(environment: str = "production", login_url: str | None = None) -> str:
    """The OAuth host: ``login_url`` when given, else the environment's (Procore docs: Procore
    Sandboxes)."""
    if login_url is not None:
        return validate_url(login_url, name="login_url")
    if environment not in ENVIRONMENTS:
        choices = ", ".join(repr(e) for e in ENVIRONMENTS)
        raise ConfigurationError(f"environment must be one of {choices}, got {environment!r}")
    return ENVIRONMENTS[environment].login


class AuthorizationCodeFlow:
    """Authorize a Procore user and keep their tokens (the authorization code grant).

    A web app's path:

    1. ``authorization_url`` gives the ``/oauth/authorize`` URL to redirect the browser to
       and the ``state`` to remember (in the user's session).
    2. Procore redirects back to ``redirect_uri``; pass the callback's query parameters to
       ``handle_callback`` (or ``async_handle_callback``), with the remembered state
       and the key to store the tokens under (your user id, for example).
    3. Build a client for that user with ``auth=flow.auth(key)``; it refreshes and rotates
       the tokens in the store for you.

    Headless ("installed") apps use ``out_of_band``: Procore shows the code on a page of
    its own (``redirect_uri=urn:ietf:wg:oauth:2.0:oob``; Procore docs: OAuth 2.0 Authorization Code
    Grant Flow), and the user pastes it into ``exchange_code``.

    Args:
        client_id: the app's client id.
        client_secret: the app's client secret (never shown in ``repr``).
        redirect_uri: must match the registered one exactly, trailing slash included (Procore docs:
            Troubleshooting).
        environment: ``"production"``, ``"sandbox"``, ``"monthly_sandbox"`` or ``"federal"``.
        login_url: an explicit OAuth host (overrides ``environment``).
        token_store: where tokens are saved (default: in memory).
        http_client: an ``httpx.Client`` for the sync methods (default: a new one per call).
        async_http_client: an ``httpx.AsyncClient`` for the ``async_`` methods.
        clock: Unix seconds (tests inject one).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        environment: str = "production",
        login_url: str | None = None,
        token_store: TokenStore | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        clock: Clock = system_clock,
    ) -> None:
        for name, value in (
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("redirect_uri", redirect_uri),
        ):
            if not isinstance(value, str) or not value:
                raise ConfigurationError(f"{name} must be a non-empty string")
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.login_url = resolve_login_url(environment, login_url)
        check_token_store(token_store)
        self.token_store: TokenStore = (
            token_store if token_store is not None else MemoryTokenStore()
        )
        self._http_client = http_client
        self._async_http_client = async_http_client
        self._clock = clock

    @classmethod
    def out_of_band(
        cls, client_id: str, client_secret: str, **kwargs: Any
    ) -> AuthorizationCodeFlow:
        """The installed-app variant: Procore displays the code instead of redirecting (Procore
        docs: OAuth 2.0 Authorization Code Grant Flow)."""
        return cls(client_id, client_secret, OOB_REDIRECT_URI, **kwargs)

    def __repr__(self) -> str:
        return (
            f"AuthorizationCodeFlow(client_id={self.client_id!r}, "
            f"redirect_uri={self.redirect_uri!r}, login_url={self.login_url!r}, "
            "client_secret=<redacted>)"
        )

    # -- browser leg --

    def authorization_url(self, state: str | None = None, **extra_params: str) -> tuple[str, str]:
        """The ``/oauth/authorize`` URL and its ``state`` (generated unless given) (Procore docs:
        Procore API Authentication Endpoints).

        Keep the state (e.g. in the user's session) and give it to ``handle_callback``.
        """
        state = state if state is not None else generate_state()
        url = build_authorization_url(
            self.login_url,
            client_id=self.client_id,
            redirect_uri=self.redirect_uri,
            state=state,
            extra=extra_params,
        )
        return url, state

    @staticmethod
    def verify_state(expected: str | None, received: str | None) -> bool:
        """True when the callback's ``state`` is the one issued (constant-time comparison)."""
        return states_match(expected, received)

    # -- code exchange --

    def exchange_code(self, code: str, *, key: str | None = None) -> TokenSet:
        """Exchange a code for tokens (``POST /oauth/token``), saving them under ``key``.

        Raises:
            OAuthError: Procore refused the code (used twice, older than 10 minutes, wrong
                ``redirect_uri``, ...), with its ``error`` and ``error_description``.
            APIConnectionError: the token endpoint could not be reached.
            TokenStoreError: the store could not save the tokens (they are in its
                ``tokens`` attribute).
        """
        if self._http_client is not None:
            tokens = self._exchange_sync(self._http_client, code)
        else:
            with httpx.Client() as http:
                tokens = self._exchange_sync(http, code)
        return self._save(key, tokens)

    async def async_exchange_code(self, code: str, *, key: str | None = None) -> TokenSet:
        """Async ``exchange_code``."""
        if self._async_http_client is not None:
            tokens = await self._async_exchange(self._async_http_client, code)
        else:
            async with httpx.AsyncClient() as http:
                tokens = await self._async_exchange(http, code)
        return self._save(key, tokens)

    def handle_callback(
        self, callback: str | Mapping[str, Any], *, expected_state: str | None, key: str
    ) -> TokenSet:
        """Finish the flow from the redirect: check it, exchange the code, store the tokens.

        Args:
            callback: the callback's query parameters (a mapping, with string or list
                values), its query string, or its whole URL.
            expected_state: the state from ``authorization_url``. Pass ``None`` only for
                flows that did not send one: a callback that carries a state is refused
                when ``expected_state`` is ``None`` (it may be a forged login).
            key: the store key for this user's tokens.

        Raises:
            OAuthError: Procore sent ``error`` (e.g. ``access_denied``), the state does not
                match or cannot be checked (``error="state_mismatch"``), the code is missing,
                or the exchange failed.
        """
        code = code_from_callback(callback_params(callback), expected_state=expected_state)
        return self.exchange_code(code, key=key)

    async def async_handle_callback(
        self, callback: str | Mapping[str, Any], *, expected_state: str | None, key: str
    ) -> TokenSet:
        """Async ``handle_callback``."""
        code = code_from_callback(callback_params(callback), expected_state=expected_state)
        return await self.async_exchange_code(code, key=key)

    # -- afterwards --

    def auth(self, key: str) -> RefreshTokenAuth:
        """The grant object for a client acting as the user stored under ``key``.

        Example:
            >>> client = Procore(auth=flow.auth("user-42"), company_id=123)
        """
        return RefreshTokenAuth(
            client_id=self.client_id,
            client_secret=self._client_secret,
            key=key,
            token_store=self.token_store,
            redirect_uri=None if self.redirect_uri == OOB_REDIRECT_URI else self.redirect_uri,
        )

    def revoke(self, key: str) -> None:
        """Revoke the tokens stored under ``key`` (``POST /oauth/revoke``) and delete them."""
        tokens = self.token_store.load(key)
        if tokens is not None:
            revoke_token(
                tokens.refresh_token or tokens.access_token,
                client_id=self.client_id,
                client_secret=self._client_secret,
                login_url=self.login_url,
                http_client=self._http_client,
            )
        delete_from_store(self.token_store, key)

    async def async_revoke(self, key: str) -> None:
        """Async ``revoke``."""
        tokens = self.token_store.load(key)
        if tokens is not None:
            await async_revoke_token(
                tokens.refresh_token or tokens.access_token,
                client_id=self.client_id,
                client_secret=self._client_secret,
                login_url=self.login_url,
                http_client=self._async_http_client,
            )
        delete_from_store(self.token_store, key)

    # -- internals --

    def _exchange_sync(self, http: httpx.Client, code: str) -> TokenSet:
        return _sync_auth.exchange_code(
            http,
            self.login_url,
            client_id=self.client_id,
            client_secret=self._client_secret,
            code=code,
            redirect_uri=self.redirect_uri,
            clock=self._clock,
        )

    async def _async_exchange(self, http: httpx.AsyncClient, code: str) -> TokenSet:
        return await _async_auth.async_exchange_code(
            http,
            self.login_url,
            client_id=self.client_id,
            client_secret=self._client_secret,
            code=code,
            redirect_uri=self.redirect_uri,
            clock=self._clock,
        )

    def _save(self, key: str | None, tokens: TokenSet) -> TokenSet:
        if key is not None:
            save_to_store(
                self.token_store,
                key,
                tokens,
                then="The code is spent; the pair is in this error's `tokens` attribute.",
            )
        return tokens


def revoke_token(
    token: str,
    *,
    client_id: str,
    client_secret: str,
    environment: str = "production",
    login_url: str | None = None,
    http_client: httpx.Client | None = None,
) -> None:
    """Revoke an access or refresh token (``POST /oauth/revoke``); both die together (Procore docs:
    Procore API Authentication Endpoints).

    Procore answers 200 even for an unknown token.
    """
    url = resolve_login_url(environment, login_url)
    if http_client is not None:
        _sync_auth.revoke_token(
            http_client, url, token=token, client_id=client_id, client_secret=client_secret
        )
        return
    with httpx.Client() as http:
        _sync_auth.revoke_token(
            http, url, token=token, client_id=client_id, client_secret=client_secret
        )


async def async_revoke_token(
    token: str,
    *,
    client_id: str,
    client_secret: str,
    environment: str = "production",
    login_url: str | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> None:
    """Async ``revoke_token``."""
    url = resolve_login_url(environment, login_url)
    if http_client is not None:
        await _async_auth.async_revoke_token(
            http_client, url, token=token, client_id=client_id, client_secret=client_secret
        )
        return
    async with httpx.AsyncClient() as http:
        await _async_auth.async_revoke_token(
            http, url, token=token, client_id=client_id, client_secret=client_secret
        )


def fetch_token_info(
    access_token: str,
    *,
    environment: str = "production",
    login_url: str | None = None,
    http_client: httpx.Client | None = None,
) -> TokenInfo:
    """What Procore says about an access token (``GET /oauth/token/info``; Procore docs: Procore API
    Authentication Endpoints)."""
    url = resolve_login_url(environment, login_url)
    if http_client is not None:
        return _sync_auth.fetch_token_info(http_client, url, access_token)
    with httpx.Client() as http:
        return _sync_auth.fetch_token_info(http, url, access_token)


async def async_fetch_token_info(
    access_token: str,
    *,
    environment: str = "production",
    login_url: str | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> TokenInfo:
    """Async ``fetch_token_info``."""
    url = resolve_login_url(environment, login_url)
    if http_client is not None:
        return await _async_auth.async_fetch_token_info(http_client, url, access_token)
    async with httpx.AsyncClient() as http:
        return await _async_auth.async_fetch_token_info(http, url, access_token)
