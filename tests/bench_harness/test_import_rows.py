"""The import rows' arithmetic: per-round differences and where ``-X importtime`` time goes.

The figures themselves are never asserted (speed is measured in benchmarks/, not tested).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import _harness

# ``python -X importtime`` prints children before their importer, one level of indentation
# (two spaces) per level of nesting. Times are in microseconds.
IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 |   _io
import time:       300 |        400 | site
import time:      1000 |       1000 |         email.utils
import time:      2000 |       3000 |       urllib.request
import time:      4000 |       7000 |     httpx._client
import time:       500 |       7500 |   httpx
import time:     50000 |      50000 |       procore_sdk.models._generated
import time:       700 |      50700 |     procore_sdk.models
import time:      3000 |      53700 |   procore_sdk._endpoints
import time:       800 |       800 |     attr._make
import time:       200 |      1000 |   attrs
import time:       600 |       600 |     typing
import time:      5000 |      5600 |   procore_sdk._errors
import time:      1000 |     68800 | procore_sdk
import time:       900 |       900 | typing_extensions
"""


def test_import_shares_follow_the_importer_down_the_tree() -> None:
    shares = _harness.import_shares(IMPORTTIME)
    expected_ms = {
        # the standard library httpx loads counts as httpx
        "httpx and its deps": 1 + 2 + 4 + 0.5,
        "models": 50 + 0.7,
        "resource layer": 3,
        "attrs, cattrs": 0.8 + 0.2,
        # what the SDK's own modules load counts as theirs (typing under _errors)
        "rest of the SDK": 0.6 + 5 + 1,
        "interpreter and other": 0.1 + 0.3 + 0.9,
    }
    assert {k: round(v * 1000, 3) for k, v in shares.items()} == pytest.approx(expected_ms)
    # Every module's own time is counted once: the total of the "self" column.
    own = [int(line.split("|")[0].split(":")[1]) for line in IMPORTTIME.splitlines()[1:]]
    assert sum(shares.values()) == pytest.approx(sum(own) / 1e6)


def test_over_is_paired_per_round() -> None:
    runs = [{"wall": 1.0, "cpu": 0.5}, {"wall": 3.0, "cpu": 0.7}, {"wall": 2.0, "cpu": 0.6}]
    base = [{"wall": 0.5, "cpu": 0.1}, {"wall": 2.9, "cpu": 0.1}, {"wall": 1.0, "cpu": 0.1}]
    wall = _harness.over(runs, base)
    assert (wall.median, wall.low, wall.high, wall.runs) == pytest.approx((0.5, 0.1, 1.0, 3))
    assert _harness.over(runs, base, "cpu").median == pytest.approx(0.5)


@pytest.mark.parametrize("installed", [True, False])
def test_the_plugin_variants_differ_only_in_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    seen: dict[str, list[str]] = {}

    def timed(argv: list[str], cwd: Path = tmp_path, env: object = None) -> dict[str, float]:
        seen[" ".join(argv)] = argv
        return {"wall": 0.0, "cpu": 0.0}

    monkeypatch.setattr(_harness, "_timed", timed)
    monkeypatch.setattr(_harness, "_plugin_entry_point", lambda: installed)
    variants = _harness.plugin_variants(tmp_path)
    with_plugin, without = variants["with plugin"], variants["without"]
    with_plugin()
    with_argv = seen.popitem()[1]
    without()
    without_argv = seen.popitem()[1]
    assert (tmp_path / "test_trivial.py").read_text(encoding="utf-8").startswith("def test_")
    if installed:  # the entry point loads it; the other run blocks it by its entry-point name
        assert without_argv == [*with_argv, "-p", "no:procore_sdk"]
    else:  # a source checkout: the run with it names the module
        assert with_argv == [*without_argv, "-p", _harness.PLUGIN]
