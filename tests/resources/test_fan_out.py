"""``client.fan_out``: one project-level listing across many projects."""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour

from procore_sdk.models import Project, Rfi


class Company:
    """Projects 101..10n, each with ``per_project`` RFIs (ids project*1000 + i)."""

    def __init__(self, projects: int, per_project: int) -> None:
        self.projects = projects
        self.per_project = per_project
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        path = request.url.path
        if path == "/rest/v1.0/projects":
            return httpx.Response(
                200, json=[{"id": 101 + i, "name": f"P{i}"} for i in range(self.projects)]
            )
        match = re.fullmatch(r"/rest/v1\.0/projects/(\d+)/rfis", path)
        assert match, path
        project = int(match.group(1))
        page = int(request.url.params.get("page", "1"))
        per_page = int(request.url.params["per_page"])
        ids = [project * 1000 + i for i in range(1, self.per_project + 1)]
        chunk = ids[(page - 1) * per_page : page * per_page]
        headers = {"Total": str(len(ids)), "Per-Page": str(per_page)}
        if page * per_page < len(ids):
            nxt = request.url.copy_merge_params({"page": str(page + 1)})
            headers["Link"] = f'<{nxt}>; rel="next"'
        return httpx.Response(200, json=[{"id": i, "subject": "s"} for i in chunk], headers=headers)


@pytest.mark.parametrize("concurrency", [1, 3])
def test_fan_out_over_every_project_of_the_company(flavour: Flavour, concurrency: int) -> None:
    company = Company(projects=5, per_project=7)
    client = flavour.client(company, company_id=1)
    out = list(client.fan_out(client.rfis.list, concurrency=concurrency, per_page=3))
    expected = [(p, p * 1000 + i) for p in range(101, 106) for i in range(1, 8)]
    assert [(pid, rfi.id) for pid, rfi in out] == expected
    assert all(isinstance(rfi, Rfi) for _, rfi in out)
    # One projects listing, then ceil(7/3) = 3 requests per project.
    assert len(company.requests) == 1 + 5 * 3
    assert all(r.headers["Procore-Company-Id"] == "1" for r in company.requests)


def test_fan_out_over_given_projects_passes_filters(flavour: Flavour) -> None:
    company = Company(projects=0, per_project=2)
    client = flavour.client(company, company_id=1)
    projects: list[Any] = [Project(id=301), 302]
    out = list(client.fan_out(client.rfis.list, projects=projects, status="open"))
    assert [pid for pid, _ in out] == [301, 301, 302, 302]
    assert all(r.url.params["filters[status]"] == "open" for r in company.requests)
    assert not any(r.url.path.endswith("/projects") for r in company.requests)


def test_fan_out_company_override(flavour: Flavour) -> None:
    company = Company(projects=2, per_project=1)
    client = flavour.client(company, company_id=1)
    list(client.fan_out(client.rfis.list, company_id=9))
    assert {r.headers["Procore-Company-Id"] for r in company.requests} == {"9"}
    assert company.requests[0].url.params["company_id"] == "9"


def test_fan_out_rejects_bad_concurrency(flavour: Flavour) -> None:
    client = flavour.client(Company(1, 1), company_id=1)
    with pytest.raises(ValueError, match="concurrency"):
        list(client.fan_out(client.rfis.list, projects=[1], concurrency=0))


def test_fan_out_over_a_generated_group(flavour: Flavour) -> None:
    # The hand-written layer works over every generated list: fan_out calls it with
    # project_id= and company_id= like any other.
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        match = re.fullmatch(r"/rest/v1\.0/projects/(\d+)/accident_logs", request.url.path)
        assert match, request.url.path
        return httpx.Response(200, json=[{"id": int(match.group(1)) * 10}])

    client = flavour.client(handler, company_id=1)
    found = list(client.fan_out(client.accident_logs.list, projects=[7, 8], created_by_id=3))
    assert [(project, log.id) for project, log in found] == [(7, 70), (8, 80)]
    assert seen == ["/rest/v1.0/projects/7/accident_logs", "/rest/v1.0/projects/8/accident_logs"]
