"""Attaching in one call: photos and drawing uploads from local files, from both clients.

Procore API reference: Create Image; Create Drawing Upload.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procore_sdk import InvalidArgumentError
from procore_sdk._operations import lookup
from procore_sdk.testing import FakeProcore


def test_a_photo_is_created_from_a_local_file(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    photo = tmp_path / "leak level 2.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 jpeg bytes")
    client = make_client()
    image = client.transfers.create_image(
        photo, project_id=fake.project_id, image={"description": "Leak", "private": True}
    )
    assert image["filename"] == "leak level 2.jpg"
    assert image["private"] is True
    sent = next(r for r in fake.requests if r.method == "POST" and r.path == "/rest/v1.0/images")
    assert sent.param("project_id") == str(fake.project_id)
    assert sent.json["image_name"] == "leak level 2.jpg"
    assert sent.json["upload_uuid"] in fake.files.uploads
    assert sent.json["image"] == {"description": "Leak", "private": True}
    out = io.BytesIO()
    client.transfers.download(image["url"], out)
    assert out.getvalue() == photo.read_bytes()


def test_a_photo_without_attributes_still_sends_one(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    image = make_client().transfers.create_image(b"jpeg", project_id=fake.project_id, name="a.jpg")
    assert image["filename"] == "a.jpg"
    sent = next(r for r in fake.requests if r.path == "/rest/v1.0/images")
    assert sent.json["image"] == {"description": ""}


def test_drawings_are_uploaded_and_imported_in_one_call(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    sheets = []
    for name in ("A-101.pdf", "A-102.pdf"):
        path = tmp_path / name
        path.write_bytes(f"%PDF {name}".encode())
        sheets.append(path)
    seen: list[tuple[int, int | None]] = []
    client = make_client()
    made = client.transfers.create_drawing_upload(
        sheets,
        project_id=fake.project_id,
        drawing_set_id=11,
        drawing_date="2025-03-01",
        revision="0",
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert made["status"] == "in_queue"
    assert seen == [(1, 2), (2, 2)]
    sent = next(r for r in fake.requests if r.path.endswith("/drawing_uploads"))
    assert sent.path == f"/rest/v1.1/projects/{fake.project_id}/drawing_uploads"
    imports = sent.json["drawing_upload"]["drawing_log_imports"]
    assert [i["drawing_date"] for i in imports] == ["2025-03-01", "2025-03-01"]
    assert [i["default_revision"] for i in imports] == ["0", "0"]
    out = io.BytesIO()
    client.transfers.download(made["drawing_log_imports"][1]["url"], out)
    assert out.getvalue() == b"%PDF A-102.pdf"


def test_attaching_arguments_are_checked(
    fake: FakeProcore, make_client: Callable[..., Any]
) -> None:
    client = make_client()
    with pytest.raises(InvalidArgumentError, match="sources"):
        client.transfers.create_drawing_upload(
            [], project_id=1, drawing_set_id=1, drawing_date="2025-01-01", revision="0"
        )
    with pytest.raises(InvalidArgumentError, match="revision"):
        client.transfers.create_drawing_upload(
            b"x", project_id=1, drawing_set_id=1, drawing_date="2025-01-01", revision=""
        )
    with pytest.raises(TypeError, match="image"):
        client.transfers.create_image(b"x", project_id=1, image="private")
    with pytest.raises(InvalidArgumentError, match="parent_id"):
        client.transfers.create_file(b"x", project_id=1, parent_id=0)
    assert not fake.requests


def test_attach_creates_a_record_with_upload_ids_from_the_table(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    photo = tmp_path / "chipped paint.jpg"
    photo.write_bytes(b"jpeg")
    seen: list[tuple[int, int | None]] = []
    client = make_client()
    made = client.transfers.attach(
        [photo, b"second file"],
        to="punch_items.create",
        project_id=fake.project_id,
        attributes={"name": "Paint touch-up"},
        on_progress=lambda d, t: seen.append((d, t)),
    )
    sent = next(r for r in fake.requests if r.method == "POST" and r.path.endswith("/punch_items"))
    ids = sent.json["punch_item"]["upload_ids"]
    assert len(ids) == 2
    assert all(i in fake.files.uploads for i in ids)
    assert sent.json["punch_item"]["name"] == "Paint touch-up"
    assert seen == [(1, 2), (2, 2)]
    assert made["name"] == "Paint touch-up"


def test_attach_updates_a_record_by_id(fake: FakeProcore, make_client: Callable[..., Any]) -> None:
    client = make_client()
    item = client.post(
        "/rest/v1.0/punch_items",
        params={"project_id": fake.project_id},
        json={"punch_item": {"name": "Loose rail"}},
    )
    client.transfers.attach(
        b"photo", to="punch_items.update", id=item["id"], project_id=fake.project_id
    )
    sent = next(r for r in fake.requests if r.method == "PATCH")
    # The path is the table's default version of punch_items.update.
    default = lookup("punch_items", "update").path.replace("{id}", str(item["id"]))
    assert sent.path == default
    assert list(sent.json["punch_item"]) == ["upload_ids"]


def test_incidents_take_upload_uuids(fake: FakeProcore, make_client: Callable[..., Any]) -> None:
    from procore_sdk import NotFoundError

    client = make_client()
    # The fake has no incidents; the request still shows the field the table names.
    with pytest.raises(NotFoundError):
        client.transfers.attach(b"x", to="incidents.update", id=5, project_id=fake.project_id)
    sent = next(r for r in fake.requests if r.method == "PATCH")
    assert sent.path == f"/rest/v1.0/projects/{fake.project_id}/incidents/5"
    assert list(sent.json["incident"]) == ["upload_uuids"]


def test_attach_refuses_operations_without_uploads(make_client: Callable[..., Any]) -> None:
    client = make_client()
    with pytest.raises(InvalidArgumentError, match="to"):
        client.transfers.attach(b"x", to="vendors.update", id=1)
    with pytest.raises(InvalidArgumentError, match="to"):
        client.transfers.attach(b"x", to="punch_items")
    with pytest.raises(TypeError, match="attributes"):
        client.transfers.attach(b"x", to="punch_items.create", attributes=["name"])
