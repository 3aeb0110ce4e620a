"""``AsyncProcore``: configuration, the request loop, and the generic verbs.

This module is the source of truth for both clients; ``procore_sdk/_blocking/_client.py`` (the
``Procore`` class) is generated from it by ``scripts/unasync.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

import httpx
from typing_extensions import Self, Unpack

from .. import _concurrency
from .._clock import AsyncSleep, Clock, system_clock
from .._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Environment,
    check_client_arguments,
    check_headers,
    resolve_hosts,
    validate_company_id,
    validate_max_retries,
    validate_max_retry_wait,
    validate_timeout,
)
from .._errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    RateLimitError,
    ServiceUnavailableError,
    describe_transport_error,
    make_status_error,
    url_without_query,
)
from .._generated._async import AsyncGroups
from .._grants import AuthGrant
from .._logging import get_logger
from .._oauth import TokenInfo
from .._ratelimit import (
    HOURLY_WINDOW,
    InMemoryRateLimitPacer,
    NoPacing,
    RateLimit,
    async_record_rate_limit,
    async_reserve_budget,
)
from .._request import AttemptDeadline, RequestOptions, build_request, sdk_headers
from .._response import APIResponse, decode_json, record_response
from .._retry import RetryPolicy
from .._types import UNSET, Params, UnsetType
from ._auth import AsyncOAuthTokenManager, AsyncTokenManager, build_token_manager
from ._options import AnyPacer, AnyTokenStore, AsyncClientOptions
from ._pagination import AsyncPager, pager_for_path
from ._resources import AsyncResources
from ._sync_resources import AsyncSyncResources
from ._webhooks_mixin import AsyncWebhooksMixin

__all__ = ["AsyncProcore"]

log = get_logger("procore_sdk")


class AsyncProcore(AsyncResources, AsyncSyncResources, AsyncWebhooksMixin, AsyncGroups):
    """Asynchronous client for the Procore REST API.

    Every argument is keyword-only. With ``client_id`` and ``client_secret`` the client uses
    the client-credentials grant (a Developer Managed Service Account, the grant for
    data-connection apps); ``access_token=`` uses a fixed token; ``auth=`` takes a grant object
    from ``procore_sdk.auth`` (authorization code, refresh token).

    Args:
        client_id: the app's OAuth client id.
        client_secret: the app's OAuth client secret.
        company_id: the default ``Procore-Company-Id``; each call's ``company_id=`` overrides it.
        environment: ``"production"``, ``"sandbox"``, ``"monthly_sandbox"`` or ``"federal"``.
        base_url: the API host, overriding ``environment`` (https, or http on loopback).
        login_url: the OAuth host, overriding ``environment``. When only ``base_url`` is
            given, OAuth is requested from ``base_url`` too.
        access_token: a fixed access token, for quick scripts.
        auth: a grant object from ``procore_sdk.auth``.
        token_store: where tokens live (in memory by default).
        http_client: an ``httpx.AsyncClient`` to send requests with (the SDK does not close
            a client it did not create).
        max_retries: retries per call (0 disables them).
        timeout: seconds per attempt, as a whole: connecting, waiting and reading the body.
        max_retry_wait: the longest server-requested wait (``Retry-After``, rate-limit reset)
            the client sleeps through; longer waits raise ``RateLimitError`` with
            ``retry_after`` instead. Rate-limit pacing never waits longer either.
        rate_limit_pacing: ``True`` (default) to wait for the rate-limit reset when
            ``X-Rate-Limit-Remaining`` reaches 0, ``False`` to never wait, or a pacer object
            shared with other clients.
        default_headers: headers added to every request.
        clock: returns the current Unix time; injectable for tests.
        sleep: waits a number of seconds; injectable for tests.

    Raises:
        ConfigurationError: the configuration cannot work (no credentials, a non-https URL,
            a company id that is not a positive integer, a bad ``max_retries``, an argument of
            the wrong type); the message names the argument.
    """

    def __init__(
        self,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        company_id: int | None = None,
        environment: Environment = "production",
        base_url: str | None = None,
        login_url: str | None = None,
        access_token: str | None = None,
        auth: AuthGrant | AsyncTokenManager | None = None,
        token_store: AnyTokenStore | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float = DEFAULT_TIMEOUT,
        max_retry_wait: float = 60.0,
        rate_limit_pacing: bool | AnyPacer = True,
        default_headers: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        sleep: AsyncSleep | None = None,
    ) -> None:
        check_client_arguments(
            client_id=client_id,
            client_secret=client_secret,
            access_token=access_token,
            rate_limit_pacing=rate_limit_pacing,
            clock=clock,
            sleep=sleep,
        )
        hosts = resolve_hosts(environment, base_url, login_url)
        self._base_url = hosts.api
        self._login_url = hosts.login
        self._environment = environment
        self._company_id = validate_company_id(company_id)
        self._max_retries = validate_max_retries(max_retries)
        seconds = validate_timeout(timeout)
        self._timeout = httpx.Timeout(seconds, connect=min(5.0, seconds))
        self._retry = RetryPolicy(
            max_retries=self._max_retries, max_retry_wait=validate_max_retry_wait(max_retry_wait)
        )
        if client_id is not None and not client_secret and access_token is None and auth is None:
            raise ConfigurationError("client_secret is required with client_id")
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)
        self._clock: Clock = clock or system_clock
        self._sleep: AsyncSleep = sleep or _concurrency.async_sleep
        self._pacer: AnyPacer
        if rate_limit_pacing is True:
            self._pacer = InMemoryRateLimitPacer()
        elif rate_limit_pacing is False:
            self._pacer = NoPacing()
        else:
            self._pacer = rate_limit_pacing
        self._headers = {
            **sdk_headers(),
            **check_headers("default_headers", default_headers, configuring=True),
        }
        self._tokens: AsyncTokenManager = build_token_manager(
            client_id=client_id,
            client_secret=client_secret,
            access_token=access_token,
            auth=auth,
            token_store=token_store,
            login_url=self._login_url,
            http=self._http,
            clock=self._clock,
        )
        self._client_id = client_id
        # Kept only to scrub it from error text; a grant object may carry its own.
        self._client_secret = client_secret or getattr(auth, "client_secret", None)
        self._reset_resources()

    @classmethod
    def from_env(cls, **overrides: Unpack[AsyncClientOptions]) -> Self:
        """Build a client from environment variables; keyword arguments override them.

        Reads ``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET``, ``PROCORE_COMPANY_ID``,
        ``PROCORE_ENVIRONMENT``, ``PROCORE_BASE_URL``, ``PROCORE_LOGIN_URL`` and
        ``PROCORE_ACCESS_TOKEN``.
        """
        names = {
            "client_id": "PROCORE_CLIENT_ID",
            "client_secret": "PROCORE_CLIENT_SECRET",
            "company_id": "PROCORE_COMPANY_ID",
            "environment": "PROCORE_ENVIRONMENT",
            "base_url": "PROCORE_BASE_URL",
            "login_url": "PROCORE_LOGIN_URL",
            "access_token": "PROCORE_ACCESS_TOKEN",
        }
        kwargs: dict[str, Any] = {}
        for arg, env in names.items():
            value = os.environ.get(env)
            if value:
                kwargs[arg] = value
        if "company_id" in kwargs:
            kwargs["company_id"] = validate_company_id(
                kwargs["company_id"], name="PROCORE_COMPANY_ID"
            )
        kwargs.update(overrides)
        return cls(**kwargs)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, company_id={self._company_id!r}, "
            f"client_id={self._client_id!r})"
        )

    # -- copies ------------------------------------------------------------------------------

    def _copy(self, **changes: Any) -> Self:
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.__dict__.update(changes)
        # A copy does not own the shared connection pool: closing it leaves the pool open.
        clone._owns_http = False
        clone._reset_resources()
        return clone

    def for_company(self, company_id: int) -> Self:
        """A copy whose default ``Procore-Company-Id`` is ``company_id``.

        It shares the connection pool, the tokens and the rate-limit budget of this client.
        """
        checked = validate_company_id(company_id)
        if checked is None:
            raise ConfigurationError(
                "company_id must be a positive integer (for_company() needs a company id); "
                "got None",
                argument="company_id",
            )
        return self._copy(_company_id=checked)

    def with_options(
        self,
        *,
        company_id: int | UnsetType | None = UNSET,
        max_retries: int | None = None,
        timeout: float | None = None,
        max_retry_wait: float | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy with some options changed, sharing the connection pool and the tokens."""
        changes: dict[str, Any] = {}
        if not isinstance(company_id, UnsetType):
            changes["_company_id"] = validate_company_id(company_id)
        retries = self._max_retries if max_retries is None else validate_max_retries(max_retries)
        wait = (
            self._retry.max_retry_wait
            if max_retry_wait is None
            else validate_max_retry_wait(max_retry_wait)
        )
        extra = check_headers("default_headers", default_headers, configuring=True)
        changes["_max_retries"] = retries
        changes["_retry"] = RetryPolicy(max_retries=retries, max_retry_wait=wait)
        if timeout is not None:
            seconds = validate_timeout(timeout)
            changes["_timeout"] = httpx.Timeout(seconds, connect=min(5.0, seconds))
        if extra:
            changes["_headers"] = {**self._headers, **extra}
        return self._copy(**changes)

    # -- lifecycle ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- properties --------------------------------------------------------------------------

    @property
    def company_id(self) -> int | None:
        """The default ``Procore-Company-Id`` of this client."""
        return self._company_id

    @property
    def base_url(self) -> str:
        """The API host."""
        return self._base_url

    @property
    def login_url(self) -> str:
        """The OAuth host."""
        return self._login_url

    # -- tokens ------------------------------------------------------------------------------

    def _oauth(self, action: str) -> AsyncOAuthTokenManager:
        if not isinstance(self._tokens, AsyncOAuthTokenManager):
            raise ConfigurationError(
                f"{action} needs an OAuth grant (client credentials or a refresh token); "
                "this client was given a fixed access_token"
            )
        return self._tokens

    async def token_info(self) -> TokenInfo:
        """What Procore says about the current access token: ``GET /oauth/token/info`` (Procore
        docs: Procore API Authentication Endpoints).

        Raises:
            ConfigurationError: the client uses a fixed ``access_token``.
        """
        return await self._oauth("token_info()").token_info()

    async def revoke_token(self) -> None:
        """Revoke the current tokens with ``POST /oauth/revoke`` and forget them (Procore docs:
        Procore API Authentication Endpoints).

        Procore revokes the access token and its refresh token together; a user of an
        authorization-code app must authorize again afterwards.

        Raises:
            ConfigurationError: the client uses a fixed ``access_token``.
        """
        await self._oauth("revoke_token()").revoke()

    # -- the request loop --------------------------------------------------------------------

    async def _secrets(self) -> list[str | None]:
        """The secrets this client holds, to scrub from error text (the bearer token sent is
        taken from each request)."""
        found: list[str | None] = [self._client_secret]
        if isinstance(self._tokens, AsyncOAuthTokenManager):
            tokens = await self._tokens.current_tokens()
            if tokens is not None:
                found += [tokens.access_token, tokens.refresh_token]
        return found

    async def _pace(self, key: str) -> None:
        """Wait for the rate-limit reset when the budget is spent, within bounds.

        The wait never exceeds ``max_retry_wait`` nor Procore's hourly window, whatever a
        pacer computes: if the budget is still spent after it, Procore's 429 is handled by the
        retry policy, which raises ``RateLimitError`` with ``retry_after`` instead.
        """
        # Awaited (or run in a thread): a shared pacer's round trip must not block the loop.
        wait = await async_reserve_budget(self._pacer, key, self._clock())
        wait = min(wait, self._retry.max_retry_wait, HOURLY_WINDOW)
        if wait > 0:
            log.info("rate limit budget spent; waiting %.1fs for the reset", wait)
            await self._sleep(wait)

    async def _attempt(self, request: httpx.Request, seconds: float) -> httpx.Response:
        """Send one request and read its whole body within ``seconds`` (httpx only bounds each
        socket read, so a trickled body would otherwise never time out)."""
        started = self._clock()
        response = await self._http.send(request, stream=True)
        deadline = AttemptDeadline(
            response.stream,
            deadline=started + seconds,
            clock=self._clock,
            request=request,
            seconds=seconds,
        )
        response.stream = deadline
        try:
            deadline.check()
            await response.aread()
        except BaseException:
            await response.aclose()
            raise
        return response

    async def _send(self, options: RequestOptions) -> httpx.Response:
        """Send one logical call: pacing, auth, retries, error mapping. Returns a 2xx response
        whose body has been read."""
        company_id = (
            self._company_id if isinstance(options.company_id, UnsetType) else options.company_id
        )
        pacing_key = str(company_id or "")
        max_retries = self._max_retries if options.max_retries is None else options.max_retries
        seconds = self._timeout.read if options.timeout is None else options.timeout
        assert seconds is not None  # the client always sets a read timeout
        retries_taken = 0
        replayed_unauthorized = False
        while True:
            await self._pace(pacing_key)
            token = await self._tokens.get_token()
            request = build_request(
                options,
                base_url=self._base_url,
                token=token,
                company_id=company_id,
                client_headers=self._headers,
                timeout=self._timeout,
            )
            started = time.perf_counter()
            try:
                response = await self._attempt(request, seconds)
            except httpx.HTTPError as exc:
                decision = self._retry.after_exception(
                    method=request.method,
                    exc=exc,
                    retries_taken=retries_taken,
                    idempotent=options.idempotent,
                    max_retries=max_retries,
                )
                log.info(
                    "%s %s failed: %s (retry: %s)",
                    request.method,
                    request.url.path,
                    type(exc).__name__,
                    decision.retry,
                )
                if decision.retry:
                    retries_taken += 1
                    await self._sleep(decision.delay)
                    continue
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(
                        f"{request.method} {url_without_query(request.url)} timed out "
                        f"(timeout={seconds:g} s per attempt) after {retries_taken} retries: "
                        f"{describe_transport_error(exc)}",
                        request=request,
                    ) from exc
                # What failed, where and why, once (the cause is also the __cause__).
                raise APIConnectionError(
                    f"{request.method} {url_without_query(request.url)} failed after "
                    f"{retries_taken} retries: {describe_transport_error(exc)}",
                    request=request,
                ) from exc
            elapsed = time.perf_counter() - started
            rate_limit = RateLimit.from_headers(response.headers)
            if rate_limit is not None:
                # On the local clock and within the hourly window, whatever Procore's clock says.
                await async_record_rate_limit(
                    self._pacer, pacing_key, rate_limit.localized(self._clock())
                )
            log.debug(
                "%s %s -> %d in %.3fs (retries %d, rate remaining %s)",
                request.method,
                request.url.path,
                response.status_code,
                elapsed,
                retries_taken,
                rate_limit.remaining if rate_limit else "?",
            )
            # Replay once with a new token, if the manager could get one (Procore docs: Error Code
            # Reference).
            if (
                response.status_code == 401
                and not replayed_unauthorized
                and await self._tokens.handle_unauthorized(token)
            ):
                replayed_unauthorized = True
                continue
            if response.is_success:
                record_response(
                    APIResponse(
                        method=request.method,
                        path=request.url.path,
                        status_code=response.status_code,
                        headers=response.headers,
                        rate_limit=rate_limit,
                        retries_taken=retries_taken,
                        elapsed=elapsed,
                        http_response=response,
                    )
                )
                return response
            decision = self._retry.after_response(
                method=request.method,
                response=response,
                retries_taken=retries_taken,
                now=self._clock(),
                idempotent=options.idempotent,
                max_retries=max_retries,
            )
            log.info(
                "%s %s -> %d (retry: %s, %s)",
                request.method,
                request.url.path,
                response.status_code,
                decision.retry,
                decision.reason,
            )
            if decision.retry:
                retries_taken += 1
                await self._sleep(decision.delay)
                continue
            error = make_status_error(
                response, retries_taken=retries_taken, secrets=await self._secrets()
            )
            if decision.retry_after is not None and isinstance(
                error, (RateLimitError, ServiceUnavailableError)
            ):
                error.retry_after = decision.retry_after
            raise error

    # -- generic verbs -----------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """Call any Procore endpoint; returns the decoded JSON body (``None`` when empty).

        ``params`` may nest: ``{"filters": {"status": ["open"]}}`` is sent as
        ``filters[status][]=open``, and a ``(start, end)`` pair as ``start...end`` (either end
        may be ``None``). ``company_id`` overrides the client's ``Procore-Company-Id``
        (``None`` sends none).

        Raises:
            InvalidArgumentError: a method Procore's API does not use, or a bad ``company_id``,
                ``timeout`` or ``max_retries`` (``ArgumentTypeError`` for a wrong type).
            ResponseValidationError: a successful response whose body is not JSON.
            APIStatusError: Procore answered with an error status.
            APIConnectionError: Procore could not be reached (``APITimeoutError`` when an
                attempt ran out of time).
        """
        response = await self._send(
            RequestOptions(
                method=method,
                url=path,
                params=params,
                json=json,
                headers=headers,
                company_id=company_id,
                timeout=timeout,
                max_retries=max_retries,
            )
        )
        return decode_json(response)

    async def get(
        self,
        path: str,
        *,
        params: Params | None = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """``GET path``; see ``request``."""
        return await self.request(
            "GET",
            path,
            params=params,
            company_id=company_id,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def post(
        self,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """``POST path``; see ``request``. Never retried once it may have reached Procore."""
        return await self.request(
            "POST",
            path,
            params=params,
            json=json,
            company_id=company_id,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def put(
        self,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """``PUT path``; see ``request``."""
        return await self.request(
            "PUT",
            path,
            params=params,
            json=json,
            company_id=company_id,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def patch(
        self,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """``PATCH path``; see ``request``. Never retried once it may have reached Procore."""
        return await self.request(
            "PATCH",
            path,
            params=params,
            json=json,
            company_id=company_id,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def delete(
        self,
        path: str,
        *,
        params: Params | None = None,
        company_id: int | UnsetType | None = UNSET,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Any:
        """``DELETE path``; see ``request``."""
        return await self.request(
            "DELETE",
            path,
            params=params,
            company_id=company_id,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )

    def paginate(
        self,
        path: str,
        *,
        params: Params | None = None,
        company_id: int | UnsetType | None = UNSET,
        per_page: int | None = None,
        max_items: int | None = None,
        prefetch: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AsyncPager[dict[str, Any]]:
        """List any endpoint lazily, as dicts: ``GET path`` page by page (Procore docs: Using
        Pagination).

        The pager follows the ``Link`` header's ``next`` and stops on a missing ``next``, an
        empty page or a repeated URL; ``per_page`` defaults to the endpoint's documented
        maximum, so a full listing costs ``ceil(N / max)`` requests. v2 ``data`` envelopes and
        the v1 webhook deliveries ``page_size``/``page_start`` scheme are handled.

        Args:
            path: a list path such as ``/rest/v1.0/projects``.
            params: query parameters (nested as in ``request``).
            company_id: overrides the client's ``Procore-Company-Id``.
            per_page: page size; defaults to the endpoint's maximum.
            max_items: stop after this many records.
            prefetch: fetch up to this many pages at once once ``Total`` is known.
            headers: extra headers.
            timeout: seconds per request, overriding the client's.
            max_retries: overriding the client's.
        """
        return pager_for_path(
            self,
            path,
            params=params,
            company_id=company_id,
            per_page=per_page,
            max_items=max_items,
            prefetch=prefetch,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )
