"""The issue's examples answered end to end, figures checked against the raw models.dev data.

Each answer must state how it read the question ("Read as: …") and its figures must agree
with an independent computation from the raw JSON: the price of the route the answer used,
times the workload as a person meant it (a monthly total is not multiplied by a default
traffic; users × messages is the traffic; a year is twelve months; a budget buys budget ÷ one
request; a budget fits with budget − monthly bill to spare).
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from advisor.agent import service
from advisor.agent.answer import AgentAnswer
from advisor.tools.format import usd


def _cost_result(answer: AgentAnswer) -> dict[str, Any]:
    calls = [c for c in answer.tool_calls if c.name == "calculate_cost" and c.ok]
    assert calls, f"no cost call: {[c.name for c in answer.tool_calls]}"
    assert calls[0].data is not None
    return calls[0].data


def _raw_price(raw: dict[str, Any], route: dict[str, Any]) -> dict[str, float]:
    cost = raw[route["provider_id"]]["models"][route["model_id"]]["cost"]
    return {"input": float(cost["input"]), "output": float(cost["output"])}


def _cheapest_paid(result: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in result["routes"] if r["per_request_usd"] > 0)


def _quoted(result: dict[str, Any]) -> dict[str, Any]:
    """The route a headline quotes: the maker's own (knowledge/makers.yaml), else the cheapest."""
    import re

    import yaml

    from advisor.catalog import get_catalog
    from advisor.config import PROJECT_ROOT

    makers = yaml.safe_load((PROJECT_ROOT / "knowledge" / "makers.yaml").read_text())["makers"]
    key = get_catalog().resolve(result["model"]).key
    row = next((m for m in makers if any(re.search(k, key) for k in m["keys"])), {})
    paid = [r for r in result["routes"] if r["per_request_usd"] > 0]
    return next((r for r in paid if r["provider_id"] in row.get("providers", [])), paid[0])


