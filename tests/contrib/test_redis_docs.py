"""Every public name of procore_sdk.contrib.redis has a reference entry, and the guide is in the
site's navigation."""

from __future__ import annotations

import re
from pathlib import Path

import procore_sdk.contrib.redis as contrib_redis

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_has_a_reference_entry() -> None:
    page = (ROOT / "docs" / "reference" / "contrib-redis.md").read_text(encoding="utf-8")
    assert re.search(r"^::: procore_sdk\.contrib\.redis\s*$", page, re.MULTILINE)
    listed = set(re.findall(r"^\s+- (\w+)\s*$", page, re.MULTILINE))
    assert sorted(set(contrib_redis.__all__) - listed) == []


def test_the_guide_is_in_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "guides/many-workers.md" in nav
    assert "reference/contrib-redis.md" in nav
