"""``procore fake`` (a subprocess printing PROCORE_* lines the SDK and the CLI pick up),
``python -m procore_sdk``, and shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from cli.conftest import cli, cli_process, subprocess_env

from procore_sdk import Procore
from procore_sdk._cli import EXIT_OK
from procore_sdk._cli._completion import SCRIPTS, candidates

KEYS = [
    "PROCORE_BASE_URL",
    "PROCORE_LOGIN_URL",
    "PROCORE_CLIENT_ID",
    "PROCORE_CLIENT_SECRET",
    "PROCORE_COMPANY_ID",
]


def test_procore_fake_prints_exportable_settings(tmp_path: object) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "procore_sdk", "fake", "--port", "0", "--server", "stdlib"],
        env=subprocess_env({}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().rstrip("\n") for _ in KEYS]
        settings = dict(line.split("=", 1) for line in lines)
        assert list(settings) == KEYS
        # What the lines say works with Procore.from_env() ...
        saved = {k: os.environ.get(k) for k in KEYS}
        os.environ.update(settings)
        try:
            with Procore.from_env() as client:
                me = client.get("/rest/v1.0/me")
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        assert me["id"]
        # ... and with every procore command, in another process.
        result = cli_process(
            "companies", "list", "--format", "jsonl", environ={**settings, "HOME": str(tmp_path)}
        )
        assert result.code == EXIT_OK, result.err
        assert settings["PROCORE_COMPANY_ID"] in result.out
    finally:
        proc.terminate()
        done = threading.Event()
        proc.wait(timeout=10)
        done.set()
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()


def test_python_m_procore_sdk_help_and_version() -> None:
    result = cli_process("--help", environ={})
    assert result.code == EXIT_OK
    assert "procore" in result.out
    assert "Exit codes" in result.out
    version = cli_process("--version", environ={})
    assert version.code == EXIT_OK
    assert version.out.startswith("procore-sdk ")


def test_completion_scripts_ask_the_cli_for_candidates() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = cli("completion", shell, environ={})
        assert result.code == EXIT_OK
        assert result.out == SCRIPTS[shell]
        assert "procore _complete" in result.out


def test_candidates_follow_the_words_typed() -> None:
    first = candidates([])
    assert "api" in first
    assert "rfis" in first
    assert "list" in candidates(["rfis"])
    assert "--project-id" in candidates(["rfis", "list"])
    assert "--status" in candidates(["rfis", "list", "--project-id", "1"])
    assert "bash" not in candidates(["nope"])
    assert "--paginate" in candidates(["api"])
    hidden = cli("_complete", "rfis", environ={})
    assert "list" in hidden.out.split()


def test_fake_latency_options_inject_a_latency_fault() -> None:
    import argparse

    from procore_sdk.testing.__main__ import add_arguments, fake_from_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        ["--latency", "0.25", "--latency-path", "/rest/v1.0/projects", "--size", "projects=7"]
    )
    fake = fake_from_arguments(args)
    [fault] = fake.faults.rules
    assert (fault.kind, fault.latency, fault.path) == ("latency", 0.25, "/rest/v1.0/projects")
    assert len(fake.records("projects", fake.company_id)) == 7
    assert not fake_from_arguments(parser.parse_args([])).faults.rules


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path: object) -> None:
    from procore_sdk.testing import FakeProcore

    fake = FakeProcore(seed=0, sizes={"vendors": 3000})
    with fake.serve(port=0, server="stdlib") as url:
        env = {
            "PROCORE_BASE_URL": url,
            "PROCORE_LOGIN_URL": url,
            "PROCORE_CLIENT_ID": fake.client_id,
            "PROCORE_CLIENT_SECRET": fake.client_secret,
            "PROCORE_COMPANY_ID": str(fake.company_id),
            "HOME": str(tmp_path),
        }
        argv = ["api", "GET", "/rest/v1.0/vendors", "-p", f"company_id={fake.company_id}"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "procore_sdk", *argv, "--paginate", "--per-page", "100"],
            env=subprocess_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()  # like `| head -1`
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait(timeout=60)
    assert first.startswith("{")
    assert code == EXIT_OK
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
