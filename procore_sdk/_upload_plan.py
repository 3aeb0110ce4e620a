"""Pure rules of Procore's two upload flows: sources, part plans, hashes and limits (no network).

Procore documents two ways to put a file in storage before attaching it to a record:

- the direct upload (``/rest/v1.1/.../uploads``; Procore docs: Working with Direct File
  Uploads): one presigned form POST, or segments of 5 MB to 5 GB (except the last) each PUT to
  its own URL and completed by a PATCH with their ETags in order;
- the unified upload (``/rest/v2.1/.../uploads``; Procore docs: Working with the Unified Upload
  API (v2.1)): parts larger than 5 MiB (5,242,881 bytes at least) and at most 100 MiB, at most
  10,000 of them, completed by a PATCH with ``part_etags`` in order.

The I/O that follows these plans lives in ``procore_sdk/_async/_transfers.py``.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

import attrs

from . import _operations
from ._errors import argument_type_error, invalid_argument

__all__ = [
    "CHUNK",
    "FORM_MAX",
    "Flow",
    "Part",
    "Source",
    "UploadDigest",
    "check_id",
    "content_type_for",
    "digest_parts",
    "open_source",
    "part_size_for",
    "plan_parts",
    "source_name",
    "unified_operation",
    "upload_field",
]

Flow = Literal["direct", "unified"]
FLOWS: tuple[str, ...] = ("direct", "unified")

MiB = 1024 * 1024
GiB = 1024 * MiB
# Reads and hashes go this many bytes at a time, so memory never grows with the file.
CHUNK = 1 * MiB
DEFAULT_PART_SIZE = 8 * MiB
# A direct upload this small goes in one form POST, read whole; larger ones stream in segments.
FORM_MAX = DEFAULT_PART_SIZE
# Unified upload limits (Procore docs: Working with the Unified Upload API (v2.1)): a part is
# more than 5 MiB (exactly 5 MiB is rejected) and at most 100 MiB, the last may be smaller, and
# an upload has at most 10,000 parts.
UNIFIED_MIN_PART = 5 * MiB + 1
UNIFIED_MAX_PART = 100 * MiB
UNIFIED_MAX_PARTS = 10_000
# Direct upload segments are 5 MB to 5 GB except the last (Procore docs: Working with Direct
# File Uploads); 5 MiB satisfies "5 MB" read either way.
DIRECT_MIN_SEGMENT = 5 * MiB
DIRECT_MAX_SEGMENT = 5 * GiB


@attrs.frozen
class Part:
    """One part of an upload: its position in the part list, first byte and length."""

    index: int
    offset: int
    size: int


@attrs.frozen
class UploadDigest:
    """SHA-256 (hex) of the whole source and of each part, computed in one read."""

    sha256: str
    parts: tuple[str, ...]


def part_size_for(size: int, flow: Flow, requested: int | None) -> int:
    """The part size to use for ``size`` bytes in ``flow``.

    Without ``requested``, 8 MiB, grown (in whole MiB) so a unified upload needs at most
    10,000 parts.

    Raises:
        ArgumentTypeError: ``requested`` is not an integer.
        InvalidArgumentError: ``requested`` is outside the flow's limits, or the file is too
            large for the unified flow.
    """
    low, high = (
        (UNIFIED_MIN_PART, UNIFIED_MAX_PART)
        if flow == "unified"
        else (DIRECT_MIN_SEGMENT, DIRECT_MAX_SEGMENT)
    )
    if requested is not None:
        if isinstance(requested, bool) or not isinstance(requested, int):
            raise argument_type_error("part_size", requested, "an integer number of bytes")
        if not low <= requested <= high:
            raise invalid_argument(
                "part_size", requested, f"between {low:,} and {high:,} bytes for the {flow} flow"
            )
        chosen = requested
    else:
        chosen = DEFAULT_PART_SIZE
        if flow == "unified" and size > chosen * UNIFIED_MAX_PARTS:
            needed = -(-size // UNIFIED_MAX_PARTS)
            chosen = -(-needed // MiB) * MiB
    if flow == "unified" and (chosen > high or -(-size // chosen) > UNIFIED_MAX_PARTS):
        raise invalid_argument(
            "source",
            f"{size:,} bytes",
            f"at most {UNIFIED_MAX_PARTS:,} parts of at most {min(chosen, high):,} bytes "
            "(unified upload)",
        )
    return chosen


def plan_parts(size: int, part_size: int) -> tuple[Part, ...]:
    """Split ``size`` bytes into parts of ``part_size``; the last may be smaller.

    An empty source is one empty part, so every upload has a part to hash and send.
    """
    if size == 0:
        return (Part(0, 0, 0),)
    return tuple(
        Part(i, offset, min(part_size, size - offset))
        for i, offset in enumerate(range(0, size, part_size))
    )


class Source:
    """Bytes to upload, readable at any offset from several threads or tasks at once.

    Built by `open_source()`; close it when done (it may own a file or a spool).
    """

    def __init__(
        self, name: str, size: int, handle: BinaryIO | None, data: bytes | None, start: int
    ) -> None:
        self.name = name
        self.size = size
        self._handle = handle
        self._data = data
        self._start = start
        self._owned = False
        self._lock = threading.Lock()

    def read_at(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` (fewer only if the source shrank)."""
        if self._data is not None:
            return self._data[offset : offset + size]
        assert self._handle is not None
        # One reader at a time: seek and read must not interleave between parts.
        with self._lock:
            self._handle.seek(self._start + offset)
            return self._handle.read(size)

    def chunks(self, part: Part) -> Iterator[bytes]:
        """The part's bytes, `CHUNK` at a time."""
        done = 0
        while done < part.size:
            piece = self.read_at(part.offset + done, min(CHUNK, part.size - done))
            if not piece:
                raise invalid_argument(
                    "source", self.name, f"{self.size:,} bytes (it shrank while being read)"
                )
            done += len(piece)
            yield piece

    def close(self) -> None:
        """Close what `open_source()` opened (a caller's stream stays open)."""
        if self._owned and self._handle is not None:
            self._handle.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def source_name(source: Any, file_name: str | None) -> str:
    """The name Procore shows: ``file_name``, else the path's or stream's base name."""
    if file_name is not None:
        if not isinstance(file_name, str) or not file_name.strip():
            raise invalid_argument("file_name", file_name, "a non-empty file name")
        return file_name
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    found = getattr(source, "name", None)
    return Path(found).name if isinstance(found, str) and found else "upload"


