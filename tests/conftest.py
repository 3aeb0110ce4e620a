"""Shared fixtures: run one test body against both the sync and the async client.

``runner`` drives a client on a mock transport; ``flavour`` adds the defaults of the listing
tests (company 1, no retries, optionally a ``FakeProcore``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _helpers.flavour import Flavour
from _support import FakeClock, Runner, shared_dir


@pytest.fixture(params=["sync", "async"])
def runner(request: pytest.FixtureRequest) -> Iterator[Runner]:
    r = Runner(request.param)
    yield r
    r.close()


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Iterator[Flavour]:
    f = Flavour(request.param)
    yield f
    f.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


CONFORMANCE = Path(__file__).resolve().parent / "conformance"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--conformance",
        action="store_true",
        default=False,
        help="also run tests/conformance, which reads ../shared (Procore's reference and real "
        "payloads); CI passes it",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Without --conformance the group is not collected at all: a plain clone neither runs it
    # nor reports it as skipped.
    if collection_path == CONFORMANCE and not config.getoption("--conformance"):
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--conformance"):
        shared = shared_dir()
        if not (shared / "reference").is_dir() or not (shared / "realworld").is_dir():
            raise pytest.UsageError(
                f"--conformance needs the shared workspace directory at {shared} "
                "(or $PROCORE_SHARED) with reference/ and realworld/"
            )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CONFORMANCE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.conformance)
