"""Token managers: the one place a client gets its bearer token from.

The transport calls ``await get_token()`` before each attempt and, on a 401,
``await handle_unauthorized(token)``; a ``True`` answer means a different token is now
available and the request may be replayed once.

One engine (:class:`AsyncOAuthTokenManager`) serves both grants that renew: client
credentials (request again) and refresh tokens (rotate). It guarantees:

- single flight: however many tasks (threads, in the sync twin) find the token expired at
  once, one renewal request is made and all of them use its result;
- across processes: renewal happens under the store's ``lock(key)``, after re-reading the
  store, so a token another process already rotated is adopted instead of refreshed again;
- persistence before use: the new pair is saved to the store before the lock is released
  (refresh tokens are single-use; Procore docs: Integration Health); if the save fails, the new pair
  stays in memory, the caller gets :class:`TokenStoreError`, and the next call saves it before
  anything else;
- a refresh is never retried blindly: any refresh attempt burns the refresh token (Procore docs:
  OAuth 2.0 Authorization Code Grant Flow; Troubleshooting);
- a renewal outlives its caller: it runs shielded, so a task cancelled (or timed out) while
  refreshing does not lose the rotated pair; the refresh and its save complete, and the tasks
  waiting for the lock, and later calls, get the new token.

Token requests go through the client's httpx client but not through its retry loop. Async
clients await stores with coroutine methods, and run plain stores (and hold their lock) in
worker threads, so no store call blocks the event loop.
"""

from __future__ import annotations

import abc
from typing import Any

import attrs
import httpx

from .._clock import Clock
from .._concurrency import AsyncLock, async_run_shielded
from .._errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    OAuthError,
    ReauthorizationRequiredError,
    argument_type_error,
    describe_transport_error,
    url_without_query,
)
from .._grants import AccessTokenAuth, ClientCredentialsAuth, RefreshTokenAuth
from .._logging import get_logger, log_extra
from .._oauth import (
    TokenInfo,
    TokenSet,
    authorization_code_form,
    build_revoke_request,
    build_token_info_request,
    build_token_request,
    client_credentials_form,
    parse_revoke_response,
    parse_token_info,
    parse_token_response,
    refresh_token_form,
)
from .._token_store import (
    AsyncTokenStore,  # unasync: async-only
    MemoryTokenStore,
    TokenStore,
    async_check_token_store,
    async_delete_from_store,
    async_load_from_store,
    async_save_to_store,
    async_store_lock,
    shared_lock,
)

# The stores a manager accepts: async ones too, in the async client.
AnyTokenStore = TokenStore | AsyncTokenStore  # unasync: async-only
# unasync: sync-only AnyTokenStore = TokenStore

__all__ = [
    "AsyncClientCredentialsManager",
    "AsyncOAuthTokenManager",
    "AsyncRefreshTokenManager",
    "AsyncStaticTokenManager",
    "AsyncTokenManager",
    "async_exchange_code",
    "async_fetch_token_info",
    "async_revoke_token",
    "build_token_manager",
]

_log = get_logger("procore_sdk.auth")


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


