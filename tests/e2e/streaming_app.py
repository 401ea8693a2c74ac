"""``streamlit run ui/app.py`` with the agent's LLM replaced by a fake that streams slowly.

Used by ``test_streaming_browser.py``: ``python tests/e2e/streaming_app.py <streamlit run
arguments>``. The fake asks for one ``calculate_cost`` call on a question, then writes its
answer a word at a time (``DELAY_S`` apart), so a browser can watch the text grow. No
network and no key: the fake goes in through ``advisor.agent.llm_planner.use_chat_model``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage  # noqa: E402
from langchain_core.outputs import ChatGenerationChunk, ChatResult  # noqa: E402

from tests.fakes import ScriptedChatModel, calls, say, tool_call  # noqa: E402

DELAY_S = 0.25
ANSWER = ("Gemma 3 4B is priced on several provider routes; the table below lists every "
          "route at your traffic, cheapest paid route first, with free tiers after them.")
COST_ARGS = {"model": "Gemma 3 4B", "input_tokens": 2000, "output_tokens": 500,
             "requests": 3000, "period": "day"}


class SlowStreamingModel(ScriptedChatModel):
    """A tool call for a new question, then the answer streamed word by word."""

    label: str = "fake:streaming"

    def _reply(self, messages: list[BaseMessage]) -> AIMessage:
        self.sent.append(list(messages))
        if messages and isinstance(messages[-1], ToolMessage):
            return say(ANSWER)
        return calls(tool_call("calculate_cost", COST_ARGS))

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        from langchain_core.outputs import ChatGeneration

        return ChatResult(generations=[ChatGeneration(message=self._reply(messages))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        reply = self._reply(messages)
        if reply.tool_calls:
            yield ChatGenerationChunk(message=AIMessageChunk(
                content="", tool_call_chunks=[
                    {"name": c["name"], "args": __import__("json").dumps(c["args"]),
                     "id": c["id"], "index": i, "type": "tool_call_chunk"}
                    for i, c in enumerate(reply.tool_calls)]))
            return
        words = str(reply.content).split(" ")
        for i, word in enumerate(words):
            time.sleep(DELAY_S)
            chunk = ChatGenerationChunk(message=AIMessageChunk(
                content=word + (" " if i < len(words) - 1 else "")))
            if run_manager is not None:
                run_manager.on_llm_new_token(str(chunk.message.content), chunk=chunk)
            yield chunk


def main() -> None:
    """Install the fake, then run Streamlit's command line in this process."""
    from streamlit.web import cli

    from advisor.agent.llm_planner import use_chat_model

    use_chat_model(SlowStreamingModel())
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
