"""Lazy pagination (§4) through both clients, against mock list endpoints."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from _helpers.flavour import API, Flavour, ListServer

from procore_sdk import Procore
from procore_sdk._limits import per_page_max
from procore_sdk.models import Project

PROJECTS = "/rest/v1.0/projects"


@pytest.mark.parametrize("n", [0, 1, 99, 100, 101, 250, 300])
def test_full_listing_costs_ceil_n_over_per_page_requests(flavour: Flavour, n: int) -> None:
    server = ListServer(n)
    client = flavour.client(server)
    records = list(client.paginate(PROJECTS, params={"company_id": 1}, per_page=100))
    assert [r["id"] for r in records] == list(range(1, n + 1))
    # The last page carries no `next`, so no extra request is ever made.
    assert len(server.requests) == max(1, math.ceil(n / 100))


def test_per_page_defaults_to_the_documented_maximum(flavour: Flavour) -> None:
    server = ListServer(5)
    client = flavour.client(server)
    list(client.paginate(PROJECTS, params={"company_id": 1}))
    assert server.requests[0].url.params["per_page"] == str(per_page_max("GET", PROJECTS))
    server2 = ListServer(5)
    client2 = flavour.client(server2)
    list(client2.paginate("/rest/v2.0/companies/1/projects/2/submittals"))
    assert server2.requests[0].url.params["per_page"] == "100"  # §1.3: v2 max 100


def test_page_two_without_prev_and_documented_rel_order(flavour: Flavour) -> None:
    # §4: page 2 has first/next/last but no prev; order first, prev, last, next.
    server = ListServer(25)
    client = flavour.client(server)
    assert len(list(client.paginate(PROJECTS, per_page=5))) == 25
    assert server.pages_requested == [1, 2, 3, 4, 5]


def test_follows_link_urls_verbatim_and_keeps_the_company_header(flavour: Flavour) -> None:
    server = ListServer(12)
    client = flavour.client(server, company_id=77)
    list(
        client.paginate(PROJECTS, params={"company_id": 77, "filters": {"status": "x"}}, per_page=5)
    )
    for request in server.requests:
        assert request.headers["Procore-Company-Id"] == "77"
        assert request.url.params["company_id"] == "77"
        assert request.url.params["filters[status]"] == "x"


def test_link_without_scope_params_gets_them_back(flavour: Flavour) -> None:
    # §4: the documented Link example drops params such as project_id (UNCONFIRMED for real
    # responses); the pager adds back what the link lacks.
    server = ListServer(12, drop_params=True)
    client = flavour.client(server)
    list(client.paginate("/rest/v1.0/punch_items", params={"project_id": 9}, per_page=5))
    assert [r.url.params.get("project_id") for r in server.requests] == ["9", "9", "9"]
    assert server.pages_requested == [1, 2, 3]


def test_relative_next_link_is_resolved(flavour: Flavour) -> None:
    calls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        if request.url.params.get("page") == "2":
            return httpx.Response(200, json=[{"id": 2}])
        return httpx.Response(
            200, json=[{"id": 1}], headers={"Link": '<projects?per_page=1&page=2>; rel="next"'}
        )

    client = flavour.client(handler)
    assert [r["id"] for r in client.paginate(PROJECTS, per_page=1)] == [1, 2]
    assert calls[1].path == "/rest/v1.0/projects"


def test_stops_on_an_empty_page_even_with_a_next_link(flavour: Flavour) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        page = int(request.url.params.get("page", "1"))
        nxt = f'<{API}{PROJECTS}?page={page + 1}>; rel="next"'
        body = [{"id": 1}] if page == 1 else []
        return httpx.Response(200, json=body, headers={"Link": nxt})

    client = flavour.client(handler)
    assert [r["id"] for r in client.paginate(PROJECTS)] == [1]
    assert len(requests) == 2


def test_stops_on_a_repeated_next_url(flavour: Flavour) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        page = request.url.params.get("page", "1")
        # A buggy server: page 2 points to itself.
        nxt = f'<{API}{PROJECTS}?page=2&per_page=1>; rel="next"'
        return httpx.Response(200, json=[{"id": int(page)}], headers={"Link": nxt})

    client = flavour.client(handler)
    assert [r["id"] for r in client.paginate(PROJECTS, per_page=1)] == [1, 2]
    assert len(requests) == 2


def test_one_page_without_link_header(flavour: Flavour) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=[{"id": 1}, {"id": 2}])

    client = flavour.client(handler)
    pager = client.paginate(PROJECTS)
    assert [r["id"] for r in pager] == [1, 2]
    assert len(requests) == 1
    assert pager.total is None  # no Total header


def test_total_absent_still_lists_everything(flavour: Flavour) -> None:
    server = ListServer(7, total=False)
    client = flavour.client(server)
    pager = client.paginate(PROJECTS, per_page=3)
    assert len(list(pager)) == 7
    assert pager.total is None
    assert len(server.requests) == 3


def test_v2_data_envelope_and_empty_link_header(flavour: Flavour) -> None:
    # §1.3: v2 bodies wrap records in "data"; §4: Link present but empty on one page.
    server = ListServer(3, v2=True)
    client = flavour.client(server)
    pager = client.paginate("/rest/v2.0/companies/1/projects/2/submittals")
    assert [r["id"] for r in pager] == [1, 2, 3]
    assert server.requests[-1].url.params["per_page"] == "100"
    assert len(server.requests) == 1
    page = client.paginate("/rest/v2.0/companies/1/projects/2/submittals").first_page()
    assert page.links == {}
    assert page.next_url is None


def test_v2_multi_page_data_envelope(flavour: Flavour) -> None:
    server = ListServer(250, v2=True)
    client = flavour.client(server)
    assert len(list(client.paginate("/rest/v2.0/companies/1/projects/2/submittals"))) == 250
    assert len(server.requests) == 3


def test_max_items_stops_early_with_minimal_requests(flavour: Flavour) -> None:
    server = ListServer(1000)
    client = flavour.client(server)
    pager = client.paginate(PROJECTS, per_page=100, max_items=250)
    assert [r["id"] for r in pager] == list(range(1, 251))
    assert len(server.requests) == 3
    assert pager.max_items == 250
    server.requests.clear()
    assert list(client.paginate(PROJECTS, max_items=0)) == []
    assert server.requests == []


def test_first_page_exposes_total_and_raw_info(flavour: Flavour) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json=[{"id": 1}],
            headers={
                "Total": "150",
                "Per-Page": "1",
                "X-Rate-Limit-Limit": "3600",
                "X-Rate-Limit-Remaining": "3599",
                "X-Rate-Limit-Reset": "1700000000",
                "Link": (
                    f'<{API}{PROJECTS}?page=150>; rel="last", <{API}{PROJECTS}?page=2>; rel="next"'
                ),
            },
        )

    client = flavour.client(handler)
    pager = client.paginate(PROJECTS, per_page=1)
    page = pager.first_page()
    assert pager.total == 150
    assert page.total == 150
    assert page.per_page == 1
    assert page.status_code == 200
    assert page.next_url == f"{API}{PROJECTS}?page=2&per_page=1"  # per_page added back
    assert page.rate_limit is not None
    assert page.rate_limit.remaining == 3599
    assert page.headers["Total"] == "150"
    assert [r["id"] for r in page] == [1]


def test_first_page_is_reused_by_the_next_iteration(flavour: Flavour) -> None:
    server = ListServer(5)
    client = flavour.client(server)
    pager = client.paginate(PROJECTS, per_page=2)
    pager.first_page()
    assert len(list(pager)) == 5
    assert server.pages_requested == [1, 2, 3]


def test_pages_yields_page_objects(flavour: Flavour) -> None:
    server = ListServer(5)
    client = flavour.client(server)
    pages = list(client.paginate(PROJECTS, per_page=2).pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert [p.has_next for p in pages] == [True, True, False]


@pytest.mark.parametrize("prefetch", [2, 4, 16])
def test_prefetch_returns_items_in_order_with_the_same_request_count(
    flavour: Flavour, prefetch: int
) -> None:
    server = ListServer(1234)
    client = flavour.client(server)
    records = list(client.paginate(PROJECTS, per_page=100, prefetch=prefetch))
    assert [r["id"] for r in records] == list(range(1, 1235))
    assert len(server.requests) == 13
    assert sorted(server.pages_requested) == list(range(1, 14))


def test_prefetch_builds_urls_from_the_first_request(flavour: Flavour) -> None:
    server = ListServer(30)
    client = flavour.client(server)
    list(client.paginate(PROJECTS, params={"company_id": 1}, per_page=10, prefetch=3))
    for request in server.requests[1:]:
        assert request.url.params["company_id"] == "1"
        assert request.url.params["per_page"] == "10"


def test_prefetch_with_max_items_fetches_only_needed_pages(flavour: Flavour) -> None:
    server = ListServer(1000)
    client = flavour.client(server)
    records = list(client.paginate(PROJECTS, per_page=100, prefetch=8, max_items=350))
    assert len(records) == 350
    assert sorted(server.pages_requested) == [1, 2, 3, 4]


def test_prefetch_without_total_falls_back_to_following_links(flavour: Flavour) -> None:
    server = ListServer(30, total=False)
    client = flavour.client(server)
    assert len(list(client.paginate(PROJECTS, per_page=10, prefetch=4))) == 30
    assert server.pages_requested == [1, 2, 3]


def test_unpaginated_endpoint_sends_no_per_page(flavour: Flavour) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=[{"id": 1}, {"id": 2}])

    client = flavour.client(handler)
    records = list(client.paginate("/rest/v1.0/companies/1/projects"))
    assert len(records) == 2
    assert "per_page" not in requests[0].url.params


def test_webhook_deliveries_page_start_scheme(flavour: Flavour) -> None:
    # §4/§8.2: v1 deliveries page with page_size and page_start = last id of previous page.
    ids = list(range(10, 260, 10))  # 25 deliveries
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen.append(params)
        size = int(params["page_size"])
        start = int(params.get("page_start", "0"))
        chunk = [i for i in ids if i > start][:size]
        return httpx.Response(200, json=[{"id": i} for i in chunk])

    client = flavour.client(handler)
    pager = client.paginate(
        "/rest/v1.0/webhooks/hooks/5/deliveries", params={"company_id": 1}, per_page=10
    )
    assert [d["id"] for d in pager] == ids
    assert [s.get("page_start") for s in seen] == [None, "100", "200"]
    assert all(s["page_size"] == "10" for s in seen)
    assert "per_page" not in seen[0]


def test_webhook_deliveries_stop_on_exact_multiple_with_empty_page(flavour: Flavour) -> None:
    ids = list(range(1, 21))
    calls: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("page_start", "0"))
        calls.append(request.url.params.get("page_start"))
        return httpx.Response(200, json=[{"id": i} for i in ids if i > start][:10])

    client = flavour.client(handler)
    assert len(list(client.paginate("/rest/v1.0/webhooks/hooks/5/deliveries", per_page=10))) == 20
    assert calls == [None, "10", "20"]


def test_typed_listing_structures_models(flavour: Flavour) -> None:
    server = ListServer(3, record=lambda i: {"id": i, "name": f"P{i}", "active": True, "x_new": 1})
    client = flavour.client(server)
    projects = list(client.projects.list(per_page=2))
    assert all(isinstance(p, Project) for p in projects)
    assert [p.id for p in projects] == [1, 2, 3]
    assert projects[0].extra == {"x_new": 1}


def test_pager_repr_and_validation(flavour: Flavour) -> None:
    client = flavour.client(ListServer(1))
    with pytest.raises(ValueError, match="max_items"):
        client.paginate(PROJECTS, max_items=-1)
    with pytest.raises(ValueError, match="prefetch"):
        client.paginate(PROJECTS, prefetch=0)
    assert "Pager(GET /rest/v1.0/projects" in repr(client.paginate(PROJECTS))


def test_errors_propagate_from_a_later_page(flavour: Flavour) -> None:
    from procore_sdk import NotFoundError

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == "2":
            return httpx.Response(404, json={"message": "gone"})
        return httpx.Response(
            200, json=[{"id": 1}], headers={"Link": f'<{API}{PROJECTS}?page=2>; rel="next"'}
        )

    client = flavour.client(handler)
    seen: list[Any] = []

    def consume() -> None:
        for record in client.paginate(PROJECTS):
            seen.append(record)

    with pytest.raises(NotFoundError):
        consume()
    assert seen == [{"id": 1}]


def test_sync_pager_is_a_plain_iterable() -> None:
    client = Procore(
        access_token="t",
        base_url=API,
        http_client=httpx.Client(transport=httpx.MockTransport(ListServer(3))),
    )
    pager = client.paginate(PROJECTS)
    assert iter(pager) is not None
    assert [r["id"] for r in pager] == [1, 2, 3]


def test_no_page_is_held_while_the_next_one_is_fetched() -> None:
    # One page in memory: when page k+1 is requested, page k is already unreachable.
    import weakref

    server = ListServer(10)
    refs: list[weakref.ref[Any]] = []
    alive_at_request: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        alive_at_request.append(sum(ref() is not None for ref in refs))
        return server(request)

    client = Procore(
        access_token="t",
        base_url=API,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    for page in client.paginate(PROJECTS, per_page=2).pages():
        refs.append(weakref.ref(page))
        del page
    assert alive_at_request == [0, 0, 0, 0, 0]
    assert len(refs) == 5
