"""Token stores: where token pairs live between requests, processes and restarts.

Two interfaces: ``TokenStore`` (plain methods, for ``Procore``) and
``AsyncTokenStore`` (coroutines, for ``AsyncProcore``). The async client accepts both:
it awaits an async store, and runs a plain store's calls (and holds its lock) in worker
threads, so a slow store or a lock held by another process never blocks the event loop.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import json
import os
import queue
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

# asyncio and tempfile load where they are used: the blocking client never needs asyncio, and
# only FileTokenStore writes files.
if TYPE_CHECKING:
    import asyncio

from ._errors import ConfigurationError, TokenStoreError, argument_type_error
from ._logging import redact
from ._oauth import TokenSet

_fcntl: Any
try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None

__all__ = [
    "AsyncLockingTokenStore",
    "AsyncTokenStore",
    "CallbackTokenStore",
    "FileTokenStore",
    "LockingTokenStore",
    "MemoryTokenStore",
    "TokenStore",
    "async_check_token_store",
    "async_delete_from_store",
    "async_load_from_store",
    "async_save_to_store",
    "async_store_lock",
    "check_token_store",
    "is_async_token_store",
    "delete_from_store",
    "load_from_store",
    "save_to_store",
    "shared_lock",
    "store_lock",
]


@runtime_checkable
class TokenStore(Protocol):
    """Where token pairs are kept, one per key (a Procore user, an app installation, ...).

    Two methods are required. Two more are optional and used when present:

    - ``lock(key)``: a context manager held around a refresh, so that several processes (or
      machines) sharing the store make one refresh per expiry. Without it, only the clients of
      one process are serialised.
    - ``delete(key)``: forget the tokens of ``key`` (called after a revoke).

    Methods are synchronous. ``AsyncProcore`` runs them in worker threads; a store with
    coroutine methods is an ``AsyncTokenStore`` instead.
    """

    def load(self, key: str) -> TokenSet | None:
        """Return the token pair saved under ``key``, or ``None``."""

    def save(self, key: str, tokens: TokenSet) -> None:
        """Save ``tokens`` under ``key``, replacing what was there, durably."""


@runtime_checkable
class LockingTokenStore(TokenStore, Protocol):
    """A ``TokenStore`` with a cross-process ``lock(key)`` (file locks, Redis, a DB row)."""

    def lock(self, key: str) -> AbstractContextManager[Any]:
        """Hold an exclusive lock for ``key`` for the duration of the ``with`` block."""


@runtime_checkable
class AsyncTokenStore(Protocol):
    """The async twin of ``TokenStore``, for ``AsyncProcore``: the methods are coroutines.

    The same two optional extras apply: ``lock(key)`` returning an *async* context manager
    held around a refresh, and ``async delete(key)``.
    """

    async def load(self, key: str) -> TokenSet | None:
        """Return the token pair saved under ``key``, or ``None``."""

    async def save(self, key: str, tokens: TokenSet) -> None:
        """Save ``tokens`` under ``key``, replacing what was there, durably."""


@runtime_checkable
class AsyncLockingTokenStore(AsyncTokenStore, Protocol):
    """An ``AsyncTokenStore`` with a cross-process ``lock(key)`` (``async with``)."""

    def lock(self, key: str) -> AbstractAsyncContextManager[Any]:
        """Hold an exclusive lock for ``key`` for the duration of the ``async with`` block."""


def is_async_token_store(value: Any) -> bool:
    """True when ``value``'s ``load`` and ``save`` are coroutine functions."""
    return inspect.iscoroutinefunction(
        getattr(value, "load", None)
    ) and inspect.iscoroutinefunction(getattr(value, "save", None))


_STORE_KINDS = (
    "a token store: an object with load(key) and save(key, tokens) methods, such as "
    "MemoryTokenStore, FileTokenStore, CallbackTokenStore or "
    "procore_sdk.contrib.redis.RedisTokenStore"
)


def check_token_store(value: Any, argument: str = "token_store") -> None:
    """Raise ``ArgumentTypeError`` unless ``value`` is ``None`` or a ``TokenStore``.

    Checked where a store is given, not where it is first used: a store that cannot save
    would lose a rotated pair, and Procore's refresh tokens are single-use.
    """
    if value is not None and (not isinstance(value, TokenStore) or is_async_token_store(value)):
        raise argument_type_error(
            argument,
            value,
            f"{_STORE_KINDS} (an async store, such as AsyncRedisTokenStore, works only with "
            "AsyncProcore)",
            secret=True,  # a mapping of tokens passed by mistake must not be printed
        )


