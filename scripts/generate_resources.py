"""Generate a typed resource class for every group of the operation table, for both clients.

Usage::

    python scripts/generate_resources.py            # (re)write procore_sdk/_generated
    python scripts/generate_resources.py --check    # exit 1, printing what differs, on drift

Inputs: the operation table (``procore_sdk._operations``) and the method signatures derived
from it (``procore_sdk/_operations/_signature.py``: names, keywords, annotations); the models
index (``procore_sdk/models/_index.py``) for each operation's read model and body type; and the
parameter descriptions of ``../shared/reference/procore_api_operations.json`` for docstrings.

Outputs, under ``procore_sdk/_generated/``: ``_async/<group>.py`` (``Async<Group>Resource``)
and its blocking twin ``_blocking/<group>.py`` (``<Group>Resource``, written with
``scripts/unasync.py``'s rules), and each package's ``__init__.py`` holding the client mixin
with one lazily built property per group. Groups that already have a hand-written class
(``HAND_WRITTEN``) get a base class ``Async<Group>Base`` holding only the actions the
hand-written class does not define; the hand-written class derives from it.

Method bodies are one line: the method's keywords (``locals()``) go to the group base
(``procore_sdk/_async/_group.py``), which binds them to the chosen version's wire, so the
generated code holds signatures and docstrings only.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _text import is_placeholder_text  # noqa: E402
from unasync import transform  # noqa: E402

from procore_sdk import _operations  # noqa: E402
from procore_sdk._operations import Operation  # noqa: E402
from procore_sdk._operations._signature import (  # noqa: E402
    Argument,
    Method,
    annotation,
    methods,
    returns_of,
)
from procore_sdk._sync_action_plan import SYNC_ACTIONS  # noqa: E402

OUT = ROOT / "procore_sdk" / "_generated"
REFERENCE = ROOT.parent / "shared" / "reference" / "procore_api_operations.json"

# Groups whose client property returns a hand-written class (procore_sdk/_async/
# _resource_kinds.py): property name -> (table group, class name, actions it defines). The
# generated base holds the group's other actions, ``list`` included wherever the hand-written
# class adds nothing to it (daily logs require a date; companies and replies differ). Aliases
# of one group (standard cost codes on cost_codes) keep their own hand-written class.
HAND_WRITTEN: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "me": ("me", "AsyncMeResource", ("retrieve",)),
    "companies": ("companies", "AsyncCompaniesResource", ("list",)),
    "projects": (
        "projects",
        "AsyncProjectsResource",
        ("retrieve", "create", "update", "sync"),
    ),
    "company_users": (
        "company_users",
        "AsyncCompanyUsersResource",
        ("retrieve", "create", "update", "sync"),
    ),
    "project_users": (
        "project_users",
        "AsyncProjectUsersResource",
        ("retrieve", "create", "update", "add", "remove"),
    ),
    "vendors": (
        "company_vendors",
        "AsyncVendorsResource",
        ("retrieve", "create", "update", "sync"),
    ),
    "project_vendors": (
        "project_vendors",
        "AsyncProjectVendorsResource",
        ("retrieve", "create", "update", "add", "remove"),
    ),
    "cost_codes": (
        "cost_codes",
        "AsyncCostCodesResource",
        ("retrieve", "create", "update", "sync"),
    ),
    "line_item_types": (
        "line_item_types_cost_types",
        "AsyncLineItemTypesResource",
        ("retrieve", "create", "update", "sync"),
    ),
    "rfis": ("rfis", "AsyncRfisResource", ("retrieve", "create", "update", "recycle")),
    "rfi_replies": (
        "replies",
        "AsyncRfiRepliesResource",
        ("list", "retrieve", "create", "update", "delete"),
    ),
    "submittals": (
        "submittals",
        "AsyncSubmittalsResource",
        ("retrieve", "create", "update", "delete"),
    ),
    "observations": (
        "observations",
        "AsyncObservationsResource",
        ("retrieve", "create", "update", "delete"),
    ),
    "punch_items": (
        "punch_items",
        "AsyncPunchItemsResource",
        ("retrieve", "create", "update", "delete"),
    ),
    "manpower_logs": (
        "manpower_logs",
        "AsyncManpowerLogsResource",
        ("list", "retrieve", "create", "update", "delete"),
    ),
    "notes_logs": (
        "notes_logs",
        "AsyncNotesLogsResource",
        ("list", "retrieve", "create", "update", "delete"),
    ),
    "weather_logs": (
        "weather_logs",
        "AsyncWeatherLogsResource",
        ("list", "retrieve", "create", "update", "delete"),
    ),
    "work_logs": (
        "work_logs",
        "AsyncWorkLogsResource",
        ("list", "retrieve", "create", "update", "delete"),
    ),
}
HAND_BY_GROUP = {group: (prop, cls, acts) for prop, (group, cls, acts) in HAND_WRITTEN.items()}

HEADER = "# Generated by scripts/generate_resources.py from the operation table; do not edit.\n"

_OPTIONS_PAGER = [
    ("filters", "Mapping[str, Any] | None = None"),
    ("params", "Mapping[str, Any] | None = None"),
    ("per_page", "int | None = None"),
    ("max_items", "int | None = None"),
    ("prefetch", "int | None = None"),
]
_OPTIONS_TAIL = [
    ("version", "str | float | None = None"),
    ("company_id", "int | UnsetType | None = UNSET"),
    ("timeout", "float | None = None"),
    ("max_retries", "int | None = None"),
]


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


# Hand-written shared bases in ``procore_sdk.resources`` whose names a group would take.
TAKEN = {"AsyncCompanyResource", "AsyncProjectResource", "AsyncDailyLogsResource"}


def class_name(group: str) -> str:
    suffix = "Base" if group in HAND_BY_GROUP else "Resource"
    name = f"Async{pascal(group)}{suffix}"
    # ``daily_logs`` (the daily log's summary group) -> ``AsyncDailyLogsGroupResource``.
    return name.replace("Resource", "GroupResource") if name in TAKEN else name


# -- inputs ------------------------------------------------------------------------------------


def load_descriptions() -> dict[tuple[str, str], str]:
    """``(operationId, parameter name)`` -> the reference's description, one line."""
    found: dict[tuple[str, str], str] = {}
    for raw in json.loads(REFERENCE.read_text(encoding="utf-8")):
        for param in raw.get("parameters") or []:
            text = one_line(param.get("description") or "")
            if text:
                found[(raw["operationId"], param["name"])] = text
    return found


