"""``procore_sdk.models`` loads lazily: a name loads its own module on first use, nothing more."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from _support import Runner, SyncView

from procore_sdk import models
from procore_sdk._async._calls import async_list_operation
from procore_sdk._blocking._calls import list_operation
from procore_sdk._operations import by_operation_id, model_of, operations
from procore_sdk.models._index import MODULES, OPERATION_BODIES, OPERATION_MODELS

ROOT = Path(__file__).resolve().parents[2]

# The models package imported on its own: ``procore_sdk/__init__.py`` (the clients, which import
# today's models) is not run, so what loads is what the models package itself loads.
_ISOLATED = """
import json, sys, types
package = types.ModuleType("procore_sdk")
package.__path__ = [{root!r} + "/procore_sdk"]
sys.modules["procore_sdk"] = package
def new(since):
    return sorted(m for m in sys.modules if m.startswith("procore_sdk.models.") and m not in since)
before = set(sys.modules)
import procore_sdk.models as models
imported = new(before)
after_import = set(sys.modules)
{statement}
loaded = new(after_import)
print(json.dumps({{"import": imported, "loaded": loaded}}))
"""


def _isolated(statement: str) -> dict[str, list[str]]:
    code = _ISOLATED.format(root=str(ROOT), statement=statement)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


_FOLDERS = ("_groups", "_actions", "_bodies")  # packages of generated modules (empty inits)


def _generated_modules(names: list[str]) -> list[str]:
    """The generated modules among ``names`` (models, not the folders' empty packages)."""
    return [
        m
        for m in names
        if m.endswith("._shared") or (m.split(".")[2] in _FOLDERS and m.count(".") == 3)
    ]


def test_importing_the_package_loads_no_model_module() -> None:
    found = _isolated("pass")
    assert _generated_modules(found["import"]) == []
    # The index (~3,500 names) loads with the first model, not with the package.
    assert "procore_sdk.models._index" not in found["import"]


def test_a_model_loads_only_its_own_module_and_what_it_uses() -> None:
    found = _isolated("models.Rfi")
    loaded = set(_generated_modules(found["loaded"]))
    own = "procore_sdk.models." + MODULES["Rfi"]
    assert own in loaded
    # Rfi's custom fields are CustomField, the one model shared by many groups.
    assert loaded <= {own, "procore_sdk.models._shared"}


def test_a_body_typeddict_loads_only_its_own_module() -> None:
    found = _isolated("from procore_sdk.models import RfiCreateBody")
    loaded = _generated_modules(found["loaded"])
    assert loaded == ["procore_sdk.models." + MODULES["RfiCreateBody"]]


def test_a_name_is_resolved_once_and_unknown_names_raise_attribute_error() -> None:
    name = OPERATION_MODELS["RestV10ProjectsProjectIdRfisFilterOptionsStatusGet"]
    first = getattr(models, name)
    assert vars(models)[name] is first  # kept: later reads skip the index
    assert getattr(models, name) is first
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(models, "NoSuchModel")


def test_dir_and_all_list_every_indexed_name() -> None:
    assert set(MODULES) <= set(models.__all__)
    assert set(models.__all__) <= set(dir(models))
    assert len(models.__all__) == len(set(models.__all__))


def test_sources_still_resolves() -> None:
    assert "GET /rest/v1.0/projects/{project_id}/rfis/{id}" in models.SOURCES["Rfi"]


def test_the_index_keeps_every_model_the_overrides_assign() -> None:
    assigned = {op.operation_id: op.model for op in operations() if op.model}
    assert len(assigned) > 100
    assert {k: OPERATION_MODELS.get(k) for k in assigned} == assigned


def test_every_indexed_operation_model_and_body_is_a_name_of_the_package() -> None:
    assert set(OPERATION_MODELS.values()) <= set(MODULES)
    assert set(OPERATION_BODIES.values()) <= set(MODULES)
    known = {op.operation_id for op in operations()}
    assert set(OPERATION_MODELS) <= known
    assert set(OPERATION_BODIES) <= known


def test_bodies_only_for_operations_with_a_body() -> None:
    assert all(by_operation_id(op_id).body is not None for op_id in OPERATION_BODIES)


def test_rfi_create_body_describes_the_attributes_inside_the_wrapper() -> None:
    # Create RFI (Procore API reference): {"rfi": {...}} with subject, question and
    # rfi_manager_id required.
    op = by_operation_id("RestV10ProjectsProjectIdRfisPost")
    assert op.body is not None
    assert op.body.wrapper == "rfi"
    assert OPERATION_BODIES[op.operation_id] == "RfiCreateBody"
    body: Any = models.RfiCreateBody
    assert typing.is_typeddict(body) or hasattr(body, "__required_keys__")
    assert body.__total__ is False
    assert {"subject", "question", "rfi_manager_id"} <= body.__required_keys__
    assert "rfi" not in body.__annotations__
    assert {"due_date", "assignee_ids", "private"} <= body.__optional_keys__
    # A nested object is a TypedDict of its own.
    question = typing.get_args(typing.get_type_hints(body, include_extras=True)["question"])[0]
    assert "body" in question.__required_keys__
    # The reference leaves these items undescribed ("(nested object)"): any value is accepted.
    assert typing.get_type_hints(question)["file_version_ids"] == list[Any]


def test_the_pipeline_reads_a_v2_listing_into_the_indexed_model(runner: Runner) -> None:
    # List Change Reasons (REST v2.0): records inside a ``data`` envelope, string ids.
    op = by_operation_id("RestV20CompaniesCompanyIdChangeOrderChangeReasonsGet")
    assert op.model is None  # not one of today's models: the index names it
    model = model_of(op)
    assert model is not None
    assert model.__name__ == OPERATION_MODELS[op.operation_id]
    assert "data" not in attrs.fields_dict(model)
    page = {"data": [{"id": "5", "change_reason": "Scope", "deletable": True, "new_key": 1}]}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page)

    client = runner.client(handler, company_id=8)
    if runner.is_async:
        pager: Any = SyncView(async_list_operation(client.unwrapped, op, {}, model=model), runner)
    else:
        pager = list_operation(client, op, {}, model=model)
    [record] = list(pager)
    assert isinstance(record, model)
    assert (record.id, record.change_reason, record.deletable) == ("5", "Scope", True)
    assert record.show_in_select is None
    assert record.extra == {"new_key": 1}
