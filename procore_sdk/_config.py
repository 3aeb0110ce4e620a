"""Client configuration: environments, hosts and validation (no I/O)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import httpx

from ._errors import ConfigurationError

__all__ = [
    "ENVIRONMENTS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Environment",
    "Hosts",
    "resolve_hosts",
    "validate_company_id",
    "validate_max_retries",
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


# §1.1: each environment has its own login and API host, and tokens are not shared between them.
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

    §1.1: all calls must use HTTPS.
    """
    if not isinstance(value, str) or not value:
        raise ConfigurationError(f"{name} must be a non-empty URL string, got {value!r}")
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"{name} is not a valid URL: {value!r}") from exc
    if not url.host:
        raise ConfigurationError(f"{name} has no host: {value!r}")
    if url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.host)):
        pass
    else:
        raise ConfigurationError(
            f"{name} must use https:// (Procore requires HTTPS); http:// is accepted only "
            f"for loopback addresses, got {value!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"{name} must not carry a query string or fragment: {value!r}")
    return value.rstrip("/")


def resolve_hosts(environment: str, base_url: str | None, login_url: str | None) -> Hosts:
    """The hosts to use: explicit URLs override the environment's."""
    if environment not in ENVIRONMENTS:
        choices = ", ".join(repr(e) for e in ENVIRONMENTS)
        raise ConfigurationError(f"environment must be one of {choices}, got {environment!r}")
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


def validate_company_id(value: Any, *, name: str = "company_id") -> int | None:
    """``None`` or a positive integer; numeric strings are accepted (env vars, CLI)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ConfigurationError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive integer, got {value!r}")
    return value


def validate_max_retries(value: Any) -> int:
    if value is None:
        raise ConfigurationError(
            "max_retries must be an integer >= 0; use max_retries=0 to disable retries "
            "(None is not accepted)"
        )
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be an integer >= 0, got {value!r}")
    return value


def validate_timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigurationError(f"timeout must be a positive number of seconds, got {value!r}")
    return float(value)
