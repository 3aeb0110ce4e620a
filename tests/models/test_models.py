"""Models and serde: liberal reads, strict writes, errors with paths, generator drift."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from _helpers.scripts import load_script

from procore_sdk import models
from procore_sdk._errors import ResponseValidationError
from procore_sdk._serde import structure, structure_list, unstructure
from procore_sdk._types import UNSET
from procore_sdk.models import (
    SOURCES,
    CompanyUser,
    Hook,
    HookV2,
    HookV2Write,
    Project,
    ProjectWrite,
    ReadModel,
    Rfi,
    WorkOrderContract,
    WriteModel,
)

ROOT = Path(__file__).resolve().parents[2]

generate_models = load_script("generate_models")

RESOURCE_MODELS = [spec.name for spec in generate_models.MODELS]


def test_sources_name_every_resource_model() -> None:
    assert set(RESOURCE_MODELS) <= set(SOURCES)


def test_models_are_frozen_slotted_keyword_only() -> None:
    project = structure({"id": 1}, Project)
    assert not hasattr(project, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        project.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Project(1)  # type: ignore[call-arg,arg-type]
    assert issubclass(Project, ReadModel)
    assert issubclass(ProjectWrite, WriteModel)


def test_ids_of_any_size_stay_ints() -> None:
    for big in (2**53 + 1, 2**63, 5982324300946918154, 10**30):
        assert structure({"id": big}, Project).id == big
    assert structure({"id": "9007199254740993"}, Project).id == 2**53 + 1


def test_money_strings_and_numbers_become_decimal() -> None:
    woc = structure({"grand_total": "1234.56", "revised_contract": 0.1}, WorkOrderContract)
    assert woc.grand_total == Decimal("1234.56")
    assert woc.revised_contract == Decimal("0.1")  # not the binary expansion of 0.1
    assert structure({"total_value": 12}, Project).total_value == Decimal(12)


def test_dates_and_z_datetimes_are_parsed_aware() -> None:
    project = structure(
        {
            "start_date": "2024-05-01",
            "created_at": "2025-02-06T23:34:12.246562Z",
            "updated_at": "2024-01-02T03:04:05",
        },
        Project,
    )
    assert project.start_date == dt.date(2024, 5, 1)
    assert project.created_at == dt.datetime(2025, 2, 6, 23, 34, 12, 246562, tzinfo=dt.timezone.utc)
    assert project.updated_at is not None
    assert project.updated_at.tzinfo is dt.timezone.utc  # naive timestamps are UTC (§10.3)
    assert structure({"start_date": "2018-08-26T00:00:00Z"}, Project).start_date == dt.date(
        2018, 8, 26
    )


def test_enums_are_open_and_nulls_are_kept() -> None:
    rfi = structure({"status": "a_status_procore_invents_tomorrow", "subject": None}, Rfi)
    assert rfi.status == "a_status_procore_invents_tomorrow"
    assert rfi.subject is None


def test_nested_models_and_nested_unknown_fields() -> None:
    project = structure({"company": {"id": 5, "name": "Co", "zone": "us02"}}, Project)
    assert project.company is not None
    assert project.company.id == 5
    assert project.company.extra == {"zone": "us02"}


def test_v2_ids_are_strings() -> None:
    hook = structure({"id": "160586", "company_id": 8, "status": "active"}, HookV2)
    assert hook.id == "160586"
    assert hook.company_id == "8"  # a numeric v2 id is read as its string


def test_hook_v1_ids_are_ints() -> None:
    assert structure({"id": 12, "owned_by_company_id": 8}, Hook).id == 12


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"id": "abc"}, "$.id"),
        ({"company": {"id": "abc"}}, "$.company.id"),
        ({"start_date": "not a date"}, "$.start_date"),
        ({"total_value": "12,5"}, "$.total_value"),
        ({"active": "yes"}, "$.active"),
    ],
)
def test_bad_response_raises_with_path(data: dict[str, Any], path: str) -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure(data, Project)
    assert any(e.endswith(f"@ {path}") for e in info.value.errors), info.value.errors
    assert "Project" in str(info.value)


def test_bad_item_in_list_names_its_index() -> None:
    with pytest.raises(ResponseValidationError) as info:
        structure_list([{"id": 1}, {"id": 2}, {"id": {"x": 1}}], Project)
    assert any(e.endswith("@ $[2].id") for e in info.value.errors), info.value.errors
    with pytest.raises(ResponseValidationError):
        structure_list({"id": 1}, Project)
    with pytest.raises(ResponseValidationError):
        structure(["not", "an", "object"], Project)


def test_structure_list_reads_a_page() -> None:
    page = structure_list([{"id": i, "name": f"P{i}"} for i in range(3)], Project)
    assert [p.id for p in page] == [0, 1, 2]


def test_write_model_drops_unset_keeps_none() -> None:
    body = unstructure(ProjectWrite(name="Tower", description=None))
    assert body == {"name": "Tower", "description": None}
    assert unstructure(ProjectWrite()) == {}
    assert ProjectWrite().name is UNSET


def test_write_model_serialises_money_dates_and_renamed_keys() -> None:
    body = unstructure(
        ProjectWrite(
            total_value=Decimal("1234.50"),
            start_date=dt.date(2024, 5, 1),
        )
    )
    assert body == {"total_value": 1234.5, "start_date": "2024-05-01"}
    assert json.dumps(body)
    hook = unstructure(
        HookV2Write(namespace="acme", destination_headers={"Authorization": "Bearer tok"})
    )
    assert hook == {"namespace": "acme", "destination_headers": {"Authorization": "Bearer tok"}}


def test_renamed_json_keys_round_trip() -> None:
    hook = structure({"destination_headers": {"Authorization": "**1234"}}, Hook)
    assert hook.destination_headers is not None
    assert hook.destination_headers.authorization == "**1234"
    assert unstructure(hook)["destination_headers"] == {"Authorization": "**1234"}


def test_webhook_credentials_never_in_repr() -> None:
    write = HookV2Write(destination_url="https://x", destination_headers={"Authorization": "s3cr"})
    assert "s3cr" not in repr(write)
    read = structure({"destination_headers": {"Authorization": "Bearer s3cr"}}, Hook)
    assert "s3cr" not in repr(read)
    assert "s3cr" not in repr(read.destination_headers)


def test_read_model_unstructure_keeps_extra() -> None:
    project = structure({"id": 1, "new": "x", "created_at": "2024-01-02T03:04:05Z"}, Project)
    out = unstructure(project)
    assert out["new"] == "x"
    assert out["id"] == 1
    assert out["created_at"] == "2024-01-02T03:04:05Z"


def test_company_user_union_across_versions() -> None:
    user = structure({"id": 1, "email_address": "a@b.c", "is_employee": False}, CompanyUser)
    assert user.email_address == "a@b.c"


def test_every_model_is_exported() -> None:
    from procore_sdk.models._index import MODULES

    assert set(MODULES) <= set(models.__all__)
    assert set(models.__all__) <= set(dir(models))


def test_fast_path_equals_constructed_model_and_absent_fields_read_none() -> None:
    read = structure({"id": 7, "name": "A", "company": None}, Project)
    built = Project(id=7, name="A")
    assert read == built
    assert read.display_name is None
    assert read.extra == {}
    with pytest.raises(AttributeError):
        _ = read.no_such_field  # type: ignore[attr-defined]
    assert repr(read).startswith("Project(")


def test_money_typed_string_in_request_schema_is_sent_as_string() -> None:
    from procore_sdk.models import PrimeContractLineItemWrite

    body = unstructure(PrimeContractLineItemWrite(amount=Decimal("10.50"), cost_code_id=3))
    assert body == {"amount": "10.50", "cost_code_id": 3}


def test_enum_fields_are_strings_never_money() -> None:
    from procore_sdk.models import PunchItem

    field = attrs.fields_dict(PunchItem)["cost_impact"]
    assert "Decimal" not in str(field.type)
    assert structure({"cost_impact": "yes_known"}, PunchItem).cost_impact == "yes_known"


def test_sync_entities_parse_with_their_money() -> None:
    from procore_sdk.models import DirectCost

    cost = structure(
        {"id": 1, "grand_total": "99.95", "direct_cost_date": "2024-05-01", "origin_id": "X-1"},
        DirectCost,
    )
    assert cost.grand_total == Decimal("99.95")
    assert cost.direct_cost_date == dt.date(2024, 5, 1)


def test_fast_path_models_copy_pickle_and_evolve() -> None:
    import copy
    import pickle

    read = structure({"id": 7, "new": 1}, Project)
    assert pickle.loads(pickle.dumps(read)) == read
    assert copy.copy(read) == read
    changed = attrs.evolve(read, name="B")
    assert changed.name == "B"
    assert changed.id == 7


@pytest.mark.parametrize(
    ("text", "micro"),
    [
        ("2025-02-06T23:34:12.2465Z", 246500),  # 4 digits: Python 3.10 rejects it unaided
        ("2025-02-06T23:34:12.1Z", 100000),
        ("2025-02-06T23:34:12.123456789Z", 123456),  # nanoseconds are cut to microseconds
        ("2025-02-06T23:34:12+01:00", 0),
    ],
)
def test_datetime_fractions_of_any_length(text: str, micro: int) -> None:
    created = structure({"created_at": text}, Project).created_at
    assert created is not None
    assert created.microsecond == micro
    assert created.tzinfo is not None
