"""``client.paginate`` pages each path as its operation in the operation table says."""

from __future__ import annotations

import pytest
from _helpers.flavour import Flavour, ListServer


@pytest.mark.parametrize(
    ("path", "per_page"),
    [
        ("/rest/v1.0/projects/5/rfis", "2000"),
        # OAS RestV11ProjectsGet: at most 300.
        ("/rest/v1.1/projects", "300"),
        # REST v2: at most 100.
        ("/rest/v2.0/companies/1/webhooks/hooks", "100"),
        # OAS: the v2 ".../ids" lists default to 5,000 a page, which raises their largest.
        ("/rest/v2.0/companies/1/equipment_register/ids", "5000"),
    ],
)
def test_a_listing_asks_for_the_operations_largest_page(
    flavour: Flavour, path: str, per_page: str
) -> None:
    server = ListServer(3)
    client = flavour.client(server)
    list(client.paginate(path))
    assert server.requests[0].url.params["per_page"] == per_page


@pytest.mark.parametrize(
    "path",
    [
        # The spec gives these GETs no page/per_page: one response, no page size sent.
        "/rest/v1.0/checklist/lists",
        "/rest/v1.0/projects/5/rfis/filter_options/status",
        # Not a path of Procore's API at all.
        "/rest/v1.0/no_such_collection",
    ],
)
def test_a_path_that_does_not_page_gets_no_page_size(flavour: Flavour, path: str) -> None:
    server = ListServer(3)
    client = flavour.client(server)
    assert len(list(client.paginate(path, params={"project_id": 5}))) == 3
    assert "per_page" not in server.requests[0].url.params


def test_an_explicit_per_page_wins(flavour: Flavour) -> None:
    server = ListServer(3)
    client = flavour.client(server)
    list(client.paginate("/rest/v1.0/projects/5/rfis", per_page=7))
    assert server.requests[0].url.params["per_page"] == "7"


def test_v1_webhook_deliveries_page_with_page_size(flavour: Flavour) -> None:
    server = ListServer(0)
    client = flavour.client(server)
    list(client.paginate("/rest/v1.0/webhooks/hooks/9/deliveries"))
    params = server.requests[0].url.params
    assert params["page_size"] == "100"
    assert "per_page" not in params
