"""Pure rules of webhook management: validation, versions, secrets, chunking, ensure's plan."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procore_sdk._errors import ConfigurationError
from procore_sdk._webhook_rules import (
    BULK_TRIGGER_LIMIT,
    HookState,
    TriggerKey,
    TriggerState,
    UnknownWebhookResourceError,
    WebhookApiV1,
    WebhookApiV2,
    authorization_matches,
    chunked,
    generate_secret,
    normalise_api_version,
    normalise_events,
    normalise_payload_version,
    payload_version_v1,
    plan_fetch,
    plan_hook,
    plan_triggers,
    validate_destination_url,
    validate_namespace,
)
from procore_sdk.webhooks import ResourceKey


@pytest.mark.parametrize("namespace", ["acme", "acme-sync-2", "a", "0-9"])
def test_namespace_accepts_lowercase_digits_dashes(namespace: str) -> None:
    assert validate_namespace(namespace) == namespace


@pytest.mark.parametrize("namespace", ["", "Acme", "acme_sync", "acme sync", "acme.io", None, 5])
def test_namespace_rejects_anything_else(namespace: object) -> None:
    # §8.1: lowercase a-z, digits, dash.
    with pytest.raises(ConfigurationError, match="namespace"):
        validate_namespace(namespace)


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/procore",
        "http://127.0.0.1:8123/hooks",
        "http://localhost/hooks",
        "http://[::1]:9000/x",
    ],
)
def test_destination_url_https_or_loopback_http(url: str) -> None:
    assert validate_destination_url(url) == url


@pytest.mark.parametrize(
    "url", ["http://hooks.example.com/x", "ftp://127.0.0.1/x", "hooks.example.com", "", "https://"]
)
def test_destination_url_rejects_plain_http_and_junk(url: str) -> None:
    with pytest.raises(ConfigurationError):
        validate_destination_url(url)


def test_api_version_default_is_v1() -> None:
    assert normalise_api_version() == "v1.0"
    assert normalise_api_version(None) == "v1.0"


@pytest.mark.parametrize("spelling", [*get_args(WebhookApiV1), "V1.0", " v1 "])
def test_api_version_v1_spellings(spelling: str) -> None:
    assert normalise_api_version(spelling) == "v1.0"


@pytest.mark.parametrize("spelling", [*get_args(WebhookApiV2), "V2", "2.0 "])
def test_api_version_v2_spellings(spelling: str) -> None:
    assert normalise_api_version(spelling) == "v2.0"


@pytest.mark.parametrize("spelling", ["v3.0", "", "v1.1", "latest"])
def test_api_version_rejects_others(spelling: str) -> None:
    with pytest.raises(ValueError, match=r"v1\.0 and v2\.0"):
        normalise_api_version(spelling)


def test_api_version_has_no_api_alias() -> None:
    with pytest.raises(TypeError):
        normalise_api_version(api="v2")  # type: ignore[call-arg]


def test_payload_version_spellings() -> None:
    # §12.14: hooks say "v2", payloads "v2.0".
    assert normalise_payload_version("v2") == "v2.0"
    assert normalise_payload_version("4.0") == "v4.0"
    assert normalise_payload_version("V3.0") == "v3.0"
    assert payload_version_v1("v4.0") == "v4"
    with pytest.raises(ValueError):
        normalise_payload_version("v5.0")
    with pytest.raises(ValueError):
        normalise_payload_version("v2.1")


def test_generated_secret_is_a_strong_bearer_value() -> None:
    first, second = generate_secret(), generate_secret()
    assert first.startswith("Bearer ")
    assert len(first) >= len("Bearer ") + 43
    assert first != second


def test_authorization_compares_last_five_characters() -> None:
    # §8.2: responses mask Authorization to its last 5 characters.
    assert authorization_matches("**********abcde", "Bearer xyzabcde")
    assert authorization_matches("abcde", "Bearer xyzabcde")
    assert not authorization_matches("*****abcdf", "Bearer xyzabcde")
    assert not authorization_matches(None, "Bearer xyzabcde")
    assert not authorization_matches("", "Bearer xyzabcde")


@given(st.lists(st.integers(), max_size=1600), st.integers(min_value=1, max_value=600))
def test_chunked_keeps_order_and_bounds(items: list[int], size: int) -> None:
    chunks = list(chunked(items, size))
    assert [x for chunk in chunks for x in chunk] == items
    assert all(1 <= len(chunk) <= size for chunk in chunks)


def test_chunked_default_is_the_bulk_limit() -> None:
    # §8.2: at most 500 triggers per bulk call.
    assert BULK_TRIGGER_LIMIT == 500
    assert [len(c) for c in chunked(list(range(1001)))] == [500, 500, 1]
    with pytest.raises(ValueError):
        list(chunked([1], 0))


def test_events_normalised_and_deduplicated() -> None:
    events = normalise_events(
        [
            ("RFIs", "create"),
            ("rfis", "CREATE"),
            {"resource_name": "Company  Vendors", "event_type": "Update"},
            TriggerKey("Projects", "delete"),
        ]
    )
    assert events == [
        TriggerKey("RFIs", "create"),
        TriggerKey("Company Vendors", "update"),
        TriggerKey("Projects", "delete"),
    ]


@pytest.mark.parametrize(
    "bad", [[("RFIs", "upsert")], [("", "create")], [("RFIs",)], "RFIs", [("RFIs", None)]]
)
def test_events_rejects_bad_items(bad: object) -> None:
    with pytest.raises(ValueError):
        normalise_events(bad)  # type: ignore[arg-type]


def test_trigger_plan_creates_missing_deletes_unwanted_keeps_rest() -> None:
    existing = [
        TriggerState(1, "RFIs", "CREATE"),  # v1 OAS upper case (§12.14): same as wanted
        TriggerState(2, "Submittals", "update"),  # no longer wanted
        TriggerState(3, "rfis", "create"),  # duplicate of 1
    ]
    wanted = normalise_events([("RFIs", "create"), ("Company Vendors", "update")])
    plan = plan_triggers(existing, wanted)
    assert plan.create == (TriggerKey("Company Vendors", "update"),)
    assert plan.delete == (2, 3)
    assert plan.unchanged == (1,)
    assert plan.changes


def test_trigger_plan_converged_has_no_changes() -> None:
    existing = [TriggerState("7", "RFIs", "CREATE"), TriggerState("8", "Projects", "update")]
    plan = plan_triggers(existing, normalise_events([("Projects", "update"), ("RFIs", "create")]))
    assert not plan.changes
    assert set(plan.unchanged) == {"7", "8"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["RFIs", "Projects", "Submittals"]),
            st.sampled_from(["create", "update", "delete"]),
        ),
        max_size=9,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["RFIs", "rfis", "Projects"]), st.sampled_from(["CREATE", "update"])
        ),
        max_size=9,
    ),
)
def test_trigger_plan_applied_reaches_the_wanted_set(
    existing_pairs: list[tuple[str, str]], wanted_pairs: list[tuple[str, str]]
) -> None:
    existing = [TriggerState(i, n, e) for i, (n, e) in enumerate(existing_pairs)]
    wanted = normalise_events(wanted_pairs)
    plan = plan_triggers(existing, wanted)
    after = [t for t in existing if t.id not in plan.delete]
    after += [
        TriggerState(100 + i, t.resource_name, t.event_type) for i, t in enumerate(plan.create)
    ]
    keys = [TriggerKey(t.resource_name, t.event_type).key for t in after]
    assert sorted(keys) == sorted(w.key for w in wanted)  # exactly once each
    again = plan_triggers(after, wanted)
    assert not again.changes  # idempotent


def _hook(**kw: object) -> HookState:
    base: dict[str, object] = {
        "id": 10,
        "destination_url": "https://h.example.com/in",
        "authorization": "**********abcde",
        "payload_version": "v2",
    }
    base.update(kw)
    return HookState(**base)  # type: ignore[arg-type]


def test_hook_plan_creates_when_namespace_has_no_hook() -> None:
    plan = plan_hook([], destination_url="https://h/x", payload_version="v2.0", authorization=None)
    assert plan.hook_id is None
    assert plan.set_authorization
    assert plan.changes


def test_hook_plan_keeps_a_matching_hook() -> None:
    plan = plan_hook(
        [_hook()],
        destination_url="https://h.example.com/in/",
        payload_version="v2.0",
        authorization="Bearer 123abcde",
    )
    assert plan.hook_id == 10
    assert not plan.changes


def test_hook_plan_without_secret_keeps_the_existing_one() -> None:
    plan = plan_hook(
        [_hook()],
        destination_url="https://h.example.com/in",
        payload_version="v2.0",
        authorization=None,
    )
    assert not plan.changes
    bare = plan_hook(
        [_hook(authorization=None)],
        destination_url="https://h.example.com/in",
        payload_version="v2.0",
        authorization=None,
    )
    # Never rotated without the caller's secret: receivers hold the current one.
    assert not bare.set_authorization
    assert not bare.changes


def test_hook_plan_leaves_an_unreported_payload_version() -> None:
    plan = plan_hook(
        [_hook(payload_version=None)],
        destination_url="https://h.example.com/in",
        payload_version="v4.0",
        authorization=None,
    )
    assert plan.payload_version is None
    assert not plan.changes


def test_hook_plan_rotates_a_secret_whose_last_five_differ() -> None:
    plan = plan_hook(
        [_hook()],
        destination_url="https://h.example.com/in",
        payload_version="v2.0",
        authorization="Bearer 123abcdX",
    )
    assert plan.set_authorization
    assert plan.destination_url is None


def test_hook_plan_updates_url_and_payload_version_of_the_only_hook() -> None:
    plan = plan_hook(
        [_hook()],
        destination_url="https://new.example.com/in",
        payload_version="v4.0",
        authorization=None,
    )
    assert plan.hook_id == 10
    assert plan.destination_url == "https://new.example.com/in"
    assert plan.payload_version == "v4.0"


def test_hook_plan_prefers_the_hook_with_the_destination() -> None:
    hooks = [_hook(id=1, destination_url="https://a/x"), _hook(id=2, destination_url="https://b/x")]
    plan = plan_hook(
        hooks, destination_url="https://b/x", payload_version="v2.0", authorization=None
    )
    assert plan.hook_id == 2
    other = plan_hook(
        hooks, destination_url="https://c/x", payload_version="v2.0", authorization=None
    )
    assert other.hook_id is None  # several others: leave them, create one


def test_hook_plan_reactivates_a_disabled_v2_hook() -> None:
    plan = plan_hook(
        [_hook(status="disabled", payload_version="v2.0")],
        destination_url="https://h.example.com/in",
        payload_version="v2.0",
        authorization=None,
    )
    assert plan.activate
    assert plan.changes


def _key(
    name: str, event: str = "update", project: object = 55, company: object = 7
) -> ResourceKey:
    from procore_sdk.webhooks import resource_slug

    return ResourceKey(
        resource_name=name,
        slug=resource_slug(name),
        resource_id=123,
        company_id=company,
        project_id=project,
        deleted=event == "delete",
    )


def test_fetch_plan_project_resource_uses_the_event_project() -> None:
    plan = plan_fetch(_key("RFIs"), default_company_id=None)
    assert plan is not None
    assert plan.path == "/rest/v1.0/projects/55/rfis/123"
    assert plan.company_id == 7
    assert plan.model.__name__ == "Rfi"


def test_fetch_plan_company_resource_uses_the_company() -> None:
    plan = plan_fetch(_key("Company Vendors", project=None, company="8"), default_company_id=None)
    assert plan is not None
    assert plan.path == "/rest/v1.0/vendors/123"
    assert plan.params == {"company_id": 8}
    fallback = plan_fetch(_key("Projects", project=None, company=None), default_company_id=9)
    assert fallback is not None
    assert fallback.params == {"company_id": 9}


def test_fetch_plan_none_for_deletes() -> None:
    assert plan_fetch(_key("RFIs", "delete"), default_company_id=None) is None


def test_fetch_plan_unknown_resource_names_it() -> None:
    with pytest.raises(UnknownWebhookResourceError, match="Direct Cost Line Items") as info:
        plan_fetch(_key("Direct Cost Line Items"), default_company_id=None)
    assert info.value.resource_name == "Direct Cost Line Items"


def test_fetch_plan_missing_project_is_explained() -> None:
    with pytest.raises(UnknownWebhookResourceError, match="project_id"):
        plan_fetch(_key("RFIs", project=None), default_company_id=None)
