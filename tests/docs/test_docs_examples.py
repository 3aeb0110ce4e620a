"""Every ```python block in the docs and the README runs against the fake Procore.

Blocks fenced ```python are executed, in order, one namespace per page, with
``PROCORE_*`` environment variables pointing ``Procore.from_env()`` at a fake Procore served on
loopback. Blocks fenced ```py are shown but not run (they need a real account or a browser).
This keeps the guides from rotting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


RUNNABLE = [page for page in PAGES if _blocks(page)]


@pytest.fixture(scope="module")
def fake_url() -> Iterator[tuple[Any, str]]:
    from procore_sdk.testing import FakeProcore

    fake = FakeProcore(seed=7)
    with fake.serve() as url:
        yield fake, url


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(
    page: Path, fake_url: tuple[Any, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake, url = fake_url
    monkeypatch.setenv("PROCORE_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("PROCORE_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("PROCORE_COMPANY_ID", str(fake.company_id))
    monkeypatch.setenv("PROCORE_BASE_URL", url)
    monkeypatch.setenv("PROCORE_LOGIN_URL", url)
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for index, source in enumerate(_blocks(page)):
        code = compile(source, f"{page.relative_to(ROOT)}[block {index}]", "exec")
        exec(code, namespace)


def test_some_pages_are_executed() -> None:
    names = {p.name for p in RUNNABLE}
    assert "errors.md" in names
