"""Generic in-memory collections for the fake Procore.

A collection keeps, per scope value (a company, project or parent record id), the ordered ids of
its records: a ``range`` of lazily generated seeded ids followed by ids created at run time.
Records are dicts; seeded ones are generated on read until a write stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ._seed import RecordFactory, make_factory

__all__ = ["CatalogCollection", "CatalogStore", "Collection", "ScopeIds"]


class ScopeIds:
    """The ordered ids of one scope: seeded ``range`` then created ids (cheap slicing)."""

    __slots__ = ("created", "hidden", "seeded")

    def __init__(self, seeded: range) -> None:
        self.seeded = seeded
        self.created: list[int] = []
        # Ids that were soft-deleted or removed; their presence forces the slow listing path.
        self.hidden = 0

    def __len__(self) -> int:
        return len(self.seeded) + len(self.created)

    def __iter__(self) -> Iterator[int]:
        yield from self.seeded
        yield from self.created

    def slice(self, start: int, stop: int) -> list[int]:
        """Ids in positions ``[start, stop)``."""
        n = len(self.seeded)
        out = list(self.seeded[start:stop]) if start < n else []
        if stop > n:
            out.extend(self.created[max(start - n, 0) : stop - n])
        return out


class Collection:
    """One resource type's records, grouped by scope.

    Args:
        name: collection name (e.g. ``"vendors"``).
        parent: the collection whose ids scope this one (``"companies"``, ``"projects"``,
            ``"work_order_contracts"``, ...), or ``None`` for unscoped collections.
        base_id: first id; several collections start above 2**31 so 64-bit ids are exercised
            (ids may exceed 32 bits; Procore docs: Handling Procore Regions).
        seed: the fake's seed.
    """

    def __init__(self, name: str, parent: str | None, base_id: int, seed: int) -> None:
        self.name = name
        self.parent = parent
        self.next_id = base_id
        self.factory: RecordFactory = make_factory(name, seed)
        self.scopes: dict[int, ScopeIds] = {}
        self.stored: dict[int, dict[str, Any]] = {}
        self.removed: set[int] = set()
        self._created_scope: dict[int, int] = {}
        self._created_index: dict[int, int] = {}
        # (range, scope, first index) of each seeded block, for id -> scope lookups.
        self._blocks: list[tuple[range, int, int]] = []
        self._count = 0
        #: Fixes scope-dependent fields of generated records: ``decorate(record, scope)``.
        self.decorate: Callable[[dict[str, Any], int], None] | None = None

    def seed(self, scope: int, count: int) -> range:
        """Add ``count`` lazily generated records to ``scope``; returns their ids."""
        ids = range(self.next_id, self.next_id + count)
        self.next_id += count
        self._blocks.append((ids, scope, self._count))
        self._count += count
        existing = self.scopes.get(scope)
        if existing is None:
            self.scopes[scope] = ScopeIds(ids)
        elif len(existing) == 0:
            existing.seeded = ids
        else:
            existing.created.extend(ids)
        return ids

    def ids(self, scope: int) -> ScopeIds:
        """The ids of ``scope`` (empty if the scope has no records)."""
        found = self.scopes.get(scope)
        if found is None:
            found = self.scopes[scope] = ScopeIds(range(0))
        return found

    def scope_of(self, rid: int) -> int | None:
        """The scope value a record belongs to, or ``None`` if the id is unknown."""
        if rid in self._created_scope:
            return self._created_scope[rid]
        for block, scope, _ in self._blocks:
            if rid in block:
                return scope
        return None

    def _index_of(self, rid: int) -> int:
        if rid in self._created_index:
            return self._created_index[rid]
        for block, _, first in self._blocks:
            if rid in block:
                return first + (rid - block.start)
        return 0

    def get(self, rid: int) -> dict[str, Any] | None:
        """A record (seeded ones are generated on demand), or ``None``."""
        if rid in self.removed:
            return None
        found = self.stored.get(rid)
        if found is not None:
            return found
        for block, scope, first in self._blocks:
            if rid in block:
                rec = self.factory(rid, first + (rid - block.start))
                if self.decorate is not None:
                    self.decorate(rec, scope)
                return rec
        return None

    def get_many(self, ids: list[int]) -> list[dict[str, Any]]:
        """Records for ``ids``, skipping unknown ones."""
        out = []
        for rid in ids:
            rec = self.get(rid)
            if rec is not None:
                out.append(rec)
        return out

    def materialize(self, rid: int) -> dict[str, Any] | None:
        """The stored (mutable) dict of a record, generating and storing it if seeded."""
        rec = self.stored.get(rid)
        if rec is None:
            rec = self.get(rid)
            if rec is None:
                return None
            self.stored[rid] = rec
        return rec

    def create(self, scope: int, record: dict[str, Any]) -> dict[str, Any]:
        """Store a new record in ``scope`` with a fresh id (the caller fills the fields)."""
        rid = self.next_id
        self.next_id += 1
        record["id"] = rid
        self.stored[rid] = record
        self._created_scope[rid] = scope
        self._created_index[rid] = self._count
        self._count += 1
        self.ids(scope).created.append(rid)
        return record

    def template(self, rid: int) -> dict[str, Any]:
        """A generated record with every schema field, used as the base of a created record."""
        return self.factory(rid, self._index_of(rid))

    def hide(self, rid: int, *, remove: bool) -> None:
        """Mark a record deleted (still listable with ``include_deleted``) or removed."""
        scope = self.scope_of(rid)
        if scope is not None:
            self.ids(scope).hidden += 1
        if remove:
            self.removed.add(rid)


class CatalogCollection:
    """The records of one generic collection (a concrete collection path), in creation order.

    ``written`` holds, per record, the keys a client wrote, which every endpoint sends back
    beside the fields of its own response shape; ``positions`` each record's place in the
    order records were added (generated values depend on it); ``generated`` the keys the fake
    made up for a response shape (another endpoint's shape may type them otherwise).
    """

    __slots__ = ("generated", "key", "positions", "records", "written")

    def __init__(self, key: str) -> None:
        self.key = key
        self.records: dict[int, dict[str, Any]] = {}
        self.written: dict[int, set[str]] = {}
        self.generated: dict[int, set[str]] = {}
        self.positions: dict[int, int] = {}

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        """Store a record (its ``id`` is set) after the others."""
        rid = record["id"]
        self.records[rid] = record
        self.written[rid] = set()
        self.generated[rid] = set()
        self.positions[rid] = len(self.positions)
        return record

    def remove(self, rid: int) -> None:
        """Forget a record (its position stays taken)."""
        self.records.pop(rid, None)
        self.written.pop(rid, None)
        self.generated.pop(rid, None)


class CatalogStore:
    """The generic routes' state: one ``CatalogCollection`` per concrete collection path
    (``projects/5/accident_logs``), created and seeded on first access. Ids come from one counter
    above 2**31, so no two collections share an id and clients meet 64-bit ids (Procore docs:
    Handling Procore Regions)."""

    def __init__(self, first_id: int = 9_000_000_001) -> None:
        self.collections: dict[str, CatalogCollection] = {}
        self.next_id = first_id

    def new_id(self) -> int:
        """A fresh record id."""
        rid = self.next_id
        self.next_id += 1
        return rid