class AsyncOAuthTokenManager(AsyncTokenManager):
    """The renewal engine shared by client credentials and refresh tokens.

    Subclasses say how to obtain a new token set (:meth:`_obtain`); this class decides when,
    and makes sure it happens once.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        http: httpx.AsyncClient,
        clock: Clock,
        store: AnyTokenStore,
        key: str,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._login_url = login_url
        self._http = http
        self._clock = clock
        self._store = store
        self._key = key
        self._tokens: TokenSet | None = None
        # A pair Procore issued whose save failed, and the stored pair it replaces: saved by
        # the next call, unless the store has received another pair since.
        self._unsaved: TokenSet | None = None
        self._replaced: TokenSet | None = None
        # Shared by every manager on this (store, key) in this process, not only this one.
        self._lock = shared_lock(store, key, AsyncLock)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__.removeprefix('Async')}(client_id={self._client_id!r}, "
            f"key={self._key!r}, store={self._store!r}, client_secret=<redacted>)"
        )

    @property
    def key(self) -> str:
        """The store key this manager's tokens live under."""
        return self._key

    @property
    def token_store(self) -> AnyTokenStore:
        """The store this manager reads and writes."""
        return self._store

    async def get_token(self) -> str:
        tokens = self._tokens
        if tokens is not None and self._unsaved is None and not tokens.needs_refresh(self._clock()):
            return tokens.access_token
        # Shielded: cancelling the caller must not cancel a refresh whose answer (a rotated,
        # single-use pair) would then be lost.
        return await async_run_shielded(self._get_token_locked)

    async def _get_token_locked(self) -> str:
        async with self._lock:
            await self._save_unsaved()
            try:
                tokens = await self._renew(failed_token=None)
            except APIConnectionError:
                # An early renewal that could not reach Procore: the request never left, so
                # nothing was burned; the current token still works until it expires.
                current = self._tokens if self._tokens is not None else await self._load()
                if current is None or not _still_valid(current, self._clock()):
                    raise
                self._tokens = current
                _log.info(
                    "could not renew the access token early; using it until it expires",
                    extra=log_extra(key=self._key),
                )
                return current.access_token
            return tokens.access_token

    async def handle_unauthorized(self, failed_token: str) -> bool:
        # Shielded for the same reason as get_token().
        return await async_run_shielded(self._handle_unauthorized_locked, failed_token)

    async def _handle_unauthorized_locked(self, failed_token: str) -> bool:
        async with self._lock:
            await self._save_unsaved()
            current = self._tokens
            if current is not None and current.access_token != failed_token:
                # Compare-and-clear: someone already replaced the token that failed.
                return True
            tokens = await self._renew(failed_token=failed_token)
            return tokens.access_token != failed_token

    async def current_tokens(self) -> TokenSet | None:
        """The token set in use (from memory or the store), without renewing it."""
        async with self._lock:
            return self._tokens if self._tokens is not None else await self._load()

    async def token_info(self) -> TokenInfo:
        """``GET /oauth/token/info`` for the current access token (Procore docs: Procore API
        Authentication Endpoints)."""
        return await async_fetch_token_info(self._http, self._login_url, await self.get_token())

    async def revoke(self) -> None:
        """``POST /oauth/revoke`` the current tokens and forget them (memory and store).

        Procore revokes the access and the refresh token together (Procore docs: Procore API
        Authentication Endpoints; OAuth 2.0 Authorization Code Grant Flow). Afterwards this key
        needs a new authorization (or, for client credentials, a new request).
        """
        async with self._lock:
            tokens = self._tokens if self._tokens is not None else await self._load()
            if tokens is not None:
                await async_revoke_token(
                    self._http,
                    self._login_url,
                    token=tokens.refresh_token or tokens.access_token,
                    client_id=self._client_id,
                    client_secret=self._client_secret,
                )
            async with async_store_lock(self._store, self._key):
                await async_delete_from_store(self._store, self._key)
            self._tokens = self._unsaved = self._replaced = None
            self._forget_seed()

    # -- the engine; everything below runs under self._lock --

    async def _load(self) -> TokenSet | None:
        return await async_load_from_store(self._store, self._key)

    def _forget_seed(self) -> None:
        """Hook: drop tokens given at construction (refresh grant)."""

    def _usable(self, tokens: TokenSet | None, failed_token: str | None) -> bool:
        return (
            tokens is not None
            and tokens.access_token != failed_token
            and not tokens.needs_refresh(self._clock())
        )

    async def _renew(self, *, failed_token: str | None) -> TokenSet:
        current = self._tokens
        if self._usable(current, failed_token):
            assert current is not None
            return current  # another caller renewed it while we waited for the lock
        # Another process (or client) may have renewed it: adopt theirs, no request.
        stored = await self._load()
        if self._usable(stored, failed_token):
            assert stored is not None
            self._tokens = stored
            return stored
        async with async_store_lock(self._store, self._key):
            # Re-read under the inter-process lock: the holder before us may have rotated it.
            stored = await self._load()
            if self._usable(stored, failed_token):
                assert stored is not None
                self._tokens = stored
                return stored
            tokens = await self._obtain(self._newest(stored, current))
            # Even if saving fails, the old pair is spent: keep the new one in memory, and
            # save it on the next call (_save_unsaved) so a restart does not resume from it.
            self._tokens = tokens
            self._unsaved, self._replaced = tokens, stored
            # Persist the new pair before the lock is released and before use (Procore docs:
            # Integration Health).
            await self._save(tokens)
            self._unsaved = self._replaced = None
            return tokens

    async def _save(self, tokens: TokenSet) -> None:
        await async_save_to_store(
            self._store,
            self._key,
            tokens,
            then="The client keeps the new pair in memory and saves it on its next call.",
        )

    async def _save_unsaved(self) -> None:
        """Save the pair whose save failed, before the store is used for anything else."""
        pending = self._unsaved
        if pending is None:
            return
        async with async_store_lock(self._store, self._key):
            stored = await self._load()
            if stored is not None and not _same_pair(stored, self._replaced):
                # The store received a pair since (the user authorized again): it is newer.
                self._tokens = stored
            else:
                await self._save(pending)  # raises TokenStoreError again while the store fails
        self._unsaved = self._replaced = None

    def _newest(self, stored: TokenSet | None, current: TokenSet | None) -> TokenSet | None:
        """The pair to renew from: the store's, which another process may have rotated."""
        return stored if stored is not None else current

    @abc.abstractmethod
    async def _obtain(self, previous: TokenSet | None) -> TokenSet:
        """Request a new token set; ``previous`` is the latest known one (maybe expired)."""

    async def _send_token_request(self, form: dict[str, str]) -> TokenSet:
        request = build_token_request(self._login_url, form)
        response = await _send(self._http, request, "the token endpoint")
        return parse_token_response(response, now=self._clock())


