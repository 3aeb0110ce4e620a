"""Generate the API reference: one Markdown page per product area, an index, and the docs nav.

Usage::

    python scripts/generate_reference.py            # (re)write docs/reference/api and the nav
    python scripts/generate_reference.py --check    # exit 1, naming what differs, on drift

Inputs: the operation table and the method signatures it gives
(``procore_sdk._operations._signature``), the models' source under ``procore_sdk/models``
(fields, types and field docstrings, read with ``ast``; ``procore_sdk.models._index`` maps
operations to models and request bodies when it exists, else the table's ``model`` and
``write_model``), and ``../shared/reference/procore_api_operations.json`` for the parameters'
descriptions (``--operations`` changes it). Outputs: ``docs/reference/api/index.md``,
``docs/reference/api/<area>.md`` per product area (the first segment of the operation's tag in
Procore's API reference) and the block of ``mkdocs.yml``'s nav between the two marker comments.

The pages are plain Markdown written here, not mkdocstrings directives: 2,400 methods through
mkdocstrings would take minutes to build. The output is deterministic.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _outputs import sync_outputs  # noqa: E402
from _text import is_placeholder_text  # noqa: E402

from procore_sdk._operations import Operation, _index  # noqa: E402
from procore_sdk._operations._signature import (  # noqa: E402
    OPTION_NAMES,
    Argument,
    Method,
    annotation,
    methods,
)

DEFAULT_OPERATIONS = ROOT.parent / "shared" / "reference" / "procore_api_operations.json"
API_DIR = ROOT / "docs" / "reference" / "api"
MODELS_DIR = ROOT / "procore_sdk" / "models"
MKDOCS = ROOT / "mkdocs.yml"
NAV_BEGIN = "      # -- API reference by product area: written by scripts/generate_reference.py --"
NAV_END = "      # -- end of the generated API reference nav --"

_SIGNATURE_WIDTH = 88
_DESCRIPTION_LIMIT = 240
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# -- names ---------------------------------------------------------------------------------


def pascal(group: str) -> str:
    """``change_order_packages`` -> ``ChangeOrderPackages``."""
    return "".join(part[:1].upper() + part[1:] for part in group.split("_") if part)


def slug(text: str) -> str:
    """A page name: ``Project Management`` -> ``project-management``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "other"


def area_of(method: Method) -> str:
    """The product area of a method: the first segment of its operations' tag."""
    return method.default.tag.split("/", 1)[0] or "Other"


def section_of(method: Method) -> str:
    """The tag's middle segment (``RFI`` in ``Project Management/RFI/rfis``)."""
    parts = method.default.tag.split("/")
    return parts[1] if len(parts) > 2 else parts[-1]


def method_anchor(group: str, action: str) -> str:
    """The stable anchor of ``client.<group>.<action>``; neither name holds a ``-``."""
    return f"{group}-{action}"


# -- inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelField:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class ModelSource:
    """A model class as its source declares it."""

    name: str
    kind: str  # "read model", "write model", "request body", "model"
    fields: tuple[ModelField, ...]


@dataclass
class Inputs:
    """Everything the pages are made of, so tests can build pages without the shared files."""

    methods: Sequence[Method]
    descriptions: Mapping[str, Mapping[tuple[str, str], str]]  # operationId -> (in, name)
    models: Mapping[str, ModelSource]
    operation_models: Mapping[str, str] = field(default_factory=dict)
    operation_bodies: Mapping[str, str] = field(default_factory=dict)
    # operationId -> the 2xx response schema and the request body schema, for field
    # descriptions a model's source does not carry.
    responses: Mapping[str, Any] = field(default_factory=dict)
    request_bodies: Mapping[str, Any] = field(default_factory=dict)
    # Earlier names -> {"group": ..., "actions": {action: "[group.]action"}} (the table's).
    aliases: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def read_descriptions(spec: Iterable[Mapping[str, Any]]) -> dict[str, dict[tuple[str, str], str]]:
    """``operationId -> {(in, wire name): description}`` from Procore's OpenAPI operations."""
    found: dict[str, dict[tuple[str, str], str]] = {}
    for op in spec:
        params = {
            (str(p.get("in", "")), str(p.get("name", ""))): str(p.get("description") or "")
            for p in op.get("parameters", ())
        }
        found[str(op["operationId"])] = params
    return found


