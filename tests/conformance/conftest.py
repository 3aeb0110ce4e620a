"""The conformance group: tests that read Procore's reference and real payloads from ``../shared``.

They run only with ``pytest --conformance`` (``.ci/run`` passes it), and then they require the
workspace's ``shared`` directory: a missing file fails the run instead of skipping. A plain clone's
``pytest`` does not collect this directory at all (see ``tests/conftest.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from _support import Runner, shared_dir
from pagination._flavour import Flavour


def shared_file(*parts: str) -> Path:
    """A file under the shared directory; fails the test run when it is missing."""
    path = shared_dir().joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing from the shared workspace directory")
    return path


@cache
def shared_json(*parts: str) -> Any:
    return json.loads(shared_file(*parts).read_text(encoding="utf-8"))


def realworld_files(folder: str) -> list[Path]:
    """Every JSON payload in ``shared/realworld/<folder>``, sorted by name."""
    base = shared_dir() / "realworld" / folder
    return sorted(base.glob("*.json"))


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Iterator[Flavour]:
    f = Flavour(request.param)
    yield f
    f.close()


@pytest.fixture(params=["sync", "async"])
def runner(request: pytest.FixtureRequest) -> Iterator[Runner]:
    r = Runner(request.param)
    yield r
    r.close()
