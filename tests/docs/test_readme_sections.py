"""The README's first hour: the same commands as the docs home, and the sections a new user
looks for (install, async, per-call options, own httpx client, closing, fixtures, versioning,
licence, docs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands(text: str) -> list[str]:
    return [
        line.strip()
        for block in re.findall(r"```bash\n(.*?)```", text, re.DOTALL)
        for line in block.splitlines()
        if line.strip()
    ]


def test_readme_and_docs_home_give_the_same_two_commands() -> None:
    readme = _commands((ROOT / "README.md").read_text(encoding="utf-8"))
    home = _commands((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    quickstart = ".venv/bin/pip install . && .venv/bin/python examples/quickstart.py"
    tests = ".venv/bin/pip install -e '.[dev]' && .venv/bin/python -m pytest"
    for commands in (readme, home):
        assert any(quickstart in c for c in commands)
        assert any(tests in c for c in commands)


def test_the_readme_has_the_sections_a_new_user_looks_for() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ (.+)$", text, re.MULTILINE))
    for wanted in (
        "Install",
        "Async",
        "Timeouts, retries and versions, per client or per call",
        "Your own httpx client, proxies, and closing",
        "Testing your code with the fixtures",
        "Versioning",
        "Licence",
        "Documentation",
    ):
        assert wanted in headings, wanted
    # Commands run as written: nothing assumes an activated virtual environment.
    assert "`python examples/run_all.py`" not in text
