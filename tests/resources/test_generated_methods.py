"""Every operation of the table is a typed method on both clients, and what each sends.

The methods are generated (``scripts/generate_resources.py``) from the operation table and the
signatures of ``procore_sdk/_operations/_signature.py``; these tests hold the coverage, the
naming and the binding of keywords to the wire, through ``httpx.MockTransport``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour
from resources._recorder import PROJECT, Recorder

from procore_sdk import (
    ArgumentTypeError,
    AsyncProcore,
    InvalidArgumentError,
    Procore,
)
from procore_sdk._bind import bind
from procore_sdk._operations import lookup, operations
from procore_sdk._operations._signature import OPTION_NAMES, method, methods, python_name
from procore_sdk._sync_action_result import SyncOptions

ROOT = Path(__file__).resolve().parents[2]

# Procore's OAuth endpoints are not resource calls: the auth layer makes them (token requests
# go to the login host, never with a Bearer token).
OAUTH = {
    "OauthTokenPost": "the auth objects (ClientCredentials, AuthorizationCode, RefreshToken)",
    "OauthRevokePost": "revoke_token",
    "OauthTokenInfoGet": "token_info",
    "OauthAuthorizeGet": "AuthorizationCode.authorization_url",
}


def _clients() -> list[Any]:
    return [
        Procore(access_token="t", company_id=1),
        AsyncProcore(access_token="t", company_id=1),
    ]


# -- coverage and names ---------------------------------------------------------------------


@pytest.mark.parametrize("client", _clients(), ids=["sync", "async"])
def test_every_catalog_operation_is_a_method_of_its_group(client: Any) -> None:
    missing = []
    for op in operations():
        if op.version is None:
            assert op.operation_id in OAUTH
            continue
        group = getattr(client, op.group, None)
        if group is None or not callable(getattr(group, op.action, None)):
            missing.append(op.name)
    assert missing == []
    assert callable(client.token_info)
    assert callable(client.revoke_token)


def test_each_operation_has_one_name_and_names_are_unique() -> None:
    names = [(op.group, op.action, op.version) for op in operations() if op.version]
    assert len(names) == len(set(names)) == len(operations()) - len(OAUTH)
    # One method per group.action: its versions are the operations of that name.
    assert sum(len(m.versions) for m in methods()) == len(names)


def test_the_committed_name_list_is_the_table() -> None:
    # names.txt is reviewed like code: a rename shows in the diff.
    lines = (ROOT / "procore_sdk/_operations/names.txt").read_text(encoding="utf-8").splitlines()
    expected = {
        f"{op.name} {op.version or '-'} {op.method} {op.path} {op.operation_id}"
        for op in operations()
    }
    assert set(lines) == expected
    assert len(lines) == len(expected) == 2636


@pytest.mark.parametrize("client", _clients(), ids=["sync", "async"])
def test_generated_signatures_follow_the_naming_rules(client: Any) -> None:
    # Every keyword of every generated method is an argument of its signature or an option;
    # required arguments have no default.
    for m in methods():
        found = getattr(getattr(client, m.group), m.action)
        cls = type(getattr(client, m.group))
        if not cls.__module__.startswith("procore_sdk._generated"):
            continue  # a hand-written method: its own tests
        owner = next(k for k in cls.__mro__ if m.action in k.__dict__)
        if not owner.__module__.startswith("procore_sdk._generated"):
            continue  # the Sync mixin's sync()
        params = inspect.signature(found).parameters
        expected = {a.name for a in m.arguments}
        extra = set(params) - expected - OPTION_NAMES - {"items", "options"}
        assert extra == set(), f"{m.group}.{m.action}"
        for argument in m.arguments:
            if argument.name in params and argument.required:
                assert params[argument.name].default is inspect.Parameter.empty


def test_python_names_of_wire_names() -> None:
    assert python_name("dayRange") == "day_range"
    assert python_name("scope[category]") == "scope_category"
    assert python_name("cost_code_id[]") == "cost_code_id"
    assert python_name("from") == "from_"
    # filters[id] is ``ids``: ``id`` names one record.
    assert method("action_plan_items", "list").argument("ids").wires == (("v1.0", "filters[id]"),)
    # One name over versions that spell the wire differently.
    ids = method("coordination_issues", "list").argument("ids")
    assert {v for v, _ in ids.wires} == {"v1.0", "v2.0"}


def test_sync_options_list_the_sync_keywords() -> None:
    from procore_sdk._async._sync_resources import AsyncSyncMixin

    keywords = set(inspect.signature(AsyncSyncMixin.sync).parameters) - {"self", "items"}
    assert set(SyncOptions.__annotations__) == keywords


# -- what a generated method sends ------------------------------------------------------------


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


def test_list_sends_query_filters_in_array_form_and_the_largest_page(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec)
    records = list(
        client.accident_logs.list(
            project_id=PROJECT, log_date=dt.date(2026, 1, 2), location_id=3, created_by_id=7
        )
    )
    # Read into the operation's model (procore_sdk.models.AccidentLog).
    assert [type(r).__name__ for r in records] == ["AccidentLog"]
    assert records[0].id == rec.record["id"]
    request = rec.last
    assert request.url.path == f"/rest/v1.0/projects/{PROJECT}/accident_logs"
    params = request.url.params
    assert params["log_date"] == "2026-01-02"
    # filters[location_id] is an array in the reference: the array form even for one value.
    assert params.get_list("filters[location_id][]") == ["3"]
    assert params["filters[created_by_id]"] == "7"
    assert params["per_page"] == str(lookup("accident_logs", "list").largest_page)


def test_version_picks_the_path_and_a_range_filter_is_formatted(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec)
    list(
        client.coordination_issues.list(
            project_id=PROJECT,
            version="v2.0",
            view="compact",
            updated_at=(dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
        )
    )
    request = rec.last
    assert request.url.path == f"/rest/v2.0/companies/1/projects/{PROJECT}/coordination_issues"
    assert request.url.params["view"] == "compact"
    assert request.url.params["filters[updated_at]"] == "2026-01-01...2026-02-01"


def test_a_value_outside_the_enum_is_refused_naming_the_keyword(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec)
    with pytest.raises(InvalidArgumentError, match="view") as info:
        list(client.coordination_issues.list(project_id=PROJECT, view="huge"))
    assert info.value.argument == "view"
    assert "'compact'" in str(info.value)
    assert rec.requests == []


def test_a_keyword_the_chosen_version_lacks_is_refused(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    with pytest.raises(InvalidArgumentError, match=r"viewpoint_format.*v1\.0") as info:
        list(
            client.coordination_issues.list(
                project_id=PROJECT, version="v2.0", viewpoint_format="default"
            )
        )
    assert info.value.argument == "viewpoint_format"
    assert rec.requests == []


def test_a_list_where_one_value_is_taken_is_refused_but_filters_take_lists(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec)
    with pytest.raises(ArgumentTypeError, match="log_date"):
        list(client.accident_logs.list(project_id=PROJECT, log_date=["2026-01-01", "2026-01-02"]))
    # A filter takes several values (Procore's "Filtering on List Actions": filters[x][]=...).
    list(client.accident_logs.list(project_id=PROJECT, created_by_id=[1, 2]))
    assert rec.last.url.params.get_list("filters[created_by_id][]") == ["1", "2"]


def test_create_wraps_the_body_and_delete_returns_none(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    created = client.accident_logs.create({"comments": "slip"}, project_id=PROJECT)
    assert created.id == rec.record["id"]
    assert rec.last.method == "POST"
    assert rec.last.url.path == f"/rest/v1.0/projects/{PROJECT}/accident_logs"
    assert rec.body() == {"accident_log": {"comments": "slip"}}
    assert client.accident_logs.delete(5, project_id=PROJECT) is None
    assert rec.last.method == "DELETE"
    assert rec.last.url.path == f"/rest/v1.0/projects/{PROJECT}/accident_logs/5"


def test_company_scope_goes_in_the_path_from_the_client(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec, company_id=77)
    list(client.coordination_issues.list(project_id=PROJECT, version="v2.0"))
    assert rec.last.url.path.startswith("/rest/v2.0/companies/77/")
    assert rec.last.headers["Procore-Company-Id"] == "77"


def test_lookup_by_operation_id_calls_that_version(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    call = client.operation("RestV20CompaniesCompanyIdProjectsProjectIdCoordinationIssuesGet")
    pager = call(project_id=PROJECT)
    if flavour.is_async:

        async def drain() -> list[Any]:
            return [record async for record in pager]

        flavour.run(drain())
    else:
        list(pager)
    assert rec.last.url.path == f"/rest/v2.0/companies/1/projects/{PROJECT}/coordination_issues"
    with pytest.raises(InvalidArgumentError, match="operation_id"):
        client.operation("NoSuchOperation")
    with pytest.raises(InvalidArgumentError, match="token_info"):
        client.operation("OauthTokenInfoGet")


def test_hand_written_groups_keep_their_methods_and_gain_the_rest(flavour: Flavour) -> None:
    client = flavour.client(Recorder())
    rfis = getattr(client.rfis, "unwrapped", client.rfis)
    assert type(rfis).__name__.endswith("RfisResource")
    # rfis.list stays hand-written; rfis' other actions come from the generated base.
    assert callable(client.rfis.list)
    others = {m.action for m in methods() if m.group == "rfis"} - {"list"}
    assert others
    assert all(callable(getattr(client.rfis, a)) for a in others)
    # The table's name for a group with another name today is the same resource.
    vendors = getattr(client.vendors, "unwrapped", client.vendors)
    company_vendors = getattr(client.company_vendors, "unwrapped", client.company_vendors)
    assert company_vendors is vendors


# -- the binding, without HTTP ------------------------------------------------------------------


def test_bind_maps_python_names_to_the_chosen_versions_wire() -> None:
    m = method("coordination_issues", "list")
    v1 = lookup("coordination_issues", "list", "v1.0")
    bound = bind(m, v1, {"project_id": 5, "view": "normal", "ids": [1, 2], "self": object()})
    assert bound.values == {"project_id": 5}
    assert bound.query["view"] == "normal"
    # v1.0 spells this filter ``filters[ids][]`` (the array form).
    assert m.argument("ids").wire("v1.0") == "filters[ids][]"
    assert bound.query["filters"] == {"ids": [1, 2]}


def test_bind_passes_filters_and_params_through() -> None:
    m = method("accident_logs", "list")
    op = lookup("accident_logs", "list")
    bound = bind(m, op, {"project_id": 1}, filters={"custom": "x"}, params={"extra": 1}, sort=None)
    assert bound.query == {"filters": {"custom": "x"}, "extra": 1}
    with pytest.raises(ArgumentTypeError, match="filters"):
        bind(m, op, {"project_id": 1}, filters=["x"])  # type: ignore[arg-type]


def test_mock_transport_sees_no_request_for_a_bad_call() -> None:
    seen: list[httpx.Request] = []
    client = Procore(
        access_token="t",
        company_id=1,
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200))
        ),
    )
    with pytest.raises(InvalidArgumentError):
        list(client.coordination_issues.list(project_id=1, view="nope"))
    assert seen == []


def test_an_unknown_keyword_is_refused_naming_the_closest(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    with pytest.raises(InvalidArgumentError, match="did you mean location_id") as info:
        list(client.accident_logs.list(project_id=PROJECT, locaton_id=3))  # type: ignore[call-arg]
    assert info.value.argument == "locaton_id"
    with pytest.raises(InvalidArgumentError, match="no sorting"):
        list(client.accident_logs.list(project_id=PROJECT, sort="name"))  # type: ignore[call-arg]
    with pytest.raises(InvalidArgumentError, match="colour"):
        client.accident_logs.delete(5, project_id=PROJECT, colour="red")  # type: ignore[call-arg]
    assert rec.requests == []


def test_numeric_codes_and_include_deleted_true(flavour: Flavour, rec: Recorder) -> None:
    client = flavour.client(rec)
    # Observation statuses are the strings "0".."3" in the reference; ints are accepted.
    list(client.observations.list(project_id=PROJECT, status=[1, "2"]))
    assert rec.last.url.params.get_list("filters[status][]") == ["1", "2"]
    with pytest.raises(InvalidArgumentError, match="status"):
        list(client.observations.list(project_id=PROJECT, status=7))
    list(client.rfis.list(project_id=PROJECT, include_deleted=True))
    assert rec.last.url.params["filters[include_deleted]"] == "with"


def test_a_field_beside_the_wrapper_goes_at_the_top_level(flavour: Flavour, rec: Recorder) -> None:
    # POST /rest/v1.0/app_installations takes app_uid beside {"app_installation": {...}}.
    client = flavour.client(rec)
    client.app_installations.create(
        {"app_uid": "abc", "installation_configuration": {"a": 1}}, project_id=PROJECT
    )
    body = rec.body()
    assert body["app_uid"] == "abc"
    assert body["app_installation"] == {"installation_configuration": {"a": 1}}
    assert body["project_id"] == PROJECT  # scope in the body, where the reference puts it


def test_a_batch_body_with_fields_beside_it_is_given_whole(flavour: Flavour, rec: Recorder) -> None:
    # POST .../exchange_rates takes base_currency_iso_code beside the "exchange_rates" list.
    client = flavour.client(rec)
    body = {"base_currency_iso_code": "USD", "exchange_rates": [{"quote_currency_iso_code": "EUR"}]}
    client.company_exchange_rates.create(body)
    assert rec.body() == body
    client.company_exchange_rates.create([{"quote_currency_iso_code": "EUR"}])
    assert rec.body() == {"exchange_rates": [{"quote_currency_iso_code": "EUR"}]}
