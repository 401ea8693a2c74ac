"""A configured LLM's answer text reaches the chat as it is written (``answer_delta`` events)."""

from __future__ import annotations

from typing import Any

from advisor.agent import service
from advisor.agent.answer import AgentEvent
from tests.fakes import calls, say, tool_call

COST_ARGS = {"model": "Gemma 3 4B", "input_tokens": 2000, "output_tokens": 500,
             "requests": 3000, "period": "day"}


def test_llm_text_is_streamed_and_tool_steps_are_events(scripted_llm: Any) -> None:
    text = "Gemma 3 4B is the model you asked about; its cost is in the table below."
    scripted_llm.queue(calls(tool_call("calculate_cost", COST_ARGS, "c1")), say(text))
    events: list[AgentEvent] = []
    answer = service.ask("What does Gemma 3 4B cost at 3,000 requests a day?",
                         on_event=events.append)
    kinds = [e.kind for e in events]
    assert "tool_start" in kinds and "answer_delta" in kinds
    assert kinds.index("tool_start") < kinds.index("answer_delta")
    streamed = "".join(e.text or "" for e in events if e.kind == "answer_delta")
    assert streamed == text  # the model's own words, not a tool call, not the tool output
    assert answer.planner.startswith("llm:")


def test_offline_answers_send_no_token_events() -> None:
    events: list[AgentEvent] = []
    answer = service.ask("What does Gemma 3 4B cost at 3,000 requests a day?",
                         on_event=events.append)
    assert answer.planner == "offline"
    assert not [e for e in events if e.kind == "answer_delta"]
    assert answer.workload["requests"] == 3000 and answer.workload["period"] == "day"
