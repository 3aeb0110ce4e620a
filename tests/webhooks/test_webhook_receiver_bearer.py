"""A receiver secret without ``Bearer `` (or with ``bearer ``) never matches what a hook sends:
the receiver says so at construction and in the 401 log line, instead of failing silently."""

from __future__ import annotations

import logging

import pytest

from procore_sdk.webhooks import WebhookReceiver

LOGGER = "procore_sdk.webhooks"


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


@pytest.mark.parametrize("secret", ["token-123", "bearer token-123"])
def test_a_secret_without_the_bearer_prefix_warns_at_construction(
    caplog: pytest.LogCaptureFixture, secret: str
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        WebhookReceiver(secrets=["Bearer fine-one", secret])
    [message] = _messages(caplog)
    assert "secret 2 does not start with 'Bearer '" in message
    assert "token-123" not in message


def test_a_bearer_secret_does_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        WebhookReceiver(secrets=["Bearer token-123"])
    assert _messages(caplog) == []


@pytest.mark.parametrize(
    ("secret", "header"),
    [
        ("token-123", "Bearer token-123"),
        ("Bearer token-123", "bearer token-123"),
        ("Bearer token-123", "token-123"),
    ],
)
def test_the_401_log_line_names_the_prefix_mismatch(
    caplog: pytest.LogCaptureFixture, secret: str, header: str
) -> None:
    receiver = WebhookReceiver(secrets=[secret])
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        refused = receiver._refuse_before_body({"Authorization": header}, "POST")
    assert refused is not None
    assert refused.status == 401
    [message] = _messages(caplog)
    assert "only when its 'Bearer ' prefix is added, removed or recased" in message
    assert "token-123" not in message


def test_a_plainly_wrong_secret_keeps_the_usual_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    receiver = WebhookReceiver(secrets=["Bearer token-123"])
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        refused = receiver._refuse_before_body({"Authorization": "Bearer other"}, "POST")
    assert refused is not None
    assert _messages(caplog) == ["webhook request refused: missing or wrong Authorization header"]
