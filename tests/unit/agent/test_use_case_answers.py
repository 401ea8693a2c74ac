"""'Is X good at coding?' leads with X's own scores on file and where each stands among the
models scored on the same test; no unrelated passage leads."""

from __future__ import annotations

import pytest

from advisor.agent import service
from advisor.tools.strengths import Strengths
from advisor.tools.use_case_fit import UseCaseFit

# The passages quoted after the scores do not matter here: a fixed one spares an index build.
pytestmark = pytest.mark.usefixtures("fake_documents")


@pytest.mark.parametrize(("question", "model", "use_case"), [
    ("is gpt-4o good at coding?", "GPT-4o", "coding"),
    ("how good is claude sonnet 4.5 for agents", "Claude Sonnet 4.5", "agents"),
    ("is gemma 3 27b any good for multilingual stuff", "Gemma 3 27B", "multilingual"),
    ("kimi k2 decent at coding?", "Kimi K2 Instruct", "coding"),
    ("Qwen2.5-Coder-32B: how well does it do at programming?", "Qwen2.5 Coder 32B Instruct",
     "coding"),
])
def test_a_good_at_question_leads_with_the_models_scores(question, model, use_case):
    answer = service.ask(question)
    call = next(c for c in answer.tool_calls if c.name == "rate_for_use_case")
    assert call.args == {"model": model, "use_case": use_case}
    fit = call.result_as(UseCaseFit)
    assert fit is not None
    first = next(p for p in answer.answer.split("\n\n")
                 if p.strip() and not p.startswith(("_", "*Read as")))
    assert first == fit.lead
    assert "The documents have nothing on this" not in answer.answer
    assert not answer.warnings


@pytest.mark.parametrize(("question", "model"), [
    ("whats kimi k2 good for", "Kimi K2 Instruct"),
    ("what is gemma 3 27b best at?", "Gemma 3 27B"),
    ("claude sonnet 4.5 strengths", "Claude Sonnet 4.5"),
    ("where does gpt-4o shine", "GPT-4o"),
    ("What would I use Qwen2.5-Coder-32B for?", "Qwen2.5 Coder 32B Instruct"),
    ("llama 3.1 8b instruct: what's it good at", "Llama 3.1 8B Instruct"),
])
def test_a_good_for_question_with_no_use_case_leads_with_where_its_scores_stand(question,
                                                                                model):
    answer = service.ask(question)
    call = next(c for c in answer.tool_calls if c.name == "rate_strengths")
    assert call.args == {"model": model}
    got = call.result_as(Strengths)
    assert got is not None
    first = next(p for p in answer.answer.split("\n\n")
                 if p.strip() and not p.startswith(("_", "*Read as")))
    assert first == got.lead
    assert "The documents have nothing on this" not in answer.answer.split("\n\n")[0]
    assert not answer.warnings


@pytest.mark.parametrize("question", ["is gpt-4o good at coding?",
                                      "which gemma is meant for phones?",
                                      "how much is kimi k2 for 1k requests a day"])
def test_a_named_use_case_or_another_question_is_not_a_strengths_question(question):
    answer = service.ask(question)
    assert all(c.name != "rate_strengths" for c in answer.tool_calls)
