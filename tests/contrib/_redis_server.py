"""A real ``redis-server`` process on a free loopback port, for the Redis tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import redis

REQUIRE = "PROCORE_SDK_REQUIRE_REDIS"


def find_redis_server(
    env: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
) -> str:
    """The ``redis-server`` binary; without one, skip with the reason, or fail where the
    Redis tests are required (``PROCORE_SDK_REQUIRE_REDIS=1``, set by ``.ci/run``)."""
    binary = which("redis-server")
    if binary is not None:
        return binary
    reason = "no redis-server binary on PATH (install Debian's redis-server to run them)"
    if env.get(REQUIRE) == "1":
        pytest.fail(f"the Redis tests are required here ({REQUIRE}=1), but there is {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One ``redis-server`` process without persistence; :meth:`stop` and :meth:`start` let a
    test take it away and bring it back on the same port."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:  # bounded: ready in milliseconds, or the test fails
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)
