"""Bad arguments to the webhook API raise the SDK's own errors, naming the argument.

Each row is (what is called, expected exception type, the argument's name). Client rows run
against both clients over the fake Procore and must fail before any request is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _helpers.webhook_flavour import Flavour

from procore_sdk._errors import ArgumentTypeError, ConfigurationError, InvalidArgumentError
from procore_sdk.testing import FakeProcore
from procore_sdk.webhooks import WebhookReceiver, parse_event

SECRET = "Bearer arguments-secret-0001"
URL = "https://hooks.example.com/procore"
GOOD_EVENTS = [("RFIs", "create")]


def ensure(**overrides: Any) -> Callable[[Any], Any]:
    kwargs: dict[str, Any] = {"namespace": "acme", "destination_url": URL, "events": GOOD_EVENTS}
    kwargs.update(overrides)
    return lambda webhooks: webhooks.ensure(**kwargs)


CLIENT_ROWS: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("ensure events None", ensure(events=None), ArgumentTypeError, "events"),
    ("ensure events int", ensure(events=5), ArgumentTypeError, "events"),
    ("ensure events str", ensure(events="RFIs"), ArgumentTypeError, "events"),
    ("ensure events dict", ensure(events={"RFIs": "create"}), ArgumentTypeError, "events"),
    ("ensure events 1-tuple", ensure(events=[("RFIs",)]), ArgumentTypeError, "events"),
    ("ensure events 3-tuple", ensure(events=[("RFIs", "create", 1)]), ArgumentTypeError, "events"),
    ("ensure events item int", ensure(events=[7]), ArgumentTypeError, "events"),
    ("ensure events name int", ensure(events=[(5, "create")]), ArgumentTypeError, "events"),
    ("ensure events name empty", ensure(events=[(" ", "create")]), InvalidArgumentError, "events"),
    ("ensure events bad type", ensure(events=[("RFIs", "boom")]), InvalidArgumentError, "events"),
    ("ensure events type None", ensure(events=[("RFIs", None)]), InvalidArgumentError, "events"),
    (
        "ensure payload_version",
        ensure(payload_version="v5.0"),
        InvalidArgumentError,
        "payload_version",
    ),
    ("ensure version", ensure(version="v3"), InvalidArgumentError, "version"),
    ("ensure namespace", ensure(namespace="Not Valid"), ConfigurationError, "namespace"),
    ("ensure url type", ensure(destination_url=5), ConfigurationError, "destination_url"),
    (
        "ensure url scheme",
        ensure(destination_url="ftp://x/y"),
        ConfigurationError,
        "destination_url",
    ),
    ("ensure company_id", ensure(company_id="12"), ConfigurationError, "company_id"),
    (
        "hooks.create payload_version",
        lambda w: w.hooks.create(namespace="acme", destination_url=URL, payload_version="v9"),
        InvalidArgumentError,
        "payload_version",
    ),
    (
        "hooks.update status value",
        lambda w: w.hooks.update("1", status="paused", version="v2.0"),
        ConfigurationError,
        "status",
    ),
    (
        "hooks.update status on v1",
        lambda w: w.hooks.update(1, status="active"),
        ConfigurationError,
        "status",
    ),
    (
        "deliveries.list status",
        lambda w: w.deliveries.list(1, status="bogus"),
        InvalidArgumentError,
        "status",
    ),
    (
        "deliveries.list v2-only filter on v1",
        lambda w: w.deliveries.list(1, resource_name="RFIs"),
        InvalidArgumentError,
        "resource_name",
    ),
]

PLAIN_ROWS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("receiver secrets None", lambda: WebhookReceiver(secrets=None), ArgumentTypeError, "secrets"),  # type: ignore[arg-type]
    ("receiver secrets str", lambda: WebhookReceiver(secrets=SECRET), ArgumentTypeError, "secrets"),
    ("receiver secrets item", lambda: WebhookReceiver(secrets=[5]), ArgumentTypeError, "secrets"),  # type: ignore[list-item]
    ("receiver secrets empty", lambda: WebhookReceiver(secrets=[]), ConfigurationError, "secrets"),
    (
        "receiver max_body_bytes str",
        lambda: WebhookReceiver(secrets=[SECRET], max_body_bytes="10"),  # type: ignore[arg-type]
        ArgumentTypeError,
        "max_body_bytes",
    ),
    (
        "receiver max_body_bytes 0",
        lambda: WebhookReceiver(secrets=[SECRET], max_body_bytes=0),
        ConfigurationError,
        "max_body_bytes",
    ),
    (
        "receiver dedupe_store",
        lambda: WebhookReceiver(secrets=[SECRET], dedupe_store=object()),  # type: ignore[arg-type]
        ArgumentTypeError,
        "dedupe_store",
    ),
    (
        "receiver ignore_application_ids int",
        lambda: WebhookReceiver(secrets=[SECRET], ignore_application_ids=5),  # type: ignore[arg-type]
        ArgumentTypeError,
        "ignore_application_ids",
    ),
    (
        "receiver ignore_user_ids item",
        lambda: WebhookReceiver(secrets=[SECRET], ignore_user_ids=[None]),  # type: ignore[list-item]
        ArgumentTypeError,
        "ignore_user_ids",
    ),
    (
        "receiver add_handler",
        lambda: WebhookReceiver(secrets=[SECRET]).add_handler("nope"),  # type: ignore[arg-type]
        ArgumentTypeError,
        "handler",
    ),
    (
        "receiver on resource_name",
        lambda: WebhookReceiver(secrets=[SECRET]).on(5)(print),  # type: ignore[arg-type]
        ArgumentTypeError,
        "resource_name",
    ),
    ("parse_event None", lambda: parse_event(None), ArgumentTypeError, "body"),  # type: ignore[arg-type]
    ("parse_event int", lambda: parse_event(123), ArgumentTypeError, "body"),  # type: ignore[arg-type]
    ("parse_event list", lambda: parse_event([{"id": 1}]), ArgumentTypeError, "body"),  # type: ignore[arg-type]
]


def check(error: BaseException, expected: type[Exception], argument: str) -> None:
    assert isinstance(error, expected), f"{type(error).__name__}: {error}"
    assert isinstance(error, InvalidArgumentError)  # the SDK's own, also a ValueError
    assert error.argument == argument
    assert argument in str(error)


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=4)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest, fake: FakeProcore) -> Iterator[Flavour]:
    f = Flavour(request.param, fake)
    yield f
    f.close()


@pytest.mark.parametrize(
    ("call", "expected", "argument"),
    [row[1:] for row in CLIENT_ROWS],
    ids=[row[0] for row in CLIENT_ROWS],
)
def test_client_arguments(
    flavour: Flavour,
    fake: FakeProcore,
    call: Callable[[Any], Any],
    expected: type[Exception],
    argument: str,
) -> None:
    sent = len(fake.requests)
    with pytest.raises(InvalidArgumentError) as info:
        flavour.call(call(flavour.webhooks))
    check(info.value, expected, argument)
    assert len(fake.requests) == sent  # refused before any request


@pytest.mark.parametrize(
    ("call", "expected", "argument"),
    [row[1:] for row in PLAIN_ROWS],
    ids=[row[0] for row in PLAIN_ROWS],
)
def test_receiver_and_parser_arguments(
    call: Callable[[], Any], expected: type[Exception], argument: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        call()
    check(info.value, expected, argument)


def test_receiver_type_errors_are_still_configuration_errors() -> None:
    # WebhookReceiver has always raised ConfigurationError at construction; a wrong type is now
    # also an ArgumentTypeError (a TypeError), without breaking `except ConfigurationError`.
    with pytest.raises(ConfigurationError) as info:
        WebhookReceiver(secrets=[SECRET], max_body_bytes="10")  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)


def test_secret_values_are_never_shown() -> None:
    with pytest.raises(ArgumentTypeError) as info:
        WebhookReceiver(secrets="Bearer never-shown-123")
    assert "never-shown" not in str(info.value)
