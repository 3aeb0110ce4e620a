"""The command-line guide's and the README's examples are commands the CLI accepts (they
cannot rot)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from procore_sdk._cli._main import _Exit, _first_command, build_parser
from procore_sdk._cli._resources import canonical_group

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "guides" / "cli.md"
PAGES = (PAGE, ROOT / "README.md")
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def _commands() -> list[list[str]]:
    found = []
    blocks = [b for page in PAGES for b in _CONSOLE.findall(page.read_text(encoding="utf-8"))]
    for block in blocks:
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            text = line[2:].replace('eval "$(', "").replace(')"', "")
            for part in text.split("|"):
                words = shlex.split(part, comments=True)
                if words and words[0] == "procore":
                    found.append(words[1:])
    return found


def test_the_guide_shows_commands() -> None:
    assert len(_commands()) > 20


@pytest.mark.parametrize("argv", _commands(), ids=lambda argv: " ".join(argv))
def test_every_example_parses(argv: list[str]) -> None:
    first = _first_command(argv)
    group = None
    if first is not None and first not in build_parser(None)._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
        group = canonical_group(first)
        assert group is not None, first
        argv = [group if word == first else word for word in argv]
    if "--help" in argv:
        with pytest.raises(_Exit) as done:
            build_parser(group).parse_args(argv)
        assert done.value.code == 0
        return
    args = build_parser(group).parse_args(argv)
    assert args.handler is not None


def test_the_guide_is_in_the_navigation() -> None:
    nav = (PAGE.parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "guides/cli.md" in nav
