"""Fakes for agent tests: one scripted chat model (queued replies, recorded inputs) and a
fixed-passage stand-in for ``search_documents`` (no embedding model)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from advisor.tools.documents import DocumentHit, DocumentSearchResult

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


GEMMA_LICENCE_HIT = {
    "text": "Google's LiteRT-LM page states that Gemma 4 is licensed under Apache-2.0, a change "
            "from the custom Gemma terms of Gemma 2 and 3.",
    "source": "knowledge/docs/gemma-4.md", "title": "Gemma 4",
    "section": "Licensing and commercial use", "score": 0.61, "models": ["Gemma 4 31B"],
}


def make_search_tool(hits: list[dict[str, Any]]) -> Callable[..., DocumentSearchResult]:
    """A stand-in for ``search_documents`` that returns fixed passages.

    Defined here (module ``tests.fakes``, a unique name) because pydantic resolves the
    annotations through the function's module when the agent validates the call.
    """

    def search_documents(query: str, models: list[str] | None = None,
                         k: int = 5) -> DocumentSearchResult:
        """Search the model documents (test stand-in)."""
        chosen = [DocumentHit(**h) for h in hits][:k]
        return DocumentSearchResult(query=query, models=models or [], hits=chosen,
                                    index_size=len(hits),
                                    sources=list(dict.fromkeys(h.source for h in chosen)))

    return search_documents
