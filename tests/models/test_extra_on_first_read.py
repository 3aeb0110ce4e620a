"""A record Procore sent without unknown keys gets its empty ``extra`` on first read.

The fast path stores no ``extra`` for such a record (one dict and one store fewer per record);
``ReadModel`` makes it on first read and keeps it, so ``extra`` reads, compares, hashes, prints,
pickles, copies and evolves exactly as on a model built by hand.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import httpx
import pytest
from _helpers.flavour import Flavour

from procore_sdk._serde import structure, structure_list
from procore_sdk.models import CompanyUser, CompanyUserVendor

RECORD: dict[str, Any] = {"id": 7, "name": "A", "vendor": {"id": 3, "name": "V"}, "zip": None}


def _built() -> CompanyUser:
    return CompanyUser(id=7, name="A", vendor=CompanyUserVendor(id=3, name="V"), zip=None)


def test_extra_is_one_kept_dict_even_when_procore_sent_no_unknown_key() -> None:
    read = structure(RECORD, CompanyUser)
    assert read.extra == {}
    assert read.extra is read.extra  # made once and kept
    read.extra["note"] = 1  # a caller's own note stays, as it does on a built model
    assert read.extra == {"note": 1}
    assert read.vendor is not None
    assert read.vendor.extra == {}
    assert read.vendor.extra is read.vendor.extra


@pytest.mark.parametrize(
    "view",
    [repr, hash, attrs.asdict, lambda m: pickle.loads(pickle.dumps(m)), copy.copy, copy.deepcopy],
)
def test_an_unread_extra_reads_as_on_a_built_model(view: Any) -> None:
    # each view reads ``extra`` first, on a fresh record
    assert view(structure(RECORD, CompanyUser)) == view(_built())


def test_pickle_copy_and_evolve_of_an_unread_extra_give_an_empty_dict() -> None:
    for clone in (
        pickle.loads(pickle.dumps(structure(RECORD, CompanyUser))),
        copy.copy(structure(RECORD, CompanyUser)),
        attrs.evolve(structure(RECORD, CompanyUser), name="B"),
    ):
        assert clone.extra == {}
        assert clone == attrs.evolve(_built(), name=clone.name)


def test_unknown_keys_still_go_to_extra_in_order() -> None:
    (read,) = structure_list([{"b_new": 2, "id": 1, "a_new": {"x": 1}}], CompanyUser)
    assert read.id == 1
    assert list(read.extra.items()) == [("b_new", 2), ("a_new", {"x": 1})]


def test_a_field_still_not_declared_raises_attribute_error() -> None:
    read = structure(RECORD, CompanyUser)
    with pytest.raises(AttributeError, match="no_such_field"):
        _ = read.no_such_field  # type: ignore[attr-defined]


def test_both_clients_list_records_whose_extra_reads_as_built(flavour: Flavour) -> None:
    body = [RECORD, {**RECORD, "id": 8, "added_later": True}]
    client = flavour.client(lambda r: httpx.Response(200, json=body), company_id=1)
    first, second = client.company_users.list()
    assert first == _built()
    assert repr(first) == repr(_built())
    assert first.extra == {}
    assert first.extra is first.extra
    assert second.extra == {"added_later": True}