class AsyncClientCredentialsManager(AsyncOAuthTokenManager):
    """Client credentials (DMSA; Procore docs: Using the OAuth 2.0 Client Credentials Grant Type):
    request a token, cache it until shortly before expiry.

    There is no refresh token for this grant, so renewing means requesting again. With a
    shared store (a file, a database) several processes share one token.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        http: httpx.AsyncClient,
        clock: Clock,
        store: AnyTokenStore | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(
            client_id=client_id,
            client_secret=client_secret,
            login_url=login_url,
            http=http,
            clock=clock,
            store=store if store is not None else MemoryTokenStore(),
            key=key or f"client_credentials:{client_id}",
        )

    async def _obtain(self, previous: TokenSet | None) -> TokenSet:
        _log.debug("requesting a client-credentials token", extra=log_extra(key=self._key))
        return await self._send_token_request(
            client_credentials_form(self._client_id, self._client_secret)
        )


class AsyncRefreshTokenManager(AsyncOAuthTokenManager):
    """A user's token pair, renewed with its single-use, rotating refresh token (Procore docs: OAuth
    2.0 Authorization Code Grant Flow).

    On ``invalid_grant`` the store is read again (another process may have rotated the pair);
    only if it still holds the dead refresh token is :class:`ReauthorizationRequiredError`
    raised. A refresh whose answer is lost is never retried: the token it sent is presumed
    burned, and the manager raises :class:`ReauthorizationRequiredError` (now and on later
    calls) unless the store receives a different pair.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        login_url: str,
        http: httpx.AsyncClient,
        clock: Clock,
        store: AnyTokenStore | None = None,
        key: str = "default",
        initial_tokens: TokenSet | None = None,
        redirect_uri: str | None = None,
    ) -> None:
        super().__init__(
            client_id=client_id,
            client_secret=client_secret,
            login_url=login_url,
            http=http,
            clock=clock,
            store=store if store is not None else MemoryTokenStore(),
            key=key,
        )
        self._seed = initial_tokens
        self._redirect_uri = redirect_uri
        # Refresh tokens this manager has sent (used, refused or lost): never sent again.
        self._spent: set[str] = set()

    def for_key(self, key: str) -> AsyncRefreshTokenManager:
        """A manager for another key of the same store (another user of an embedded app)."""
        return type(self)(
            client_id=self._client_id,
            client_secret=self._client_secret,
            login_url=self._login_url,
            http=self._http,
            clock=self._clock,
            store=self._store,
            key=key,
            redirect_uri=self._redirect_uri,
        )

    async def _load(self) -> TokenSet | None:
        stored = await super()._load()
        # The store wins over the seed: after the first rotation the seed's token is dead.
        return stored if stored is not None else self._seed

    def _forget_seed(self) -> None:
        self._seed = None

    def _newest(self, stored: TokenSet | None, current: TokenSet | None) -> TokenSet | None:
        # A store still holding a pair we already rotated means saving the new one failed:
        # ours in memory is the live one.
        if (
            stored is not None
            and stored.refresh_token in self._spent
            and current is not None
            and current.refresh_token is not None
            and current.refresh_token not in self._spent
        ):
            return current
        return super()._newest(stored, current)

    def _reauthorize(
        self, reason: str, cause: OAuthError | None = None
    ) -> ReauthorizationRequiredError:
        return ReauthorizationRequiredError(
            f"{reason} Run the authorization code flow again for token key {self._key!r} "
            "(send the user to the authorize URL) and save the new tokens under that key.",
            error=None if cause is None else cause.error,
            error_description=None if cause is None else cause.error_description,
            status_code=None if cause is None else cause.status_code,
        )

    async def _obtain(self, previous: TokenSet | None) -> TokenSet:
        if previous is None or not previous.refresh_token:
            raise self._reauthorize(f"No refresh token is stored for token key {self._key!r}.")
        refresh_token = previous.refresh_token
        if refresh_token in self._spent:
            raise self._reauthorize(
                "The stored refresh token was already spent by a refresh whose answer was "
                "lost or refused (Procore refresh tokens are single-use)."
            )
        form = refresh_token_form(
            self._client_id, self._client_secret, refresh_token, self._redirect_uri
        )
        request = build_token_request(self._login_url, form)
        _log.debug("refreshing the access token", extra=log_extra(key=self._key))
        try:
            response = await self._http.send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never left this machine: the refresh token is intact.
            raise _connection_error(exc, "the token endpoint", request) from exc
        except httpx.HTTPError as exc:
            # Any refresh attempt burns the token (Procore docs: OAuth 2.0 Authorization Code Grant
            # Flow; Troubleshooting): the refresh may have reached Procore, which then rotated the
            # pair and burned the token we sent. Retrying would only burn more; stop here.
            self._spent.add(refresh_token)
            raise self._reauthorize(
                f"The answer to a token refresh was lost ({type(exc).__name__}); Procore has "
                "probably rotated the refresh token already (refresh tokens are single-use)."
            ) from exc
        try:
            tokens = parse_token_response(response, now=self._clock())
        except OAuthError as exc:
            if exc.error in ("invalid_client", "unauthorized_client"):
                raise  # the app's credentials are wrong; nothing a user can fix
            # Any refresh attempt burns the token (Procore docs: OAuth 2.0 Authorization Code Grant
            # Flow): never send it again.
            self._spent.add(refresh_token)
            # Another process may have rotated the pair without telling our lock (Procore docs:
            # OAuth 2.0 Authorization Code Grant Flow).
            stored = await super()._load()
            if (
                stored is not None
                and stored.refresh_token
                and stored.refresh_token != refresh_token
                and stored.refresh_token not in self._spent
            ):
                _log.info(
                    "refresh refused; adopting the pair another process saved",
                    extra=log_extra(key=self._key),
                )
                return stored
            raise self._reauthorize(
                f"Procore refused the stored refresh token ({exc.error or exc.status_code}).",
                exc,
            ) from exc
        if tokens.refresh_token is None:
            # Procore says every refresh rotates (Procore docs: OAuth 2.0 Authorization Code Grant
            # Flow); should an answer omit the new refresh token, the old one was evidently not
            # rotated: keep it rather than lose the user.
            return attrs.evolve(tokens, refresh_token=refresh_token)
        # Single-use (Procore docs: OAuth 2.0 Authorization Code Grant Flow): spent even when it
        # worked.
        self._spent.add(refresh_token)
        return tokens


