"""The fake's generic routes: every catalog operation the hand-written routes do not serve.

Raw httpx against the fake (``api``: a DMSA token and the seeded company's header). The examples
use operations of the table the fake models only generically: accident logs (v1, ``page``
paging, a ``accident_log`` wrapper) and bid board projects (REST v2: ``data`` envelope, string
ids, a flat body with required ``name`` and ``status``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import httpx
import pytest
from _helpers.fake_http import authorize

from procore_sdk import _operations
from procore_sdk.testing import FakeProcore
from procore_sdk.testing._app import MISSING_COMPANY_HEADER
from procore_sdk.testing._catalog import CatalogRequest, response_of, serve
from procore_sdk.testing._responses import NOT_CONNECTED

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def accident_logs(fake: FakeProcore, project: int | None = None) -> str:
    return f"/rest/v1.0/projects/{project or fake.project_id}/accident_logs"


def bid_board(fake: FakeProcore, company: int | None = None) -> str:
    return f"/rest/v2.0/companies/{company or fake.company_id}/estimating/bid_board_projects"


def new_log(api: httpx.Client, fake: FakeProcore, **attributes: Any) -> dict[str, Any]:
    resp = api.post(accident_logs(fake), json={"accident_log": {"time_hour": 9, **attributes}})
    assert resp.status_code == 201, resp.text
    body: dict[str, Any] = resp.json()
    return body


# -- paging ------------------------------------------------------------------------------------


def test_a_generic_list_pages_with_link_total_and_per_page(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # Procore docs: Using Pagination: page/per_page, Link (first, prev, last, next), Total,
    # Per-Page; the last page has no next.
    for n in range(2):
        new_log(api, fake, comments=f"log {n}")
    first = api.get(accident_logs(fake), params={"per_page": 2})
    assert first.status_code == 200
    assert first.headers["Total"] == "5"  # 3 seeded + 2 created
    assert first.headers["Per-Page"] == "2"
    assert len(first.json()) == 2
    assert set(first.links) == {"next", "last"}
    assert "page=3" in first.links["last"]["url"]
    last = api.get(accident_logs(fake), params={"per_page": 2, "page": 3})
    assert [r["comments"] for r in last.json()] == ["log 1"]
    assert set(last.links) == {"first", "prev", "last"}
    everything = api.get(accident_logs(fake))
    assert [r["id"] for r in everything.json()][:2] == [r["id"] for r in first.json()]
    assert everything.headers["Per-Page"] == "100"  # the operation's default page


def test_a_page_is_never_larger_than_the_operations_largest(
    api: httpx.Client, fake: FakeProcore
) -> None:
    assert _operations.match("GET", accident_logs(fake)).largest_page == 2000  # type: ignore[union-attr]
    resp = api.get(accident_logs(fake), params={"per_page": 50_000})
    assert resp.headers["Per-Page"] == "2000"
    assert api.get(bid_board(fake), params={"per_page": 50_000}).headers["Per-Page"] == "100"


def test_bad_page_numbers_are_400(api: httpx.Client, fake: FakeProcore) -> None:
    resp = api.get(accident_logs(fake), params={"page": "two"})
    assert resp.status_code == 400
    assert "page" in resp.json()["message"]


def test_a_v2_list_has_the_data_envelope_string_ids_and_an_empty_link_on_one_page(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # Procore docs: New Rest V2 API Version (data envelope, string ids, default page 10); the
    # Link header is present but empty when everything fits one page (Procore docs: Document
    # Management Technical Guide).
    resp = api.get(bid_board(fake))
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == ["data"]
    assert len(body["data"]) == 3
    assert all(isinstance(r["id"], str) and r["id"].isdigit() for r in body["data"])
    assert resp.headers["Link"] == ""
    assert resp.headers["Per-Page"] == "10"
    assert resp.headers["Total"] == "3"


def _synthetic(fake: FakeProcore, op: _operations.Operation, query: list[tuple[str, str]]) -> Any:
    token = fake.issue_token()
    path = op.path.format(company_id=fake.company_id, project_id=fake.project_id)
    return serve(CatalogRequest(fake, op, path, query, None, fake.company_id, token, ""))


def test_page_start_pages_after_the_last_id_of_the_previous_page(fake: FakeProcore) -> None:
    # Procore API reference: List Webhooks Deliveries: page_size and page_start ("the last id of
    # the previous page"). The only such operation is hand-written, so the generic scheme is
    # driven with a list of the table given that scheme.
    op = _operations.match("GET", accident_logs(fake))
    assert op is not None
    op = op._replace(paging="page_start", default_page=2)
    first = _synthetic(fake, op, [])
    ids = [r["id"] for r in first.json()]
    assert len(ids) == 2
    rest = _synthetic(fake, op, [("page_start", str(ids[-1])), ("page_size", "5")])
    assert [r["id"] for r in rest.json()] == [ids[-1] + 1]
    assert "Link" not in dict(rest.headers)


def test_page0_pages_from_zero_with_a_fixed_size(fake: FakeProcore) -> None:
    # A 0-based page of a fixed size (Procore API reference: workforce planning lists, "up to
    # 400 items").
    op = next(o for o in _operations.operations() if o.paging == "page0")
    assert op.largest_page == 400
    small = op._replace(largest_page=2)
    required = [(p.name, "1") for p in op.query if p.required]
    first = _synthetic(fake, small, required)
    second = _synthetic(fake, small, [*required, ("page", "1")])
    assert len(first.json()) == 2
    assert len(second.json()) == 1
    assert second.json()[0] not in first.json()


# -- create, retrieve, update, delete ----------------------------------------------------------


def test_create_retrieve_update_delete_on_a_generic_collection(
    api: httpx.Client, fake: FakeProcore
) -> None:
    created = new_log(api, fake, comments="Slipped", involved_name="Sam")
    rid = created["id"]
    assert isinstance(rid, int)
    assert created["comments"] == "Slipped"
    # Every field of the response shape is there (Procore API reference: Create Accident Log).
    assert {"date", "datetime", "created_by", "location", "time_minute"} <= set(created)
    item = f"{accident_logs(fake)}/{rid}"
    assert api.get(item).json() == created
    updated = api.patch(item, json={"accident_log": {"comments": "Tripped"}})
    assert updated.status_code == 200
    assert updated.json()["comments"] == "Tripped"
    assert updated.json()["involved_name"] == "Sam"  # PATCH merges (Procore docs: RESTful API
    assert updated.json()["time_hour"] == 9  # Concepts)
    assert api.get(item).json()["comments"] == "Tripped"
    listed = {r["id"]: r for r in api.get(accident_logs(fake)).json()}
    assert listed[rid]["comments"] == "Tripped"
    deleted = api.delete(item)
    assert deleted.status_code == 204  # (Procore docs: Error Code Reference)
    assert deleted.content == b""
    gone = api.get(item)
    assert gone.status_code == 404
    assert gone.json()["message"] == "Not Found"
    assert rid not in {r["id"] for r in api.get(accident_logs(fake)).json()}


def test_seeded_records_can_be_retrieved_updated_and_deleted(
    api: httpx.Client, fake: FakeProcore
) -> None:
    listed = api.get(bid_board(fake)).json()["data"]
    rid = listed[1]["id"]
    assert fake.catalog_records("GET", bid_board(fake))[1]["id"] == int(rid)
    item = f"{bid_board(fake)}/{rid}"
    shown = api.get(item).json()["data"]
    assert shown["id"] == rid
    assert shown["name"] == listed[1]["name"]
    renamed = api.patch(item, json={"name": "Tower"}).json()["data"]
    assert (renamed["name"], renamed["status"]) == ("Tower", listed[1]["status"])
    assert api.delete(item).status_code == 204
    assert api.get(item).status_code == 404
    assert len(api.get(bid_board(fake)).json()["data"]) == 2


def test_a_v2_create_answers_in_the_envelope_with_a_string_id(
    api: httpx.Client, fake: FakeProcore
) -> None:
    resp = api.post(bid_board(fake), json={"name": "Hospital", "status": "ESTIMATING"})
    assert resp.status_code == 200  # the reference's 2xx for this create
    data = resp.json()["data"]
    assert isinstance(data["id"], str)
    assert (data["name"], data["status"]) == ("Hospital", "ESTIMATING")
    assert api.get(f"{bid_board(fake)}/{data['id']}").json()["data"] == data


def test_records_follow_the_response_schema(api: httpx.Client, fake: FakeProcore) -> None:
    # Values by the reference's type and format, enums from its values, nested objects filled.
    op = _operations.match("GET", bid_board(fake))
    assert op is not None
    _, node = response_of(op)
    shape = node["data"][1]
    record = api.get(bid_board(fake)).json()["data"][0]
    assert list(record) == list(shape)
    assert record["status"] in shape["status"][1:]
    assert ISO_DATETIME.match(record["created_on"])
    assert isinstance(record["archived"], bool)
    assert isinstance(record["square_footage"], float)
    assert set(record["address"]) == set(shape["address"])
    log = new_log(api, fake)
    assert ISO_DATE.match(log["date"])
    assert set(log["created_by"]) == {"id", "login", "name"}
    assert isinstance(log["created_by"]["id"], int)
    assert log["created_by"]["id"] != log["id"]  # a nested id is not the record's
    assert len(log["attachments"]) == 1  # arrays of objects hold one
    assert isinstance(log["attachments"][0]["url"], str)


def test_nested_objects_stop_at_depth_three(api: httpx.Client, fake: FakeProcore) -> None:
    def depth(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + max((depth(v) for v in value.values()), default=0)
        if isinstance(value, list):
            return max((depth(v) for v in value), default=0)
        return 0

    deepest = 0
    for op in _operations.operations()[::25]:
        if (
            op.method != "GET"
            or op.response.kind == "none"
            or "{" in op.path.replace("{company_id}", "").replace("{project_id}", "")
        ):
            continue
        path = op.path.format(company_id=fake.company_id, project_id=fake.project_id)
        resp = api.get(path)
        if resp.status_code == 200 and resp.content:
            deepest = max(deepest, depth(resp.json()))
    # The record (1) and three levels below it, plus a v2 envelope and a v1 list's array.
    assert 3 <= deepest <= 5


# -- validation and Procore's error shapes -----------------------------------------------------


def test_a_path_procore_does_not_document_is_404(api: httpx.Client, fake: FakeProcore) -> None:
    resp = api.get("/rest/v1.0/no_such_things")
    assert resp.status_code == 404
    assert resp.json() == {"message": "Not Found", "errors": "Not Found"}
    assert api.put(accident_logs(fake)).status_code == 404  # a method it does not take there


def test_a_hand_written_path_with_another_method_is_still_405(api: httpx.Client) -> None:
    assert _operations.match("PUT", "/rest/v1.0/vendors") is None
    assert api.put("/rest/v1.0/vendors").status_code == 405


def test_the_company_header_is_required_and_checked(api: httpx.Client, fake: FakeProcore) -> None:
    # Procore docs: Handling Procore Regions (the header); Error Code Reference (403 for a
    # company the app is not installed in, 404 for what the caller cannot see).
    token = api.headers["Authorization"]
    raw = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
    missing = raw.get(accident_logs(fake), headers={"Authorization": token})
    assert missing.status_code == 400
    assert missing.json()["message"] == MISSING_COMPANY_HEADER

    def with_company(company: object) -> httpx.Response:
        headers = {"Authorization": token, "Procore-Company-Id": str(company)}
        return raw.get(bid_board(fake), headers=headers)

    assert with_company(99).status_code == 404
    assert with_company(99).json()["error"]["message"] == "Company not found"
    assert with_company(fake.uninstalled_company_id).status_code == 403
    assert with_company(fake.uninstalled_company_id).json()["error"]["message"] == NOT_CONNECTED
    other = api.get(bid_board(fake, fake.other_company_id))
    assert other.status_code == 404  # a company in the path that is not the header's
    assert other.json()["error"]["code"] == "NOT_FOUND"


def test_without_the_header_rule_the_company_comes_from_the_path() -> None:
    fake = FakeProcore(seed=1, require_company_header=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        raw.headers["Authorization"] = f"Bearer {fake.issue_token().access_token}"
        assert raw.get(bid_board(fake)).status_code == 200
        assert raw.get(bid_board(fake, 99)).status_code == 404
        assert raw.get(bid_board(fake, fake.uninstalled_company_id)).status_code == 403


def test_a_project_must_exist_in_the_company(api: httpx.Client, fake: FakeProcore) -> None:
    # Records the caller may not see are 404, not 403 (Procore docs: Error Code Reference).
    assert api.get(accident_logs(fake, 12345)).status_code == 404
    elsewhere = fake.records("projects", fake.other_company_id)[0]["id"]
    resp = api.get(accident_logs(fake, elsewhere))
    assert resp.status_code == 404
    assert resp.json()["message"] == "Not Found"


def test_a_missing_required_query_parameter_is_400_naming_it(
    api: httpx.Client, fake: FakeProcore
) -> None:
    path = f"/rest/v1.0/companies/{fake.company_id}/configurable_field_sets/find_by_index"
    resp = api.get(path)
    assert resp.status_code == 400
    assert resp.json() == {"errors": {"type": ["is missing"]}}
    assert api.get(path, params={"type": "Project"}).status_code == 200
    # A scope in the query is required the same way (the project of a project-level list).
    scoped = api.get("/rest/v1.0/coordination_issues")
    assert scoped.status_code == 400
    assert scoped.json() == {"errors": {"project_id": ["is missing"]}}


def test_a_create_without_a_required_field_is_422_naming_it(
    api: httpx.Client, fake: FakeProcore
) -> None:
    v1 = api.post(accident_logs(fake), json={})
    assert v1.status_code == 422
    assert v1.json() == {"errors": {"accident_log": ["can't be blank"]}}
    v2 = api.post(bid_board(fake), json={"name": "Hospital"})
    assert v2.status_code == 422
    error = v2.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [d["field"] for d in error["details"]] == ["status"]
    assert error["details"][0]["message"] == "status can't be blank"
    assert len(api.get(bid_board(fake)).json()["data"]) == 3  # nothing was created


def test_an_unknown_record_is_404(api: httpx.Client, fake: FakeProcore) -> None:
    assert api.get(f"{accident_logs(fake)}/1").status_code == 404
    missing = api.patch(f"{bid_board(fake)}/1", json={"name": "x"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"


# -- isolation ---------------------------------------------------------------------------------


def test_collections_are_separate_per_path_and_scope(api: httpx.Client, fake: FakeProcore) -> None:
    second_project = fake.records("projects")[1]["id"]
    log = new_log(api, fake, comments="here")
    assert log["id"] not in {r["id"] for r in api.get(accident_logs(fake, second_project)).json()}
    ids_here = {r["id"] for r in api.get(accident_logs(fake)).json()}
    ids_there = {r["id"] for r in api.get(accident_logs(fake, second_project)).json()}
    notes = f"/rest/v1.0/projects/{fake.project_id}/notes_logs"  # hand-written, another resource
    assert ids_here.isdisjoint(ids_there)
    assert ids_here.isdisjoint(r["id"] for r in api.get(notes).json())
    # Scope in the query is part of the collection too.
    one = api.get("/rest/v1.0/coordination_issues", params={"project_id": fake.project_id})
    two = api.get("/rest/v1.0/coordination_issues", params={"project_id": second_project})
    assert {r["id"] for r in one.json()}.isdisjoint(r["id"] for r in two.json())


def test_versions_of_one_path_share_its_records(api: httpx.Client, fake: FakeProcore) -> None:
    base = f"/rest/{{}}/projects/{fake.project_id}/checklist/list_templates"
    assert _operations.match("GET", base.format("v1.1")) is not None
    assert {r["id"] for r in api.get(base.format("v1.0")).json()} == {
        r["id"] for r in api.get(base.format("v1.1")).json()
    }


def test_fakes_are_separate_and_deterministic() -> None:
    def listing(fake: FakeProcore, create: bool) -> list[dict[str, Any]]:
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
            api = authorize(raw, fake)
            if create:
                new_log(api, fake, comments="only here")
            body: list[dict[str, Any]] = api.get(accident_logs(fake)).json()
            return body

    one, two = FakeProcore(seed=5), FakeProcore(seed=5)
    assert len(listing(one, create=True)) == 4
    assert len(listing(two, create=False)) == 3  # the first fake's record is not here
    assert listing(FakeProcore(seed=5), False) == listing(FakeProcore(seed=5), False)
    assert listing(FakeProcore(seed=5), False) != listing(FakeProcore(seed=6), False)


# -- the hand-written routes win ---------------------------------------------------------------


def test_hand_written_routes_keep_serving_their_collections(
    api: httpx.Client, fake: FakeProcore
) -> None:
    rfis = api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis").json()
    assert [r["id"] for r in rfis] == [r["id"] for r in fake.records("rfis")]
    assert fake.catalog.collections == {}  # no generic collection was touched
    # A literal path of the reference beside a hand-written record path is generic.
    options = api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis/filter_options")
    assert options.status_code == 200
    assert isinstance(options.json(), dict)
    assert fake.catalog.collections != {}
    assert api.get(f"/rest/v1.0/projects/{fake.project_id}/rfis/abc").status_code == 404


def test_catalog_records_rejects_paths_procore_does_not_document(fake: FakeProcore) -> None:
    with pytest.raises(KeyError):
        fake.catalog_records("GET", "/rest/v1.0/no_such_things")
    with pytest.raises(ValueError, match="project_id"):
        fake.catalog_records("GET", "/rest/v1.0/coordination_issues")


def test_the_shapes_load_only_when_a_generic_route_is_hit() -> None:
    code = """
