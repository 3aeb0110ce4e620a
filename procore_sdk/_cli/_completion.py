"""``procore completion bash|zsh|fish``: shell completion scripts.

The scripts ask ``procore _complete WORD...`` for candidates, so completion always matches the
installed version's commands, groups, actions and options.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._context import Context

__all__ = ["add", "candidates"]

_BASH = """\
# bash completion for procore: eval "$(procore completion bash)"
_procore_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$(procore _complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" \
2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _procore_complete procore
"""

_ZSH = """\
#compdef procore
# zsh completion for procore: eval "$(procore completion zsh)"
_procore() {
    local -a candidates
    candidates=("${(@f)$(procore _complete "${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
    compadd -a candidates
}
compdef _procore procore
"""

_FISH = """\
# fish completion for procore: procore completion fish | source
function __procore_complete
    set -l words (commandline -opc)
    procore _complete $words[2..-1] 2>/dev/null
end
complete -c procore -f -a '(__procore_complete)'
"""

SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def add(commands: Any) -> None:
    """Add ``completion`` and the hidden ``_complete`` the scripts call."""
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description='Print a completion script: eval "$(procore completion bash)" (bash, '
        "zsh) or procore completion fish | source.",
    )
    completion.add_argument("shell", choices=sorted(SCRIPTS))
    completion.set_defaults(handler=_run_completion)
    hidden = commands.add_parser("_complete")
    hidden.add_argument("words", nargs="*")
    hidden.set_defaults(handler=_run_complete)


def _run_completion(ctx: Context) -> int:
    ctx.stdout.write(SCRIPTS[ctx.args.shell])
    return 0


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--")
    )


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {k: v for k, v in action.choices.items() if not k.startswith("_")}
    return {}


def candidates(words: list[str]) -> list[str]:
    """What may follow ``procore WORD...``: commands and groups, actions, then options."""
    from ._main import BUILTINS, build_parser
    from ._resources import canonical_group, group_names

    positional = [w for w in words if not w.startswith("-")]
    if not positional:
        return [*BUILTINS, *group_names()]
    group = None if positional[0] in BUILTINS else canonical_group(positional[0])
    if group is None and positional[0] not in BUILTINS:
        return []
    parser: argparse.ArgumentParser = build_parser(group)
    if group is not None:
        positional[0] = group
    for word in positional:
        subs = _subcommands(parser)
        if word.replace("-", "_") in subs:
            parser = subs[word.replace("-", "_")]
        elif word in subs:
            parser = subs[word]
        else:
            break
    subs = _subcommands(parser)
    return sorted(subs) if subs else _options(parser)


def _run_complete(ctx: Context) -> int:
    ctx.stdout.write("".join(word + "\n" for word in candidates(ctx.args.words)))
    return 0