def one_line(text: str, limit: int = 160) -> str:
    """The first sentence of ``text``, safe inside a docstring."""
    text = re.sub(r"\s+", " ", text.replace("\\", "/")).strip()
    text = text.replace('"""', "'''").replace("`", "'")
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if is_placeholder_text(sentence):
        return ""
    if len(sentence) > limit:
        sentence = sentence[: limit - 3].rstrip() + "..."
    return sentence


def load_index() -> tuple[dict[str, str], dict[str, str]]:
    """The models index: operationId -> read model, operationId -> body TypedDict."""
    try:
        from procore_sdk.models import _index  # type: ignore[attr-defined]
    except ImportError:
        return {}, {}
    return dict(getattr(_index, "OPERATION_MODELS", {})), dict(
        getattr(_index, "OPERATION_BODIES", {})
    )


# -- one method --------------------------------------------------------------------------------


class Names:
    """Names a module needs imported (models under TYPE_CHECKING, typing helpers)."""

    def __init__(self) -> None:
        self.models: set[str] = set()
        self.typing: set[str] = set()
        self.abc: set[str] = set()
        self.query: set[str] = set()
        self.pager = False
        self.unset = False
        self.sync: set[str] = set()
        self.sync_types = False
        self.builtins = False
        self.never = False
        self.runtime_models: set[str] = set()

    def note(self, text: str) -> None:
        for word in re.findall(r"[A-Za-z_]\w*", text):
            if word in ("Literal", "Any", "cast"):
                self.typing.add(word)
            elif word in ("Sequence", "Mapping", "Iterable"):
                self.abc.add(word)
            elif word in ("DateLike", "DateRange"):
                self.query.add(word)


