"""A user's own test suite gets the fixtures from the installed plugin (issue 4, item 5)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

USER_TEST = """
import asyncio


def test_users_suite(procore_fake, procore_client, procore_async_client):
    assert procore_client.get("/rest/v1.0/me")["id"]
    vendors = list(procore_client.vendors.list(max_items=3))
    assert len(vendors) == 3

    async def main():
        return await procore_async_client.get("/rest/v1.0/companies")

    companies = asyncio.run(main())
    assert {c["id"] for c in companies} >= {procore_fake.company_id}
"""


def _installed_entry_point() -> bool:
    return any(
        ep.value == "procore_sdk.testing._pytest_plugin"
        for ep in metadata.entry_points(group="pytest11")
    )


def test_entry_point_is_declared() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    plugins = config["project"]["entry-points"]["pytest11"]
    assert plugins == {"procore_sdk": "procore_sdk.testing._pytest_plugin"}


def test_a_users_suite_uses_the_fixtures(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TEST, encoding="utf-8")
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    if not _installed_entry_point():
        # Running from a source checkout: load the plugin the way the entry point would.
        args[4:4] = ["-p", "procore_sdk.testing._pytest_plugin"]
    result = subprocess.run(
        args,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
