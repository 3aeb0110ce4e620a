"""Sync actions end to end through the client's request loop, both clients (§7)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from _support import Runner
from sync_actions._sync_mock import MockSync, run

from procore_sdk import (
    InternalServerError,
    SyncFailedError,
    SyncInterruptedError,
    SyncProgress,
    SyncResult,
    SyncValidationError,
)
from procore_sdk._sync_action_plan import SyncActionSpec, sync_action
from procore_sdk.models import BudgetLineItem, Vendor, VendorWrite

VENDORS = sync_action("vendors")
DIRECT_COSTS = sync_action("direct_costs")
DIRECT_COST_LINE_ITEMS = sync_action("direct_cost_line_items")
BUDGET_LINE_ITEMS = sync_action("budget_line_items")


def vendors(n: int, *, invalid_every: int = 0, keyed: bool = True) -> list[Any]:
    """``n`` vendors; every ``invalid_every``-th has a blank name; typed and dict mixed."""
    items: list[Any] = []
    for i in range(n):
        name = "" if invalid_every and i % invalid_every == 7 else f"Vendor {i}"
        if i % 2:
            items.append(
                VendorWrite(name=name, origin_id=f"ERP-{i}") if keyed else VendorWrite(name=name)
            )
        else:
            items.append({"name": name, "origin_id": f"ERP-{i}"} if keyed else {"name": name})
    return items


def assert_accounted(result: SyncResult[Any]) -> None:
    """Every input lands in exactly one place."""
    places = (
        list(result.entity_indexes)
        + [e.index for e in result.errors]
        + [i for b in result.failed_batches for i in b.indexes]
        + list(result.unaccounted)
    )
    assert sorted(places) == list(range(result.total))


def test_ten_thousand_vendors_three_percent_invalid(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    items = vendors(10_000, invalid_every=33)
    invalid = [i for i in range(10_000) if i % 33 == 7]
    assert len(invalid) == 303

    result = run(runner, client, VENDORS, items)

    assert mock.calls == 10
    assert result.total == 10_000
    assert result.succeeded + result.failed == 10_000
    assert [e.index for e in result.errors] == invalid
    for error in result.errors:
        assert error.origin_id == f"ERP-{error.index}"
        assert error.messages == {"name": ("can't be blank",)}
        assert error.item is items[error.index]
    assert result.unaccounted == ()
    assert result.failed_batches == ()
    assert all(isinstance(v, Vendor) for v in result.entities)
    by_index = result.entities_by_index()
    assert by_index[0].origin_id == "ERP-0"
    assert by_index[9999].name == "Vendor 9999"
    assert_accounted(result)
    assert not result.ok
    assert result.complete


def test_body_scope_and_company_default(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    run(runner, client, VENDORS, vendors(3), run_configurable_validations=True)
    request = mock.requests[0]
    assert request.method == "PATCH"
    assert request.url.path == "/rest/v1.0/vendors/sync"
    assert dict(request.url.params) == {"run_configurable_validations": "true"}
    assert mock.bodies[0]["company_id"] == 42  # §7.2: vendors take company_id in the body
    assert request.headers["Procore-Company-Id"] == "42"
    # An explicit company also names the company in the header (§3).
    run(runner, client, VENDORS, vendors(1), company_id=7)
    assert mock.bodies[1]["company_id"] == 7
    assert mock.requests[1].headers["Procore-Company-Id"] == "7"
    # On a project-scoped endpoint company_id only names the company in the header.
    run(runner, client, DIRECT_COSTS, [{"name": "x"}], project_id=5, company_id=8)
    assert mock.requests[2].headers["Procore-Company-Id"] == "8"
    assert "company_id" not in mock.bodies[2]
    assert not mock.requests[2].url.params


def test_server_error_retried_when_every_item_is_keyed(runner: Runner) -> None:
    mock = MockSync(fail={2: 500})
    client = runner.client(mock, company_id=1)
    result = run(runner, client, VENDORS, vendors(2500), batch_size=1000)
    # Batch 2 was sent twice (retried after the 500), the others once.
    assert mock.calls == 4
    assert mock.bodies[1] == mock.bodies[2]
    assert result.ok
    assert result.succeeded == 2500
    assert_accounted(result)


def test_server_error_not_retried_without_keys_reported_as_failed_batch(runner: Runner) -> None:
    mock = MockSync(fail={2: 500})
    client = runner.client(mock, company_id=1)
    items = vendors(2500, keyed=False)
    result = run(runner, client, VENDORS, items, batch_size=1000)
    assert mock.calls == 3  # a PATCH that may have reached Procore is never resent
    assert len(result.failed_batches) == 1
    failed = result.failed_batches[0]
    assert failed.indexes == tuple(range(1000, 2000))
    assert failed.items == tuple(items[1000:2000])
    assert isinstance(failed.exception, InternalServerError)
    assert not failed.retried_safely
    assert result.succeeded == 1500
    assert result.remaining_indexes == list(range(1000, 2000))
    assert_accounted(result)


def test_one_keyless_item_makes_the_batch_unsafe_to_retry(runner: Runner) -> None:
    mock = MockSync(fail={1: 502})
    client = runner.client(mock, company_id=1)
    items = vendors(10)
    items[4] = {"name": "no key"}
    result = run(runner, client, VENDORS, items)
    assert mock.calls == 1
    assert [len(b) for b in result.failed_batches] == [10]


def test_progress_callbacks_add_up(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    seen: list[SyncProgress] = []
    result = run(
        runner,
        client,
        VENDORS,
        vendors(2345, invalid_every=33),
        batch_size=500,
        on_progress=seen.append,
    )
    assert [p.items_done for p in seen] == [500, 1000, 1500, 2000, 2345]
    assert all(p.items_total == 2345 and p.batches_total == 5 for p in seen)
    assert [p.batches_done for p in seen] == [1, 2, 3, 4, 5]
    assert seen[-1].errors == result.failed
    assert seen[-1].fraction == 1.0
    assert all(a.errors <= b.errors for a, b in itertools.pairwise(seen))


def test_resume_after_callback_interruption_sends_only_what_was_left(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    items = vendors(2500, invalid_every=33)

    def stop_after_two(progress: SyncProgress) -> None:
        if progress.batches_done == 2:
            raise RuntimeError("user pressed stop")

    with pytest.raises(SyncInterruptedError) as info:
        run(runner, client, VENDORS, items, batch_size=1000, on_progress=stop_after_two)
    partial = info.value.result
    assert isinstance(info.value.__cause__, RuntimeError)
    assert mock.calls == 2
    assert partial.done_indexes == frozenset(range(2000))
    assert partial.remaining(items) == items[2000:]
    sent_before = mock.calls

    result = run(runner, client, VENDORS, items, batch_size=1000, resume=partial)
    assert mock.calls == sent_before + 1
    assert mock.sent_origin_ids()[2000:] == [f"ERP-{i}" for i in range(2000, 2500)]
    assert result.complete
    assert result.total == 2500
    assert result.succeeded + result.failed == 2500
    assert list(result.entity_indexes) == sorted(result.entity_indexes)
    assert_accounted(result)


def test_stop_on_failure_then_resume(runner: Runner) -> None:
    mock = MockSync(fail={2: 400})
    client = runner.client(mock, company_id=1)
    items = vendors(3000)
    with pytest.raises(SyncInterruptedError) as info:
        run(runner, client, VENDORS, items, batch_size=1000, stop_on_failure=True)
    partial = info.value.result
    assert mock.calls == 2  # batch 3 was never sent
    assert [b.indexes[0] for b in partial.failed_batches] == [1000]
    assert partial.remaining_indexes == list(range(1000, 3000))
    result = run(runner, client, VENDORS, items, batch_size=1000, resume=partial)
    assert mock.calls == 4
    assert result.ok
    assert_accounted(result)


def test_without_stop_on_failure_later_batches_still_go(runner: Runner) -> None:
    mock = MockSync(fail={1: 403})
    client = runner.client(mock, company_id=1)
    result = run(runner, client, VENDORS, vendors(2000), batch_size=1000)
    assert mock.calls == 2
    assert result.succeeded == 1000
    assert result.failed_batch_items == 1000
    with pytest.raises(SyncFailedError) as info:
        result.raise_for_errors()
    message = str(info.value)
    assert "1000 of 2000 items synced" in message
    assert "PermissionDeniedError" in message
    assert "test-token" not in message
    assert info.value.result is result


def test_keyboard_interrupt_carries_the_partial_result(runner: Runner) -> None:
    def on_call(number: int) -> None:
        if number == 3:
            raise KeyboardInterrupt

    mock = MockSync(on_call=on_call)
    client = runner.client(mock, company_id=1)
    with pytest.raises(KeyboardInterrupt) as info:
        run(runner, client, VENDORS, vendors(5000), batch_size=1000)
    partial = info.value.result  # type: ignore[attr-defined]
    assert partial.done_indexes == frozenset(range(2000))
    assert partial.remaining_indexes == list(range(2000, 5000))


def test_concurrent_run_accounts_for_everything(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    items = vendors(4321, invalid_every=33)
    result = run(runner, client, VENDORS, items, batch_size=250, concurrency=4)
    assert mock.calls == 18
    assert result.complete
    assert [e.index for e in result.errors] == [i for i in range(4321) if i % 33 == 7]
    assert_accounted(result)


@pytest.mark.parametrize("endpoint", [DIRECT_COSTS, DIRECT_COST_LINE_ITEMS])
def test_concurrency_refused_for_direct_costs(
    runner: Runner, endpoint: SyncActionSpec[Any]
) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    with pytest.raises(SyncValidationError, match="does not support concurrent requests"):
        run(runner, client, endpoint, [{"name": "x"}], project_id=5, concurrency=2)
    assert mock.calls == 0
    # Sequential is fine.
    result = run(runner, client, endpoint, [{"name": "x"}], project_id=5)
    assert mock.requests[0].url.path.startswith("/rest/v1.0/projects/5/direct_costs/")
    assert result.ok


def test_budget_line_items_use_post_with_their_own_key(runner: Runner) -> None:
    mock = MockSync(bare_array=True)
    client = runner.client(mock, company_id=1)
    items = [{"name": "Concrete", "origin_id": "B1"}, {"name": "Steel", "origin_id": "B2"}]
    result = run(runner, client, BUDGET_LINE_ITEMS, items, project_id=77)
    request = mock.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/rest/v1.0/budget_line_items/sync"
    assert mock.bodies[0] == {"project_id": 77, "budget_line_items": items}
    assert "updates" not in mock.bodies[0]
    assert result.ok
    assert all(isinstance(e, BudgetLineItem) for e in result.entities)


def test_validation_errors_send_nothing(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    cases: list[tuple[dict[str, Any], list[Any], str]] = [
        ({"batch_size": 1001}, vendors(5), "at most 1000"),
        ({"batch_size": 0}, vendors(5), "batch_size"),
        (
            {},
            [{"name": "a", "origin_id": "X"}, {"name": "b", "origin_id": "X"}],
            "duplicate origin_id",
        ),
        ({"require_keys": True}, [{"name": "a", "origin_id": "X"}, {"name": "b"}], "#1"),
        ({"project_id": 3}, vendors(1), "unexpected argument"),
        ({"concurrency": 0}, vendors(1), "concurrency"),
        ({}, ["not a record"], "models or mappings"),
    ]
    for kwargs, items, text in cases:
        with pytest.raises(SyncValidationError, match=text):
            run(runner, client, VENDORS, items, **kwargs)
    assert mock.calls == 0


def test_missing_company_is_refused(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock)
    with pytest.raises(SyncValidationError, match="needs company_id="):
        run(runner, client, VENDORS, vendors(1))
    assert mock.calls == 0


def test_resume_with_other_items_is_refused(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    previous = run(runner, client, VENDORS, vendors(3))
    with pytest.raises(SyncValidationError, match="same call"):
        run(runner, client, VENDORS, vendors(4), resume=previous)
    assert mock.calls == 1


def test_reordered_answers_still_map_to_inputs(runner: Runner) -> None:
    mock = MockSync(reverse=True)
    client = runner.client(mock, company_id=1)
    items = vendors(300, invalid_every=10)
    result = run(runner, client, VENDORS, items)
    for index, entity in result.entities_by_index().items():
        assert entity.origin_id == f"ERP-{index}"
    assert [e.index for e in result.errors] == [i for i in range(300) if i % 10 == 7]
    assert_accounted(result)


def test_keyless_creates_are_matched_by_order_and_echo(runner: Runner) -> None:
    mock = MockSync(reverse=False)
    client = runner.client(mock, company_id=1)
    items = vendors(50, invalid_every=10, keyed=False)
    result = run(runner, client, VENDORS, items)
    assert result.complete
    assert result.unaccounted == ()
    for index, entity in result.entities_by_index().items():
        assert entity.name == f"Vendor {index}"
    assert [e.index for e in result.errors] == [7, 17, 27, 37, 47]


def test_interruption_while_batches_are_in_flight_loses_nothing(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=1)
    items = vendors(5000)

    def stop_at_once(progress: SyncProgress) -> None:
        raise RuntimeError("stop")

    with pytest.raises(SyncInterruptedError) as info:
        run(runner, client, VENDORS, items, batch_size=500, concurrency=3, on_progress=stop_at_once)
    partial = info.value.result
    sent = mock.calls
    # Every batch that was sent is recorded; nothing else was.
    assert len(partial.done_indexes) == sent * 500
    assert sent < 10
    result = run(runner, client, VENDORS, items, batch_size=500, resume=partial)
    assert mock.calls == 10
    assert result.ok
    assert_accounted(result)


def test_async_progress_callback_may_be_a_coroutine() -> None:
    runner = Runner("async")
    try:
        mock = MockSync()
        client = runner.client(mock, company_id=1)
        seen: list[int] = []

        async def report(progress: SyncProgress) -> None:
            seen.append(progress.items_done)

        run(runner, client, VENDORS, vendors(30), batch_size=10, on_progress=report)
        assert seen == [10, 20, 30]
    finally:
        runner.close()