def read_models(method: Method, index: dict[str, str]) -> list[str | None]:
    found: list[str | None] = []
    ops = sorted(method.operations, key=lambda op: op.version != method.default_version)
    for op in ops:
        model = op.model or index.get(op.operation_id)
        if model not in found:
            found.append(model)
    return found


def returns(method: Method, index: dict[str, str], names: Names) -> str:
    """The return annotation: the default version's, joined with the other versions' where
    they answer another shape (v1.0 an object, v2.0 a list of records)."""
    if method.returns == "pager":
        models = read_models(method, index)
        names.models.update(m for m in models if m)
        names.pager = True
        names.typing.add("Any")
        return f"AsyncPager[{' | '.join(m or 'dict[str, Any]' for m in models)}]"
    ops = sorted(method.operations, key=lambda op: op.version != method.default_version)
    pieces: list[str] = []
    for op in ops:
        piece = op_returns(op, index, names)
        for part in piece.split(" | "):
            if part not in pieces:
                pieces.append(part)
    if "Any" in pieces:
        return "Any"
    return " | ".join([p for p in pieces if p != "None"] + (["None"] if "None" in pieces else []))


def op_returns(op: Operation, index: dict[str, str], names: Names) -> str:
    model = op.model or index.get(op.operation_id)
    if model:
        names.models.add(model)
    item = model or "dict[str, Any]"
    kind = returns_of(op)
    if kind in ("list", "pager"):
        names.builtins = True
        names.typing.add("Any")
        return f"builtins.list[{item}]"
    if kind == "object":
        names.typing.add("Any")
        # Procore may answer a DELETE with no body where the reference declares the record.
        return f"{item} | None" if op.method == "DELETE" else item
    if op.method == "DELETE":
        return "None"
    # The reference declares no body: whatever Procore sends is returned, decoded.
    names.typing.add("Any")
    return "Any"


def body_annotation(method: Method, bodies: dict[str, str], names: Names) -> str:
    body = method.default.body
    if body is not None and any(f.name == body.wrapper and f.is_array for f in body.fields):
        # A batch: the wrapper holds a list of records.
        names.abc.add("Sequence")
        return f"Sequence[{record_annotation(method, bodies, names)}]"
    return record_annotation(method, bodies, names)


def record_annotation(method: Method, bodies: dict[str, str], names: Names) -> str:
    types: list[str] = []
    for op in method.operations:
        if op.write_model and op.write_model not in types:
            types.append(op.write_model)
        typed = bodies.get(op.operation_id)
        if typed and typed not in types:
            types.append(typed)
    names.models.update(types)
    if not types:
        names.abc.add("Mapping")
        names.typing.add("Any")
        return "Mapping[str, Any]"
    return " | ".join(types)


def describe(method: Method, argument: Argument, descriptions: dict[tuple[str, str], str]) -> str:
    for op in method.operations:
        wire = argument.wire(op.version)
        if wire is None:
            continue
        text = descriptions.get((op.operation_id, wire))
        if text:
            break
    else:
        text = ""
    where = ""
    if argument.kind in ("query", "filter"):
        wire_names = sorted({w for _, w in argument.wires})
        where = " (``" + "``, ``".join(wire_names) + "``)"
    only = ""
    if len(argument.wires) < len(method.versions):
        only = " Only in " + ", ".join(v for v, _ in argument.wires) + "."
    return (text or argument.name.replace("_", " ").capitalize() + ".") + where + only