def async_check_token_store(value: Any, argument: str = "token_store") -> None:
    """Like ``check_token_store``, for ``AsyncProcore``: async stores are accepted too."""
    if value is not None and not isinstance(value, (TokenStore, AsyncTokenStore)):
        raise argument_type_error(
            argument,
            value,
            f"{_STORE_KINDS}, or an async store such as AsyncRedisTokenStore",
            secret=True,  # a mapping of tokens passed by mistake must not be printed
        )


def store_lock(store: TokenStore, key: str) -> AbstractContextManager[Any]:
    """The store's own ``lock(key)`` when it has one, else a no-op."""
    lock = getattr(store, "lock", None)
    if lock is None:
        return contextlib.nullcontext()
    result: AbstractContextManager[Any] = lock(key)
    return result


def load_from_store(store: TokenStore, key: str) -> TokenSet | None:
    """``store.load(key)``, accepting a mapping as well (user callables often return dicts)."""
    return _loaded(store, store.load(key))


def _loaded(store: object, value: Any) -> TokenSet | None:
    if value is None or isinstance(value, TokenSet):
        return value
    if isinstance(value, Mapping):
        return TokenSet.from_dict(value)
    raise ConfigurationError(
        f"token store {type(store).__name__}.load() returned {type(value).__name__}; "
        "expected a TokenSet, a mapping from TokenSet.to_dict(), or None"
    )


def save_to_store(store: TokenStore, key: str, tokens: TokenSet, *, then: str) -> None:
    """``store.save(key, tokens)``; any failure becomes ``TokenStoreError``.

    The store's exception stays the ``__cause__``; the message quotes it without the tokens
    (some database drivers repeat a statement's parameters in their errors) and ends with
    ``then``: what happens to the pair now.
    """
    try:
        store.save(key, tokens)
    except Exception as exc:
        raise _save_failure(store, key, tokens, exc, then) from exc


def _save_failure(
    store: object, key: str, tokens: TokenSet, exc: Exception, then: str
) -> TokenStoreError:
    # A TokenStoreError is the store's own message (Redis: where, and what failed).
    detail = exc.message if isinstance(exc, TokenStoreError) else f"{type(exc).__name__}: {exc}"
    for secret in (tokens.access_token, tokens.refresh_token):
        if secret:
            detail = detail.replace(secret, "<redacted>")
    detail = redact(detail)
    return TokenStoreError(
        f"Token store {type(store).__name__} could not save the token pair Procore has "
        f"just issued for key {key!r} ({detail}). Procore's refresh "
        f"tokens are single-use, so the pair the store holds may no longer work. {then}",
        key=key,
        tokens=tokens,
    )


def delete_from_store(store: TokenStore, key: str) -> None:
    """``store.delete(key)`` when the store supports it."""
    delete = getattr(store, "delete", None)
    if delete is not None:
        delete(key)


# --- AsyncProcore's side: await async stores, run plain ones off the event loop ---

T = TypeVar("T")

# The lock holder of the store call in progress, when it runs inside a plain store's lock:
# calls go to the thread that holds the lock, as a plain lock may be re-entered by its owner
# thread only (FileTokenStore.save() takes the lock that a refresh already holds).
_holder: contextvars.ContextVar[_ThreadHeldLock | None] = contextvars.ContextVar(
    "procore_sdk_store_lock_holder", default=None
)


async def _off_loop(store: object, fn: Callable[..., T], *args: Any) -> T:
    holder = _holder.get()
    if holder is not None and holder.store is store:
        return await holder.call(fn, *args)
    import asyncio

    return await asyncio.to_thread(fn, *args)


async def async_load_from_store(store: TokenStore | AsyncTokenStore, key: str) -> TokenSet | None:
    """``load_from_store`` for ``AsyncProcore``: awaited, or run in a worker thread."""
    if is_async_token_store(store):
        return _loaded(store, await store.load(key))  # type: ignore[misc]
    return await _off_loop(store, load_from_store, store, key)


async def async_save_to_store(
    store: TokenStore | AsyncTokenStore, key: str, tokens: TokenSet, *, then: str
) -> None:
    """``save_to_store`` for ``AsyncProcore``; failures become ``TokenStoreError``."""
    if not is_async_token_store(store):
        await _off_loop(store, _save_plain, store, key, tokens, then)
        return
    try:
        await store.save(key, tokens)  # type: ignore[misc]
    except Exception as exc:
        raise _save_failure(store, key, tokens, exc, then) from exc


