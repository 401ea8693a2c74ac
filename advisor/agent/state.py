"""The graph's state: the conversation, this turn's plan, tool calls, answer segments, checks.

Everything stored is plain data (dicts, lists, strings, LangChain messages) so the checkpointer
can store it. ``messages`` and ``context`` persist across turns of a thread; the other keys
describe the current turn and are reset when it starts. Tool calls and answer segments are
stored as dumps and read back typed through ``tool_calls`` and ``segments`` (the one place).
A caller sends only ``InputState`` (the graph's input schema).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

from advisor.agent.answer import Planner, PlannerKind, Segment, ToolCallRecord

MAX_LLM_ROUNDS = 4


class Intent(StrEnum):
    """The kind of question a turn answers (the offline planner's decision, or ``llm``)."""

    SPECS = "specs"
    COST = "cost"
    DIFF = "diff"
    COMPARE = "compare"
    RECOMMEND = "recommend"
    ALTERNATIVE = "alternative"
    HARDWARE = "hardware"
    DOCUMENT = "document"
    UNKNOWN = "unknown"
    HELP = "help"
    INVALID = "invalid"
    """A number that cannot be right (a negative count): answered with an error naming it."""
    LLM = "llm"
    NONE = ""


class InputState(TypedDict, total=False):
    """What a caller sends: the new message (or a bare question) and the workload profile."""

    messages: Annotated[list[AnyMessage], add_messages]
    question: str
    profile: dict[str, Any] | None
    """The sidebar workload profile (Workload fields), applied to every question."""


class AgentState(InputState, total=False):
    """State of one thread; per-turn keys are reset by the first node of each turn."""

    # --- persists across turns (besides messages and profile) --------------------------------
    context: dict[str, Any]
    """The offline planner's memory (models in play, stated workload…), see ThreadContext."""
    # --- this turn ---------------------------------------------------------------------------
    planner: Literal["offline", "llm"]
    """Which planner is answering this turn."""
    llm_model: str
    """The LLM as ``provider:model`` when ``planner`` is ``llm``."""
    intent: str
    """An ``Intent`` value."""
    plan_notes: list[str]
    workload: dict[str, Any]
    """The workload the offline planner read (profile + thread + question): user figures."""
    reading: dict[str, Any]
    """The offline planner's typed reading of the question (a Reading dump), see reading.py."""
    pending: list[dict[str, Any]]
    """Calls planned and not yet run: {id, name, args}."""
    calls: list[dict[str, Any]]
    """ToolCallRecord dumps of this turn, in order (read them with ``tool_calls``)."""
    scratch: list[AnyMessage]
    """The LLM planner's exchange in this turn (AI messages with tool calls, tool results)."""
    llm_rounds: int
    draft: str
    """The LLM's answer text before the responder adds tables."""
    segments: list[dict[str, Any]]
    """The answer body as Segment dumps (read them with ``segments``), no Sources list."""
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


def new_turn(question: str, planner: Planner) -> dict[str, Any]:
    """Per-turn keys at their start values."""
    return {"question": question, "planner": planner.kind.value, "llm_model": planner.model or "",
            "intent": Intent.NONE.value, "plan_notes": [], "workload": {}, "reading": {},
            "pending": [], "calls": [], "scratch": [], "llm_rounds": 0, "draft": "", "segments": [],
            "sources": [], "warnings": [], "recommendations": [], "unverified": [],
            "fix_attempts": 0, "answer": "", "result": {}}


def planner_of(state: AgentState) -> Planner:
    """The turn's planner, typed."""
    if state.get("planner") == PlannerKind.LLM.value:
        return Planner(kind=PlannerKind.LLM, model=state.get("llm_model") or None)
    return Planner()


def uses_llm(state: AgentState) -> bool:
    """Whether the LLM planner answers this turn."""
    return state.get("planner") == PlannerKind.LLM.value


def tool_calls(state: AgentState) -> list[ToolCallRecord]:
    """This turn's calls, typed again (each result rebuilt as its tool's result model)."""
    return [ToolCallRecord.model_validate(c) for c in state.get("calls") or []]


def segments(state: AgentState) -> list[Segment]:
    """This turn's answer body, typed."""
    return [Segment.model_validate(s) for s in state.get("segments") or []]


def dump(items: list[ToolCallRecord] | list[Segment]) -> list[dict[str, Any]]:
    """Records or segments as the plain dicts the state stores."""
    return [item.model_dump(mode="json") for item in items]
