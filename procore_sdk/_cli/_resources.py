"""``procore <group> <action>``: a command for every operation of the operation table.

Parameters, types, choices, required-ness and help come from the method signatures of
``procore_sdk._operations._signature`` (the same ones the typed methods use); the call goes
through the one pipeline (``procore_sdk._blocking._calls``), so a parameter is encoded exactly
as the typed method encodes it. Only the group asked for is built, so ``procore --help`` stays
fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import cache
from typing import Any

from .. import _operations
from .._blocking._calls import call_operation, list_operation
from .._endpoints import encode_sort, wrap_body
from .._errors import InvalidArgumentError
from .._operations._signature import Argument, Method, is_date_name, method
from ._context import Context
from ._output import FORMATS, write_records, write_value
from ._params import load_data, nest, parse_value

__all__ = ["add_group", "canonical_group", "group_names", "run_resource"]


@cache
def group_names() -> tuple[str, ...]:
    """Every resource group of the table, sorted."""
    return tuple(sorted({op.group for op in _operations.operations() if op.version}))


def canonical_group(name: str) -> str | None:
    """The table's group for ``name``: a group, or one of today's names that renames a whole
    group (``vendors`` is ``company_vendors``); ``None`` when there is none."""
    name = name.replace("-", "_")
    if name in group_names():
        return name
    alias = _operations._index().aliases.get(name)
    if alias is not None and not alias["actions"] and "." not in name:
        return str(alias["group"])
    return None


def _actions(group: str) -> list[str]:
    return sorted(
        {op.action for op in _operations.operations() if op.group == group and op.version}
    )


def option_name(name: str) -> str:
    """``project_id`` -> ``--project-id``."""
    return "--" + name.rstrip("_").replace("_", "-")


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _id(text: str) -> int | str:
    # REST v1 ids are integers, v2.x ids strings; the path and query print both the same.
    return int(text) if text.isdigit() else text


def _converter(arg: Argument) -> Callable[[str], Any]:
    if arg.kind in ("id", "path", "scope"):
        return _id
    if arg.type == "integer":
        return int
    if arg.type == "number":
        return float
    if arg.type == "boolean":
        return _boolean
    if arg.kind == "filter" and is_date_name(arg.name):
        return parse_value  # a range: 2026-01-01...2026-02-01, or open-ended 2026-01-01...
    return str


def _help(arg: Argument, m: Method) -> str:
    parts = [f"{arg.kind} parameter"]
    wires = {wire for _, wire in arg.wires}
    parts.append("sent as " + ", ".join(sorted(wires)))
    if len(arg.wires) < len(m.versions):
        parts.append("in " + ", ".join(v for v, _ in arg.wires))
    if arg.enum:
        parts.append("one of " + ", ".join(arg.enum))
    if arg.is_array:
        parts.append("one or more values")
    if arg.kind == "filter" and arg.type == "string" and is_date_name(arg.name):
        parts.append("a range is start...end, either end may be empty")
    return "; ".join(parts)


def add_group(
    subparsers: Any, group: str, parents: list[argparse.ArgumentParser]
) -> argparse.ArgumentParser:
    """Add ``procore <group>`` with one subcommand per action."""
    ops = [op for op in _operations.operations() if op.group == group and op.version]
    tag = ops[0].tag if ops else group
    parser: argparse.ArgumentParser = subparsers.add_parser(
        group, help=tag, description=f"{tag}: Procore API operations of the {group} group."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action in _actions(group):
        _add_action(actions, method(group, action), parents)
    return parser


def _add_action(actions: Any, m: Method, parents: list[argparse.ArgumentParser]) -> None:
    op = m.default
    lines = [f"{o.summary} ({o.method} {o.path}, {o.version})" for o in m.operations]
    sub: argparse.ArgumentParser = actions.add_parser(
        m.action,
        help=op.summary,
        description="\n".join(lines),
        parents=parents,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.set_defaults(handler=run_resource, method=(m.group, m.action))
    for arg in m.arguments:
        kwargs: dict[str, Any] = {
            "type": _converter(arg),
            "help": _help(arg, m),
            "dest": "p_" + arg.name,
            "metavar": arg.name.upper(),
        }
        if arg.enum:
            kwargs["choices"] = arg.enum
        if arg.kind == "id":
            kwargs.pop("dest")
            sub.add_argument("p_" + arg.name, **kwargs)
            continue
        if arg.is_array:
            kwargs.update(nargs="+", action="extend")
        sub.add_argument(option_name(arg.name), required=arg.required, **kwargs)
    if len(m.versions) > 1:
        sub.add_argument(
            "--api-version",
            choices=m.versions,
            help=f"the API version to call (default {m.default_version})",
        )
    if m.has_body:
        sub.add_argument(
            "--data",
            required=m.body_required,
            metavar="JSON",
            help="the request body: @file.json, @- (standard input) or inline JSON; "
            "attributes are wrapped in the operation's key when they are not already",
        )
    if m.sortable:
        sub.add_argument(
            "--sort", help="sort order, e.g. name, or --sort=-updated_at for descending"
        )
    if m.returns == "pager":
        sub.add_argument("--max-items", type=int, help="stop after this many records")
        sub.add_argument("--per-page", type=int, help="page size (default: the largest)")
    sub.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: json for a record, jsonl for a list)",
    )


def _place(
    m: Method, op: _operations.Operation, args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each given argument at its wire name: path and scope values by name, the rest nested
    into the query (``filters[status]`` -> ``{"filters": {"status": ...}}``)."""
    values: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for arg in m.arguments:
        given = getattr(args, "p_" + arg.name, None)
        if given is None:
            continue
        wire = arg.wire(op.version)
        if wire is None:
            offered = ", ".join(v for v, _ in arg.wires)
            raise InvalidArgumentError(
                f"{option_name(arg.name)} is not a parameter of {m.group} {m.action} "
                f"{op.version} (only {offered})",
                argument=option_name(arg.name),
            )
        if arg.kind in ("id", "path", "scope"):
            values[wire] = given
        else:
            nest(query, wire, given, argument=option_name(arg.name))
    return values, query


def _body(op: _operations.Operation, data: Any) -> Any:
    wrapper = None if op.body is None else op.body.wrapper
    if not isinstance(data, dict) or wrapper is None or set(data) == {wrapper}:
        return data
    return wrap_body(op, data)


def run_resource(ctx: Context) -> int:
    """Call the operation the command names and print its result."""
    args = ctx.args
    group, action = args.method
    m = method(group, action)
    op = _operations.lookup(group, action, getattr(args, "api_version", None))
    values, query = _place(m, op, args)
    if getattr(args, "sort", None):
        # The list's own dialect: sort=a,-b, or sort[attribute]/sort[direction] (RFIs).
        query.update(encode_sort(op.sort, args.sort))
    client = ctx.client()
    company = getattr(args, "company_id", None)
    common: dict[str, Any] = {} if company is None else {"company_id": company}
    fmt = args.format
    if m.returns == "pager" and op.paging != "none":
        pager = list_operation(
            client,
            op,
            values,
            query=query,
            per_page=args.per_page,
            max_items=args.max_items,
            **common,
        )
        write_records(pager, fmt or "jsonl", ctx.stdout)
        return 0
    body = load_data(getattr(args, "data", None), stdin=ctx.stdin)
    kwargs: dict[str, Any] = dict(common)
    if body is not None:
        kwargs["body"] = _body(op, body)
    result = call_operation(client, op, values, query=query, **kwargs)
    write_value(result, fmt or ("jsonl" if isinstance(result, list) else "json"), ctx.stdout)
    return 0
