"""Generate ``procore_sdk/models/_generated.py`` from the Procore API subset.

Usage::

    python scripts/generate_models.py            # (re)write the module
    python scripts/generate_models.py --check    # exit 1 if the module is out of date

The output is deterministic: the same subset and the same ``models`` section of
``scripts/operation_overrides.json`` always give the same bytes. Each read model unions the
response fields of its source endpoints (first source wins a type conflict); each write model
unions the request-body fields of its create/update/sync endpoints. Nested objects become
small nested models named ``<Parent><Field>``.

``scripts/overrides.json`` adds what real Procore sends and the subset lacks or gets wrong
(fields seen in recorded responses, a field sent in two shapes), each fact with its source;
the generator applies it to the read models it names, so generated code is never hand-edited.
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUBSET = ROOT.parent / "shared" / "reference" / "procore_api_subset.json"
OUTPUT = ROOT / "procore_sdk" / "models" / "_generated.py"
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


def is_money(name: str) -> bool:
    # A bare "value" is a custom field's value (text or number), not money.
    return name != "value" and bool(_MONEY.search(name)) and not _NOT_MONEY.search(name)


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def py_name(json_name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z_]", "_", json_name).lower()
    if name[:1].isdigit():
        name = "f_" + name
    if keyword.iskeyword(name) or name in {"extra"}:
        name += "_"
    return name


class Gen:
    """Collects class definitions in a stable order."""

    def __init__(self, subset: dict[str, Any], overrides: dict[str, Any] | None = None) -> None:
        self.by_key = {(e["method"], e["path"]): e for e in subset["endpoints"]}
        self.classes: list[str] = []
        self.exports: list[str] = []
        self.sources: dict[str, list[str]] = {}
        overrides = overrides or {}
        self.field_overrides: dict[str, dict[str, Any]] = overrides.get("fields", {})
        self.model_overrides: dict[str, dict[str, Any]] = overrides.get("models", {})
        self.applied: set[str] = set()
        self.docs: dict[tuple[str, str], str] = {}  # (class, json name) -> field docstring
        self.unions: dict[tuple[str, str], list[Any]] = {}  # (class, json name) -> more shapes

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
                nested = owner + camel(name)
                self.emit_read(nested, sub, nested=True)
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
            return "Decimal" if is_money(name) and spec == "string" else "str"
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
        for json_name in sorted(fields):
            if _PLACEHOLDER.search(json_name):
                continue
            ann = self.annotation(owner, json_name, fields[json_name], write=write)
            name = py_name(json_name)
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
        self, cls: str, fields: dict[str, Any], *, nested: bool = False, doc: str = ""
    ) -> None:
        fields = self.apply_overrides(cls, fields)
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
        self.classes.append("\n".join(text))
        self.exports.append(cls)

    def emit_write(self, cls: str, fields: dict[str, Any], doc: str) -> None:
        body = self.attr_lines(cls, fields, write=True)
        text = [
            "@attrs.frozen(kw_only=True)",
            f"class {cls}(WriteModel):",
            f'    """{doc}"""',
            "",
            *body,
        ]
        self.classes.append("\n".join(text))
        self.exports.append(cls)

    def shared_models(self) -> None:
        """Models ``overrides.json`` declares outright (``CustomField``)."""
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
        for key in spec.read:
            for k, v in self.response_fields(key).items():
                fields.setdefault(k, v)
        sources = [f"{m} {p}" for m, p in spec.read] or [spec.note]
        self.sources[spec.name] = sources
        ids = "IDs are strings (v2; Procore docs: New Rest V2 API Version)." if spec.v2 else ""
        real = (
            "\n    Fields real Procore sends beyond its reference: scripts/overrides.json."
            if spec.name in self.field_overrides
            else ""
        )
        doc = (
            f"{spec.name} as Procore returns it. {ids}\n\n    Source: "
            + "; ".join(sources)
            + real
            + "\n    "
        )
        self.emit_read(spec.name, fields, doc=doc)
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


HEADER = '''"""Typed Procore models, GENERATED by scripts/generate_models.py from the API subset.