def read_schemas(spec: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(operationId -> 2xx response schema, operationId -> request body schema)``."""
    responses: dict[str, Any] = {}
    bodies: dict[str, Any] = {}
    for op in spec:
        for status, response in sorted(dict(op.get("responses") or {}).items()):
            if status.startswith("2") and isinstance(response, dict) and response.get("schema"):
                responses[str(op["operationId"])] = response["schema"]
                break
        body = op.get("requestBody")
        if isinstance(body, dict) and body.get("schema"):
            bodies[str(op["operationId"])] = body["schema"]
    return responses, bodies


def _properties(schema: Any) -> dict[str, Any]:
    """The properties of an object schema, or of an array's items."""
    while isinstance(schema, dict) and schema.get("type") == "array":
        schema = schema.get("items")
    found = schema.get("properties") if isinstance(schema, dict) else None
    return found if isinstance(found, dict) else {}


def _kind_of(node: ast.ClassDef) -> str:
    bases = {ast.unparse(base) for base in node.bases}
    if "ReadModel" in bases:
        return "read model"
    if "WriteModel" in bases:
        return "write model"
    if bases & {"TypedDict", "typing.TypedDict", "typing_extensions.TypedDict"}:
        return "request body"
    return "model"


def read_models(directory: Path) -> dict[str, ModelSource]:
    """Every class under ``directory``, with its annotated fields (its bases' first, as attrs
    and ``TypedDict`` order them) and their docstrings."""
    found: dict[str, ModelSource] = {}
    bases: dict[str, list[str]] = {}
    for path in sorted(directory.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            fields: list[ModelField] = []
            body = node.body
            for index, statement in enumerate(body):
                if not isinstance(statement, ast.AnnAssign):
                    continue
                if not isinstance(statement.target, ast.Name):
                    continue
                name = statement.target.id
                text = ast.unparse(statement.annotation)
                if name.startswith("_") or text.startswith(("ClassVar", "typing.ClassVar")):
                    continue
                following = body[index + 1] if index + 1 < len(body) else None
                doc = ""
                if (
                    isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    doc = following.value.value
                fields.append(ModelField(name, _clean_type(text), doc))
            if node.name not in found:
                found[node.name] = ModelSource(node.name, _kind_of(node), tuple(fields))
                bases[node.name] = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]

    def inherited(name: str, seen: frozenset[str]) -> ModelSource:
        own = found[name]
        merged: dict[str, ModelField] = {}
        kind = own.kind
        for base in bases.get(name, []):
            if base in found and base not in seen:
                parent = inherited(base, seen | {name})
                merged.update((f.name, f) for f in parent.fields)
                kind = parent.kind if kind == "model" else kind
        for f in own.fields:  # a redefined field moves to the subclass's place, as in attrs
            merged.pop(f.name, None)
            merged[f.name] = f
        return ModelSource(name, kind, tuple(merged.values()))

    return {name: inherited(name, frozenset()) for name in found}


def _clean_type(text: str) -> str:
    # The generated modules spell ``datetime`` as ``_dt``; users know the module's own name.
    return text.replace("_dt.", "datetime.").replace("'", '"')


def read_index() -> tuple[dict[str, str], dict[str, str]]:
    """``(operationId -> model, operationId -> body TypedDict)`` from the models index, when
    the models package has one (values may be dotted; the class name is the last part)."""
    try:
        index = importlib.import_module("procore_sdk.models._index")
    except ModuleNotFoundError:
        return {}, {}

    def names(mapping: Any) -> dict[str, str]:
        return {
            str(k): str(getattr(v, "__name__", v)).rsplit(".", 1)[-1]
            for k, v in dict(mapping or {}).items()
        }

    return (
        names(getattr(index, "OPERATION_MODELS", {})),
        names(getattr(index, "OPERATION_BODIES", {})),
    )


def load_inputs(operations: Path) -> Inputs:
    spec = json.loads(operations.read_text(encoding="utf-8"))
    operation_models, operation_bodies = read_index()
    responses, bodies = read_schemas(spec)
    return Inputs(
        methods(), read_descriptions(spec), read_models(MODELS_DIR), operation_models,
        operation_bodies, responses, bodies, _index().aliases,
    )  # fmt: skip


# -- text ----------------------------------------------------------------------------------


def one_line(text: str, limit: int = _DESCRIPTION_LIMIT) -> str:
    """The first line of a spec description, fit for a table cell."""
    first = text.strip().split("\n", 1)[0]
    # Relative links in Procore's text point into its own site; keep the words only.
    first = _LINK.sub(lambda m: m.group(0) if m.group(2).startswith("http") else m.group(1), first)
    first = " ".join(first.split())
    if is_placeholder_text(first):
        return ""
    if len(first) > limit:
        first = first[: limit - 3].rstrip() + "..."
    return first.replace("<", "&lt;").replace("|", "\\|")


_CLIENT: list[Any] = []


def _quoted(annotation: Any) -> str:
    # Python keeps postponed annotations with single quotes; the pages write Python's style.
    return str(annotation).replace("'", '"')


def live_signature(method: Method) -> inspect.Signature:
    """The signature of ``client.<group>.<action>`` on the blocking client: the generated
    method, or the hand-written one that serves the action (the docs show what the code is)."""
    if not _CLIENT:
        from procore_sdk import Procore

        _CLIENT.append(Procore(access_token="reference", company_id=1))
    return inspect.signature(getattr(getattr(_CLIENT[0], method.group), method.action))


class Reference:
    """The pages, built from :class:`Inputs`."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.areas: dict[str, dict[str, dict[str, list[Method]]]] = {}
        for method in inputs.methods:
            sections = self.areas.setdefault(area_of(method), {})
            sections.setdefault(section_of(method), {}).setdefault(method.group, []).append(method)
        self.field_descriptions = self._spec_field_descriptions()
        # Each model is documented once: on the page of the first group that uses it.
        self.home: dict[str, tuple[str, str]] = {}  # model -> (page, group)
        self.group_models: dict[str, list[str]] = {}
        for area in sorted(self.areas):
            for section in sorted(self.areas[area]):
                for group, group_methods in sorted(self.areas[area][section].items()):
                    used = self._models_used(group_methods)
                    self.group_models[group] = used
                    for name in used:
                        self.home.setdefault(name, (slug(area), group))

    # -- models

    def _spec_field_descriptions(self) -> dict[tuple[str, str], str]:
        """``(model, field) -> description`` from the schemas of the operations that read or
        write each model, its nested models through the fields that hold them."""
        found: dict[tuple[str, str], str] = {}
        seen: set[tuple[str, int]] = set()

        def describe(model: str, schema: Any) -> None:
            if (model, id(schema)) in seen or model not in self.inputs.models:
                return
            seen.add((model, id(schema)))
            properties = _properties(schema)
            for f in self.inputs.models[model].fields:
                prop = properties.get(f.name)
                if not isinstance(prop, dict):
                    continue
                text = str(prop.get("description") or "")
                if text:
                    found.setdefault((model, f.name), text)
                for nested in _WORD.findall(f.type):
                    if nested in self.inputs.models:
                        describe(nested, prop)

        for method in self.inputs.methods:
            for op in method.operations:
                model = self.model_of(op)
                if model is not None:
                    schema = self.inputs.responses.get(op.operation_id)
                    if op.envelope and op.envelope in _properties(schema):
                        schema = _properties(schema)[op.envelope]
                    describe(model, schema)
                for body in self.body_of(op):
                    schema = self.inputs.request_bodies.get(op.operation_id)
                    wrapper = op.body.wrapper if op.body else None
                    if wrapper and wrapper in _properties(schema):
                        schema = _properties(schema)[wrapper]
                    describe(body, schema)
        return found

    def model_of(self, op: Operation) -> str | None:
        name = self.inputs.operation_models.get(op.operation_id) or op.model
        return name if name in self.inputs.models else None

    def body_of(self, op: Operation) -> list[str]:
        names = [op.write_model, self.inputs.operation_bodies.get(op.operation_id)]
        return [n for n in dict.fromkeys(names) if n and n in self.inputs.models]

    def _models_used(self, group_methods: Sequence[Method]) -> list[str]:
        roots: list[str] = []
        for method in group_methods:
            for op in method.operations:
                roots += [m for m in (self.model_of(op), *self.body_of(op)) if m]
        ordered: dict[str, None] = {}
        pending = list(dict.fromkeys(roots))
        while pending:  # the models' nested models, in the order their fields name them
            name = pending.pop(0)
            if name in ordered:
                continue
            ordered[name] = None
            for f in self.inputs.models[name].fields:
                pending += [w for w in _WORD.findall(f.type) if w in self.inputs.models]
        return list(ordered)

    def model_link(self, name: str, page: str) -> str:
        home_page, _ = self.home[name]
        target = f"#{name}" if home_page == page else f"{home_page}.md#{name}"
        return f"[`{name}`]({target})"

    def linked_type(self, text: str, page: str) -> str:
        """A type as code, its documented models linked."""
        out: list[str] = []
        last = 0
        for match in _WORD.finditer(text):
            if match.group(0) in self.home:
                if match.start() > last:
                    out.append(f"`{text[last : match.start()]}`")
                out.append(self.model_link(match.group(0), page))
                last = match.end()
        if last < len(text):
            out.append(f"`{text[last:]}`")
        # Python-Markdown's tables leave a pipe inside a code span alone.
        return "".join(out)

    # -- methods

    def returns(self, method: Method) -> str:
        """The return annotation of the method as the SDK defines it (blocking client)."""
        text = _quoted(live_signature(method).return_annotation)
        return self._concrete(method, text.replace("builtins.list", "list"))

    def _concrete(self, method: Method, text: str) -> str:
        """A hand-written generic method's ``T``/``W`` as the group's models."""
        model = self.model_of(method.default) or "dict[str, Any]"
        write = next((op.write_model for op in method.operations if op.write_model), None)
        text = text.replace(
            "Attributes[W]", f"{write} | Mapping[str, Any]" if write else "Mapping[str, Any]"
        )
        return re.sub(r"\bT\b", model, text)

    def body_type(self, method: Method) -> str:
        data = live_signature(method).parameters.get("data")
        if data is None:
            return "Mapping[str, Any]"
        return self._concrete(method, _quoted(data.annotation).removesuffix(" | None"))

    def signature(self, method: Method) -> str:
        """``client.<group>.<action>(...) -> T`` as Python, one argument a line when long: the
        method's own signature, its shared options folded into ``**options``."""
        positional: list[str] = []
        keywords: list[str] = []
        for param in live_signature(method).parameters.values():
            if param.name in OPTION_NAMES - {"data"} or param.kind is inspect.Parameter.VAR_KEYWORD:
                continue
            text = f"{param.name}: {self._concrete(method, _quoted(param.annotation))}"
            if param.default is not inspect.Parameter.empty:
                text += f" = {param.default!r}"
            if param.kind is inspect.Parameter.KEYWORD_ONLY:
                keywords.append(text)
            else:
                positional.append(text)
        parts = [*positional, *(["*", *keywords] if keywords else []), "**options"]
        head = f"client.{method.group}.{method.action}("
        tail = f") -> {self.returns(method)}"
        flat = head + ", ".join(parts) + tail
        if len(flat) <= _SIGNATURE_WIDTH:
            return flat
        return head + "\n" + "".join(f"    {p},\n" for p in parts) + tail

    def description(self, method: Method, arg: Argument) -> str:
        where = {"id": "path", "path": "path", "scope": None, "query": "query", "filter": "query"}
        for op in method.operations:
            wire = arg.wire(op.version)
            if wire is None:
                continue
            params = self.inputs.descriptions.get(op.operation_id, {})
            places = [where[arg.kind]] if where[arg.kind] else ["path", "query", "body"]
            for place in places:
                text = params.get((str(place), wire))
                if text:
                    return one_line(text)
        return ""

    def wires(self, method: Method, arg: Argument) -> str:
        distinct = dict.fromkeys(wire for _, wire in arg.wires)
        if len(distinct) == 1 and len(arg.wires) == len(method.versions):
            return f"`{next(iter(distinct))}`"
        return ", ".join(f"`{wire}` ({version})" for version, wire in arg.wires)

    def body_row(self, method: Method, page: str) -> str:
        default = method.default.body
        fields = ""
        if default is not None:
            listed = default.wrapped_fields or default.fields
            names = [f"`{f.name}`" + ("\\*" if f.required else "") for f in listed[:12]]
            more = ", ..." if len(listed) > 12 else ""
            inside = f" in `{default.wrapper}`" if default.wrapper else ""
            if names:
                fields = f"Fields{inside}: {', '.join(names)}{more}."
        required = "yes" if method.body_required else "no"
        kind = self.linked_type(self.body_type(method), page)
        return f"| `data` | {kind} | {required} | body | The request body. {fields} |"

    def render_method(self, method: Method, page: str) -> list[str]:
        anchor = method_anchor(method.group, method.action)
        lines = [f"#### {method.group}.{method.action} {{#{anchor}}}", ""]
        summary = one_line(method.default.summary)
        if summary:
            lines += [summary, ""]
        lines += ["```py", self.signature(method), "```", ""]
        for op in sorted(method.operations, key=lambda o: _version_key(o.version or "")):
            mark = " (default)" if op.version == method.default_version else ""
            lines.append(f"- `{op.method} {op.path}` {op.version}{mark} · `{op.operation_id}`")
        lines.append("")
        if method.arguments or method.has_body:
            lines += ["| Name | Type | Required | Wire | Description |", "|---|---|---|---|---|"]
            for arg in method.arguments:
                lines.append(
                    f"| `{arg.name}` | `{annotation(arg)}` | {'yes' if arg.required else 'no'} | "
                    f"{self.wires(method, arg)} | {self.description(method, arg)} |"
                )
            if method.has_body:
                lines.append(self.body_row(method, page))
            lines.append("")
        model = self.model_of(method.default)
        returns = self.returns(method)
        shown = self.linked_type(returns, page) if model else f"`{returns}`"
        lines += [f"Returns {shown}.", ""]
        return lines

    # -- pages

    def render_model(self, name: str, page: str) -> list[str]:
        model = self.inputs.models[name]
        lines = [f"##### {name} {{#{name}}}", "", f"A {model.kind}.", ""]
        if not model.fields:
            return [*lines, "No declared fields: read it as a `dict[str, Any]`.", ""]
        lines += ["| Field | Type | Description |", "|---|---|---|"]
        for f in model.fields:
            text = f.description or self.field_descriptions.get((name, f.name), "")
            lines.append(f"| `{f.name}` | {self.linked_type(f.type, page)} | {one_line(text)} |")
        return [*lines, ""]

    def render_area(self, area: str) -> str:
        page = slug(area)
        sections = self.areas[area]
        count = sum(len(ms) for groups in sections.values() for ms in groups.values())
        lines = [
            f"# {area}",
            "",
            f"The {_plural(count, 'method')} of Procore's {area} API, by resource group. Every "
            "method also "
            "takes the [options](index.md#options) every call takes; the async client's methods "
            "are the same, awaited, and its lists are `AsyncPager`s.",
            "",
        ]
        for section in sorted(sections):
            groups = sections[section]
            if len(sections) > 1:
                lines += [f"## {section} {{#section-{slug(section)}}}", ""]
            for group in sorted(groups):
                lines += [
                    f"### client.{group} {{#{group}}}",
                    "",
                    f"`{pascal(group)}Resource` (async: `Async{pascal(group)}Resource`), "
                    f"Procore API reference: {groups[group][0].default.tag.split('/')[1]}.",
                    "",
                ]
                for method in groups[group]:
                    lines += self.render_method(method, page)
                here = [m for m in self.group_models[group] if self.home[m] == (page, group)]
                elsewhere = [m for m in self.group_models[group] if m not in here]
                if here or elsewhere:
                    lines += [f"#### Models of client.{group} {{#{group}-models}}", ""]
                if elsewhere:
                    links = ", ".join(self.model_link(m, page) for m in elsewhere)
                    lines += [f"Also uses {links}.", ""]
                for name in here:
                    lines += self.render_model(name, page)
        return "\n".join(lines).rstrip() + "\n"

    def render_index(self) -> str:
        total = len(self.inputs.methods)
        lines = [
            "# API reference by product area",
            "",
            f"Every one of the {total:,} methods the clients offer for Procore's REST API, one "
            "page per product area of Procore's API reference. Each method names its HTTP "
            "route and `operationId` in every version; a method with several versions picks "
            "one with `version=` (the default is marked).",
            "",
            "## Naming {#naming}",
            "",
            "- Resource groups are named after the tags of Procore's API reference "
            "(`Project Management/RFI/rfis` is `client.rfis`); actions are `list`, `retrieve`, "
            "`create`, `update`, `delete` and `sync`, and otherwise named from the path "
            "(`recycle`, `bulk_create`, ...). Versions are `version=`, not names.",
            "- The record's `{id}` is the first positional argument and a request body the next "
            "(`data`); everything else is keyword-only. Path and scope ids keep their names "
            "(`project_id`).",
            "- Query parameters are snake_case (`dayRange` is `day_range`). `filters[status]` is "
            "`status`, `filters[id]` is `ids`, and `filters[updated_at][gt]` is `updated_at_gt`; "
            "a filter whose name another parameter takes is `filter_<name>`. A Python keyword "
            "gets a trailing `_` (`from_`).",
            "- The Wire column of each table gives the name Procore's API reference uses.",
            "",
            "## Options {#options}",
            "",
            "Besides its own parameters, every method takes these keywords:",
            "",
            "| Option | Applies to | Meaning |",
            "|---|---|---|",
            '| `version` | every method | The API version to call (`"v1.1"`); default: the '
            "one marked. |",
            "| `company_id` | every method | The company the call acts in; default: the "
            "client's. |",
            "| `timeout`, `max_retries` | every method | Override the client's for this call. |",
            "| `filters`, `params` | every method | Extra `filters[...]` and query parameters "
            "the reference does not list. |",
            "| `sort` | sortable lists | The sort order Procore's endpoint accepts. |",
            "| `per_page`, `max_items`, `prefetch` | paged lists (`Pager`) | Page size "
            "(default: the largest the endpoint allows), a cap on items, pages fetched ahead. |",
            "| `data` | methods with a request body | A write model, a request-body `TypedDict` "
            "or a mapping. |",
            "",
            "Paged lists return a lazy `Pager` (`AsyncPager` on `AsyncProcore`); see "
            "[Pagination](../../guides/pagination.md). Read models keep fields this SDK does not "
            "declare in `extra`; see [Models](../models.md).",
            "",
            "## Resource groups {#groups}",
            "",
            "| Group | Area | Section | Methods |",
            "|---|---|---|---|",
        ]
        rows: list[tuple[str, str]] = []
        for area, sections in self.areas.items():
            for section, groups in sections.items():
                for group, group_methods in groups.items():
                    rows.append(
                        (
                            group,
                            f"| [`client.{group}`]({slug(area)}.md#{group}) | {area} | "
                            f"{section} | {len(group_methods)} |",
                        )
                    )
        lines += [row for _, row in sorted(rows)]
        lines += self.render_aliases()
        lines += [
            "",
            "## Models {#models}",
            "",
            "| Model | Kind | Documented with |",
            "|---|---|---|",
        ]
        for name in sorted(self.home):
            page, group = self.home[name]
            kind = self.inputs.models[name].kind
            lines.append(f"| [`{name}`]({page}.md#{name}) | {kind} | `client.{group}` |")
        return "\n".join(lines) + "\n"

    def group_link(self, group: str, action: str | None = None) -> str:
        """A link to ``client.<group>`` (or one of its methods) on its area page."""
        found = next((m for m in self.inputs.methods if m.group == group), None)
        name = f"client.{group}" + (f".{action}" if action else "")
        if found is None:
            return f"`{name}`"
        anchor = method_anchor(group, action) if action else group
        return f"[`{name}`]({slug(area_of(found))}.md#{anchor})"

    def render_aliases(self) -> list[str]:
        """The earlier names (today's hand-written groups) and the groups they call."""
        if not self.inputs.aliases:
            return []
        lines = [
            "",
            "## Earlier names {#earlier-names}",
            "",
            "Names that the hand-written groups and earlier releases use, and the group (or, "
            "for the actions listed, the method) each stands for.",
            "",
            "| Earlier name | Stands for |",
            "|---|---|",
        ]
        for name, alias in sorted(self.inputs.aliases.items()):
            group = str(alias["group"])
            calls = [self.group_link(group)]
            for action, target in sorted(dict(alias.get("actions") or {}).items()):
                other, _, real = str(target).rpartition(".")
                calls.append(f"`.{action}` is {self.group_link(other or group, real)}")
            lines.append(f"| `{name}` | {'; '.join(calls)} |")
        return lines

    def pages(self) -> dict[str, str]:
        """``file name -> text`` of every page."""
        out = {"index.md": self.render_index()}
        for area in sorted(self.areas):
            out[f"{slug(area)}.md"] = self.render_area(area)
        return out

    def nav(self) -> str:
        """The nav block ``mkdocs.yml`` holds between its markers."""
        lines = [
            NAV_BEGIN,
            "      - By product area:",
            "          - Index: reference/api/index.md",
        ]
        for area in sorted(self.areas):
            lines.append(f"          - {area}: reference/api/{slug(area)}.md")
        return "\n".join([*lines, NAV_END]) + "\n"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _version_key(version: str) -> tuple[int, int]:
    major, _, minor = version.lstrip("v").partition(".")
    return int(major or 0), int(minor or 0)


def with_nav(mkdocs: str, nav: str) -> str:
    """``mkdocs.yml`` with the block between the markers replaced by ``nav``."""
    start = mkdocs.find(NAV_BEGIN)
    end = mkdocs.find(NAV_END)
    if start < 0 or end < start:
        raise SystemExit(f"mkdocs.yml lacks the nav markers:\n{NAV_BEGIN}\n{NAV_END}")
    return mkdocs[:start] + nav + mkdocs[end + len(NAV_END) + 1 :]


def outputs(inputs: Inputs) -> dict[Path, str]:
    """Every file this script writes, with its text."""
    reference = Reference(inputs)
    files = {API_DIR / name: text for name, text in reference.pages().items()}
    files[MKDOCS] = with_nav(MKDOCS.read_text(encoding="utf-8"), reference.nav())
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the outputs are stale")
    parser.add_argument("--operations", type=Path, default=DEFAULT_OPERATIONS)
    args = parser.parse_args(argv)

    files = outputs(load_inputs(args.operations))
    # A page of an area that no longer exists goes.
    unexpected = sorted(set(API_DIR.glob("*.md")) - set(files))
    return sync_outputs(
        files, check=args.check, script="generate_reference.py", unexpected=unexpected
    )


if __name__ == "__main__":
    raise SystemExit(main())
