"""``procore login``: store a profile, its client secret and its tokens.

Grants (Procore docs: OAuth 2.0 Authorization Code Grant Flow; Using the OAuth 2.0 Client
Credentials Grant Type):

- ``client_credentials`` (default): a Developer Managed Service Account; the token is fetched
  once to check the credentials, and kept in the token store.
- ``browser``: the authorization code flow. A loopback server takes the redirect, checks
  ``state`` and exchanges the code; the tokens go to the token store.
- ``oob``: the same flow for machines without a browser: Procore shows the code, which is
  pasted back.

The client secret is read from ``PROCORE_CLIENT_SECRET`` or asked for without echo; it is never
taken on the command line (shell history, process lists) and never printed.
"""

from __future__ import annotations

import argparse
import getpass
import html
import threading
import time
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .._blocking._client import Procore
from .._config import ENVIRONMENTS, resolve_hosts
from .._errors import InvalidArgumentError, OAuthError
from .._grants import ClientCredentialsAuth
from .._oauth import callback_params
from ..auth import AuthorizationCodeFlow
from ._context import Context, token_key
from ._profiles import resolve_profile, save_profile, save_secret

__all__ = ["add", "open_browser"]

DEFAULT_REDIRECT = "http://localhost:8976/callback"

#: Opens the authorization URL (tests and headless machines replace it; ``--no-browser``).
open_browser: Callable[[str], Any] = webbrowser.open

_PAGE = (
    "<!doctype html><html><body><h1>{title}</h1><p>{text}</p>"
    "<p>You can close this window.</p></body></html>"
)


