"""The generated API reference: a page per product area shows every method and every model.

Issue 13, item 5: "For each resource it shows its methods with signatures, parameters, filters
and return types, and each model's fields with their types and descriptions." The pages are
written by ``scripts/generate_reference.py``; the conformance group checks they are current
against Procore's reference (``tests/conformance/test_api_reference_current.py``). These tests
read only the repository.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from _helpers.scripts import load_script

from procore_sdk import models
from procore_sdk._operations import operations
from procore_sdk._operations._signature import method, methods

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "docs" / "reference" / "api"

generate_reference = load_script("generate_reference")


@cache
def _page(name: str) -> str:
    return (API / name).read_text(encoding="utf-8")


def _reference() -> Any:
    """The generator's pages built from the repository alone (no spec descriptions)."""
    inputs = generate_reference.Inputs(
        methods(), {}, generate_reference.read_models(generate_reference.MODELS_DIR)
    )
    return generate_reference.Reference(inputs)


@cache
def _lines(name: str) -> frozenset[str]:
    return frozenset(_page(name).splitlines())


@cache
def _anchors(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\{#([^}\s]+)\}\s*$", _page(name), re.MULTILINE))


def test_every_method_has_its_anchor_on_its_area_page() -> None:
    missing = []
    for m in methods():
        page = f"{generate_reference.slug(generate_reference.area_of(m))}.md"
        heading = f"#### {m.group}.{m.action} {{#{m.group}-{m.action}}}"
        if heading not in _lines(page):
            missing.append(f"{page}: {heading}")
    assert len(methods()) > 2000
    assert missing == []


def test_anchors_are_group_dash_action() -> None:
    assert "#### rfis.list {#rfis-list}" in _page("project-management.md")
    assert "### client.rfis {#rfis}" in _page("project-management.md")
    assert generate_reference.method_anchor("change_order_packages", "bulk_create") == (
        "change_order_packages-bulk_create"
    )


def test_the_old_operations_page_is_covered_by_the_area_pages() -> None:
    # docs/reference/operations.md (left out of the site) listed every group.action.
    old = (ROOT / "docs" / "reference" / "operations.md").read_text(encoding="utf-8")
    names = set(re.findall(r"^\| `(\w+)\.(\w+)` \|", old, re.MULTILINE))
    anchors = set().union(*(_anchors(p.name) for p in API.glob("*.md")))
    with_version = {(op.group, op.action) for op in operations() if op.version is not None}
    assert names & with_version
    assert sorted(f"{g}-{a}" for g, a in names & with_version if f"{g}-{a}" not in anchors) == []


def _model_names() -> set[str]:
    # The REST operations' models; OAuth's (no version) belong to the auth layer, not a group.
    rest = {op.operation_id for op in operations() if op.version is not None}
    names = {n for op in operations() for n in (op.model, op.write_model) if n and op.version}
    index = importlib.import_module("procore_sdk.models._index")
    for mapping in (index.OPERATION_MODELS, index.OPERATION_BODIES):
        names |= {
            str(getattr(v, "__name__", v)).rsplit(".", 1)[-1]
            for k, v in mapping.items()
            if k in rest
        }
    return names


def _declared_fields(cls: type) -> list[str]:
    if attrs.has(cls):
        return [f.name for f in attrs.fields(cls) if not f.name.startswith("_")]
    return [n for n in getattr(cls, "__annotations__", {}) if not n.startswith("_")]


def _documented_fields(name: str) -> list[str] | None:
    """The field names in the table under ``##### <name> {#<name>}``, on whichever page."""
    heading = f"##### {name} {{#{name}}}"
    for path in sorted(API.glob("*.md")):
        text = _page(path.name)
        start = text.find(heading + "\n")
        if start < 0:
            continue
        section = text[start + len(heading) :].split("\n#", 1)[0]
        return re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)
    return None


def test_every_model_of_the_table_is_documented_with_its_fields() -> None:
    names = _model_names()
    assert {"Rfi", "RfiWrite", "Project"} <= names
    problems = []
    for name in sorted(names):
        documented = _documented_fields(name)
        declared = _declared_fields(getattr(models, name))
        if documented != declared:
            problems.append(f"{name}: documented {documented}, declared {declared}")
    assert problems == []


def test_nested_models_are_documented_and_linked() -> None:
    page = _page("project-management.md")
    assert _documented_fields("RfiAssignee") == _declared_fields(models.RfiAssignee)
    assert "| `assignee` | [`RfiAssignee`](#RfiAssignee)` | None` |" in page


def test_model_fields_come_with_their_bases_and_docstrings(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "class Base(ReadModel):\n"
        "    id: int | None = None\n"
        '    """The record\'s id."""\n'
        "    name: str | None = None\n\n"
        "class Child(Base):\n"
        "    when: _dt.date | None = None\n"
        "    name: str = ''\n"
        "    _private: int = 0\n\n"
        "class Body(TypedDict, total=False):\n"
        "    title: Required[str]\n",
        encoding="utf-8",
    )
    found = generate_reference.read_models(tmp_path)
    child = found["Child"]
    assert child.kind == "read model"
    assert [(f.name, f.type, f.description) for f in child.fields] == [
        ("id", "int | None", "The record's id."),
        ("when", "datetime.date | None", ""),
        ("name", "str", ""),
    ]
    assert found["Body"].kind == "request body"
    assert [f.type for f in found["Body"].fields] == ["Required[str]"]


def test_the_models_index_wins_over_the_table_when_it_exists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = types.ModuleType("procore_sdk.models._index")
    vars(index).update(
        OPERATION_MODELS={"RestV10ProjectsProjectIdRfisGet": "procore_sdk.models.Project"},
        OPERATION_BODIES={"RestV10ProjectsProjectIdRfisPost": models.RfiWrite},
    )
    monkeypatch.setitem(sys.modules, "procore_sdk.models._index", index)
    operation_models, operation_bodies = generate_reference.read_index()
    assert operation_models == {"RestV10ProjectsProjectIdRfisGet": "Project"}
    assert operation_bodies == {"RestV10ProjectsProjectIdRfisPost": "RfiWrite"}
    inputs = generate_reference.Inputs(
        methods(),
        {},
        generate_reference.read_models(generate_reference.MODELS_DIR),
        operation_models,
        operation_bodies,
    )
    reference = generate_reference.Reference(inputs)
    assert reference.model_of(method("rfis", "list").default) == "Project"


def test_every_link_of_the_pages_reaches_an_anchor() -> None:
    broken = []
    for path in sorted(API.glob("*.md")):
        for target in re.findall(r"\]\(([^)\s]+)\)", _page(path.name)):
            if target.startswith("../") or "://" in target:
                continue
            page, _, anchor = target.partition("#")
            target_page = page or path.name
            if not (API / target_page).exists() or (anchor and anchor not in _anchors(target_page)):
                broken.append(f"{path.name}: {target}")
    assert broken == []


def test_signatures_are_python_with_types_enums_and_returns() -> None:
    reference = _reference()
    listing = reference.signature(method("rfis", "list"))
    assert listing.startswith("client.rfis.list(\n    *,\n    project_id: int,\n")
    status = 'Literal["open", "closed", "draft"]'
    assert f"    status: {status} | Sequence[{status}] | None = None,\n" in listing
    assert "    updated_at: DateRange | DateLike | Sequence[DateLike] | None = None,\n" in listing
    assert listing.endswith("    **options,\n) -> Pager[Rfi]")
    assert reference.signature(method("rfis", "retrieve")) == (
        "client.rfis.retrieve(id: int | str, *, project_id: int, **options) -> Rfi"
    )
    create = reference.signature(method("rfis", "create"))
    assert create.startswith("client.rfis.create(\n    data: RfiWrite | Mapping[str, Any],\n")
    assert create.endswith(") -> Rfi")
    # The signature on the page is the one the generator gives.
    assert f"```py\n{listing}\n```" in _page("project-management.md")


def test_a_method_shows_each_version_route_and_marks_the_default() -> None:
    multi = next(m for m in methods() if len(m.versions) > 1)
    page = _page(f"{generate_reference.slug(generate_reference.area_of(multi))}.md")
    section = page.split(f"{{#{multi.group}-{multi.action}}}\n", 1)[1].split("\n#", 1)[0]
    for op in multi.operations:
        mark = " (default)" if op.version == multi.default_version else ""
        assert f"- `{op.method} {op.path}` {op.version}{mark} · `{op.operation_id}`" in section


def test_the_parameter_table_names_the_wire_and_the_type() -> None:
    section = _page("project-management.md").split("{#rfis-list}\n", 1)[1].split("\n#", 1)[0]
    assert (
        '| `status` | `Literal["open", "closed", "draft"] | Sequence[Literal["open", "closed", '
        '"draft"]]` | no | `filters[status]` | '
        "Return item(s) with the specified RFI Status. |"
    ) in section
    assert "| `project_id` | `int` | yes | `project_id` |" in section


def test_index_lists_every_group_with_its_area() -> None:
    index = _page("index.md")
    for m in methods():
        area = generate_reference.area_of(m)
        row = f"| [`client.{m.group}`]({generate_reference.slug(area)}.md#{m.group}) | {area} |"
        assert row in index, m.group


def test_index_names_what_earlier_names_stand_for() -> None:
    index = _page("index.md")
    assert "| `vendors` | [`client.company_vendors`](core.md#company_vendors) |" in index
    assert (
        "`.list` is [`client.cost_codes.list_standard_cost_codes`]"
        "(construction-financials.md#cost_codes-list_standard_cost_codes)"
    ) in index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See [Filtering](https://developers.procore.com/f) for more.", None),
        ("See [the guide](/documentation/oauth-introduction).\nMore.", "See the guide."),
        ("a | b <c>", "a \\| b &lt;c>"),
        ("x" * 300, "x" * 237 + "..."),
    ],
)
def test_descriptions_are_one_safe_line(text: str, expected: str | None) -> None:
    assert generate_reference.one_line(text) == (text if expected is None else expected)


def test_the_nav_lists_every_area_page_and_nothing_else() -> None:
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    reference = _reference()
    assert reference.nav() in mkdocs
    config = yaml.safe_load(mkdocs)
    api = next(s["API reference"] for s in config["nav"] if "API reference" in s)
    area = next(s["By product area"] for s in api if "By product area" in s)
    listed = {Path(next(iter(entry.values()))).name for entry in area}
    assert listed == {p.name for p in API.glob("*.md")}
    assert listed == set(reference.pages())


def test_the_old_pages_say_nothing_twice() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "reference/operations.md" in config["exclude_docs"].split()
    models_page = (ROOT / "docs" / "reference" / "models.md").read_text(encoding="utf-8")
    assert "(api/index.md#models)" in models_page
    assert "members_order: alphabetical" not in models_page  # no field-less list of models
