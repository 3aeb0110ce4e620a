"""Pure rules of document trees: reading folder answers, local scans, mirror plans and reports.

Procore's Documents tool is a tree of folders and files; ``GET /rest/v1.0/folders`` answers the
root folder and ``GET /rest/v1.0/folders/{id}`` each folder, with its subfolders and files
(Procore docs: Working with Documents). The I/O lives in ``procore_sdk/_async/_transfers.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from ._errors import invalid_argument

__all__ = [
    "DocumentEntry",
    "LocalFile",
    "MirrorPlan",
    "MirrorReport",
    "children",
    "load_state",
    "plan_mirror",
    "save_state",
    "scan_local",
]

_HASH_CHUNK = 1024 * 1024
_STATE_VERSION = 1


@attrs.frozen
class DocumentEntry:
    """A folder or file met while walking a Procore document tree.

    Attributes:
        path: its path below the folder the walk started from, parts joined with ``/``.
        kind: ``"folder"`` or ``"file"``.
        id: its Procore id.
        name: its name.
        size: a file's size in bytes (``None`` for folders or when Procore did not say).
        record: the folder or file as Procore answered it.
    """

    path: str
    kind: Literal["folder", "file"]
    id: int
    name: str
    size: int | None
    record: Mapping[str, Any] = attrs.field(repr=False, eq=False)

    @property
    def url(self) -> str | None:
        """A file's latest version ``url`` (download it with ``client.transfers.download``)."""
        versions = self.record.get("file_versions") or []
        latest = versions[-1] if versions else None
        found = latest.get("url") if isinstance(latest, Mapping) else None
        return found if isinstance(found, str) else None


def children(answer: Any) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The subfolders and files in a folder answer.

    The folder endpoints answer an object (a folder with ``folders`` and ``files``), not an
    array, as integrators report; an array is read too, each item sorted by whether it has
    ``file_versions`` (a file) or not (a folder).
    """
    if isinstance(answer, Mapping):
        folders = [f for f in answer.get("folders") or [] if isinstance(f, Mapping)]
        files = [f for f in answer.get("files") or [] if isinstance(f, Mapping)]
        return folders, files
    if isinstance(answer, list):
        items = [i for i in answer if isinstance(i, Mapping)]
        return (
            [i for i in items if "file_versions" not in i],
            [i for i in items if "file_versions" in i],
        )
    return [], []


def entry(parent: str, kind: Literal["folder", "file"], record: Mapping[str, Any]) -> DocumentEntry:
    """The entry for ``record`` below the path ``parent`` (``""`` for the walk's start)."""
    name = str(record.get("name") or "")
    size = record.get("size")
    return DocumentEntry(
        f"{parent}/{name}" if parent else name,
        kind,
        int(record["id"]),
        name,
        size if isinstance(size, int) and not isinstance(size, bool) else None,
        record,
    )


@attrs.frozen
class LocalFile:
    """A file of the local directory being mirrored.

    Attributes:
        path: its path below the directory, parts joined with ``/``.
        source: where it is on disk.
        size: its size in bytes.
        sha256: its SHA-256 (hex).
    """

    path: str
    source: Path
    size: int
    sha256: str


def scan_local(root: str | os.PathLike[str]) -> list[LocalFile]:
    """Every regular file below ``root`` (hidden ones skipped), sorted by path, each hashed a
    chunk at a time.

    Raises:
        InvalidArgumentError: ``root`` is not a directory.
    """
    base = Path(root)
    if not base.is_dir():
        raise invalid_argument("source", str(root), "the path of an existing directory")
    found: list[LocalFile] = []
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
        found.append(LocalFile(relative.as_posix(), path, path.stat().st_size, digest.hexdigest()))
    return found


@attrs.frozen
class MirrorPlan:
    """What a mirror run does: folders to create (parents first), files to upload, new versions
    of changed files, and files left alone."""

    folders: tuple[str, ...]
    new: tuple[LocalFile, ...]
    changed: tuple[tuple[LocalFile, DocumentEntry], ...]
    unchanged: tuple[str, ...]


def plan_mirror(
    local: Iterable[LocalFile],
    remote: Mapping[str, DocumentEntry],
    state: Mapping[str, str],
) -> MirrorPlan:
    """Compare a local scan with the remote tree (entries by path).

    A file is new when no remote file has its path; changed when the sizes differ, or when
    ``state`` (SHA-256 by path of what an earlier run uploaded) records another checksum;
    otherwise unchanged. Procore's file records carry no checksum, so without ``state`` a
    same-size edit is not seen.
    """
    folders: list[str] = []
    new: list[LocalFile] = []
    changed: list[tuple[LocalFile, DocumentEntry]] = []
    unchanged: list[str] = []
    for item in local:
        parts = item.path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            known = remote.get(folder)
            if (known is None or known.kind != "folder") and folder not in folders:
                folders.append(folder)
        there = remote.get(item.path)
        if there is None or there.kind != "file":
            new.append(item)
        elif there.size != item.size or state.get(item.path, item.sha256) != item.sha256:
            changed.append((item, there))
        else:
            unchanged.append(item.path)
    return MirrorPlan(tuple(folders), tuple(new), tuple(changed), tuple(unchanged))


@attrs.frozen
class MirrorReport:
    """What a mirror did (or, with ``dry_run``, would do).

    Attributes:
        created_folders: folder paths created.
        uploaded: paths of files created.
        updated: paths of files given a new version.
        unchanged: paths left alone.
        dry_run: whether nothing was written.
    """

    created_folders: tuple[str, ...]
    uploaded: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    dry_run: bool = False

    @property
    def writes(self) -> int:
        """Folders created plus files uploaded or updated (0 on a run with nothing to do)."""
        return len(self.created_folders) + len(self.uploaded) + len(self.updated)

    def __str__(self) -> str:
        verb = "would create" if self.dry_run else "created"
        return (
            f"{verb} {len(self.created_folders)} folders, {len(self.uploaded)} new files, "
            f"{len(self.updated)} new versions; {len(self.unchanged)} unchanged"
        )


def load_state(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """SHA-256 by path from a mirror state file (empty when there is none yet)."""
    if path is None or not Path(path).is_file():
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise invalid_argument("state", str(path), "a state file written by mirror()")
    return {str(k): str(v) for k, v in files.items()}


def save_state(path: str | os.PathLike[str] | None, checksums: Mapping[str, str]) -> None:
    """Write SHA-256 by path, atomically (a crash leaves the old state)."""
    if path is None:
        return
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    payload = {"version": _STATE_VERSION, "files": dict(sorted(checksums.items()))}
    temporary.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    os.replace(temporary, target)
