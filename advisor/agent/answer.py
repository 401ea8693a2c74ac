"""What the agent returns to every door (CLI, UI, MCP): the answer and how it was reached."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ToolCallRecord(BaseModel):
    """One tool call the agent made in a turn."""

    id: str
    name: str
    args: dict[str, Any]
    ok: bool = True
    result: dict[str, Any] | None = Field(default=None, description="The tool's structured "
                                                                    "result (model_dump).")
    result_markdown: str | None = None
    error: str | None = None


class AgentEvent(BaseModel):
    """A progress event while a turn runs (for streaming UIs)."""

    kind: Literal["plan", "tool_start", "tool_end", "answer_delta", "answer", "error"]
    tool: str | None = None
    args: dict[str, Any] | None = None
    text: str | None = None


class AgentAnswer(BaseModel):
    """A finished turn."""

    thread_id: str
    question: str
    answer: str = Field(description="Markdown, with tables where models are compared and a "
                                    "Sources list.")
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    recommendations: list[dict[str, Any]] = Field(default_factory=list)
    planner: str = Field(description="'offline' or 'llm:<provider:model>'.")
    warnings: list[str] = Field(default_factory=list,
                                description="Fallbacks taken, figures dropped by grounding.")
    workload: dict[str, Any] = Field(default_factory=dict,
                                     description="The workload this turn's figures used "
                                                 "(profile, thread and question merged).")


class ThreadSummary(BaseModel):
    """A past conversation, for a thread list."""

    thread_id: str
    title: str = Field(description="The thread's first question, shortened.")
    turns: int
    updated_at: str = Field(description="ISO timestamp of the last turn.")
