"""Exit codes scripts rely on (0 ok, 1 API error, 2 usage, 3 auth, 4 rate-limited), and what an
error prints."""

from __future__ import annotations

import httpx
import pytest
from cli.conftest import Served, cli

from procore_sdk._cli import EXIT_API, EXIT_AUTH, EXIT_OK, EXIT_RATE_LIMITED, EXIT_USAGE
from procore_sdk._cli._main import describe_error, exit_code
from procore_sdk._errors import (
    APIConnectionError,
    ConfigurationError,
    OAuthError,
    make_status_error,
)


def test_a_wrong_secret_exits_3_without_printing_it(served: Served, env: dict[str, str]) -> None:
    env = {**env, "PROCORE_CLIENT_SECRET": "wrong-secret-value-123"}
    result = cli("api", "GET", "/rest/v1.0/me", environ=env)
    assert result.code == EXIT_AUTH
    assert "wrong-secret-value-123" not in result.err + result.out
    assert "invalid_client" in result.err


def test_missing_credentials_exit_3_and_say_how_to_fix(env: dict[str, str]) -> None:
    env = {k: v for k, v in env.items() if k != "PROCORE_CLIENT_SECRET"}
    result = cli("api", "GET", "/rest/v1.0/me", environ=env)
    assert result.code == EXIT_AUTH
    assert "PROCORE_CLIENT_SECRET" in result.err
    assert "procore login" in result.err


def test_rate_limited_exits_4(served: Served, env: dict[str, str]) -> None:
    # A reset further away than the client waits: the SDK raises RateLimitError at once.
    served.fake.fail(429, retry_after=3600, times=None, path="/rest/v1.0/me")
    result = cli("api", "GET", "/rest/v1.0/me", environ=env)
    assert result.code == EXIT_RATE_LIMITED
    assert "429" in result.err
    assert "retry after: 3600 s" in result.err


def test_an_api_error_exits_1(served: Served, env: dict[str, str]) -> None:
    served.fake.fail(422, times=1, path="/rest/v1.0/me", body='{"errors": "name is missing"}')
    result = cli("api", "GET", "/rest/v1.0/me", environ=env)
    assert result.code == EXIT_API
    assert "name is missing" in result.err


def test_usage_exits_2(env: dict[str, str]) -> None:
    assert cli("api", environ=env).code == EXIT_USAGE
    assert cli("nope-command", environ=env).code == EXIT_USAGE
    assert cli(environ=env).code == EXIT_USAGE  # no command: help, and a usage exit
    assert cli("--help", environ=env).code == EXIT_OK
    bad_company = cli("api", "GET", "/x", environ={**env, "PROCORE_COMPANY_ID": "abc"})
    assert bad_company.code == EXIT_USAGE
    assert "PROCORE_COMPANY_ID" in bad_company.err


def test_the_request_id_is_printed() -> None:
    request = httpx.Request("GET", "https://api.procore.com/rest/v1.0/projects/1")
    response = httpx.Response(
        404,
        request=request,
        headers={"x-request-id": "req-abc-123", "content-type": "application/json"},
        json={"errors": "Project not found"},
    )
    error = make_status_error(response)
    lines = describe_error(error)
    assert "Project not found" in lines[0]
    assert lines[1] == "request id: req-abc-123"
    assert exit_code(error) == EXIT_API


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OAuthError("refused", error="invalid_grant"), EXIT_AUTH),
        (ConfigurationError("bad", argument="x"), EXIT_USAGE),
        (APIConnectionError("Connection error."), EXIT_API),
    ],
)
def test_exception_classes_map_to_codes(error: Exception, code: int) -> None:
    assert exit_code(error) == code
