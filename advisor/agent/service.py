"""The agent as a service: ``ask`` a question in a thread, list threads, replay a thread.

Conversation state persists through a LangGraph checkpointer keyed by thread id: SQLite in the
data directory (``agent.sqlite``) by default, PostgreSQL when ``ADVISOR_CHECKPOINT_URL`` is set
(see :mod:`advisor.agent.threads`); each finished turn is also recorded, with its owner, in an
``advisor_turns`` table beside the checkpoints for thread lists and replays. One store and one
compiled graph are created lazily and shared by every caller of the process.

``ask`` never raises for user errors: an unknown model or bad input becomes a readable answer,
an unreachable LLM becomes a warning and the offline planner answers.
"""

from __future__ import annotations

import json
import logging
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
TITLE_CHARS = 80
_lock = threading.RLock()
_runtime: _Runtime | None = None


class _Runtime:
    """The shared conversation store and compiled graph for one data dir or checkpoint URL."""

    def __init__(self, key: tuple[Path, str | None]) -> None:
        from advisor.agent.graph import builder
        from advisor.agent.threads import open_threads

        self.key = key
        self.threads = open_threads(*key)
        self.graph = builder.compile(checkpointer=self.threads.saver, name="model-advisor")

    def record(self, answer: AgentAnswer, owner: str) -> None:
        self.threads.record(answer.thread_id, answer.question, answer.model_dump_json(), owner)

    def close(self) -> None:
        self.threads.close()


def _rt() -> _Runtime:
    global _runtime
    settings = get_settings()
    key = (settings.resolved_data_dir.resolve(), settings.checkpoint_url)
    with _lock:
        if _runtime is None or _runtime.key != key:
            if _runtime is not None:
                _runtime.close()
            _runtime = _Runtime(key)
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
        on_event: Callable[[AgentEvent], None] | None = None, owner: str = "") -> AgentAnswer:
    """Answer one question in a thread (a new thread when ``thread_id`` is None).

    ``profile`` is the workload profile for the thread; numbers stated in the question
    override it. Passing None keeps the thread's earlier profile. ``on_event`` receives plan,
    tool_start, tool_end, error and answer events as they happen. ``owner`` is who asks (a
    browser's owner id; ``""`` for the CLI and MCP): a thread another owner started is not
    continued, a new one is started instead.
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
    if thread_id and rt.threads.owner_of(thread_id) not in (None, owner):
        thread = uuid.uuid4().hex  # someone else's conversation: never read or extend it
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
    rt.record(answer, owner)
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


def list_threads(owner: str | None = None) -> list[ThreadSummary]:
    """Threads with a recorded turn, most recent first: ``owner``'s only, or all for None."""
    return [ThreadSummary(thread_id=tid, title=_title(q), turns=n, updated_at=at)
            for tid, q, n, at in _rt().threads.summaries(owner)]


def thread_turns(thread_id: str, owner: str | None = None) -> list[AgentAnswer]:
    """The finished turns of a thread, in order (empty when unknown, or not ``owner``'s)."""
    out = []
    for raw in _rt().threads.turns(thread_id, owner):
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
_meta_ready: set[Any] = set()


def _meta(rt: _Runtime) -> _Runtime:
    """The runtime, with the tables for titles and feedback created on first use."""
    if rt.key not in _meta_ready:
        for sql in _META_SQL:
            rt.threads.execute(sql)
        _meta_ready.add(rt.key)
    return rt


def thread_titles() -> dict[str, str]:
    """Titles the user gave threads (thread id → title); others are titled by their question."""
    rows = _meta(_rt()).threads.execute("SELECT thread_id, title FROM advisor_thread_titles")
    return {str(r[0]): str(r[1]) for r in rows}


def rename_thread(thread_id: str, title: str) -> str:
    """Give a thread its own title (blank: back to its first question); returns the title."""
    clean = " ".join((title or "").split())[:TITLE_CHARS]
    threads = _meta(_rt()).threads
    if clean:
        threads.execute("INSERT INTO advisor_thread_titles VALUES (?, ?) ON CONFLICT"
                        "(thread_id) DO UPDATE SET title = excluded.title", (thread_id, clean))
    else:
        threads.execute("DELETE FROM advisor_thread_titles WHERE thread_id = ?", (thread_id,))
    return clean


def delete_thread(thread_id: str) -> None:
    """Forget a thread: its turns, its title, its feedback and its checkpoints."""
    rt = _meta(_rt())
    for table in ("advisor_turns", "advisor_thread_titles", "advisor_feedback"):
        rt.threads.execute(f"DELETE FROM {table} WHERE thread_id = ?", (thread_id,))  # noqa: S608
    rt.threads.saver.delete_thread(thread_id)


def set_feedback(thread_id: str, turn: int, score: int | None) -> None:
    """Store a thumbs up (1) or down (0) for a turn of a thread; None removes it."""
    threads = _meta(_rt()).threads
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if score is None:
        threads.execute("DELETE FROM advisor_feedback WHERE thread_id = ? AND turn = ?",
                        (thread_id, turn))
    else:
        threads.execute("INSERT INTO advisor_feedback VALUES (?, ?, ?, ?) ON CONFLICT"
                        "(thread_id, turn) DO UPDATE SET score = excluded.score, "
                        "created_at = excluded.created_at", (thread_id, turn, int(score), now))


def thread_feedback(thread_id: str) -> dict[int, int]:
    """The feedback given on a thread's turns (turn number → score)."""
    rows = _meta(_rt()).threads.execute(
        "SELECT turn, score FROM advisor_feedback WHERE thread_id = ?", (thread_id,))
    return {int(r[0]): int(r[1]) for r in rows}
