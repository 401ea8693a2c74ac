"""One scripted fake chat model for the LLM path: queued replies, recorded inputs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

_ids = itertools.count(1)


def tool_call(name: str, args: dict[str, Any], call_id: str | None = None) -> dict[str, Any]:
    """A tool call as an AIMessage carries it."""
    return {"name": name, "args": args, "id": call_id or f"fake_{next(_ids)}",
            "type": "tool_call"}


def calls(*tool_calls: dict[str, Any]) -> AIMessage:
    """A reply that asks for tool calls."""
    return AIMessage(content="", tool_calls=list(tool_calls))


def say(text: str) -> AIMessage:
    """A reply with final text."""
    return AIMessage(content=text)


class ScriptedChatModel(BaseChatModel):
    """Emits the queued AIMessages in order; records every message list it was sent.

    ``bind_tools`` records the tool names and returns the same model, so the script and the
    record are shared with the graph. An exhausted script raises, which the agent reports as an
    unusable LLM (the offline planner then answers).
    """

    replies: list[AIMessage] = Field(default_factory=list)
    sent: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[str] = Field(default_factory=list)
    label: str = "fake:scripted"

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def queue(self, *replies: AIMessage) -> ScriptedChatModel:
        """Add replies to the script."""
        self.replies.extend(replies)
        return self

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools = [getattr(t, "name", getattr(t, "__name__", str(t))) for t in tools]
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        self.sent.append(list(messages))
        if not self.replies:
            raise RuntimeError("the scripted fake model has no reply left")
        reply = self.replies.pop(0)
        return ChatResult(generations=[ChatGeneration(message=reply)])
