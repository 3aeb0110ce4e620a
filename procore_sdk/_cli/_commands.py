"""The built-in commands: ``api``, ``fake``, ``completion`` and the registry of the others."""

from __future__ import annotations

import argparse
from typing import Any

from .. import _operations
from ._context import Context
from ._output import write_records, write_value
from ._params import load_data, parse_pairs

__all__ = ["add_builtins"]

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def add_builtins(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add every built-in command to ``commands`` (the top-level subparsers)."""
    from . import _completion, _doctor, _login, _sync, _webhooks

    _add_api(commands, parents)
    _add_fake(commands)
    _login.add(commands, parents)
    _doctor.add(commands, parents)
    _webhooks.add(commands, parents)
    _sync.add(commands, parents)
    _completion.add(commands)


# -- procore api ----------------------------------------------------------------------------


def _add_api(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    api = commands.add_parser(
        "api",
        parents=parents,
        help="call any endpoint: procore api GET /rest/v1.0/projects",
        description="Call any Procore endpoint and print the JSON it returns.",
    )
    api.add_argument("http_method", metavar="METHOD", type=str.upper, choices=_METHODS)
    api.add_argument("path", metavar="PATH", help="e.g. /rest/v1.0/projects/1/rfis")
    api.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter (repeatable): filters[status]=open, or the filter's bare name "
        "when the path is a documented list (status=open); a range is start...end, either "
        "end may be empty (updated_at=2026-01-01...)",
    )
    api.add_argument(
        "--data", metavar="JSON", help="the JSON body: @file.json, @- (standard input) or inline"
    )
    api.add_argument(
        "--paginate",
        action="store_true",
        help="GET every page, printing each record as a JSON line as it arrives",
    )
    api.add_argument("--max-items", type=int, help="with --paginate: stop after this many")
    api.add_argument(
        "--per-page", type=int, help="with --paginate: page size (default: the largest)"
    )
    api.set_defaults(handler=_run_api)


def _filters_by_name(method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
    """Bare filter names of the documented operation at ``method path`` moved under
    ``filters`` (``updated_at`` -> ``filters[updated_at]``), so ``-p`` reads like the typed
    method's keywords; keys the operation takes as they are stay put."""
    op = _operations.match(method, path.partition("?")[0])
    if op is None:
        return params
    plain = {p.name.removesuffix("[]") for p in op.query} | {s.name for s in op.scope}
    filters = {}
    for param in op.filters:
        wire = param.name.removesuffix("[]")
        if wire.startswith(("filters[", "filter[")) and wire.count("[") == 1:
            filters[wire[wire.index("[") + 1 : -1]] = wire[: wire.index("[")]
    moved = dict(params)
    for key in list(moved):
        if key in filters and key not in plain:
            outer = moved.setdefault(filters[key], {})
            if isinstance(outer, dict):
                outer[key] = moved.pop(key)
    return moved


def _run_api(ctx: Context) -> int:
    args = ctx.args
    params = _filters_by_name(args.http_method, args.path, parse_pairs(args.param))
    body = load_data(args.data, stdin=ctx.stdin)
    client = ctx.client()
    if args.paginate:
        if args.http_method != "GET":
            from .._errors import InvalidArgumentError

            raise InvalidArgumentError("--paginate lists with GET only", argument="--paginate")
        pager = client.paginate(
            args.path, params=params or None, per_page=args.per_page, max_items=args.max_items
        )
        write_records(pager, "jsonl", ctx.stdout)
        return 0
    result = client.request(args.http_method, args.path, params=params or None, json=body)
    write_value(result, "json", ctx.stdout)
    return 0


# -- procore fake ---------------------------------------------------------------------------


def _add_fake(commands: Any) -> None:
    from ..testing.__main__ import add_arguments

    fake = commands.add_parser(
        "fake",
        help="run the fake Procore on a port and print its PROCORE_* settings",
        description="Run the fake Procore (procore_sdk.testing) until interrupted. Standard "
        "output gets PROCORE_*=value lines (client secret included: it is the fake's) that "
        "Procore.from_env() and every procore command read once exported.",
    )
    add_arguments(fake)
    fake.set_defaults(handler=_run_fake)


def fake_settings(fake: Any, url: str) -> list[tuple[str, str]]:
    """The ``PROCORE_*`` settings that point a client at ``fake`` served at ``url``."""
    return [
        ("PROCORE_BASE_URL", url),
        ("PROCORE_LOGIN_URL", url),
        ("PROCORE_CLIENT_ID", fake.client_id),
        ("PROCORE_CLIENT_SECRET", fake.client_secret),
        ("PROCORE_COMPANY_ID", str(fake.company_id)),
    ]


def _run_fake(ctx: Context) -> int:
    from ..testing.__main__ import serve_from_arguments

    def announce(fake: Any, url: str) -> None:
        for key, value in fake_settings(fake, url):
            ctx.stdout.write(f"{key}={value}\n")
        ctx.stdout.flush()
        ctx.stderr.write(f"Fake Procore at {url}; Ctrl-C stops it.\n")
        ctx.stderr.flush()

    return serve_from_arguments(ctx.args, announce)