def _same_pair(a: TokenSet, b: TokenSet | None) -> bool:
    return b is not None and (a.access_token, a.refresh_token) == (b.access_token, b.refresh_token)


def _still_valid(tokens: TokenSet, now: float) -> bool:
    return tokens.expires_at is None or now < tokens.expires_at


# --- One-shot OAuth calls (also used by procore_sdk.auth) ---


async def async_exchange_code(
    http: httpx.AsyncClient,
    login_url: str,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    clock: Clock,
) -> TokenSet:
    """``POST /oauth/token`` with ``grant_type=authorization_code`` (Procore docs: Procore API
    Authentication Endpoints).

    The code is single-use and valid 10 minutes (Procore docs: Procore API Authentication
    Endpoints), so this is never retried.
    """
    request = build_token_request(
        login_url, authorization_code_form(client_id, client_secret, code, redirect_uri)
    )
    response = await _send(http, request, "the token endpoint")
    return parse_token_response(response, now=clock())


async def async_revoke_token(
    http: httpx.AsyncClient, login_url: str, *, token: str, client_id: str, client_secret: str
) -> None:
    """``POST /oauth/revoke``: revokes the access token and its refresh token (Procore docs: Procore
    API Authentication Endpoints)."""
    request = build_revoke_request(
        login_url, token=token, client_id=client_id, client_secret=client_secret
    )
    parse_revoke_response(await _send(http, request, "the revoke endpoint"))


async def async_fetch_token_info(
    http: httpx.AsyncClient, login_url: str, access_token: str
) -> TokenInfo:
    """``GET /oauth/token/info`` with the token as Bearer (Procore docs: Procore API Authentication
    Endpoints)."""
    request = build_token_info_request(login_url, access_token)
    return parse_token_info(await _send(http, request, "the token info endpoint"))


