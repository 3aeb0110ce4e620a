"""``procore <group> <action>``: commands generated from the operation table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli.conftest import Served, cli

from procore_sdk._cli import EXIT_OK, EXIT_USAGE
from procore_sdk._cli._main import build_parser
from procore_sdk._cli._resources import group_names
from procore_sdk._operations._signature import method


def test_list_sends_filters_as_the_typed_methods_do(served: Served, env: dict[str, str]) -> None:
    project = served.fake.project_id
    result = cli(
        "rfis",
        "list",
        "--project-id",
        str(project),
        "--status",
        "open",
        "--format",
        "csv",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    sent = served.fake.requests[-1]
    assert sent.path == f"/rest/v1.0/projects/{project}/rfis"
    assert sent.param("filters[status]") == "open"
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows
    assert {row["status"] for row in rows} == {"open"}


def test_array_filters_and_date_ranges(served: Served, env: dict[str, str]) -> None:
    project = served.fake.project_id
    result = cli(
        "rfis",
        "list",
        "--project-id",
        str(project),
        "--ids",
        "1",
        "2",
        "--updated-at",
        "2024-01-01...2024-02-01",
        "--format",
        "jsonl",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    sent = served.fake.requests[-1]
    assert [v for k, v in sent.query if k == "filters[id][]"] == ["1", "2"]
    assert sent.param("filters[updated_at]") == "2024-01-01...2024-02-01"


def test_sort_is_sent_in_the_lists_dialect(served: Served, env: dict[str, str]) -> None:
    project = served.fake.project_id
    result = cli("rfis", "list", "--project-id", str(project), "--sort=-due_date", environ=env)
    assert result.code == EXIT_OK, result.err
    sent = served.fake.requests[-1]
    assert (sent.param("sort[attribute]"), sent.param("sort[direction]")) == ("due_date", "desc")
    vendors = cli("company_vendors", "list", "--sort", "name", "--max-items", "1", environ=env)
    assert vendors.code == EXIT_OK, vendors.err
    assert served.fake.requests[-1].param("sort") == "name"


def test_retrieve_takes_the_id_positionally(served: Served, env: dict[str, str]) -> None:
    project = served.fake.project_id
    first = served.fake.records("rfis", project)[0]
    result = cli("rfis", "retrieve", str(first["id"]), "--project-id", str(project), environ=env)
    assert result.code == EXIT_OK, result.err
    assert json.loads(result.out)["id"] == first["id"]


def test_create_wraps_data_in_the_operations_key(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"name": "From the CLI"}))
    result = cli("vendors", "create", "--data", f"@{data}", environ=env)
    assert result.code == EXIT_OK, result.err
    assert served.fake.requests[-1].json == {
        "company_id": served.fake.company_id,
        "vendor": {"name": "From the CLI"},
    }
    assert json.loads(result.out)["name"] == "From the CLI"


def test_table_format_shows_scalar_columns(served: Served, env: dict[str, str]) -> None:
    project = served.fake.project_id
    result = cli(
        "rfis",
        "list",
        "--project-id",
        str(project),
        "--format",
        "table",
        "--max-items",
        "2",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    header, *rows = result.out.splitlines()
    assert header.split()[:1] == ["LINK"] or "STATUS" in header.split()
    assert "CREATED_BY" not in header  # a nested object: json, jsonl or csv show it
    assert len(rows) == 2


def test_usage_errors_exit_2(env: dict[str, str]) -> None:
    missing = cli("rfis", "list", environ=env)
    assert missing.code == EXIT_USAGE
    assert "--project-id" in missing.err
    bad_choice = cli("rfis", "list", "--project-id", "1", "--status", "nope", environ=env)
    assert bad_choice.code == EXIT_USAGE
    assert "invalid choice" in bad_choice.err
    unknown = cli("rfiz", "list", environ=env)
    assert unknown.code == EXIT_USAGE
    assert "rfis" in unknown.err  # the suggestion


@pytest.mark.parametrize(
    ("group", "action"), [("rfis", "list"), ("company_vendors", "create"), ("deliveries", "list")]
)
def test_parameters_come_from_the_signature(group: str, action: str) -> None:
    parser = build_parser(group)
    sub = parser._subparsers._group_actions[0].choices[group]  # type: ignore[union-attr]
    act = sub._subparsers._group_actions[0].choices[action]  # type: ignore[union-attr]
    options = {o: a for a in act._actions for o in a.option_strings}
    for arg in method(group, action).arguments:
        if arg.kind == "id":
            continue
        found = options["--" + arg.name.rstrip("_").replace("_", "-")]
        assert found.required == arg.required
        if arg.enum:
            assert tuple(found.choices) == arg.enum


def test_only_the_group_asked_for_is_built() -> None:
    parser = build_parser(None)
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert "rfis" not in commands
    assert "rfis" in build_parser("rfis")._subparsers._group_actions[0].choices  # type: ignore[union-attr]


def test_groups_lists_every_group(env: dict[str, str]) -> None:
    result = cli("--groups", environ=env)
    assert result.code == EXIT_OK
    names = result.out.split()
    assert names == sorted(set(names))
    assert {"rfis", "company_vendors", "hooks", "submittals"} <= set(names)
    assert len(names) == len(group_names()) > 500


def test_kebab_case_groups_are_accepted(served: Served, env: dict[str, str]) -> None:
    result = cli("company-users", "list", "--max-items", "1", "--format", "json", environ=env)
    assert result.code == EXIT_OK, result.err
    assert len(json.loads(result.out)) == 1
