"""A bare follow-up ("and pro?", "what about opus 4.5") asks the facts the last question asked,
of the model it names, and says so; a follow-up asking facts of its own asks those."""

from __future__ import annotations

import pytest

from advisor.agent import service
from advisor.tools.format import tokens
from advisor.tools.specs import lookup_specs

pytestmark = pytest.mark.usefixtures("fake_documents")  # passages do not matter here


def headline(answer: str) -> str:
    """The answer's first paragraph that is not the "Read as" line or a note."""
    return next(p for p in answer.split("\n\n")
                if p.strip() and not p.startswith(("_", "*Read as")))


def thread(*questions: str) -> list[service.AgentAnswer]:
    answers, tid = [], None
    for q in questions:
        a = service.ask(q, thread_id=tid)
        tid = a.thread_id
        answers.append(a)
    return answers


@pytest.mark.parametrize(("first", "then", "model", "field"), [
    ("what's the context window of gemini 2.5 flash?", "and pro?", "Gemini 2.5 Pro",
     "context"),
    ("how much can claude sonnet 4.5 output in one go", "what about opus 4.5",
     "Claude Opus 4.5", "max_output"),
    ("when did gpt-4.1 come out", "and gpt-4o?", "GPT-4o", "release"),
    ("gemma 3 27b licence??", "and qwen3 32b", "Qwen3 32B", "license"),
    ("wats the max output of gpt-4.1", "ok and o3?", "o3", "max_output"),
])
def test_a_bare_follow_up_asks_the_same_facts_of_the_new_model(first, then, model, field):
    _, follow = thread(first, then)
    sheet = lookup_specs(model)
    want = {"context": f"Context window: {tokens(sheet.context_window)} tokens",
            "max_output": f"Max output: {tokens(sheet.max_output)} tokens",
            "release": f"Released: {sheet.release_date}",
            "license": f"Licence: {sheet.license}"}[field]
    lead = headline(follow.answer)
    assert f"**{sheet.name}** — {want}" in lead, lead
    others = {"context": "Context window:", "max_output": "Max output:",
              "license": "Licence:", "release": "Released:"}
    for key, label in others.items():  # only the asked fact, not the whole sheet
        if key != field:
            assert label not in lead, lead
    assert f"asked as before (“{first}”)" in follow.answer


def test_a_follow_up_with_facts_of_its_own_asks_those_and_they_carry_on():
    _, own, bare = thread("context of gpt-4o?", "and its max output?", "and gpt-4.1?")
    assert "Max output:" in headline(own.answer) and "asked as before" not in own.answer
    lead = headline(bare.answer)
    assert lead.startswith("**GPT-4.1** — Max output:") and "Context window" not in lead
    assert "asked as before (“and its max output?”)" in bare.answer


def test_after_a_question_for_no_fact_the_follow_up_gets_the_whole_headline():
    _, follow = thread("gpt-4o?", "and gpt-4.1?")
    lead = headline(follow.answer)
    assert "Context window:" in lead and "Max output:" in lead
    assert "asked as before" not in follow.answer
    _, about = thread("tell me about gpt-4o", "and gpt-4.1?")
    assert "asked as before" not in about.answer


def test_a_new_question_for_no_fact_ends_what_was_asked_before():
    *_, later = thread("context of gpt-4o?", "tell me about claude sonnet 4.5",
                       "and gemini 2.5 pro?")
    assert "asked as before" not in later.answer


def test_after_a_cost_question_a_follow_up_is_priced_not_asked_as_a_fact():
    _, follow = thread("what would gpt-4o cost at 2k requests a day", "and gpt-4.1?")
    assert any(c.name == "calculate_cost" for c in follow.tool_calls)
    assert "asked as before" not in follow.answer


@pytest.mark.parametrize(("question", "model", "field"), [
    ("when did gpt-4.1 come out", "GPT-4.1", "release"),
    ("how old is llama 3.1 8b instruct", "Llama 3.1 8B Instruct", "release"),
    ("when was gemini 2.5 pro made available?", "Gemini 2.5 Pro", "release"),
    ("how much can claude sonnet 4.5 output in one go", "Claude Sonnet 4.5", "max_output"),
    ("can o3 spit out 100k tokens in a single response", "o3", "fit"),
])
def test_release_and_output_wording_asks_that_fact(question, model, field):
    answer = service.ask(question)
    sheet = lookup_specs(model)
    assert not any(c.name == "calculate_cost" for c in answer.tool_calls)
    if field == "fit":  # a size against the limit: a yes or no, never a bill
        assert sheet.max_output is not None
        verdict = "Yes: that fits" if sheet.max_output >= 100_000 else "No: that does not fit"
        assert f"**{verdict} {sheet.name}**" in answer.answer
        return
    want = (f"Released: {sheet.release_date}" if field == "release"
            else f"Max output: {tokens(sheet.max_output)} tokens")
    assert want in answer.answer