def endpoint_lines(method: Method) -> list[str]:
    lines = []
    for op in method.operations:
        several = len(method.versions) > 1
        mark = " (default)" if several and op.version == method.default_version else ""
        lines.append(f"``{op.method} {op.path}``{mark}")
    return lines


def render_method(
    method: Method,
    descriptions: dict[tuple[str, str], str],
    index: dict[str, str],
    bodies: dict[str, str],
    names: Names,
) -> str:
    default = method.default
    result = returns(method, index, names)
    names.note(result)
    positional: list[str] = []
    keywords: list[str] = []
    documented: list[tuple[str, str]] = []
    by_name = {a.name: a for a in method.arguments}
    id_arg = by_name.get("id")
    if id_arg is not None and id_arg.kind == "id" and id_arg.required:
        positional.append("id: int | str")
        documented.append(("id", describe(method, id_arg, descriptions)))
    if method.has_body:
        body = body_annotation(method, bodies, names)
        names.note(body)
        if method.body_required:
            positional.append(f"data: {body}")
        else:
            positional.append(f"data: {body} | None = None")
        documented.append(("data", "The request body (Procore wraps it in its resource key)."))
    for argument in method.arguments:
        if argument.kind == "id" and argument.required:
            continue
        text = annotation(argument)
        names.note(text)
        if argument.required:
            keywords.append(f"{argument.name}: {text}")
        else:
            keywords.append(f"{argument.name}: {text} | None = None")
        documented.append((argument.name, describe(method, argument, descriptions)))
    options: list[tuple[str, str]] = []
    if method.sortable:
        options.append(("sort", "str | Sequence[str] | None = None"))
        names.abc.add("Sequence")
    if method.returns == "pager":
        options += _OPTIONS_PAGER
        names.abc.add("Mapping")
        names.typing.add("Any")
    else:
        if any(op.filters for op in method.operations):
            options.append(("filters", "Mapping[str, Any] | None = None"))
            names.abc.add("Mapping")
            names.typing.add("Any")
        options.append(("params", "Mapping[str, Any] | None = None"))
        names.abc.add("Mapping")
        names.typing.add("Any")
    options += _OPTIONS_TAIL
    names.unset = True
    keywords += [f"{n}: {t}" for n, t in options]
    # Any other keyword is refused at run time with the closest names; typed ``Never`` so a
    # type checker reports a misspelt filter first.
    keywords.append("**unknown: Never")
    names.never = True
    params = ["self", *positional]
    if keywords:
        params += ["*", *keywords]
    is_async = method.returns != "pager"
    prefix = "async def" if is_async else "def"
    signature = (
        f"    {prefix} {method.action}(\n"
        + "".join(f"        {p},\n" for p in params)
        + f"    ) -> {result}:\n"
    )

    summary = one_line(default.summary or f"{method.group} {method.action}", 200).rstrip(".")
    doc = [f'        """{summary}.', ""]
    doc += [f"        {line}" for line in endpoint_lines(method)]
    if documented:
        doc += ["", "        Args:"]
        for name, text in documented:
            doc.append(f"            {name}: {text}")
    doc += ["", "        Returns:", f"            {returns_text(method, result)}"]
    doc.append('        """')
    docstring = "\n".join(doc) + "\n"

    if method.returns == "pager":
        body = f'        return self._run_pages("{method.action}", locals())\n'
    elif result == "None":
        body = f'        await self._run("{method.action}", locals())\n'
    elif result == "Any":
        body = f'        return await self._run("{method.action}", locals())\n'
    else:
        names.typing.add("cast")
        body = f'        return cast("{result}", await self._run("{method.action}", locals()))\n'
    return signature + docstring + body


def returns_text(method: Method, result: str) -> str:
    if method.returns == "pager":
        return (
            "A lazy pager over every record, fetched a page at a time (the largest page "
            "the endpoint allows)."
        )
    if result.startswith("builtins.list["):
        return "The records."
    if result == "None":
        return "Nothing (Procore answers with no body)."
    if result == "Any":
        return "The decoded JSON body, if Procore sends one (its reference declares none)."
    if result.startswith("dict["):
        return "The decoded JSON object (Procore's reference lists no fields for it)."
    return "The record."


