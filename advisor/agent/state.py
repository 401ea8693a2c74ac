"""The graph's state: the conversation, this turn's plan, tool calls, draft and checks.

Everything is plain data (dicts, lists, strings, LangChain messages) so the checkpointer can
store it. ``messages`` and ``context`` persist across turns of a thread; the other keys describe
the current turn and are reset when it starts.
"""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

MAX_LLM_ROUNDS = 4


class AgentState(TypedDict, total=False):
    """State of one thread; per-turn keys are reset by the first node of each turn."""

    # --- persists across turns -------------------------------------------------------------
    messages: Annotated[list[AnyMessage], add_messages]
    """Questions and final answers of the thread (what an LLM planner sees as history)."""
    context: dict[str, Any]
    """The offline planner's memory (models in play, stated workload…), see ThreadContext."""
    profile: dict[str, Any] | None
    """The sidebar workload profile (Workload fields), applied to every question."""
    # --- this turn ---------------------------------------------------------------------------
    question: str
    planner: str
    """'offline' or 'llm:<provider:model>' (the planner that produced the answer)."""
    intent: str
    plan_notes: list[str]
    workload: dict[str, Any]
    """The workload the offline planner read (profile + thread + question): user figures."""
    reading: dict[str, Any]
    """The offline planner's typed reading of the question (a Reading dump), see reading.py."""
    pending: list[dict[str, Any]]
    """Calls planned and not yet run: {id, name, args}."""
    calls: list[dict[str, Any]]
    """ToolCallRecord dumps of this turn, in order."""
    scratch: list[AnyMessage]
    """The LLM planner's exchange in this turn (AI messages with tool calls, tool results)."""
    llm_rounds: int
    draft: str
    """The answer body before grounding (no Sources list)."""
    sources: list[str]
    warnings: list[str]
    recommendations: list[dict[str, Any]]
    unverified: list[str]
    """Figures the grounding check could not find in this turn's tool results."""
    fix_attempts: int
    answer: str
    """The final Markdown answer with its Sources list."""
    result: dict[str, Any]
    """The finished turn as an AgentAnswer dump."""


def new_turn(question: str, planner: str) -> dict[str, Any]:
    """Per-turn keys at their start values."""
    return {"question": question, "planner": planner, "intent": "", "plan_notes": [],
            "workload": {}, "reading": {}, "pending": [], "calls": [], "scratch": [],
            "llm_rounds": 0, "draft": "",
            "sources": [], "warnings": [], "recommendations": [], "unverified": [],
            "fix_attempts": 0, "answer": "", "result": {}}
