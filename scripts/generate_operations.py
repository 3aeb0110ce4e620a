"""Generate the operation table ``procore_sdk/_operations/_table.py`` and its name list.

Usage::

    python scripts/generate_operations.py            # (re)write the table and names.txt
    python scripts/generate_operations.py --check    # exit 1, printing what differs, on drift

Inputs (defaults relative to the repository root; ``--operations``, ``--subset`` and
``--overrides`` change them): ``../shared/reference/procore_api_operations.json`` (all 2,636
operations of Procore's OpenAPI document), ``../shared/reference/procore_api_subset.json``
(richer schemas for 407 endpoints, which win where both describe one) and
``scripts/operation_overrides.json`` (hand-checked facts the spec lacks or gets wrong, each with
its source). Outputs: ``procore_sdk/_operations/_table.py`` (one record per operation) and
``procore_sdk/_operations/names.txt`` (one line per operation, so a rename shows in review).
The output is deterministic: the same inputs always give the same bytes.

Naming scheme
=============

Every operation gets a ``group.action`` name, and its version folds into ``version=``:

1. **Group**: the last segment of the operation's tag in Procore's API reference, snake_case
   (``Project Management/RFI/rfis`` -> ``rfis``, ``Core/Directory/company-users`` ->
   ``company_users``). When two tags end in the same segment, the segment before it is
   prefixed to both (``Core/Project/links`` -> ``project_links``). Today's names that differ
   (``vendors`` for ``company_vendors``, ``rfis.replies`` for ``replies``, ``webhooks.hooks``
   for ``hooks``, ...) are aliases recorded in the overrides.
2. **Action**: the path is read after its version and after leading scope pairs
   (``companies/{company_id}``, ``projects/{project_id}``), so one resource at v1.0 and at v2.0
   gets one name. The group's *noun* is the last literal segment named like the group
   (``cost_codes`` for ``cost_codes``, ``users`` for ``company_users``; the longest if several),
   else the most common last literal segment of its operations (``sync`` aside; ties broken
   alphabetically). Then:

   - a path ending in ``sync`` is ``sync`` (``PATCH .../vendors/sync``, and the POST
     ``.../budget_line_items/sync``);
   - a path ending in the noun or ``noun/{id}``: GET collection ``list``, GET member
     ``retrieve``, POST collection ``create``, PATCH/PUT member ``update``, DELETE member
     ``delete``; PATCH/PUT collection ``bulk_update``, DELETE collection ``bulk_delete``, POST
     member ``update`` (the reference's own words for those shapes);
   - otherwise the literal words after the last noun (the last literal word when the noun is
     absent), ``actions`` skipped: ``PATCH .../rfis/{id}/recycle`` -> ``recycle``,
     ``DELETE .../users/{id}/actions/remove`` -> ``remove``, ``POST .../bulk_create`` ->
     ``bulk_create``, ``GET .../rfis/{id}.pdf`` -> ``pdf``.
3. **Disambiguation**, only when two operations of one group would share (action, version);
   the rules apply in this order, each only to the operations still sharing a name, until
   every name is unique:

   a. *method*: when their methods or shapes differ, a name made from path words gets a verb
      in front: ``list_``/``retrieve_`` for GET (by shape), ``create_`` for POST, ``update_``
      for PATCH, ``replace_`` for PUT, ``delete_`` for DELETE (``list_inactive`` /
      ``update_inactive``); a CRUD name from a PUT beside a PATCH becomes ``replace``, from a
      POST beside a PATCH ``update_post``;
   b. *scope*: when their scope prefixes differ, the least scoped shape keeps the name and
      the others get ``_in_company`` (``companies/{company_id}``) or ``_in_project`` (under a
      project): ``timecard_entries.list`` / ``list_in_company`` / ``list_in_project``. A shape
      renamed in one version is renamed in every version of the name, so one name is one path
      shape; a shape that never clashes keeps the plain name (``hooks.list`` is
      ``/rest/v1.0/webhooks/hooks`` and ``/rest/v2.0/companies/{company_id}/webhooks/hooks``).
      When a pinned name keeps a scoped shape, the unscoped shape gets ``_flat``
      (``company_users.list`` is ``/companies/{company_id}/users``, ``list_flat`` is
      ``/users``);
   c. *path words*: when their literal path words differ, each gets the words that not all
      of them share (``list`` / ``list_recycle_bin``); when only their placeholders differ,
      the placeholders (without braces) count as words;
   d. *last resort*: a number by path order (``_2``, ``_3``).

   A pinned name in the overrides (``names``: operationId -> action, each with its source)
   is never changed; the others are renamed around it.
4. **Versions fold**: the same ``group.action`` at v1.0, v1.1, ... is one method with
   ``version=``; ``(group, action, version)`` is unique.

Names are stable as long as the spec is: a new operation that clashes with an existing name
can move it (rules a to d), and ``names.txt`` shows every such rename in review; pin a name in
the overrides to keep it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from _outputs import sync_outputs  # noqa: E402

from procore_sdk._operations._naming import (  # noqa: E402
    base_action,
    group_name,
    is_member,
    is_placeholder,
    resource_segments,
    snake,
    verb,
)

REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OPERATIONS = REFERENCE / "procore_api_operations.json"
DEFAULT_SUBSET = REFERENCE / "procore_api_subset.json"
DEFAULT_OVERRIDES = ROOT / "scripts" / "operation_overrides.json"
TABLE = ROOT / "procore_sdk" / "_operations" / "_table.py"
NAMES = ROOT / "procore_sdk" / "_operations" / "names.txt"
DOCS = ROOT / "docs" / "reference" / "operations.md"

SCOPE_NAMES = ("company_id", "project_id")
_VERSION = re.compile(r"^/rest/(v\d+\.\d+)(/.*)?$")
_MAX_PAGE_TEXT = re.compile(r"up to \*{0,2}(\d+) items")


# -- reading -------------------------------------------------------------------------------


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def split_path(path: str) -> tuple[str | None, list[str]]:
    """``/rest/v1.0/projects/{id}`` -> ``("v1.0", ["projects", "{id}"])``."""
    match = _VERSION.match(path)
    if not match:
        return None, [s for s in path.split("/") if s]
    return match.group(1), [s for s in (match.group(2) or "").split("/") if s]


def json_type(schema: Mapping[str, Any]) -> tuple[str, bool]:
    """(JSON type, is array) of an OpenAPI schema."""
    kind = str(schema.get("type") or ("object" if "properties" in schema else "any"))
    if kind == "array":
        items = schema.get("items") or {}
        return str(items.get("type") or ("object" if "properties" in items else "any")), True
    return kind, False


def subset_type(text: Any) -> tuple[str, bool]:
    """(JSON type, is array) of the subset's compact type (``array<integer>``, ``string/date``)."""
    if isinstance(text, Mapping):
        text = text.get("type", "object")
    text = str(text)
    array = text.startswith("array")
    if array:
        text = text[len("array<") : -1] if "<" in text else "any"
    return text.split("/", 1)[0] or "any", array