def open_source(source: Any, *, file_name: str | None = None) -> Source:
    """Open a path, bytes or binary stream for upload.

    A seekable stream is read from its current position to its end; a stream that cannot
    seek is first copied to a temporary file (a chunk at a time), because both flows need
    every part's hash before the first byte is sent.

    Raises:
        ArgumentTypeError: not a path, bytes or a binary stream.
        InvalidArgumentError: a path that is not a file.
    """
    accepted = "a path, bytes, or a binary stream opened with 'rb'"
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return Source(source_name(source, file_name), len(data), None, data, 0)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise invalid_argument("source", str(source), "the path of an existing file")
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
        made = Source(source_name(source, file_name), size, handle, None, 0)
        made._owned = True
        return made
    if isinstance(source, io.TextIOBase) or not callable(getattr(source, "read", None)):
        raise argument_type_error("source", source, accepted)
    name = source_name(source, file_name)
    seekable = getattr(source, "seekable", None)
    if callable(seekable) and seekable():
        start = source.tell()
        end = source.seek(0, io.SEEK_END)
        return Source(name, end - start, source, None, start)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - owned by the Source, closed with it
    size = 0
    while True:
        piece = source.read(CHUNK)
        if not piece:
            break
        if not isinstance(piece, bytes):
            spool.close()
            raise argument_type_error("source", source, accepted)
        spool.write(piece)
        size += len(piece)
    made = Source(name, size, spool, None, 0)
    made._owned = True
    return made


def digest_parts(source: Source, parts: Sequence[Part]) -> UploadDigest:
    """SHA-256 of the whole source and of each part, in one pass of constant memory."""
    whole = hashlib.sha256()
    each: list[str] = []
    for part in parts:
        digest = hashlib.sha256()
        for piece in source.chunks(part):
            digest.update(piece)
            whole.update(piece)
        each.append(digest.hexdigest())
    return UploadDigest(whole.hexdigest(), tuple(each))


def check_id(argument: str, value: object) -> int:
    """A Procore id (a positive integer) given as ``argument``.

    Raises:
        ArgumentTypeError: not an integer.
        InvalidArgumentError: not positive.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise argument_type_error(argument, value, "a Procore id (a positive integer)")
    if value <= 0:
        raise invalid_argument(argument, value, "a Procore id (a positive integer)")
    return value


def content_type_for(name: str, given: str | None) -> str:
    """The content type to declare: ``given``, else guessed from the name, else binary."""
    if given is not None:
        if not isinstance(given, str) or not given.strip():
            raise invalid_argument("content_type", given, 'a MIME type such as "application/pdf"')
        return given
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def check_flow(flow: object) -> Flow:
    """``flow`` checked against the two flows."""
    if flow not in FLOWS:
        raise invalid_argument("flow", flow, '"direct" (v1.1 uploads) or "unified" (v2.1)')
    return flow  # type: ignore[return-value]


def upload_field(op: _operations.Operation) -> tuple[bool, str] | None:
    """Where ``op``'s body takes upload ids: ``(inside the wrapper?, field name)``, or ``None``.

    Records take uploads as ``upload_ids`` or ``upload_uuids`` depending on the endpoint
    (Procore docs: Working with Direct File Uploads); the operation table says which.
    """
    if op.body is None:
        return None
    for wrapped, fields in ((True, op.body.wrapped_fields), (False, op.body.fields)):
        for field in fields:
            if field.name in ("upload_ids", "upload_uuids"):
                return wrapped, field.name
    return None


# -- the unified upload's operations -----------------------------------------------------------
#
# Procore's OpenAPI document (so the catalog) has no /rest/v2.1/.../uploads endpoints; they are
# documented only in the guide (Procore docs: Working with the Unified Upload API (v2.1)), and
# recorded with that source in the overrides' ``guide_operations``.


def unified_operation(action: str, level: Literal["project", "company"]) -> _operations.Operation:
    """The unified upload's ``create``, ``retrieve`` or ``update`` at project or company level."""
    suffix = "InProject" if level == "project" else ""
    return _operations.guide_operation(f"UnifiedUploads{action.title()}{suffix}")
