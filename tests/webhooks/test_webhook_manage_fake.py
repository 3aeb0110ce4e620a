"""``ensure`` and the management groups against the fake Procore, in-process (fast): both API
versions, both clients."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from _helpers.webhook_flavour import Flavour

import procore_sdk
from procore_sdk.models import Hook, HookV2
from procore_sdk.testing import FakeProcore

URL = "https://hooks.example.com/procore"
EVENTS = [("RFIs", "create"), ("Company Vendors", "update"), ("Projects", "update")]


@pytest.fixture
def fake() -> FakeProcore:
    return FakeProcore(seed=3)


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest, fake: FakeProcore) -> Iterator[Flavour]:
    f = Flavour(request.param, fake)
    yield f
    f.close()


def _writes(fake: FakeProcore, since: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in fake.requests[since:] if r.method != "GET"]


@pytest.mark.parametrize("version", ["v1.0", "v2.0"])
def test_ensure_converges_then_makes_no_writes(
    flavour: Flavour, fake: FakeProcore, version: str
) -> None:
    wh = flavour.webhooks
    first = flavour.call(
        wh.ensure(namespace="acme-sync", destination_url=URL, events=EVENTS, version=version)
    )
    assert first.hook_created
    assert first.generated_secret
    assert isinstance(first.hook, Hook if version == "v1.0" else HookV2)
    assert len(first.created_triggers) == 3
    [stored] = fake.webhooks.hooks.values()
    assert stored.destination_headers["Authorization"] == first.authorization
    assert sorted(
        (t.resource_name, t.event_type) for t in fake.webhooks.triggers.values()
    ) == sorted((n, e) for n, e in EVENTS)

    mark = len(fake.requests)
    again = flavour.call(
        wh.ensure(namespace="acme-sync", destination_url=URL, events=EVENTS, version=version)
    )
    # Idempotent: the second run only reads (§8.2 responses mask the secret; no rotation).
    assert _writes(fake, mark) == []
    assert again.writes == 0
    assert not again.changed
    assert again.authorization is None
    assert not again.generated_secret
    assert len(again.unchanged) == 3
    assert again.created_triggers == ()
    assert again.deleted_triggers == ()
    assert str(again.hook.id) == str(first.hook.id)


def test_ensure_adds_and_removes_only_the_difference(flavour: Flavour, fake: FakeProcore) -> None:
    wh = flavour.webhooks
    flavour.call(wh.ensure(namespace="acme-sync", destination_url=URL, events=EVENTS))
    before = {t.id for t in fake.webhooks.triggers.values() if t.resource_name == "RFIs"}
    mark = len(fake.requests)
    result = flavour.call(
        wh.ensure(
            namespace="acme-sync",
            destination_url=URL,
            events=[("rfis", "CREATE"), ("Submittals", "update")],
        )
    )
    assert [t.resource_name for t in result.created_triggers] == ["Submittals"]
    assert sorted(t.resource_name for t in result.deleted_triggers) == [
        "Company Vendors",
        "Projects",
    ]
    assert [t.resource_name for t in result.unchanged] == ["RFIs"]
    # The RFIs trigger was left alone (case-insensitive match, §12.14).
    assert {t.id for t in fake.webhooks.triggers.values() if t.resource_name == "RFIs"} == before
    writes = _writes(fake, mark)
    assert sorted(m for m, _ in writes) == ["DELETE", "DELETE", "POST"]


def test_ensure_rotates_a_changed_secret_and_moves_the_url(
    flavour: Flavour, fake: FakeProcore
) -> None:
    wh = flavour.webhooks
    flavour.call(
        wh.ensure(
            namespace="acme-sync",
            destination_url=URL,
            events=EVENTS,
            authorization="Bearer one-11111",
        )
    )
    same = flavour.call(
        wh.ensure(
            namespace="acme-sync",
            destination_url=URL,
            events=EVENTS,
            authorization="Bearer one-11111",
        )
    )
    assert same.writes == 0
    assert same.authorization == "Bearer one-11111"
    moved = flavour.call(
        wh.ensure(
            namespace="acme-sync",
            destination_url="https://new.example.com/procore",
            events=EVENTS,
            authorization="Bearer two-22222",
            payload_version="v4.0",
        )
    )
    assert moved.hook_updated
    assert not moved.hook_created
    assert moved.writes == 1
    [stored] = fake.webhooks.hooks.values()
    assert stored.destination_url == "https://new.example.com/procore"
    assert stored.destination_headers["Authorization"] == "Bearer two-22222"
    assert stored.payload_version == "v4.0"


def test_namespaces_and_scopes_stay_apart(flavour: Flavour, fake: FakeProcore) -> None:
    wh = flavour.webhooks
    flavour.call(wh.ensure(namespace="app-one", destination_url=URL, events=EVENTS[:1]))
    flavour.call(wh.ensure(namespace="app-two", destination_url=URL, events=EVENTS[:1]))
    flavour.call(
        wh.ensure(
            namespace="app-one", destination_url=URL, events=EVENTS[:1], project_id=fake.project_id
        )
    )
    assert len(fake.webhooks.hooks) == 3
    listed = flavour.all(wh.hooks.list(namespace="app-one"))
    assert [h.namespace for h in listed] == ["app-one"]
    in_project = flavour.all(wh.hooks.list(namespace="app-one", project_id=fake.project_id))
    assert [h.owned_by_project_id for h in in_project] == [fake.project_id]


def test_management_round_trip_v2(flavour: Flavour, fake: FakeProcore) -> None:
    wh = flavour.webhooks
    hook = flavour.call(
        wh.hooks.create(
            namespace="acme", destination_url=URL, authorization="Bearer zz-abcde", version="v2.0"
        )
    )
    assert isinstance(hook, HookV2)
    assert hook.destination_headers == {"Authorization": "**********abcde"}
    assert flavour.call(wh.hooks.retrieve(hook.id, version="v2.0")).namespace == "acme"
    trig = flavour.call(wh.triggers.create(hook.id, "RFIs", "create", version="v2.0"))
    assert [t.id for t in flavour.all(wh.triggers.list(hook.id, version="v2.0"))] == [trig.id]
    flavour.call(wh.triggers.delete(hook.id, trig.id, version="v2.0"))
    assert flavour.all(wh.triggers.list(hook.id, version="v2.0")) == []
    disabled = flavour.call(wh.hooks.update(hook.id, status="disabled", version="v2.0"))
    assert disabled.status == "disabled"
    # ensure re-activates a hook Procore disabled (§8.5).
    result = flavour.call(
        wh.ensure(
            namespace="acme",
            destination_url=URL,
            events=[],
            version="v2.0",
            authorization="Bearer zz-abcde",
        )
    )
    assert result.hook_updated
    assert result.hook.status == "active"
    flavour.call(wh.hooks.delete(hook.id, version="v2.0"))
    assert fake.webhooks.hooks == {}


def test_bulk_create_against_the_fake(flavour: Flavour, fake: FakeProcore) -> None:
    wh = flavour.webhooks
    hook = flavour.call(wh.hooks.create(namespace="acme", destination_url=URL))
    result = flavour.call(
        wh.triggers.bulk_create(
            hook.id, [("RFIs", "create"), ("RFIs", "update"), ("Punch Items", "delete")]
        )
    )
    assert result.ok
    assert len(result.created) == 3
    assert len(fake.webhooks.triggers) == 3


@pytest.mark.parametrize("version", ["v1.0", "v2.0"])
def test_deliveries_listing_pages_through_the_fake(
    flavour: Flavour, fake: FakeProcore, version: str
) -> None:
    received: list[httpx.Request] = []

    def destination(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    fake.webhook_transport = httpx.MockTransport(destination)
    wh = flavour.webhooks
    result = flavour.call(
        wh.ensure(
            namespace="acme",
            destination_url=URL,
            events=[("Company Vendors", "create")],
            authorization="Bearer s3cret-abcde",
            version=version,
        )
    )
    for n in range(3):
        flavour.call(flavour.client.vendors.create({"name": f"Vendor {n}"}))
    assert fake.deliver_pending() == 3
    assert [r.headers["Authorization"] for r in received] == ["Bearer s3cret-abcde"] * 3
    mark = len(fake.requests)
    if version == "v1.0":
        items = flavour.all(wh.deliveries.list(result.hook.id, status="successful", page_size=2))
        # §4/§8.2: page_size/page_start; a short page ends the listing.
        assert [r.param("page_start") for r in fake.requests[mark:]] == [None, str(items[1].id)]
        assert [d.outcome for d in items] == ["ok"] * 3
    else:
        items = flavour.all(
            wh.deliveries.list(result.hook.id, status="succeeded", page_size=2, version=version)
        )
        assert [r.param("page") for r in fake.requests[mark:]] == [None, "2"]
        assert [d.status for d in items] == ["delivered"] * 3


def test_secrets_stay_out_of_logs_reprs_and_errors(
    flavour: Flavour, fake: FakeProcore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = flavour.call(
        flavour.webhooks.ensure(namespace="acme", destination_url=URL, events=[("RFIs", "create")])
    )
    secret = result.authorization
    assert secret is not None
    assert secret not in caplog.text
    assert secret not in repr(result)
    assert secret[7:] not in repr(result.hook)  # responses carry the masked value only (§8.2)
    fake.fail(422, path=f"/rest/v1.0/webhooks/hooks/{result.hook.id}", method="PATCH")
    with pytest.raises(procore_sdk.UnprocessableEntityError) as info:
        flavour.call(flavour.webhooks.hooks.update(result.hook.id, authorization=secret + "x"))
    assert secret not in str(info.value)
