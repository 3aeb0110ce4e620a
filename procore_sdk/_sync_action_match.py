"""Procore's Sync action: tying each returned entity and error to the input it answers.

Procore answers a Sync call with ``entities`` and ``errors`` (Procore's "Using Sync Actions"
guide), in no promised order. :func:`match_batch` ties each record to an input by position,
``origin_id``, ``id`` or echoed attributes; :func:`has_sync_key` is the rule that makes a batch
safe to retry. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._errors import ResponseValidationError
from ._types import UNSET

__all__ = [
    "BatchMatch",
    "has_sync_key",
    "item_messages",
    "match_batch",
    "read_sync_body",
    "sync_key",
]


def sync_key(value: Any) -> str | None:
    # Procore may echo an int origin_id as a string (or the reverse): compare as text.
    if value is None or value is UNSET or value == "":
        return None
    return str(value)


def has_sync_key(payload: Mapping[str, Any]) -> bool:
    """Whether an item names its record by ``id`` or ``origin_id`` (the match rules of
    Procore's "Using Sync Actions" guide)."""
    return sync_key(payload.get("id")) is not None or sync_key(payload.get("origin_id")) is not None


@attrs.frozen(kw_only=True)
class BatchMatch:
    """Positions (within the batch) that each returned record belongs to.

    Attributes:
        entities: ``(position, raw entity)`` pairs.
        errors: ``(position, raw error)`` pairs.
        unmatched_entities: raw entities tied to no input.
        unmatched_errors: raw errors tied to no input.
        unaccounted: positions no record was tied to.
    """

    entities: list[tuple[int, Mapping[str, Any]]]
    errors: list[tuple[int, Mapping[str, Any]]]
    unmatched_entities: list[Any]
    unmatched_errors: list[Mapping[str, Any]]
    unaccounted: list[int]


def _positions_agree(payloads: Sequence[Mapping[str, Any]], records: Sequence[Any]) -> bool:
    """Whether record ``k`` can be the answer to input ``k`` for every ``k``, judged by keys.

    An input with ``id`` needs that id back, one with ``origin_id`` that origin id; a keyless
    input needs a record with no ``origin_id`` whose ``id`` no input asked for.
    """
    asked_ids = {k for k in (sync_key(p.get("id")) for p in payloads) if k is not None}
    for payload, record in zip(payloads, records, strict=True):
        if not isinstance(record, Mapping):
            return False
        sent_id = sync_key(payload.get("id"))
        got_id = sync_key(record.get("id"))
        if sent_id is not None:
            if got_id is not None and got_id != sent_id:
                return False
            continue
        sent_origin = sync_key(payload.get("origin_id"))
        got_origin = sync_key(record.get("origin_id"))
        if sent_origin is not None:
            if got_origin != sent_origin:
                return False
        elif got_origin is not None or (got_id is not None and got_id in asked_ids):
            return False
    return True


def _echoes(payload: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether ``record`` repeats every attribute of ``payload`` (errors echo the inputs)."""
    if not payload:
        return False
    for key, value in payload.items():
        if key not in record:
            return False
        got = record[key]
        if got != value and sync_key(got) != sync_key(value):
            return False
    return True


def match_batch(
    payloads: Sequence[Mapping[str, Any]],
    entities: Sequence[Any],
    errors: Sequence[Any],
) -> BatchMatch:
    """Tie each returned entity and error to the input it answers.

    By position when the counts allow it (all entities, or all errors, with no ``id`` or
    ``origin_id`` contradicting the order); otherwise by ``origin_id``, then ``id`` (errors
    echo the submitted attributes and entities carry their keys), then, for errors, by
    attribute equality, and finally, for entities of keyless creates, by order among the
    inputs left when as many entities as inputs remain.
    """
    n = len(payloads)
    if not errors and len(entities) == n and _positions_agree(payloads, entities):
        return BatchMatch(
            entities=list(enumerate(entities)),
            errors=[],
            unmatched_entities=[],
            unmatched_errors=[],
            unaccounted=[],
        )
    if not entities and len(errors) == n and _positions_agree(payloads, errors):
        return BatchMatch(
            entities=[],
            errors=list(enumerate(errors)),
            unmatched_entities=[],
            unmatched_errors=[],
            unaccounted=[],
        )
    free = [True] * n
    by_origin: dict[str, int] = {}
    by_id: dict[str, list[int]] = {}
    for pos, payload in enumerate(payloads):
        origin = sync_key(payload.get("origin_id"))
        if origin is not None:
            by_origin.setdefault(origin, pos)
        ident = sync_key(payload.get("id"))
        if ident is not None:
            by_id.setdefault(ident, []).append(pos)

    def by_key(record: Mapping[str, Any]) -> int | None:
        origin = sync_key(record.get("origin_id"))
        if origin is not None:
            found = by_origin.get(origin)
            if found is not None and free[found]:
                free[found] = False
                return found
        ident = sync_key(record.get("id"))
        if ident is not None:
            for candidate in by_id.get(ident, ()):
                if free[candidate]:
                    free[candidate] = False
                    return candidate
        return None

    def split(
        records: Sequence[Any],
    ) -> tuple[list[tuple[int, Mapping[str, Any]]], list[Mapping[str, Any]], list[Any]]:
        """``(tied by key, left for later, not objects)`` for one list of records."""
        tied: list[tuple[int, Mapping[str, Any]]] = []
        loose: list[Mapping[str, Any]] = []
        bad: list[Any] = []
        for record in records:
            if not isinstance(record, Mapping):
                bad.append(record)
                continue
            at = by_key(record)
            if at is None:
                loose.append(record)
            else:
                tied.append((at, record))
        return tied, loose, bad

    # Errors first: they claim their keys before entities do.
    matched_errors, loose_errors, bad_errors = split(errors)
    # An entity that is not an object fails the batch when read as a model, loudly.
    matched_entities, loose_entities, bad_entities = split(entities)
    unmatched_errors: list[Mapping[str, Any]] = [{"value": r} for r in bad_errors]
    for record in loose_errors:
        found = next(
            (p for p in range(n) if free[p] and _echoes(payloads[p], record)),
            None,
        )
        if found is None:
            unmatched_errors.append(record)
        else:
            free[found] = False
            matched_errors.append((found, record))
    left = [p for p in range(n) if free[p]]
    unmatched_entities: list[Any] = bad_entities
    if loose_entities and len(loose_entities) == len(left) and not unmatched_errors:
        # Keyless creates: Procore answers in the order it was given.
        matched_entities.extend(zip(left, loose_entities, strict=True))
        left = []
    else:
        for record in loose_entities:
            found = next((p for p in left if _echoes(payloads[p], record)), None)
            if found is None:
                unmatched_entities.append(record)
            else:
                left.remove(found)
                matched_entities.append((found, record))
    matched_entities.sort(key=lambda pair: pair[0])
    matched_errors.sort(key=lambda pair: pair[0])
    return BatchMatch(
        entities=matched_entities,
        errors=matched_errors,
        unmatched_entities=unmatched_entities,
        unmatched_errors=unmatched_errors,
        unaccounted=left,
    )


def item_messages(value: Any) -> dict[str, tuple[str, ...]]:
    """An ``errors`` object (field → messages), liberally read."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"base": (value,)}
    if isinstance(value, Mapping):
        out: dict[str, tuple[str, ...]] = {}
        for field, msgs in value.items():
            if isinstance(msgs, (list, tuple)):
                out[str(field)] = tuple(str(m) for m in msgs)
            elif msgs is not None:
                out[str(field)] = (str(msgs),)
        return out
    if isinstance(value, (list, tuple)):
        return {"base": tuple(str(m) for m in value)}
    return {"base": (str(value),)}


def read_sync_body(body: Any) -> tuple[list[Any], list[Any]]:
    """``(entities, errors)`` from a Sync response body.

    Accepts ``{"entities": [...], "errors": [...]}`` (Procore's "Using Sync Actions" guide)
    and a bare array of entities, the
    response the OpenAPI document gives ``budget_line_items/sync``.

    Raises:
        ResponseValidationError: the body is neither.
    """
    if isinstance(body, list):
        return body, []
    if isinstance(body, Mapping):
        entities = body.get("entities") or []
        errors = body.get("errors") or []
        if isinstance(entities, list) and isinstance(errors, list):
            return entities, errors
    raise ResponseValidationError(
        "Procore's Sync response could not be read: expected an object with entities and "
        f"errors, got {type(body).__name__}",
        errors=["expected {entities: [...], errors: [...]} @ $"],
    )
