"""The ``procore`` command line: parsing, dispatch and exit codes.

Exit codes scripts can rely on: 0 ok, 1 API error, 2 usage, 3 authentication, 4 rate-limited.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from .._errors import (
    APIStatusError,
    AuthenticationError,
    InvalidArgumentError,
    OAuthError,
    ProcoreError,
    RateLimitError,
    TokenStoreError,
)
from .._version import __version__
from ._context import Context, NoCredentialsError

__all__ = ["EXIT_API", "EXIT_AUTH", "EXIT_OK", "EXIT_RATE_LIMITED", "EXIT_USAGE", "main", "run"]

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_RATE_LIMITED = 4

BUILTINS = ("api", "completion", "doctor", "fake", "login", "sync", "webhooks")


class _UsageError(Exception):
    """argparse found a usage error; its message is already written."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the command's stderr and raises instead of exiting."""

    stream: TextIO = sys.stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            if file is None:
                file = _Parser.stdout
            elif file is sys.stderr:
                file = _Parser.stream
            file.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        if message:
            self.stream.write(message)
        raise _Exit(status)

    def error(self, message: str) -> Any:
        self.print_usage(self.stream)
        self.stream.write(f"{self.prog}: error: {message}\n")
        raise _Exit(EXIT_USAGE)

    stdout: TextIO = sys.stdout


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _common() -> _Parser:
    """Options every command takes (also after the command name)."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        help="the stored profile to use (default: $PROCORE_PROFILE, else 'default')",
    )
    common.add_argument(
        "--company-id",
        type=int,
        default=argparse.SUPPRESS,
        help="the Procore-Company-Id to send (default: the profile's, or $PROCORE_COMPANY_ID)",
    )
    return common


def build_parser(group: str | None = None) -> _Parser:
    """The parser of every built-in command, plus the resource group ``group`` when given."""
    from . import _commands, _resources

    common = _common()
    parser = _Parser(
        prog="procore",
        parents=[common],
        description="The Procore REST API from the command line.",
        epilog="Resource commands: procore GROUP ACTION [--param value ...] (e.g. procore rfis "
        "list --project-id 1 --status open --format table); procore --groups lists the groups "
        "and procore GROUP --help their actions. Exit codes: 0 ok, 1 API error, 2 usage, "
        "3 authentication, 4 rate-limited.",
    )
    parser.add_argument("--version", action="version", version=f"procore-sdk {__version__}")
    parser.add_argument("--groups", action="store_true", help="list the resource groups and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _commands.add_builtins(commands, [common])
    if group is not None:
        _resources.add_group(commands, group, [common])
    return parser


def _first_command(argv: Sequence[str]) -> str | None:
    takes_value = {"--profile", "--company-id"}
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in takes_value:
            skip = True
            continue
        if token.startswith("-"):
            continue
        return token
    return None


def exit_code(exc: BaseException) -> int:
    """The exit code for an exception a command raised."""
    if isinstance(exc, RateLimitError):
        return EXIT_RATE_LIMITED
    if isinstance(exc, (AuthenticationError, OAuthError, NoCredentialsError, TokenStoreError)):
        return EXIT_AUTH
    if isinstance(exc, InvalidArgumentError):
        return EXIT_USAGE
    return EXIT_API


def describe_error(exc: ProcoreError) -> list[str]:
    """What to print for an error: the SDK's message (Procore's own message included, secrets
    already removed), and the request id Procore's support asks for."""
    lines = [f"procore: error: {exc}"]
    if isinstance(exc, APIStatusError) and exc.request_id:
        lines.append(f"request id: {exc.request_id}")
    if isinstance(exc, RateLimitError) and exc.retry_after is not None:
        lines.append(f"retry after: {exc.retry_after:g} s")
    return lines


def run(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[], float] | None = None,
) -> int:
    """Run one command; returns its exit code (never raises for a command's failure)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    _Parser.stream = err
    _Parser.stdout = out
    first = _first_command(argv)
    group: str | None = None
    if first is not None and first not in (*BUILTINS, "_complete"):
        from ._resources import canonical_group, group_names

        group = canonical_group(first)
        if group is None:
            close = difflib.get_close_matches(
                first.replace("-", "_"), [*BUILTINS, *group_names()], n=3
            )
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            err.write(
                f"procore: error: unknown command {first!r}{hint}; procore --groups lists the "
                "resource groups\n"
            )
            return EXIT_USAGE
        argv[argv.index(first)] = group
    parser = build_parser(group)
    try:
        args = parser.parse_args(argv)
    except _Exit as done:
        return done.code
    if args.groups:
        from ._resources import group_names

        out.write("\n".join(group_names()) + "\n")
        return EXIT_OK
    if args.command is None:
        parser.print_help(out)
        return EXIT_USAGE
    ctx = Context(
        args,
        stdout=out,
        stderr=err,
        stdin=stdin or sys.stdin,
        environ=os.environ if environ is None else environ,
        clock=clock or time.time,
    )
    try:
        return int(args.handler(ctx))
    except ProcoreError as exc:
        for line in describe_error(exc):
            err.write(line + "\n")
        return exit_code(exc)
    except KeyboardInterrupt:
        err.write("procore: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader (head, grep -m) stopped reading; that is not a failure.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        ctx.close()


def main() -> None:
    """The ``procore`` console script."""
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (procore ... | head): point stdout at devnull so the interpreter's
        # own flush at exit does not print a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
