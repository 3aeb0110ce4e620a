"""The benchmark harness's own rules: what it serves, how it rounds, how it aggregates, and when
it fails. Its figures are never asserted (speed is measured in benchmarks/, not tested)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks import _harness, _server


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _state(*argv: str, clock: Clock | None = None) -> _server.State:
    args = _server.parser().parse_args(list(argv))
    return _server.State(args, clock=clock or Clock(1_000.5))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, _server.State]]:
    state = _state("--records", "2500")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _server.make_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def test_server_pages_with_procores_headers_and_the_fakes_records(
    served: tuple[str, _server.State],
) -> None:
    base, _ = served
    first = httpx.get(f"{base}/rest/v1.0/projects", params={"company_id": 1, "per_page": 2000})
    assert first.headers["Total"] == "2500"
    assert first.headers["Per-Page"] == "2000"
    records = first.json()
    assert len(records) == 2000
    assert len({r["id"] for r in records}) == 2000  # fresh ids, not the template's
    assert {"name", "created_at", "company"} <= set(records[0])  # the fake's project JSON
    nxt = first.links["next"]["url"]
    assert "page=2" in nxt
    assert "company_id=1" in nxt
    last = httpx.get(nxt)
    assert len(last.json()) == 500
    assert "next" not in last.links


def test_server_caps_per_page_at_the_versions_largest_page(
    served: tuple[str, _server.State],
) -> None:
    base, state = served
    response = httpx.get(f"{base}/rest/v1.1/projects", params={"per_page": 5000})
    assert response.headers["Per-Page"] == str(state.largest["v1.1"])
    assert state.largest["v1.1"] < 5000
    assert len(response.json()) == state.largest["v1.1"]


def test_server_counts_requests_per_path_until_reset(served: tuple[str, _server.State]) -> None:
    base, _ = served
    _harness.stats(base, reset=True)
    httpx.get(f"{base}/rest/v1.0/me")
    httpx.get(f"{base}/rest/v1.0/me")
    httpx.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"})
    assert _harness.stats(base) == {"/rest/v1.0/me": 2, "/oauth/token": 1}
    _harness.stats(base, reset=True)
    assert _harness.stats(base) == {}


@pytest.mark.parametrize(("rounding", "reset"), [("down", "1010"), ("up", "1011")])
def test_rate_limit_reset_is_rounded_as_asked(rounding: str, reset: str) -> None:
    # The window starts at the first request (t = 1000.5), so it resets at 1010.5.
    state = _state("--spike", "2/10", "--reset-rounding", rounding)
    allowed, headers = state.rate_limit()
    assert allowed
    assert headers == {
        "X-Rate-Limit-Limit": "2",
        "X-Rate-Limit-Remaining": "1",
        "X-Rate-Limit-Reset": reset,
    }


def test_rate_limit_refuses_over_the_limit_until_the_window_ends() -> None:
    clock = Clock(1_000.5)
    state = _state("--spike", "2/10", clock=clock)
    assert state.rate_limit()[0]
    assert state.rate_limit()[0]
    allowed, headers = state.rate_limit()
    assert not allowed
    assert headers["X-Rate-Limit-Remaining"] == "0"
    assert headers["Retry-After"] == "10"
    clock.now = 1_010.5
    assert state.rate_limit()[0]


def test_rate_limit_headers_report_the_window_closer_to_exhaustion() -> None:
    # Procore docs: Rate Limiting: the headers describe whichever limit is closer.
    state = _state("--spike", "10/10", "--hourly", "3/60")
    _, headers = state.rate_limit()
    assert headers["X-Rate-Limit-Limit"] == "3"
    assert headers["X-Rate-Limit-Remaining"] == "2"


def test_interleave_rotates_the_order_each_round() -> None:
    seen: list[str] = []

    def variant(name: str) -> Any:
        return lambda: seen.append(name) or {"name": name}

    out = _harness.interleave({n: variant(n) for n in "ABC"}, repeat=3)
    assert seen == list("ABCBCACAB")
    assert [r["name"] for r in out["B"]] == ["B", "B", "B"]


def test_spread_is_the_median_with_min_and_max() -> None:
    s = _harness.Spread.of([3.0, 1.0, 10.0, 2.0])
    assert (s.median, s.low, s.high, s.runs) == (2.5, 1.0, 10.0, 4)
    assert s.fmt("x") == "2.50x (1.00-10.00, n=4)"


def test_ratios_pair_the_rounds_run_side_by_side() -> None:
    a = [{"wall": 2.0}, {"wall": 9.0}]
    b = [{"wall": 1.0}, {"wall": 3.0}]
    r = _harness.ratio(a, b, "wall")
    assert (r.low, r.high) == (2.0, 3.0)


def _row(verdict: str) -> _harness.Row:
    return _harness.Row("listing", "a row", "1.5x", "<= 1.2x", verdict, "python -m benchmarks")


def test_a_missed_target_is_reported_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_harness, "RUNNERS", {"listing": lambda args: [_row("MISS")]})
    out = tmp_path / "bench.json"
    assert _harness.main(["--quick", "--only", "listing", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "MISS  a row" in printed
    assert "repeat:   python -m benchmarks" in printed
    doc = json.loads(out.read_text())
    assert doc["rows"][0]["verdict"] == "MISS"
    assert doc["crashed"] == []
    assert {"nproc", "cpu", "python", "date"} <= set(doc["machine"])


def test_a_crash_exits_non_zero_and_the_other_sections_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(args: Any) -> list[_harness.Row]:
        raise RuntimeError("worker listing failed")

    monkeypatch.setattr(
        _harness, "RUNNERS", {"listing": crash, "memory": lambda args: [_row("ok")]}
    )
    assert _harness.main(["--quick", "--only", "listing", "--only", "memory"]) == 1
    printed = capsys.readouterr().out
    assert "ok    a row" in printed
    assert "crashed: ['listing']" in printed


def test_markdown_table_has_one_line_per_row_and_escapes_pipes() -> None:
    row = _harness.Row("listing", "a | b", "1.5x", "<= 1.2x", "MISS", "python -m benchmarks")
    table = _harness.markdown([row, _row("ok")]).splitlines()
    assert table[0] == "| Row | Measured | Target | |"
    assert table[2] == "| a \\| b | 1.5x | <= 1.2x | MISS |"
    assert len(table) == 4
