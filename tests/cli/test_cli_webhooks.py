"""``procore webhooks list|ensure|deliveries|redeliver`` against the fake over loopback."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _helpers.servers import wsgiref_server
from cli.conftest import Served, cli

from procore_sdk._cli import EXIT_API, EXIT_OK, EXIT_USAGE


class Receiver:
    """A loopback webhook destination that answers ``status`` and keeps what it got."""

    def __init__(self) -> None:
        self.status = "500 Internal Server Error"
        self.received: list[tuple[str | None, dict[str, Any]]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        self.received.append((environ.get("HTTP_AUTHORIZATION"), body))
        start_response(self.status, [("Content-Type", "text/plain")])
        return [b"receiver says " + self.status.encode()]


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    app = Receiver()
    with wsgiref_server(app) as url:
        yield app, url + "/procore"


def _declare(tmp_path: Path, url: str, events: list[list[str]], *, suffix: str = ".toml") -> Path:
    path = tmp_path / f"hook{suffix}"
    if suffix == ".json":
        path.write_text(
            json.dumps({"namespace": "cli-test", "destination_url": url, "events": events})
        )
    else:
        pairs = ", ".join(f'["{r}", "{e}"]' for r, e in events)
        path.write_text(
            f'namespace = "cli-test"\ndestination_url = "{url}"\n'
            'authorization_env = "HOOK_SECRET"\n'
            f"events = [{pairs}]\n"
        )
    return path


def test_ensure_creates_then_changes_nothing(
    served: Served, env: dict[str, str], tmp_path: Path, receiver: tuple[Receiver, str]
) -> None:
    _, url = receiver
    file = _declare(tmp_path, url, [["Company Vendors", "create"], ["RFIs", "update"]])
    env = {**env, "HOOK_SECRET": "Bearer s3cret-hook-value"}
    first = cli("webhooks", "ensure", str(file), environ=env)
    assert first.code == EXIT_OK, first.err
    assert "created: 2 triggers created, 0 deleted, 0 unchanged" in first.out
    again = cli("webhooks", "ensure", str(file), environ=env)
    assert again.code == EXIT_OK, again.err
    assert "unchanged: 0 triggers created, 0 deleted, 2 unchanged (0 writes)" in again.out
    listed = cli("webhooks", "list", "--namespace", "cli-test", environ=env)
    hooks = [json.loads(line) for line in listed.out.splitlines()]
    assert [h["destination_url"] for h in hooks] == [url]
    assert "s3cret-hook-value" not in first.out + again.out + listed.out


def test_ensure_from_json_keeps_a_generated_secret_in_the_store(
    served: Served, env: dict[str, str], tmp_path: Path, receiver: tuple[Receiver, str]
) -> None:
    _, url = receiver
    file = _declare(tmp_path, url, [["Company Vendors", "create"]], suffix=".json")
    result = cli("webhooks", "ensure", str(file), environ=env)
    assert result.code == EXIT_OK, result.err
    store = Path(env["XDG_CONFIG_HOME"]) / "procore" / "credentials.json"
    secret = json.loads(store.read_text())["webhook:cli-test"]
    assert secret.startswith("Bearer ")
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert secret not in result.out
    assert "webhook:cli-test" in result.out


def test_a_bad_declaration_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "hook.toml"
    file.write_text('namespace = "x"\ndestination = "https://e.com"\n')
    result = cli("webhooks", "ensure", str(file), environ=env)
    assert result.code == EXIT_USAGE
    assert "unknown keys destination" in result.err
    missing_env = _declare(tmp_path, "https://example.com/h", [["RFIs", "create"]])
    unset = cli("webhooks", "ensure", str(missing_env), environ=env)
    assert unset.code == EXIT_USAGE
    assert "HOOK_SECRET" in unset.err


def test_deliveries_and_redeliver_replay_a_failed_event(
    served: Served, env: dict[str, str], tmp_path: Path, receiver: tuple[Receiver, str]
) -> None:
    app, url = receiver
    env = {**env, "HOOK_SECRET": "Bearer replay-secret"}
    file = _declare(tmp_path, url, [["Company Vendors", "create"]])
    assert cli("webhooks", "ensure", str(file), environ=env).code == EXIT_OK
    hook_id = json.loads(cli("webhooks", "list", environ=env).out.splitlines()[0])["id"]
    body = json.dumps({"company_id": served.fake.company_id, "vendor": {"name": "Hooked"}})
    assert cli("api", "POST", "/rest/v1.0/vendors", "--data", body, environ=env).code == 0
    served.fake.deliver_pending()
    assert len(app.received) == 1  # the receiver answered 500
    failing = cli("webhooks", "deliveries", str(hook_id), "--status", "failing", environ=env)
    assert failing.code == EXIT_OK, failing.err
    attempts = [json.loads(line) for line in failing.out.splitlines()]
    assert [a["response_status"] for a in attempts] == [500]
    app.status = "200 OK"
    replay = cli(
        "webhooks",
        "redeliver",
        str(hook_id),
        str(attempts[0]["id"]),
        "--authorization-env",
        "HOOK_SECRET",
        environ=env,
    )
    assert replay.code == EXIT_OK, replay.err
    assert replay.out.strip() == f"POST {url} -> 200"
    authorization, event = app.received[-1]
    assert authorization == "Bearer replay-secret"
    assert event["resource_name"] == "Company Vendors"
    assert event["event_type"] == "create"
    app.status = "503 Service Unavailable"
    refused = cli("webhooks", "redeliver", str(hook_id), str(attempts[0]["id"]), environ=env)
    assert refused.code == EXIT_API
    missing = cli("webhooks", "redeliver", str(hook_id), "999999", environ=env)
    assert missing.code == EXIT_USAGE
