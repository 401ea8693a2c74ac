"""The agent as a service: ``ask`` a question in a thread, list threads, replay a thread.

Conversation state persists through a LangGraph SQLite checkpointer in the data directory
(``agent.sqlite``), keyed by thread id; each finished turn is also recorded in a small
``advisor_turns`` table in the same file for thread lists and replays. One connection and one
saver are created lazily per data directory and shared by every caller (the saver serialises
access with its lock, so Streamlit sessions can share it).

``ask`` never raises for user errors: an unknown model or bad input becomes a readable answer,
an unreachable LLM becomes a warning and the offline planner answers.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from advisor.agent.answer import AgentAnswer, AgentEvent, ThreadSummary
from advisor.config import get_settings
from advisor.tools.workload import Workload

log = logging.getLogger(__name__)
DB_FILE = "agent.sqlite"
TITLE_CHARS = 80
_lock = threading.RLock()
_runtime: _Runtime | None = None


class _Runtime:
    """The shared connection, saver and compiled graph for one data directory."""

    def __init__(self, path: Path) -> None:
        from langgraph.checkpoint.sqlite import SqliteSaver

        from advisor.agent.graph import builder

        self.path = path
        self.conn = sqlite3.connect(str(path), check_same_thread=False)
        # WAL with synchronous=NORMAL: a commit does not wait for the disk (a crash can lose
        # the last turn, never corrupt the file).
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.saver = SqliteSaver(self.conn)
        self.saver.setup()
        with self.saver.lock:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS advisor_turns (thread_id TEXT NOT NULL, "
                "turn INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, "
                "created_at TEXT NOT NULL, PRIMARY KEY (thread_id, turn))")
            self.conn.commit()
        self.graph = builder.compile(checkpointer=self.saver, name="model-advisor")

    def record(self, answer: AgentAnswer) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.saver.lock:
            row = self.conn.execute("SELECT COALESCE(MAX(turn), -1) FROM advisor_turns "
                                    "WHERE thread_id = ?", (answer.thread_id,)).fetchone()
            self.conn.execute("INSERT INTO advisor_turns VALUES (?, ?, ?, ?, ?)",
                              (answer.thread_id, int(row[0]) + 1, answer.question,
                               answer.model_dump_json(), now))
            self.conn.commit()

    def close(self) -> None:
        with self.saver.lock:
            self.conn.close()


def _rt() -> _Runtime:
    global _runtime
    path = get_settings().resolved_data_dir.resolve() / DB_FILE
    with _lock:
        if _runtime is None or _runtime.path != path:
            if _runtime is not None:
                _runtime.close()
            _runtime = _Runtime(path)
        return _runtime


def reset() -> None:
    """Close the shared connection (tests, settings changes); the next call reopens it."""
    global _runtime
    with _lock:
        if _runtime is not None:
            _runtime.close()
        _runtime = None


def planner_label() -> str:
    """``"offline planner"`` or ``"LLM: <provider:model>"``."""
    from advisor.agent.llm_planner import planner

    return planner().title


def ask(question: str, *, thread_id: str | None = None, profile: Workload | None = None,
        on_event: Callable[[AgentEvent], None] | None = None) -> AgentAnswer:
    """Answer one question in a thread (a new thread when ``thread_id`` is None).

    ``profile`` is the workload profile for the thread; numbers stated in the question
    override it. Passing None keeps the thread's earlier profile. ``on_event`` receives plan,
    tool_start, tool_end, error and answer events as they happen.
    """
    from langchain_core.messages import HumanMessage
    from langgraph.types import StreamMode

    from advisor.agent.llm_planner import llm_configured
    from advisor.agent.state import AgentState

    thread = thread_id or uuid.uuid4().hex
    text = (question or "").strip()
    if not text:
        return _plain(thread, question, "Please ask a question, for example: *What is the "
                                        "context window of Gemma 3 4B?*")
    rt = _rt()
    config: Any = {"configurable": {"thread_id": thread}}
    state_in: dict[str, Any] = {"messages": [HumanMessage(text)], "question": text}
    if profile is not None:
        state_in["profile"] = profile.model_dump(exclude_defaults=True, mode="json")
    result: dict[str, Any] | None = None
    workload: dict[str, Any] = {}
    try:
        modes: list[StreamMode] = ["updates", "custom"]
        if on_event is not None and llm_configured():
            modes.append("messages")  # the LLM's tokens, as it writes them
        for mode, chunk in rt.graph.stream(cast(AgentState, state_in), config,
                                           stream_mode=modes, durability="exit"):
            if mode == "custom" and on_event is not None and isinstance(chunk, dict):
                _deliver(on_event, AgentEvent.model_validate(chunk))
            elif mode == "messages" and on_event is not None:
                _stream_token(on_event, chunk)
            elif mode == "updates" and isinstance(chunk, dict):
                workload = _update_workload(chunk, workload)
                done = (chunk.get("finish") or {}).get("result")
                if done:
                    result = done
    except Exception as exc:  # a bug must reach the user as a sentence, not a traceback
        log.exception("agent turn failed")
        answer = _plain(thread, text, "Sorry — something went wrong while answering "
                                      f"({type(exc).__name__}: {exc}). Please try again or "
                                      "rephrase the question.", warnings=[str(exc)])
        if on_event is not None:
            _deliver(on_event, AgentEvent(kind="error", text=answer.answer))
        return answer
    if result is None:
        return _plain(thread, text, "The agent finished without an answer.")
    answer = AgentAnswer.model_validate(result)
    answer.thread_id = thread
    answer.workload = answer.workload or workload
    rt.record(answer)
    return answer


def _update_workload(chunk: dict[str, Any], seen: dict[str, Any]) -> dict[str, Any]:
    """The workload a node's update states (the planner's reading), else what was seen."""
    for update in chunk.values():
        if isinstance(update, dict) and isinstance(update.get("workload"), dict):
            return dict(update["workload"])
    return seen


def _stream_token(on_event: Callable[[AgentEvent], None], chunk: Any) -> None:
    """An LLM token of the answer text (not of a tool call) as an ``answer_delta`` event."""
    try:
        message, meta = chunk
    except (TypeError, ValueError):
        return
    text = getattr(message, "content", None)
    if (isinstance(text, str) and text and not getattr(message, "tool_call_chunks", None)
            and (meta or {}).get("langgraph_node") in ("plan", "revise")):
        _deliver(on_event, AgentEvent(kind="answer_delta", text=text))


def _deliver(on_event: Callable[[AgentEvent], None], event: AgentEvent) -> None:
    try:
        on_event(event)
    except Exception:  # a failing listener must not break the turn
        log.exception("on_event listener failed")


def _plain(thread: str, question: str, text: str,
           warnings: list[str] | None = None) -> AgentAnswer:
    from advisor.agent.respond import with_sources

    return AgentAnswer(thread_id=thread, question=question, answer=with_sources(text, []),
                       planner="offline", warnings=warnings or [])


def list_threads() -> list[ThreadSummary]:
    """Every thread with a recorded turn, most recent first."""
    rt = _rt()
    with rt.saver.lock:
        rows = rt.conn.execute(
            "SELECT t.thread_id, f.question, COUNT(*), MAX(t.created_at) FROM advisor_turns t "
            "JOIN advisor_turns f ON f.thread_id = t.thread_id AND f.turn = 0 "
            "GROUP BY t.thread_id ORDER BY MAX(t.created_at) DESC").fetchall()
    return [ThreadSummary(thread_id=r[0], title=_title(r[1]), turns=int(r[2]), updated_at=r[3])
            for r in rows]


def thread_turns(thread_id: str) -> list[AgentAnswer]:
    """The finished turns of a thread, in order (empty for an unknown thread)."""
    rt = _rt()
    with rt.saver.lock:
        rows = rt.conn.execute("SELECT answer FROM advisor_turns WHERE thread_id = ? "
                               "ORDER BY turn", (thread_id,)).fetchall()
    out = []
    for (raw,) in rows:
        try:
            out.append(AgentAnswer.model_validate(json.loads(raw)))
        except ValueError:
            log.warning("skipping an unreadable stored turn of thread %s", thread_id)
    return out


def _title(question: str) -> str:
    one_line = " ".join(question.split())
    return one_line if len(one_line) <= TITLE_CHARS else one_line[:TITLE_CHARS - 1] + "…"


# --- thread titles, deletion and answer feedback (the chat's conversation list) -------------
_META_SQL = (
    "CREATE TABLE IF NOT EXISTS advisor_thread_titles (thread_id TEXT PRIMARY KEY, "
    "title TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS advisor_feedback (thread_id TEXT NOT NULL, "
    "turn INTEGER NOT NULL, score INTEGER NOT NULL, created_at TEXT NOT NULL, "
    "PRIMARY KEY (thread_id, turn))",
)
_meta_ready: set[Path] = set()


def _meta(rt: _Runtime) -> _Runtime:
    """The runtime, with the tables for titles and feedback created on first use."""
    if rt.path not in _meta_ready:
        with rt.saver.lock:
            for sql in _META_SQL:
                rt.conn.execute(sql)
            rt.conn.commit()
        _meta_ready.add(rt.path)
    return rt


def thread_titles() -> dict[str, str]:
    """Titles the user gave threads (thread id → title); others are titled by their question."""
    rt = _meta(_rt())
    with rt.saver.lock:
        rows = rt.conn.execute("SELECT thread_id, title FROM advisor_thread_titles").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def rename_thread(thread_id: str, title: str) -> str:
    """Give a thread its own title (blank: back to its first question); returns the title."""
    clean = " ".join((title or "").split())[:TITLE_CHARS]
    rt = _meta(_rt())
    with rt.saver.lock:
        if clean:
            rt.conn.execute("INSERT INTO advisor_thread_titles VALUES (?, ?) ON CONFLICT"
                            "(thread_id) DO UPDATE SET title = excluded.title",
                            (thread_id, clean))
        else:
            rt.conn.execute("DELETE FROM advisor_thread_titles WHERE thread_id = ?",
                            (thread_id,))
        rt.conn.commit()
    return clean


def delete_thread(thread_id: str) -> None:
    """Forget a thread: its turns, its title, its feedback and its checkpoints."""
    rt = _meta(_rt())
    with rt.saver.lock:
        for table in ("advisor_turns", "advisor_thread_titles", "advisor_feedback"):
            rt.conn.execute(f"DELETE FROM {table} WHERE thread_id = ?", (thread_id,))  # noqa: S608
        rt.conn.commit()
    rt.saver.delete_thread(thread_id)


def set_feedback(thread_id: str, turn: int, score: int | None) -> None:
    """Store a thumbs up (1) or down (0) for a turn of a thread; None removes it."""
    rt = _meta(_rt())
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with rt.saver.lock:
        if score is None:
            rt.conn.execute("DELETE FROM advisor_feedback WHERE thread_id = ? AND turn = ?",
                            (thread_id, turn))
        else:
            rt.conn.execute("INSERT INTO advisor_feedback VALUES (?, ?, ?, ?) ON CONFLICT"
                            "(thread_id, turn) DO UPDATE SET score = excluded.score, "
                            "created_at = excluded.created_at",
                            (thread_id, turn, int(score), now))
        rt.conn.commit()


def thread_feedback(thread_id: str) -> dict[int, int]:
    """The feedback given on a thread's turns (turn number → score)."""
    rt = _meta(_rt())
    with rt.saver.lock:
        rows = rt.conn.execute("SELECT turn, score FROM advisor_feedback WHERE thread_id = ?",
                               (thread_id,)).fetchall()
    return {int(r[0]): int(r[1]) for r in rows}
