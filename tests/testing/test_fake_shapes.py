"""Each list and show endpoint of the fake sends its own shape, as real Procore does.

A list sends its list shape (the endpoint's schema, or the fields recorded real responses carry),
not the collection's whole record: real v1.1 project lists send ``erp_integrated`` (not the
show's ``is_erp_integrated``), vendors ``connected_to_company_id``, submittals' specification
sections their area, RFI shows ``link``, ``title`` and ``revision``. The recorded payloads
themselves are compared in ``tests/conformance/test_fake_shapes.py``.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour

from procore_sdk.models import ProjectProjectStage
from procore_sdk.testing import FakeProcore


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=1, sizes={"rfis": 2, "submittals": 2})


@pytest.fixture
def api(fake: FakeProcore) -> httpx.Client:
    token = fake.issue_token()
    return httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={
            "Authorization": f"Bearer {token.access_token}",
            "Procore-Company-Id": str(fake.company_id),
        },
    )


def _get(api: httpx.Client, path: str, **params: Any) -> Any:
    resp = api.get(path, params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_v1_1_project_list_sends_its_list_shape(fake: FakeProcore, api: httpx.Client) -> None:
    [project, *_] = _get(api, "/rest/v1.1/projects", company_id=fake.company_id)
    assert type(project["erp_integrated"]) is bool
    assert "is_erp_integrated" not in project  # the show's name, not the list's
    assert set(project["project_stage"]) == {"id", "name"}
    assert isinstance(project["custom_fields"], dict)
    assert isinstance(project["created_by"], dict)
    assert "logo_url" not in project  # in the record (the show schema), not in a v1.1 list
    shown = _get(api, f"/rest/v1.0/projects/{project['id']}", company_id=fake.company_id)
    assert "is_erp_integrated" in shown
    assert "logo_url" in shown


def test_vendor_list_sends_connection_fields(fake: FakeProcore, api: httpx.Client) -> None:
    [vendor, *_] = _get(api, "/rest/v1.0/vendors", company_id=fake.company_id)
    assert "connected_to_company_id" in vendor
    assert type(vendor["is_connected"]) is bool
    assert type(vendor["company_vendor"]) is bool
    assert isinstance(vendor["bidding"], dict)
    assert vendor["bidding"]


def test_company_user_list_sends_the_v1_1_list_shape(fake: FakeProcore, api: httpx.Client) -> None:
    [user, *_] = _get(api, f"/rest/v1.1/companies/{fake.company_id}/users")
    assert "last_activated_at" in user
    assert type(user["erp_integrated_accountant"]) is bool
    assert set(user["vendor"]) >= {"id", "name"}
    assert "email_signature" not in user  # a show field real lists do not send
    shown = _get(api, f"/rest/v1.3/companies/{fake.company_id}/users/{user['id']}")
    assert type(shown["add_to_new_projects"]) is bool


def test_submittal_list_sends_nested_real_fields(fake: FakeProcore, api: httpx.Client) -> None:
    path = f"/rest/v1.1/projects/{fake.project_id}/submittals"
    [submittal, *_] = _get(api, path)
    assert type(submittal["specification_section"]["specification_area_id"]) is int
    assert type(submittal["type"]["translated_name"]) is str
    assert set(submittal["submittal_package"]["created_by"]) == {"id", "name"}


def test_rfi_show_sends_real_fields(fake: FakeProcore, api: httpx.Client) -> None:
    [rfi, *_] = _get(api, f"/rest/v1.0/projects/{fake.project_id}/rfis")
    shown = _get(api, f"/rest/v1.0/projects/{fake.project_id}/rfis/{rfi['id']}")
    for key in ("link", "title", "revision", "current_revision", "source_rfi_header_id"):
        assert key in shown, key
    assert type(shown["title"]) is str
    assert set(shown["priority"]) == {"name", "value"}
    assert isinstance(shown["project_stage"], dict)


def test_a_key_a_client_stored_is_still_sent(fake: FakeProcore, api: httpx.Client) -> None:
    created = api.post(
        "/rest/v1.0/projects",
        json={"company_id": fake.company_id, "project": {"name": "T", "acme_ref": "A-1"}},
    )
    assert created.status_code == 201, created.text
    listed = _get(api, "/rest/v1.1/projects", company_id=fake.company_id, per_page=300)
    [mine] = [p for p in listed if p["id"] == created.json()["id"]]
    assert mine["acme_ref"] == "A-1"
    assert mine["name"] == "T"


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Any:
    f = Flavour(request.param)
    yield f
    f.close()


def test_the_clients_read_the_fake_list_shape_whole(flavour: Flavour, fake: FakeProcore) -> None:
    client = flavour.client(
        fake=fake,
        access_token=fake.issue_token().access_token,
        company_id=fake.company_id,
        base_url=fake.base_url,
    )
    [project, *_] = list(client.projects.list(version="v1.1"))
    assert isinstance(project.erp_integrated, bool)
    assert isinstance(project.project_stage, ProjectProjectStage)
    assert project.extra == {}
    [vendor, *_] = list(client.vendors.list())
    assert vendor.extra == {}
    assert isinstance(vendor.is_connected, bool)