# -- one group ---------------------------------------------------------------------------------


def sync_names() -> dict[tuple[str, str], str]:
    """``(group, action)`` of each Sync action -> the Sync layer's name for it."""
    found: dict[tuple[str, str], str] = {}
    for name in SYNC_ACTIONS:
        key = _operations.resolve(name, "sync")
        # The group's own name first (``cost_codes`` over an alias on the same action).
        if key not in found or name == key[0]:
            found[key] = name
    return found


def render_group(
    group: str,
    group_methods: list[Method],
    tag: str,
    descriptions: dict[tuple[str, str], str],
    index: dict[str, str],
    bodies: dict[str, str],
    syncs: dict[tuple[str, str], str],
    groups: set[str],
) -> str:
    names = Names()
    hand = HAND_BY_GROUP.get(group)
    skip = set(hand[2]) if hand else set()
    mixin_name: str | None = None
    if hand is None:
        mixin_name = syncs.get((group, "sync"))
        if mixin_name is None and group in SYNC_ACTIONS:
            mixin_name = group  # an alias: ``client.coordination_issues.sync``
    bodies_text: list[str] = []
    for method in group_methods:
        if method.action in skip:
            continue
        sync_name = syncs.get((group, method.action))
        if sync_name is not None:
            if method.action == "sync" and sync_name == mixin_name:
                continue  # the Sync mixin's own ``sync()``
            bodies_text.append(render_named_sync(method, sync_name, names))
            continue
        bodies_text.append(render_method(method, descriptions, index, bodies, names))
    cls = class_name(group)
    bases = ["_Group"]
    if mixin_name:
        spec_model = sync_model_name(mixin_name)
        if spec_model:
            names.runtime_models.add(spec_model)
            bases.append(f"AsyncSyncMixin[{spec_model}]")
        else:
            names.typing.add("Any")
            bases.append("AsyncSyncMixin[Any]")
    title = " / ".join(tag.split("/"))
    lines = [HEADER, f'"""``client.{group}``: {title} (Procore API reference).', ""]
    lines.append(
        "Each method is one action of the group over all its versions; ``version=`` picks one."
    )
    lines.append('"""\n')
    lines.append("from __future__ import annotations\n")
    if names.builtins:
        lines.append("import builtins")
    if names.abc:
        lines.append(f"from collections.abc import {', '.join(sorted(names.abc))}")
    typing_names = sorted(names.typing | {"TYPE_CHECKING"})
    lines.append(f"from typing import {', '.join(typing_names)}\n")
    lines.append("from procore_sdk._async._group import AsyncGroupResource as _Group")
    if mixin_name:
        lines.append("from procore_sdk._async._sync_resources import AsyncSyncMixin")
    if names.unset:
        lines.append("from procore_sdk._types import UNSET, UnsetType")
    if names.runtime_models:
        # A generic base is evaluated at import: the Sync model is needed then.
        lines.append(f"from procore_sdk.models import {', '.join(sorted(names.runtime_models))}")
    names.models -= names.runtime_models
    typed_only: list[str] = []
    if names.pager:
        typed_only.append("    from procore_sdk._async._pagination import AsyncPager")
    if names.query:
        typed_only.append(
            f"    from procore_sdk._list_query import {', '.join(sorted(names.query))}"
        )
    if names.never or names.sync_types:
        extensions = ["Never"] if names.never else []
        extensions += ["Unpack"] if names.sync_types else []
        typed_only.append(f"    from typing_extensions import {', '.join(extensions)}")
    if names.sync_types:
        typed_only.append("    from procore_sdk._sync_action_plan import SyncItem")
        typed_only.append("    from procore_sdk._sync_action_result import SyncOptions, SyncResult")
    if names.models:
        typed_only.append(f"    from procore_sdk.models import {', '.join(sorted(names.models))}")
    if typed_only:
        lines.append("\nif TYPE_CHECKING:")
        lines.extend(typed_only)
    lines.append("\n")
    lines.append(f"class {cls}({', '.join(bases)}):")
    kind = "the actions its hand-written class does not define" if hand else "every action"
    lines.append(f'    """``client.{group}``: {kind} of {title}."""\n')
    lines.append(f'    _group = "{group}"')
    if mixin_name:
        lines.append(f'    _sync_name = "{mixin_name}"')
    lines.append("")
    return "\n".join(lines) + "\n" + "\n".join(bodies_text)