async def _send(http: httpx.AsyncClient, request: httpx.Request, what: str) -> httpx.Response:
    try:
        return await http.send(request)
    except httpx.HTTPError as exc:
        raise _connection_error(exc, what, request) from exc


def _connection_error(
    exc: httpx.HTTPError, what: str, request: httpx.Request
) -> APIConnectionError:
    # What failed (the endpoint), where (its URL without the query) and why (the cause), once.
    where = url_without_query(request.url)
    why = describe_transport_error(exc)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Timed out calling {what} at {where}: {why}")
    return APIConnectionError(f"Could not reach {what} at {where}: {why}")


def build_token_manager(
    *,
    client_id: str | None,
    client_secret: str | None,
    access_token: str | None,
    auth: Any,
    token_store: AnyTokenStore | None,
    login_url: str,
    http: httpx.AsyncClient,
    clock: Clock,
    token_key: str | None = None,
) -> AsyncTokenManager:
    """Choose the token manager for a client's configuration.

    Args:
        client_id: the client's ``client_id=`` (also the default of grant objects).
        client_secret: the client's ``client_secret=``.
        access_token: a static token (quick scripts).
        auth: a grant object (:class:`~procore_sdk.auth.ClientCredentialsAuth`,
            :class:`~procore_sdk.auth.RefreshTokenAuth`,
            :class:`~procore_sdk.auth.AccessTokenAuth`) or a ready token manager.
        token_store: the client's ``token_store=``; a grant object's own store must be the
            same object if both are given.
        login_url: the OAuth host.
        http: the client's httpx client (token requests use it, outside the retry loop).
        clock: Unix seconds.
        token_key: overrides the grant's store key.

    Raises:
        ArgumentTypeError: ``token_store`` is not a token store, or ``auth`` is not a grant.
        ConfigurationError: the credentials given cannot work together.
    """
    async_check_token_store(token_store)
    if isinstance(auth, AsyncTokenManager):
        return auth
    if isinstance(auth, AccessTokenAuth):
        return AsyncStaticTokenManager(auth.access_token)
    if isinstance(auth, (ClientCredentialsAuth, RefreshTokenAuth)):
        store = _one_store(auth.token_store, token_store)
        async_check_token_store(store)  # a grant may carry a store of the other kind
        if isinstance(auth, ClientCredentialsAuth):
            return AsyncClientCredentialsManager(
                client_id=auth.client_id,
                client_secret=auth.client_secret,
                login_url=login_url,
                http=http,
                clock=clock,
                store=store,
                key=token_key or auth.key,
            )
        cid = auth.client_id or client_id
        secret = auth.client_secret or client_secret
        if not cid or not secret:
            raise ConfigurationError(
                "RefreshTokenAuth needs client_id and client_secret (on the auth object or "
                "the client): Procore's refresh request requires both (Procore docs: OAuth 2.0 "
                "Authorization Code Grant Flow)."
            )
        seed = None
        if auth.refresh_token or auth.access_token:
            seed = TokenSet(
                access_token=auth.access_token or "",
                refresh_token=auth.refresh_token,
                # Without an access token, or its expiry, the first call refreshes.
                expires_at=auth.expires_at if auth.access_token else 0.0,
            )
        return AsyncRefreshTokenManager(
            client_id=cid,
            client_secret=secret,
            login_url=login_url,
            http=http,
            clock=clock,
            store=store,
            key=token_key or auth.key,
            initial_tokens=seed,
            redirect_uri=auth.redirect_uri,
        )
    if auth is not None:
        raise argument_type_error(
            "auth",
            auth,
            "a procore_sdk.auth grant object (ClientCredentialsAuth, RefreshTokenAuth or "
            "AccessTokenAuth) or None",
            secret=True,  # a token passed as auth= by mistake must not be printed
        )
    if access_token is not None:
        return AsyncStaticTokenManager(access_token)
    if client_id and client_secret:
        return AsyncClientCredentialsManager(
            client_id=client_id,
            client_secret=client_secret,
            login_url=login_url,
            http=http,
            clock=clock,
            store=token_store,
            key=token_key,
        )
    raise ConfigurationError(
        "No credentials: pass client_id and client_secret (client credentials), "
        "access_token=, or auth=."
    )


def _one_store(from_auth: Any, from_client: AnyTokenStore | None) -> AnyTokenStore | None:
    # from_auth: a grant's store, of either kind; build_token_manager checks it fits.
    if from_auth is not None and from_client is not None and from_auth is not from_client:
        raise ConfigurationError(
            "token_store was given twice (on the auth object and on the client) with "
            "different stores; pass it once."
        )
    return from_auth if from_auth is not None else from_client
