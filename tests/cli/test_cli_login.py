"""``procore login``: client credentials, the authorization code flow through a loopback
callback server (driven by a real HTTP request), and the out-of-band variant."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import httpx
from cli.conftest import Served, cli, subprocess_env

from procore_sdk._cli import EXIT_AUTH, EXIT_OK
from procore_sdk.auth import OOB_REDIRECT_URI


def _login_env(served: Served, home: Path) -> dict[str, str]:
    return {
        "XDG_CONFIG_HOME": str(home),
        "PROCORE_CLIENT_ID": served.fake.client_id,
        "PROCORE_CLIENT_SECRET": served.fake.client_secret,
        "PROCORE_BASE_URL": served.url,
        "PROCORE_LOGIN_URL": served.url,
    }


def _assert_private_and_secret_free(home: Path, secret: str, *outputs: str) -> None:
    folder = home / "procore"
    assert secret not in (folder / "profiles.toml").read_text()
    for name in ("credentials.json", "tokens.json"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    for text in outputs:
        assert secret not in text


def test_client_credentials_login_stores_a_profile_used_later(served: Served, home: Path) -> None:
    fake = served.fake
    result = cli(
        "login",
        "--profile",
        "work",
        "--company-id",
        str(fake.company_id),
        environ=_login_env(served, home),
    )
    assert result.code == EXIT_OK, result.err
    assert "profile 'work' saved" in result.out
    _assert_private_and_secret_free(home, fake.client_secret, result.out, result.err)
    issued = sum(fake.tokens_issued.values())
    # Later commands need only the profile: hosts, company, secret and token are stored.
    me = cli(
        "--profile", "work", "api", "GET", "/rest/v1.0/me", environ={"XDG_CONFIG_HOME": str(home)}
    )
    assert me.code == EXIT_OK, me.err
    assert json.loads(me.out)["id"] == fake.dmsa_user_id
    assert fake.requests[-1].headers["procore-company-id"] == str(fake.company_id)
    assert sum(fake.tokens_issued.values()) == issued  # the stored token was reused


def test_a_wrong_secret_fails_login_and_stores_nothing(served: Served, home: Path) -> None:
    env = {**_login_env(served, home), "PROCORE_CLIENT_SECRET": "wrong-one-77"}
    result = cli("login", environ=env)
    assert result.code == EXIT_AUTH
    assert "wrong-one-77" not in result.out + result.err
    assert not (home / "procore" / "profiles.toml").exists()
    assert not (home / "procore" / "credentials.json").exists()


def test_the_secret_can_be_typed_on_standard_input(served: Served, home: Path) -> None:
    env = _login_env(served, home)
    secret = env.pop("PROCORE_CLIENT_SECRET")
    result = cli("login", environ=env, stdin=secret + "\n")
    assert result.code == EXIT_OK, result.err
    _assert_private_and_secret_free(home, secret, result.out, result.err)


def test_out_of_band_login_exchanges_the_pasted_code(served: Served, home: Path) -> None:
    code = served.fake.authorize(OOB_REDIRECT_URI)
    result = cli("login", "--grant", "oob", environ=_login_env(served, home), stdin=code + "\n")
    assert result.code == EXIT_OK, result.err
    assert "/oauth/authorize" in result.err
    me = cli(
        "api",
        "GET",
        "/rest/v1.0/me",
        environ={"XDG_CONFIG_HOME": str(home), "PROCORE_COMPANY_ID": str(served.fake.company_id)},
    )
    assert me.code == EXIT_OK, me.err
    assert json.loads(me.out)["id"] == served.fake.user_id


def _start_browser_login(served: Served, home: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "procore_sdk",
            "login",
            "--grant",
            "browser",
            "--no-browser",
            "--redirect-uri",
            "http://127.0.0.1:0/callback",
            "--timeout",
            "30",
            "--company-id",
            str(served.fake.company_id),
        ],
        env=subprocess_env(_login_env(served, home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for _ in range(10):
        line = proc.stderr.readline()
        if "/oauth/authorize" in line:
            return proc, line.strip()
    proc.kill()
    raise AssertionError("procore login printed no authorization URL")


def test_browser_login_takes_the_redirect_on_a_loopback_server(served: Served, home: Path) -> None:
    proc, url = _start_browser_login(served, home)
    try:
        # The browser's part: the fake approves and redirects to the callback server.
        page = httpx.get(url, follow_redirects=True, timeout=30)
        assert page.status_code == 200
        assert "Logged in" in page.text
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == EXIT_OK, err
    _assert_private_and_secret_free(home, served.fake.client_secret, out, err)
    me = cli("api", "GET", "/rest/v1.0/me", environ={"XDG_CONFIG_HOME": str(home)})
    assert me.code == EXIT_OK, me.err
    assert json.loads(me.out)["id"] == served.fake.user_id
    # An expired token is refreshed with the redirect URI the code was issued for.
    served.fake.expire_tokens()
    again = cli("api", "GET", "/rest/v1.0/me", environ={"XDG_CONFIG_HOME": str(home)})
    assert again.code == EXIT_OK, again.err
    [refresh] = [
        r for r in served.fake.requests if r.form and r.form.get("grant_type") == "refresh_token"
    ]
    assert refresh.form is not None
    assert refresh.form["redirect_uri"].startswith("http://127.0.0.1:")
    assert refresh.form["redirect_uri"].endswith("/callback")


def test_browser_login_refuses_a_redirect_with_another_state(served: Served, home: Path) -> None:
    proc, url = _start_browser_login(served, home)
    try:
        redirect = httpx.get(url, follow_redirects=False, timeout=30).headers["location"]
        forged = redirect.split("&state=")[0] + "&state=forged"
        page = httpx.get(forged, timeout=30)
        assert page.status_code == 400
        _out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == EXIT_AUTH
    assert "state" in err
    assert not (home / "procore" / "profiles.toml").exists()
