"""'What's the difference between A and B?' is answered by what differs, not a made-up bill.

With no traffic stated, a monthly total at the default traffic answers a question nobody
asked. The answer's first sentence names the model that costs less per token with both price
pairs (checked against the raw models.dev prices of the route each one used), then the other
differences; the cost at the assumed traffic is still shown, under its own heading.
"""

from __future__ import annotations

import re

import pytest

from advisor.agent import service
from advisor.catalog import get_catalog
from advisor.tools.format import usd

VOICES = [
    ("what's the difference between o3 and o4-mini", ("o3", "o4-mini")),
    ("o3 vs o4 mini?", ("o3", "o4-mini")),
    ("how do gpt-4o and gpt-4.1 differ", ("GPT-4o", "GPT-4.1")),
    ("diffrence btwn GPT4o and gpt 4.1 pls", ("GPT-4o", "GPT-4.1")),
    ("Compare Claude Haiku 4.5 with GPT-4o mini.", ("Claude Haiku 4.5", "GPT-4o mini")),
    ("which is cheaper, gpt-4o mini or claude haiku 4.5?", ("GPT-4o mini", "Claude Haiku 4.5")),
    ("gpt-5 vs claude opus 4.5 — differences?", ("GPT-5", "Claude Opus 4.5")),
]


def _body(text: str) -> str:
    return re.sub(r"^\*Read as:[^\n]*\n+", "", text.strip())


def _route_price(raw, route: dict) -> tuple[float, float]:
    cost = raw[route["provider_id"]]["models"][route["model_id"]]["cost"]
    return float(cost["input"]), float(cost["output"])


@pytest.mark.parametrize(("question", "models"), VOICES)
def test_difference_questions_lead_with_prices_per_token(raw_models_dev, question, models):
    answer = service.ask(question)
    call = next(c for c in answer.tool_calls if c.name == "compare_models")
    assert call.ok and call.data is not None
    first = _body(answer.answer).split("\n\n")[0]
    assert "requests a month" not in first  # no bill at a traffic nobody stated
    priced = []
    for prof in call.data["profiles"]:
        ref = prof["list_price"] or prof["cheapest_output"]
        inp, out = _route_price(raw_models_dev, ref)
        assert (inp, out) == (ref["input_per_m"], ref["output_per_m"])
        assert f"{usd(inp)} / {usd(out)}" in first, (prof["name"], first)
        priced.append((out, inp, prof["name"]))
    cheaper = min(priced)[2]
    assert first.startswith(f"{cheaper} costs less per token"), first
    assert sorted(p["name"] for p in call.data["profiles"]) == sorted(
        get_catalog().resolve(m).name for m in models)
    assert "### Monthly cost at traffic" in answer.answer  # still there, under its heading
    assert "assumed from the advisor's default settings" in answer.answer


def test_a_stated_traffic_still_leads_with_the_monthly_bill():
    answer = service.ask("o3 vs o4-mini at 20k requests a month, 1k in 300 out")
    first = _body(answer.answer).split("\n\n")[0]
    assert first.startswith("At 20,000 requests a month:"), first
    assert "### What differs" in answer.answer


@pytest.mark.parametrize(("question", "field", "winner"), [
    ("which has the bigger context, gemini 2.5 pro or claude opus 4.5?", "context_window",
     "Gemini 2.5 Pro"),
    ("gpt-4o vs gpt-4.1 vs o3: which has the longest max output", "max_output", "o3"),
    ("Claude Opus 4.1 or GPT-5 — which is newer?", "release_date", "GPT-5"),
    ("which came out first, llama 3.1 8b or gemma 3 4b", "release_date",
     "Llama 3.1 8B Instruct"),
    ("does o3 or gpt 4.1 have the larger context window", "context_window", "GPT-4.1"),
])
def test_one_field_compared_names_the_model_that_leads_on_it(question, field, winner):
    answer = service.ask(question)
    sheets = [c.data for c in answer.tool_calls if c.name == "lookup_specs" and c.ok]
    assert len(sheets) >= 2, [c.name for c in answer.tool_calls]
    first = _body(answer.answer).split("\n\n")[0]
    assert first.startswith(f"**{winner} has the "), first
    values = {s["name"]: s[field] for s in sheets}
    first_value = str(values[winner]) if field == "release_date" else f"{values[winner]:,}"
    assert first_value in first
    for name, value in values.items():  # every model's own value, from its sheet
        assert (str(value) if field == "release_date" else f"{value:,}") in first, name


@pytest.mark.parametrize("question", ["o3-mini vs o3 for math",
                                      "for coding, gemma 4 31b or qwen3.5 27b?"])
def test_a_use_case_comparison_with_no_traffic_gives_prices_not_a_bill(question):
    answer = service.ask(question)
    call = next(c for c in answer.tool_calls if c.name == "compare_models")
    lead = call.data["lead"]
    assert lead.startswith("For ") and "costs less per token" in lead
    assert "requests a month" not in lead
