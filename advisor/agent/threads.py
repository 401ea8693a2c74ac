"""Where conversations live: LangGraph's checkpointer plus a table of finished turns.

Two backends with one interface:

- :class:`SqliteThreads` (the default): ``agent.sqlite`` in the data directory, WAL mode, one
  connection shared by the process's threads under the saver's lock;
- :class:`PostgresThreads` (``ADVISOR_CHECKPOINT_URL=postgresql://…``): LangGraph's
  ``PostgresSaver`` over a psycopg connection pool, so every app and MCP process behind a proxy
  shares the same threads; a thread started in one continues in another.

Each finished turn is a row of ``advisor_turns`` (thread, turn number, question, the answer as
JSON, time, owner) beside the checkpoints: thread lists and replays read it. The owner is the
browser that asked (the web UI's owner id) or ``""`` for the CLI and MCP, so a browser lists
only its own conversations.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

from advisor.errors import AdvisorError

DB_FILE = "agent.sqlite"
_SETUP_LOCK_KEY = 7_301_017  # pg_advisory_lock key: one process creates the tables at a time
_TURNS = ("CREATE TABLE IF NOT EXISTS advisor_turns (thread_id TEXT NOT NULL, "
          "turn INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, "
          "created_at TEXT NOT NULL, owner TEXT NOT NULL DEFAULT '', "
          "PRIMARY KEY (thread_id, turn))")
_LIST = ("SELECT t.thread_id, f.question, COUNT(*), MAX(t.created_at) FROM advisor_turns t "
         "JOIN advisor_turns f ON f.thread_id = t.thread_id AND f.turn = 0 {where} "
         "GROUP BY t.thread_id, f.question ORDER BY MAX(t.created_at) DESC")


class CheckpointStoreError(AdvisorError):
    """The conversation store cannot be opened; the message says which and why."""


ThreadRow = tuple[str, str, int, str]
"""A listed thread: id, first question, number of turns, last update (ISO time)."""


class Threads(Protocol):
    """What the agent service needs from a conversation store."""

    saver: Any
    location: str

    def record(self, thread_id: str, question: str, answer_json: str, owner: str) -> None:
        """Append a finished turn to its thread."""

    def summaries(self, owner: str | None) -> list[ThreadRow]:
        """Threads with a turn (``owner``'s only, unless None), most recent first."""

    def turns(self, thread_id: str, owner: str | None) -> list[str]:
        """The answers (JSON) of a thread, in order (empty when not ``owner``'s)."""

    def owner_of(self, thread_id: str) -> str | None:
        """Who started the thread (``None`` when it has no turn yet)."""

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders) and commit; its rows, if any."""

    def close(self) -> None:
        """Release connections."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_threads(data_dir: Path, url: str | None) -> Threads:
    """The store the settings select: PostgreSQL for a ``postgresql://`` URL, else SQLite."""
    if url:
        scheme = urlsplit(url).scheme
        if scheme not in ("postgresql", "postgres"):
            raise CheckpointStoreError(f"ADVISOR_CHECKPOINT_URL must be a postgresql:// URL, "
                                       f"not {scheme or url!r}")
        return PostgresThreads(url)
    return SqliteThreads(data_dir / DB_FILE)


