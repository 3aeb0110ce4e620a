"""Profiles: ``--profile``, ``PROCORE_PROFILE`` and the ``PROCORE_*`` overrides."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cli.conftest import Served, cli, fake_env

from procore_sdk._cli import EXIT_OK, EXIT_USAGE
from procore_sdk._cli._profiles import (
    read_secret,
    resolve_profile,
    save_profile,
    save_secret,
)


def _write_toml(home: Path, text: str) -> None:
    (home / "procore").mkdir(exist_ok=True)
    (home / "procore" / "profiles.toml").write_text(text)


def _company_header(served: Served) -> str | None:
    return served.fake.requests[-1].headers.get("procore-company-id")


def test_a_profile_supplies_hosts_and_company(served: Served, home: Path) -> None:
    other = served.fake.other_company_id
    _write_toml(
        home,
        f'[work]\nbase_url = "{served.url}"\nlogin_url = "{served.url}"\n'
        f'client_id = "{served.fake.client_id}"\ncompany_id = {other}\n',
    )
    environ = {"XDG_CONFIG_HOME": str(home), "PROCORE_CLIENT_SECRET": served.fake.client_secret}
    result = cli("--profile", "work", "api", "GET", "/rest/v1.0/me", environ=environ)
    assert result.code == EXIT_OK, result.err
    assert _company_header(served) == str(other)
    # PROCORE_PROFILE selects it too, and --profile also works after the command.
    assert (
        cli("api", "GET", "/rest/v1.0/me", environ={**environ, "PROCORE_PROFILE": "work"}).code == 0
    )
    assert cli("api", "GET", "/rest/v1.0/me", "--profile", "work", environ=environ).code == 0


def test_environment_variables_override_the_profile(served: Served, home: Path) -> None:
    _write_toml(home, f"[default]\ncompany_id = {served.fake.other_company_id}\n")
    environ = {"XDG_CONFIG_HOME": str(home), **fake_env(served)}
    result = cli("api", "GET", "/rest/v1.0/me", environ=environ)
    assert result.code == EXIT_OK, result.err
    assert _company_header(served) == str(served.fake.company_id)
    # --company-id overrides both.
    again = cli(
        "api",
        "GET",
        "/rest/v1.0/me",
        "--company-id",
        str(served.fake.other_company_id),
        environ=environ,
    )
    assert again.code == EXIT_OK, again.err
    assert _company_header(served) == str(served.fake.other_company_id)


def test_an_unknown_profile_is_a_usage_error(home: Path) -> None:
    _write_toml(home, "[work]\ncompany_id = 1\n")
    result = cli("--profile", "play", "api", "GET", "/x", environ={"XDG_CONFIG_HOME": str(home)})
    assert result.code == EXIT_USAGE
    assert "no profile named 'play'" in result.err
    assert "work" in result.err


def test_profiles_json_is_read_too(home: Path) -> None:
    (home / "procore").mkdir()
    (home / "procore" / "profiles.json").write_text(json.dumps({"ci": {"company_id": 7}}))
    profile = resolve_profile({"XDG_CONFIG_HOME": str(home)}, "ci")
    assert profile.company_id == 7
    assert profile.stored


def test_saved_profiles_hold_no_secret_and_secrets_are_private(home: Path) -> None:
    environ = {"XDG_CONFIG_HOME": str(home)}
    path = save_profile(
        environ, "work", {"client_id": "cid", "company_id": 5, "client_secret": "s3cr3t"}
    )
    assert "s3cr3t" not in path.read_text()
    secrets = save_secret(environ, "work", "s3cr3t")
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert read_secret(environ, "work") == "s3cr3t"
    profile = resolve_profile(environ, "work")
    assert (profile.client_id, profile.company_id, profile.client_secret) == ("cid", 5, "s3cr3t")
    assert "s3cr3t" not in repr(profile)


@pytest.mark.parametrize("text", ['[work]\nauth = "magic"\n', "[work]\ncompany_id = -3\n"])
def test_bad_profile_values_are_usage_errors(home: Path, text: str) -> None:
    _write_toml(home, text)
    result = cli("--profile", "work", "api", "GET", "/x", environ={"XDG_CONFIG_HOME": str(home)})
    assert result.code == EXIT_USAGE
    assert "work" in result.err
