"""What the agent returns to every door (CLI, UI, MCP): the answer and how it was reached.

A ``ToolCallRecord`` carries the tool's result as the tool's own pydantic model. Stored turns,
checkpoints and JSON hold it as a plain dict; reading a record back (``model_validate``) rebuilds
the typed result from the tool's name, in this one place, through ``advisor.tools.result_types``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    WithJsonSchema,
    model_validator,
)

R = TypeVar("R", bound=BaseModel)


class UntypedResult(BaseModel):
    """A result whose tool has no registered type (a tool since removed, a plain value)."""

    model_config = ConfigDict(extra="allow")


def parse_result(tool: str, data: dict[str, Any]) -> BaseModel:
    """A stored result dict back as the tool's result type (``UntypedResult`` if none)."""
    from advisor.tools import result_types

    kind = result_types().get(tool)
    if kind is None:
        return UntypedResult.model_validate(data)
    try:
        return kind.model_validate(data)
    except ValueError:  # stored by an older version of the tool: keep what it says
        return UntypedResult.model_validate(data)


class ToolCallRecord(BaseModel):
    """One tool call the agent made in a turn."""

    id: str
    name: str
    args: dict[str, Any]
    ok: bool = True
    result: Annotated[SerializeAsAny[BaseModel] | None, WithJsonSchema(
        {"anyOf": [{"type": "object"}, {"type": "null"}]})] = Field(
        default=None, description="The tool's structured result (its pydantic model; in JSON, "
                                  "the object that tool's output schema describes).")
    result_markdown: str | None = None
    error: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _typed_result(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("result"), dict):
            data = {**data, "result": parse_result(str(data.get("name", "")), data["result"])}
        return data

    def result_as(self, kind: type[R]) -> R | None:
        """The result when the call succeeded with a result of type ``kind``, else None."""
        return self.result if self.ok and isinstance(self.result, kind) else None

    @property
    def data(self) -> dict[str, Any] | None:
        """The result as plain JSON data (for views written over dicts)."""
        return None if self.result is None else self.result.model_dump(mode="json")


def results_of(calls: list[ToolCallRecord], kind: type[R]) -> list[tuple[ToolCallRecord, R]]:
    """Each successful call whose result is a ``kind``, with that typed result."""
    return [(c, r) for c in calls if (r := c.result_as(kind)) is not None]


class Segment(BaseModel):
    """A piece of the answer body, in order.

    ``text`` is prose the answer writes; ``result`` is a tool's result embedded in the answer
    (its Markdown, as shown in the text), which a door may draw from the call's typed result as
    tables or a chart instead (``call_id`` names the call).
    """

    kind: Literal["text", "result"] = "text"
    markdown: str
    call_id: str | None = None


def join_segments(segments: list[Segment]) -> str:
    """The answer body as one Markdown text."""
    return "\n\n".join(s.markdown for s in segments if s.markdown.strip())


class PlannerKind(StrEnum):
    """Which planner produced a turn."""

    OFFLINE = "offline"
    LLM = "llm"


class Planner(BaseModel):
    """The planner of a turn: offline, or an LLM named ``provider:model``."""

    kind: PlannerKind = PlannerKind.OFFLINE
    model: str | None = None

    @classmethod
    def parse(cls, label: str) -> Planner:
        """From the wire label: ``"offline"`` or ``"llm:<provider:model>"``."""
        if label.startswith(f"{PlannerKind.LLM}:"):
            return cls(kind=PlannerKind.LLM, model=label.split(":", 1)[1])
        return cls()

    @property
    def label(self) -> str:
        """The wire label (``AgentAnswer.planner``): ``offline`` or ``llm:<provider:model>``."""
        return f"{PlannerKind.LLM}:{self.model}" if self.kind is PlannerKind.LLM else "offline"

    @property
    def title(self) -> str:
        """For a heading: ``offline planner`` or ``LLM: <provider:model>``."""
        return f"LLM: {self.model}" if self.kind is PlannerKind.LLM else "offline planner"

    @property
    def words(self) -> str:
        """For a person: ``the offline planner`` or ``the LLM <provider:model>``."""
        return f"the LLM {self.model}" if self.kind is PlannerKind.LLM else "the offline planner"


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
    segments: list[Segment] = Field(default_factory=list,
                                    description="The answer body (no Sources list) in order: "
                                                "text, and tool results a door may draw.")
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    recommendations: list[dict[str, Any]] = Field(default_factory=list)
    planner: str = Field(description="'offline' or 'llm:<provider:model>'.")
    warnings: list[str] = Field(default_factory=list,
                                description="Fallbacks taken, figures dropped by grounding.")
    workload: dict[str, Any] = Field(default_factory=dict,
                                     description="The workload this turn's figures used "
                                                 "(profile, thread and question merged).")

    def call(self, call_id: str) -> ToolCallRecord | None:
        """The tool call with this id."""
        return next((c for c in self.tool_calls if c.id == call_id), None)


class ThreadSummary(BaseModel):
    """A past conversation, for a thread list."""

    thread_id: str
    title: str = Field(description="The thread's first question, shortened.")
    turns: int
    updated_at: str = Field(description="ISO timestamp of the last turn.")
