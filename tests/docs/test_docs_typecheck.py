"""The README's and the docs' ```python blocks pass ``mypy --strict``, as user code would be
checked: a snippet that runs but does not type-check (``WebhookReceiver(secrets=[x])`` with
``x: str | None``) teaches users code their CI refuses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)

pytest.importorskip("mypy", reason="mypy is in the dev extra")


def page_module(page: Path) -> tuple[str, list[int]]:
    """The page's python blocks as one module (they run in one namespace), and for each line of
    it the line of the page it comes from."""
    text = page.read_text(encoding="utf-8")
    lines: list[str] = []
    origin: list[int] = []
    for match in BLOCK.finditer(text):
        first = text.count("\n", 0, match.start(1)) + 1
        for offset, line in enumerate(match.group(1).splitlines()):
            lines.append(line)
            origin.append(first + offset)
        lines.append("")
        origin.append(first)
    return "\n".join(lines) + "\n", origin


CHECKED = [page for page in PAGES if BLOCK.search(page.read_text(encoding="utf-8"))]


def test_the_readme_is_checked() -> None:
    assert ROOT / "README.md" in CHECKED


def test_code_blocks_pass_mypy_strict(tmp_path: Path) -> None:
    origins: dict[str, tuple[Path, list[int]]] = {}
    for index, page in enumerate(CHECKED):
        source, origin = page_module(page)
        name = f"page_{index}.py"
        (tmp_path / name).write_text(source, encoding="utf-8")
        origins[name] = (page, origin)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--python-version",
            "3.10",
            "--no-error-summary",
            *sorted(origins),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    problems = []
    for line in done.stdout.splitlines():
        found = re.match(r"(page_\d+\.py):(\d+): (error: .*)", line)
        if found:
            page, origin = origins[found.group(1)]
            problems.append(
                f"{page.relative_to(ROOT)}:{origin[int(found.group(2)) - 1]}: {found.group(3)}"
            )
    assert not problems, "\n".join(problems)
    assert done.returncode == 0, done.stdout + done.stderr
