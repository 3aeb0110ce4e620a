"""The command-line guide's examples are commands the CLI accepts (they cannot rot)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from procore_sdk._cli._main import _Exit, _first_command, build_parser
from procore_sdk._cli._resources import canonical_group

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "cli.md"
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def _commands() -> list[list[str]]:
    found = []
    for block in _CONSOLE.findall(PAGE.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            text = line[2:].replace('eval "$(', "").replace(')"', "")
            for part in text.split("|"):
                words = shlex.split(part)
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
