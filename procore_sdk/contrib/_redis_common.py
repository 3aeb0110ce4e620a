"""What the Redis integration's sync and async halves share: errors, scripts, redaction."""

from __future__ import annotations

import re
from typing import Any

from .._errors import ProcoreError

__all__ = [
    "EXTEND_SCRIPT",
    "RELEASE_SCRIPT",
    "RESERVE_SCRIPT",
    "UPDATE_SCRIPT",
    "RedisStoreError",
    "describe_client",
    "failure_detail",
    "redact_url",
]


class RedisStoreError(ProcoreError):
    """Redis could not be reached, or timed out, for a store that cannot do without it.

    Raised by ``RedisDedupeStore``; the webhook receiver turns
    it into a ``500`` so that Procore delivers the event again later. Token stores raise
    ``TokenStoreError`` instead. The Redis exception is the ``__cause__``.
    """


_URL_PASSWORD = re.compile(r"^(?P<scheme>[a-z+]+://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@", re.I)
_URL_PASSWORD_QUERY = re.compile(r"([?&]password=)[^&]*", re.I)


def redact_url(url: str) -> str:
    """``url`` with its password (``redis://user:secret@host``, ``?password=``) redacted."""
    url = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:<redacted>@", url)
    return _URL_PASSWORD_QUERY.sub(r"\1<redacted>", url)


def describe_client(client: Any) -> str:
    """Where a redis-py client connects, without credentials: ``redis://host:port/db``."""
    try:
        kwargs = client.connection_pool.connection_kwargs
    except AttributeError:
        return type(client).__name__
    if "path" in kwargs:
        return f"unix://{kwargs['path']}"
    host, port = kwargs.get("host", "localhost"), kwargs.get("port", 6379)
    return f"redis://{host}:{port}/{kwargs.get('db', 0)}"


def failure_detail(exc: BaseException) -> str:
    """A Redis exception as text: its type and message (redis-py never quotes passwords or
    values in connection errors; a URL in the text is redacted all the same)."""
    return redact_url(f"{type(exc).__name__}: {exc}")


# The lock: deleted, or its lease extended, only by the holder of its random token.
RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""

EXTEND_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""

# The rate budget: InMemoryRateLimitPacer's arithmetic, made atomic for every worker (a window
# counts as the same one a little more loosely, see UPDATE_SCRIPT). Times are
# Unix seconds on the workers' clocks; results are strings because Redis truncates Lua numbers.
RESERVE_SCRIPT = """
local budget = redis.call('hmget', KEYS[1], 'remaining', 'reset')
if not budget[1] then return '0' end
local remaining, reset = tonumber(budget[1]), tonumber(budget[2])
local now = tonumber(ARGV[1])
if now >= reset then
  redis.call('del', KEYS[1])
  return '0'
end
if remaining > tonumber(ARGV[3]) then
  redis.call('hincrby', KEYS[1], 'remaining', -1)
  return '0'
end
return tostring(reset - now + tonumber(ARGV[2]))
"""

UPDATE_SCRIPT = """
local budget = redis.call('hmget', KEYS[1], 'remaining', 'reset')
local remaining, reset = tonumber(ARGV[1]), tonumber(ARGV[2])
if budget[1] and reset < tonumber(budget[2]) + 1.5 then
  -- the same window: workers localise one reset differently (the Date header has a
  -- one-second resolution) and a late response may report an older one; with many workers
  -- in flight, a higher count must never replace the reserved one, so keep the smaller
  redis.call('hset', KEYS[1], 'remaining', math.min(tonumber(budget[1]), remaining))
else
  redis.call('hset', KEYS[1], 'remaining', remaining, 'reset', ARGV[2])
  redis.call('pexpire', KEYS[1], ARGV[3])
end
return 1
"""
