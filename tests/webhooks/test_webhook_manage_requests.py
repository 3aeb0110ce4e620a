"""Request shapes of webhook management (v1.0 and v2.0, company and project scope), through an
``httpx.MockTransport``, for the sync and the async client alike (each test runs both ways)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from _support import FakeClock, Runner

from procore_sdk import AsyncProcore, Procore
from procore_sdk._async._webhooks import AsyncWebhooks
from procore_sdk._blocking._webhooks import Webhooks
from procore_sdk._errors import ConfigurationError, NotFoundError, PermissionDeniedError
from procore_sdk._webhook_rules import EnsureResult, WebhookEnsureError
from procore_sdk.models import Delivery, DeliveryV2, Hook, HookV2, Rfi, Trigger, TriggerV2
from procore_sdk.webhooks import UnknownWebhookResourceError, parse_event

COMPANY = 77
Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]]


class Drive:
    """Runs an async object's coroutine methods to completion (sync objects pass through)."""

    def __init__(self, target: Any, runner: Runner) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):

            def call(*args: Any, **kwargs: Any) -> Any:
                return _wrap(self._runner.run(value(*args, **kwargs)), self._runner)

            return call
        return _wrap(value, self._runner)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._runner.run(self._target.to_list()))


def _wrap(value: Any, runner: Runner) -> Any:
    if type(value).__name__.startswith("Async"):
        return Drive(value, runner)
    return value