Do not edit by hand: change the generator and run ``python scripts/generate_models.py``.
"""

# ruff: noqa: E501

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import attrs

from .._types import UNSET, Unset
from ._base import ReadModel, WriteModel
'''


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


def build(subset: dict[str, Any], overrides: dict[str, Any] | None = None) -> Gen:
    """Run the generator over ``MODELS`` (and the overrides' own models)."""
    gen = Gen(subset, overrides)
    gen.shared_models()
    for spec in MODELS:
        gen.model(spec)
    gen.check_applied()
    return gen


def render(subset: dict[str, Any], overrides: dict[str, Any] | None = None) -> str:
    gen = build(subset, overrides)
    parts = [HEADER]
    exports = sorted(set(gen.exports))
    parts.append("__all__ = [\n" + "".join(f'    "{n}",\n' for n in exports) + "]\n")
    parts.append(
        "SOURCES: dict[str, tuple[str, ...]] = {\n"
        + "".join(
            f'    "{k}": (' + "".join(json.dumps(s) + ", " for s in v) + "),\n"
            for k, v in gen.sources.items()
        )
        + "}\n"
        + '"""Model name -> the subset endpoints (method and path) its fields were taken from."""\n'
    )
    parts.extend("\n\n" + c + "\n" for c in gen.classes)
    return "\n".join(parts)


def render_init(subset: dict[str, Any], overrides: dict[str, Any] | None = None) -> str:
    gen = build(subset, overrides)
    top = [s.name for s in MODELS] + [s.name + "Write" for s in MODELS if s.write]
    top += sorted(gen.model_overrides)
    nested = sorted(set(gen.exports) - set(top))
    names = sorted(top) + nested
    lines = [
        '"""Typed Procore models: ``Xxx`` read models and ``XxxWrite`` write models.',
        "",
        "GENERATED by scripts/generate_models.py; nested models (``ProjectCompany``...) follow the",
        "resource models in ``__all__``. ``SOURCES`` maps each model to its subset endpoints.",
        '"""',
        "",
        "from ._base import ReadModel, WriteModel",
        "from ._generated import (",
        "    SOURCES,",
        *(f"    {n}," for n in names),
        ")",
        "",
        "__all__ = [",
        '    "ReadModel",',
        '    "SOURCES",',
        '    "WriteModel",',
        *(f'    "{n}",' for n in names),
        "]",
        "",
    ]
    return "\n".join(lines)


def ruff_format(text: str, path: Path) -> str:
    """Format generated code with the project's ruff, so ``ruff format --check`` passes."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    for args in (
        ["check", "--select", "I", "--fix", "--quiet", "--exit-zero"],  # sort imports
        ["format"],
    ):
        text = subprocess.run(
            # Named as if in the package, so the project's ruff settings apply wherever it goes.
            [*command, *args, "--stdin-filename", str(OUTPUT.with_name(path.name)), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the generated file is stale")
    parser.add_argument("--subset", type=Path, default=DEFAULT_SUBSET)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--overrides", type=Path, default=DEFAULT_OVERRIDES)
    args = parser.parse_args(argv)
    if not args.subset.is_file():
        print(
            f"{args.subset} not found: the models are generated from Procore's OpenAPI subset "
            "in the development workspace (../shared/reference); pass --subset PATH",
            file=sys.stderr,
        )
        return 2
    subset = json.loads(args.subset.read_text(encoding="utf-8"))
    overrides = json.loads(args.overrides.read_text(encoding="utf-8"))
    outputs = {
        args.output: render(subset, overrides),
        args.output.with_name("__init__.py"): render_init(subset, overrides),
    }
    stale = 0
    for path, text in outputs.items():
        text = ruff_format(text, path)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            print(f"{path} is out of date; run python scripts/generate_models.py", file=sys.stderr)
            stale = 1
        else:
            path.write_text(text, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
