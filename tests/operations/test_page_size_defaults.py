"""Page size is the rate budget: a list's default version weighs its largest page.

Procore counts requests against an app's rate limit, so where an older version lists the same
records at a larger page and is not deprecated, it is the default (``scripts/
operation_overrides.json``, ``default_versions``, each with its source).
"""

from __future__ import annotations

import math

from _helpers.flavour import Flavour, ListServer

from procore_sdk import _operations

# OAS RestV11ProjectsGet: "The max page size is 300 projects"; v1.0 takes Procore's general
# 2,000 (Using Pagination).
N = 4_500


def test_projects_list_defaults_to_the_larger_page(flavour: Flavour) -> None:
    server = ListServer(N)
    client = flavour.client(server, company_id=1)
    assert len(list(client.projects.list())) == N
    assert {r.url.path for r in server.requests} == {"/rest/v1.0/projects"}
    assert server.requests[0].url.params["per_page"] == "2000"
    assert len(server.requests) == math.ceil(N / 2000)  # 3, where v1.1 took ceil(N / 300) = 15


def test_the_smaller_page_version_stays_reachable(flavour: Flavour) -> None:
    server = ListServer(N)
    client = flavour.client(server, company_id=1)
    assert len(list(client.projects.list(version="v1.1"))) == N
    assert {r.url.path for r in server.requests} == {"/rest/v1.1/projects"}
    assert len(server.requests) == math.ceil(N / 300)


def test_no_default_list_has_a_larger_page_in_another_v1_version() -> None:
    # Where a v1 list is offered in several versions, the default asks for the largest page
    # among them, so no listing spends more requests than it must without version=.
    # (weather_logs.list is pinned to v1.0 for its shape and has the same page in both.)
    by_name: dict[tuple[str, str], list[_operations.Operation]] = {}
    for op in _operations.operations():
        if op.method == "GET" and op.per_page_max and op.version and op.version.startswith("v1."):
            by_name.setdefault((op.group, op.action), []).append(op)
    worse = []
    for (group, action), ops in sorted(by_name.items()):
        chosen = _operations.lookup(group, action)
        best = max(op.per_page_max or 0 for op in ops)
        if (chosen.per_page_max or 0) < best:
            worse.append(f"{group}.{action} {chosen.version} ({chosen.per_page_max} < {best})")
    assert worse == []
