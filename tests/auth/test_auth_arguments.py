"""Bad arguments to the OAuth API: the SDK's own exceptions, naming the argument.

Each row is (what is called, the exception type, the argument the message must name). Values
that may be secrets (a code, a token, something passed as ``auth=`` or ``token_store=``) are
never printed: the message names their type only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from procore_sdk import AsyncProcore, Procore
from procore_sdk._errors import ArgumentTypeError, InvalidArgumentError
from procore_sdk.auth import (
    AuthorizationCodeFlow,
    ClientCredentialsAuth,
    MemoryTokenStore,
    RefreshTokenAuth,
    TokenSet,
)

CLIENTS = {"sync": Procore, "async": AsyncProcore}
PLANTED = "PLANTED-SECRET-VALUE"


class LoadOnly:
    """Looks like a store, but cannot save: a rotated pair would be lost."""

    def load(self, key: str) -> None:
        return None


def flow() -> AuthorizationCodeFlow:
    return AuthorizationCodeFlow("client-abc", "secret-xyz", "https://app.example.test/cb")


def client(flavour: str, **kwargs: Any) -> Callable[[], object]:
    def build() -> object:
        kwargs.setdefault("client_id", "client-abc")
        kwargs.setdefault("client_secret", "secret-xyz")
        return CLIENTS[flavour](**kwargs)

    return build


def client_rows(flavour: str) -> list[Any]:
    return [
        pytest.param(
            client(flavour, token_store=object()),
            ArgumentTypeError,
            "token_store",
            id=f"{flavour}-client-token_store-object",
        ),
        pytest.param(
            client(flavour, token_store={"user-1": {"access_token": PLANTED}}),
            ArgumentTypeError,
            "token_store",
            id=f"{flavour}-client-token_store-dict",
        ),
        pytest.param(
            client(flavour, token_store=LoadOnly()),
            ArgumentTypeError,
            "token_store",
            id=f"{flavour}-client-token_store-load-only",
        ),
        pytest.param(
            client(flavour, auth=PLANTED), ArgumentTypeError, "auth", id=f"{flavour}-auth-str"
        ),
        pytest.param(
            client(flavour, auth=MemoryTokenStore()),
            ArgumentTypeError,
            "auth",
            id=f"{flavour}-auth-store",
        ),
        pytest.param(
            client(flavour, auth=RefreshTokenAuth(key="k"), token_store=PLANTED),
            ArgumentTypeError,
            "token_store",
            id=f"{flavour}-refresh-auth-client-token_store-str",
        ),
    ]


ROWS = [
    # The authorization code (§2.2: single-use, from the callback).
    pytest.param(lambda: flow().exchange_code(""), InvalidArgumentError, "code", id="code-empty"),
    pytest.param(
        lambda: flow().exchange_code(None),  # type: ignore[arg-type]
        ArgumentTypeError,
        "code",
        id="code-none",
    ),
    pytest.param(
        lambda: asyncio.run(flow().async_exchange_code("")),
        InvalidArgumentError,
        "code",
        id="async-code-empty",
    ),
    pytest.param(
        lambda: asyncio.run(flow().async_exchange_code(b"bytes")),  # type: ignore[arg-type]
        ArgumentTypeError,
        "code",
        id="async-code-bytes",
    ),
    # TokenSet.from_dict on what a store returned.
    pytest.param(
        lambda: TokenSet.from_dict({"refresh_token": PLANTED}),
        InvalidArgumentError,
        "data",
        id="from_dict-no-access-token",
    ),
    pytest.param(
        lambda: TokenSet.from_dict({"access_token": "", "refresh_token": PLANTED}),
        InvalidArgumentError,
        "data",
        id="from_dict-empty-access-token",
    ),
    pytest.param(
        lambda: TokenSet.from_dict({"access_token": 12345}),
        ArgumentTypeError,
        "data",
        id="from_dict-access-token-int",
    ),
    pytest.param(
        lambda: TokenSet.from_dict({"access_token": "A", "refresh_token": 7}),
        ArgumentTypeError,
        "data",
        id="from_dict-refresh-token-int",
    ),
    pytest.param(
        lambda: TokenSet.from_dict(PLANTED),  # type: ignore[arg-type]
        ArgumentTypeError,
        "data",
        id="from_dict-str",
    ),
    # A token store that is not one, given to a grant object or a flow.
    pytest.param(
        lambda: RefreshTokenAuth(key="k", token_store=object()),  # type: ignore[arg-type]
        ArgumentTypeError,
        "token_store",
        id="refresh-auth-token_store",
    ),
    pytest.param(
        lambda: ClientCredentialsAuth(
            client_id="c",
            client_secret="s",
            token_store="tokens.json",  # type: ignore[arg-type]
        ),
        ArgumentTypeError,
        "token_store",
        id="client-credentials-auth-token_store-path",
    ),
    pytest.param(
        lambda: AuthorizationCodeFlow(
            "c",
            "s",
            "https://app.example.test/cb",
            token_store=LoadOnly(),  # type: ignore[arg-type]
        ),
        ArgumentTypeError,
        "token_store",
        id="flow-token_store",
    ),
    # A RefreshTokenAuth expiry that is not a time.
    pytest.param(
        lambda: RefreshTokenAuth(expires_at="tomorrow"),  # type: ignore[arg-type]
        ArgumentTypeError,
        "expires_at",
        id="expires_at-str",
    ),
    pytest.param(
        lambda: RefreshTokenAuth(expires_at=True),
        ArgumentTypeError,
        "expires_at",
        id="expires_at-bool",
    ),
    pytest.param(
        lambda: RefreshTokenAuth(expires_at=float("nan")),
        InvalidArgumentError,
        "expires_at",
        id="expires_at-nan",
    ),
    pytest.param(
        lambda: RefreshTokenAuth(expires_at=dt.datetime(2030, 1, 1)),
        InvalidArgumentError,
        "expires_at",
        id="expires_at-naive-datetime",
    ),
    # Grant fields of the wrong type.
    pytest.param(
        lambda: RefreshTokenAuth(refresh_token=12345),  # type: ignore[arg-type]
        ArgumentTypeError,
        "refresh_token",
        id="refresh_token-int",
    ),
    *client_rows("sync"),
    *client_rows("async"),
]


@pytest.mark.parametrize(("call", "expected", "argument"), ROWS)
def test_bad_argument(call: Callable[[], object], expected: type[Exception], argument: str) -> None:
    with pytest.raises(expected) as info:
        call()
    error = info.value
    assert isinstance(error, InvalidArgumentError)
    assert error.argument == argument
    message = str(error)
    assert message.startswith(argument) or f" {argument} " in message
    assert " must be " in message  # what is accepted
    assert " got " in message  # what was given
    assert PLANTED not in message
    assert PLANTED not in repr(error)


def test_expiry_as_an_aware_datetime_is_unix_seconds() -> None:
    when = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert RefreshTokenAuth(expires_at=when).expires_at == when.timestamp()
    assert RefreshTokenAuth(expires_at=1_900_000_000).expires_at == 1_900_000_000.0


def test_from_dict_message_lists_keys_not_values() -> None:
    with pytest.raises(InvalidArgumentError) as info:
        TokenSet.from_dict({"refresh_token": PLANTED, "expires_at": 1.0})
    message = str(info.value)
    assert "'access_token'" in message  # what is missing
    assert "'refresh_token'" in message  # what was given: keys only
    assert "TokenSet.to_dict()" in message
