"""Without redis-server the Redis tests skip, with the reason; where required (CI), they fail."""

from __future__ import annotations

import pytest
from contrib._redis_server import find_redis_server


def test_found_when_on_path() -> None:
    assert find_redis_server({}, lambda name: f"/usr/bin/{name}") == "/usr/bin/redis-server"


def test_skipped_with_the_reason_when_missing() -> None:
    with pytest.raises(pytest.skip.Exception, match="no redis-server binary"):
        find_redis_server({}, lambda name: None)


def test_failing_when_required_and_missing() -> None:
    with pytest.raises(pytest.fail.Exception, match="required here"):
        find_redis_server({"PROCORE_SDK_REQUIRE_REDIS": "1"}, lambda name: None)
