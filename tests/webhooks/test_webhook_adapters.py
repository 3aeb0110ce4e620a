"""ASGI and WSGI adapters, called directly and served over loopback (uvicorn, wsgiref)."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from _helpers.servers import uvicorn_server, wsgiref_server
from hypothesis import given, settings
from hypothesis import strategies as st

from procore_sdk.webhooks import WebhookEvent, WebhookReceiver

SECRET = "Bearer adapter-secret-123"
BIG_ID = 5982324300946918154
WAIT = 10.0  # generous upper bound on waiting for another thread; never a fixed sleep


def event_body(**overrides: Any) -> bytes:
    payload: dict[str, Any] = {
        "id": BIG_ID,
        "ulid": "01JKECCF1X1HYDJ36GRNQ4FMFN",
        "timestamp": "2025-02-06T23:34:12.246562Z",
        "metadata": None,
        "user_id": 5447,
        "company_id": 8,
        "project_id": 6778,
        "api_version": "v2.0",
        "event_type": "update",
        "resource_name": "RFIs",
        "resource_id": 379913,
    }
    payload.update(overrides)
    return json.dumps(payload).encode()


def make_receiver(**kwargs: Any) -> tuple[WebhookReceiver, list[WebhookEvent]]:
    receiver = WebhookReceiver(secrets=[SECRET], **kwargs)
    calls: list[WebhookEvent] = []
    receiver.on("RFIs", "update")(calls.append)
    return receiver, calls


# -- ASGI, called directly ----------------------------------------------------------------------


def call_asgi(
    app: Any,
    *,
    method: str = "POST",
    headers: list[tuple[bytes, bytes]] | None = None,
    chunks: list[bytes] | None = None,
    log: list[Any] | None = None,
) -> tuple[int, dict[bytes, bytes], bytes]:
    chunks = [event_body()] if chunks is None else chunks
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)
        if log is not None:
            log.append(message["type"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": "/webhooks",
        "headers": [(b"authorization", SECRET.encode())] if headers is None else headers,
    }
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    assert start["type"] == "http.response.start"
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_asgi_direct_dispatches_and_dedupes() -> None:
    receiver, calls = make_receiver()
    app = receiver.asgi_app()
    status, headers, body = call_asgi(app, chunks=[event_body()[:10], event_body()[10:]])
    assert status == 200
    assert json.loads(body) == {"ok": True}
    assert headers[b"content-type"] == b"application/json"
    assert headers[b"content-length"] == str(len(body)).encode()
    assert call_asgi(app)[2] == b'{"duplicate":true}'
    assert [e.id for e in calls] == [BIG_ID]


def test_asgi_direct_rejections() -> None:
    receiver, calls = make_receiver(max_body_bytes=50)
    app = receiver.asgi_app()
    assert call_asgi(app, headers=[], chunks=[b"{}"])[0] == 401
    assert call_asgi(app, headers=[(b"authorization", b"Bearer nope")], chunks=[b"{}"])[0] == 401
    assert call_asgi(app, method="GET")[0] == 405
    assert call_asgi(app)[0] == 413  # streamed body over the limit
    declared = [(b"authorization", SECRET.encode()), (b"content-length", b"999999")]
    assert call_asgi(app, headers=declared, chunks=[b"{}"])[0] == 413
    big, _ = make_receiver()
    assert call_asgi(big.asgi_app(), chunks=[b"{nope"])[0] == 400
    # An unknown version label is read by the body's shape, never refused (see the receiver).
    assert call_asgi(big.asgi_app(), chunks=[event_body(api_version="v7.0")])[0] == 200
    assert calls == []


def test_asgi_background_runs_after_response_sent() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    order: list[Any] = []
    receiver.on_any(background=True)(lambda e: order.append("background"))
    call_asgi(receiver.asgi_app(), log=order)
    assert order == ["http.response.start", "http.response.body", "background"]


def test_asgi_handler_failure_is_500() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    attempts: list[int] = []

    @receiver.on_any()
    async def flaky(event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    app = receiver.asgi_app()
    assert call_asgi(app)[0] == 500
    assert call_asgi(app)[0] == 200
    assert len(attempts) == 2


def test_asgi_lifespan_completes() -> None:
    app = WebhookReceiver(secrets=[SECRET]).asgi_app()
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message["type"])

    asyncio.run(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_asgi_client_disconnect_sends_nothing() -> None:
    receiver, calls = make_receiver()
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": [(b"authorization", SECRET.encode())]}
    asyncio.run(receiver.asgi_app()(scope, receive, send))
    assert sent == []
    assert calls == []


# -- WSGI, called directly ----------------------------------------------------------------------


def call_wsgi(
    app: Any,
    *,
    method: str = "POST",
    body: bytes | None = None,
    environ_extra: dict[str, Any] | None = None,
    before_close: Any = None,
) -> tuple[str, dict[str, str], bytes]:
    body = event_body() if body is None else body
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/webhooks",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_AUTHORIZATION": SECRET,
        "wsgi.input": io.BytesIO(body),
    }
    environ.update(environ_extra or {})
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.extend([status, dict(headers)])

    result = app(environ, start_response)
    try:
        payload = b"".join(result)
        if before_close is not None:
            before_close()
    finally:
        result.close()
    return started[0], started[1], payload


def test_wsgi_direct_dispatches_and_dedupes() -> None:
    receiver, calls = make_receiver()
    app = receiver.wsgi_app()
    status, headers, body = call_wsgi(app)
    assert status == "200 OK"
    assert json.loads(body) == {"ok": True}
    assert headers["content-length"] == str(len(body))
    assert json.loads(call_wsgi(app)[2]) == {"duplicate": True}
    assert len(calls) == 1


def test_wsgi_direct_rejections() -> None:
    receiver, calls = make_receiver(max_body_bytes=50)
    app = receiver.wsgi_app()
    wrong = {"HTTP_AUTHORIZATION": "x"}
    assert call_wsgi(app, body=b"{}", environ_extra=wrong)[0] == "401 Unauthorized"
    status = call_wsgi(app, body=b"{}", environ_extra={"HTTP_AUTHORIZATION": ""})[0]
    assert status == "401 Unauthorized"
    status, headers, _ = call_wsgi(app, method="GET")
    assert status == "405 Method Not Allowed"
    assert headers["allow"] == "POST"
    assert call_wsgi(app)[0] == "413 Request Entity Too Large"
    big, _ = make_receiver()
    assert call_wsgi(big.wsgi_app(), body=b"[]")[0] == "400 Bad Request"
    chunked = {"CONTENT_LENGTH": "", "wsgi.input_terminated": True}
    assert call_wsgi(big.wsgi_app(), body=event_body(), environ_extra=chunked)[0] == "200 OK"
    assert calls == []


def test_wsgi_background_runs_when_response_closes() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[str] = []
    receiver.on_any(background=True)(lambda e: calls.append("background"))
    seen_before_close: list[list[str]] = []
    call_wsgi(receiver.wsgi_app(), before_close=lambda: seen_before_close.append(list(calls)))
    assert seen_before_close == [[]]
    assert calls == ["background"]


def test_wsgi_background_on_executor() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    done = threading.Event()
    receiver.on_any(background=True)(lambda e: done.set())
    with ThreadPoolExecutor(max_workers=1) as executor:
        call_wsgi(receiver.wsgi_app(executor=executor))
        assert done.wait(WAIT)


# -- over a real loopback socket ----------------------------------------------------------------


def loopback_scenario(base_url: str, calls: list[WebhookEvent], release: threading.Event) -> None:
    auth = {"Authorization": SECRET, "Content-Type": "application/json"}
    with httpx.Client(base_url=base_url, trust_env=False, timeout=WAIT) as client:
        first = client.post("/hooks", content=event_body(), headers=auth)
        # The background handler is blocked until we set `release`: the response arrived first.
        assert first.status_code == 200
        assert first.json() == {"ok": True}
        release.set()
        assert client.post("/hooks", content=event_body(), headers=auth).json() == {
            "duplicate": True
        }
        assert client.post("/hooks", content=event_body(ulid="2"), headers={}).status_code == 401
        assert client.post("/hooks", content=b"{", headers=auth).status_code == 400
        assert client.get("/hooks", headers=auth).status_code == 405
    assert [e.id for e in calls] == [BIG_ID]


def background_receiver() -> tuple[WebhookReceiver, list[WebhookEvent], threading.Event, Any]:
    receiver, calls = make_receiver()
    release = threading.Event()
    finished = threading.Event()
    outcome: list[bool] = []

    @receiver.on("RFIs", "update", background=True)
    def slow(event: WebhookEvent) -> None:
        outcome.append(release.wait(WAIT))
        finished.set()

    def check() -> None:
        assert finished.wait(WAIT)
        assert outcome == [True]  # it was released by the client after it got the response

    return receiver, calls, release, check


def test_asgi_over_loopback_with_uvicorn() -> None:
    receiver, calls, release, check = background_receiver()
    with uvicorn_server(receiver.asgi_app()) as base_url:
        loopback_scenario(base_url, calls, release)
        check()


def test_wsgi_over_loopback_with_wsgiref() -> None:
    receiver, calls, release, check = background_receiver()
    executor = ThreadPoolExecutor(max_workers=1)
    try:
        # wsgiref is single-threaded; the executor keeps the blocked background task off it.
        with wsgiref_server(receiver.wsgi_app(executor=executor)) as base_url:
            loopback_scenario(base_url, calls, release)
            check()
    finally:
        executor.shutdown(wait=True)


def test_wsgi_over_loopback_background_after_close() -> None:
    receiver = WebhookReceiver(secrets=[SECRET])
    done = threading.Event()
    receiver.on_any(background=True)(lambda e: done.set())
    with wsgiref_server(receiver.wsgi_app()) as base_url, httpx.Client(trust_env=False) as client:
        response = client.post(base_url, content=event_body(), headers={"authorization": SECRET})
        assert response.status_code == 200
        assert done.wait(WAIT)


@pytest.mark.parametrize("kind", ["asgi", "wsgi"])
def test_big_declared_body_refused_over_loopback(kind: str) -> None:
    receiver, calls = make_receiver(max_body_bytes=64)
    app = receiver.asgi_app() if kind == "asgi" else receiver.wsgi_app()
    server = uvicorn_server(app) if kind == "asgi" else wsgiref_server(app)
    with server as base_url, httpx.Client(trust_env=False, timeout=WAIT) as client:
        response = client.post(base_url, content=b"x" * 65, headers={"authorization": SECRET})
    assert response.status_code == 413
    assert calls == []


def test_wsgi_without_content_length_reads_nothing() -> None:
    receiver, calls = make_receiver()
    # PEP 3333: without CONTENT_LENGTH (and no input_terminated) reading could block forever.
    status = call_wsgi(receiver.wsgi_app(), environ_extra={"CONTENT_LENGTH": ""})[0]
    assert status == "400 Bad Request"
    assert calls == []


@settings(max_examples=100, deadline=None)
@given(
    headers=st.lists(
        st.tuples(
            st.sampled_from([b"authorization", b"Authorization", b"content-length", b"x-a"]),
            st.one_of(st.binary(max_size=30), st.just(SECRET.encode())),
        ),
        max_size=3,
    ),
    chunks=st.lists(st.binary(max_size=60), min_size=1, max_size=3),
    method=st.sampled_from(["POST", "GET"]),
)
def test_asgi_never_5xx_and_never_dispatches_unauthenticated(
    headers: list[tuple[bytes, bytes]], chunks: list[bytes], method: str
) -> None:
    receiver = WebhookReceiver(secrets=[SECRET], max_body_bytes=100)
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    status, _, body = call_asgi(receiver.asgi_app(), method=method, headers=headers, chunks=chunks)
    assert status in (200, 400, 401, 405, 413)
    json.loads(body)
    authorized = [v for k, v in headers if k.lower() == b"authorization"] == [SECRET.encode()]
    if not authorized:
        assert calls == []
