"""Fixtures for the ``procore`` command line: a fake Procore on a loopback socket, the
``PROCORE_*`` settings that point at it, and runners (in-process and as a subprocess)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from procore_sdk._cli import run
from procore_sdk.testing import FakeProcore

ROOT = Path(__file__).resolve().parents[2]


class Result(NamedTuple):
    code: int
    out: str
    err: str


class Served(NamedTuple):
    fake: FakeProcore
    url: str


@pytest.fixture
def served() -> Iterator[Served]:
    """A fake Procore served over loopback (the standard library server, no extra needed)."""
    fake = FakeProcore(seed=0)
    with fake.serve(port=0, server="stdlib") as url:
        fake.base_url = url
        yield Served(fake, url)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty config home (XDG_CONFIG_HOME)."""
    path = tmp_path / "config"
    path.mkdir()
    return path


def fake_env(served: Served) -> dict[str, str]:
    fake = served.fake
    return {
        "PROCORE_BASE_URL": served.url,
        "PROCORE_LOGIN_URL": served.url,
        "PROCORE_CLIENT_ID": fake.client_id,
        "PROCORE_CLIENT_SECRET": fake.client_secret,
        "PROCORE_COMPANY_ID": str(fake.company_id),
    }


@pytest.fixture
def env(served: Served, home: Path) -> dict[str, str]:
    """The settings of ``procore fake`` for the served fake, and an empty config home."""
    return {"XDG_CONFIG_HOME": str(home), "HOME": str(home), **fake_env(served)}


def cli(
    *argv: str,
    environ: Mapping[str, str],
    stdin: str = "",
    clock: Callable[[], float] | None = None,
) -> Result:
    """Run ``procore argv...`` in this process; returns its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    code = run(
        list(argv),
        stdout=out,
        stderr=err,
        stdin=io.StringIO(stdin),
        environ=environ,
        clock=clock,
    )
    return Result(code, out.getvalue(), err.getvalue())


def subprocess_env(extra: Mapping[str, str]) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("PROCORE_")}
    keep["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), keep.get("PYTHONPATH")]))
    return {**keep, **extra}


def cli_process(*argv: str, environ: Mapping[str, str], **kwargs: Any) -> Result:
    """Run ``python -m procore_sdk argv...`` as a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "procore_sdk", *argv],
        env=subprocess_env(environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )
    return Result(done.returncode, done.stdout, done.stderr)
