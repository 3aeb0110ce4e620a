"""The built wheel and sdist: licence, metadata, the ``procore`` script, tests and docs."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("hatchling", reason="the build backend (the dev extra installs it)")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    code = (
        "import sys; from hatchling.build import build_sdist, build_wheel; "
        "build_wheel(sys.argv[1]); build_sdist(sys.argv[1])"
    )
    subprocess.run([sys.executable, "-c", code, str(out)], cwd=ROOT, check=True, timeout=300)
    return out


def _wheel(dist: Path) -> zipfile.ZipFile:
    [path] = dist.glob("*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_carries_the_licence_the_script_and_the_metadata(dist: Path) -> None:
    with _wheel(dist) as wheel:
        names = wheel.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
        assert f"{info}/licenses/LICENSE" in names
        assert "procore_sdk/py.typed" in names
        assert "procore_sdk/_cli/__init__.py" in names
        assert "procore_sdk/__main__.py" in names
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        metadata = HeaderParser().parsestr(wheel.read(f"{info}/METADATA").decode())
    assert "procore = procore_sdk._cli:main" in entry_points
    assert "procore_sdk = procore_sdk.testing._pytest_plugin" in entry_points
    classifiers = metadata.get_all("Classifier") or []
    for wanted in (
        "License :: OSI Approved :: MIT License",
        "Framework :: Pytest",
        "Typing :: Typed",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.13",
    ):
        assert wanted in classifiers
    urls = {u.split(",")[0] for u in metadata.get_all("Project-URL") or []}
    assert urls == {"Homepage", "Documentation", "Source", "Changelog", "Issues"}
    assert not any(n.startswith("tests/") for n in names)


def test_the_sdist_contains_the_tests_docs_and_licence(dist: Path) -> None:
    [path] = dist.glob("*.tar.gz")
    with tarfile.open(path) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for wanted in (
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
        "procore_sdk/_cli/_main.py",
        "tests/conftest.py",
        "tests/cli/test_cli_api.py",
        "docs/guides/cli.md",
        "mkdocs.yml",
    ):
        assert wanted in names