def enum_of(schema: Mapping[str, Any]) -> tuple[str, ...]:
    values = schema.get("enum") or (schema.get("items") or {}).get("enum") or ()
    return tuple(str(v) for v in values)


# -- one operation ---------------------------------------------------------------------------


def parameters(op: Mapping[str, Any], rich: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
    """Query parameters as ``(name, type, is_array, enum, required)``; the subset's win."""
    found: dict[str, tuple[Any, ...]] = {}
    # "You must supply either a company_id or project_id": the spec marks both required, but
    # one of them is (Procore's webhooks guide: one scope per request).
    either = {
        p["name"] for p in op["parameters"] if "must supply either" in str(p.get("description"))
    }
    for p in op["parameters"]:
        if p["in"] != "query":
            continue
        schema = p.get("schema") or {}
        kind, array = json_type(schema)
        found[p["name"]] = (p["name"], kind, array, enum_of(schema), bool(p.get("required")))
    for p in (rich or {}).get("query_params") or ():
        kind, array = subset_type(p.get("type", "any"))
        enum = tuple(str(v) for v in p.get("enum") or ()) or found.get(p["name"], (0,) * 5)[3]
        found[p["name"]] = (p["name"], kind, array, enum or (), bool(p.get("required")))
    return [(*q[:4], q[4] and q[0] not in either) for q in found.values()]


def body_fields(op: Mapping[str, Any], rich: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    """``(required, {name: (type, is_array, required, sub_fields)})`` of the request body."""
    body = op.get("requestBody")
    if body is None and not (rich or {}).get("request_body"):
        return None
    required_body = bool((body or {}).get("required", True))
    schema = (body or {}).get("schema") or {}
    required = set(schema.get("required") or ())
    fields: dict[str, tuple[Any, ...]] = {}
    for name, sub in (schema.get("properties") or {}).items():
        kind, array = json_type(sub)
        inner = sub.get("items", {}) if array else sub
        subs = tuple((n, *json_type(s)) for n, s in sorted((inner.get("properties") or {}).items()))
        fields[name] = (kind, array, name in required, subs)
    rich_body = (rich or {}).get("request_body") or {}
    if rich_body.get("fields"):
        required = set(rich_body.get("required") or ())
        fields = {}
        for name, sub in rich_body["fields"].items():
            kind, array = subset_type(sub)
            subs = ()
            if isinstance(sub, Mapping) and sub.get("fields"):
                subs = tuple((n, *subset_type(s)) for n, s in sorted(sub["fields"].items()))
            fields[name] = (kind, array, name in required, subs)
    return required_body, fields


def response_shape(
    op: Mapping[str, Any], rich: Mapping[str, Any] | None, envelope: str | None = None
) -> tuple[str, bool]:
    """``(kind, has_fields)``: kind is ``array``, ``object`` or ``none``, of the body inside the
    envelope (REST v2's ``data``) when the operation has one."""
    if rich and rich.get("response", {}).get("kind") in ("array", "object"):
        response = rich["response"]
        inner = (response.get("fields") or {}).get(envelope) if envelope else None
        if isinstance(inner, dict) and str(inner.get("type", "")).startswith("array"):
            return "array", bool(inner.get("fields"))
        return str(response["kind"]), bool(response.get("fields"))
    if envelope:
        for status in sorted(op["responses"]):
            schema = op["responses"][status].get("schema") or {}
            inner = (schema.get("properties") or {}).get(envelope)
            if status.startswith("2") and isinstance(inner, dict) and inner.get("type") == "array":
                return "array", bool((inner.get("items") or {}).get("properties"))
    for status in sorted(op["responses"]):
        if not status.startswith("2"):
            continue
        schema = op["responses"][status].get("schema")
        if not schema:
            continue
        if schema.get("type") == "array":
            return "array", bool((schema.get("items") or {}).get("properties"))
        if schema.get("type") == "object" or "properties" in schema:
            return "object", bool(schema.get("properties"))
    return "none", False


def scope_of(
    path_segments: Sequence[str],
    query: Sequence[tuple[Any, ...]],
    body: tuple[Any, ...] | None,
    wrapper: str | None,
) -> list[tuple[str, str, bool]]:
    """Scope parameters as ``(name, where, required)``.

    ``company_id``/``project_id`` wherever they travel; parent ids in the path (every
    placeholder but ``{id}`` and a trailing record id); and required ``*_id`` query parameters
    and body fields beside the wrapper (``contract_id``, ``standard_cost_code_list_id``).
    """
    scope: list[tuple[str, str, bool]] = []
    holders = [s[1:-1] for s in path_segments if is_placeholder(s)]
    trailing = (
        path_segments[-1][1:-1] if path_segments and is_placeholder(path_segments[-1]) else None
    )
    for name in holders:
        if name in SCOPE_NAMES or (name != "id" and name != trailing):
            scope.append((name, "path", True))
    for name, _kind, _array, _enum, required in query:
        if name in SCOPE_NAMES or (required and name.endswith("_id")):
            scope.append((name, "query", bool(required)))
    if body is not None:
        for name, (_kind, _array, required, _subs) in body[1].items():
            if name == wrapper:
                continue
            if name in SCOPE_NAMES or (required and name.endswith("_id")):
                scope.append((name, "body", bool(required)))
    return scope


def singulars(word: str) -> set[str]:
    """``replies`` -> {``replies``, ``reply``, ...}: the forms a wrapper key takes."""
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    return forms


def wrapper_of(
    body: tuple[Any, ...] | None, scope_names: Iterable[str], segments: Sequence[str]
) -> str | None:
    """The key wrapping the attributes (``{"project": {...}}``, ``{"updates": [...]}``).

    The one object (or list of objects) beside the scope named after a path segment
    (``project`` in ``/projects``, ``reply`` in ``/replies``, ``updates`` for a Sync), else the
    only object beside nothing but ids. A flat body (REST v2 hooks: ``destination_url``,
    ``destination_headers``, ...) has none.
    """
    if body is None:
        return None
    skip = set(scope_names)
    fields = body[1]
    candidates = [
        name
        for name, (kind, _array, _required, _subs) in fields.items()
        if kind in ("object", "any") and name not in skip and not name.endswith("_id")
    ]
    forms = {"updates"}.union(*(singulars(s) for s in segments if not is_placeholder(s)))
    named = [c for c in candidates if c in forms]
    if len(named) == 1:
        return named[0]
    others = [n for n in fields if n not in candidates and n not in skip]
    if len(candidates) == 1 and all(n.endswith("_id") for n in others):
        return candidates[0]
    return None


def paging_of(
    op: Mapping[str, Any],
    query: Sequence[tuple[Any, ...]],
    version: str | None,
    conv: Mapping[str, Any],
) -> tuple[str, int | None, int | None]:
    """``(scheme, largest page, default page)`` from the parameters the spec declares."""
    names = {q[0] for q in query}
    # A GET of one record never pages, whatever parameters the spec lists for it (a few member
    # GETs carry page/per_page there).
    if op["method"] != "GET" or is_member(split_path(op["path"])[1]):
        return "none", None, None
    if "page_size" in names and "page_start" in names:
        return "page_start", None, conv["page_start_default"]
    page = next((p for p in op["parameters"] if p["name"] == "page"), None)
    description = str((page or {}).get("description", ""))
    if page is not None and "0-based" in description:
        found = _MAX_PAGE_TEXT.search(description)
        size = int(found.group(1)) if found else None
        return "page0", size, size
    if "page" in names or "per_page" in names:
        per_page = next((p for p in op["parameters"] if p["name"] == "per_page"), {})
        default = (per_page.get("schema") or {}).get("default")
        major = int(version[1:].split(".")[0]) if version else 1
        v = "v2" if major >= 2 else "v1"
        largest, fallback = conv[f"{v}_max_per_page"], conv[f"{v}_default_per_page"]
        # An endpoint that pages by 5,000 by default (the v2 ``.../ids`` lists) allows at least
        # that, whatever the general maximum.
        return "page", max(largest, default or 0), default or fallback
    return "none", None, None


def sort_of(query: Sequence[tuple[Any, ...]]) -> str:
    names = {q[0] for q in query}
    if "sort[attribute]" in names:
        return "attribute_direction"
    return "fields" if "sort" in names else "none"


# -- naming ------------------------------------------------------------------------------------


def group_names(tags: Iterable[str]) -> dict[str, str]:
    """Tag -> group, with the clash rule applied."""
    tags = sorted(set(tags))
    last = Counter(group_name(t) for t in tags)
    return {t: group_name(t, clashing=last[group_name(t)] > 1) for t in tags}


def nouns(records: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Group -> its noun: the last literal segment named like the group (``cost_codes`` in
    ``cost_codes``, ``users`` in ``company_users``), else the most common last literal segment
    (ties: alphabetical)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        literals = [s for s in r["rest"] if not is_placeholder(s) and s != "actions"]
        if literals and literals[-1] != "sync":
            counts[r["group"]][literals[-1]] += 1
    found = {}
    for group, c in counts.items():
        named = [w for w in c if group == snake(w) or group.endswith("_" + snake(w))]
        if named:
            found[group] = max(named, key=lambda w: (len(w), w))
        else:
            found[group] = min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return found


def _scope_label(record: Mapping[str, Any]) -> str:
    prefix = record["prefix"]
    if any(s in ("projects", "project") for s in prefix[::2]):
        return "project"
    return "company" if prefix else ""


_LABEL_ORDER = {"": 0, "company": 1, "project": 2}


_PREFIX = {"POST": "create_", "PATCH": "update_", "PUT": "replace_", "DELETE": "delete_"}


def _rule_method(clash: list[dict[str, Any]]) -> None:
    shapes = {(r["method"], is_member(r["rest"])) for r in clash}
    if len(shapes) < 2:
        return
    for r in clash:
        if r["pinned"]:
            continue
        if r["words"]:
            r["action"] = _PREFIX.get(r["method"], "") + r["action"]
            if r["method"] == "GET":
                r["action"] = verb("GET", is_member(r["rest"])) + "_" + r["action"]
        elif r["method"] == "PUT":
            r["action"] = r["action"].replace("update", "replace")
        elif r["method"] == "POST":
            r["action"] += "_post"


def _rule_scope(family: list[dict[str, Any]], clashes: list[list[dict[str, Any]]]) -> None:
    # A scope shape renamed in one version is renamed in every version of the name, so one
    # name is one path shape (company users: ``list_flat`` is ``/users`` at v1.0 and at v1.3),
    # while a shape that never clashes keeps the plain name (v1.0 ``/webhooks/hooks`` and
    # v2.0 ``/companies/{company_id}/webhooks/hooks`` are both ``hooks.list``).
    pinned = {_scope_label(r) for r in family if r["pinned"]}
    renamed: set[str] = set()
    for clash in clashes:
        labels = {_scope_label(r) for r in clash}
        if len(labels) < 2:
            continue
        keep = pinned & labels or {min(labels, key=_LABEL_ORDER.__getitem__)}
        renamed |= labels - keep
    for r in family:
        label = _scope_label(r)
        if not r["pinned"] and label in renamed:
            r["action"] += "_in_" + label if label else "_flat"


def _rule_words(clash: list[dict[str, Any]]) -> None:
    # Literal words first; placeholders (without braces) only when the literal words are the
    # same (``direct_costs/line_items`` beside ``direct_costs/{direct_cost_id}/line_items``).
    literal = [[s for s in r["rest"] if not is_placeholder(s)] for r in clash]
    if all(set(x) == set(literal[0]) for x in literal):
        literal = [[s.strip("{}") for s in r["rest"]] for r in clash]
    shared = set.intersection(*(set(x) for x in literal))
    if all(set(x) == shared for x in literal):
        return
    for r, words in zip(clash, literal, strict=True):
        extra = [snake(w) for w in words if w not in shared]
        if extra and not r["pinned"]:
            r["action"] += "_" + "_".join(extra)


def _rule_number(clash: list[dict[str, Any]]) -> None:
    n = 1
    for r in sorted(clash, key=lambda r: (not r["pinned"], r["path"], r["method"])):
        if n > 1 and not r["pinned"]:
            r["action"] += f"_{n}"
        n += 1


def name_operations(records: list[dict[str, Any]], pins: Mapping[str, str]) -> list[str]:
    """Give every record its ``action``; return the disambiguation rules that were needed."""
    noun = nouns(records)
    for r in records:
        action, words = base_action(r["method"], r["rest"], noun.get(r["group"], ""))
        r["words"] = words
        r["pinned"] = r["operation_id"] in pins
        r["action"] = pins.get(r["operation_id"], action)
    used: list[str] = []
    for label, rule in (
        ("method", _rule_method),
        ("scope", _rule_scope),
        ("path words", _rule_words),
        ("number", _rule_number),
    ):
        clashes = _clashes(records)
        if not clashes:
            break
        before = [r["action"] for r in records]
        if rule is _rule_scope:
            families: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for r in records:
                families[(r["group"], r["action"])].append(r)
            by_family: dict[tuple[str, str], list[list[dict[str, Any]]]] = defaultdict(list)
            for clash in clashes:
                by_family[(clash[0]["group"], clash[0]["action"])].append(clash)
            for key, family_clashes in by_family.items():
                _rule_scope(families[key], family_clashes)
        else:
            for clash in clashes:
                rule(clash)
        changed = sum(a != r["action"] for a, r in zip(before, records, strict=True))
        if changed:
            used.append(f"{label}: {changed} operations renamed")
    if _clashes(records):
        raise SystemExit("naming left duplicate (group, action, version) names")
    return used


def _clashes(records: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    by_name: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_name[(r["group"], r["action"], r["version"] or "-")].append(r)
    return [v for _, v in sorted(by_name.items()) if len(v) > 1]


# -- the table ---------------------------------------------------------------------------------


def build(
    operations: Sequence[Mapping[str, Any]],
    subset: Mapping[str, Any],
    overrides: Mapping[str, Any],
) -> tuple[list[dict[str, Any]], list[str]]:
    """Every operation as a record dict (sorted by path, method), and the naming rules used."""
    check_sources(overrides)
    rich_by_id = {e["operationId"]: e for e in subset["endpoints"]}
    groups = group_names(o["tag"] for o in operations)
    conv = {k: v["value"] for k, v in overrides["conventions"].items()}
    per_op = overrides.get("operations", {})
    records: list[dict[str, Any]] = []
    for op in operations:
        op_id = op["operationId"]
        rich = rich_by_id.get(op_id)
        fix = per_op.get(op_id, {})
        version, segments = split_path(op["path"])
        prefix, rest = resource_segments(segments)
        query = parameters(op, rich)
        for extra in fix.get("add_query", ()):
            # Parameters Procore documents for the endpoint that the spec omits.
            if extra[0] not in {q[0] for q in query}:
                query.append((extra[0], extra[1], extra[2], tuple(extra[3]), extra[4]))
        if "body" in fix:
            # A body the spec omits (v1 webhooks), in the subset's notation.
            body = body_fields({}, {"request_body": fix["body"]})
        else:
            body = body_fields(op, rich)
        scope_guess = scope_of(segments, query, body, None)
        wrapper = fix.get("wrapper", wrapper_of(body, (s[0] for s in scope_guess), segments))
        scope = scope_of(segments, query, body, wrapper)
        if "scope" in fix:
            scope = [tuple(s) for s in fix["scope"]]
        scheme, largest, default = paging_of(op, query, version, conv)
        if "paging" in fix:
            scheme = fix["paging"]
            largest = fix.get("largest_page")
            default = fix.get("default_page")
        elif "largest_page" in fix:
            largest, default = fix["largest_page"], fix.get("default_page", default)
        major = int(version[1:].split(".")[0]) if version else 0
        envelope = fix.get("envelope", conv["v2_envelope"] if major >= 2 else None)
        scope_keys = {(s[0], s[1]) for s in scope}
        plain = [q for q in query if (q[0], "query") not in scope_keys]
        records.append(
            {
                "operation_id": op_id,
                "method": op["method"],
                "path": op["path"],
                "version": version,
                "group": groups[op["tag"]],
                "tag": op["tag"],
                "summary": op.get("summary") or "",
                "prefix": prefix,
                "rest": rest,
                "scope": tuple(scope),
                # Every placeholder not a scope: ``{id}`` and ``{id}.pdf`` alike.
                "path_params": tuple(
                    name
                    for s in segments
                    for name in re.findall(r"\{(\w+)\}", s)
                    if (name, "path") not in scope_keys
                ),
                "query": tuple(q for q in plain if not _is_filter(q[0])),
                "filters": tuple(q for q in plain if _is_filter(q[0])),
                "body": _body_record(body, wrapper, scope_keys),
                "response": response_shape(op, rich, envelope),
                "paging": scheme,
                "largest_page": largest,
                "default_page": default,
                "sort": fix.get("sort", sort_of(query)),
                "envelope": envelope,
                "concurrent": bool(fix.get("concurrent", True)),
            }
        )
    attach_models(records, overrides.get("models", {}))
    records.sort(key=lambda r: (r["path"], r["method"]))
    rules = name_operations(records, {k: v["action"] for k, v in overrides["names"].items()})
    check_overrides(overrides, records)
    return records, rules


def attach_models(records: Sequence[dict[str, Any]], models: Mapping[str, Any]) -> None:
    """Each record's ``model`` and ``write_model``: the ``procore_sdk.models`` classes its 2xx
    body and its request body are read into (the overrides' ``models`` section; the write
    model of ``Name`` is ``NameWrite``, as ``scripts/generate_models.py`` names it)."""
    by_id = {r["operation_id"]: r for r in records}
    for r in records:
        r["model"] = r["write_model"] = None
    problems: list[str] = []
    for name, entry in sorted(models.items()):
        for key, column, value in (
            ("operations", "model", name),
            ("write_operations", "write_model", name + "Write"),
        ):
            for op_id in entry.get(key, ()):
                record = by_id.get(op_id)
                if record is None:
                    problems.append(f"models.{name}.{key}: no such operationId {op_id}")
                elif record[column] not in (None, value):
                    problems.append(f"models.{name}.{key}: {op_id} is {record[column]}'s already")
                else:
                    record[column] = value
    if problems:
        raise SystemExit("bad overrides:\n  " + "\n  ".join(problems))


def check_sources(overrides: Mapping[str, Any]) -> None:
    """Every overrides entry must cite its source (a Procore doc or an OAS operationId)."""
    missing = [
        f"{section}.{key}"
        for section in (
            "conventions",
            "aliases",
            "names",
            "operations",
            "default_versions",
            "models",
            "guide_operations",
        )
        for key, entry in overrides.get(section, {}).items()
        if not str(entry.get("source", "")).strip()
    ]
    if missing:
        raise SystemExit("overrides entries without a source: " + ", ".join(missing))


_OPERATION_KEYS = (
    "wrapper",
    "scope",
    "body",
    "add_query",
    "paging",
    "largest_page",
    "default_page",
    "sort",
    "envelope",
    "concurrent",
)


def check_overrides(overrides: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> None:
    """Every operationId, alias target and default version named in the overrides exists."""
    ids = {r["operation_id"] for r in records}
    names = {(r["group"], r["action"]) for r in records}
    groups = {g for g, _ in names}
    versions = {(r["group"], r["action"], r["version"]) for r in records}
    problems = [
        f"{section}.{key}: no such operationId"
        for section in ("names", "operations")
        for key in overrides.get(section, {})
        if key not in ids
    ]
    known = {"source", *_OPERATION_KEYS}
    for op_id, entry in overrides.get("operations", {}).items():
        unknown = sorted(set(entry) - known)
        if unknown:
            problems.append(f"operations.{op_id}: unknown keys {unknown}")
    for alias, entry in overrides["aliases"].items():
        if entry["group"] not in groups:
            problems.append(f"aliases.{alias}: no group {entry['group']}")
        if alias in groups and alias != entry["group"]:
            problems.append(f"aliases.{alias} hides the group of that name")
        for action, target in entry.get("actions", {}).items():
            group, _, real = target.rpartition(".")
            if (group or entry["group"], real) not in names:
                problems.append(f"aliases.{alias}.{action}: no {target}")
    for name, entry in overrides.get("default_versions", {}).items():
        group, _, action = name.partition(".")
        if (group, action, entry["version"]) not in versions:
            problems.append(f"default_versions.{name}: no {entry['version']}")
    if problems:
        raise SystemExit("bad overrides:\n  " + "\n  ".join(problems))


def _is_filter(name: str) -> bool:
    return name.startswith(("filters[", "filter["))


def _body_record(
    body: tuple[Any, ...] | None, wrapper: str | None, scope_keys: set[tuple[str, str]]
) -> tuple[Any, ...] | None:
    if body is None:
        return None
    required, fields = body
    top = tuple(
        (name, kind, array, req)
        for name, (kind, array, req, _subs) in sorted(fields.items())
        if (name, "body") not in scope_keys
    )
    inner = tuple(fields[wrapper][3]) if wrapper in fields else ()
    return (required, wrapper, top, inner)


def to_tuple(r: Mapping[str, Any]) -> tuple[Any, ...]:
    """The record as the raw tuple ``procore_sdk._operations`` reads (field order: RAW_FIELDS)."""
    return (
        r["operation_id"],
        r["method"],
        r["path"],
        r["version"],
        r["group"],
        r["action"],
        r["summary"],
        r["tag"],
        r["scope"],
        r["path_params"],
        r["query"],
        r["filters"],
        r["body"],
        r["response"],
        r["paging"],
        r["largest_page"],
        r["default_page"],
        r["sort"],
        r["envelope"],
        r["concurrent"],
        r["model"],
        r["write_model"],
    )


HEADER = '''"""Every operation of Procore's REST API, one JSON array each (generated, do not edit).

Generated by ``scripts/generate_operations.py`` from Procore's OpenAPI document and
``scripts/operation_overrides.json``. Read it through ``procore_sdk._operations``, which gives
the records names and types; field order is ``procore_sdk._operations.Operation``. The records
are JSON text in one string (one operation a line) because compiling that is about 50 times
faster than compiling the same data as Python tuples, which matters wherever no ``.pyc`` is
written.
"""

# ruff: noqa: E501

from __future__ import annotations

from typing import Any, Final

'''


def render(records: Sequence[Mapping[str, Any]], overrides: Mapping[str, Any]) -> str:
    aliases = {
        name: {"group": entry["group"], "actions": dict(sorted(entry.get("actions", {}).items()))}
        for name, entry in sorted(overrides["aliases"].items())
    }
    defaults = {k: v["version"] for k, v in sorted(overrides.get("default_versions", {}).items())}
    lines = [HEADER, "# fmt: off\n"]
    lines.append(f"ALIASES: Final[dict[str, dict[str, Any]]] = {json.dumps(aliases, indent=4)}\n")
    lines.append(
        '"""Today\'s public names -> their group, and their actions where the table\'s differ\n'
        '(an action may name another group: ``group.action``)."""\n\n'
    )
    lines.append(f"DEFAULT_VERSIONS: Final[dict[str, str]] = {json.dumps(defaults, indent=4)}\n")
    lines.append('"""``group.action`` -> its default version, where not the newest v1.x."""\n\n')
    rows = [json.dumps(to_tuple(r), ensure_ascii=False, separators=(",", ":")) for r in records]
    lines.append("OPERATIONS_JSON: Final[str] = (\n")
    lines.append("    '['\n")
    lines.extend(
        f"    {(row + (',' if i < len(rows) - 1 else ''))!r}\n" for i, row in enumerate(rows)
    )
    lines.append("    ']'\n")
    lines.append(")\n")
    guide = [
        {**entry, "operation_id": op_id}
        for op_id, entry in sorted(overrides.get("guide_operations", {}).items())
    ]
    rows = [json.dumps(to_tuple(r), ensure_ascii=False, separators=(",", ":")) for r in guide]
    lines.append("GUIDE_OPERATIONS_JSON: Final[str] = (\n")
    lines.append("    '['\n")
    lines.extend(
        f"    {(row + (',' if i < len(rows) - 1 else ''))!r}\n" for i, row in enumerate(rows)
    )
    lines.append("    ']'\n")
    lines.append(")\n")
    lines.append(
        '"""Operations Procore documents only in its guides (the unified upload), from the\n'
        'overrides\' ``guide_operations``; not part of the catalog."""\n'
    )
    lines.append("# fmt: on\n")
    return "".join(lines)


def render_names(records: Sequence[Mapping[str, Any]]) -> str:
    rows = sorted(
        f"{r['group']}.{r['action']} {r['version'] or '-'} {r['method']} {r['path']} "
        f"{r['operation_id']}"
        for r in records
    )
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_docs(records: Sequence[Mapping[str, Any]]) -> str:
    """The docs reference page of every operation, by product area, from the table."""
    areas: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for r in records:
        area = str(r["tag"]).split("/", 1)[0] or "Other"
        areas.setdefault(area, {}).setdefault(f"{r['group']}.{r['action']}", []).append(r)
    lines = [
        "# Operations\n\n",
        "<!-- Generated by scripts/generate_operations.py from the operation table; "
        "do not edit. -->\n\n",
        f"Every one of the {len(records):,} operations in Procore's API reference, by the name the "
        "SDK gives it (`group.action`; versions fold into one name), with the versions it is "
        "offered in and its route. The typed resource groups of the clients call these "
        "operations, and any of them can be called with `client.request(method, path)`, or "
        "listed with `client.paginate(path)`, which pages each the way it documents.\n\n",
    ]
    for area in sorted(areas):
        lines.append(f"## {area}\n\n")
        lines.append("| Name | Versions | Route (newest version) | Summary |\n")
        lines.append("|---|---|---|---|\n")
        for name in sorted(areas[area]):
            rows = areas[area][name]
            versions = sorted({str(r["version"]) for r in rows if r["version"]}, key=_vkey)
            newest = max(rows, key=lambda r: _vkey(str(r["version"] or "v0.0")))
            route = f"`{newest['method']} {newest['path']}`"
            lines.append(
                f"| `{name}` | {', '.join(versions) or '-'} | {route} | "
                f"{_cell(str(newest['summary']))} |\n"
            )
        lines.append("\n")
    return "".join(lines)


def _vkey(version: str) -> tuple[int, int]:
    major, _, minor = version.lstrip("v").partition(".")
    return int(major or 0), int(minor or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the outputs are stale")
    parser.add_argument("--operations", type=Path, default=DEFAULT_OPERATIONS)
    parser.add_argument("--subset", type=Path, default=DEFAULT_SUBSET)
    parser.add_argument("--overrides", type=Path, default=DEFAULT_OVERRIDES)
    parser.add_argument("--table", type=Path, default=TABLE, help="the generated module")
    parser.add_argument("--names", type=Path, default=NAMES, help="the committed name list")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs reference page")
    parser.add_argument("--stats", action="store_true", help="print counts per action")
    args = parser.parse_args(argv)

    records, rules = build(
        load_json(args.operations), load_json(args.subset), load_json(args.overrides)
    )
    outputs = {
        args.table: render(records, load_json(args.overrides)),
        args.names: render_names(records),
        args.docs: render_docs(records),
    }
    if args.stats:
        for action, n in Counter(r["action"] for r in records).most_common(25):
            print(f"{n:5d} {action}")
        print("disambiguation:", "; ".join(rules) or "none")
    return sync_outputs(outputs, check=args.check, script="generate_operations.py")


if __name__ == "__main__":
    raise SystemExit(main())
