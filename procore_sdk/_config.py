"""Client configuration: environments, hosts and validation (no I/O)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import httpx

from ._errors import (
    ConfigurationError,
    InvalidArgumentError,
    argument_type_error,
    describe_value,
    invalid_argument,
)
from ._types import UnsetType

__all__ = [
    "ENVIRONMENTS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Environment",
    "Hosts",
    "resolve_hosts",
    "call_company_id",
    "call_max_retries",
    "call_timeout",
    "check_client_arguments",
    "check_headers",
    "check_mapping",
    "validate_company_id",
    "validate_max_retries",
    "validate_max_retry_wait",
    "validate_per_page",
    "validate_timeout",
    "validate_url",
]

Environment = Literal["production", "sandbox", "monthly_sandbox", "federal"]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2


@attrs.frozen
class Hosts:
    """The API host and the login (OAuth) host of one Procore environment."""

    api: str
    login: str


# Each environment has its own login and API host, and tokens are not shared between them (Procore
# docs: Procore Sandboxes).
ENVIRONMENTS: Mapping[str, Hosts] = {
    "production": Hosts(api="https://api.procore.com", login="https://login.procore.com"),
    "sandbox": Hosts(api="https://sandbox.procore.com", login="https://login-sandbox.procore.com"),
    "monthly_sandbox": Hosts(
        api="https://api-monthly.procore.com", login="https://login-sandbox-monthly.procore.com"
    ),
    "federal": Hosts(api="https://api.procoregov.com", login="https://login.procoregov.com"),
}


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def validate_url(value: str, *, name: str) -> str:
    """Accept ``https://`` URLs, and ``http://`` only on loopback (tests, the fake Procore).

    All calls must use HTTPS (Procore docs: RESTful API Concepts).
    """
    if not isinstance(value, str) or not value:
        raise ConfigurationError(
            f"{name} must be a non-empty URL string; got {describe_value(value)}", argument=name
        )
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(
            f"{name} must be a valid https:// URL; got {describe_value(value)}", argument=name
        ) from exc
    if not url.host:
        raise ConfigurationError(
            f"{name} must be a URL with a host; got {describe_value(value)}", argument=name
        )
    if url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.host)):
        pass
    else:
        raise ConfigurationError(
            f"{name} must be an https:// URL (Procore requires HTTPS); http:// is accepted "
            f"only for loopback addresses; got {describe_value(value)}",
            argument=name,
        )
    if url.query or url.fragment:
        raise ConfigurationError(
            f"{name} must be a URL without a query string or fragment; got {describe_value(value)}",
            argument=name,
        )
    return value.rstrip("/")


def resolve_hosts(environment: str, base_url: str | None, login_url: str | None) -> Hosts:
    """The hosts to use: explicit URLs override the environment's."""
    if environment not in ENVIRONMENTS:
        choices = ", ".join(repr(e) for e in ENVIRONMENTS)
        raise ConfigurationError(
            f"environment must be one of {choices}; got {describe_value(environment)}",
            argument="environment",
        )
    defaults = ENVIRONMENTS[environment]
    api = validate_url(base_url, name="base_url") if base_url is not None else defaults.api
    if login_url is not None:
        login = validate_url(login_url, name="login_url")
    elif base_url is not None and environment == "production":
        # A custom API host (a proxy, the fake Procore) usually serves OAuth too.
        login = api
    else:
        login = defaults.login
    return Hosts(api=api, login=login)


def _refuse(
    name: str, value: Any, accepted: str, *, configuring: bool, wrong_type: bool
) -> InvalidArgumentError:
    """The error for a bad option: :class:`ConfigurationError` when building a client, else the
    per-call :class:`InvalidArgumentError` or :class:`ArgumentTypeError`."""
    if configuring:
        return ConfigurationError(
            f"{name} must be {accepted}; got {describe_value(value)}", argument=name
        )
    if wrong_type:
        return argument_type_error(name, value, accepted)
    return invalid_argument(name, value, accepted)


def validate_company_id(
    value: Any, *, name: str = "company_id", configuring: bool = True
) -> int | None:
    """``None`` or a positive integer; numeric strings are accepted (env vars, CLI)."""
    accepted = "a positive integer (or None for no Procore-Company-Id)"
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(name, value, accepted, configuring=configuring, wrong_type=True)
    if value <= 0:
        raise _refuse(name, value, accepted, configuring=configuring, wrong_type=False)
    return value


