"""A real ``redis-server`` on a free loopback port, started for each module and stopped after it.

Without a ``redis-server`` binary the Redis tests are skipped with the reason, except where
``PROCORE_SDK_REQUIRE_REDIS=1`` (CI's ``.ci/run`` sets it): there a missing server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

if os.environ.get("PROCORE_SDK_REQUIRE_REDIS") == "1":
    import redis  # noqa: F401  # required: a missing extra fails instead of skipping
else:
    pytest.importorskip("redis", reason="the redis extra is not installed")

from contrib._redis_server import RedisServer, find_redis_server


@pytest.fixture(scope="session")
def redis_binary() -> str:
    return find_redis_server()


@pytest.fixture(scope="module")
def redis_server_module(
    redis_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RedisServer]:
    server = RedisServer(redis_binary, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server(redis_server_module: RedisServer) -> RedisServer:
    """The group's server, started if a test stopped it, and emptied for this test."""
    if redis_server_module.process is None:
        redis_server_module.start()
    client = redis_server_module.client()
    client.flushall()
    client.close()
    return redis_server_module
