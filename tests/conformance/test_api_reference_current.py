"""The generated API reference is current with Procore's reference and the operation table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _helpers.scripts import load_script

from .conftest import shared_file

generate_reference = load_script("generate_reference")


def _operations() -> Path:
    return shared_file("reference", "procore_api_operations.json")


def test_the_api_reference_pages_and_nav_are_current() -> None:
    files = generate_reference.outputs(generate_reference.load_inputs(_operations()))
    stale = [str(path) for path, text in files.items() if path.read_text(encoding="utf-8") != text]
    assert stale == [], "run python scripts/generate_reference.py"
    assert set(generate_reference.API_DIR.glob("*.md")) == {
        p for p in files if p.parent == generate_reference.API_DIR
    }


def test_check_fails_on_an_edited_page_and_on_a_page_no_area_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = tmp_path / "api"
    shutil.copytree(generate_reference.API_DIR, api)
    mkdocs = tmp_path / "mkdocs.yml"
    shutil.copy(generate_reference.MKDOCS, mkdocs)
    monkeypatch.setattr(generate_reference, "API_DIR", api)
    monkeypatch.setattr(generate_reference, "MKDOCS", mkdocs)
    argv = ["--check", "--operations", str(_operations())]
    assert generate_reference.main(argv) == 0

    page = api / "core.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert generate_reference.main(argv) == 1
    assert "core.md is stale" in capsys.readouterr().out

    generate_reference.main(["--operations", str(_operations())])  # rewrite
    (api / "gone.md").write_text("# Gone\n", encoding="utf-8")
    assert generate_reference.main(argv) == 1
    assert "gone.md is no longer generated" in capsys.readouterr().out
