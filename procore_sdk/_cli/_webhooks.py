"""``procore webhooks list|ensure|deliveries|redeliver``.

``ensure`` reads a small TOML or JSON file declaring one hook and its triggers, and runs
``client.webhooks.ensure`` (a second run with the same file changes nothing)::

    namespace = "my-erp"
    destination_url = "https://example.com/procore/webhooks"
    payload_version = "v2.0"                           # optional
    authorization_env = "PROCORE_WEBHOOK_AUTHORIZATION"  # optional: the secret's variable
    events = [["Company Vendors", "create"], ["RFIs", "update"]]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import httpx

from .._errors import APIError, InvalidArgumentError
from .._serde import unstructure
from ._context import Context
from ._output import FORMATS, write_records
from ._profiles import load_toml, save_secret

__all__ = ["add"]

_FILE_KEYS = {
    "namespace",
    "destination_url",
    "payload_version",
    "authorization_env",
    "events",
    "project_id",
    "api_version",
}
#: Procore waits 5 s for a delivery's answer (Procore docs: How Webhooks Work).
DELIVERY_TIMEOUT = 5.0


def add(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``procore webhooks`` and its subcommands."""
    webhooks = commands.add_parser(
        "webhooks",
        parents=parents,
        help="list, ensure and inspect webhook hooks and deliveries",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = webhooks.add_subparsers(dest="webhooks_command", metavar="SUBCOMMAND", required=True)
    version = {"choices": ("v1.0", "v2.0"), "default": None, "help": "the Webhooks API version"}

    listing = sub.add_parser("list", parents=parents, help="list hooks")
    listing.add_argument("--namespace")
    listing.add_argument("--project-id", type=int)
    listing.add_argument("--api-version", **version)
    listing.add_argument("--format", choices=FORMATS, default="jsonl")
    listing.set_defaults(handler=_run_list)

    ensure = sub.add_parser(
        "ensure", parents=parents, help="make a hook and its triggers match a TOML/JSON file"
    )
    ensure.add_argument("file", type=Path, metavar="FILE")
    ensure.set_defaults(handler=_run_ensure)

    deliveries = sub.add_parser("deliveries", parents=parents, help="list a hook's deliveries")
    deliveries.add_argument("hook_id", metavar="HOOK_ID")
    deliveries.add_argument(
        "--status", help="v1.0: any, successful, discarded, failing; v2.0: succeeded, ..."
    )
    deliveries.add_argument("--project-id", type=int)
    deliveries.add_argument("--api-version", **version)
    deliveries.add_argument("--max-items", type=int)
    deliveries.add_argument("--format", choices=FORMATS, default="jsonl")
    deliveries.set_defaults(handler=_run_deliveries)

    redeliver = sub.add_parser(
        "redeliver",
        parents=parents,
        help="POST a recorded delivery's event to its destination again",
        description="Procore's Webhooks API has no redelivery call: this replays a recorded "
        "delivery's event to the hook's destination (or --to), with the Authorization value "
        "read from an environment variable, so a fixed receiver can catch up.",
    )
    redeliver.add_argument("hook_id", metavar="HOOK_ID")
    redeliver.add_argument("delivery_id", metavar="DELIVERY_ID")
    redeliver.add_argument("--to", help="the URL to POST to (default: the hook's destination)")
    redeliver.add_argument(
        "--authorization-env",
        default="PROCORE_WEBHOOK_AUTHORIZATION",
        help="the variable holding the Authorization value the receiver checks",
    )
    redeliver.add_argument("--project-id", type=int)
    redeliver.add_argument("--api-version", **version)
    redeliver.set_defaults(handler=_run_redeliver)


def _group(ctx: Context, name: str) -> Any:
    webhooks = ctx.client().webhooks
    group = getattr(webhooks, name)
    return getattr(webhooks.v2, name) if ctx.args.api_version == "v2.0" else group


def _records(items: Any) -> Any:
    for item in items:
        yield unstructure(item)


def _run_list(ctx: Context) -> int:
    hooks = _group(ctx, "hooks").list(namespace=ctx.args.namespace, project_id=ctx.args.project_id)
    write_records(_records(hooks), ctx.args.format, ctx.stdout)
    return 0


def _run_deliveries(ctx: Context) -> int:
    args = ctx.args
    pager = _group(ctx, "deliveries").list(
        args.hook_id, status=args.status, project_id=args.project_id, max_items=args.max_items
    )
    write_records(_records(pager), args.format, ctx.stdout)
    return 0


def read_declaration(path: Path) -> dict[str, Any]:
    """The hook declared in ``path`` (TOML, or JSON when it ends in ``.json``).

    Raises:
        InvalidArgumentError: the file cannot be read, or has unknown or missing keys.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidArgumentError(
            f"cannot read {str(path)!r}: {exc.strerror}", argument="FILE"
        ) from exc
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InvalidArgumentError(f"{path} is not valid JSON: {exc}", argument="FILE") from exc
    else:
        data = load_toml(text, path)
    if not isinstance(data, dict):
        raise InvalidArgumentError(f"{path} must declare one hook (a table)", argument="FILE")
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise InvalidArgumentError(
            f"{path}: unknown keys {', '.join(unknown)}; known: {', '.join(sorted(_FILE_KEYS))}",
            argument="FILE",
        )
    missing = [k for k in ("namespace", "destination_url", "events") if k not in data]
    if missing:
        raise InvalidArgumentError(f"{path}: missing {', '.join(missing)}", argument="FILE")
    return data


def _run_ensure(ctx: Context) -> int:
    declared = read_declaration(ctx.args.file)
    authorization = None
    variable = declared.get("authorization_env")
    if variable:
        authorization = ctx.environ.get(str(variable)) or None
        if authorization is None:
            raise InvalidArgumentError(
                f"{ctx.args.file} takes the Authorization value from ${variable}, which is not set",
                argument="authorization_env",
            )
    kwargs: dict[str, Any] = {
        "namespace": declared["namespace"],
        "destination_url": declared["destination_url"],
        "events": declared["events"],
        "authorization": authorization,
        "project_id": declared.get("project_id"),
        "version": declared.get("api_version"),
    }
    if "payload_version" in declared:
        kwargs["payload_version"] = declared["payload_version"]
    result = ctx.client().webhooks.ensure(**kwargs)
    hook = result.hook
    verb = "created" if result.hook_created else "updated" if result.hook_updated else "unchanged"
    ctx.stdout.write(
        f"hook {hook.id} {verb}: {len(result.created_triggers)} triggers created, "
        f"{len(result.deleted_triggers)} deleted, {len(result.unchanged)} unchanged "
        f"({result.writes} writes)\n"
    )
    if result.generated_secret and result.authorization:
        # Procore shows only its last 5 characters from now on; keep it in the CLI's store.
        key = f"webhook:{declared['namespace']}"
        path = save_secret(ctx.environ, key, result.authorization)
        ctx.stdout.write(
            f"A new Authorization secret was generated; it is stored under {key!r} in {path} "
            "(mode 0600): give it to your receiver\n"
        )
    return 0


def _run_redeliver(ctx: Context) -> int:
    args = ctx.args
    hooks = list(_group(ctx, "hooks").list(project_id=args.project_id))
    hook = next((h for h in hooks if str(h.id) == str(args.hook_id)), None)
    if hook is None:
        raise InvalidArgumentError(f"no hook {args.hook_id} in this scope", argument="HOOK_ID")
    found = None
    for delivery in _group(ctx, "deliveries").list(args.hook_id, project_id=args.project_id):
        if str(delivery.id) == str(args.delivery_id):
            found = delivery
            break
    if found is None:
        raise InvalidArgumentError(
            f"hook {args.hook_id} has no delivery {args.delivery_id}", argument="DELIVERY_ID"
        )
    event = getattr(found, "event", None) or getattr(found, "payload", None)
    event = unstructure(event) if not isinstance(event, dict) else event
    target = args.to or hook.destination_url
    headers = {"Content-Type": "application/json"}
    secret = ctx.environ.get(args.authorization_env)
    if secret:
        headers["Authorization"] = secret
    try:
        with httpx.Client(timeout=DELIVERY_TIMEOUT) as http:
            response = http.post(target, json=event, headers=headers)
    except httpx.HTTPError as exc:
        raise APIError(f"POST {target} failed: {type(exc).__name__}: {exc}") from exc
    ctx.stdout.write(f"POST {target} -> {response.status_code}\n")
    return 0 if response.is_success else 1
