"""One response decoder: a 2xx whose body is not the JSON the call expects raises
``ResponseValidationError`` on every path, for both clients (issue 11, item 10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from _support import Runner

from procore_sdk import ResponseValidationError

HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
TRUNCATED = b'[{"id": 1, "name": "Tower'
BODIES = {"html": (HTML, "text/html"), "truncated": (TRUNCATED, "application/json")}


def answering(content: bytes, content_type: str) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"Content-Type": content_type})

    return handler


CALLS: dict[str, Callable[[Any], Any]] = {
    "request": lambda c: c.request("GET", "/rest/v1.0/me"),
    "get": lambda c: c.get("/rest/v1.0/me"),
    "post": lambda c: c.post("/rest/v1.0/vendors", json={"vendor": {"name": "A"}}),
    "paginate": lambda c: list(c.paginate("/rest/v1.0/projects")),
    "list": lambda c: list(c.vendors.list()),
    "retrieve": lambda c: c.vendors.retrieve(5),
    "create": lambda c: c.vendors.create({"name": "A"}),
    "me": lambda c: c.me.retrieve(),
    "webhooks list": lambda c: list(c.webhooks.hooks.list(version="v2.0")),
    "webhooks retrieve": lambda c: c.webhooks.hooks.retrieve("5", version="v2.0"),
    "webhooks create": lambda c: c.webhooks.hooks.create(
        namespace="acme", destination_url="https://example.com/hook", version="v2.0"
    ),
}


@pytest.mark.parametrize("kind", sorted(BODIES))
@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_body_that_is_not_json_raises_response_validation_error(
    runner: Runner, call: str, kind: str
) -> None:
    content, content_type = BODIES[kind]
    client = runner.client(answering(content, content_type), company_id=1, max_retries=0)
    with pytest.raises(ResponseValidationError) as info:
        CALLS[call](client)
    assert not isinstance(info.value, json.JSONDecodeError)
    message = str(info.value)
    assert "-> 200" in message
    assert "expected a JSON body" in message
    assert content_type in message


def test_the_message_never_shows_the_bearer_token(runner: Runner) -> None:
    echo = b"<html>token opaque-token-1234567 is not valid here</html>"
    client = runner.client(answering(echo, "text/html"), access_token="opaque-token-1234567")
    with pytest.raises(ResponseValidationError) as info:
        client.get("/rest/v1.0/me")
    assert "opaque-token-1234567" not in str(info.value)
    assert "opaque-token-1234567" not in repr(info.value.args)


def test_sync_reports_a_batch_answered_with_html_as_failed(runner: Runner) -> None:
    client = runner.client(answering(HTML, "text/html"), company_id=1, max_retries=0)
    result = client.vendors.sync([{"origin_id": "v1", "name": "A"}])
    (failed,) = result.failed_batches
    assert isinstance(failed.exception, ResponseValidationError)
    assert "expected a JSON body" in str(failed.exception)


@pytest.mark.parametrize(
    ("call", "body"),
    [
        ("list", {"vendor": {"id": 1}}),  # an object where an array of records belongs
        ("retrieve", [{"id": 1}]),  # an array where one record belongs
        ("paginate", "just a string"),
    ],
)
def test_json_of_the_wrong_shape_raises_response_validation_error(
    runner: Runner, call: str, body: Any
) -> None:
    content = json.dumps(body).encode()
    client = runner.client(answering(content, "application/json"), company_id=1)
    with pytest.raises(ResponseValidationError):
        CALLS[call](client)


def test_an_empty_success_body_is_none(runner: Runner) -> None:
    client = runner.client(lambda r: httpx.Response(204), company_id=1)
    assert client.delete("/rest/v1.0/things/1") is None
    assert runner.client(lambda r: httpx.Response(200), company_id=1).get("/x") is None
