"""A small OAuth token endpoint for the auth tests (Procore's rules from §2.2-§2.4).

Refresh tokens are single-use and rotate: any refresh attempt burns the token it carries.
The same handler serves httpx.MockTransport (sync and async) and, through ``wsgi``-free glue in
the multi-process test, a loopback http.server.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
from _support import FakeClock, Runner

from procore_sdk._async import _auth as async_auth
from procore_sdk._blocking import _auth as sync_auth
from procore_sdk.auth import AuthorizationCodeFlow, RefreshTokenAuth

CLIENT_ID = "client-abc"
CLIENT_SECRET = "SECRET-client-secret-123"
LOGIN = "https://login.example.test"
NOW = 1_700_000_000.0
REDIRECT = "https://app.example.test/oauth/callback"


class TokenServer:
    """Counts requests per grant; rotates refresh tokens; optional faults."""

    def __init__(self, *, expires_in: int = 5400, prefix: str = "") -> None:
        self.expires_in = expires_in
        self.prefix = prefix
        self._serial = itertools.count(1)
        self._guard = threading.Lock()
        self.valid_refresh: set[str] = set()
        self.valid_access: set[str] = set()
        self.codes: set[str] = set()
        self.requests: list[dict[str, str]] = []
        self.revoked: list[str] = []
        self.info_requests = 0
        # Faults and hooks.
        self.drop_after_rotate = False
        self.fail_refresh_with: tuple[int, dict[str, str]] | None = None
        self.before_token_response: Callable[[dict[str, str]], None] | None = None

    # -- helpers for tests --

    def issue_pair(self) -> tuple[str, str]:
        n = next(self._serial)
        access, refresh = f"{self.prefix}AT-{n}", f"{self.prefix}RT-{n}"
        with self._guard:
            self.valid_access.add(access)
            self.valid_refresh.add(refresh)
        return access, refresh

    def grants(self, grant_type: str) -> int:
        return sum(1 for r in self.requests if r.get("grant_type") == grant_type)

    @property
    def token_requests(self) -> int:
        return len(self.requests)

    # -- the endpoint --

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/oauth/token":
            return self._token(request)
        if path == "/oauth/revoke":
            form = dict(parse_qsl(request.content.decode()))
            with self._guard:
                self.revoked.append(form.get("token", ""))
                self.valid_refresh.discard(form.get("token", ""))
            return httpx.Response(200, json={})
        if path == "/oauth/token/info":
            self.info_requests += 1
            auth = request.headers.get("authorization", "")
            token = auth.removeprefix("Bearer ")
            if token not in self.valid_access:
                return httpx.Response(401, json={"error": "invalid_token"})
            return httpx.Response(
                200,
                json={
                    "resource_owner_id": 42,
                    "scopes": ["public"],
                    "expires_in_seconds": 5000,
                    "application": {"uid": CLIENT_ID},
                    "created_at": 1_700_000_000,
                    "new_field": True,
                },
            )
        return httpx.Response(404, json={"error": "not found"})

    def _token(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = dict(parse_qsl(request.content.decode()))
        with self._guard:
            self.requests.append(form)
        if self.before_token_response is not None:
            self.before_token_response(form)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return httpx.Response(401, json={"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "client_credentials":
            access, _ = self.issue_pair()
            return self._ok(access, None)
        if grant == "authorization_code":
            with self._guard:
                known = form.get("code") in self.codes
                self.codes.discard(form.get("code", ""))
            if not known:
                return self._invalid_grant()
            return self._ok(*self.issue_pair())
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            with self._guard:
                # §2.4: any refresh attempt burns the token, successful or not.
                alive = token in self.valid_refresh
                self.valid_refresh.discard(token)
            if self.fail_refresh_with is not None:
                status, body = self.fail_refresh_with
                return httpx.Response(status, json=body)
            if not alive:
                return self._invalid_grant()
            pair = self.issue_pair()
            if self.drop_after_rotate:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            return self._ok(*pair)
        return httpx.Response(400, json={"error": "unsupported_grant_type"})

    def _ok(self, access: str, refresh: str | None) -> httpx.Response:
        body: dict[str, object] = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "created_at": 1_500_000_000,  # a skewed server clock must not matter
            "unexpected_field": "tolerated",
        }
        if refresh is not None:
            body["refresh_token"] = refresh
        return httpx.Response(
            200, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
        )

    @staticmethod
    def _invalid_grant() -> httpx.Response:
        return httpx.Response(
            400,
            json={
                "error": "invalid_grant",
                "error_description": "The provided authorization grant is invalid or revoked",
            },
        )


class TaskGate:
    """Opens once ``n`` tasks have arrived; a held request waits on it, bounded by a timeout.

    A task arrives just before it calls the code under test and runs on until it blocks, so
    when the gate opens every task is already waiting (on the lock, or done).
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.arrived = 0
        self._event: asyncio.Event | None = None

    def _get_event(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.n:
            self._get_event().set()

    async def wait(self) -> None:
        await asyncio.wait_for(self._get_event().wait(), timeout=10)


class Drive(Runner):
    """Builds token managers of one flavour and runs their calls to completion."""

    def http(self, handler: Any) -> Any:
        if self.is_async:

            async def async_handler(request: httpx.Request) -> httpx.Response:
                result = handler(request)
                if inspect.isawaitable(result):
                    result = await result
                return result

            return httpx.AsyncClient(transport=httpx.MockTransport(async_handler))
        return httpx.Client(transport=httpx.MockTransport(handler))

    @property
    def mod(self) -> Any:
        return async_auth if self.is_async else sync_auth

    def build(self, server: TokenServer, clock: FakeClock, **kwargs: Any) -> Any:
        kwargs.setdefault("client_id", None)
        kwargs.setdefault("client_secret", None)
        kwargs.setdefault("access_token", None)
        kwargs.setdefault("auth", None)
        kwargs.setdefault("token_store", None)
        return self.mod.build_token_manager(
            login_url=LOGIN, http=self.http(server.handle), clock=clock, **kwargs
        )

    def refresh_manager(
        self,
        server: TokenServer,
        clock: FakeClock,
        store: Any = None,
        key: str = "user-1",
        **auth: Any,
    ) -> Any:
        auth.setdefault("client_id", CLIENT_ID)
        auth.setdefault("client_secret", CLIENT_SECRET)
        return self.build(server, clock, auth=RefreshTokenAuth(key=key, token_store=store, **auth))


API = "https://api.example.test"


class FakeProcoreApi:
    """``/oauth/*`` from TokenServer; ``GET /rest/v1.0/me`` needs a live access token."""

    def __init__(self, server: TokenServer) -> None:
        self.server = server
        self.api_calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth/"):
            return self.server.handle(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.api_calls.append(token)
        if token not in self.server.valid_access:
            return httpx.Response(401, json={"error": "The access token is invalid"})
        return httpx.Response(200, json={"id": 42, "login": "user@example.com", "name": "U"})


def make(runner: Runner, api: FakeProcoreApi, clock: FakeClock, **kwargs: Any) -> Any:
    return runner.client(
        api, clock=clock, access_token=None, base_url=API, login_url=LOGIN, **kwargs
    )


def flow(server: TokenServer, **kwargs: object) -> AuthorizationCodeFlow:
    async def async_handler(request: httpx.Request) -> httpx.Response:
        return server.handle(request)

    return AuthorizationCodeFlow(
        CLIENT_ID,
        CLIENT_SECRET,
        kwargs.pop("redirect_uri", REDIRECT),  # type: ignore[arg-type]
        login_url=LOGIN,
        http_client=httpx.Client(transport=httpx.MockTransport(server.handle)),
        async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(async_handler)),
        clock=FakeClock(NOW),
        **kwargs,  # type: ignore[arg-type]
    )
