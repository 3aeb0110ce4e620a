"""Embedded app launch context (§9.2)."""

from __future__ import annotations

import json

import attrs
import pytest

from procore_sdk.auth import (
    LaunchContext,
    SidePanelContext,
    parse_launch_context,
    parse_side_panel_setup,
)


def test_default_names_from_the_docs_example() -> None:
    # §9.2: ?companyId={{procore.company.id}}&projectId={{procore.project.id}}&customField=...
    ctx = parse_launch_context(
        "https://app.example/launch?companyId=8&projectId=12345678901&customField=west"
        "&companyName=Acme%20Builders&projectName=Tower"
    )
    assert ctx == LaunchContext(
        company_id=8,
        company_name="Acme Builders",
        project_id=12345678901,  # beyond 32 bits (§1.2)
        project_name="Tower",
        custom={"customField": "west"},
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ctx.company_id = 9  # type: ignore[misc]


def test_custom_names_and_mapping_input() -> None:
    ctx = parse_launch_context(
        {"cid": ["8"], "pid": "", "region": "west"},
        names={"company_id": "cid", "project_id": ["pid", "project"]},
    )
    assert ctx.company_id == 8
    assert ctx.project_id is None  # company-level launch
    assert ctx.custom == {"region": "west"}
    with pytest.raises(ValueError, match="unknown launch context field"):
        parse_launch_context({}, names={"tenant": "t"})


def test_uninterpolated_placeholder_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="company_id"):
        parse_launch_context({"companyId": "{{procore.company.id}}"})


def test_side_panel_setup_message() -> None:
    message = {
        "type": "setup",
        "context": {"company_id": 8, "project_id": "42", "id": 7, "view": "rfi.detail", "x": 1},
    }
    ctx = parse_side_panel_setup(json.dumps(message))
    assert ctx == SidePanelContext(
        company_id=8, project_id=42, resource_id=7, view="rfi.detail", raw=message["context"]
    )
    assert parse_side_panel_setup(message["context"]).view == "rfi.detail"
    with pytest.raises(ValueError, match="setup"):
        parse_side_panel_setup({"type": "sidepanel:app:visible"})
    with pytest.raises(ValueError, match="context"):
        parse_side_panel_setup({"type": "setup"})
