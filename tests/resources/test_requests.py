"""What each resource sends: paths, scope placement, body wrappers, versions, filters, sort.

Every test runs through both clients against ``httpx.MockTransport`` recording the requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour
from resources._recorder import COMPANY, PROJECT, Recorder

from procore_sdk import ConfigurationError
from procore_sdk._endpoints import ENDPOINTS
from procore_sdk.models import ProjectWrite, RfiWrite


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


def _client(flavour: Flavour, rec: Recorder, **kw: Any) -> Any:
    return flavour.client(rec, company_id=COMPANY, **kw)


# -- (resource, list kwargs, expected list path, expected scope query) -------------------------

LISTS = [
    ("companies", {}, "/rest/v1.0/companies", {}),
    ("projects", {}, "/rest/v1.0/projects", {"company_id": "1"}),
    ("company_users", {}, "/rest/v1.3/companies/1/users", {}),
    ("project_users", {"project_id": PROJECT}, "/rest/v1.0/projects/22/users", {}),
    ("vendors", {}, "/rest/v1.0/vendors", {"company_id": "1"}),
    ("project_vendors", {"project_id": PROJECT}, "/rest/v1.1/projects/22/vendors", {}),
    ("cost_codes", {"project_id": PROJECT}, "/rest/v1.0/cost_codes", {"project_id": "22"}),
    ("standard_cost_code_lists", {}, "/rest/v1.0/standard_cost_code_lists", {"company_id": "1"}),
    (
        "standard_cost_codes",
        {"standard_cost_code_list_id": 8},
        "/rest/v1.0/standard_cost_codes",
        {"company_id": "1", "standard_cost_code_list_id": "8"},
    ),
    ("line_item_types", {}, "/rest/v1.0/line_item_types", {"company_id": "1"}),
    ("rfis", {"project_id": PROJECT}, "/rest/v1.0/projects/22/rfis", {}),
    ("submittals", {"project_id": PROJECT}, "/rest/v1.1/projects/22/submittals", {}),
    (
        "observations",
        {"project_id": PROJECT},
        "/rest/v1.0/observations/items",
        {"project_id": "22"},
    ),
    ("punch_items", {"project_id": PROJECT}, "/rest/v1.1/punch_items", {"project_id": "22"}),
    (
        "manpower_logs",
        {"project_id": PROJECT, "log_date": dt.date(2024, 5, 1)},
        "/rest/v1.0/projects/22/manpower_logs",
        {"log_date": "2024-05-01"},
    ),
    (
        "notes_logs",
        {"project_id": PROJECT, "start_date": "2024-05-01", "end_date": "2024-05-03"},
        "/rest/v1.0/projects/22/notes_logs",
        {"start_date": "2024-05-01", "end_date": "2024-05-03"},
    ),
    (
        "weather_logs",
        {"project_id": PROJECT, "log_date": "2024-05-01"},
        "/rest/v1.0/projects/22/weather_logs",
        {},
    ),
    (
        "work_logs",
        {"project_id": PROJECT, "log_date": "2024-05-01"},
        "/rest/v1.0/projects/22/work_logs",
        {},
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "query"), LISTS)
def test_list_path_scope_and_default_per_page(
    flavour: Flavour,
    rec: Recorder,
    name: str,
    kwargs: dict[str, Any],
    path: str,
    query: dict[str, str],
) -> None:
    client = _client(flavour, rec)
    records = list(getattr(client, name).list(**kwargs))
    assert len(records) == 1
    assert isinstance(records[0], ENDPOINTS[name].model)
    assert rec.last.url.path == path
    sent = rec.query()
    for key, value in query.items():
        assert sent[key] == value
    # The largest documented page: 2,000 for v1 lists (projects default to v1.0, whose page
    # is larger than v1.1's 300).
    assert sent["per_page"] == "2000"
    assert rec.last.headers["Procore-Company-Id"] == "1"


# -- (resource, scope kwargs, item path, scope query on read, body scope on write, wrapper) ----

ITEMS = [
    ("projects", {}, "/rest/v1.0/projects/5", {"company_id": "1"}, {"company_id": 1}, "project"),
    ("company_users", {}, "/rest/v1.3/companies/1/users/5", {}, {}, "user"),
    ("project_users", {"project_id": PROJECT}, "/rest/v1.0/projects/22/users/5", {}, {}, "user"),
    ("vendors", {}, "/rest/v1.0/vendors/5", {"company_id": "1"}, {"company_id": 1}, "vendor"),
    (
        "project_vendors",
        {"project_id": PROJECT},
        "/rest/v1.1/projects/22/vendors/5",
        {},
        {},
        "vendor",
    ),
    (
        "cost_codes",
        {"project_id": PROJECT},
        "/rest/v1.0/cost_codes/5",
        {"project_id": "22"},
        {"project_id": 22},
        "cost_code",
    ),
    (
        "standard_cost_code_lists",
        {},
        "/rest/v1.0/standard_cost_code_lists/5",
        {"company_id": "1"},
        {"company_id": 1},
        "standard_cost_code_list",
    ),
    (
        "standard_cost_codes",
        {"standard_cost_code_list_id": 8},
        "/rest/v1.0/standard_cost_codes/5",
        {"company_id": "1", "standard_cost_code_list_id": "8"},
        {"company_id": 1, "standard_cost_code_list_id": 8},
        "standard_cost_code",
    ),
    (
        "line_item_types",
        {},
        "/rest/v1.0/line_item_types/5",
        {"company_id": "1"},
        {"company_id": 1},
        "line_item_type",
    ),
    ("rfis", {"project_id": PROJECT}, "/rest/v1.0/projects/22/rfis/5", {}, {}, "rfi"),
    (
        "submittals",
        {"project_id": PROJECT},
        "/rest/v1.1/projects/22/submittals/5",
        {},
        {},
        "submittal",
    ),
    (
        "observations",
        {"project_id": PROJECT},
        "/rest/v1.0/observations/items/5",
        {"project_id": "22"},
        {"project_id": 22},
        "observation",
    ),
    (
        "punch_items",
        {"project_id": PROJECT},
        "/rest/v1.1/punch_items/5",
        {"project_id": "22"},
        {"project_id": 22},
        "punch_item",
    ),
    (
        "manpower_logs",
        {"project_id": PROJECT},
        "/rest/v1.0/projects/22/manpower_logs/5",
        {},
        {},
        "manpower_log",
    ),
    (
        "notes_logs",
        {"project_id": PROJECT},
        "/rest/v1.0/projects/22/notes_logs/5",
        {},
        {},
        "notes_log",
    ),
    (
        "weather_logs",
        {"project_id": PROJECT},
        "/rest/v1.0/projects/22/weather_logs/5",
        {},
        {},
        "weather_log",
    ),
    (
        "work_logs",
        {"project_id": PROJECT},
        "/rest/v1.0/projects/22/work_logs/5",
        {},
        {},
        "work_log",
    ),
]


@pytest.mark.parametrize(("name", "scope", "item", "read_q", "write_b", "wrapper"), ITEMS)
def test_retrieve_create_update_scope_and_wrapper(
    flavour: Flavour,
    rec: Recorder,
    name: str,
    scope: dict[str, Any],
    item: str,
    read_q: dict[str, str],
    write_b: dict[str, Any],
    wrapper: str,
) -> None:
    client = _client(flavour, rec)
    resource = getattr(client, name)
    model = ENDPOINTS[name].model

    got = resource.retrieve(5, **scope)
    assert isinstance(got, model)
    assert (rec.last.method, rec.last.url.path) == ("GET", item)
    assert rec.query() == read_q

    created = resource.create({"name": "New", "skip": _unset()}, **scope)
    assert isinstance(created, model)
    collection = item.rsplit("/", 1)[0]
    assert (rec.last.method, rec.last.url.path) == ("POST", collection)
    # §10.3: attributes wrapped in the resource key; scope where the endpoint wants it.
    assert rec.body() == {wrapper: {"name": "New"}, **write_b}
    assert rec.query() == {}

    resource.update(5, {"name": "Z"}, **scope)
    assert (rec.last.method, rec.last.url.path) == ("PATCH", item)
    assert rec.body() == {wrapper: {"name": "Z"}, **write_b}


def _unset() -> Any:
    from procore_sdk import UNSET

    return UNSET


def test_write_models_are_unstructured_without_unset_fields(
    flavour: Flavour, rec: Recorder
) -> None:
    client = _client(flavour, rec)
    client.projects.create(ProjectWrite(name="Tower", active=True, address=None))
    assert rec.body() == {
        "company_id": 1,
        "project": {"name": "Tower", "active": True, "address": None},
    }
    client.rfis.update(5, RfiWrite(subject="Why?"), project_id=PROJECT)
    assert rec.body() == {"rfi": {"subject": "Why?"}}


def test_company_id_override_goes_to_header_query_and_body(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    client.projects.retrieve(5, company_id=9)
    assert rec.query() == {"company_id": "9"}
    assert rec.last.headers["Procore-Company-Id"] == "9"
    client.vendors.create({"name": "V"}, company_id=9)
    assert rec.body()["company_id"] == 9
    client.company_users.retrieve(5, company_id=9)
    assert rec.last.url.path == "/rest/v1.3/companies/9/users/5"


def test_company_scoped_call_without_any_company_is_a_configuration_error(
    flavour: Flavour, rec: Recorder
) -> None:
    client = flavour.client(rec, company_id=None)
    with pytest.raises(ConfigurationError, match="company_id"):
        client.projects.retrieve(5)
    with pytest.raises(ValueError, match="company_id"):
        client.company_users.retrieve(5)
    assert rec.requests == []


def test_version_keyword_pins_a_version(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    list(client.company_users.list(version="v1.1"))
    assert rec.last.url.path == "/rest/v1.1/companies/1/users"
    client.company_users.retrieve(5, version="1.0")
    assert rec.last.url.path == "/rest/v1.0/companies/1/users/5"
    list(client.projects.list(version="v1.0"))
    assert rec.last.url.path == "/rest/v1.0/projects"
    assert rec.query()["per_page"] == "2000"
    with pytest.raises(ValueError, match=r"v1\.0"):
        client.projects.retrieve(5, version="v1.1")


def test_v2_submittals_list_reads_the_data_envelope(flavour: Flavour) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [{"id": "123", "title": "Doors"}]})

    client = flavour.client(handler, company_id=COMPANY)
    [submittal] = list(client.submittals.list(project_id=PROJECT, version="v2.0"))
    assert submittal.id == 123  # v2 ids are strings (§1.3); read as ints


def test_typed_filters_map_to_procore_filters(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2024, 2, 1, 12, 30, tzinfo=dt.timezone.utc)
    list(
        client.projects.list(
            updated_at=(start, end),
            origin_id="ERP-1",
            ids=[1, 2],
            sort=["-updated_at", "name"],
            filters={"by_status": "Active"},
            params={"extra": "1"},
        )
    )
    items = rec.last.url.params.multi_items()
    assert ("filters[updated_at]", "2024-01-01T00:00:00Z...2024-02-01T12:30:00Z") in items
    assert ("filters[origin_id]", "ERP-1") in items
    assert ("filters[id][]", "1") in items
    assert ("filters[id][]", "2") in items
    assert ("filters[by_status]", "Active") in items
    assert ("sort", "-updated_at,name") in items
    assert ("extra", "1") in items


def test_status_list_and_include_deleted(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    list(client.rfis.list(project_id=PROJECT, status=["open", "draft"], include_deleted=True))
    items = rec.last.url.params.multi_items()
    assert ("filters[status][]", "open") in items
    assert ("filters[status][]", "draft") in items
    assert ("filters[include_deleted]", "with") in items  # §5: only | with
    list(client.cost_codes.list(project_id=PROJECT, include_deleted="only"))
    assert rec.query()["filters[include_deleted]"] == "only"


def test_undocumented_typed_filter_is_refused_before_any_request(
    flavour: Flavour, rec: Recorder
) -> None:
    client = _client(flavour, rec)
    with pytest.raises(ValueError, match=r"filters\[status\]"):
        client.projects.list(status="open")
    with pytest.raises(ValueError, match="include_deleted"):
        client.rfis.list(project_id=PROJECT, include_deleted="sometimes")
    with pytest.raises(ValueError, match="sorting"):
        client.punch_items.list(project_id=PROJECT, sort="name")
    assert rec.requests == []


def test_rfis_sort_with_attribute_and_direction(flavour: Flavour, rec: Recorder) -> None:
    # §5: the RFI list sorts with sort[attribute] / sort[direction].
    client = _client(flavour, rec)
    list(client.rfis.list(project_id=PROJECT, sort="-due_date", search="door"))
    q = rec.query()
    assert q["sort[attribute]"] == "due_date"
    assert q["sort[direction]"] == "desc"
    assert q["search"] == "door"
    list(client.rfis.list(project_id=PROJECT, sort="number"))
    assert rec.query()["sort[direction]"] == "asc"
    with pytest.raises(ValueError, match="one attribute"):
        client.rfis.list(project_id=PROJECT, sort=["a", "b"])


def test_search_and_view_go_where_each_list_documents_them(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    list(client.vendors.list(search="acme", view="extended"))
    assert rec.query()["filters[search]"] == "acme"
    assert rec.query()["view"] == "extended"
    with pytest.raises(ValueError, match="view"):
        client.rfis.list(project_id=PROJECT, view="compact")


def test_daily_logs_require_a_date(flavour: Flavour, rec: Recorder) -> None:
    # §5/§12.9: without a date Procore returns only today's logs.
    client = _client(flavour, rec)
    with pytest.raises(ValueError, match="only today's logs"):
        client.manpower_logs.list(project_id=PROJECT)
    with pytest.raises(ValueError, match="both"):
        client.notes_logs.list(project_id=PROJECT, start_date="2024-01-01")
    assert rec.requests == []
    list(client.manpower_logs.list(project_id=PROJECT, log_date="2024-01-01", status="approved"))
    assert rec.query()["filters[status]"] == "approved"


def test_deactivate_instead_of_delete(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    for name in ("projects", "vendors", "company_users", "cost_codes", "line_item_types"):
        assert not hasattr(getattr(client, name), "delete")
    client.projects.deactivate(5)
    assert (rec.last.method, rec.last.url.path) == ("PATCH", "/rest/v1.0/projects/5")
    assert rec.body() == {"company_id": 1, "project": {"active": False}}
    client.vendors.deactivate(5)
    assert rec.body() == {"company_id": 1, "vendor": {"is_active": False}}
    client.company_users.deactivate(5)
    assert rec.body() == {"user": {"is_active": False}}


def test_remove_add_recycle_and_delete(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    assert client.project_users.remove(5, project_id=PROJECT) is None
    assert (rec.last.method, rec.last.url.path) == (
        "DELETE",
        "/rest/v1.0/projects/22/users/5/actions/remove",
    )
    client.project_vendors.add(5, project_id=PROJECT)
    assert (rec.last.method, rec.last.url.path) == (
        "POST",
        "/rest/v1.1/projects/22/vendors/5/actions/add",
    )
    client.rfis.recycle(5, project_id=PROJECT)
    assert (rec.last.method, rec.last.url.path) == (
        "PATCH",
        "/rest/v1.0/projects/22/rfis/5/recycle",
    )
    client.observations.delete(5, project_id=PROJECT)
    assert (rec.last.method, rec.last.url.path) == (
        "DELETE",
        "/rest/v1.0/projects/22/observations/items/5",
    )
    client.punch_items.delete(5, project_id=PROJECT)
    assert rec.last.url.path == "/rest/v1.1/punch_items/5"
    assert rec.query() == {"project_id": "22"}
    client.submittals.delete(5, project_id=PROJECT)
    assert rec.last.url.path == "/rest/v1.1/projects/22/submittals/5"
    client.standard_cost_codes.delete(5)
    assert rec.query() == {"company_id": "1"}
    client.work_logs.delete(5, project_id=PROJECT)
    assert rec.last.url.path == "/rest/v1.0/projects/22/work_logs/5"


def test_rfi_replies(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    list(client.rfis.replies.list(project_id=PROJECT, rfi_id=7))
    assert rec.last.url.path == "/rest/v1.0/projects/22/rfis/7/replies"
    client.rfis.replies.create({"body": "Answer"}, project_id=PROJECT, rfi_id=7)
    assert rec.body() == {"reply": {"body": "Answer"}}
    client.rfis.replies.retrieve(5, project_id=PROJECT, rfi_id=7)
    client.rfis.replies.update(5, {"body": "B"}, project_id=PROJECT, rfi_id=7)
    assert rec.last.url.path == "/rest/v1.0/projects/22/rfis/7/replies/5"
    client.rfis.replies.delete(5, project_id=PROJECT, rfi_id=7)
    assert rec.last.method == "DELETE"


def test_me_and_companies(flavour: Flavour) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.path == "/rest/v1.0/me":
            return httpx.Response(200, json={"id": 2**40, "login": "a@b.c", "name": "A"})
        return httpx.Response(200, json=[{"id": 1, "name": "Co", "is_active": True}])

    client = flavour.client(handler, company_id=COMPANY)
    me = client.me.retrieve()
    assert me.id == 2**40
    assert requests[-1].headers["Procore-Company-Id"] == "1"  # §2.6: DMSA + MPR
    client.me.retrieve(project_id=3)
    assert requests[-1].url.params["project_id"] == "3"
    [company] = list(client.companies.list(include_free_companies=True))
    assert company.name == "Co"
    assert requests[-1].url.params["include_free_companies"] == "true"


def test_timeout_and_max_retries_overrides(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    client.projects.retrieve(5, timeout=3.0)
    assert rec.last.extensions["timeout"]["read"] == 3.0


def test_resources_are_cached_per_client_copy(flavour: Flavour, rec: Recorder) -> None:
    client = _client(flavour, rec)
    target = getattr(client, "unwrapped", client)
    assert target.projects is target.projects
    other = target.for_company(2)
    assert other.projects is not target.projects
    assert other.projects._client is other


def test_retrieve_404_maps_to_not_found(flavour: Flavour) -> None:
    from procore_sdk import NotFoundError

    client = flavour.client(lambda r: httpx.Response(404, json={"message": "nope"}), company_id=1)
    with pytest.raises(NotFoundError):
        client.rfis.retrieve(1, project_id=2)