def validate_max_retries(value: Any, *, configuring: bool = True) -> int:
    """An integer >= 0."""
    if value is None:
        raise _refuse(
            "max_retries",
            value,
            "an integer >= 0; use max_retries=0 to disable retries (None is not accepted)",
            configuring=configuring,
            wrong_type=True,
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(
            "max_retries", value, "an integer >= 0", configuring=configuring, wrong_type=True
        )
    if value < 0:
        raise _refuse(
            "max_retries", value, "an integer >= 0", configuring=configuring, wrong_type=False
        )
    return value


def _seconds(name: str, value: Any, *, configuring: bool, allow_zero: bool) -> float:
    accepted = "a number of seconds >= 0" if allow_zero else "a positive number of seconds"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _refuse(name, value, accepted, configuring=configuring, wrong_type=True)
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise _refuse(name, value, accepted, configuring=configuring, wrong_type=False)
    if value == 0 and not allow_zero:
        raise _refuse(name, value, accepted, configuring=configuring, wrong_type=False)
    return float(value)


def validate_timeout(value: Any, *, configuring: bool = True) -> float:
    """A positive, finite number of seconds."""
    return _seconds("timeout", value, configuring=configuring, allow_zero=False)


def validate_max_retry_wait(value: Any, *, configuring: bool = True) -> float:
    """A finite number of seconds >= 0."""
    return _seconds("max_retry_wait", value, configuring=configuring, allow_zero=True)


def validate_per_page(value: Any, *, name: str = "per_page") -> int | None:
    """``None`` (the endpoint's maximum) or a positive integer."""
    if value is None:
        return None
    accepted = "a positive integer (or None for the endpoint's maximum)"
    if isinstance(value, bool) or not isinstance(value, int):
        raise argument_type_error(name, value, accepted)
    if value <= 0:
        raise invalid_argument(name, value, accepted)
    return value


def call_company_id(value: Any) -> int | UnsetType | None:
    """A call's ``company_id=``: ``UNSET`` (the client's), ``None`` (send none) or a positive
    integer."""
    if isinstance(value, UnsetType):
        return value
    return validate_company_id(value, configuring=False)


def call_timeout(value: Any) -> float | None:
    """A call's ``timeout=``: ``None`` (the client's) or positive seconds."""
    return None if value is None else validate_timeout(value, configuring=False)


def call_max_retries(value: Any) -> int | None:
    """A call's ``max_retries=``: ``None`` (the client's) or an integer >= 0."""
    return None if value is None else validate_max_retries(value, configuring=False)


def check_mapping(name: str, value: Any, *, configuring: bool = False) -> Mapping[str, Any]:
    """``value`` when it is a mapping, ``{}`` for ``None``; anything else is refused."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _refuse(
            name, value, "a mapping (dict) or None", configuring=configuring, wrong_type=True
        )
    return value


def check_headers(name: str, value: Any, *, configuring: bool = False) -> dict[str, str]:
    """Extra headers: a mapping of strings to strings, or ``None``."""
    headers = check_mapping(name, value, configuring=configuring)
    for key, item in headers.items():
        if not isinstance(key, str) or not isinstance(item, str):
            # A header value may be a secret (an Authorization header): never rendered.
            accepted = "a mapping of header names to string values"
            if configuring:
                raise ConfigurationError(
                    f"{name} must be {accepted}; got a {type(headers).__name__} with a "
                    f"{type(item).__name__} value",
                    argument=name,
                )
            raise argument_type_error(name, headers, accepted, secret=True)
    return dict(headers)


def check_client_arguments(
    *,
    client_id: Any,
    client_secret: Any,
    access_token: Any,
    rate_limit_pacing: Any,
    clock: Any,
    sleep: Any,
) -> None:
    """The checks of a client constructor's arguments that have no validator of their own.

    Raises:
        ConfigurationError: an argument of the wrong type; secrets are never rendered.
    """
    for name, value, secret in (
        ("client_id", client_id, False),
        ("client_secret", client_secret, True),
        ("access_token", access_token, True),
    ):
        if value is not None and not isinstance(value, str):
            shown = f"a {type(value).__name__}" if secret else describe_value(value)
            raise ConfigurationError(f"{name} must be a string; got {shown}", argument=name)
    pacer = rate_limit_pacing
    if not isinstance(pacer, bool) and not (
        callable(getattr(pacer, "reserve", None)) and callable(getattr(pacer, "update", None))
    ):
        raise _refuse(
            "rate_limit_pacing",
            pacer,
            "True, False or a pacer object with reserve() and update()",
            configuring=True,
            wrong_type=True,
        )
    for name, function in (("clock", clock), ("sleep", sleep)):
        if function is not None and not callable(function):
            raise _refuse(name, function, "a callable or None", configuring=True, wrong_type=True)