class Server:
    """Answers by (method, path) and records every request."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Callable[[httpx.Request], Reply] | Reply] = {}
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, reply: Callable[[httpx.Request], Reply] | Reply) -> None:
        self.routes[(method, path)] = reply

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.routes.get((request.method, request.url.path))
        if reply is None:
            return httpx.Response(404, json={"message": "Not Found"})
        if callable(reply):
            reply = reply(request)
        status, body, *rest = reply
        headers = rest[0] if rest else {}
        if body is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)

    def query(self, index: int = -1) -> list[tuple[str, str]]:
        return list(self.requests[index].url.params.multi_items())


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def webhooks(runner: Runner, server: Server) -> Any:
    clock = FakeClock()
    if runner.is_async:

        async def handler(request: httpx.Request) -> httpx.Response:
            return server(request)

        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        client: Any = AsyncProcore(
            http_client=http,
            access_token="t",
            company_id=COMPANY,
            clock=clock,
            sleep=clock.async_sleep,
        )
        group: Any = getattr(client, "webhooks", None) or AsyncWebhooks(client)
        return Drive(group, runner)
    sync_http = httpx.Client(transport=httpx.MockTransport(server))
    client = Procore(
        http_client=sync_http, access_token="t", company_id=COMPANY, clock=clock, sleep=clock.sleep
    )
    return getattr(client, "webhooks", None) or Webhooks(client)


V1_HOOK = {
    "id": 501,
    "api_version": "v2",
    "namespace": "acme-sync",
    "destination_url": "https://hooks.example.com/in",
    "destination_headers": {"Authorization": "*****************abcde"},
    "owned_by_company_id": COMPANY,
    "owned_by_project_id": None,
    "owned_by_user_id": 3,
}
V2_HOOK = {
    "id": "601",
    "status": "active",
    "payload_version": "v4.0",
    "namespace": "acme-sync",
    "destination_headers": {"Authorization": "*****abcde"},
    "destination_url": "https://hooks.example.com/in",
    "trigger_count": 0,
    "company_id": str(COMPANY),
    "project_id": None,
}

# -- hooks ---------------------------------------------------------------------------------


def test_v1_create_hook_body_and_masked_response(webhooks: Any, server: Server) -> None:
    server.on("POST", "/rest/v1.0/webhooks/hooks", (201, V1_HOOK))
    hook = webhooks.hooks.create(
        namespace="acme-sync",
        destination_url="https://hooks.example.com/in",
        authorization="Bearer secret-abcde",
    )
    # §8.2: {"company_id": N, "hook": {"api_version", "namespace", "destination_url", ...}}
    assert server.body() == {
        "company_id": COMPANY,
        "hook": {
            "api_version": "v2",
            "namespace": "acme-sync",
            "destination_url": "https://hooks.example.com/in",
            "destination_headers": {"Authorization": "Bearer secret-abcde"},
        },
    }
    assert server.requests[-1].headers["Procore-Company-Id"] == str(COMPANY)
    assert isinstance(hook, Hook)
    assert hook.id == 501
    assert hook.destination_headers is not None
    assert hook.destination_headers.authorization == "*****************abcde"


def test_v2_create_hook_flat_body_in_project_path(webhooks: Any, server: Server) -> None:
    path = f"/rest/v2.0/companies/{COMPANY}/projects/55/webhooks/hooks"
    server.on("POST", path, (201, {"data": {**V2_HOOK, "project_id": "55"}}))
    hook = webhooks.hooks.create(
        namespace="acme-sync",
        destination_url="https://hooks.example.com/in",
        authorization="Bearer secret-abcde",
        payload_version="v4",
        project_id=55,
        version="v2",
    )
    # §8.3: flat body with payload_version; scope in the path.
    assert server.body() == {
        "payload_version": "v4.0",
        "namespace": "acme-sync",
        "destination_url": "https://hooks.example.com/in",
        "destination_headers": {"Authorization": "Bearer secret-abcde"},
    }
    assert isinstance(hook, HookV2)
    assert hook.id == "601"
    assert hook.project_id == "55"


def test_v1_project_scope_sends_project_id_only(webhooks: Any, server: Server) -> None:
    server.on("POST", "/rest/v1.0/webhooks/hooks", (201, {**V1_HOOK, "owned_by_project_id": 55}))
    webhooks.hooks.create(
        namespace="acme", destination_url="https://h.example.com/x", project_id=55
    )
    body = server.body()
    assert body["project_id"] == 55
    assert "company_id" not in body
    assert "destination_headers" not in body["hook"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"namespace": "Acme_Sync", "destination_url": "https://h.example.com/x"}, "namespace"),
        ({"namespace": "acme", "destination_url": "http://h.example.com/x"}, "https"),
        ({"namespace": "acme", "destination_url": "https://h/x", "project_id": 0}, "project_id"),
    ],
)
def test_create_validates_before_sending(
    webhooks: Any, server: Server, kwargs: Any, match: str
) -> None:
    with pytest.raises(ConfigurationError, match=match):
        webhooks.hooks.create(**kwargs)
    assert server.requests == []


def test_hooks_list_v1_query(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, [V1_HOOK]))
    hooks = list(webhooks.hooks.list(namespace="acme-sync", payload_version="v2.0"))
    assert [h.id for h in hooks] == [501]
    assert sorted(server.query()) == [
        ("api_version", "v2"),
        ("company_id", str(COMPANY)),
        ("namespace", "acme-sync"),
    ]


def test_hooks_list_v2_follows_link_pages(webhooks: Any, server: Server) -> None:
    path = f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks"

    def reply(request: httpx.Request) -> Reply:
        if request.url.params.get("page") == "2":
            return (200, {"data": [{**V2_HOOK, "id": "602"}]})
        link = (
            f'<https://api.procore.com{path}?page=2&per_page=100&namespace=acme-sync>; rel="next"'
        )
        return (200, {"data": [V2_HOOK]}, {"Link": link})

    server.on("GET", path, reply)
    hooks = list(webhooks.hooks.list(namespace="acme-sync", version="v2.0"))
    assert [h.id for h in hooks] == ["601", "602"]
    assert ("per_page", "100") in server.query(0)
    assert ("namespace", "acme-sync") in server.query(0)


def test_retrieve_v1_lists_because_no_single_get_is_documented(
    webhooks: Any, server: Server
) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, [V1_HOOK, {**V1_HOOK, "id": 502}]))
    assert webhooks.hooks.retrieve(502).id == 502
    with pytest.raises(NotFoundError):
        webhooks.hooks.retrieve(999)
    assert all(
        r.method == "GET" and r.url.path == "/rest/v1.0/webhooks/hooks" for r in server.requests
    )


def test_retrieve_v2_gets_the_hook(webhooks: Any, server: Server) -> None:
    server.on("GET", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks/601", (200, {"data": V2_HOOK}))
    assert webhooks.hooks.retrieve("601", version="v2.0").payload_version == "v4.0"


def test_update_v1_wraps_and_v2_sets_status(webhooks: Any, server: Server) -> None:
    server.on("PATCH", "/rest/v1.0/webhooks/hooks/501", (200, V1_HOOK))
    webhooks.hooks.update(501, destination_url="https://new.example.com/in")
    assert server.body() == {
        "company_id": COMPANY,
        "hook": {"destination_url": "https://new.example.com/in"},
    }
    server.on(
        "PATCH", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks/601", (200, {"data": V2_HOOK})
    )
    webhooks.hooks.update("601", status="active", authorization="Bearer x", version="v2.0")
    assert server.body() == {
        "destination_headers": {"Authorization": "Bearer x"},
        "status": "active",
    }
    with pytest.raises(ConfigurationError, match=r"v2\.0"):
        webhooks.hooks.update(501, status="disabled")


def test_delete_hook_v1_query_scope_v2_path(webhooks: Any, server: Server) -> None:
    server.on("DELETE", "/rest/v1.0/webhooks/hooks/501", (200, None))
    server.on("DELETE", "/rest/v2.0/companies/9/webhooks/hooks/601", (204, None))
    assert webhooks.hooks.delete(501) is None
    assert server.query() == [("company_id", str(COMPANY))]
    webhooks.hooks.delete("601", company_id=9, version="v2.0")
    assert server.requests[-1].headers["Procore-Company-Id"] == "9"


@pytest.mark.parametrize(
    ("group", "method", "args"),
    [
        ("hooks", "list", ()),
        ("hooks", "create", ()),
        ("hooks", "retrieve", ("601",)),
        ("hooks", "update", ("601",)),
        ("hooks", "delete", ("601",)),
        ("triggers", "list", ("601",)),
        ("triggers", "create", ("601", "RFIs", "create")),
        ("triggers", "delete", ("601", "7")),
        ("triggers", "bulk_create", ("601", [("RFIs", "create")])),
        ("triggers", "bulk_delete", ("601", ["7"])),
        ("deliveries", "list", ("601",)),
        ("resources", "list", ()),
        (None, "ensure", ()),
    ],
)
def test_api_keyword_is_gone(
    webhooks: Any, server: Server, group: str | None, method: str, args: tuple[Any, ...]
) -> None:
    # version= is the one way to pick the Webhooks API; the old api= alias is refused.
    target = webhooks if group is None else getattr(webhooks, group)
    with pytest.raises(TypeError, match="api"):
        getattr(target, method)(*args, api="v2")
    assert server.requests == []


@pytest.mark.parametrize(
    ("version", "path"),
    [
        ("v1.0", "/rest/v1.0/webhooks/hooks"),
        ("v1", "/rest/v1.0/webhooks/hooks"),
        ("1.0", "/rest/v1.0/webhooks/hooks"),
        ("v2.0", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks"),
        ("v2", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks"),
        ("2.0", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks"),
        (" V2.0 ", f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks"),
    ],
)
def test_lenient_version_spellings_pick_the_api(
    webhooks: Any, server: Server, version: str, path: str
) -> None:
    server.on("GET", path, (200, {"data": []} if "v2.0" in path else []))
    assert list(webhooks.hooks.list(version=version)) == []
    assert server.requests[-1].url.path == path


def test_unknown_version_is_refused_before_a_request(webhooks: Any, server: Server) -> None:
    with pytest.raises(ValueError, match=r"v1\.0 and v2\.0"):
        webhooks.hooks.list(version="v3.0")
    assert server.requests == []


def test_scope_needs_a_company(server: Server) -> None:
    client = Procore(
        http_client=httpx.Client(transport=httpx.MockTransport(server)), access_token="t"
    )
    with pytest.raises(ConfigurationError, match="company"):
        Webhooks(client).hooks.list()
    # v1 project scope needs no company id; v2 paths do.
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, []))
    assert list(Webhooks(client).hooks.list(project_id=5)) == []
    with pytest.raises(ConfigurationError):
        Webhooks(client).hooks.list(project_id=5, version="v2.0")


# -- triggers ------------------------------------------------------------------------------

V1_TRIGGER = {
    "id": 1,
    "webhook_hook_id": 501,
    "resource_name": "RFIs",
    "resource_id": None,
    "event_type": "CREATE",
    "company_id": COMPANY,
    "project_id": None,
    "user_id": 3,
}


def test_trigger_create_v1_body(webhooks: Any, server: Server) -> None:
    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers", (201, V1_TRIGGER))
    trigger = webhooks.triggers.create(501, "RFIs", "Create", payload_version="v2.0")
    # §8.2: {"company_id", "api_version", "trigger": {resource_name, event_type}}; lower case sent.
    assert server.body() == {
        "company_id": COMPANY,
        "api_version": "v2",
        "trigger": {"resource_name": "RFIs", "event_type": "create"},
    }
    assert isinstance(trigger, Trigger)
    assert trigger.event_type == "CREATE"


def test_trigger_create_v2_flat(webhooks: Any, server: Server) -> None:
    path = f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks/601/triggers"
    server.on(
        "POST", path, (201, {"data": {"id": "9", "resource_name": "RFIs", "event_type": "create"}})
    )
    trigger = webhooks.triggers.create("601", "RFIs", "create", version="v2.0")
    assert server.body() == {"resource_name": "RFIs", "event_type": "create"}
    assert isinstance(trigger, TriggerV2)
    assert trigger.id == "9"


def test_trigger_list_and_delete(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks/501/triggers", (200, [V1_TRIGGER]))
    server.on("DELETE", "/rest/v1.0/webhooks/hooks/501/triggers/1", (200, None))
    assert [t.event_type for t in webhooks.triggers.list(501)] == ["CREATE"]
    assert server.query() == [("company_id", str(COMPANY))]
    webhooks.triggers.delete(501, 1, project_id=55)
    assert server.query() == [("project_id", "55")]


def _bulk_echo(request: httpx.Request) -> Reply:
    items = json.loads(request.content)["triggers"]
    made = [
        {
            **V1_TRIGGER,
            "id": i,
            "resource_name": t["resource_name"],
            "event_type": t["event_type"].upper(),
        }
        for i, t in enumerate(items)
    ]
    return (200, {"success": made})


def test_bulk_create_chunks_of_500(webhooks: Any, server: Server) -> None:
    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", _bulk_echo)
    events = [(f"Resource {i}", "update") for i in range(1201)]
    result = webhooks.triggers.bulk_create(501, events, payload_version="v2.0")
    # §8.2: at most 500 triggers per bulk call.
    assert [len(json.loads(r.content)["triggers"]) for r in server.requests] == [500, 500, 201]
    assert server.body(0)["company_id"] == COMPANY
    assert server.body(0)["api_version"] == "v2"
    assert result.ok
    assert result.requests == 3
    assert len(result.created) == 1201


def test_bulk_create_207_reports_each_failure(webhooks: Any, server: Server) -> None:
    def partial(request: httpx.Request) -> Reply:
        return (
            207,
            {
                "success": [{**V1_TRIGGER, "resource_name": "RFIs", "event_type": "CREATE"}],
                "errors": [
                    {
                        "trigger": {"resource_name": "Nope", "event_type": "create"},
                        "errors": {"resource_name": ["is invalid"]},
                    }
                ],
            },
        )

    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", partial)
    result = webhooks.triggers.bulk_create(
        501, [("RFIs", "create"), ("Nope", "create"), ("Other", "delete")]
    )
    assert not result.ok
    assert [(f.trigger.resource_name, f.error) for f in result.failed] == [
        ("Nope", {"resource_name": ["is invalid"]}),
        ("Other", None),
    ]
    assert [t.resource_name for t in result.created] == ["RFIs"]


def test_bulk_create_chunk_refused_is_reported_other_errors_raise(
    webhooks: Any, server: Server
) -> None:
    server.on(
        "POST",
        "/rest/v1.0/webhooks/hooks/501/triggers/bulk",
        (422, {"errors": {"triggers": ["bad"]}}),
    )
    result = webhooks.triggers.bulk_create(501, [("RFIs", "create")])
    assert len(result.failed) == 1
    assert result.created == ()
    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", (403, {"message": "no"}))
    with pytest.raises(PermissionDeniedError):
        webhooks.triggers.bulk_create(501, [("RFIs", "create")])


def test_bulk_delete_v1_ids_and_v2_succeeded(webhooks: Any, server: Server) -> None:
    server.on("DELETE", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", (207, {"success": [1, 2]}))
    result = webhooks.triggers.bulk_delete(501, [1, 2, 3])
    # OAS RestV10WebhooksHooksHookIdTriggersBulkDelete: {"company_id", "triggers": [ids]}.
    assert server.body() == {"company_id": COMPANY, "triggers": [1, 2, 3]}
    assert result.deleted == (1, 2)
    assert [f.trigger for f in result.failed] == [3]
    path = f"/rest/v2.0/companies/{COMPANY}/webhooks/hooks/601/triggers/bulk"
    server.on("DELETE", path, (200, {"data": {"succeeded": ["7"]}}))
    v2 = webhooks.triggers.bulk_delete("601", ["7"], version="v2.0")
    assert server.body() == {"triggers": ["7"]}
    assert v2.ok
    assert v2.deleted == ("7",)


def test_bulk_delete_chunks(webhooks: Any, server: Server) -> None:
    def echo(request: httpx.Request) -> Reply:
        return (200, {"success": json.loads(request.content)["triggers"]})

    server.on("DELETE", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", echo)
    result = webhooks.triggers.bulk_delete(501, range(1, 702))
    assert [len(json.loads(r.content)["triggers"]) for r in server.requests] == [500, 201]
    assert len(result.deleted) == 701


# -- deliveries ----------------------------------------------------------------------------


def _v1_delivery(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "event_id": 5982324300946918154 + i,
        "event": {"id": 5982324300946918154 + i, "resource_name": "RFIs", "event_type": "create"},
        "outcome": "retried",
        "response_status": 500,
    }


def test_deliveries_v1_filter_name_and_page_size(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks/501/deliveries", (200, [_v1_delivery(1)]))
    items = list(webhooks.deliveries.list(501, status="failing", page_size=2))
    # §12.14 CONFLICT: the SDK sends the documented filter[status] (not the OAS filters[status]).
    assert sorted(server.query()) == [
        ("company_id", str(COMPANY)),
        ("filter[status]", "failing"),
        ("page_size", "2"),
    ]
    assert isinstance(items[0], Delivery)
    assert items[0].event_id == 5982324300946918155


def test_deliveries_v1_pages_with_page_start(webhooks: Any, server: Server) -> None:
    def reply(request: httpx.Request) -> Reply:
        start = int(request.url.params.get("page_start", 0))
        rows = [_v1_delivery(i) for i in range(1, 6) if i > start][:2]
        return (200, rows)

    server.on("GET", "/rest/v1.0/webhooks/hooks/501/deliveries", reply)
    items = list(webhooks.deliveries.list(501, page_size=2))
    # §4/§8.2: page_start is the last id of the previous page.
    starts = [r.url.params.get("page_start") for r in server.requests]
    assert starts == [None, "2", "4"]
    assert all(isinstance(i, Delivery) for i in items)
    assert [i.id for i in items] == [1, 2, 3, 4, 5]
    assert [i.event_id - 5982324300946918154 for i in items] == [1, 2, 3, 4, 5]


def test_deliveries_v2_filters_and_per_page(webhooks: Any, server: Server) -> None:
    path = f"/rest/v2.0/companies/{COMPANY}/projects/55/webhooks/hooks/601/deliveries"
    server.on(
        "GET",
        path,
        (200, {"data": [{"id": "1", "status": "failed", "payload": {}, "delivery_attempts": []}]}),
    )
    items = list(
        webhooks.deliveries.list(
            "601",
            status="failed",
            resource_name="RFIs",
            start="2026-01-01",
            project_id=55,
            version="v2.0",
            page_size=500,
        )
    )
    assert isinstance(items[0], DeliveryV2)
    assert sorted(server.query()) == [
        ("filter[resource_name]", "RFIs"),
        ("filter[start]", "2026-01-01"),
        ("filter[status]", "failed"),
        ("per_page", "100"),
    ]


def test_deliveries_status_checked_per_version(webhooks: Any, server: Server) -> None:
    with pytest.raises(ValueError, match="failing"):
        webhooks.deliveries.list("601", status="failing", version="v2.0")
    with pytest.raises(ValueError, match="succeeded"):
        webhooks.deliveries.list(501, status="succeeded")
    with pytest.raises(ValueError, match=r"v2\.0"):
        webhooks.deliveries.list(501, resource_name="RFIs")
    assert server.requests == []


# -- resources -----------------------------------------------------------------------------


def test_resources_v1_and_v2(webhooks: Any, server: Server) -> None:
    v1 = {
        "api_version": "v2",
        "product_category": "Core",
        "tools": "RFIs",
        "except": ["delete"],
        "create": "RFIs create",
    }
    server.on("GET", "/rest/v1.0/webhooks/resources", (200, [v1]))
    [info] = list(webhooks.resources.list(project_id=55))
    assert info.except_ == ["delete"]
    assert server.query() == [("project_id", "55")]
    path = f"/rest/v2.0/companies/{COMPANY}/webhooks/resources"
    server.on(
        "GET",
        path,
        (
            200,
            {
                "data": [
                    {"name": "RFIs", "category": "PM", "payload_version": "v4.0", "actions": []}
                ]
            },
        ),
    )
    [info2] = list(webhooks.resources.list(payload_version="4.0", version="v2.0"))
    assert info2.name == "RFIs"
    assert ("payload_version", "v4.0") in server.query()


def test_resources_v1_company_scope_from_the_table(webhooks: Any, server: Server) -> None:
    # OAS RestV10WebhooksResourcesGet: "you must supply either a company_id or project_id".
    server.on("GET", "/rest/v1.0/webhooks/resources", (200, []))
    assert list(webhooks.resources.list()) == []
    assert server.query() == [("company_id", str(COMPANY))]


# -- the v2.0 groups -----------------------------------------------------------------------


def test_v2_groups_speak_v2_without_a_version(webhooks: Any, server: Server) -> None:
    base = f"/rest/v2.0/companies/{COMPANY}/webhooks"
    server.on("GET", f"{base}/hooks", (200, {"data": [V2_HOOK]}))
    server.on(
        "POST",
        f"{base}/hooks/601/triggers",
        (201, {"data": {"id": "9", "resource_name": "RFIs", "event_type": "create"}}),
    )
    server.on("GET", f"{base}/hooks/601/deliveries", (200, {"data": []}))
    server.on("GET", f"{base}/resources", (200, {"data": []}))
    v2 = webhooks.v2
    [hook] = list(v2.hooks.list(namespace="acme-sync"))
    assert isinstance(hook, HookV2)
    assert ("per_page", "100") in server.query()
    trigger = v2.triggers.create("601", "RFIs", "Create")
    assert isinstance(trigger, TriggerV2)
    assert server.body() == {"resource_name": "RFIs", "event_type": "create"}
    assert list(v2.deliveries.list("601", status="failed")) == []
    assert ("filter[status]", "failed") in server.query()
    assert list(v2.resources.list(payload_version="v4.0")) == []
    assert server.query() == [("payload_version", "v4.0"), ("per_page", "100")]
    # The v2.0 groups refuse the v1.0 statuses, as version="v2.0" did.
    with pytest.raises(ValueError, match="failing"):
        v2.deliveries.list("601", status="failing")


def test_version_keyword_and_v2_group_make_the_same_request(webhooks: Any, server: Server) -> None:
    path = f"/rest/v2.0/companies/{COMPANY}/projects/55/webhooks/hooks/601"
    server.on("PATCH", path, (200, {"data": V2_HOOK}))
    via_group = webhooks.v2.hooks.update("601", status="disabled", project_id=55)
    via_keyword = webhooks.hooks.update("601", status="disabled", project_id=55, version="2")
    assert via_group == via_keyword
    first, second = server.requests
    assert (first.method, first.url, first.content) == (second.method, second.url, second.content)


# -- one company rule ----------------------------------------------------------------------


def test_explicit_company_none_means_no_company(webhooks: Any, server: Server) -> None:
    # One rule everywhere: left out is the client's company; None is no company.
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, []))
    assert list(webhooks.hooks.list(project_id=55, company_id=None)) == []
    assert server.query() == [("project_id", "55")]
    assert "procore-company-id" not in server.requests[-1].headers
    with pytest.raises(ConfigurationError, match="company"):
        webhooks.hooks.list(company_id=None)
    with pytest.raises(ConfigurationError, match="company"):
        webhooks.v2.hooks.list(project_id=55, company_id=None)
    assert len(server.requests) == 1
    assert list(webhooks.hooks.list()) == []
    assert server.requests[-1].headers["procore-company-id"] == str(COMPANY)


# -- fetch ---------------------------------------------------------------------------------


def _event(resource: str, event_type: str = "update", project: int | None = 55) -> Any:
    return parse_event(
        {
            "id": 5982324300946918154,
            "ulid": "01JMYXMZRBVKK0PC6XS8SA4QRE",
            "timestamp": "2025-02-06T23:34:12.246562Z",
            "api_version": "v2.0",
            "event_type": event_type,
            "resource_name": resource,
            "resource_id": 321,
            "company_id": 9,
            "project_id": project,
        }
    )


def test_fetch_gets_the_typed_record(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/projects/55/rfis/321", (200, {"id": 321, "subject": "Door"}))
    rfi = webhooks.fetch(_event("RFIs"))
    assert isinstance(rfi, Rfi)
    assert rfi.subject == "Door"
    assert server.requests[-1].headers["Procore-Company-Id"] == "9"


def test_fetch_none_for_delete_and_404(webhooks: Any, server: Server) -> None:
    assert webhooks.fetch(_event("RFIs", "delete")) is None
    assert server.requests == []
    assert webhooks.fetch(_event("Company Vendors", project=None)) is None  # 404: deleted since
    assert server.requests[-1].url.path == "/rest/v1.0/vendors/321"


def test_fetch_unknown_resource_raises(webhooks: Any, server: Server) -> None:
    with pytest.raises(UnknownWebhookResourceError, match="ERP Requests"):
        webhooks.fetch(_event("ERP Requests"))


# -- ensure (request level) ----------------------------------------------------------------


def test_ensure_creates_hook_with_generated_secret_once(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, []))
    server.on("POST", "/rest/v1.0/webhooks/hooks", (201, V1_HOOK))
    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", _bulk_echo)
    result = webhooks.ensure(
        namespace="acme-sync",
        destination_url="https://hooks.example.com/in",
        events=[("RFIs", "create"), ("Company Vendors", "update")],
    )
    sent = server.body(1)["hook"]["destination_headers"]["Authorization"]
    assert result.authorization == sent
    assert result.generated_secret
    assert sent.startswith("Bearer ")
    assert sent not in repr(result)
    assert "<redacted>" in repr(result)
    assert result.hook_created
    assert result.writes == 2
    # The hook is new: its triggers are not listed, only created (one bulk call, §8.2).
    assert [(r.method, r.url.path) for r in server.requests] == [
        ("GET", "/rest/v1.0/webhooks/hooks"),
        ("POST", "/rest/v1.0/webhooks/hooks"),
        ("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk"),
    ]
    assert server.body(2)["triggers"] == [
        {"resource_name": "RFIs", "event_type": "create"},
        {"resource_name": "Company Vendors", "event_type": "update"},
    ]


def test_ensure_raises_with_result_when_triggers_are_refused(webhooks: Any, server: Server) -> None:
    server.on("GET", "/rest/v1.0/webhooks/hooks", (200, [V1_HOOK]))
    server.on("GET", "/rest/v1.0/webhooks/hooks/501/triggers", (200, []))
    server.on("POST", "/rest/v1.0/webhooks/hooks/501/triggers/bulk", (207, {"success": []}))
    with pytest.raises(WebhookEnsureError) as info:
        webhooks.ensure(
            namespace="acme-sync",
            destination_url="https://hooks.example.com/in",
            events=[("RFIs", "create")],
        )
    assert isinstance(info.value.result, EnsureResult)
    assert [f.trigger.resource_name for f in info.value.result.failed_triggers] == ["RFIs"]


# -- the client mixin and the module-level fetch helpers -----------------------------------


def test_mixin_builds_one_group_per_client_copy() -> None:
    from procore_sdk._async._webhooks import AsyncWebhooksMixin
    from procore_sdk._blocking._webhooks import WebhooksMixin

    for mixin, group in ((AsyncWebhooksMixin, AsyncWebhooks), (WebhooksMixin, Webhooks)):

        class Client(mixin):  # type: ignore[misc, valid-type]
            company_id = COMPANY

            def __init__(self) -> None:
                self._resource_cache: dict[str, Any] = {}

        client = Client()
        assert isinstance(client.webhooks, group)
        assert client.webhooks is client.webhooks
        client._resource_cache = {}  # a copy (for_company) resets the cache
        assert client.webhooks._client is client


class Bare:
    """A client with only the transport contract (no resource groups)."""

    def __init__(self, client: Any) -> None:
        self._inner = client
        self.company_id = client.company_id

    def _send(self, options: Any) -> Any:
        return self._inner._send(options)


def test_fetch_without_resource_groups_builds_the_get(runner: Runner, server: Server) -> None:
    server.on("GET", "/rest/v1.0/projects/55/rfis/321", (200, {"id": 321, "subject": "Door"}))
    if runner.is_async:

        async def handler(request: httpx.Request) -> httpx.Response:
            return server(request)

        client: Any = AsyncProcore(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            access_token="t",
            company_id=COMPANY,
        )
        rfi = runner.run(AsyncWebhooks(Bare(client)).fetch(_event("RFIs")))
    else:
        client = Procore(
            http_client=httpx.Client(transport=httpx.MockTransport(server)),
            access_token="t",
            company_id=COMPANY,
        )
        rfi = Webhooks(Bare(client)).fetch(_event("RFIs"))
    assert isinstance(rfi, Rfi)
    assert rfi.id == 321
    assert server.requests[-1].headers["Procore-Company-Id"] == "9"


def test_fetch_resource_functions_pick_the_right_client(runner: Runner, server: Server) -> None:
    from procore_sdk.webhooks import async_fetch_resource, fetch_resource

    server.on("GET", "/rest/v1.0/vendors/321", (200, {"id": 321, "name": "Acme"}))
    event = _event("Company Vendors", project=None)
    if runner.is_async:

        async def handler(request: httpx.Request) -> httpx.Response:
            return server(request)

        client: Any = AsyncProcore(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            access_token="t",
            company_id=COMPANY,
        )
        assert runner.run(async_fetch_resource(client, event)).name == "Acme"
        with pytest.raises(TypeError, match="async_fetch_resource"):
            fetch_resource(client, event)
    else:
        client = Procore(
            http_client=httpx.Client(transport=httpx.MockTransport(server)),
            access_token="t",
            company_id=COMPANY,
        )
        assert fetch_resource(client, event).name == "Acme"
        with pytest.raises(TypeError, match="fetch_resource"):
            asyncio.run(async_fetch_resource(client, event))