def add(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``procore login``."""
    login = commands.add_parser(
        "login",
        parents=parents,
        help="store a profile: client credentials (DMSA) or the authorization code flow",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    login.add_argument(
        "--grant", choices=("client_credentials", "browser", "oob"), default="client_credentials"
    )
    login.add_argument("--client-id", help="the app's client id (default: $PROCORE_CLIENT_ID)")
    login.add_argument("--environment", choices=sorted(ENVIRONMENTS))
    login.add_argument("--base-url", help="the API host, overriding --environment")
    login.add_argument("--login-url", help="the OAuth host, overriding --environment")
    login.add_argument(
        "--redirect-uri",
        default=DEFAULT_REDIRECT,
        help="with --grant browser: the loopback redirect URI registered for the app "
        f"(default {DEFAULT_REDIRECT}; port 0 picks a free one)",
    )
    login.add_argument(
        "--no-browser", action="store_true", help="print the authorization URL, do not open it"
    )
    login.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the redirect"
    )
    login.set_defaults(handler=_run_login)


def _secret(ctx: Context) -> str:
    from_env = ctx.environ.get("PROCORE_CLIENT_SECRET")
    if from_env:
        return from_env
    if ctx.stdin.isatty():
        secret = getpass.getpass("Client secret (not shown): ", stream=ctx.stderr)
    else:
        ctx.stderr.write("Reading the client secret from standard input.\n")
        secret = ctx.stdin.readline().strip()
    if not secret:
        raise InvalidArgumentError(
            "a client secret is needed: set PROCORE_CLIENT_SECRET or type it when asked",
            argument="client_secret",
        )
    return secret


class _Callback:
    """A one-shot loopback server for the OAuth redirect (Procore docs: OAuth 2.0 Authorization
    Code Grant Flow): it answers every request, and keeps the first query on the redirect path."""

    def __init__(self, redirect_uri: str) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            raise InvalidArgumentError(
                "--redirect-uri must be an http://localhost (or 127.0.0.1) URI for the "
                f"loopback callback server; got {redirect_uri!r}",
                argument="--redirect-uri",
            )
        self.path = parts.path or "/"
        self.query: str | None = None
        self.answer: tuple[int, str, str] = (200, "Logged in", "procore login has your code.")
        self.received = threading.Event()
        self.handled = threading.Event()
        server = HTTPServer(("127.0.0.1", parts.port or 80), self._handler())
        self.server = server
        port = server.server_address[1]
        netloc = f"{parts.hostname}:{port}"
        self.redirect_uri = urlunsplit((parts.scheme, netloc, self.path, "", ""))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if path != owner.path or owner.received.is_set():
                    self.send_error(404)
                    return
                owner.query = query
                owner.received.set()
                # Answer only once the code is exchanged, so the page tells the truth.
                owner.handled.wait(60)
                status, title, text = owner.answer
                body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the query string holds the code."""

        return Handler

    def serve(self) -> threading.Thread:
        thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        return thread

    def close(self) -> None:
        self.handled.set()
        self.server.shutdown()
        self.server.server_close()


def _hosts(ctx: Context, args: argparse.Namespace) -> dict[str, Any]:
    p = ctx.profile
    fields = {
        "environment": args.environment or p.environment,
        "base_url": args.base_url or p.base_url,
        "login_url": args.login_url or p.login_url,
    }
    return {k: v for k, v in fields.items() if v}


def _run_login(ctx: Context) -> int:
    args = ctx.args
    p = ctx.use_profile(
        resolve_profile(ctx.environ, getattr(args, "profile", None), must_exist=False)
    )
    client_id = args.client_id or p.client_id
    if not client_id:
        raise InvalidArgumentError(
            "--client-id is required (or set PROCORE_CLIENT_ID)", argument="--client-id"
        )
    hosts = _hosts(ctx, args)
    resolved = resolve_hosts(
        hosts.get("environment", "production"), hosts.get("base_url"), hosts.get("login_url")
    )
    secret = _secret(ctx)
    store = ctx.token_store()
    key = token_key(p.name)
    company = getattr(args, "company_id", None) or p.company_id
    redirect_uri: str | None = None
    if args.grant == "client_credentials":
        grant = ClientCredentialsAuth(
            client_id=client_id, client_secret=secret, token_store=store, key=key
        )
        with Procore(auth=grant, **hosts) as client:
            info = client.token_info()
        auth = "client_credentials"
        who = f"service account user {info.resource_owner_id}"
    else:
        flow_kwargs: dict[str, Any] = {"login_url": resolved.login, "token_store": store}
        if args.grant == "oob":
            flow = AuthorizationCodeFlow.out_of_band(client_id, secret, **flow_kwargs)
            url, _ = flow.authorization_url()
            ctx.stderr.write(f"Open this URL, approve the app, then paste the code:\n{url}\n")
            ctx.stderr.write("Code: ")
            ctx.stderr.flush()
            code = ctx.stdin.readline().strip()
            if not code:
                raise InvalidArgumentError("no authorization code was pasted", argument="code")
            flow.exchange_code(code, key=key)
        else:
            redirect_uri = _browser_login(ctx, client_id, secret, flow_kwargs, key)
        auth = "authorization_code"
        who = "your Procore user"
    fields = {
        "client_id": client_id,
        "company_id": company,
        "auth": auth,
        "redirect_uri": redirect_uri,
        **hosts,
    }
    path = save_profile(ctx.environ, p.name, fields)
    save_secret(ctx.environ, p.name, secret)
    ctx.stdout.write(f"Logged in as {who}; profile {p.name!r} saved to {path}\n")
    return 0


def _browser_login(
    ctx: Context, client_id: str, secret: str, flow_kwargs: dict[str, Any], key: str
) -> str:
    """Run the browser leg and the exchange; returns the redirect URI the code was issued for."""
    callback = _Callback(ctx.args.redirect_uri)
    thread = callback.serve()
    try:
        flow = AuthorizationCodeFlow(client_id, secret, callback.redirect_uri, **flow_kwargs)
        url, state = flow.authorization_url()
        ctx.stderr.write(f"Authorize the app in your browser:\n{url}\n")
        ctx.stderr.write(f"Waiting for the redirect to {callback.redirect_uri}\n")
        ctx.stderr.flush()
        if not ctx.args.no_browser:
            open_browser(url)
        deadline = time.monotonic() + ctx.args.timeout
        while not callback.received.wait(0.1):
            if time.monotonic() > deadline:
                raise OAuthError(
                    f"no redirect reached {callback.redirect_uri} within "
                    f"{ctx.args.timeout:g} s; run procore login again",
                    error="timeout",
                )
        try:
            # handle_callback checks state (constant time) before exchanging the code.
            flow.handle_callback(
                callback_params(callback.query or ""), expected_state=state, key=key
            )
        except OAuthError as exc:
            callback.answer = (400, "Login failed", exc.error or "refused")
            raise
    finally:
        callback.close()
        thread.join(10)
    return callback.redirect_uri
