"""``procore api METHOD PATH``: parameters in the SDK's encoding, bodies, pagination."""

from __future__ import annotations

import json
from pathlib import Path

from cli.conftest import Served, cli

from procore_sdk._cli import EXIT_API, EXIT_OK, EXIT_USAGE


def _project(served: Served) -> int:
    return served.fake.project_id


def test_get_prints_the_json_body(served: Served, env: dict[str, str]) -> None:
    result = cli("api", "GET", "/rest/v1.0/me", environ=env)
    assert result.code == EXIT_OK, result.err
    assert json.loads(result.out)["id"] == served.fake.dmsa_user_id


def test_params_nest_into_procore_brackets_and_ranges(served: Served, env: dict[str, str]) -> None:
    path = f"/rest/v1.0/projects/{_project(served)}/rfis"
    result = cli(
        "api",
        "GET",
        path,
        "-p",
        "filters[status]=open",
        "-p",
        "updated_at=2026-01-01...",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    sent = served.fake.requests[-1]
    assert sent.param("filters[status]") == "open"
    # The bare name of a documented filter goes under filters[...]; an open end is sent as
    # the SDK sends (start, None).
    assert sent.param("filters[updated_at]") == "2026-01-01...9999-12-31"
    assert all(r["status"] == "open" for r in json.loads(result.out))


def test_a_repeated_key_is_an_array(served: Served, env: dict[str, str]) -> None:
    path = f"/rest/v1.0/projects/{_project(served)}/rfis"
    result = cli(
        "api",
        "GET",
        path,
        "-p",
        "filters[status][]=open",
        "-p",
        "filters[status][]=draft",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    assert [v for k, v in served.fake.requests[-1].query if k == "filters[status][]"] == [
        "open",
        "draft",
    ]


def test_data_from_a_file_is_the_json_body(
    served: Served, env: dict[str, str], tmp_path: Path
) -> None:
    body = tmp_path / "vendor.json"
    body.write_text(json.dumps({"company_id": served.fake.company_id, "vendor": {"name": "Acme"}}))
    result = cli("api", "POST", "/rest/v1.0/vendors", "--data", f"@{body}", environ=env)
    assert result.code == EXIT_OK, result.err
    created = json.loads(result.out)
    assert created["name"] == "Acme"
    assert served.fake.get("vendors", created["id"]) is not None


def test_data_from_standard_input(served: Served, env: dict[str, str]) -> None:
    stdin = json.dumps({"company_id": served.fake.company_id, "vendor": {"name": "Piped"}})
    result = cli("api", "POST", "/rest/v1.0/vendors", "--data", "@-", environ=env, stdin=stdin)
    assert result.code == EXIT_OK, result.err
    assert json.loads(result.out)["name"] == "Piped"


def test_paginate_streams_every_record_as_json_lines(served: Served, env: dict[str, str]) -> None:
    company = served.fake.company_id
    total = len(served.fake.records("vendors", company))
    assert total > 2
    result = cli(
        "api",
        "GET",
        "/rest/v1.0/vendors",
        "-p",
        f"company_id={company}",
        "--paginate",
        "--per-page",
        "2",
        environ=env,
    )
    assert result.code == EXIT_OK, result.err
    lines = result.out.splitlines()
    assert len(lines) == total
    assert len({json.loads(line)["id"] for line in lines}) == total
    pages = [r for r in served.fake.requests if r.path == "/rest/v1.0/vendors"]
    assert len(pages) == -(-total // 2)


def test_an_api_error_prints_procores_message_and_exits_1(
    served: Served, env: dict[str, str]
) -> None:
    result = cli("api", "GET", f"/rest/v1.0/projects/{_project(served)}/rfis/1", environ=env)
    assert result.code == EXIT_API
    assert "404" in result.err
    assert "Not Found" in result.err
    assert result.out == ""


def test_bad_data_and_bad_params_are_usage_errors(env: dict[str, str]) -> None:
    bad_json = cli("api", "POST", "/rest/v1.0/vendors", "--data", "{nope", environ=env)
    assert bad_json.code == EXIT_USAGE
    assert "--data must be JSON" in bad_json.err
    no_equals = cli("api", "GET", "/rest/v1.0/me", "-p", "status", environ=env)
    assert no_equals.code == EXIT_USAGE
    assert "-p takes key=value" in no_equals.err
    post_pages = cli("api", "POST", "/rest/v1.0/me", "--paginate", environ=env)
    assert post_pages.code == EXIT_USAGE
