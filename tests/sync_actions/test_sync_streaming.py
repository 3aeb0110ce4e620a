"""Sync at scale (issue 14, item 6): results streamed to a callback or a JSON Lines file instead
of kept, and iterator inputs read a batch at a time, both clients. Memory and speed are only
measured (not asserted); these tests state the behaviour."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from _support import Runner
from sync_actions._sync_mock import MockSync, run

from procore_sdk import (
    ArgumentTypeError,
    FailedBatch,
    SyncedEntity,
    SyncInterruptedError,
    SyncItemFailure,
    SyncJsonLines,
    SyncValidationError,
)
from procore_sdk._sync_action_plan import sync_action
from procore_sdk.models import Vendor

VENDORS = sync_action("vendors")


def items(n: int, *, blank: frozenset[int] = frozenset()) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"name": "" if i in blank else f"Vendor {i}", "origin_id": f"ERP-{i}"}


class Reading:
    """An iterator that records how far it has been read when each call is sent."""

    def __init__(self, n: int) -> None:
        self.source = items(n)
        self.read = 0

    def __iter__(self) -> Reading:
        return self

    def __next__(self) -> dict[str, Any]:
        item = next(self.source)
        self.read += 1
        return item


def test_an_iterator_is_read_one_batch_at_a_time(runner: Runner) -> None:
    reading = Reading(2_500)
    read_at_call: list[int] = []
    mock = MockSync(on_call=lambda _: read_at_call.append(reading.read))
    client = runner.client(mock, company_id=42)
    result = run(runner, client, VENDORS, reading, batch_size=1000)
    # Each call is sent after reading its own batch only, never the whole input.
    assert read_at_call == [1000, 2000, 2500]
    assert result.total == 2_500
    assert result.succeeded == 2_500
    assert result.ok


def test_streamed_results_reach_the_callback_and_are_not_kept(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    records: list[Any] = []
    result = run(
        runner,
        client,
        VENDORS,
        items(2_100, blank=frozenset({5, 1500})),
        on_result=records.append,
        keep_entities=False,
    )
    # Every input has exactly one record, in input order within each batch.
    synced = [r for r in records if isinstance(r, SyncedEntity)]
    refused = [r for r in records if isinstance(r, SyncItemFailure)]
    assert len(synced) == 2_098
    assert [r.index for r in refused] == [5, 1500]
    assert sorted(r.index for r in synced + refused) == list(range(2_100))  # type: ignore[operator]
    # The entity is typed when read, from the raw answer.
    first = synced[0]
    assert first.raw["origin_id"] == "ERP-0"
    assert isinstance(first.entity, Vendor)
    assert first.entity.origin_id == "ERP-0"
    # The result keeps counts and errors, not entities.
    assert result.entities == ()
    assert result.succeeded == 2_098
    assert result.failed == 2
    assert result.total == 2_100
    assert result.complete
    assert not result.ok
    assert result.remaining_indexes == []  # refused items are answered for, not remaining
    assert [e.index for e in result.errors] == [5, 1500]


def test_kept_entities_reach_the_callback_typed_once(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    records: list[Any] = []
    result = run(runner, client, VENDORS, list(items(30)), on_result=records.append)
    assert len(result.entities) == 30
    # The callback's entity is the very object kept in the result.
    assert [r.entity for r in records] == list(result.entities)
    assert all(r.entity is e for r, e in zip(records, result.entities, strict=True))


def test_a_failed_batch_is_streamed_with_its_items(runner: Runner) -> None:
    mock = MockSync(fail={2: 400})
    client = runner.client(mock, company_id=42, max_retries=0)
    records: list[Any] = []
    result = run(
        runner,
        client,
        VENDORS,
        items(25),
        batch_size=10,
        on_result=records.append,
        keep_entities=False,
    )
    failed = [r for r in records if isinstance(r, FailedBatch)]
    assert len(failed) == 1
    assert failed[0].indexes == tuple(range(10, 20))
    assert [i["origin_id"] for i in failed[0].items] == [f"ERP-{i}" for i in range(10, 20)]
    assert result.succeeded == 15
    assert result.failed_batch_items == 10
    assert result.remaining_indexes == list(range(10, 20))


def test_an_iterator_batch_that_fails_its_checks_is_a_failed_batch_not_sent(
    runner: Runner,
) -> None:
    def mixed() -> Iterator[Any]:
        yield from items(10)
        yield {"name": "dup", "origin_id": "X"}
        yield {"name": "dup again", "origin_id": "X"}  # the same origin_id in one batch
        yield from ({"name": f"late {i}", "origin_id": f"L-{i}"} for i in range(8))

    mock = MockSync()
    client = runner.client(mock, company_id=42)
    result = run(runner, client, VENDORS, mixed(), batch_size=10)
    assert mock.calls == 1  # the second batch was never sent
    assert result.total == 20
    assert result.succeeded == 10
    (failed,) = result.failed_batches
    assert failed.indexes == tuple(range(10, 20))
    assert isinstance(failed.exception, SyncValidationError)
    assert "duplicate origin_id" in str(failed.exception)


def test_the_json_lines_sink_writes_one_line_per_record(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    out = io.StringIO()
    sink = SyncJsonLines(out)
    result = run(
        runner,
        client,
        VENDORS,
        items(12, blank=frozenset({3})),
        on_result=sink,
        keep_entities=False,
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sink.lines == len(lines) == 12
    by_index = {line["index"]: line for line in lines}
    assert by_index[3]["status"] == "refused"
    assert by_index[3]["messages"] == {"name": ["can't be blank"]}
    assert by_index[4]["status"] == "synced"
    assert by_index[4]["entity"]["origin_id"] == "ERP-4"
    assert result.succeeded == 11


def test_the_json_lines_sink_writes_a_path(tmp_path: Any, runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    path = tmp_path / "sync.jsonl"
    with SyncJsonLines(str(path)) as sink:
        run(runner, client, VENDORS, items(5), on_result=sink, keep_entities=False)
    assert len(path.read_text().splitlines()) == 5


def test_a_raising_result_callback_stops_the_run(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)

    def boom(record: Any) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(SyncInterruptedError, match="result callback raised") as raised:
        run(runner, client, VENDORS, items(30), batch_size=10, on_result=boom)
    assert mock.calls == 1
    assert raised.value.result.succeeded == 10


def test_resume_needs_a_list(runner: Runner) -> None:
    mock = MockSync()
    client = runner.client(mock, company_id=42)
    first = run(runner, client, VENDORS, list(items(3)))
    with pytest.raises(SyncValidationError, match="resume= needs"):
        run(runner, client, VENDORS, items(3), resume=first)
    assert mock.calls == 1


@pytest.mark.parametrize(("keyword", "value"), [("keep_entities", "no"), ("on_result", 3)])
def test_bad_streaming_arguments_are_refused(runner: Runner, keyword: str, value: Any) -> None:
    client = runner.client(MockSync(), company_id=42)
    with pytest.raises(ArgumentTypeError, match=keyword) as raised:
        run(runner, client, VENDORS, items(3), **{keyword: value})
    assert repr(value) in str(raised.value)


def test_the_json_lines_sink_refuses_a_bad_target() -> None:
    with pytest.raises(ArgumentTypeError, match="target"):
        SyncJsonLines(42)
