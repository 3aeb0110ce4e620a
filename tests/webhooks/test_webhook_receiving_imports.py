"""``procore_sdk.webhooks`` receives only: importing it, and fetching through it, loads no client
module (the issue's "webhooks/ ⇄ clients loop" stays broken)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import procore_sdk

# procore_sdk/__init__.py imports both clients for users, so the package is stood in by a bare
# one: what is then loaded is what procore_sdk.webhooks itself imports.
_PROGRAM = r"""
import asyncio, json, sys, types

package = types.ModuleType("procore_sdk")
package.__path__ = [sys.argv[1]]
sys.modules["procore_sdk"] = package

import procore_sdk.webhooks as webhooks


class Group:
    def fetch(self, event, *, company_id=None):
        return [event, company_id]


class AsyncGroup:
    async def fetch(self, event, *, company_id=None):
        return [event, company_id]


class Client:
    webhooks = Group()


class AsyncClient:
    webhooks = AsyncGroup()

    async def __aenter__(self):
        return self


answers = [
    webhooks.fetch_resource(Client(), "event", company_id=3),
    asyncio.run(webhooks.async_fetch_resource(AsyncClient(), "event", company_id=4)),
]
loaded = sorted(
    name for name in sys.modules if name.startswith(("procore_sdk._async", "procore_sdk._blocking"))
)
print(json.dumps({"answers": answers, "loaded": loaded}))
"""


def test_receiving_side_imports_no_client_module() -> None:
    package_dir = str(Path(procore_sdk.__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM, package_dir],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # fetch_resource and async_fetch_resource delegate to client.webhooks.fetch ...
    assert report["answers"] == [["event", 3], ["event", 4]]
    # ... and neither importing procore_sdk.webhooks nor fetching loads a client module.
    assert report["loaded"] == []
