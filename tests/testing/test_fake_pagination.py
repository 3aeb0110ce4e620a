"""Pagination, filters and sorting: PROCORE_API.md §4 and §5 (raw httpx)."""

from __future__ import annotations

import re

import httpx
import pytest
from _helpers.fake_http import authorize

from procore_sdk.testing import FakeProcore


def _rels(resp: httpx.Response) -> list[tuple[str, dict[str, str]]]:
    out = []
    for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', resp.headers.get("Link", "")):
        query = dict(pair.split("=", 1) for pair in url.split("?", 1)[1].split("&"))
        out.append((rel, query))
    return out


@pytest.fixture
def big() -> tuple[FakeProcore, httpx.Client]:
    fake = FakeProcore(seed=2, sizes={"punch_items": 150})
    client = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
    authorize(client, fake)
    return fake, client


def _page(big: tuple[FakeProcore, httpx.Client], page: int) -> httpx.Response:
    fake, client = big
    return client.get(
        "/rest/v1.0/punch_items",
        params={"project_id": fake.project_id, "page": page, "per_page": 5},
    )


def test_link_rels_page_1(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: page 1 -> next, last.
    resp = _page(big, 1)
    assert [rel for rel, _ in _rels(resp)] == ["last", "next"]
    assert resp.headers["Total"] == "150"
    assert resp.headers["Per-Page"] == "5"
    assert len(resp.json()) == 5


def test_link_rels_page_2_has_no_prev(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: page 2 -> first, next, last (no prev).
    assert [rel for rel, _ in _rels(_page(big, 2))] == ["first", "last", "next"]


def test_link_rels_page_3_matches_documented_example(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: the documented example (page 3 of 30, per_page 5): first, prev, last, next in order.
    rels = _rels(_page(big, 3))
    assert [(rel, q["page"], q["per_page"]) for rel, q in rels] == [
        ("first", "1", "5"),
        ("prev", "2", "5"),
        ("last", "30", "5"),
        ("next", "4", "5"),
    ]


def test_last_page_has_no_next(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: the last page has no next.
    assert [rel for rel, _ in _rels(_page(big, 30))] == ["first", "prev", "last"]


def test_links_are_absolute_and_keep_other_params(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: absolute Link URLs (other params kept: UNCONFIRMED, kept here).
    fake, _ = big
    link = _page(big, 1).headers["Link"]
    first_url = link.split(">", 1)[0][1:]
    assert first_url.startswith("https://api.procore.test/rest/v1.0/punch_items?")
    assert f"project_id={fake.project_id}" in first_url


def test_following_next_lists_every_record_once(big: tuple[FakeProcore, httpx.Client]) -> None:
    # §4: following Link next visits every record once.
    fake, client = big
    url: str | None = f"/rest/v1.0/punch_items?project_id={fake.project_id}&per_page=40"
    seen: list[int] = []
    requests = 0
    while url:
        resp = client.get(url)
        requests += 1
        seen += [r["id"] for r in resp.json()]
        url = resp.links.get("next", {}).get("url")
    assert len(seen) == len(set(seen)) == 150
    assert requests == 4


def test_per_page_is_clamped_to_endpoint_maximum() -> None:
    # §4: v1.1 projects max 300; v1 lists 2000.
    fake = FakeProcore(sizes={"projects": 400, "vendors": 2500})
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        authorize(client, fake)
        v11 = client.get(
            "/rest/v1.1/projects", params={"company_id": fake.company_id, "per_page": 1000}
        )
        assert v11.headers["Per-Page"] == "300"
        assert len(v11.json()) == 300
        default = client.get("/rest/v1.1/projects", params={"company_id": fake.company_id})
        assert default.headers["Per-Page"] == "100"
        vendors = client.get(
            "/rest/v1.0/vendors", params={"company_id": fake.company_id, "per_page": 5000}
        )
        assert vendors.headers["Per-Page"] == "2000"


def test_unpaginated_endpoint_returns_everything_without_link() -> None:
    # §4: not all endpoints paginate.
    # OAS: GET /rest/v1.0/companies/{company_id}/projects is not paginated.
    fake = FakeProcore(sizes={"projects": 250})
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        authorize(client, fake)
        resp = client.get(f"/rest/v1.0/companies/{fake.company_id}/projects")
    assert len(resp.json()) == 250
    assert "Link" not in resp.headers
    assert "Total" not in resp.headers


def test_v2_collection_default_10_and_data_envelope(api: httpx.Client, fake: FakeProcore) -> None:
    # §1.3: v2 default page 10, max 100, data envelope, string ids.
    for i in range(12):
        api.post(
            f"/rest/v1.0/projects/{fake.project_id}/submittals",
            json={"submittal": {"title": f"S{i}"}},
        )
    resp = api.get(f"/rest/v2.0/companies/{fake.company_id}/projects/{fake.project_id}/submittals")
    body = resp.json()
    assert resp.headers["Per-Page"] == "10"
    assert len(body["data"]) == 10
    assert isinstance(body["data"][0]["id"], str)
    capped = api.get(
        f"/rest/v2.0/companies/{fake.company_id}/projects/{fake.project_id}/submittals",
        params={"per_page": 500},
    )
    assert capped.headers["Per-Page"] == "100"


def _vendor(api: httpx.Client, fake: FakeProcore, **attrs: object) -> dict[str, object]:
    resp = api.post("/rest/v1.0/vendors", json={"company_id": fake.company_id, "vendor": attrs})
    assert resp.status_code == 201, resp.text
    body: dict[str, object] = resp.json()
    return body


def test_updated_at_range_filter_with_and_without_quotes(
    api: httpx.Client, fake: FakeProcore
) -> None:
    # §5: filters[updated_at]=a...b, the doc example quotes the value.
    fake.advance(86400 * 800)
    api.headers["Authorization"] = f"Bearer {fake.issue_token().access_token}"
    new = _vendor(api, fake, name="Fresh")
    stamp = str(new["updated_at"])
    day = stamp[:10]
    for value in (
        f"{day}T00:00:00Z...{day}T23:59:59Z",
        f'"{day}T00:00:00Z...{day}T23:59:59Z"',
        f"{day}...{day}",
    ):
        resp = api.get(
            "/rest/v1.0/vendors",
            params={"company_id": fake.company_id, "filters[updated_at]": value},
        )
        assert [v["id"] for v in resp.json()] == [new["id"]], value


def test_id_array_and_origin_filters(api: httpx.Client, fake: FakeProcore) -> None:
    # §5: arrays use filters[x][]=; filters[id]; filters[origin_id].
    a = _vendor(api, fake, name="A", origin_id="ERP-1")
    b = _vendor(api, fake, name="B")
    resp = api.get(
        "/rest/v1.0/vendors",
        params=[
            ("company_id", fake.company_id),
            ("filters[id][]", a["id"]),
            ("filters[id][]", b["id"]),
        ],
    )
    assert sorted(v["id"] for v in resp.json()) == sorted([a["id"], b["id"]])
    by_origin = api.get(
        "/rest/v1.0/vendors", params={"company_id": fake.company_id, "filters[origin_id]": "ERP-1"}
    )
    assert [v["id"] for v in by_origin.json()] == [a["id"]]


def test_include_deleted_only_and_with(api: httpx.Client, fake: FakeProcore) -> None:
    # §5: filters[include_deleted]=only / with.
    base = f"/rest/v1.0/projects/{fake.project_id}/submittals"
    sid = api.post(base, json={"submittal": {"title": "gone"}}).json()["id"]
    assert api.delete(f"/rest/v1.1/projects/{fake.project_id}/submittals/{sid}").status_code == 204
    default = {s["id"] for s in api.get(base).json()}
    only = {s["id"] for s in api.get(base, params={"filters[include_deleted]": "only"}).json()}
    both = {s["id"] for s in api.get(base, params={"filters[include_deleted]": "with"}).json()}
    assert sid not in default
    assert only == {sid}
    assert both == default | {sid}


def test_sort_descending_and_comma_list(api: httpx.Client, fake: FakeProcore) -> None:
    # §5: sort=field, -field, comma lists.
    for name in ("b", "a", "c"):
        _vendor(api, fake, name=name, city="Same")
    params = {"company_id": fake.company_id, "filters[city]": "Same"}
    asc = [
        v["name"] for v in api.get("/rest/v1.0/vendors", params={**params, "sort": "name"}).json()
    ]
    desc = [
        v["name"] for v in api.get("/rest/v1.0/vendors", params={**params, "sort": "-name"}).json()
    ]
    multi = api.get("/rest/v1.0/vendors", params={**params, "sort": "city,-name"}).json()
    assert asc == ["a", "b", "c"]
    assert desc == ["c", "b", "a"]
    assert [v["name"] for v in multi] == ["c", "b", "a"]


def test_rfis_sort_attribute_and_direction(api: httpx.Client, fake: FakeProcore) -> None:
    # §5: RFIs use sort[attribute] / sort[direction].
    base = f"/rest/v1.0/projects/{fake.project_id}/rfis"
    for subject in ("m", "z", "a"):
        api.post(base, json={"rfi": {"subject": subject, "location": "L9"}})
    resp = api.get(
        base,
        params={"filters[location]": "L9", "sort[attribute]": "subject", "sort[direction]": "desc"},
    )
    assert [r["subject"] for r in resp.json()] == ["z", "m", "a"]


def test_daily_logs_default_to_today(api: httpx.Client, fake: FakeProcore) -> None:
    # §5 / §12.9: no date params -> only today's logs; log_date or start/end otherwise.
    base = f"/rest/v1.0/projects/{fake.project_id}/manpower_logs"
    today = fake.today()
    todays = api.get(base).json()
    assert todays
    assert {log["date"] for log in todays} == {today}
    every = api.get(base, params={"start_date": "2000-01-01", "end_date": "2999-12-31"}).json()
    assert len(every) == 4
    assert len(every) > len(todays)
    some_day = next(log["date"] for log in every if log["date"] != today)
    on_day = api.get(base, params={"log_date": some_day}).json()
    assert {log["date"] for log in on_day} == {some_day}


def test_today_follows_the_injectable_clock(api: httpx.Client, fake: FakeProcore) -> None:
    # §5 / §12.9: 'today' is the fake clock's today.
    base = f"/rest/v1.0/projects/{fake.project_id}/notes_logs"
    assert api.get(base).json()
    fake.advance(86400 * 10)
    api.headers["Authorization"] = f"Bearer {fake.issue_token().access_token}"
    assert api.get(base).json() == []
