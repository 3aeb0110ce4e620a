"""``procore doctor``: each check passes or fails with a fix; a wrong secret, an uninstalled
company and a paused hook are each diagnosed."""

from __future__ import annotations

from pathlib import Path

from cli.conftest import Served, cli, fake_env

from procore_sdk import Procore
from procore_sdk._cli import EXIT_API, EXIT_AUTH, EXIT_OK
from procore_sdk.testing import FakeProcore


def _lines(out: str) -> dict[str, str]:
    """check name -> its line (and its fix line, when there is one)."""
    found: dict[str, str] = {}
    last = ""
    for line in out.splitlines():
        if line.startswith("["):
            last = line.split("] ", 1)[1].split(":", 1)[0]
            found[last] = line
        elif line.strip().startswith("fix:"):
            found[last] += "\n" + line
    return found


def test_a_healthy_setup_passes_every_check(served: Served, env: dict[str, str]) -> None:
    result = cli("doctor", environ=env, clock=served.fake.now)
    assert result.code == EXIT_OK, result.out + result.err
    checks = _lines(result.out)
    assert checks["credentials"].startswith("[ok  ]")
    assert (
        "expires in 5399 s" in checks["credentials"] or "expires in 5400 s" in checks["credentials"]
    )
    assert "Company 1 (4200000001)" in checks["companies"]
    assert checks["company header"].startswith("[ok  ]")
    assert checks["clock"].startswith("[ok  ]")
    assert "requests left" in checks["rate budget"]
    assert checks["webhooks"].startswith("[ok  ]")


def test_a_wrong_secret_is_diagnosed(served: Served, env: dict[str, str]) -> None:
    env = {**env, "PROCORE_CLIENT_SECRET": "not-the-secret-42"}
    result = cli("doctor", environ=env, clock=served.fake.now)
    assert result.code == EXIT_AUTH
    checks = _lines(result.out)
    assert checks["credentials"].startswith("[FAIL]")
    assert "invalid_client" in checks["credentials"]
    assert "fix: check the client id and secret" in checks["credentials"]
    assert checks["companies"].startswith("[skip]")
    assert "not-the-secret-42" not in result.out + result.err


def test_an_uninstalled_company_is_diagnosed(served: Served, env: dict[str, str]) -> None:
    company = served.fake.uninstalled_company_id
    env = {**env, "PROCORE_COMPANY_ID": str(company)}
    result = cli("doctor", environ=env, clock=served.fake.now)
    assert result.code == EXIT_API
    checks = _lines(result.out)
    assert checks["company header"].startswith("[FAIL]")
    assert "App is not connected to this company" in checks["company header"]
    assert f"install the app in company {company}" in checks["company header"]


def test_clock_skew_is_diagnosed(served: Served, env: dict[str, str]) -> None:
    result = cli("doctor", environ=env, clock=lambda: served.fake.now() + 600)
    assert result.code == EXIT_API
    clock = _lines(result.out)["clock"]
    assert clock.startswith("[FAIL]")
    assert "ahead of Procore's" in clock
    assert "fix: synchronise the clock" in clock


def test_a_low_rate_budget_is_diagnosed(home: Path) -> None:
    # 2 requests an hour: doctor's own calls use them up.
    fake = FakeProcore(seed=0, hourly_limit=2)
    with fake.serve(port=0, server="stdlib") as url:
        env = {"XDG_CONFIG_HOME": str(home), **fake_env(Served(fake, url))}
        result = cli("doctor", environ=env, clock=fake.now)
    budget = _lines(result.out)["rate budget"]
    assert budget.startswith("[FAIL]"), result.out
    assert "fix: wait for the reset" in budget


def test_a_paused_hook_is_diagnosed_with_its_last_error(
    served: Served, env: dict[str, str]
) -> None:
    fake = served.fake
    with Procore(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=served.url,
        company_id=fake.company_id,
    ) as client:
        client.webhooks.ensure(
            namespace="doctor-test",
            destination_url="http://127.0.0.1:9/unreachable",
            events=[("Company Vendors", "create")],
        )
        client.post(
            "/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": {"name": "v"}}
        )
    fake.deliver_pending()
    result = cli("doctor", environ=env, clock=fake.now)
    assert result.code == EXIT_API
    hook = next(v for k, v in _lines(result.out).items() if k.startswith("webhook "))
    assert hook.startswith("[FAIL]")
    assert "doctor-test" in hook
    assert "paused: 1 failed attempts" in hook
    assert "ConnectError" in hook  # the last error Procore recorded
    assert "fix: make the destination answer 2xx" in hook


def test_a_fixed_access_token_is_checked_with_me(served: Served, env: dict[str, str]) -> None:
    token = served.fake.issue_token().access_token
    fixed = {**env, "PROCORE_ACCESS_TOKEN": token}
    result = cli("doctor", environ=fixed, clock=served.fake.now)
    assert result.code == EXIT_OK, result.out + result.err
    assert "fixed access token works for user" in _lines(result.out)["credentials"]
    assert token not in result.out + result.err
    served.fake.expire_tokens()
    expired = cli("doctor", environ=fixed, clock=served.fake.now)
    assert expired.code == EXIT_AUTH
    assert "fix: the fixed access token" in _lines(expired.out)["credentials"]
