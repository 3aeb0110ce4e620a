"""An embedded full-screen app: sign the user in with OAuth, then show the project's open RFIs.

    python examples/embedded_app/app.py --demo           # self-check, offline, exits
    python examples/embedded_app/app.py --port 8000      # serve until Ctrl-C

Procore shows a full-screen app in an iframe at the URL in your app's manifest, filling in
placeholders such as ``?companyId={{procore.company.id}}&projectId={{procore.project.id}}``
(Procore docs: Understanding URL Parameter Interpolation). This app, a plain ASGI application with
no web framework:

* ``GET /`` reads that launch context, remembers it in the user's session, and sends the browser
  to Procore's ``/oauth/authorize`` with a random ``state`` (the authorization code grant; Procore
  docs: Procore API Authentication Endpoints);
* ``GET /callback`` checks the ``state``, exchanges the code for tokens, asks Procore who the
  user is and stores the tokens under that user in a token store (a JSON file here);
* ``GET /rfis`` lists the project's open RFIs *as that user* (so Procore applies the user's own
  permissions) and renders them as HTML. The client refreshes and rotates the user's tokens in
  the store by itself.

``--demo`` runs offline: it starts the built-in fake Procore and this app on free 127.0.0.1
ports, then plays the browser with httpx, following the redirects through the fake's
``/oauth/authorize`` and back, and prints each step and the RFIs it got.

The normal mode needs ``PROCORE_CLIENT_ID`` and ``PROCORE_CLIENT_SECRET`` of an app whose
redirect URI is ``APP_URL`` + ``/callback`` (``APP_URL`` defaults to http://localhost:8000),
and ``PROCORE_ENVIRONMENT`` (``sandbox`` for a sandbox; ``PROCORE_BASE_URL`` and
``PROCORE_LOGIN_URL`` name other hosts). Inside Procore the app must be served over https.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx

from procore_sdk import AsyncProcore, ProcoreError
from procore_sdk.auth import (
    AuthorizationCodeFlow,
    FileTokenStore,
    LaunchContext,
    TokenStore,
    parse_launch_context,
    resolve_login_url,
)
from procore_sdk.testing import FakeProcore

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

SESSION_COOKIE = "rfi_viewer_session"


@attrs.define
class Session:
    """What the app remembers about one browser between requests."""

    launch: LaunchContext | None = None
    state: str | None = None  # the OAuth state we are waiting for, if any
    user_key: str | None = None  # where this user's tokens are in the token store


@attrs.define
class Response:
    status: int
    body: str = ""
    headers: list[tuple[str, str]] = attrs.field(factory=list)


def page(title: str, body: str, status: int = 200) -> Response:
    document = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return Response(status, document, [("content-type", "text/html; charset=utf-8")])


def redirect(location: str) -> Response:
    return Response(302, "", [("location", location)])


class RfiViewer:
    """The embedded app.

    Args:
        client_id: the app's OAuth client id.
        client_secret: its client secret.
        app_url: where this app is served; ``app_url + "/callback"`` must be the redirect URI
            registered for the app, exactly.
        token_store: where users' tokens are kept.
        api_url: Procore's API host (default: the environment's).
        login_url: Procore's login host (default: the environment's).
        environment: ``"production"`` or ``"sandbox"``...
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        app_url: str,
        token_store: TokenStore,
        api_url: str | None = None,
        login_url: str | None = None,
        environment: str = "production",
    ) -> None:
        self.secure = app_url.startswith("https://")
        self.api_url = api_url
        self.environment = environment
        # One connection pool for every user's client and for the token exchanges.
        self.http = httpx.AsyncClient(timeout=30)
        self.flow = AuthorizationCodeFlow(
            client_id,
            client_secret,
            app_url.rstrip("/") + "/callback",
            login_url=resolve_login_url(environment, login_url),
            token_store=token_store,
            async_http_client=self.http,
        )
        # In memory for the example; a real app keeps sessions in its database or in Redis.
        self.sessions: dict[str, Session] = {}

    # -- ASGI plumbing ---------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.http.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        cookies = _cookies(scope)
        session_id = cookies.get(SESSION_COOKIE)
        if session_id not in self.sessions:
            session_id = secrets.token_urlsafe(24)
            self.sessions[session_id] = Session()
        session = self.sessions[session_id]
        routes = {"/": self.launch, "/callback": self.callback, "/rfis": self.rfis}
        handler = routes.get(scope["path"]) if scope["method"] == "GET" else None
        if handler is None:
            response = page("Not found", "", 404)
        else:
            try:
                response = await handler(session, query)
            except ProcoreError as exc:
                # The SDK's messages never contain tokens or secrets, so they are safe to show.
                response = page("Procore said no", f"<p>{html.escape(str(exc))}</p>", 502)
        response.headers.append(("set-cookie", self._cookie(session_id)))
        body = response.body.encode()
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [(k.encode(), v.encode()) for k, v in response.headers],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _cookie(self, session_id: str) -> str:
        cookie = f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly"
        # Inside Procore's iframe this is a third-party cookie: browsers send it only with
        # SameSite=None; Secure (and Partitioned where third-party cookies are blocked).
        return cookie + (
            "; SameSite=None; Secure; Partitioned" if self.secure else "; SameSite=Lax"
        )

    # -- pages -----------------------------------------------------------------------------

    async def launch(self, session: Session, query: dict[str, str]) -> Response:
        """``/``: where Procore opens the app, with the launch context in the query."""
        try:
            # Reads companyId/projectId (and company_id/project_id, procore.company.id, ...).
            context = parse_launch_context(query)
        except ValueError:
            # e.g. "{{procore.project.id}}" left as is: the page was opened outside Procore.
            return page("Open this app from a Procore project", "", 400)
        if context.company_id is None or context.project_id is None:
            return page("Open this app from a Procore project", "", 400)
        session.launch = context
        if session.user_key is not None and self.flow.token_store.load(session.user_key):
            return redirect("/rfis")  # signed in already: the stored tokens are refreshed
        url, state = self.flow.authorization_url()
        session.state = state
        return redirect(url)

    async def callback(self, session: Session, query: dict[str, str]) -> Response:
        """``/callback``: Procore sends the browser back here with a code (or an error)."""
        # The state proves this callback answers the sign-in this session started (no CSRF).
        if session.state is None or not self.flow.verify_state(session.state, query.get("state")):
            return page("Sign-in expired", "<p>Open the app from Procore again.</p>", 400)
        session.state = None
        if "code" not in query:
            # e.g. error=access_denied when the user declined.
            reason = html.escape(query.get("error", "no code"))
            return page("Sign-in was not completed", f"<p>{reason}</p>", 403)
        # Codes are single-use and expire after 10 minutes (Procore docs: Procore API Authentication
        # Endpoints): exchange it right away.
        tokens = await self.flow.async_exchange_code(query["code"])
        async with AsyncProcore(
            access_token=tokens.access_token,
            environment=self.environment,  # type: ignore[arg-type]
            base_url=self.api_url,
            http_client=self.http,
        ) as procore:
            me = await procore.me.retrieve()
        session.user_key = f"procore-user-{me.id}"
        # Per user: the same person opening the app from another project reuses the tokens.
        self.flow.token_store.save(session.user_key, tokens)
        return redirect("/rfis")

    async def rfis(self, session: Session, query: dict[str, str]) -> Response:
        """``/rfis``: the open RFIs of the project the app was opened in, as the user sees them."""
        if session.launch is None or session.user_key is None:
            return redirect("/")
        context = session.launch
        assert context.project_id is not None
        async with AsyncProcore(
            auth=self.flow.auth(session.user_key),  # refreshes and rotates in the store
            company_id=context.company_id,
            environment=self.environment,  # type: ignore[arg-type]
            base_url=self.api_url,
            login_url=self.flow.login_url,
            http_client=self.http,
        ) as procore:
            rfis = [
                rfi async for rfi in procore.rfis.list(project_id=context.project_id, status="open")
            ]
        rows = "".join(
            f"<tr><td>{html.escape(rfi.number or '')}</td>"
            f"<td>{html.escape(rfi.subject or '')}</td>"
            f"<td>{rfi.due_date.isoformat() if rfi.due_date else ''}</td></tr>"
            for rfi in rfis
        )
        project = context.project_name or f"project #{context.project_id}"
        table = (
            f"<p>Open RFIs: {len(rfis)}</p><table><thead><tr><th>Number</th><th>Subject</th>"
            f"<th>Due</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        return page(f"Open RFIs of {project}", table)


def _cookies(scope: Scope) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                cookies[key] = val
    return cookies


# -- serving -------------------------------------------------------------------------------


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def serve_in_thread(app: Any, sock: socket.socket) -> Iterator[None]:
    """Run uvicorn on an already bound socket in a thread, until the block exits."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# -- demo: a simulated browser, offline ------------------------------------------------------


def visit(browser: httpx.Client, url: str) -> tuple[httpx.Response, list[str]]:
    """GET ``url``, following redirects like a browser; returns the page and the paths seen."""
    response = browser.get(url)
    # Paths only: the callback's query holds the authorization code, a secret.
    hops = [f"{r.status_code} {r.url.path}" for r in (*response.history, response)]
    return response, hops


def demo(out: Path) -> int:
    fake = FakeProcore(seed=4, sizes={"rfis": 12})
    sock = free_socket()
    app_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with fake.serve() as procore_url:
        viewer = RfiViewer(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            app_url=app_url,
            token_store=FileTokenStore(out / "tokens.json"),
            api_url=procore_url,
            login_url=procore_url,
        )
        with serve_in_thread(viewer, sock), httpx.Client(follow_redirects=True) as browser:
            print(f"Embedded app on {app_url}, fake Procore on {procore_url}")
            # What Procore's iframe opens: the manifest URL with the launch context filled in.
            launch_url = f"{app_url}/?companyId={fake.company_id}&projectId={fake.project_id}"
            first, first_hops = visit(browser, launch_url)
            print("  first visit:  " + " → ".join(first_hops))
            # The session cookie is kept, so the second visit finds this user's tokens.
            second, second_hops = visit(browser, launch_url)
            print("  second visit: " + " → ".join(second_hops))

    signed_in = "302 /oauth/authorize" in first_hops
    signed_in_again = "302 /oauth/authorize" in second_hops
    users = sorted({s.user_key for s in viewer.sessions.values() if s.user_key})
    subjects = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", first.text)
    print(f"  ✓ signed in through /oauth/authorize: {signed_in}")
    print(f"  ✓ tokens stored per user in {out / 'tokens.json'}: {', '.join(users)}")
    print(f"  ✓ second visit reused the stored tokens: {not signed_in_again}")
    print(f"  ✓ {len(subjects)} open RFIs shown:")
    for subject in subjects:
        print(f"      {html.unescape(subject)}")
    ok = first.status_code == second.status_code == 200 and signed_in and not signed_in_again
    return 0 if ok and subjects else 1


def serve(port: int, tokens: Path) -> int:
    import uvicorn

    client_id = os.environ.get("PROCORE_CLIENT_ID")
    client_secret = os.environ.get("PROCORE_CLIENT_SECRET")
    if not client_id or not client_secret:
        print("Set PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET (or run with --demo).")
        return 2
    app_url = os.environ.get("APP_URL", f"http://localhost:{port}")
    viewer = RfiViewer(
        client_id=client_id,
        client_secret=client_secret,
        app_url=app_url,
        token_store=FileTokenStore(tokens),
        environment=os.environ.get("PROCORE_ENVIRONMENT", "production"),
        # Explicit hosts, like Procore.from_env(): e.g. a fake Procore on 127.0.0.1.
        api_url=os.environ.get("PROCORE_BASE_URL"),
        login_url=os.environ.get("PROCORE_LOGIN_URL") or os.environ.get("PROCORE_BASE_URL"),
    )
    print(f"Serving on {app_url} (redirect URI {app_url}/callback); Ctrl-C stops")
    # No access log: it would record each callback URL, and its ?code= is a credential.
    uvicorn.run(viewer, host="127.0.0.1", port=port, access_log=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="store_true", help="self-check offline and exit")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--tokens", type=Path, default=Path("tokens.json"), help="token file")
    parser.add_argument("--out", type=Path, help="folder for the demo's token file")
    args = parser.parse_args(argv)
    if args.demo:
        out = args.out or Path(tempfile.mkdtemp(prefix="embedded-app-"))
        out.mkdir(parents=True, exist_ok=True)
        return demo(out)
    return serve(args.port, args.tokens)


if __name__ == "__main__":
    sys.exit(main())
