"""The pure rules of uploads and downloads: part plans, limits, hashes, sources, token hosts."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import httpx
import pytest

from procore_sdk._download_plan import check_url, content_range_start, sends_token
from procore_sdk._errors import ArgumentTypeError, InvalidArgumentError
from procore_sdk._upload_plan import (
    UNIFIED_MAX_PARTS,
    digest_parts,
    open_source,
    part_size_for,
    plan_parts,
)

MiB = 1024 * 1024


def test_an_empty_source_is_one_empty_part() -> None:
    parts = plan_parts(0, 8 * MiB)
    assert [(p.index, p.offset, p.size) for p in parts] == [(0, 0, 0)]


def test_a_size_on_a_part_boundary_has_no_empty_trailing_part() -> None:
    parts = plan_parts(3 * 6 * MiB, 6 * MiB)
    assert [p.size for p in parts] == [6 * MiB] * 3
    assert [p.offset for p in parts] == [0, 6 * MiB, 12 * MiB]


def test_the_last_part_holds_the_rest() -> None:
    parts = plan_parts(2 * 6 * MiB + 7, 6 * MiB)
    assert [p.size for p in parts] == [6 * MiB, 6 * MiB, 7]


def test_unified_parts_must_exceed_5_mib_and_stay_within_100_mib() -> None:
    # Exactly 5 MiB is rejected (Procore docs: Working with the Unified Upload API (v2.1)).
    with pytest.raises(InvalidArgumentError, match="part_size"):
        part_size_for(50 * MiB, "unified", 5 * MiB)
    assert part_size_for(50 * MiB, "unified", 5 * MiB + 1) == 5 * MiB + 1
    assert part_size_for(50 * MiB, "unified", 100 * MiB) == 100 * MiB
    with pytest.raises(InvalidArgumentError, match="part_size"):
        part_size_for(50 * MiB, "unified", 100 * MiB + 1)


def test_direct_segments_start_at_5_mib() -> None:
    assert part_size_for(50 * MiB, "direct", 5 * MiB) == 5 * MiB
    with pytest.raises(InvalidArgumentError, match="part_size"):
        part_size_for(50 * MiB, "direct", 5 * MiB - 1)


def test_the_default_part_grows_to_stay_within_10000_parts() -> None:
    size = 200 * 1024 * MiB  # 200 GiB: 8 MiB parts would be 25,600
    chosen = part_size_for(size, "unified", None)
    assert -(-size // chosen) <= UNIFIED_MAX_PARTS
    assert chosen % MiB == 0
    assert part_size_for(10 * MiB, "unified", None) == 8 * MiB


def test_a_file_too_large_for_10000_parts_of_100_mib_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="10,000 parts"):
        part_size_for(UNIFIED_MAX_PARTS * 100 * MiB + 1, "unified", None)


def test_part_size_must_be_an_integer() -> None:
    with pytest.raises(ArgumentTypeError, match="part_size"):
        part_size_for(10, "direct", 6.5 * MiB)  # type: ignore[arg-type]


def test_digests_cover_each_part_and_the_whole(tmp_path: Path) -> None:
    data = bytes(range(256)) * 50_000
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    parts = plan_parts(len(data), 5 * MiB)
    with open_source(path) as src:
        digest = digest_parts(src, parts)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.parts == tuple(
        hashlib.sha256(data[p.offset : p.offset + p.size]).hexdigest() for p in parts
    )


def test_a_path_source_takes_its_name_and_size(tmp_path: Path) -> None:
    path = tmp_path / "plan A.pdf"
    path.write_bytes(b"%PDF-1.7 x")
    with open_source(path) as src:
        assert (src.name, src.size, src.read_at(5, 3)) == ("plan A.pdf", 10, b"1.7")


def test_a_seekable_stream_is_read_from_its_position() -> None:
    stream = io.BytesIO(b"headerBODY")
    stream.seek(6)
    src = open_source(stream, file_name="b.bin")
    assert (src.size, src.read_at(0, 4)) == (4, b"BODY")
    src.close()
    assert not stream.closed  # the caller's stream stays open


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, of unknown length."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_spooled() -> None:
    data = b"z" * (3 * MiB + 5)
    with open_source(_Pipe(data), file_name="pipe.bin") as src:
        assert src.size == len(data)
        assert src.read_at(3 * MiB, 10) == b"z" * 5


def test_bad_sources_are_refused_naming_the_argument(tmp_path: Path) -> None:
    with pytest.raises(ArgumentTypeError, match="source"):
        open_source(io.StringIO("text"))
    with pytest.raises(ArgumentTypeError, match="source"):
        open_source(42)
    with pytest.raises(InvalidArgumentError, match="source"):
        open_source(tmp_path / "missing.pdf")


def test_the_token_goes_only_to_procore_hosts() -> None:
    base = "https://api.procore.com"
    assert sends_token(httpx.URL("https://app.procore.com/fas/api/v5/files/1"), base)
    assert sends_token(httpx.URL("https://us02.procore.com/x"), base)
    assert sends_token(httpx.URL("https://api.procoregov.com/x"), base)
    # Storage, look-alike hosts and plain http never see it (Procore docs: Secure File Access).
    assert not sends_token(httpx.URL("https://bucket.s3.amazonaws.com/k?sig=1"), base)
    assert not sends_token(httpx.URL("https://evilprocore.com/x"), base)
    assert not sends_token(httpx.URL("http://app.procore.com/x"), base)
    # The client's own host (a sandbox or a local fake) is Procore's.
    assert sends_token(httpx.URL("http://127.0.0.1:8123/fas/x"), "http://127.0.0.1:8123")
    assert not sends_token(httpx.URL("http://127.0.0.1:9999/_storage/x"), "http://127.0.0.1:8123")


def test_content_range_start() -> None:
    assert content_range_start("bytes 100-199/200") == 100
    assert content_range_start("bytes 0-0/*") == 0
    assert content_range_start(None) is None
    assert content_range_start("items 1-2/3") is None


def test_download_urls_are_checked() -> None:
    with pytest.raises(ArgumentTypeError, match="url"):
        check_url(5)
    with pytest.raises(InvalidArgumentError, match="url"):
        check_url("/fas/api/v5/files/1")
