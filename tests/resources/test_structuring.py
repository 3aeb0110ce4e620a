"""Hand-written records in the shapes Procore documents read into models, through both clients."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _helpers.flavour import Flavour

# Hand-written records in the shapes §11 documents (they do not need the subset).
HAND: dict[str, dict[str, Any]] = {
    "projects": {
        "id": 2**40,
        "name": "Tower",
        "active": True,
        "total_value": "1250000.00",
        "start_date": "2024-01-15",
        "created_at": "2024-01-01T00:00:00Z",
        "company": {"id": 1, "name": "Builder"},
        "project_stage": {"id": 3, "name": "Course of Construction"},
        "origin_id": "ERP-7",
        "a_field_procore_added_later": {"x": 1},
    },
    "rfis": {
        "id": 9,
        "number": "12",
        "subject": "Door hardware?",
        "status": "open",
        "assignees": [{"id": 4, "login": "a@b.c", "name": "A"}],
        "questions": [{"id": 1, "plain_text_body": "Which?", "answers": []}],
        "due_date": "2024-06-01",
        "deleted_at": None,
    },
    "manpower_logs": {
        "id": 3,
        "date": "2024-05-01",
        "num_workers": 4,
        "num_hours": "8.0",
        "vendor": {"id": 2, "name": "Sub"},
        "created_at": "2024-05-01T10:00:00Z",
    },
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_hand_written_records(flavour: Flavour, name: str) -> None:
    record = HAND[name]
    client = flavour.client(lambda r: httpx.Response(200, json=record), company_id=1)
    scope = {} if name == "projects" else {"project_id": 2}
    got = getattr(client, name).retrieve(record["id"], **scope)
    assert got.id == record["id"]
    if name == "projects":
        assert got.company.name == "Builder"
        assert str(got.total_value) == "1250000.00"
        assert got.extra == {"a_field_procore_added_later": {"x": 1}}
    if name == "rfis":
        assert got.assignees[0].id == 4


def test_malformed_record_raises_response_validation_error(flavour: Flavour) -> None:
    from procore_sdk import ResponseValidationError

    client = flavour.client(
        lambda r: httpx.Response(200, json=[{"id": "not-a-number"}]), company_id=1
    )
    with pytest.raises(ResponseValidationError, match=r"\$\[0\]\.id"):
        list(client.projects.list())


def test_bad_record_deep_in_a_page_is_named_by_index(flavour: Flavour) -> None:
    from procore_sdk import ResponseValidationError

    body = [{"id": 1}, {"id": 2}, {"id": 3, "created_at": "not a date"}]
    client = flavour.client(lambda r: httpx.Response(200, json=body), company_id=1)
    seen: list[Any] = []
    with pytest.raises(ResponseValidationError, match=r"\$\[2\]\.created_at"):
        seen.extend(client.projects.list())
    pages = client.projects.list().pages()
    with pytest.raises(ResponseValidationError, match=r"\$\[2\]\.created_at"):
        next(iter(pages))
