"""Every resource round-trips create, list, retrieve and update against the fake Procore,
through both clients (in-process transports)."""

from __future__ import annotations

from typing import Any

import pytest
from _helpers.flavour import Flavour

from procore_sdk.testing import FakeProcore

# (resource, field updated, create attributes); scope is filled in per resource below.
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("projects", "name", {"name": "Tower"}),
    ("company_users", "job_title", {"last_name": "Ng", "email_address": "ng@example.com"}),
    ("project_users", "job_title", {"last_name": "Li", "email_address": "li@example.com"}),
    ("vendors", "name", {"name": "Acme"}),
    ("project_vendors", "name", {"name": "Acme Site"}),
    ("cost_codes", "name", {"name": "Concrete", "code": "03"}),
    ("standard_cost_code_lists", "name", {"name": "Standard"}),
    ("standard_cost_codes", "name", {"name": "Steel", "code": "05"}),
    ("line_item_types", "name", {"name": "Labor", "code": "L", "base_type": "labor"}),
    ("rfis", "subject", {"subject": "Door hardware?"}),
    ("submittals", "title", {"title": "Shop drawings"}),
    ("observations", "name", {"name": "Loose rail"}),
    ("punch_items", "name", {"name": "Paint touch-up"}),
    ("manpower_logs", "notes", {"notes": "crew", "num_workers": 4}),
    ("notes_logs", "comment", {"comment": "windy"}),
    ("weather_logs", "notes", {"notes": "sunny"}),
    ("work_logs", "notes", {"notes": "framing"}),
]


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=3)


def _client(flavour: Flavour, fake: FakeProcore) -> Any:
    token = fake.issue_token()
    return flavour.client(
        fake=fake,
        access_token=token.access_token,
        company_id=fake.company_id,
        base_url=fake.base_url,
    )


def _scope(client: Any, fake: FakeProcore, name: str) -> dict[str, Any]:
    if name in (
        "projects",
        "company_users",
        "vendors",
        "standard_cost_code_lists",
        "line_item_types",
    ):
        return {}
    if name == "standard_cost_codes":
        lists = list(client.standard_cost_code_lists.list())
        return {"standard_cost_code_list_id": lists[0].id}
    return {"project_id": fake.project_id}


def _get(record: Any, field: str) -> Any:
    value = getattr(record, field, None)
    return record.extra.get(field) if value is None else value


@pytest.mark.parametrize(("name", "field", "attributes"), CASES)
def test_create_list_retrieve_update(
    flavour: Flavour, fake: FakeProcore, name: str, field: str, attributes: dict[str, Any]
) -> None:
    client = _client(flavour, fake)
    resource = getattr(client, name)
    scope = _scope(client, fake, name)
    if name.endswith("_logs"):
        attributes = {**attributes, "date": fake.today()}
    created = resource.create(attributes, **scope)
    assert created.id is not None

    list_kwargs = dict(scope)
    if name.endswith("_logs"):
        list_kwargs["log_date"] = fake.today()
    assert created.id in {record.id for record in resource.list(**list_kwargs)}

    fetched = resource.retrieve(created.id, **scope)
    assert fetched.id == created.id

    updated = resource.update(created.id, {field: "Changed"}, **scope)
    assert _get(updated, field) == "Changed"
    assert _get(resource.retrieve(created.id, **scope), field) == "Changed"


def test_listing_pages_through_the_fake_with_exact_request_counts(flavour: Flavour) -> None:
    fake = FakeProcore(seed=1, sizes={"company_users": 4500})
    client = _client(flavour, fake)
    before = len(fake.requests)
    users = list(client.company_users.list())
    assert len(users) == 4500
    # v1 lists page at 2000 (§4): ceil(4500 / 2000) = 3 requests, never one more.
    assert len(fake.requests) - before == 3


def test_generic_paginate_against_the_fake(flavour: Flavour) -> None:
    fake = FakeProcore(seed=1, sizes={"vendors": 450})
    client = _client(flavour, fake)
    pager = client.paginate(
        "/rest/v1.0/vendors", params={"company_id": fake.company_id}, per_page=100
    )
    records = list(pager)
    assert len(records) == 450
    assert pager.total == 450
    assert len({r["id"] for r in records}) == 450


def test_prefetch_against_the_fake(flavour: Flavour) -> None:
    fake = FakeProcore(seed=1, sizes={"vendors": 950})
    client = _client(flavour, fake)
    ids = [v.id for v in client.vendors.list(per_page=100, prefetch=4)]
    sequential = [v.id for v in client.vendors.list(per_page=100)]
    assert ids == sequential
    assert len(ids) == 950


def test_me_and_companies_against_the_fake(flavour: Flavour, fake: FakeProcore) -> None:
    client = _client(flavour, fake)
    assert client.me.retrieve().id is not None
    assert fake.company_id in {c.id for c in client.companies.list()}


def test_project_user_remove_and_reply_delete_against_the_fake(
    flavour: Flavour, fake: FakeProcore
) -> None:
    client = _client(flavour, fake)
    users = list(client.project_users.list(project_id=fake.project_id))
    client.project_users.remove(users[0].id, project_id=fake.project_id)
    remaining = {u.id for u in client.project_users.list(project_id=fake.project_id)}
    assert users[0].id not in remaining


@pytest.mark.parametrize(
    ("name", "scope_name"),
    [
        ("vendors", None),
        ("projects", None),
        ("cost_codes", "project_id"),
        ("line_item_types", None),
    ],
)
def test_core_resources_offer_sync_upserts(
    flavour: Flavour, fake: FakeProcore, name: str, scope_name: str | None
) -> None:
    client = _client(flavour, fake)
    scope = {scope_name: fake.project_id} if scope_name else {}
    items = [{"origin_id": f"ERP-{name}-1", "name": "One", "code": "A1"}]
    result = getattr(client, name).sync(items, **scope)
    assert len(result.entities) == 1
    assert not result.errors
