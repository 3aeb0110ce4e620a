"""Construction, environments and configuration errors (issue 2, item 2; PROCORE_API.md §1.1)."""

from __future__ import annotations

import httpx
import pytest

from procore_sdk import AsyncProcore, ConfigurationError, Procore

CLIENTS = [Procore, AsyncProcore]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("environment", "api", "login"),
    [
        # §1.1 host table
        ("production", "https://api.procore.com", "https://login.procore.com"),
        ("sandbox", "https://sandbox.procore.com", "https://login-sandbox.procore.com"),
        (
            "monthly_sandbox",
            "https://api-monthly.procore.com",
            "https://login-sandbox-monthly.procore.com",
        ),
        ("federal", "https://api.procoregov.com", "https://login.procoregov.com"),
    ],
)
def test_environment_hosts(cls: type, environment: str, api: str, login: str) -> None:
    client = cls(access_token="t", environment=environment)
    assert client.base_url == api
    assert client.login_url == login


@pytest.mark.parametrize("cls", CLIENTS)
def test_explicit_urls_override_environment(cls: type) -> None:
    client = cls(
        access_token="t",
        environment="sandbox",
        base_url="https://proxy.example.com/",
        login_url="https://auth.example.com",
    )
    assert client.base_url == "https://proxy.example.com"
    assert client.login_url == "https://auth.example.com"


@pytest.mark.parametrize("cls", CLIENTS)
def test_base_url_alone_serves_oauth_too(cls: type) -> None:
    client = cls(client_id="id", client_secret="s", base_url="http://127.0.0.1:8765")
    assert client.login_url == "http://127.0.0.1:8765"


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({}, "No credentials"),
        ({"client_id": "only-id"}, "client_secret is required"),
        ({"access_token": "t", "base_url": "http://api.example.com"}, "https://"),
        ({"access_token": "t", "login_url": "ftp://login.example.com"}, "https://"),
        ({"access_token": "t", "base_url": "https://x.example.com?a=1"}, "query string"),
        ({"access_token": "t", "company_id": 0}, "positive integer"),
        ({"access_token": "t", "company_id": -4}, "positive integer"),
        ({"access_token": "t", "company_id": "abc"}, "positive integer"),
        ({"access_token": "t", "company_id": True}, "positive integer"),
        ({"access_token": "t", "company_id": 1.5}, "positive integer"),
        ({"access_token": "t", "max_retries": -1}, "max_retries"),
        ({"access_token": "t", "max_retries": None}, "None is not accepted"),
        ({"access_token": "t", "timeout": 0}, "timeout"),
        ({"access_token": "t", "environment": "staging"}, "environment must be one of"),
        ({"access_token": ""}, "access_token"),
    ],
)
def test_bad_configuration_fails_at_construction(
    cls: type, kwargs: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ConfigurationError, match=fragment):
        cls(**kwargs)


@pytest.mark.parametrize("cls", CLIENTS)
def test_loopback_http_is_accepted(cls: type) -> None:
    for url in ("http://127.0.0.1:9", "http://localhost:8000", "http://[::1]:80"):
        assert cls(access_token="t", base_url=url).base_url == url


def test_wrong_http_client_flavour_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"httpx\.Client"):
        Procore(access_token="t", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"httpx\.AsyncClient"):
        AsyncProcore(access_token="t", http_client=httpx.Client())  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", CLIENTS)
def test_from_env(cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCORE_CLIENT_ID", "env-id")
    monkeypatch.setenv("PROCORE_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("PROCORE_COMPANY_ID", "42")
    monkeypatch.setenv("PROCORE_ENVIRONMENT", "sandbox")
    client = cls.from_env()
    assert client.company_id == 42
    assert client.base_url == "https://sandbox.procore.com"
    assert "env-secret" not in repr(client)
    assert cls.from_env(company_id=7).company_id == 7


@pytest.mark.parametrize("cls", CLIENTS)
def test_from_env_bad_company(cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCORE_ACCESS_TOKEN", "t")
    monkeypatch.setenv("PROCORE_COMPANY_ID", "acme")
    with pytest.raises(ConfigurationError, match="PROCORE_COMPANY_ID"):
        cls.from_env()


@pytest.mark.parametrize("cls", CLIENTS)
def test_for_company_and_with_options_copy(cls: type) -> None:
    client = cls(access_token="t", company_id=1)
    other = client.for_company(2)
    assert (client.company_id, other.company_id) == (1, 2)
    assert other._http is client._http  # one connection pool
    assert other._tokens is client._tokens  # one token
    assert other._pacer is client._pacer  # one rate budget
    with pytest.raises(ConfigurationError):
        client.for_company(0)
    tuned = client.with_options(max_retries=5, timeout=3.0, company_id=None)
    assert tuned._max_retries == 5
    assert tuned.company_id is None
    assert client._max_retries == 2
    with pytest.raises(ConfigurationError):
        client.with_options(max_retries=-2)


def test_context_managers_close_owned_pool() -> None:
    with Procore(access_token="t") as client:
        http = client._http
    assert http.is_closed

    shared = httpx.Client()
    with Procore(access_token="t", http_client=shared):
        pass
    assert not shared.is_closed  # not ours to close
    shared.close()

    import asyncio

    async def main() -> httpx.AsyncClient:
        async with AsyncProcore(access_token="t") as client:
            return client._http

    assert asyncio.run(main()).is_closed
