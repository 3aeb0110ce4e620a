"""Walking document trees and mirroring a local directory into Procore, from both clients.

Procore docs: Working with Documents (folders answer an object with ``folders`` and ``files``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procore_sdk import InvalidArgumentError
from procore_sdk._document_tree import LocalFile, children, entry, plan_mirror
from procore_sdk.testing import FakeProcore


def _tree(root: Path) -> Path:
    (root / "Drawings" / "Structural").mkdir(parents=True)
    (root / "Specs").mkdir()
    (root / "Drawings" / "A-101.pdf").write_bytes(b"%PDF A-101")
    (root / "Drawings" / "Structural" / "S-201.pdf").write_bytes(b"%PDF S-201 sections")
    (root / "Specs" / "03 30 00.pdf").write_bytes(b"%PDF concrete")
    (root / "README.txt").write_bytes(b"read me")
    (root / ".DS_Store").write_bytes(b"hidden")
    return root


def _writes(fake: FakeProcore, since: int) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests[since:] if r.method != "GET"]


def test_mirror_creates_folders_uploads_files_and_is_idempotent(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    local = _tree(tmp_path / "docs")
    client = make_client()
    seen: list[tuple[int, int | None]] = []
    report = client.transfers.mirror(
        local,
        project_id=fake.project_id,
        state=tmp_path / "state.json",
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert report.created_folders == ("Drawings", "Drawings/Structural", "Specs")
    assert set(report.uploaded) == {
        "Drawings/A-101.pdf",
        "Drawings/Structural/S-201.pdf",
        "Specs/03 30 00.pdf",
        "README.txt",
    }
    total = sum(p.stat().st_size for p in local.rglob("*") if p.is_file()) - len(b"hidden")
    assert seen[-1] == (total, total)
    tree = {e.path: e for e in client.transfers.walk(project_id=fake.project_id)}
    assert tree["Drawings/Structural"].kind == "folder"
    assert tree["Drawings/Structural/S-201.pdf"].size == len(b"%PDF S-201 sections")
    assert ".DS_Store" not in tree
    # The second run over the same directory writes nothing.
    mark = len(fake.requests)
    again = client.transfers.mirror(
        local, project_id=fake.project_id, state=tmp_path / "state.json"
    )
    assert again.writes == 0
    assert len(again.unchanged) == 4
    assert _writes(fake, mark) == []


def test_changed_files_get_a_new_version(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    local = _tree(tmp_path / "docs")
    state = tmp_path / "state.json"
    client = make_client()
    client.transfers.mirror(local, project_id=fake.project_id, state=state)
    (local / "README.txt").write_bytes(b"read me, longer now")  # another size
    (local / "Specs" / "03 30 00.pdf").write_bytes(b"%PDF CONCRETE")  # same size
    report = client.transfers.mirror(local, project_id=fake.project_id, state=state)
    assert set(report.updated) == {"README.txt", "Specs/03 30 00.pdf"}
    assert report.uploaded == ()
    assert report.created_folders == ()
    tree = {e.path: e for e in client.transfers.walk(project_id=fake.project_id)}
    assert len(tree["README.txt"].record["file_versions"]) == 2
    out = tmp_path / "spec.pdf"
    client.transfers.download(tree["Specs/03 30 00.pdf"].url, out)
    assert out.read_bytes() == b"%PDF CONCRETE"
    assert json.loads(state.read_text())["files"]["README.txt"]


def test_a_dry_run_writes_nothing(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    local = _tree(tmp_path / "docs")
    client = make_client()
    report = client.transfers.mirror(local, project_id=fake.project_id, dry_run=True)
    assert report.dry_run
    assert len(report.uploaded) == 4
    assert len(report.created_folders) == 3
    assert "would create 3 folders" in str(report)
    assert _writes(fake, 0) == []


def test_a_company_mirror_into_a_folder(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    local = tmp_path / "hr"
    local.mkdir()
    (local / "policy.pdf").write_bytes(b"policy")
    client = make_client()
    first = client.transfers.mirror(local)
    assert first.uploaded == ("policy.pdf",)
    names = [e.path for e in client.transfers.walk()]
    assert names == ["policy.pdf"]
    assert f"/rest/v1.0/companies/{fake.company_id}/files" in {r.path for r in fake.requests}


def test_walk_starts_below_a_folder_and_reads_lazily(
    fake: FakeProcore, make_client: Callable[..., Any], tmp_path: Path
) -> None:
    client = make_client()
    client.transfers.mirror(_tree(tmp_path / "docs"), project_id=fake.project_id)
    drawings = next(
        e for e in client.transfers.walk(project_id=fake.project_id) if e.path == "Drawings"
    )
    below = [
        e.path for e in client.transfers.walk(project_id=fake.project_id, folder_id=drawings.id)
    ]
    assert below == ["A-101.pdf", "Structural", "Structural/S-201.pdf"]
    mark = len(fake.requests)
    walker = iter(client.transfers.walk(project_id=fake.project_id))
    next(walker)
    assert len(fake.requests) - mark == 1  # only the root was read so far


def test_mirror_refuses_a_missing_directory(
    make_client: Callable[..., Any], tmp_path: Path
) -> None:
    with pytest.raises(InvalidArgumentError, match="source"):
        make_client().transfers.mirror(tmp_path / "nope")


def test_folder_answers_are_read_as_objects_or_arrays() -> None:
    folder = {"id": 1, "name": "Root", "folders": [{"id": 2, "name": "A"}], "files": []}
    assert children(folder) == ([{"id": 2, "name": "A"}], [])
    mixed = [{"id": 2, "name": "A"}, {"id": 3, "name": "f.pdf", "file_versions": []}]
    assert children(mixed) == ([mixed[0]], [mixed[1]])
    assert children(None) == ([], [])


def test_plan_mirror_compares_sizes_and_recorded_checksums(tmp_path: Path) -> None:
    remote = {
        "A": entry("", "folder", {"id": 1, "name": "A"}),
        "A/x.pdf": entry("A", "file", {"id": 2, "name": "x.pdf", "size": 3}),
        "A/y.pdf": entry("A", "file", {"id": 3, "name": "y.pdf", "size": 3}),
    }
    local = [
        LocalFile("A/x.pdf", tmp_path, 3, "aaa"),
        LocalFile("A/y.pdf", tmp_path, 4, "bbb"),
        LocalFile("B/C/z.pdf", tmp_path, 1, "ccc"),
    ]
    plan = plan_mirror(local, remote, {"A/x.pdf": "aaa"})
    assert plan.folders == ("B", "B/C")
    assert [f.path for f in plan.new] == ["B/C/z.pdf"]
    assert [f.path for f, _ in plan.changed] == ["A/y.pdf"]
    assert plan.unchanged == ("A/x.pdf",)
    edited = plan_mirror(local[:1], remote, {"A/x.pdf": "old"})
    assert [f.path for f, _ in edited.changed] == ["A/x.pdf"]
