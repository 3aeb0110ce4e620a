"""The conformance group: tests that read Procore's reference and real payloads from ``../shared``.

They run only with ``pytest --conformance`` (``.ci/run`` passes it), and then they require the
workspace's ``shared`` directory: a missing file fails the run instead of skipping. A plain clone's
``pytest`` does not collect this directory at all (see ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from _support import shared_dir


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


# The ``flavour`` and ``runner`` fixtures come from tests/conftest.py.


_README_ROW = re.compile(r"^\| `(responses/[^`]+)` \| `(GET|POST|PATCH) ([^`]+)` \|", re.MULTILINE)


@cache
def endpoints_of_files() -> dict[str, tuple[str, str]]:
    """Response file name -> (method, path), from the realworld README's table."""
    text = shared_file("realworld", "README.md").read_text(encoding="utf-8")
    return {Path(f).name: (m, p) for f, m, p in _README_ROW.findall(text)}


def response_files() -> list[str]:
    """The names of the recorded responses in ``shared/realworld/responses``."""
    return [p.name for p in realworld_files("responses")]


def realworld_response(name: str) -> Any:
    """A fresh copy of ``shared/realworld/responses/<name>``, decoded."""
    return json.loads(shared_file("realworld", "responses", name).read_text(encoding="utf-8"))
