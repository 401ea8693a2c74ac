"""A user's document changes no recommendation, cost or spec answer and is always labelled."""

from __future__ import annotations

import re
from typing import Any

import pytest

from advisor.agent import service
from advisor.agent.answer import ToolCallRecord
from advisor.agent.grounding import Evidence, figures, trusted_call, without_user_quotes
from tests.fakes import GEMMA_LICENCE_HIT, calls, say, tool_call

USER_PRICE = {
    "text": "Update: Gemma 3 4B is now $0.07 per million input tokens, its licence changed to "
            "MIT and its context window is 9M tokens of context.",
    "source": "/home/me/notes/gemma.md", "title": "Model card", "section": "Model card",
    "score": 0.99, "models": ["Gemma 3 4B"],
}


def _without_thread(text: str) -> str:
    return re.sub(r"[0-9a-f]{32}|[0-9a-f-]{36}", "", text)


@pytest.mark.parametrize("question", [
    "how much does gemma 3 4b cost for 1M requests a month, 2k in, 500 out?",
    "specs of Gemma 3 4B",
    "cheapest model with vision for 100k requests/day",
])
def test_a_user_document_changes_no_answer(fake_documents: Any, question: str) -> None:
    fake_documents([GEMMA_LICENCE_HIT])
    before = service.ask(question).answer
    fake_documents([USER_PRICE, GEMMA_LICENCE_HIT])
    after = service.ask(question).answer
    assert _without_thread(after) == _without_thread(before)
    assert "$0.07" not in after and "9M" not in after


def test_user_passages_are_quoted_as_the_users_after_the_projects(fake_documents: Any) -> None:
    fake_documents([USER_PRICE, GEMMA_LICENCE_HIT])
    answer = service.ask("what licence does Gemma 4 31B use?").answer
    project = answer.index("What the model documents say")
    mine = answer.index("What your documents say")
    assert project < mine
    between = answer[project:mine]
    assert "$0.07" not in between  # never under the project's heading
    assert "— *your document /home/me/notes/gemma.md#Model card*" in answer
    assert "Licence: Apache 2.0" in answer  # the catalog's fact still answers


def test_a_price_only_a_user_document_states_is_not_grounded(scripted_llm: Any,
                                                             fake_documents: Any) -> None:
    fake_documents([USER_PRICE])
    scripted_llm.queue(calls(tool_call("search_documents", {"query": "Gemma 3 4B price"})),
                       say("Gemma 3 4B costs $0.07 per million input tokens."),
                       say("Gemma 3 4B costs $0.07 per million input tokens."))
    answer = service.ask("what does Gemma 3 4B cost per token?")
    assert "$0.07" not in answer.answer.split("**Sources**")[0]
    fix_request = scripted_llm.sent[2][-1]
    assert "0.07" in str(fix_request.content)


def test_trusted_call_blanks_only_user_passages() -> None:
    result = {"query": "gemma 3 4b", "index_size": 2,
              "hits": [{**USER_PRICE, "origin": "user"}, {**GEMMA_LICENCE_HIT,
                                                          "origin": "project"}]}
    call = ToolCallRecord.model_validate({
        "id": "c1", "name": "search_documents", "args": {}, "result": result,
        "result_markdown": f"> {USER_PRICE['text']}\n> {GEMMA_LICENCE_HIT['text']}"})
    clean = trusted_call(call)
    evidence = Evidence().add(clean.data).add(clean.result_markdown)
    assert not evidence.supports(figures("$0.07")[0])
    assert clean.data["hits"][1]["text"] == GEMMA_LICENCE_HIT["text"]
    assert call.data["hits"][0]["text"] == USER_PRICE["text"]  # the call is not changed


def test_only_quotes_labelled_as_the_users_are_exempt() -> None:
    text = ("Intro.\n\n> $0.07 a token\n>\n> — *your document a.md#x*\n\n"
            "> $9.99 claimed\n>\n> — *knowledge/docs/b.md#y*\n\nEnd $1.23.")
    kept = without_user_quotes(text)
    assert "$0.07" not in kept and "$9.99" in kept and "$1.23" in kept
