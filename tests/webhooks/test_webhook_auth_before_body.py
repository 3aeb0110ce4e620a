"""The receiver answers 401 from the headers alone, before reading the body, in both adapters.

Over a real loopback socket: a raw client sends the request line and headers with a missing
or wrong ``Authorization`` and a ``Content-Length`` it never sends, then waits for the answer.
The server must answer 401 without waiting for the body (so an unauthenticated client cannot
hold a worker); the wait is bounded by the socket's timeout, never by a sleep.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from _helpers.servers import uvicorn_server, wsgiref_server

from procore_sdk.webhooks import WebhookEvent, WebhookReceiver

SECRET = "Bearer before-body-secret-7"
ANSWER_WITHIN = 5.0  # seconds; the socket timeout bounds the wait for the 401
PROMISED = 500_000  # under the 1 MiB limit, so no 413 shortcut applies


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """Read one HTTP response (status line, headers, Content-Length body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in lines[1:]
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return status, body


def send_headers_only(base_url: str, authorization: str | None) -> tuple[int, bytes]:
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    assert parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=ANSWER_WITHIN) as sock:
        sock.settimeout(ANSWER_WITHIN)
        lines = [
            "POST /hooks HTTP/1.1",
            f"Host: {parts.hostname}:{parts.port}",
            "Content-Type: application/json",
            f"Content-Length: {PROMISED}",
        ]
        if authorization is not None:
            lines.append(f"Authorization: {authorization}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            return read_response(sock)
        except TimeoutError:
            pytest.fail(f"no answer within {ANSWER_WITHIN} s: the server waited for the body")


def receiver_with_calls() -> tuple[WebhookReceiver, list[WebhookEvent]]:
    receiver = WebhookReceiver(secrets=[SECRET])
    calls: list[WebhookEvent] = []
    receiver.on_any()(calls.append)
    return receiver, calls


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", SECRET + "x"])
def test_asgi_answers_401_before_the_body(authorization: str | None) -> None:
    pytest.importorskip("uvicorn")
    receiver, calls = receiver_with_calls()
    with uvicorn_server(receiver.asgi_app()) as url:
        status, body = send_headers_only(url, authorization)
    assert status == 401
    assert b"unauthorized" in body
    assert calls == []


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", SECRET + "x"])
def test_wsgi_answers_401_before_the_body(authorization: str | None) -> None:
    receiver, calls = receiver_with_calls()
    with wsgiref_server(receiver.wsgi_app()) as url:
        status, body = send_headers_only(url, authorization)
    assert status == 401
    assert b"unauthorized" in body
    assert calls == []


def test_method_is_answered_before_the_body_too() -> None:
    receiver, _ = receiver_with_calls()
    headers = {"Authorization": SECRET}
    # The early answer needs only headers and method; a body is never consulted for them.
    assert receiver._refuse_before_body(headers, "POST") is None
    refused = receiver._refuse_before_body(headers, "PUT")
    assert refused is not None
    assert refused.status == 405
    unauth = receiver._refuse_before_body({}, "POST")
    assert unauth is not None
    assert unauth.status == 401
