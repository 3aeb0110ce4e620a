"""Generate ``procore_sdk/models``: read models, write models, request bodies and their index.

Usage::

    python scripts/generate_models.py            # (re)write the package's generated modules
    python scripts/generate_models.py --check    # exit 1 if any of them is out of date

Inputs: Procore's API subset (rich schemas for some operations) and its OpenAPI digest (every
operation: schemas with descriptions), both in ``../shared/reference``; the operation table
(``procore_sdk._operations``: groups, actions, versions, envelopes, body wrappers);
``scripts/operation_overrides.json`` ``models`` (today's models and the operations they serve);
``scripts/overrides.json`` (what real Procore sends beyond its reference, each fact with its
source). The output is deterministic: the same inputs always give the same bytes.

Naming rule (names are unique across the package and stable):

1. Today's models keep their names and definitions: each read model unions the response fields
   of its subset endpoints (first source wins a type conflict), each ``XxxWrite`` the request-body
   fields of its create/update/sync endpoints; they serve the operations the overrides assign.
2. Every other operation whose 2xx body has fields (the subset's, which win, united with the
   OpenAPI digest's) gets a read model. Its body is first unwrapped: the table's ``envelope``
   (REST v2.x ``data``), a Sync's ``entities``; an array describes its items.
3. Each table group has one model for its records, named after the group: the model today's
   overrides give its record actions, else the PascalCase singular of the group
   (``change_orders`` -> ``ChangeOrder``). Its fields are the union of the group's record-returning
   actions (``list``, ``retrieve``, ``create``, ``update``, ``restore``, ``recycle_bin`` and their
   ``_in_project``/``_recycle_bin`` variants), in that order, newest version first. REST v2.x
   records (string ids) get their own model, suffixed ``V2``, where the group also has v1.x ones.
4. Any other action whose fields all fit a model of its group (same names, same kinds) uses that
   model; otherwise it gets ``{Base}{ActionPascal}`` (``RfiPdf``), one per action across versions.
5. Nested objects become ``{Parent}{FieldPascal}``. A name already taken gets the group's own
   name as base, then a number (``Name2``), in the deterministic order above.
6. Request bodies with fields become TypedDicts (``total=False``, required keys ``Required``)
   describing the attributes inside the table's wrapper key: ``{Base}{ActionPascal}Body``
   (``RfiCreateBody``), nested objects ``{Body}{FieldPascal}``.

Layout (loaded lazily): ``models/_groups/<group>.py`` holds a group's record models (read and
write) with their nested models, ``models/_actions/<group>.py`` its other actions' read models,
``models/_bodies/<group>.py`` its body TypedDicts, ``models/_shared.py`` the
models overrides.json declares outright (``CustomField``), ``models/_sources.py`` ``SOURCES``;
``models/_index.py`` maps every name to its module and every operationId to its read model and
body; ``models/__init__.py`` resolves names through it on first use (PEP 562).

Field docstrings carry the reference's description (first line, trimmed) or the overrides' doc.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib
import json
import keyword
import re
import shutil
import subprocess
import sys
import tempfile
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from _text import is_placeholder_text  # noqa: E402

DEFAULT_SUBSET = ROOT.parent / "shared" / "reference" / "procore_api_subset.json"
DEFAULT_OPERATIONS = ROOT.parent / "shared" / "reference" / "procore_api_operations.json"
OUTPUT = ROOT / "procore_sdk" / "models"
DEFAULT_OVERRIDES = ROOT / "scripts" / "overrides.json"
OPERATION_OVERRIDES = ROOT / "scripts" / "operation_overrides.json"

Endpoint = tuple[str, str]


@dataclass(frozen=True)
class ModelSpec:
    """One resource: where its read and write shapes come from."""

    name: str
    read: tuple[Endpoint, ...] = ()
    write: tuple[Endpoint, ...] = ()
    manual: dict[str, Any] = field(default_factory=dict)  # used when the subset has no schema
    note: str = ""
    v2: bool = False


def _endpoint(text: str) -> Endpoint:
    method, _, path = text.partition(" ")
    return method, path


def load_model_specs(path: Path = OPERATION_OVERRIDES) -> tuple[ModelSpec, ...]:
    """Every resource model, from the ``models`` section of the operation overrides.

    That section is the one record of which operations each model is read from and written to
    (``scripts/generate_operations.py`` writes it into the operation table); ``read``/``write``
    name the subset endpoints whose schemas give the fields, in order (first source wins).
    """
    models = json.loads(path.read_text(encoding="utf-8"))["models"]
    return tuple(
        ModelSpec(
            name,
            read=tuple(_endpoint(e) for e in entry.get("read", ())),
            write=tuple(_endpoint(e) for e in entry.get("write", ())),
            manual=dict(entry.get("manual", {})),
            note=str(entry.get("note", "")),
            v2=bool(entry.get("v2", False)),
        )
        for name, entry in models.items()
    )


MODELS: tuple[ModelSpec, ...] = load_model_specs()

# Money arrives as strings in v1 responses and as numbers in requests (Procore API reference:
# schemas); these names mark it.
_MONEY = re.compile(
    r"(amount|total|cost|budget|value|price|grand_total|revised_contract|retainage(?!_percent)"
    r"|balance|payments?_issued|invoiced|contract_sum|forecast)",
)
_NOT_MONEY = re.compile(  # ids, counts, rates, dates, codes and "impact" enums are not money
    r"(_id$|_ids$|_count$|percent|_type$|_date$|_at$|strategy|code$|_name$|status|impact$)"
)
# Pure scope/wrapper keys of request bodies: never attributes of the resource.
_SCOPE_KEYS = frozenset({"company_id", "project_id", "contract_id", "standard_cost_code_list_id"})
# Top-level keys that may sit beside a resource wrapper (``{"project_id": 1, "rfi": {...}}``).
_WRAPPER_SIBLINGS = _SCOPE_KEYS | {
    "attachments",
    "sub_job_id",
    "inspection_item_failed",
    "api_version",
    "run_configurable_validations",
}
# Fields that carry or may carry a credential (the webhook destination Authorization): never
# shown in a repr.
_SECRET = re.compile(r"(?i)(authorization|headers|token|secret|password)")
# Keys that are placeholders in the OAS, never real names; such keys land in ``extra``.
_PLACEHOLDER = re.compile(r"[{}%]")
# An object whose keys are all ``custom_field_%{...}`` placeholders is a map of custom fields,
# keyed ``custom_field_<definition id>`` in real responses; its values are ``CustomField``.
_CUSTOM_FIELD_KEY = re.compile(r"^custom_field_%\{[a-z_]+\}$")
CUSTOM_FIELD_MODEL = "CustomField"
SHARED = "_shared"  # the module of the models overrides.json declares outright
# Names the generated modules import or define: a model may not take one.
_IMPORTED = frozenset(
    {"Any", "Decimal", "ReadModel", "WriteModel", "Unset", "UNSET", "TypedDict", "Required"}
    | {"MODULES", "OPERATION_MODELS", "OPERATION_BODIES", "SOURCES"}
)

Docs = dict[str, tuple[str, "Docs"]]
"""JSON name -> (the reference's one-line description, the docs of its nested fields)."""

# Actions returning a group's records (the table's names; ``_in_project``/``_recycle_bin``
# variants included), in the order their fields are merged.
RECORD_ACTIONS = ("retrieve", "list", "create", "update", "restore", "recycle_bin")
_RECORD_ACTION = re.compile(
    r"^(retrieve|list|create|update|restore|recycle_bin)(_in_project)?(_recycle_bin)?$"
)
_DOC_LIMIT = 200  # characters of a field's description kept in its docstring


_RESERVED = frozenset(
    {"extra", "self", "int", "str", "bool", "float", "list", "dict", "attrs", "_dt"}
)


def is_money(name: str) -> bool:
    # A bare "value" is a custom field's value (text or number), not money.
    return name != "value" and bool(_MONEY.search(name)) and not _NOT_MONEY.search(name)


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def py_name(json_name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z_]", "_", json_name).lower()
    if name[:1].isdigit():
        name = "f_" + name
    # A field may not shadow a name its class's annotations use (``list: list[int]``).
    if keyword.iskeyword(name) or name in _RESERVED:
        name += "_"
    return name


class Gen:
    """Collects class definitions, module by module, in a stable order."""

    def __init__(
        self,
        subset: dict[str, Any],
        overrides: dict[str, Any] | None = None,
        operations: list[dict[str, Any]] | None = None,
    ) -> None:
        self.by_key = {(e["method"], e["path"]): e for e in subset["endpoints"]}
        self.rich_by_id = {e["operationId"]: e for e in subset["endpoints"] if "operationId" in e}
        self.oas_by_id = {o["operationId"]: o for o in operations or ()}
        self.oas_by_key = {(o["method"], o["path"]): o for o in operations or ()}
        self.module = SHARED
        self.classes: dict[str, list[str]] = {}  # module -> class texts
        self.exports: dict[str, str] = {}  # name -> module
        self.sources: dict[str, list[str]] = {}
        self.unique = False  # today's models keep their names; new names never clash
        overrides = overrides or {}
        self.field_overrides: dict[str, dict[str, Any]] = overrides.get("fields", {})
        self.model_overrides: dict[str, dict[str, Any]] = overrides.get("models", {})
        self.applied: set[str] = set()
        self.docs: dict[tuple[str, str], str] = {}  # (class, json name) -> field docstring
        self.subdocs: dict[tuple[str, str], Docs] = {}  # (class, json name) -> nested docs
        self.unions: dict[tuple[str, str], list[Any]] = {}  # (class, json name) -> more shapes
        self.field_specs: dict[str, dict[str, Any]] = {}  # read model -> its fields' specs
        self.operation_models: dict[str, str] = {}  # operationId -> read model
        self.operation_bodies: dict[str, str] = {}  # operationId -> body TypedDict
        self.group_bases: dict[tuple[str, str], str] = {}  # (group, family) -> base name
        self.bodies: dict[str, list[str]] = {}  # module -> TypedDict texts

    # -- reading the subset -------------------------------------------------------------------
    def endpoint(self, key: Endpoint) -> dict[str, Any]:
        try:
            found: dict[str, Any] = self.by_key[key]
            return found
        except KeyError:
            raise SystemExit(f"endpoint not in subset: {key[0]} {key[1]}") from None

    @staticmethod
    def unwrap(fields: Any) -> dict[str, Any]:
        """The record's own fields: through ``oneOf``, a v2 ``data`` envelope, Sync ``entities``."""
        if not isinstance(fields, dict):
            return {}
        if set(fields) == {"oneOf"}:
            merged: dict[str, Any] = {}
            for variant in fields["oneOf"]:
                for k, v in Gen.unwrap(variant).items():
                    merged.setdefault(k, v)
            return merged
        if set(fields) == {"data"} and isinstance(fields["data"], dict):
            return Gen.unwrap(fields["data"].get("fields"))
        if set(fields) == {"entities", "errors"} and isinstance(fields["entities"], dict):
            return Gen.unwrap(fields["entities"].get("fields"))
        return fields

    def response_fields(self, key: Endpoint) -> dict[str, Any]:
        return self.unwrap((self.endpoint(key).get("response") or {}).get("fields"))

    def response_docs(self, key: Endpoint) -> Docs:
        """The reference's descriptions of the response fields at ``key`` (the OpenAPI digest)."""
        op = self.oas_by_key.get(key)
        return {} if op is None else oas_response(op, None)[1]

    def body_fields(self, key: Endpoint) -> dict[str, Any]:
        fields = (self.endpoint(key).get("request_body") or {}).get("fields") or {}
        if set(fields) == {"oneOf"}:
            fields = self.unwrap(fields)
        for wrapper in ("updates", "budget_line_items"):
            if isinstance(fields.get(wrapper), dict):
                return dict(fields[wrapper].get("fields") or {})
        wrappers = [
            v
            for k, v in fields.items()
            if k not in _SCOPE_KEYS
            and isinstance(v, dict)
            and v.get("type") == "object"
            and v.get("fields")
        ]
        others = {k for k, v in fields.items() if not any(v is w for w in wrappers)}
        if len(wrappers) == 1 and others <= _WRAPPER_SIBLINGS:
            return dict(wrappers[0]["fields"])
        return {k: v for k, v in fields.items() if k not in _SCOPE_KEYS}

    # -- naming -------------------------------------------------------------------------------
    def claim(self, *candidates: str) -> str:
        """The first free name of ``candidates``, else the first with a number (``Name2``)."""
        if not self.unique:
            self.exports.setdefault(candidates[0], self.module)
            return candidates[0]
        for name in candidates:
            if name not in self.exports and name not in _IMPORTED:
                self.exports[name] = self.module
                return name
        number = 2
        while f"{candidates[0]}{number}" in self.exports:  # no import ends with a digit
            number += 1
        name = f"{candidates[0]}{number}"
        self.exports[name] = self.module
        return name

    # -- emitting -----------------------------------------------------------------------------
    def annotation(self, owner: str, name: str, spec: Any, *, write: bool) -> str:
        ann = self._annotation(owner, name, spec, write=write)
        # A field Procore sends in more than one shape (overrides.json "also") is a union.
        for shape in () if write else self.unions.get((owner, name), ()):
            other = self._annotation(owner, name, shape, write=write)
            if other not in ann.split(" | "):
                ann += " | " + other
        return ann

    def _annotation(self, owner: str, name: str, spec: Any, *, write: bool) -> str:
        if isinstance(spec, list):  # a oneOf of object shapes
            spec = {"type": "object", "fields": self.unwrap({"oneOf": spec})}
        if isinstance(spec, dict):
            kind = spec.get("type", "object")
            sub = spec.get("fields")
            if "enum" in spec:
                return "str"  # enums are open: a new value must not break a client
            if isinstance(sub, dict) and sub and all(map(_CUSTOM_FIELD_KEY.match, sub)):
                return "dict[str, Any]" if write else f"dict[str, {CUSTOM_FIELD_MODEL}]"
            if isinstance(sub, dict) and sub and not write:
                nested = self.claim(owner + camel(name))
                self.emit_read(nested, sub, nested=True, docs=self.subdocs.get((owner, name), {}))
                return f"list[{nested}]" if kind.startswith("array") else nested
            spec = kind
        assert isinstance(spec, str)
        if spec == "integer":
            return "int"
        if spec == "boolean":
            return "bool"
        if spec == "string/date-time":
            return "_dt.datetime"
        if spec == "string/date":
            return "_dt.date"
        if spec in ("string/float", "number/decimal"):
            return "Decimal"
        if spec.startswith("number"):
            return "Decimal" if is_money(name) else "float"
        if spec.startswith("string"):
            # Today's models read money sent as strings as Decimal (real payloads show it); a
            # new model follows its reference, where a string named like money ("cost_code",
            # "is_budgeted") is often not a number.
            money = is_money(name) and spec == "string" and not self.unique
            return "Decimal" if money else "str"
        if spec == "array<integer>":
            return "list[int]"
        if spec == "array<string>":
            return "list[str]"
        if spec == "array<object>":
            return "list[dict[str, Any]]"
        if spec.startswith("array"):
            return "list[Any]"
        if spec == "object":
            return "dict[str, Any]"
        return "Any"  # also "any": a field only ever seen null (overrides.json)

    def attr_lines(self, owner: str, fields: dict[str, Any], *, write: bool) -> list[str]:
        lines = []
        taken: set[str] = set()
        for json_name in sorted(fields):
            if _PLACEHOLDER.search(json_name):
                continue
            ann = self.annotation(owner, json_name, fields[json_name], write=write)
            name = py_name(json_name)
            while name in taken:  # "Foo" and "foo", "a-b" and "a_b": one attribute each
                name += "_"
            taken.add(name)
            metadata = {} if name == json_name else {"json": json_name}
            if write and ann == "Decimal" and fields[json_name] == "string":
                metadata["wire"] = "string"  # the request schema types this money as a string
            meta = f", metadata={json.dumps(metadata, sort_keys=True)}" if metadata else ""
            if _SECRET.search(json_name):
                meta += ", repr=False"
            if write:
                typ = f"Unset[{ann} | None]" if ann != "Any" else "Any"
                lines.append(f"    {name}: {typ} = attrs.field(default=UNSET{meta})")
            else:
                typ = f"{ann} | None" if ann != "Any" else "Any"
                lines.append(f"    {name}: {typ} = attrs.field(default=None{meta})")
                doc = self.docs.get((owner, json_name))
                if doc:
                    lines.append(f"    {_docstring(doc)}")
        return lines

    def apply_overrides(self, cls: str, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` with the facts ``overrides.json`` records for read model ``cls``."""
        facts = self.field_overrides.get(cls)
        if not facts:
            return fields
        self.applied.add(cls)
        for json_name, fact in facts.items():
            if "doc" in fact:
                self.docs[(cls, json_name)] = fact["doc"]
            if "also" in fact:
                if json_name not in fields:
                    raise SystemExit(f"overrides.json: {cls}.{json_name} has no subset shape")
                self.unions[(cls, json_name)] = list(fact["also"])
        return apply_facts(fields, facts)

    def emit_read(
        self,
        cls: str,
        fields: dict[str, Any],
        *,
        nested: bool = False,
        doc: str = "",
        docs: Docs | None = None,
    ) -> None:
        fields = self.apply_overrides(cls, fields)
        for json_name, (text, sub) in (docs or {}).items():
            if text:  # overrides.json's doc wins over the reference's
                self.docs.setdefault((cls, json_name), text)
            if sub:
                self.subdocs.setdefault((cls, json_name), sub)
        self.field_specs[cls] = fields
        self.exports[cls] = self.module
        body = self.attr_lines(cls, fields, write=False)
        text = [
            "@attrs.frozen(kw_only=True)",
            f"class {cls}(ReadModel):",
            f'    """{doc or "Nested object of a Procore response."}"""',
            "",
            *body,
            "    extra: dict[str, Any] = attrs.field(factory=dict, eq=False)",
            '    """Fields the SDK does not declare (Procore adds fields without notice)."""',
        ]
        self.classes.setdefault(self.module, []).append("\n".join(text))

    def emit_write(self, cls: str, fields: dict[str, Any], doc: str) -> None:
        body = self.attr_lines(cls, fields, write=True)
        text = [
            "@attrs.frozen(kw_only=True)",
            f"class {cls}(WriteModel):",
            f'    """{doc}"""',
            "",
            *body,
        ]
        self.classes.setdefault(self.module, []).append("\n".join(text))
        self.exports[cls] = self.module

    def shared_models(self) -> None:
        """Models ``overrides.json`` declares outright (``CustomField``)."""
        self.module = SHARED
        for cls, fact in sorted(self.model_overrides.items()):
            fields = {name: override_spec(f) for name, f in fact["fields"].items()}
            for name, f in fact["fields"].items():
                if "doc" in f:
                    self.docs[(cls, name)] = f["doc"]
            self.sources[cls] = ["scripts/overrides.json: " + "; ".join(fact["source"])]
            self.emit_read(cls, fields, doc=fact["doc"])

    def check_applied(self) -> None:
        unknown = sorted(set(self.field_overrides) - self.applied)
        if unknown:
            raise SystemExit(f"overrides.json names models the generator does not emit: {unknown}")

    def model(self, spec: ModelSpec) -> None:
        fields: dict[str, Any] = dict(spec.manual)
        docs: Docs = {}
        for key in spec.read:
            for k, v in self.response_fields(key).items():
                fields.setdefault(k, v)
            merge_docs(docs, self.response_docs(key))
        sources = [f"{m} {p}" for m, p in spec.read] or [spec.note]
        self.sources[spec.name] = sources
        ids = "IDs are strings (v2; Procore docs: New Rest V2 API Version)." if spec.v2 else ""
        real = (
            "\n    Includes fields real Procore sends beyond its reference (seen in real payloads)."
            if spec.name in self.field_overrides
            else ""
        )
        doc = (
            f"{spec.name} as Procore returns it. {ids}\n\n    Source: "
            + "; ".join(sources)
            + real
            + "\n    "
        )
        self.emit_read(spec.name, fields, doc=doc, docs=docs)
        if spec.write:
            wfields: dict[str, Any] = {}
            for key in spec.write:
                for k, v in self.body_fields(key).items():
                    wfields.setdefault(k, v)
            wsources = "; ".join(f"{m} {p}" for m, p in spec.write)
            wdoc = (
                f"Body attributes to create, update or sync a {spec.name}; "
                f"UNSET fields are left out.\n\n    Source: {wsources}\n    "
            )
            self.sources[spec.name + "Write"] = [f"{m} {p}" for m, p in spec.write]
            self.emit_write(spec.name + "Write", wfields, wdoc)


def override_spec(fact: dict[str, Any]) -> Any:
    """An overrides.json field fact in the subset's own vocabulary."""
    if "fields" in fact:
        return {"type": fact.get("type", "object"), "fields": fact["fields"]}
    return fact["type"]


def apply_facts(fields: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the declared types of ``facts`` (one model's overrides.json entry).

    An ``also`` fact keeps the subset's shape: the other shapes only widen the model's type;
    an ``any`` fact (a field only ever seen null) never replaces a type the subset knows.
    """
    merged = dict(fields)
    for json_name, fact in facts.items():
        if "also" in fact or (fact.get("type") == "any" and json_name in merged):
            continue
        merged[json_name] = override_spec(fact)
    return merged


def with_overrides(cls: str, fields: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``fields`` of read model ``cls`` with the overrides of it and of its nested models.

    Nested models are named ``<cls><Field>`` as the generator names them; the fake Procore's
    record shapes (``scripts/generate_fake_schemas.py``) are built with this.
    """
    merged = apply_facts(fields, overrides.get("fields", {}).get(cls, {}))
    for name, spec in merged.items():
        if isinstance(spec, dict) and isinstance(spec.get("fields"), dict):
            nested = with_overrides(cls + camel(name), spec["fields"], overrides)
            merged[name] = {**spec, "fields": nested}
    return merged


def _docstring(text: str) -> str:
    if '"""' in text or "\\" in text:
        raise SystemExit(f"overrides.json: a doc may not hold triple quotes or backslashes: {text}")
    return '"""' + text + '"""'


# -- the reference's schemas in the subset's vocabulary ----------------------------------------


def one_line(text: Any) -> str:
    """A description as a one-line docstring: its first line, trimmed, safe to quote."""
    if not isinstance(text, str):
        return ""
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    line = " ".join(line.replace("\\", "/").replace('"""', "'''").split())
    if line == "(nested object)" or is_placeholder_text(line):
        return ""
    if len(line) > _DOC_LIMIT:
        line = line[: _DOC_LIMIT - 3].rstrip() + "..."
    return line + " " if line.endswith('"') else line


def merge_docs(into: Docs, more: Docs) -> Docs:
    """``into`` with ``more``'s descriptions where it has none (first source wins)."""
    for name, (text, sub) in more.items():
        mine = into.get(name)
        if mine is None:
            into[name] = (text, dict(sub))
        else:
            into[name] = (mine[0] or text, merge_docs(dict(mine[1]), sub))
    return into


def oas_spec(schema: dict[str, Any]) -> tuple[Any, Docs]:
    """An OpenAPI schema as a subset type (``string/date``, ``{"type": ..., "fields": ...}``)."""
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    fmt = schema.get("format")
    if schema.get("description") == "(nested object)" and not schema.get("properties"):
        # The digest's mark for a value nested too deep to describe: its type is unknown.
        return "any", {}
    if kind == "array":
        items = schema.get("items") or {}
        if items.get("properties"):
            fields, docs = oas_fields(items)
            return {"type": "array<object>", "fields": fields}, docs
        inner, _ = oas_spec(items)
        base = inner if isinstance(inner, str) else str(inner.get("type", "object"))
        return ("array" if base == "any" else f"array<{base.split('/')[0]}>"), {}
    if kind == "object":
        if schema.get("properties"):
            fields, docs = oas_fields(schema)
            return {"type": "object", "fields": fields}, docs
        return "object", {}
    if kind == "string":
        if schema.get("enum"):
            return {"type": "string", "enum": [str(v) for v in schema["enum"]]}, {}
        formats = {
            "date-time": "string/date-time",
            "datetime": "string/date-time",
            "date": "string/date",
            "float": "string/float",
            "decimal": "string/float",
        }
        return formats.get(str(fmt), "string"), {}
    if kind == "number":
        return {"float": "number/float", "decimal": "number/decimal"}.get(str(fmt), "number"), {}
    if kind in ("integer", "boolean"):
        return kind, {}
    return "any", {}


def oas_fields(schema: dict[str, Any]) -> tuple[dict[str, Any], Docs]:
    fields: dict[str, Any] = {}
    docs: Docs = {}
    for name, sub in (schema.get("properties") or {}).items():
        fields[name], nested = oas_spec(sub if isinstance(sub, dict) else {})
        docs[name] = (one_line(sub.get("description")) if isinstance(sub, dict) else "", nested)
    return fields, docs


def _unwrap_oas(fields: dict[str, Any], docs: Docs, envelope: str | None) -> tuple[Any, Docs]:
    if envelope and isinstance(fields.get(envelope), dict):
        return fields[envelope].get("fields") or {}, docs.get(envelope, ("", {}))[1]
    if set(fields) == {"entities", "errors"} and isinstance(fields["entities"], dict):
        return fields["entities"].get("fields") or {}, docs["entities"][1]
    return fields, docs


def oas_response(op: dict[str, Any], envelope: str | None) -> tuple[dict[str, Any], Docs]:
    """The fields and descriptions of one record of ``op``'s first 2xx body with a schema."""
    for status in sorted(op.get("responses") or {}):
        schema = op["responses"][status].get("schema") if status.startswith("2") else None
        if not schema:
            continue
        spec, docs = oas_spec(schema)
        if not isinstance(spec, dict):
            return {}, {}
        fields, docs = _unwrap_oas(spec.get("fields") or {}, docs, envelope)
        return dict(fields), docs
    return {}, {}


def rich_response(rich: dict[str, Any] | None, envelope: str | None) -> dict[str, Any]:
    """The fields of one record of the subset's response (through the envelope)."""
    fields = ((rich or {}).get("response") or {}).get("fields")
    if not isinstance(fields, dict):
        return {}
    if envelope and isinstance(fields.get(envelope), dict):
        fields = fields[envelope].get("fields")
    return dict(Gen.unwrap(fields))


def kind_of(spec: Any) -> str:
    """A field's coarse kind, to tell whether an action's fields fit a model."""
    if isinstance(spec, list):
        return "object"
    if isinstance(spec, dict):
        return "string" if "enum" in spec else str(spec.get("type", "object"))
    return str(spec)


def declared(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if not _PLACEHOLDER.search(k)}


def singular(group: str) -> str:
    """``change_orders`` -> ``change_order``: the last word made singular."""
    head, _, word = group.rpartition("_")
    endings = (
        ("ies", "y"),
        ("sses", "ss"),
        ("uses", "us"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("xes", "x"),
    )
    for plural, one in endings:
        if word.endswith(plural) and len(word) > len(plural):
            word = word[: -len(plural)] + one
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "sis")) and len(word) > 1:
            word = word[:-1]
    return f"{head}_{word}" if head else word


# -- every operation's read model ----------------------------------------------------------------


@dataclass
class Planned:
    """A read model to emit: its fields (merged in order), descriptions and operations."""

    name: str
    module: str
    fields: dict[str, Any] = field(default_factory=dict)
    docs: Docs = field(default_factory=dict)
    operations: list[Any] = field(default_factory=list)
    v2: bool = False

    def add(self, op: Any, fields: dict[str, Any], docs: Docs) -> None:
        merge_fields(self.fields, fields)
        merge_docs(self.docs, docs)
        self.operations.append(op)


def _family(op: Any) -> str:
    return "v2" if op.version and int(op.version[1:].split(".")[0]) >= 2 else "v1"


def _op_order(op: Any) -> tuple[Any, ...]:
    match = _RECORD_ACTION.match(op.action)
    rank = RECORD_ACTIONS.index(match.group(1)) if match else len(RECORD_ACTIONS)
    major, minor = (op.version or "v0.0")[1:].split(".")
    return (rank, op.action, -int(major), -int(minor), op.operation_id)


def response_of(gen: Gen, op: Any) -> tuple[dict[str, Any], Docs]:
    """One record of ``op``'s 2xx body: the subset's fields (which win) and the digest's."""
    oas = gen.oas_by_id.get(op.operation_id)
    fields, docs = oas_response(oas, op.envelope) if oas else ({}, {})
    rich = rich_response(gen.rich_by_id.get(op.operation_id), op.envelope)
    return {**fields, **rich}, docs


def _nested(spec: Any) -> dict[str, Any] | None:
    """The nested fields of an object (or array of objects) spec, else ``None``."""
    if isinstance(spec, list):  # a oneOf of object shapes
        return Gen.unwrap({"oneOf": spec})
    if isinstance(spec, dict) and "enum" not in spec and isinstance(spec.get("fields"), dict):
        return dict(spec["fields"])
    return None


def compatible(a: Any, b: Any) -> bool:
    """Whether two shapes of one field can be one type (same kinds, nested ones too)."""
    if "any" in (kind_of(a), kind_of(b)):
        return True
    if kind_of(a) != kind_of(b):
        return False
    na, nb = _nested(a), _nested(b)
    return na is None or nb is None or shapes_agree(na, nb)


def shapes_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether the fields two records share have compatible shapes."""
    return all(compatible(a[k], b[k]) for k in set(a) & set(b))


def merge_fields(into: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """``into`` with ``more``'s fields added, nested objects' fields too (first shape wins)."""
    for name, spec in more.items():
        mine = into.get(name)
        if mine is None:
            into[name] = spec
            continue
        ni, nm = _nested(mine), _nested(spec)
        if isinstance(mine, dict) and ni is not None and nm is not None:
            into[name] = {**mine, "fields": merge_fields(ni, nm)}
    return into


def covers(model: dict[str, Any], fields: dict[str, Any]) -> bool:
    """Whether a model of fields ``model`` reads a record of ``fields`` leaving nothing in
    ``extra`` (every field declared with a compatible shape, nested ones too)."""
    for name, spec in declared(fields).items():
        mine = model.get(name)
        if mine is None or not compatible(mine, spec):
            return False
        nm, ns = _nested(mine), _nested(spec)
        if ns and nm is not None and not covers(nm, ns):
            return False
    return True


def group_module(group: str) -> str:
    return f"_groups.{group}"


def action_module(group: str) -> str:
    return f"_actions.{group}"


def body_module(group: str) -> str:
    return f"_bodies.{group}"


def plan_read_models(gen: Gen, table: tuple[Any, ...]) -> tuple[list[Planned], dict[str, str]]:
    """The new read models (in emission order) and every operationId -> read model name."""
    assigned = {op.operation_id: op.model for op in table if op.model}
    families: dict[tuple[str, str], list[tuple[Any, dict[str, Any], Docs]]] = {}
    for op in sorted(table, key=lambda o: (o.group, _family(o), _op_order(o))):
        fields, docs = response_of(gen, op)
        if declared(fields) or op.operation_id in assigned:
            families.setdefault((op.group, _family(op)), []).append((op, fields, docs))
    has_v1 = {group for group, fam in families if fam == "v1"}
    planned: list[Planned] = []
    result: dict[str, str] = dict(assigned)
    for (group, fam), members in sorted(families.items()):
        gen.module = group_module(group)
        own = camel(singular(group)) + ("V2" if fam == "v2" and group in has_v1 else "")
        today = [assigned[op.operation_id] for op, _, _ in members if op.operation_id in assigned]
        candidates = list(dict.fromkeys(today))  # models an action's fields may fit, in order
        records = [
            m
            for m in members
            if m[0].operation_id not in assigned and _RECORD_ACTION.match(m[0].action)
        ]
        base = candidates[0] if candidates else own
        if not candidates and records:
            base = gen.claim(own, own + "Record")
            record = Planned(base, gen.module, v2=fam == "v2")
            for op, fields, docs in records:
                # A record action whose fields disagree in shape is another action's shape.
                if shapes_agree(record.fields, fields):
                    record.add(op, fields, docs)
                    result[op.operation_id] = base
            planned.append(record)
            gen.field_specs[base] = record.fields
            candidates.append(base)
        per_action: dict[str, list[Planned]] = {}
        for op, fields, docs in members:
            if op.operation_id in result:
                continue
            home = next((c for c in candidates if covers(gen.field_specs[c], fields)), None)
            if home is not None:
                result[op.operation_id] = home
                continue
            shapes = per_action.setdefault(op.action, [])
            model = next((m for m in shapes if shapes_agree(m.fields, fields)), None)
            if model is None:
                action = camel(op.action)
                name = gen.claim(base + action, own + action)
                # Apart from the records: resources load their group's records, not these.
                model = Planned(name, action_module(group), v2=fam == "v2")
                shapes.append(model)
                planned.append(model)
            model.add(op, fields, docs)
            result[op.operation_id] = model.name
    return planned, result


def emit_planned(gen: Gen, model: Planned) -> None:
    gen.module = model.module
    sources = [f"{op.method} {op.path}" for op in model.operations]
    gen.sources[model.name] = sources
    ids = " IDs are strings (v2; Procore docs: New Rest V2 API Version)." if model.v2 else ""
    doc = (
        f"{model.name} as Procore returns it.{ids}\n\n    Source: " + "; ".join(sources) + "\n    "
    )
    gen.emit_read(model.name, model.fields, doc=doc, docs=model.docs)


# -- request bodies as TypedDicts ----------------------------------------------------------------


@dataclass
class BodyPlan:
    """A request-body TypedDict: fields, required keys, descriptions and operations."""

    name: str
    module: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> OpenAPI schema
    required: set[str] | None = None
    operations: list[Any] = field(default_factory=list)

    def add(self, op: Any, schema: dict[str, Any]) -> None:
        for k, v in (schema.get("properties") or {}).items():
            self.fields.setdefault(k, v)
        mine = set(schema.get("required") or ())
        # A key is required only where every version merged here requires it.
        self.required = mine if self.required is None else self.required & mine
        self.operations.append(op)


def rich_to_oas(spec: Any) -> dict[str, Any]:
    """A subset type as an OpenAPI schema (for bodies the digest does not describe)."""
    if isinstance(spec, dict):
        kind = str(spec.get("type", "object"))
        inner = {
            "type": "object",
            "properties": {k: rich_to_oas(v) for k, v in (spec.get("fields") or {}).items()},
        }
        if kind.startswith("array"):
            return {"type": "array", "items": inner if spec.get("fields") else {}}
        if "enum" in spec:
            return {"type": kind.split("/")[0], "enum": spec["enum"]}
        return inner
    text = str(spec)
    if text.startswith("array"):
        item = text[len("array<") : -1] if "<" in text else ""
        return {"type": "array", "items": {"type": item} if item else {}}
    kind, _, fmt = text.partition("/")
    return {"type": kind, **({"format": fmt} if fmt else {})} if kind != "any" else {}


def body_schema(gen: Gen, op: Any) -> dict[str, Any]:
    """The OpenAPI schema of the attributes ``op``'s body carries inside its wrapper."""
    oas = gen.oas_by_id.get(op.operation_id) or {}
    schema = dict(((oas.get("requestBody") or {}).get("schema")) or {})
    rich = (gen.rich_by_id.get(op.operation_id) or {}).get("request_body") or {}
    props = dict(schema.get("properties") or {})
    for k, v in (rich.get("fields") or {}).items():
        props.setdefault(k, rich_to_oas(v))  # the digest's schema, with its descriptions, wins
    required = set(schema.get("required") or rich.get("required") or ())
    wrapper = op.body.wrapper
    if wrapper:
        inner = props.get(wrapper) or {}
        if inner.get("type") == "array":
            inner = inner.get("items") or {}
        return inner
    scope = {s.name for s in op.scope if s.where == "body"}
    return {
        "properties": {k: v for k, v in props.items() if k not in scope},
        "required": sorted(required - scope),
    }


def plan_bodies(gen: Gen, table: tuple[Any, ...]) -> tuple[list[BodyPlan], dict[str, str]]:
    """The body TypedDicts (in emission order) and every operationId -> its body's name."""
    plans: dict[tuple[str, str, str], BodyPlan] = {}
    result: dict[str, str] = {}
    for op in sorted(table, key=lambda o: (o.group, _family(o), _op_order(o))):
        if op.body is None:
            continue
        schema = body_schema(gen, op)
        if not [k for k in schema.get("properties") or {} if not _PLACEHOLDER.search(k)]:
            continue
        key = (op.group, _family(op), op.action)
        plan = plans.get(key)
        if plan is None:
            gen.module = body_module(op.group)
            own = camel(singular(op.group))
            base = gen.group_bases.get((op.group, _family(op)), own)
            name = gen.claim(base + camel(op.action) + "Body", own + camel(op.action) + "Body")
            plan = plans[key] = BodyPlan(name, gen.module)
        plan.add(op, schema)
        result[op.operation_id] = plan.name
    return list(plans.values()), result


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def body_type(gen: Gen, owner: str, name: str, schema: dict[str, Any], out: list[str]) -> str:
    """The TypedDict value type of a body field; nested objects become TypedDicts first."""
    kind = schema.get("type") or ("object" if "properties" in schema else None)
    if schema.get("description") == "(nested object)" and not schema.get("properties"):
        return "Any"  # the digest's mark for a value nested too deep to describe
    if kind == "array":
        items = schema.get("items") or {}
        if not items:
            return "list[Any]"
        return f"list[{body_type(gen, owner, name, items, out)}]"
    if kind == "object":
        props = {
            k: v for k, v in (schema.get("properties") or {}).items() if not _PLACEHOLDER.search(k)
        }
        if not props:
            return "dict[str, Any]"
        nested = gen.claim(owner + camel(name))
        out.append(typed_dict(gen, nested, props, set(schema.get("required") or ()), "", out))
        return nested
    return {"integer": "int", "boolean": "bool", "number": "float", "string": "str"}.get(
        str(kind), "Any"
    )


def typed_dict(
    gen: Gen,
    cls: str,
    props: dict[str, Any],
    required: set[str],
    doc: str,
    out: list[str],
) -> str:
    """A ``total=False`` TypedDict's text (nested ones are appended to ``out`` first)."""
    keys: list[tuple[str, str, str]] = []
    for json_name in sorted(props):
        if _PLACEHOLDER.search(json_name):
            continue
        sub = props[json_name] if isinstance(props[json_name], dict) else {}
        typ = body_type(gen, cls, json_name, sub, out)
        if json_name in required:
            typ = f"Required[{typ}]"
        keys.append((json_name, typ, one_line(sub.get("description"))))
    text = doc or "Nested object of a Procore request body."
    if all(_IDENTIFIER.match(k) and not keyword.iskeyword(k) for k, _, _ in keys):
        lines = [f"class {cls}(TypedDict, total=False):", f'    """{text}"""', ""]
        for k, typ, desc in keys:
            lines.append(f"    {k}: {typ}")
            if desc:
                lines.append(f'    """{desc}"""')
        return "\n".join(lines)
    # Keys that are not identifiers (``type``-like keywords, dashes) need the functional form.
    items = "".join(f"    {json.dumps(k)}: {typ},\n" for k, typ, _ in keys)
    return f"{cls} = TypedDict(\n    {cls!r},\n    {{\n{items}    }},\n    total=False,\n)\n" + (
        f'"""{text}"""'
    )


def emit_body(gen: Gen, plan: BodyPlan) -> list[str]:
    gen.module = plan.module
    sources = "; ".join(f"{op.method} {op.path}" for op in plan.operations)
    wrapper = plan.operations[0].body.wrapper
    inside = f" (inside {wrapper!r})" if wrapper else ""
    first = plan.operations[0]
    doc = (
        f"Request body attributes{inside} of {first.group}.{first.action}."
        f"\n\n    Source: {sources}\n    "
    )
    out: list[str] = []
    out.append(typed_dict(gen, plan.name, plan.fields, plan.required or set(), doc, out))
    return out


# -- putting it together -------------------------------------------------------------------------


@dataclass
class Output:
    """Everything the generator writes: module texts by relative path, and the index."""

    files: dict[str, str]
    modules: dict[str, str]
    operation_models: dict[str, str]
    operation_bodies: dict[str, str]


def load_table() -> tuple[Any, ...]:
    """The operation table (itself generated from the same reference).

    Read without running ``procore_sdk/__init__.py``, which imports the models this writes.
    """
    if "procore_sdk" not in sys.modules:
        package = types.ModuleType("procore_sdk")
        package.__path__ = [str(ROOT / "procore_sdk")]
        sys.modules["procore_sdk"] = package
    operations = importlib.import_module("procore_sdk._operations")
    return tuple(operations.operations())


def build(
    subset: dict[str, Any],
    overrides: dict[str, Any] | None = None,
    operations: list[dict[str, Any]] | None = None,
    table: tuple[Any, ...] | None = None,
) -> Gen:
    """Run the generator: today's models, then every operation's, then the request bodies."""
    gen = Gen(subset, overrides, operations)
    gen.shared_models()
    table_ops = load_table() if table is None else table
    homes = {op.model: group_module(op.group) for op in reversed(table_ops) if op.model}
    for spec in MODELS:
        gen.module = homes.get(spec.name, SHARED)
        gen.model(spec)
    gen.check_applied()
    gen.unique = True
    planned, gen.operation_models = plan_read_models(gen, table_ops)
    for op in sorted(table_ops, key=lambda o: (o.group, _family(o), _op_order(o))):
        name = gen.operation_models.get(op.operation_id)
        if name is not None:
            gen.group_bases.setdefault((op.group, _family(op)), name)
    for model in planned:
        emit_planned(gen, model)
    bodies, gen.operation_bodies = plan_bodies(gen, table_ops)
    for plan in bodies:
        gen.bodies.setdefault(plan.module, []).extend(emit_body(gen, plan))
    return gen


# -- rendering -------------------------------------------------------------------------------------

GENERATED = '''"""{what}, GENERATED by scripts/generate_models.py.

Do not edit by hand: change the generator and run ``python scripts/generate_models.py``.
"""
'''
_NOQA = "# ruff: noqa: E501, RUF001, RUF002, RUF003\n"  # the reference's long, typographic text
_ANNOTATION_LINE = re.compile(r"^    \w+: (.*?)(?: = attrs\.field|$)")


def _used(texts: list[str]) -> str:
    """The annotations of ``texts``' fields (not their docstrings), to pick imports."""
    return "\n".join(
        m.group(1) for t in texts for line in t.splitlines() if (m := _ANNOTATION_LINE.match(line))
    )


def render_models(module: str, classes: list[str]) -> str:
    up = "." * (module.count(".") + 1)  # from the module up to procore_sdk.models
    used = _used(classes)
    text = "\n\n".join(classes)
    imports = ["from __future__ import annotations", ""]
    if "_dt." in used:
        imports.append("import datetime as _dt")
    if re.search(r"\bDecimal\b", used):
        imports.append("from decimal import Decimal")
    imports += ["from typing import Any", "", "import attrs", ""]
    if "UNSET" in text:
        imports.append(f"from {up}._types import UNSET, Unset")
    bases = [b for b in ("ReadModel", "WriteModel") if f"({b}):" in text]
    imports.append(f"from {up}_base import {', '.join(bases)}")
    if module != SHARED and re.search(rf"\b{CUSTOM_FIELD_MODEL}\b", used):
        imports.append(f"from {up}{SHARED} import {CUSTOM_FIELD_MODEL}")
    what = f"Typed Procore models of {module.rpartition('.')[2]!r}"
    if module == SHARED:
        what = "Models shared by many groups (declared in scripts/overrides.json)"
    return "\n".join([GENERATED.format(what=what), _NOQA, *imports, "", "", text, ""])


def render_bodies(module: str, classes: list[str]) -> str:
    used = _used(classes) + "\n" + "\n".join(classes)
    names = ["Required", "TypedDict"] if "Required[" in used else ["TypedDict"]
    imports = []
    if re.search(r"\bAny\b", _used(classes)) or re.search(r": .*\bAny\b", used):
        imports += ["from typing import Any", ""]
    # typing_extensions: Required is Python 3.11+, and it must pair with its own TypedDict.
    imports.append(f"from typing_extensions import {', '.join(names)}")
    what = f"Request bodies of {module.rpartition('.')[2]!r} as TypedDicts"
    return "\n".join(
        [GENERATED.format(what=what), _NOQA, *imports, "", "", "\n\n\n".join(classes), ""]
    )


def _dict_literal(name: str, annotation: str, values: dict[str, Any], doc: str) -> str:
    body = "".join(f"    {json.dumps(k)}: {json.dumps(v)},\n" for k, v in values.items())
    return f"{name}: {annotation} = {{\n{body}}}\n" + f'"""{doc}"""\n'


def render_index(gen: Gen) -> str:
    modules = dict(sorted(gen.exports.items()))
    modules["SOURCES"] = "_sources"
    parts = [
        GENERATED.format(what="Where every model lives, and which models each operation uses"),
        "Tiny and cheap to import: ``procore_sdk.models`` resolves names through it on first use.",
        '"""',
    ]
    parts[0] = parts[0].rstrip().removesuffix('"""').rstrip() + "\n\n"
    header = parts[0] + parts[1] + "\n" + parts[2] + "\n"
    return "\n".join(
        [
            header,
            _NOQA,
            _dict_literal(
                "MODULES",
                "dict[str, str]",
                modules,
                "Every name of ``procore_sdk.models`` -> its module, relative to the package.",
            ),
            _dict_literal(
                "OPERATION_MODELS",
                "dict[str, str]",
                dict(sorted(gen.operation_models.items())),
                "operationId -> the read model of one record of its 2xx body.",
            ),
            _dict_literal(
                "OPERATION_BODIES",
                "dict[str, str]",
                dict(sorted(gen.operation_bodies.items())),
                "operationId -> the TypedDict of the attributes its request body carries.",
            ),
        ]
    )


def render_sources(gen: Gen) -> str:
    lines = [GENERATED.format(what="Where each model's fields come from"), _NOQA]
    lines.append("SOURCES: dict[str, tuple[str, ...]] = {")
    for name, sources in gen.sources.items():
        lines.append(
            f"    {json.dumps(name)}: (" + "".join(json.dumps(s) + ", " for s in sources) + "),"
        )
    lines += [
        "}",
        '"""Model name -> the endpoints (method and path) its fields were taken from."""',
        "",
    ]
    return "\n".join(lines)


def render_init(gen: Gen) -> str:
    by_module: dict[str, list[str]] = {}
    for name, module in sorted(gen.exports.items()):
        by_module.setdefault(module, []).append(name)
    top = [s.name for s in MODELS] + [s.name + "Write" for s in MODELS if s.write]
    top += sorted(gen.model_overrides)
    names = sorted(top) + sorted(set(gen.exports) - set(top))
    lines = [
        "# Generated by scripts/generate_models.py; do not edit.",
        '"""Typed Procore models: read models, ``XxxWrite`` write models, request-body TypedDicts.',
        "",
        "Every name loads on first use, with",
        "just its own group's module: importing this package costs a few milliseconds. Read",
        "models (``Rfi``, ``Project``...) subclass ``ReadModel``; request bodies are TypedDicts",
        "named ``{Base}{Action}Body`` (``RfiCreateBody``). ``SOURCES`` maps each model to the",
        "endpoints it was read from; today's models come first in ``__all__``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "from ._base import ReadModel, WriteModel",
        "",
        "if TYPE_CHECKING:",
        "    from ._sources import SOURCES",
    ]
    for module, members in sorted(by_module.items()):
        lines.append(f"    from .{module} import (")
        lines += [f"        {n}," for n in members]
        lines.append("    )")
    lines += [
        "",
        "__all__ = [",
        '    "ReadModel",',
        '    "SOURCES",',
        '    "WriteModel",',
        *(f'    "{n}",' for n in names),
        "]",
        "",
        "if not TYPE_CHECKING:  # hidden from type checkers: an unknown name stays an error",
        "",
        "    def __getattr__(name: str) -> Any:",
        "        from ._index import MODULES  # the index loads with the first model",
        "",
        "        module = MODULES.get(name)",
        "        if module is None:",
        '            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        '        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)',
        "        globals()[name] = value  # resolved once: later reads are plain attribute reads",
        "        return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return sorted(set(globals()) | set(__all__))",
        "",
    ]
    return "\n".join(lines)


def render(gen: Gen) -> dict[str, str]:
    """Every generated file of the models package, by path relative to it."""
    files: dict[str, str] = {}
    for module, classes in gen.classes.items():
        files[module.replace(".", "/") + ".py"] = render_models(module, classes)
    for module, classes in gen.bodies.items():
        files[module.replace(".", "/") + ".py"] = render_bodies(module, classes)
    files["_groups/__init__.py"] = GENERATED.format(
        what="Read and write models, one module per group"
    )
    files["_actions/__init__.py"] = GENERATED.format(
        what="Other actions' read models, one module per group"
    )
    files["_bodies/__init__.py"] = GENERATED.format(
        what="Request-body TypedDicts, one module per group"
    )
    files["_index.py"] = render_index(gen)
    files["_sources.py"] = render_sources(gen)
    files["__init__.py"] = render_init(gen)
    return dict(sorted(files.items()))


GENERATED_DIRS = ("_groups", "_actions", "_bodies")
"""Folders holding only generated modules: a module the generator no longer writes is stale."""


def _ruff() -> list[str]:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    return [ruff] if ruff else [sys.executable, "-m", "ruff"]


def ruff_format(text: str, path: Path) -> str:
    """Format one generated module with the project's ruff (``generate_fake_schemas`` uses it)."""
    for args in (
        ["check", "--select", "I", "--fix", "--quiet", "--exit-zero"],  # sort imports
        ["format"],
    ):
        text = subprocess.run(
            # Named as if in the package, so the project's ruff settings apply wherever it goes.
            [*_ruff(), *args, "--stdin-filename", str(OUTPUT / path.name), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def ruff_format_folder(folder: Path) -> None:
    """Format the generated package with the project's ruff, so ``ruff format --check`` passes."""
    command = _ruff()
    config = ["--config", str(ROOT / "pyproject.toml")]
    # Imports sorted, and the file's noqa trimmed to the rules its text needs (RUF100).
    fix = ["check", "--select", "I,F401,RUF100,E501,RUF001,RUF002,RUF003", "--fix"]
    for args in (["format", "--quiet"], [*fix, "--quiet", "--exit-zero"], ["format", "--quiet"]):
        # Its report is noise: what remains (long lines) is what the noqa comment covers.
        subprocess.run(
            [*command, *args, *config, str(folder)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )


def generated_files(folder: Path) -> set[str]:
    """The generated files now in ``folder`` (the models package), relative to it."""
    found = {"__init__.py", "_index.py", "_sources.py", f"{SHARED}.py"}
    for sub in GENERATED_DIRS:
        found |= {f"{sub}/{p.name}" for p in (folder / sub).glob("*.py")}
    return {f for f in found if (folder / f).is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file is stale")
    parser.add_argument("--subset", type=Path, default=DEFAULT_SUBSET)
    parser.add_argument("--operations", type=Path, default=DEFAULT_OPERATIONS)
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the models package folder")
    parser.add_argument("--overrides", type=Path, default=DEFAULT_OVERRIDES)
    args = parser.parse_args(argv)
    for path in (args.subset, args.operations):
        if not path.is_file():
            print(
                f"{path} not found: the models are generated from Procore's OpenAPI reference "
                "in the development workspace (../shared/reference); pass --subset/--operations",
                file=sys.stderr,
            )
            return 2
    subset = json.loads(args.subset.read_text(encoding="utf-8"))
    operations = json.loads(args.operations.read_text(encoding="utf-8"))
    overrides = json.loads(args.overrides.read_text(encoding="utf-8"))
    files = render(build(subset, overrides, operations))
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        ruff_format_folder(staging)
        current = generated_files(args.output)
        stale = sorted(
            name
            for name in set(files) | current
            if name not in files
            or name not in current
            or not filecmp.cmp(staging / name, args.output / name, shallow=False)
        )
        if args.check:
            for name in stale:
                print(
                    f"{args.output / name} is out of date; run python scripts/generate_models.py",
                    file=sys.stderr,
                )
            return 1 if stale else 0
        for name in stale:
            target = args.output / name
            if name not in files:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / name, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