def test_a_monthly_token_total_is_priced_as_a_total(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("We push about 40M prompt tokens and 6M completion tokens a month "
                         "through Claude Sonnet 4.5")
    assert "Read as: 40M input + 6M output tokens a month in total" in answer.answer
    result = _cost_result(answer)
    assert result["requests"] * result["input_tokens"] == 40_000_000
    assert result["requests"] * result["output_tokens"] == 6_000_000
    for route in result["routes"]:
        price = _raw_price(raw_models_dev, route)
        expected = 40 * price["input"] + 6 * price["output"]  # millions of tokens × $/M
        assert route["per_month_usd"] == pytest.approx(expected, rel=1e-9), route["provider"]
    cheapest = _cheapest_paid(result)
    assert usd(cheapest["per_month_usd"]) in answer.answer
    assert cheapest["per_month_usd"] < 1_000  # not 40M tokens × a million default requests
    assert not answer.warnings


@pytest.mark.parametrize(("question", "stated", "period"), [
    ("how much would 10M input tokens and 2M output tokens cost on gpt-4.1",
     "10M input + 2M output tokens", None),
    ("gpt-4.1: 10 million tokens in, 2 million out — price?", "10M input + 2M output tokens",
     None),
    ("GPT-4.1 with 10M in / 2M out tokens every month, what's the bill",
     "10M input + 2M output tokens", "a month"),
    ("we burn 300M input & 50M output tokens per month on gpt 4.1", "300M input + 50M output "
     "tokens", "a month"),
])
def test_a_token_total_leads_with_what_those_tokens_cost(raw_models_dev: dict[str, Any],
                                                         question: str, stated: str,
                                                         period: str | None) -> None:
    answer = service.ask(question)
    result = _cost_result(answer)
    route = _quoted(result)
    price = _raw_price(raw_models_dev, route)
    millions = [float(x.removesuffix("M")) for x in re.findall(r"[\d.]+M", stated)]
    expected = millions[0] * price["input"] + millions[1] * price["output"]
    body = answer.answer.split("\n\n")
    lead = next(p for p in body if p.startswith("**"))
    words = f"{stated} a month" if period else stated
    assert lead.startswith(f"**{words} on GPT-4.1 cost {usd(expected)}**"), lead
    if period is None:  # no period stated: none is claimed in the headline
        assert "a month" not in lead.split("**")[1]
        assert "no period stated" in answer.answer
    assert not answer.warnings


def test_users_times_messages_is_the_traffic(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("2k users, each sends about 15 messages a day. What would that cost "
                         "on gemini 2.5 flash?")
    result = _cost_result(answer)
    assert (result["requests"], result["period"]) == (30_000, "day")
    assert "30,000 requests a day" in answer.answer
    route = _cheapest_paid(result)
    price = _raw_price(raw_models_dev, route)
    per_request = (result["input_tokens"] * price["input"]
                   + result["output_tokens"] * price["output"]) / 1e6
    assert route["per_month_usd"] == pytest.approx(per_request * 30_000 * 30, rel=1e-9)


def test_a_year_is_twelve_months_of_the_changed_thread(raw_models_dev: dict[str, Any]) -> None:
    first = service.ask("gpt-4.1 cost for 2000 requests a day")
    service.ask("what if 60% of the prompt is cached?", thread_id=first.thread_id)
    yearly = service.ask("what's that per year?", thread_id=first.thread_id)
    result = _cost_result(yearly)
    assert result["cached_input_share"] == pytest.approx(0.6)  # built on the changed state
    route = _quoted(result)
    cost = raw_models_dev[route["provider_id"]]["models"][route["model_id"]]["cost"]
    cached = cost.get("cache_read", cost["input"])
    per_request = (2000 * 0.4 * cost["input"] + 2000 * 0.6 * cached + 500 * cost["output"]) / 1e6
    expected_year = round(per_request * 2000 * 30 * 12, 2)
    assert f"comes to {usd(expected_year)} a year" in yearly.answer
    assert not yearly.warnings


def test_what_a_budget_buys(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("How many requests a month does $50 buy on gpt-4o mini?")
    route = _quoted(_cost_result(answer))
    price = _raw_price(raw_models_dev, route)
    per_request = (2000 * price["input"] + 500 * price["output"]) / 1e6  # the default sizes
    assert f"buys about {math.floor(50 / per_request):,} requests" in answer.answer
    assert not answer.warnings


def test_a_budget_question_is_answered_yes_or_no_with_the_margin(
        raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("Our budget is $2k a month: do we fit on gpt-4.1 with 3000 requests "
                         "a day?")
    route = _quoted(_cost_result(answer))
    price = _raw_price(raw_models_dev, route)
    monthly = (2000 * price["input"] + 500 * price["output"]) / 1e6 * 3000 * 30
    margin = 2000 - monthly
    verdict = "Yes" if margin >= 0 else "No"
    assert f"**{verdict}" in answer.answer
    assert usd(round(abs(margin), 2)) in answer.answer


def test_a_negative_number_is_an_error_naming_it() -> None:
    answer = service.ask("-500 requests a day on gpt-4o, cost?")
    assert "-500 requests" in answer.answer
    assert "cannot be negative" in answer.answer
    assert not answer.tool_calls


def test_a_single_call_leads_with_its_cost(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("how much is a single call to o3 with 10k in and 1k out")
    route = _quoted(_cost_result(answer))
    price = _raw_price(raw_models_dev, route)
    per_request = (10_000 * price["input"] + 1_000 * price["output"]) / 1e6
    assert f"One request to o3 costs {usd(per_request)}" in answer.answer


def test_a_provider_qualified_name_prices_that_route(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("Sonnet 4.5 via Bedrock, 10k requests a day")
    result = _cost_result(answer)
    assert {r["provider_id"] for r in result["routes"]} == {"amazon-bedrock"}
    route = result["routes"][0]
    price = _raw_price(raw_models_dev, route)
    per_request = (2000 * price["input"] + 500 * price["output"]) / 1e6
    assert route["per_request_usd"] == pytest.approx(per_request, rel=1e-9)
    assert "Read as:" in answer.answer and "Amazon Bedrock" in answer.answer


def test_a_provider_without_the_model_is_named_with_those_that_serve_it() -> None:
    answer = service.ask("medium 3 on groq please, 1k requests a day")
    assert "not served on" in answer.answer and "Groq" in answer.answer
    assert "OpenRouter" in answer.answer  # one of the providers that do serve it


def test_the_brand_carries_over_inside_a_thread() -> None:
    first = service.ask("Claude Opus 4.1 cost at 1000 requests a day")
    second = service.ask("and Sonnet 4?", thread_id=first.thread_id)
    assert _cost_result(second)["model"] == "Claude Sonnet 4"
    assert _cost_result(second)["requests"] == 1000


@pytest.mark.parametrize("question, field, ceiling", [
    ("which models w/ tool calling are under $3 per million output tokens?",
     "max_output_price_per_m", 3.0),
    ("need vision, anything under a dollar per 1M input tokens", "max_input_price_per_m", 1.0),
    ("Cheapest model with output below 50 cents per million tokens, 20k req/day",
     "max_output_price_per_m", 0.5),
])
def test_a_price_ceiling_is_a_constraint_the_picks_obey(
        raw_models_dev: dict[str, Any], question: str, field: str, ceiling: float) -> None:
    answer = service.ask(question)
    calls = [c for c in answer.tool_calls if c.name == "recommend" and c.ok]
    assert calls, f"no recommendation: {[c.name for c in answer.tool_calls]}"
    workload = calls[0].args["workload"]
    assert workload[field] == ceiling
    assert "input_tokens" not in workload or workload["input_tokens"] < 1_000_000
    picks = calls[0].data["picks"]
    assert picks
    side = "input" if field.startswith("max_input") else "output"
    for pick in picks:  # each pick's route is under the ceiling in the raw models.dev data
        assert _raw_price(raw_models_dev, pick["route"])[side] <= ceiling
    assert "a ceiling, not a workload" in answer.answer and "priced at most" in answer.answer


def test_a_budget_no_at_list_price_says_when_the_cheapest_route_would_fit(
        raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("budget's 800 bucks/month, we do 50k req a month, 3k in 600 out — "
                         "can we afford claude sonnet 4.5?")
    result = _cost_result(answer)
    listed, low = _quoted(result), _cheapest_paid(result)
    months = [(3000 * p["input"] + 600 * p["output"]) / 1e6 * 50_000
              for p in (_raw_price(raw_models_dev, listed), _raw_price(raw_models_dev, low))]
    assert months[1] <= 800 < months[0]  # Anthropic's price is over, a reseller's under
    assert f"**No: Claude Sonnet 4.5 costs {usd(months[0])} a month** on Anthropic" \
        in answer.answer
    assert f"its cheapest paid route, {low['provider']}, {usd(months[1])}, would fit" \
        in answer.answer


@pytest.mark.parametrize(("question", "n", "inp", "out"), [
    ("how much is claude sonnet 4.5 per 1k requests w/ 3k in 1k out", 1000, 3000, 1000),
    ("gpt-4o mini: price for every 1,000 calls, 800 tokens in and 150 out?", 1000, 800, 150),
    ("whats o4-mini per 100 queries if each has 5k tokens in and 500 out", 100, 5000, 500),
])
def test_a_price_per_n_requests_leads_with_that_figure(raw_models_dev: dict[str, Any],
                                                       question: str, n: int, inp: int,
                                                       out: int) -> None:
    answer = service.ask(question)
    result = _cost_result(answer)
    route = _quoted(result)
    price = _raw_price(raw_models_dev, route)
    total = n * (inp * price["input"] + out * price["output"]) / 1e6
    first = [p for p in answer.answer.split("\n\n") if p.strip()]
    assert first[0].startswith("*Read as:") and f"the cost of {n:,} requests" in first[0]
    assert first[1].startswith(f"**{n:,} requests to {result['model']} cost {usd(total)}**")
    assert "no period stated" not in answer.answer  # no month was assumed
