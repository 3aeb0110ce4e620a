"""What real Procore sends, stated on small inline payloads (the recorded ones are checked by
``tests/conformance/test_realworld_responses.py``): fields the OpenAPI subset lacks are declared,
a field sent in two shapes reads in both, custom fields are a map. The facts live in
``scripts/overrides.json``; these tests hold the generated models to them."""

from __future__ import annotations

import inspect
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from _support import Runner

from procore_sdk._errors import ResponseValidationError
from procore_sdk._serde import structure, unstructure
from procore_sdk.models import (
    CompanyUser,
    CustomField,
    Project,
    ProjectProjectStage,
    ProjectUser,
    ProjectUserPermissionTemplate,
    Rfi,
    RfiProjectStage,
    Submittal,
    Vendor,
)

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / "scripts" / "overrides.json"

generate_models = sys.modules.get("generate_models")
if generate_models is None:  # loaded by test_models.py when collected first
    import importlib.util

    _spec = importlib.util.spec_from_file_location(
        "generate_models", ROOT / "scripts" / "generate_models.py"
    )
    assert _spec is not None
    assert _spec.loader is not None
    generate_models = importlib.util.module_from_spec(_spec)
    sys.modules["generate_models"] = generate_models
    _spec.loader.exec_module(generate_models)


def sent(out: Any, payload: Any) -> Any:
    """``out`` (an unstructured model, every declared field) cut to the keys of ``payload``."""
    if isinstance(payload, dict) and isinstance(out, dict):
        return {k: sent(out.get(k), v) for k, v in payload.items()}
    if isinstance(payload, list) and isinstance(out, list):
        return [sent(o, v) for o, v in zip(out, payload, strict=True)]
    return out


# -- project_stage: an object or a string --------------------------------------------------


@pytest.mark.parametrize("model", [Project, Rfi])
def test_project_stage_reads_as_object(model: type[Any]) -> None:
    record = structure({"project_stage": {"id": 3, "name": "Course of Construction"}}, model)
    stage = record.project_stage
    assert isinstance(stage, (ProjectProjectStage, RfiProjectStage))
    assert stage.id == 3
    assert stage.name == "Course of Construction"
    assert stage.extra == {}
    assert record.extra == {}


@pytest.mark.parametrize("model", [Project, Rfi])
def test_project_stage_reads_as_string(model: type[Any]) -> None:
    record = structure({"project_stage": "Course of Construction"}, model)
    assert record.project_stage == "Course of Construction"
    assert record.extra == {}
    assert unstructure(record)["project_stage"] == "Course of Construction"


@pytest.mark.parametrize("model", [Project, Rfi])
def test_project_stage_null_and_wrong_shape(model: type[Any]) -> None:
    assert structure({"project_stage": None}, model).project_stage is None
    with pytest.raises(ResponseValidationError) as info:
        structure({"project_stage": 7}, model)
    assert any(e.endswith("@ $.project_stage") for e in info.value.errors), info.value.errors
    with pytest.raises(ResponseValidationError):
        structure({"project_stage": True}, model)  # a bool is not a string nor an object


def test_project_stage_is_typed_as_a_union_and_documented() -> None:
    field = attrs.fields_dict(Project)["project_stage"]
    assert "ProjectProjectStage" in str(field.type)
    assert "str" in str(field.type)
    source = Path(inspect.getfile(Project)).read_text(encoding="utf-8")
    declared = source.split("    project_stage: ProjectProjectStage | str | None", 1)[1]
    assert declared.split("\n", 2)[1].strip().startswith('"""The project\'s stage')


# -- fields real Procore sends that the subset lacks -----------------------------------------


def test_project_list_item_sends_erp_integrated() -> None:
    # Real v1.1 lists send ``erp_integrated``; the reference's show says ``is_erp_integrated``.
    project = structure(
        {"id": 1, "erp_integrated": True, "total_value": "50000000.0", "latitude": 30.25}, Project
    )
    assert project.erp_integrated is True
    assert project.is_erp_integrated is None
    assert project.total_value == Decimal("50000000.0")
    assert project.extra == {}


def test_custom_fields_are_a_map_of_custom_field() -> None:
    payload = {
        "custom_fields": {
            "custom_field_1": {"data_type": "lov_entry", "value": {"id": 13, "label": "CCIP"}},
            "custom_field_2": {"data_type": "boolean", "value": False},
            "custom_field_3": {"data_type": "decimal", "value": 33.0},
            "custom_field_4": {"data_type": "lov_entries", "value": [{"id": 5, "label": "A"}]},
            "custom_field_5": {"data_type": "rich_text", "value": None},
        }
    }
    for model in (Project, Rfi, Submittal):
        record = structure(payload, model)
        fields = record.custom_fields
        assert fields is not None
        assert set(fields) == set(payload["custom_fields"])
        assert all(isinstance(f, CustomField) and f.extra == {} for f in fields.values())
        assert fields["custom_field_1"].value == {"id": 13, "label": "CCIP"}
        assert fields["custom_field_3"].value == 33.0
        assert type(fields["custom_field_3"].value) is float
        assert sent(unstructure(record), payload) == payload


