"""Logging and redaction: a planted secret never reaches logs, reprs or exception text
(issue 2, item 9)."""

from __future__ import annotations

import logging

import httpx
import pytest
from _support import FakeClock, Runner

import procore_sdk as sdk
from procore_sdk._logging import get_logger, redact

SECRET = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzUxMiJ9.c2VjcmV0LXBheWxvYWQ.c2ln"
CLIENT_SECRET = "cs-planted-4f1e9b0d77"


def test_null_handler_installed() -> None:
    assert any(
        isinstance(h, logging.NullHandler) for h in logging.getLogger("procore_sdk").handlers
    )


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {SECRET}",
        f"client_secret={CLIENT_SECRET}&grant_type=client_credentials",
        f'{{"refresh_token": "{CLIENT_SECRET}"}}',
        f"token is {SECRET}",
        f"code={CLIENT_SECRET}",
    ],
)
def test_redact(text: str) -> None:
    cleaned = redact(text)
    assert SECRET not in cleaned
    assert CLIENT_SECRET not in cleaned


def test_filter_applies_to_records_with_args(caplog: pytest.LogCaptureFixture) -> None:
    logger = get_logger("procore_sdk.test")
    with caplog.at_level(logging.DEBUG, logger="procore_sdk"):
        logger.warning("sending %s", f"Bearer {SECRET}")
    assert SECRET not in caplog.text
    assert "Bearer <redacted>" in caplog.text


def test_planted_secrets_never_leak(
    runner: Runner, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Through a token fetch, a retried 5xx, a 401 and an error: nothing shows a secret."""
    steps = iter([500, 401, 401, 401])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200, json={"access_token": SECRET, "expires_in": 5400, "created_at": int(clock.now)}
            )
        status = next(steps)
        # Procore echoing something secret-looking in an error must not leak it either.
        return httpx.Response(status, json={"message": f"bad token {SECRET}"})

    with caplog.at_level(logging.DEBUG):
        client = runner.client(
            handler, clock=clock, access_token=None, client_id="cid", client_secret=CLIENT_SECRET
        )
        with pytest.raises(sdk.AuthenticationError) as info:
            client.get("/rest/v1.0/me")
    texts = [
        caplog.text,
        repr(client),
        str(info.value),
        repr(info.value),
        repr(client._tokens if not runner.is_async else client.unwrapped._tokens),
    ]
    for text in texts:
        assert CLIENT_SECRET not in text
    # the error carries Procore's message, which echoed the token: exception text is redacted
    assert SECRET not in str(info.value)
    assert "bad token <redacted" in str(info.value)
    assert SECRET not in caplog.text
    assert SECRET not in repr(client)


def test_token_set_repr_hides_tokens() -> None:
    tokens = sdk.TokenSet(
        access_token=SECRET, refresh_token=CLIENT_SECRET, expires_at=1.0, created_at=0.0
    )
    assert SECRET not in repr(tokens)
    assert CLIENT_SECRET not in repr(tokens)