def sync_model_name(name: str) -> str | None:
    op = _operations.lookup(*_operations.resolve(name, "sync"))
    return op.model


def render_named_sync(method: Method, sync_name: str, names: Names) -> str:
    names.abc.add("Iterable")
    names.typing.add("cast")
    names.sync.add("SyncOptions")
    names.sync_types = True
    model = sync_model_name(sync_name)
    if model:
        names.models.add(model)
    else:
        names.typing.add("Any")
    result = f"SyncResult[{model or 'Any'}]"
    summary = one_line(method.default.summary, 200).rstrip(".")
    return (
        f"    async def {method.action}(\n"
        f"        self, items: Iterable[SyncItem], **options: Unpack[SyncOptions]\n"
        f"    ) -> {result}:\n"
        f'        """{summary}: Procore\'s Sync action, up to 1000 records per call.\n\n'
        f"        ``{method.default.method} {method.default.path}``. Takes the options of the\n"
        f"        Sync layer's ``sync()``: scope, batching, progress and resume.\n"
        f'        """\n'
        f'        return cast("{result}", await self._run_sync("{sync_name}", items, options))\n'
    )


# -- the package -------------------------------------------------------------------------------


def render_mixin(groups: dict[str, str]) -> str:
    lines = [
        HEADER,
        '"""Every resource group of the operation table as a property of the client, built on',
        "first use (so a call on one group loads only that group's code).",
        '"""\n',
        "from __future__ import annotations\n",
        "import importlib",
        "from typing import TYPE_CHECKING, Any, cast\n",
        "if TYPE_CHECKING:",
    ]
    aliases = {group: prop for prop, (group, _c, _a) in HAND_WRITTEN.items() if prop != group}
    for group in sorted(groups):
        if group in HAND_BY_GROUP:
            if group in aliases:
                cls = HAND_BY_GROUP[group][1]
                lines.append(f"    from procore_sdk._async._resource_kinds import {cls}")
            continue
        lines.append(f"    from .{group} import {class_name(group)}")
    lines += [
        "\n",
        "class AsyncGroups:",
        '    """The client\'s resource groups: one property per group of the operation table."""\n',
        "    _resource_cache: dict[str, Any]\n",
        "    if TYPE_CHECKING:\n",
        "        def _hand_written(self, name: str) -> Any:",
        '            """A hand-written resource group (the client\'s ``AsyncResources``)."""\n',
        "    def _group_resource(self, group: str, cls: str) -> Any:",
        "        found = self._resource_cache.get(group)",
        "        if found is None:",
        '            module = importlib.import_module(f"{__name__}.{group}")',
        "            found = self._resource_cache[group] = getattr(module, cls)(self)",
        "        return found\n",
    ]
    for group in sorted(groups):
        title = groups[group]
        if group in HAND_BY_GROUP:
            if group not in aliases:
                continue
            prop = aliases[group]
            cls = HAND_BY_GROUP[group][1]
            also = "rfis.replies" if prop == "rfi_replies" else prop
            lines += [
                "    @property",
                f"    def {group}(self) -> {cls}:",
                f'        """{title} (also ``client.{also}``)."""',
                f'        return cast("{cls}", self._hand_written("{prop}"))\n',
            ]
            continue
        cls = class_name(group)
        lines += [
            "    @property",
            f"    def {group}(self) -> {cls}:",
            f'        """{title}."""',
            f'        return cast("{cls}", self._group_resource("{group}", "{cls}"))\n',
        ]
    return "\n".join(lines) + "\n"