def test_rfi_show_fields_are_declared() -> None:
    payload = {
        "id": 22564874,
        "link": "https://app.procore.com/1/project/rfi/show/2",
        "title": "R&D Test RFI",
        "revision": "0",
        "current_revision": True,
        "has_revisions": False,
        "source_rfi_header_id": 22564874,
        "priority": {"name": False, "value": None},
        "proposed_solution": None,
        "change_events": [],
        "coordination_issues": [],
        "assignees": [{"id": 1, "name": "A", "locale": "", "response_required": False}],
        "assignee": {"id": 1, "name": "A", "locale": ""},
        "specification_section": {"id": 3, "label": "06-4116", "viewable_document_id": 9},
    }
    rfi = structure(payload, Rfi)
    assert rfi.extra == {}
    assert rfi.title == "R&D Test RFI"
    assert rfi.revision == "0"
    assert rfi.priority is not None
    assert rfi.priority.name is False
    assert rfi.priority.extra == {}
    assert rfi.assignees is not None
    assert rfi.assignees[0].response_required is False
    assert rfi.assignees[0].extra == {}
    assert rfi.assignee is not None
    assert rfi.assignee.extra == {}
    assert rfi.specification_section is not None
    assert rfi.specification_section.extra == {}
    assert sent(unstructure(rfi), payload) == payload


def test_submittal_nested_fields_are_declared() -> None:
    payload = {
        "specification_section": {"id": 1, "specification_area_id": 790, "viewable_document_id": 2},
        "submittal_package": {"id": 3, "created_by": {"id": 4, "name": "N"}, "updated_at": None},
        "type": {"id": 5, "name": "Product Data", "translated_name": "Product Data"},
    }
    submittal = structure(payload, Submittal)
    assert submittal.extra == {}
    assert submittal.specification_section is not None
    assert submittal.specification_section.specification_area_id == 790
    assert submittal.specification_section.extra == {}
    assert submittal.submittal_package is not None
    created_by = submittal.submittal_package.created_by
    assert created_by is not None
    assert created_by.name == "N"
    assert created_by.extra == {}
    assert submittal.type is not None
    assert submittal.type.extra == {}
    assert sent(unstructure(submittal), payload) == payload


def test_directory_fields_are_declared() -> None:
    vendor = structure({"id": 1, "connected_to_company_id": None}, Vendor)
    assert vendor.extra == {}
    user = structure(
        {
            "id": 2,
            "contact_id": 5181440,
            "erp_integrated_accountant": False,
            "welcome_email_sent_at": "2017-03-06T16:54:13Z",
            "company_permission_template": None,
            "permission_template": {"id": 7, "name": "PU", "project_specific": False, "type": "g"},
        },
        ProjectUser,
    )
    assert user.extra == {}
    assert isinstance(user.permission_template, ProjectUserPermissionTemplate)
    assert user.permission_template.extra == {}
    assert structure({"add_to_new_projects": False}, CompanyUser).extra == {}


# -- through both clients ----------------------------------------------------------------------


def test_both_shapes_through_the_clients(runner: Runner) -> None:
    page = [
        {"id": 1, "project_stage": {"id": 3, "name": "Bidding"}, "erp_integrated": True},
        {"id": 2, "project_stage": "Bidding", "erp_integrated": False},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/rest/v1.1/projects"
        return httpx.Response(200, json=page)

    client = runner.client(handler, company_id=8)
    first, second = list(client.projects.list(version="v1.1"))
    assert isinstance(first.project_stage, ProjectProjectStage)
    assert first.project_stage.name == "Bidding"
    assert second.project_stage == "Bidding"
    assert (first.erp_integrated, second.erp_integrated) == (True, False)
    assert first.extra == second.extra == {}


# -- the overrides file and the generator --------------------------------------------------


def test_every_override_cites_its_source() -> None:
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    facts = [f for model in overrides["fields"].values() for f in model.values()]
    facts += [f for m in overrides["models"].values() for f in m["fields"].values()]
    assert facts
    for fact in facts:
        assert fact.get("source"), fact
        assert ("type" in fact) != ("also" in fact), fact


SUBSET: dict[str, Any] = {
    "endpoints": [
        {
            "method": "GET",
            "path": "/rest/v1.0/companies",
            "response": {
                "fields": {
                    "id": "integer",
                    "stage": {"type": "object", "fields": {"id": "integer"}},
                    "custom_fields": {
                        "type": "object",
                        "fields": {"custom_field_%{custom_field_string_definition_id}": "object"},
                    },
                }
            },
        }
    ]
}


def _render(overrides: dict[str, Any]) -> str:
    gen = generate_models.Gen(SUBSET, overrides)
    gen.shared_models()
    gen.model(generate_models.ModelSpec("Company", read=(("GET", "/rest/v1.0/companies"),)))
    gen.check_applied()
    return "\n".join(text for module in gen.classes.values() for text in module)


def test_generator_applies_overrides() -> None:
    text = _render(
        {
            "models": {
                "CustomField": {
                    "doc": "One custom field.",
                    "source": ["x"],
                    "fields": {"value": {"type": "any", "source": ["x"]}},
                }
            },
            "fields": {
                "Company": {
                    "stage": {"also": ["string"], "doc": "Object or string.", "source": ["x"]},
                    "seen_only_real": {"type": "boolean", "source": ["x"]},
                    "never_seen_set": {"type": "any", "source": ["x"]},
                }
            },
        }
    )
    assert "stage: CompanyStage | str | None" in text
    assert '"""Object or string."""' in text
    assert "seen_only_real: bool | None" in text
    assert "never_seen_set: Any = attrs.field(default=None)" in text
    assert "custom_fields: dict[str, CustomField] | None" in text
    assert "class CustomField(ReadModel):" in text


def test_generator_rejects_an_override_for_an_unknown_model() -> None:
    with pytest.raises(SystemExit, match="NoSuchModel"):
        _render({"fields": {"NoSuchModel": {"x": {"type": "string", "source": ["x"]}}}})
