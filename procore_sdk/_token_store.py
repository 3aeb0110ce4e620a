"""Token stores: where token pairs live between requests, processes and restarts.

Store I/O is synchronous on purpose: it is short (a file, a database row), and the async token
manager calls it directly rather than through a thread. A store that talks to a slow network
service should keep its own calls short or cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from ._errors import ConfigurationError, TokenStoreError, argument_type_error
from ._logging import redact
from ._oauth import TokenSet

_fcntl: Any
try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None

__all__ = [
    "CallbackTokenStore",
    "FileTokenStore",
    "LockingTokenStore",
    "MemoryTokenStore",
    "TokenStore",
    "check_token_store",
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

    Methods are synchronous; keep them short (see the module docstring).
    """

    def load(self, key: str) -> TokenSet | None:
        """Return the token pair saved under ``key``, or ``None``."""

    def save(self, key: str, tokens: TokenSet) -> None:
        """Save ``tokens`` under ``key``, replacing what was there, durably."""


@runtime_checkable
class LockingTokenStore(TokenStore, Protocol):
    """A :class:`TokenStore` with a cross-process ``lock(key)`` (file locks, Redis, a DB row)."""

    def lock(self, key: str) -> AbstractContextManager[Any]:
        """Hold an exclusive lock for ``key`` for the duration of the ``with`` block."""


def check_token_store(value: Any, argument: str = "token_store") -> None:
    """Raise :class:`ArgumentTypeError` unless ``value`` is ``None`` or a :class:`TokenStore`.

    Checked where a store is given, not where it is first used: a store that cannot save
    would lose a rotated pair, and Procore's refresh tokens are single-use.
    """
    if value is not None and not isinstance(value, TokenStore):
        raise argument_type_error(
            argument,
            value,
            "a token store: an object with load(key) and save(key, tokens) methods, such as "
            "MemoryTokenStore, FileTokenStore or CallbackTokenStore",
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
    value: Any = store.load(key)
    if value is None or isinstance(value, TokenSet):
        return value
    if isinstance(value, Mapping):
        return TokenSet.from_dict(value)
    raise ConfigurationError(
        f"token store {type(store).__name__}.load() returned {type(value).__name__}; "
        "expected a TokenSet, a mapping from TokenSet.to_dict(), or None"
    )


def save_to_store(store: TokenStore, key: str, tokens: TokenSet, *, then: str) -> None:
    """``store.save(key, tokens)``; any failure becomes :class:`TokenStoreError`.

    The store's exception stays the ``__cause__``; the message quotes it without the tokens
    (some database drivers repeat a statement's parameters in their errors) and ends with
    ``then``: what happens to the pair now.
    """
    try:
        store.save(key, tokens)
    except Exception as exc:
        detail = str(exc)
        for secret in (tokens.access_token, tokens.refresh_token):
            if secret:
                detail = detail.replace(secret, "<redacted>")
        detail = redact(detail)
        raise TokenStoreError(
            f"Token store {type(store).__name__} could not save the token pair Procore has "
            f"just issued for key {key!r} ({type(exc).__name__}: {detail}). Procore's refresh "
            f"tokens are single-use, so the pair the store holds may no longer work. {then}",
            key=key,
            tokens=tokens,
        ) from exc


def delete_from_store(store: TokenStore, key: str) -> None:
    """``store.delete(key)`` when the store supports it."""
    delete = getattr(store, "delete", None)
    if delete is not None:
        delete(key)


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
        load: ``load(key)`` returns a :class:`~procore_sdk.auth.TokenSet`, a mapping as written
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
        """Call your ``load`` and convert a mapping to a :class:`TokenSet`."""
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
    - :meth:`lock` is an inter-process lock: ``fcntl.flock`` on a sidecar ``<file>.lock``, or,
      where ``fcntl`` does not exist, an ``O_EXCL``-created ``<file>.lck`` (stale after
      ``stale_lock_after`` seconds). The token managers hold it around each refresh, re-read
      the file under it and adopt a token another process has already rotated.

    One lock covers the whole file (all keys): refreshes are rare and each key's refresh is
    one request, so the simplicity is worth more than per-key parallelism. All instances on
    one path in a process share the in-process side of the lock, so they never block each
    other on ``flock``; an async client waiting for another process's refresh does block its
    event loop for that long.

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
