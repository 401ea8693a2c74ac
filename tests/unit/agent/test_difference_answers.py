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