import sys, httpx
import procore_sdk
import procore_sdk.testing
assert "procore_sdk.testing._catalog_shapes" not in sys.modules
from procore_sdk.testing import FakeProcore
fake = FakeProcore()
client = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
client.headers["Authorization"] = "Bearer " + fake.issue_token().access_token
client.headers["Procore-Company-Id"] = str(fake.company_id)
assert client.get("/rest/v1.0/vendors").status_code == 200
print("after a hand-written route:", "procore_sdk.testing._catalog_shapes" in sys.modules)
path = f"/rest/v1.0/projects/{fake.project_id}/accident_logs"
assert client.get(path).status_code == 200
print("after a generic route:", "procore_sdk.testing._catalog_shapes" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == [
        "after a hand-written route: False",
        "after a generic route: True",
    ]


def test_every_catalog_operation_has_a_generated_shape() -> None:
    from procore_sdk.testing import _catalog_shapes

    known = json.loads(_catalog_shapes.OPERATIONS_JSON)
    assert {f"{op.method} {op.path}" for op in _operations.operations()} == set(known)
    shapes = json.loads(_catalog_shapes.SHAPES_JSON)
    assert all(-1 <= index < len(shapes) for _, index in known.values())


def test_other_actions_answer_from_the_collection(api: httpx.Client, fake: FakeProcore) -> None:
    # A setting read and written at one path is one record.
    settings = f"/rest/v1.0/companies/{fake.company_id}/rounding_configuration"
    written = api.patch(settings, json={"rounding_configuration": {"precision": 3}})
    assert written.status_code == 200
    assert written.json()["precision"] == 3
    assert api.get(settings).json() == written.json()
    # A bulk action on a list answers with that list's records.
    base = f"/rest/v1.0/companies/{fake.company_id}/action_plans/plan_template_item_assignees"
    listed = [r["id"] for r in api.get(base).json()]
    bulk = api.patch(f"{base}/bulk_update", json={"plan_template_item_assignees": [{"id": 1}]})
    assert bulk.status_code == 200
    assert [r["id"] for r in bulk.json()] == listed


def test_a_generic_route_needs_a_valid_token(fake: FakeProcore) -> None:
    # Expired, revoked or unknown tokens get 401 (Procore docs: Error Code Reference).
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as raw:
        raw.headers["Procore-Company-Id"] = str(fake.company_id)
        assert raw.get(accident_logs(fake)).status_code == 401
        raw.headers["Authorization"] = "Bearer not-a-token"
        resp = raw.get(bid_board(fake))
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == "INVALID_TOKEN"
    assert fake.catalog.collections == {}


def test_filters_narrow_a_generic_list(api: httpx.Client, fake: FakeProcore) -> None:
    # filters[attribute] (Procore docs: Filtering and Sorting on List Actions).
    log = new_log(api, fake, comments="wanted")
    found = api.get(accident_logs(fake), params={"filters[comments]": "wanted"})
    assert [r["id"] for r in found.json()] == [log["id"]]
    assert found.headers["Total"] == "1"
    rid = api.get(bid_board(fake)).json()["data"][2]["id"]
    one = api.get(bid_board(fake), params={"filters[id]": rid}).json()["data"]
    assert [r["id"] for r in one] == [rid]
