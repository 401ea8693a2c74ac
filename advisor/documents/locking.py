"""One writer at a time per index: a file lock per data directory, a lease per server collection.

Two processes writing one embedded Chroma directory at once lose vectors: each keeps its own
in-memory HNSW graph and the last to flush wins, while the metadata of both survives. So every
writer (``advisor ingest``, the app's index build, a refresh) holds :func:`write_lock` for the
whole time it has the store open for writing, and a process that opened the store before another
writer changed it reopens it first (see :func:`generation`). Readers take no lock.

- **Embedded store**: ``fcntl.flock`` on ``<data_dir>/index.lock``. The kernel drops the lock when
  its process dies, so a ``kill -9`` never leaves the index locked; the next writer completes the
  killed run's work.
- **Chroma server**: a lease record in the server's ``advisor_locks`` collection, keyed by the
  collection name. Chroma's ``add`` keeps the first record of an id, so adding and reading back
  tells who holds it; the holder renews the lease while it works, and a lease its holder stopped
  renewing (a killed process) expires after :data:`LEASE_S` seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from advisor.documents.errors import DocumentIndexError

LOCK_FILE = "index.lock"
GENERATION_FILE = "index.generation"
LOCKS_COLLECTION = "advisor_locks"
LEASE_S = 60.0  # a server lease not renewed for this long is taken over
POLL_S = 0.5  # how often a waiting writer tries again


class IndexBusyError(DocumentIndexError):
    """Another writer holds the index; the message names it and how to wait instead."""


@dataclass(frozen=True)
class Holder:
    """Who holds a write lock: enough for a person to recognise the other writer."""

    what: str
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        """``"advisor ingest (pid 123 on host, since 12:03:04 UTC)"``."""
        return f"{self.what} (pid {self.pid} on {self.host}, since {self.since})"

    @classmethod
    def me(cls, what: str) -> Holder:
        """This process, doing ``what``."""
        return cls(what, os.getpid(), socket.gethostname(),
                   datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))

    @classmethod
    def parse(cls, raw: str | dict[str, Any] | None) -> Holder | None:
        """A holder from its JSON form (``None`` when unreadable)."""
        try:
            data = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
            return cls(str(data["what"]), int(data["pid"]), str(data["host"]),
                       str(data["since"]))
        except (ValueError, KeyError, TypeError):
            return None

    def to_json(self) -> str:
        """The JSON form stored beside the lock."""
        return json.dumps(self.__dict__)


def _busy(location: str, holder: Holder | None) -> IndexBusyError:
    who = holder.describe() if holder else "another process"
    return IndexBusyError(f"the document index at {location} is being written by {who}; "
                          "try again when it finishes, or pass --wait to wait for it")


@contextmanager
def write_lock(location: str, *, data_dir: Path | None = None, server: Any = None,
               collection: str = "", what: str = "advisor ingest", wait: bool = False,
               timeout_s: float | None = None,
               on_wait: Callable[[str], None] | None = None) -> Iterator[Holder]:
    """Hold the write lock of one index for the ``with`` block.

    Args:
        location: How the index is named in messages.
        data_dir: The data directory of an embedded store (its lock file lives there).
        server: A Chroma client of a server (the lease lives in its ``advisor_locks``).
        collection: The collection the server lease is for.
        what: What this writer is doing, shown to a writer that finds the lock taken.
        wait: Wait for the other writer instead of raising :class:`IndexBusyError`.
        timeout_s: Give up waiting after this long (``None``: wait as long as it takes).
        on_wait: Called once with a sentence when this writer starts waiting.
    """
    me = Holder.me(what)
    if server is not None:
        with _lease(server, collection, location, me, wait, timeout_s, on_wait):
            yield me
        return
    if data_dir is None:
        raise ValueError("write_lock needs a data_dir or a server")
    with _file_lock(data_dir, location, me, wait, timeout_s, on_wait):
        yield me


# --- the embedded store: a file lock ------------------------------------------------------------
_held: dict[tuple[str, int], int] = {}  # (lock file, thread) held, and how deeply
_held_lock = threading.Lock()


@contextmanager
def _file_lock(data_dir: Path, location: str, me: Holder, wait: bool, timeout_s: float | None,
               on_wait: Callable[[str], None] | None) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    key = (str(path.resolve()), threading.get_ident())
    with _held_lock:
        if _held.get(key):  # this thread already writes (a writer calling another writer)
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_lock:
                _held[key] -= 1
        return
    handle = path.open("a+", encoding="utf-8")
    try:
        _acquire(handle, location, wait, timeout_s, on_wait)
        handle.seek(0)
        handle.truncate()
        handle.write(me.to_json())
        handle.flush()
        with _held_lock:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_lock:
                _held.pop(key, None)
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _acquire(handle: IO[str], location: str, wait: bool, timeout_s: float | None,
             on_wait: Callable[[str], None] | None) -> None:
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            handle.seek(0)
            holder = Holder.parse(handle.read() or None)
        told = _wait_or_refuse(location, holder, wait, deadline, on_wait, told)


def _wait_or_refuse(location: str, holder: Holder | None, wait: bool, deadline: float | None,
                    on_wait: Callable[[str], None] | None, told: bool) -> bool:
    """One turn of waiting for another writer: refuse when not waiting (or out of time).

    Says once that it waits; returns whether it has said so.
    """
    if not wait or (deadline is not None and time.monotonic() >= deadline):
        raise _busy(location, holder)
    if not told and on_wait is not None:
        on_wait(f"Waiting for {holder.describe() if holder else 'another writer'} "
                f"to finish writing the document index at {location}…")
        told = True
    time.sleep(POLL_S)
    return told


@contextmanager
def opening(data_dir: Path) -> Iterator[None]:
    """Serialise opening the embedded index across processes (each open takes milliseconds).

    Chroma creates its SQLite tables the first time a directory is opened, and two processes
    opening a new directory at once can both try ("table collections already exists"). This
    lock is its own file, not the writers' ``index.lock``: a reader opening the index waits
    only for another open, never for an ingest.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "index-open.lock", "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def generation(data_dir: Path) -> str:
    """The embedded index's write generation: changes whenever a writer starts or finishes.

    A process whose open Chroma client predates the current generation must reopen it:
    Chroma's embedded client does not see another process's vectors, and writing through it
    would overwrite them.
    """
    try:
        return (data_dir / GENERATION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def bump_generation(data_dir: Path) -> str:
    """Start a new write generation (atomically) and return it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    tmp = data_dir / f".{GENERATION_FILE}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(token, encoding="utf-8")
    tmp.replace(data_dir / GENERATION_FILE)
    return token


# --- a Chroma server: a lease record ------------------------------------------------------------
@contextmanager
def _lease(server: Any, collection: str, location: str, me: Holder, wait: bool,
           timeout_s: float | None, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    try:
        locks = server.get_or_create_collection(LOCKS_COLLECTION, embedding_function=None)
    except Exception as exc:  # chromadb raises many kinds
        raise DocumentIndexError(f"cannot open the lock collection on the {location}: "
                                 f"{exc}") from exc
    token = uuid.uuid4().hex
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    told = False
    while not _try_lease(locks, collection, token, me):
        holder = _lease_holder(locks, collection)
        told = _wait_or_refuse(location, holder, wait, deadline, on_wait, told)
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(locks, collection, token, me, stop),
                               name="advisor-index-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=5)
        with contextlib.suppress(Exception):  # an expired lease is released by time anyway
            locks.delete(ids=[collection], where={"token": token})


def _lease_meta(token: str, me: Holder) -> dict[str, Any]:
    return {"token": token, "holder": me.to_json(), "expires": time.time() + LEASE_S}


def _try_lease(locks: Any, collection: str, token: str, me: Holder) -> bool:
    """Add the lease record if absent; take it over if expired. True when it is ours."""
    got = locks.get(ids=[collection], include=["metadatas"])
    if got["ids"]:
        meta = (got["metadatas"] or [{}])[0] or {}
        if float(meta.get("expires", 0)) > time.time():
            return meta.get("token") == token
        # expired: remove exactly that record (another taker may have replaced it already)
        locks.delete(ids=[collection], where={"token": str(meta.get("token", ""))})
    locks.add(ids=[collection], embeddings=[[0.0, 1.0]], documents=[collection],
              metadatas=[_lease_meta(token, me)])
    got = locks.get(ids=[collection], include=["metadatas"])
    meta = (got["metadatas"] or [{}])[0] or {}
    return bool(got["ids"]) and meta.get("token") == token


def _lease_holder(locks: Any, collection: str) -> Holder | None:
    try:
        got = locks.get(ids=[collection], include=["metadatas"])
        meta = (got["metadatas"] or [{}])[0] or {}
        return Holder.parse(meta.get("holder"))
    except Exception:  # the message then names "another process"
        return None


def _renew(locks: Any, collection: str, token: str, me: Holder, stop: threading.Event) -> None:
    while not stop.wait(LEASE_S / 4):
        with contextlib.suppress(Exception):  # the next renewal tries again
            got = locks.get(ids=[collection], include=["metadatas"])
            meta = (got["metadatas"] or [{}])[0] or {}
            if not got["ids"] or meta.get("token") != token:
                return  # lost (expired and taken over): nothing of ours to renew
            locks.update(ids=[collection], metadatas=[_lease_meta(token, me)])