class SqliteThreads:
    """Conversations in one SQLite file (the embedded default)."""

    def __init__(self, path: Path) -> None:
        """Open (and create) ``path``; the saver's lock guards the shared connection."""
        from langgraph.checkpoint.sqlite import SqliteSaver

        self.path, self.location = path, str(path)
        self.conn = sqlite3.connect(str(path), check_same_thread=False)
        # WAL with synchronous=NORMAL: a commit does not wait for the disk (a crash can lose
        # the last turn, never corrupt the file).
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.saver = SqliteSaver(self.conn)
        self.saver.setup()
        with self.saver.lock:
            self.conn.execute(_TURNS)
            columns = {r[1] for r in self.conn.execute("PRAGMA table_info(advisor_turns)")}
            if "owner" not in columns:  # a file from before owners: its threads are local
                self.conn.execute("ALTER TABLE advisor_turns ADD COLUMN owner TEXT NOT NULL "
                                  "DEFAULT ''")
            self.conn.commit()

    def record(self, thread_id: str, question: str, answer_json: str, owner: str) -> None:
        """Append a finished turn to its thread."""
        with self.saver.lock:
            self.conn.execute(
                "INSERT INTO advisor_turns SELECT ?, COALESCE(MAX(turn), -1) + 1, ?, ?, ?, ? "
                "FROM advisor_turns WHERE thread_id = ?",
                (thread_id, question, answer_json, _now(), owner, thread_id))
            self.conn.commit()

    def summaries(self, owner: str | None) -> list[ThreadRow]:
        """Threads with a turn, most recent first."""
        where, args = ("WHERE f.owner = ?", (owner,)) if owner is not None else ("", ())
        with self.saver.lock:
            rows = self.conn.execute(_LIST.format(where=where), args).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]

    def turns(self, thread_id: str, owner: str | None) -> list[str]:
        """The answers of a thread, in order."""
        with self.saver.lock:
            rows = self.conn.execute("SELECT answer, owner FROM advisor_turns WHERE "
                                     "thread_id = ? ORDER BY turn", (thread_id,)).fetchall()
        return _owned([(str(a), str(o)) for a, o in rows], owner)

    def owner_of(self, thread_id: str) -> str | None:
        """Who started the thread."""
        with self.saver.lock:
            row = self.conn.execute("SELECT owner FROM advisor_turns WHERE thread_id = ? AND "
                                    "turn = 0", (thread_id,)).fetchone()
        return None if row is None else str(row[0])

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement and commit; its rows, if any."""
        with self.saver.lock:
            rows = self.conn.execute(sql, tuple(args)).fetchall()
            self.conn.commit()
        return [tuple(r) for r in rows]

    def close(self) -> None:
        """Close the connection."""
        with self.saver.lock:
            self.conn.close()


def _owned(rows: list[tuple[str, str]], owner: str | None) -> list[str]:
    if owner is not None and rows and rows[0][1] != owner:
        return []  # someone else's conversation
    return [answer for answer, _ in rows]


SETUP_WAIT_S = 120.0


def _take_setup_lock(conn: Any, location: str) -> None:
    """Take the table-setup lock, polling: never a statement left waiting on the server.

    The checkpointer's setup builds an index ``CONCURRENTLY``, which waits for every open
    statement, and a ``pg_advisory_lock`` call waiting on the first process's lock is one, so
    a blocking wait would deadlock two processes starting together (PostgreSQL cannot see the
    cycle: it closes through the first process's client). Polling leaves nothing open.
    """
    deadline = time.monotonic() + SETUP_WAIT_S
    while not conn.execute("SELECT pg_try_advisory_lock(%s) AS ok",
                           (_SETUP_LOCK_KEY,)).fetchone()["ok"]:
        if time.monotonic() > deadline:
            raise CheckpointStoreError(f"{location}: another process has been creating the "
                                       f"tables for over {SETUP_WAIT_S:.0f} s")
        time.sleep(0.1)


class PostgresThreads:
    """Conversations in PostgreSQL, shared by every process that has the URL."""

    def __init__(self, url: str) -> None:
        """Connect a small pool to ``url`` and create the tables (once, under a lock)."""
        try:
            from langgraph.checkpoint.postgres import PostgresSaver
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise CheckpointStoreError(
                "ADVISOR_CHECKPOINT_URL needs the langgraph-checkpoint-postgres and psycopg "
                f"packages ({exc.name} is missing)") from exc
        parts = urlsplit(url)
        self.location = f"PostgreSQL {parts.hostname}:{parts.port or 5432}{parts.path}"
        try:
            self.pool = ConnectionPool(url, min_size=1, max_size=8, open=True, timeout=15,
                                       kwargs={"autocommit": True, "prepare_threshold": 0,
                                               "row_factory": dict_row})
            self.pool.wait(timeout=15)
        except Exception as exc:  # psycopg raises several kinds; say which server failed
            raise CheckpointStoreError(f"cannot connect to {self.location}: {exc}") from exc
        self.saver = PostgresSaver(cast(Any, self.pool))
        self._lock = threading.Lock()
        with self._conn() as conn:
            _take_setup_lock(conn, self.location)
            try:
                self.saver.setup()
                conn.execute(_TURNS)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK_KEY,))

    def _conn(self) -> AbstractContextManager[Any]:
        return self.pool.connection()

    def record(self, thread_id: str, question: str, answer_json: str, owner: str) -> None:
        """Append a finished turn; a lock on the thread numbers turns of racing writers."""
        with self._conn() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (thread_id,))
            conn.execute(
                "INSERT INTO advisor_turns SELECT %s, COALESCE(MAX(turn), -1) + 1, %s, %s, %s, "
                "%s FROM advisor_turns WHERE thread_id = %s",
                (thread_id, question, answer_json, _now(), owner, thread_id))

    def summaries(self, owner: str | None) -> list[ThreadRow]:
        """Threads with a turn, most recent first."""
        where, args = ("WHERE f.owner = %s", (owner,)) if owner is not None else ("", ())
        with self._conn() as conn:
            rows = conn.execute(_LIST.format(where=where), args).fetchall()
        return [(str(r["thread_id"]), str(r["question"]), int(r["count"]), str(r["max"]))
                for r in rows]

    def turns(self, thread_id: str, owner: str | None) -> list[str]:
        """The answers of a thread, in order."""
        with self._conn() as conn:
            rows = conn.execute("SELECT answer, owner FROM advisor_turns WHERE thread_id = %s "
                                "ORDER BY turn", (thread_id,)).fetchall()
        return _owned([(str(r["answer"]), str(r["owner"])) for r in rows], owner)

    def owner_of(self, thread_id: str) -> str | None:
        """Who started the thread."""
        with self._conn() as conn:
            row = conn.execute("SELECT owner FROM advisor_turns WHERE thread_id = %s AND "
                               "turn = 0", (thread_id,)).fetchone()
        return None if row is None else str(row["owner"])

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders become ``%s``); its rows, if any."""
        from psycopg.rows import tuple_row

        with self._conn() as conn:
            cur = conn.cursor(row_factory=tuple_row)
            cur.execute(sql.replace("?", "%s"), tuple(args))
            return list(cur.fetchall()) if cur.description else []

    def close(self) -> None:
        """Close the pool."""
        self.pool.close()
