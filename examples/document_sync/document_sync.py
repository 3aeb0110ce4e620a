"""Mirror a local folder of drawings and PDFs into a Procore project, then check it round trip.

    python examples/document_sync/document_sync.py [--source DIR] [--out DIR] [--dry-run]

1. Mirrors ``--source`` (a sample set of drawings and specifications made in ``--out`` by
   default) into the project's Documents tool with ``client.transfers.mirror``: the folders that
   are missing are created, new files uploaded, changed files given a new version. A progress
   bar shows the bytes sent.
2. Runs the mirror again: nothing is left to do, so nothing is written.
3. Downloads every file back into ``--out/downloaded`` with ``client.transfers.walk`` and
   ``client.transfers.download``, and compares each file's SHA-256 with the local one.
4. Uploads a large model with the v2.1 unified upload flow, the one Document Management records
   take, to show the other flow.

Without ``PROCORE_*`` credentials it runs against the built-in fake Procore, offline; with
``PROCORE_CLIENT_ID``, ``PROCORE_CLIENT_SECRET``, ``PROCORE_COMPANY_ID`` and
``PROCORE_PROJECT_ID`` set it writes into that project.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from procore_sdk import Procore
from procore_sdk.testing import FakeProcore

CREDENTIALS = ("PROCORE_CLIENT_ID", "PROCORE_CLIENT_SECRET", "PROCORE_COMPANY_ID")
MiB = 1024 * 1024


@contextlib.contextmanager
def connect() -> Iterator[tuple[Procore, int, bool]]:
    """A client and a project: real Procore when credentials are set, else a local fake."""
    if all(os.environ.get(name) for name in CREDENTIALS):
        with Procore.from_env() as client:
            yield client, int(os.environ["PROCORE_PROJECT_ID"]), False
        return
    fake = FakeProcore(seed=16)
    with (
        fake.serve() as url,
        Procore(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            company_id=fake.company_id,
            base_url=url,
            login_url=url,
        ) as client,
    ):
        yield client, fake.project_id, True


def sample_documents(root: Path) -> Path:
    """A small document set: drawings by discipline, specifications, one file of 12 MiB (so
    it goes up in segments)."""
    files = {
        "Drawings/Architectural/A-101 Floor Plan.pdf": 40_000,
        "Drawings/Architectural/A-201 Elevations.pdf": 55_000,
        "Drawings/Structural/S-101 Foundation Plan.pdf": 12 * MiB,
        "Specifications/03 30 00 Cast-in-Place Concrete.pdf": 20_000,
        "Specifications/09 91 00 Painting.pdf": 9_000,
    }
    for name, size in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        block = f"%PDF-1.7 {name} ".encode() * 64
        with path.open("wb") as handle:
            written = 0
            while written < size:
                piece = block[: size - written]
                handle.write(piece)
                written += len(piece)
    return root


class ProgressBar:
    """A one-line text progress bar on stdout."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int | None) -> None:
        if not total:
            return
        filled = self.width * done // total
        if filled == self.shown:
            return
        self.shown = filled
        bar = "#" * filled + "-" * (self.width - filled)
        print(f"\r  [{bar}] {100 * done // total:3d}%", end="\n" if done >= total else "")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(MiB):
            digest.update(chunk)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="the folder to mirror (default: a sample)")
    parser.add_argument("--out", type=Path, help="output folder (default: a new temp folder)")
    parser.add_argument("--dry-run", action="store_true", help="only report what would be done")
    args = parser.parse_args(argv)
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="procore-documents-"))
    out.mkdir(parents=True, exist_ok=True)
    source: Path = args.source or sample_documents(out / "site-documents")
    state = out / "mirror-state.json"

    started = time.perf_counter()
    with connect() as (client, project_id, offline):
        where = "the built-in fake Procore (offline)" if offline else client.base_url
        print(f"Mirroring {source} into project #{project_id} on {where}")
        report = client.transfers.mirror(
            source,
            project_id=project_id,
            state=state,
            dry_run=args.dry_run,
            on_progress=ProgressBar(),
        )
        print(f"  ✓ {report}")
        if args.dry_run:
            return 0

        again = client.transfers.mirror(source, project_id=project_id, state=state)
        print(f"  ✓ second run: {again.writes} writes ({len(again.unchanged)} files unchanged)")

        downloaded = out / "downloaded"
        checked = 0
        for entry in client.transfers.walk(project_id=project_id):
            local = source / entry.path
            if entry.kind != "file" or entry.url is None or not local.is_file():
                continue
            target = downloaded / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            client.transfers.download(entry.url, target)
            if sha256(target) != sha256(local):
                print(f"  ✗ {entry.path}: the downloaded copy differs")
                return 1
            checked += 1
        print(f"  ✓ downloaded {checked} files back; every SHA-256 matches")

        model = out / "Coordination Model.ifc"
        model.write_bytes(b"ISO-10303-21;" * (1_200_000))  # about 15 MiB: three parts
        upload_id = client.transfers.upload(
            model,
            project_id=project_id,
            flow="unified",
            part_size=6 * MiB,
            on_progress=ProgressBar(),
        )
        print(f"  ✓ unified upload {upload_id} is available to attach")

    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
