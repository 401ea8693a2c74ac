"""'What's X's price?' is answered by the listed prices of one route, not a bill at a default
traffic: the provider asked about, else the maker's list price, else the cheapest paid route,
checked against the raw models.dev data. $0 listings and probable listing errors are never
quoted; a stated traffic still gets the bill."""

from __future__ import annotations

import re
from typing import Any

import pytest

from advisor.agent import service
from advisor.catalog import get_catalog
from advisor.tools.format import usd


def _first(answer: str) -> str:
    return next(p for p in answer.split("\n\n")
                if p.strip() and not p.startswith(("_", "*Read as")))


def _raw(raw: dict[str, Any], provider_id: str, model_id: str) -> tuple[float, float]:
    cost = raw[provider_id]["models"][model_id]["cost"]
    return float(cost["input"]), float(cost["output"])


def _expected(raw: dict[str, Any], name: str, provider: str | None = None) -> tuple[str, str]:
    """The route a price answer should quote, computed from raw prices."""
    model = get_catalog().resolve(name)
    own = set(model.headline.maker_providers)
    paid = []
    for r in model.routes:
        cost = raw[r.provider_id]["models"][r.model_id].get("cost") or {}
        if "input" in cost and "output" in cost and (cost["input"] or cost["output"]):
            paid.append((cost["output"], cost["input"], r.provider_id, r.model_id))
    if provider:
        paid = [p for p in paid if p[2] == provider]
    elif any(p[2] in own for p in paid):
        paid = [p for p in paid if p[2] in own]
    out, inp, pid, mid = min(paid)
    assert (inp, out) == _raw(raw, pid, mid)
    return usd(inp), usd(out)


@pytest.mark.parametrize(("question", "model", "provider"), [
    ("price of gpt-4.1", "GPT-4.1", None),
    ("gemini 2.5 pro pricing?", "Gemini 2.5 Pro", None),
    ("How much is Claude Sonnet 4.5 per million tokens", "Claude Sonnet 4.5", None),
    ("whats o4-mini charge per token", "o4-mini", None),
    ("how much does gpt-4o mini cost?", "GPT-4o mini", None),
    ("what does gpt-4o charge on azure", "GPT-4o", "azure"),
    ("price of llama 3.3 70b on groq", "Llama 3.3 70B", "groq"),
    ("Claude Haiku 4.5 prices", "Claude Haiku 4.5", None),
])
def test_a_price_question_quotes_one_routes_listed_prices(raw_models_dev, question, model,
                                                          provider):
    answer = service.ask(question)
    assert [c.name for c in answer.tool_calls] == ["lookup_specs"]
    first = _first(answer.answer)
    inp, out = _expected(raw_models_dev, model, provider)
    assert f"**{inp} input / {out} output**" in first, first
    assert "requests" not in first and "a month" not in first
    assert "defaults were used" not in answer.answer
    if provider:
        assert "the provider asked about" in first


def test_no_maker_price_says_so_and_quotes_the_cheapest_paid_route(raw_models_dev):
    answer = service.ask("deepseek r1 price per 1m output?")
    first = _first(answer.answer)
    inp, out = _expected(raw_models_dev, "DeepSeek-R1")
    assert f"**{inp} input / {out} output**" in first
    assert "the maker lists no price" in first


def test_a_probable_listing_error_is_set_aside_not_quoted():
    answer = service.ask("mistral small price per million?")
    first = _first(answer.answer)
    assert "Helicone set aside: probable listing error" in first
    assert "$75" not in first and "$200" not in first


def test_a_price_question_with_traffic_still_gets_the_bill():
    answer = service.ask("price of gpt-4.1 for 5k requests a day, 1k in 200 out")
    assert [c.name for c in answer.tool_calls] == ["calculate_cost"]
    assert re.search(r"\*\*\$[\d,.]+ a month\*\*", answer.answer)


@pytest.mark.parametrize("question", [
    "how many tokens can claude sonnet 4.5 output",
    "Claude Sonnet 4.5 - how many tokens will it generate at most?",
    "what's the longest reply claude sonnet 4.5 can give",
])
def test_an_output_length_question_answers_the_max_output_alone(question: str) -> None:
    answer = service.ask(question)
    (call,) = [c for c in answer.tool_calls if c.name == "lookup_specs"]
    assert call.data is not None
    first = _first(answer.answer)
    limit = call.data["max_output"] // 1000
    assert first == f"**Claude Sonnet 4.5** — Max output: {limit}k tokens."