def render_exports(groups: list[str]) -> str:
    """``procore_sdk.resources``' view of the generated classes: name -> group, and the
    imports type checkers read (the classes themselves load on first use)."""
    public = [g for g in groups if g not in HAND_BY_GROUP]
    lines = [
        HEADER,
        '"""Every generated resource class by name, for ``procore_sdk.resources``."""\n',
        "from __future__ import annotations\n",
        "from typing import TYPE_CHECKING\n",
        "CLASSES: dict[str, str] = {",
    ]
    lines += [f'    "{class_name(g)[len("Async") :]}": "{g}",' for g in public]
    lines += ["}", '"""Class name (without ``Async``) -> its group\'s module."""\n']
    lines.append("if TYPE_CHECKING:")
    for g in public:
        cls = class_name(g)
        lines.append(f"    from ._async.{g} import {cls}")
        lines.append(f"    from ._blocking.{g} import {cls[len('Async') :]}")
    lines.append("\n__all__ = [")
    for g in public:
        cls = class_name(g)
        lines += [f'    "{cls}",', f'    "{cls[len("Async") :]}",']
    lines.append("]")
    return "\n".join(lines) + "\n"


def generate() -> dict[str, str]:
    """Relative path under ``procore_sdk/_generated`` -> text (async and blocking)."""
    descriptions = load_descriptions()
    index, bodies = load_index()
    syncs = sync_names()
    by_group: dict[str, list[Method]] = {}
    for method in methods():
        by_group.setdefault(method.group, []).append(method)
    tags: dict[str, str] = {}
    for op in _operations.operations():
        tags.setdefault(op.group, op.tag)
    out: dict[str, str] = {}
    titles = {g: " / ".join(tags[g].split("/")) for g in by_group}
    for group, group_methods in sorted(by_group.items()):
        out[f"_async/{group}.py"] = render_group(
            group, group_methods, tags[group], descriptions, index, bodies, syncs, set(by_group)
        )
    out["_async/__init__.py"] = render_mixin(titles)
    out["_exports.py"] = render_exports(sorted(by_group))
    out["__init__.py"] = (
        '"""Generated resource groups (``scripts/generate_resources.py``); do not edit."""\n'
    )
    used: set[int] = set()
    for path in [p for p in out if p.startswith("_async/")]:
        out["_blocking/" + path[len("_async/") :]] = transform(out[path], used)
    return out


def formatted(outputs: dict[str, str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for rel, text in outputs.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
        subprocess.run(
            [ruff, "check", "--fix-only", "--quiet", "--select", "I,F401", str(base)],
            check=False,
        )
        subprocess.run([ruff, "format", "--quiet", str(base)], check=True)
        return {rel: (base / rel).read_text(encoding="utf-8") for rel in outputs}


def existing_files() -> Iterable[str]:
    if not OUT.exists():
        return []
    return [str(p.relative_to(OUT)) for p in OUT.rglob("*.py")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the outputs are stale")
    args = parser.parse_args(argv)
    outputs = formatted(generate())
    stale = sorted(set(existing_files()) - set(outputs))
    if args.check:
        drift = [
            rel
            for rel, text in outputs.items()
            if not (OUT / rel).exists() or (OUT / rel).read_text(encoding="utf-8") != text
        ]
        if drift or stale:
            print("procore_sdk/_generated is out of date; run scripts/generate_resources.py:")
            for rel in (drift + stale)[:20]:
                print(f"  {rel}")
            return 1
        print(f"procore_sdk/_generated is current ({len(outputs)} files)")
        return 0
    for rel in stale:
        (OUT / rel).unlink()
    for rel, text in outputs.items():
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    print(f"wrote procore_sdk/_generated ({len(outputs)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