def _save_plain(store: TokenStore, key: str, tokens: TokenSet, then: str) -> None:
    save_to_store(store, key, tokens, then=then)


async def async_delete_from_store(store: TokenStore | AsyncTokenStore, key: str) -> None:
    """``delete_from_store`` for ``AsyncProcore``."""
    if not is_async_token_store(store):
        await _off_loop(store, delete_from_store, store, key)
        return
    delete = getattr(store, "delete", None)
    if delete is not None:
        await delete(key)


def async_store_lock(
    store: TokenStore | AsyncTokenStore, key: str
) -> AbstractAsyncContextManager[Any]:
    """``store_lock`` for ``AsyncProcore``: an async store's lock, or a plain store's lock
    held by a thread of its own (a lock that waits for another process waits off the loop)."""
    lock = getattr(store, "lock", None)
    if lock is None:
        return contextlib.nullcontext()
    if is_async_token_store(store):
        result: AbstractAsyncContextManager[Any] = lock(key)
        return result
    return _ThreadHeldLock(store, lambda: store_lock(store, key))  # type: ignore[arg-type]


class _ThreadHeldLock:
    """A plain store's lock, entered, used and exited by one dedicated thread.

    While it is held, store calls made by the task that holds it run in that thread too
    (see ``_holder``), so re-entrant thread locks behave as they do in the sync client.
    """

    def __init__(self, store: object, factory: Callable[[], AbstractContextManager[Any]]) -> None:
        self.store = store
        self._factory = factory
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], asyncio.Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self._token: contextvars.Token[_ThreadHeldLock | None] | None = None
        self._exit_error: BaseException | None = None

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        import asyncio

        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._jobs.put((lambda: fn(*args), future))
        return await future

    def _run(self, loop: asyncio.AbstractEventLoop, entered: asyncio.Future[None]) -> None:
        def settle(future: asyncio.Future[Any], value: Any, error: BaseException | None) -> None:
            def apply() -> None:
                if future.done():
                    return
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(value)

            loop.call_soon_threadsafe(apply)

        try:
            manager = self._factory()
            manager.__enter__()
        except BaseException as exc:
            settle(entered, None, exc)
            return
        settle(entered, None, None)
        error: BaseException | None = None
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    break
                fn, future = job
                try:
                    settle(future, fn(), None)
                except BaseException as exc:
                    settle(future, None, exc)
        finally:
            try:
                manager.__exit__(None, None, None)
            except BaseException as exc:
                error = exc
            self._exit_error = error

    async def __aenter__(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        entered: asyncio.Future[None] = loop.create_future()
        self._thread = threading.Thread(
            target=self._run, args=(loop, entered), name="procore-token-store-lock", daemon=True
        )
        self._thread.start()
        try:
            await entered
        except asyncio.CancelledError:
            self._jobs.put(None)  # the thread releases the lock as soon as it gets it
            raise
        self._token = _holder.set(self)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._token is not None:
            _holder.reset(self._token)
            self._token = None
        self._jobs.put(None)
        import asyncio

        await asyncio.to_thread(self._thread.join)
        if self._exit_error is not None and exc is None:
            raise self._exit_error


L = TypeVar("L")
_shared_locks: weakref.WeakValueDictionary[tuple[object, str, str], Any] = (
    weakref.WeakValueDictionary()
)
_shared_locks_guard = threading.Lock()


def shared_lock(store: object, key: str, factory: Callable[[], L]) -> L:
    """One in-process lock per (store, key), shared by every token manager that uses them.

    Two clients built separately on the same store and key must not refresh at once: the
    second would send the refresh token the first has just burned (Procore docs: OAuth 2.0
    Authorization Code Grant Flow). Entries live as long as a manager holds them (a manager also
    holds its store, so the ``id`` stays unique). Stores that are different objects over the same
    data (two ``FileTokenStore`` instances on one path) say so with a ``_lock_identity`` attribute,
    and share the lock too.
    """
    name = f"{getattr(factory, '__module__', '')}.{getattr(factory, '__qualname__', factory)}"
    identity = getattr(store, "_lock_identity", None)
    registry_key = (identity if identity is not None else id(store), key, name)
    with _shared_locks_guard:
        lock = _shared_locks.get(registry_key)
        if lock is None:
            lock = factory()
            try:
                _shared_locks[registry_key] = lock
            except TypeError:  # not weak-referenceable: private to this manager
                pass
        return lock


class MemoryTokenStore:
    """Tokens in a dict: the default, private to one process and lost when it exits."""

    def __init__(self) -> None:
        self._tokens: dict[str, TokenSet] = {}
        self._guard = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryTokenStore(keys={len(self._tokens)})"

    def load(self, key: str) -> TokenSet | None:
        """Return the tokens saved under ``key``, or ``None``."""
        with self._guard:
            return self._tokens.get(key)

    def save(self, key: str, tokens: TokenSet) -> None:
        """Keep ``tokens`` under ``key``."""
        with self._guard:
            self._tokens[key] = tokens

    def delete(self, key: str) -> None:
        """Forget the tokens under ``key``."""
        with self._guard:
            self._tokens.pop(key, None)


class CallbackTokenStore:
    """A store made of your functions, e.g. to keep tokens in your own database.

    Args:
        load: ``load(key)`` returns a ``TokenSet``, a mapping as written
            by ``TokenSet.to_dict()``, or ``None``.
        save: ``save(key, tokens)`` persists ``tokens`` (call ``tokens.to_dict()`` for a
            JSON-safe mapping). It must be durable when it returns: the old refresh token is
            already dead (Procore docs: OAuth 2.0 Authorization Code Grant Flow).
        delete: optional ``delete(key)``.
        lock: optional ``lock(key)`` returning a context manager held around each refresh
            (a row lock, a Redis lock), so several processes make one refresh per expiry.

    Example:
        >>> store = CallbackTokenStore(load=db.load_tokens, save=db.save_tokens)
    """

    def __init__(
        self,
        load: Callable[[str], TokenSet | Mapping[str, Any] | None],
        save: Callable[[str, TokenSet], None],
        *,
        delete: Callable[[str], None] | None = None,
        lock: Callable[[str], AbstractContextManager[Any]] | None = None,
    ) -> None:
        self._load = load
        self._save = save
        self._delete = delete
        self._lock = lock

    def __repr__(self) -> str:
        return f"CallbackTokenStore(load={_name(self._load)}, save={_name(self._save)})"

    def load(self, key: str) -> TokenSet | None:
        """Call your ``load`` and convert a mapping to a ``TokenSet``."""
        value = self._load(key)
        if value is None or isinstance(value, TokenSet):
            return value
        return TokenSet.from_dict(value)

    def save(self, key: str, tokens: TokenSet) -> None:
        """Call your ``save``."""
        self._save(key, tokens)

    def delete(self, key: str) -> None:
        """Call your ``delete``, if you gave one."""
        if self._delete is not None:
            self._delete(key)

    def lock(self, key: str) -> AbstractContextManager[Any]:
        """Your ``lock(key)``, or a no-op."""
        if self._lock is None:
            return contextlib.nullcontext()
        return self._lock(key)


def _name(fn: Callable[..., Any]) -> str:
    return str(getattr(fn, "__qualname__", type(fn).__name__))


class FileTokenStore:
    """Tokens in one JSON file, shared safely by several processes on one machine.

    - Writes are atomic: a temporary file in the same directory is written, flushed and
      fsynced, then renamed over the old one (``os.replace``) and the directory fsynced, so a
      crash leaves the old or the new contents, never a torn file. A temporary file a crashed
      writer left behind is deleted by the next write.
    - The file is created with mode ``0600``: it holds credentials.
    - ``lock`` is an inter-process lock: ``fcntl.flock`` on a sidecar ``<file>.lock``, or,
      where ``fcntl`` does not exist, an ``O_EXCL``-created ``<file>.lck`` (stale after
      ``stale_lock_after`` seconds). The token managers hold it around each refresh, re-read
      the file under it and adopt a token another process has already rotated.

    One lock covers the whole file (all keys): refreshes are rare and each key's refresh is
    one request, so the simplicity is worth more than per-key parallelism. All instances on
    one path in a process share the in-process side of the lock, so they never block each
    other on ``flock``. ``AsyncProcore`` holds the lock in a thread of its own, so waiting for
    another process's refresh never blocks its event loop.

    Args:
        path: the JSON file; its directory must exist.
        lock_timeout: seconds to wait for the ``O_EXCL`` fallback lock before giving up.
        stale_lock_after: age in seconds after which an ``O_EXCL`` lock file is considered
            left behind by a crashed process and removed.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 60.0,
        stale_lock_after: float = 120.0,
    ) -> None:
        self.path = Path(path)
        self._lock_timeout = lock_timeout
        self._stale_lock_after = stale_lock_after
        # Every instance on one file shares one in-process lock state: a second flock() from
        # this process would block on our own lock (and, in an event loop, block it forever).
        self._lock_identity = ("file", os.path.realpath(self.path))
        self._state = _FileLockState.for_identity(self._lock_identity)
        self._sleep: Callable[[float], None] = time.sleep

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        """The sidecar lock file (``<file>.lock``; ``<file>.lck`` for the ``O_EXCL`` fallback)."""
        suffix = ".lock" if _fcntl is not None else ".lck"
        return self.path.with_name(self.path.name + suffix)

    # -- reading and writing --

    def _read_all(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError as exc:
            raise ConfigurationError(
                f"token store file {str(self.path)!r} is not valid JSON"
            ) from exc
        tokens = data.get("tokens") if isinstance(data, Mapping) else None
        if not isinstance(tokens, Mapping):
            raise ConfigurationError(
                f"token store file {str(self.path)!r} does not hold a FileTokenStore document"
            )
        return dict(tokens)

    def load(self, key: str) -> TokenSet | None:
        """Read the tokens saved under ``key`` (no lock needed: writes are atomic renames)."""
        entry = self._read_all().get(key)
        return None if entry is None else TokenSet.from_dict(entry)

    def save(self, key: str, tokens: TokenSet) -> None:
        """Save ``tokens`` under ``key`` atomically, keeping the other keys."""
        with self.lock(key):
            data = self._read_all()
            data[key] = tokens.to_dict()
            self._write_atomic(data)

    def delete(self, key: str) -> None:
        """Remove ``key`` from the file."""
        with self.lock(key):
            data = self._read_all()
            if data.pop(key, None) is not None:
                self._write_atomic(data)

    def _write_atomic(self, tokens: Mapping[str, Any]) -> None:
        payload = json.dumps({"version": 1, "tokens": tokens}, indent=1, sort_keys=True)
        directory = self.path.parent
        prefix, suffix = f".{self.path.name}.", ".tmp"
        self._remove_leftovers(prefix, suffix)
        # mkstemp creates the file with mode 0600 in the same directory (same filesystem, so
        # os.replace is an atomic rename).
        import tempfile

        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        _fsync_directory(directory)

    def _remove_leftovers(self, prefix: str, suffix: str) -> None:
        """Delete temporary files of writers that crashed (they hold credentials).

        Called under the inter-process lock, which every writer holds while its temporary
        file exists: any such file found now belongs to a writer that is gone.
        """
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return
        for name in names:
            if name.startswith(prefix) and name.endswith(suffix):
                with contextlib.suppress(OSError):
                    os.unlink(self.path.parent / name)

    # -- locking --

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the inter-process lock of the file (all keys) for the ``with`` block."""
        state = self._state
        # Re-entrant within the process: save() takes the lock too, and may run inside lock().
        with state.rlock:
            if state.depth == 0:
                state.fd = self._acquire()
            state.depth += 1
            try:
                yield
            finally:
                state.depth -= 1
                if state.depth == 0:
                    fd, state.fd = state.fd, None
                    self._release(fd)

    def _acquire(self) -> int:
        path = str(self.lock_path)
        if _fcntl is not None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                _fcntl.flock(fd, _fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            return fd
        deadline = time.monotonic() + self._lock_timeout
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                self._break_stale_lock(path)
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"could not lock {path} within {self._lock_timeout} s"
                    ) from None
                self._sleep(0.05)
                continue
            os.write(fd, str(os.getpid()).encode("ascii"))
            return fd

    def _break_stale_lock(self, path: str) -> None:
        try:
            age = time.time() - os.stat(path).st_mtime
        except FileNotFoundError:
            return
        if age > self._stale_lock_after:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def _release(self, fd: int | None) -> None:
        if fd is None:
            return
        if _fcntl is not None:
            # The lock file is never deleted: unlinking a flock()ed file lets two processes
            # lock two different inodes.
            try:
                _fcntl.flock(fd, _fcntl.LOCK_UN)
            finally:
                os.close(fd)
            return
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(self.lock_path))


class _FileLockState:
    """The in-process side of one file's lock, shared by every store instance on the file."""

    def __init__(self) -> None:
        self.rlock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None

    @classmethod
    def for_identity(cls, identity: object) -> _FileLockState:
        with _file_states_guard:
            state = _file_states.get(identity)
            if state is None:
                state = _file_states[identity] = cls()
            return state


# One entry per token file path used by this process: a few, never many.
_file_states: dict[object, _FileLockState] = {}
_file_states_guard = threading.Lock()


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable; not possible (nor needed) on Windows."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(str(directory), flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
