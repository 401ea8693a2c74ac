"""Ratios compare like with like: each model at its maker's list price by default (issue #11).

The cheapest route of any provider is quoted only when asked for, or when providers are named,
and is kept beside the list price either way. Figures are checked against raw models.dev data.
"""

import pytest

from advisor.tools.compare.budget import check_budget
from advisor.tools.compare.costs import cost_section, traffic_of
from advisor.tools.workload import Workload


def raw_month(raw, provider, model_id, inp, out, rpm):
    cost = raw[provider]["models"][model_id]["cost"]
    return (inp * cost["input"] + out * cost["output"]) / 1e6 * rpm


def raw_cheapest(raw, model, inp, out, rpm):
    months = []
    for r in model.routes:
        cost = raw[r.provider_id]["models"][r.model_id].get("cost") or {}
        if cost.get("input") is not None and cost.get("output") is not None \
                and (cost["input"] or cost["output"]):
            months.append(((inp * cost["input"] + out * cost["output"]) / 1e6 * rpm,
                           r.provider_id))
    return min(months)


TRAFFIC = Workload(input_tokens=2000, output_tokens=500, requests=10_000)


def test_compare_quotes_each_makers_list_price(installed, raw_models_dev):
    models = [installed.resolve("gpt-5"), installed.resolve("claude-sonnet-4-5")]
    section = cost_section(models, traffic_of(TRAFFIC))
    rpm = section.traffic.requests_per_month
    for cost, model, (provider, model_id) in zip(
            section.costs, models, (("openai", "gpt-5"), ("anthropic", "claude-sonnet-4-5")),
            strict=True):
        assert cost.basis == "maker list price"
        assert cost.route == f"{provider}/{model_id}"
        assert cost.per_month_usd == pytest.approx(
            raw_month(raw_models_dev, provider, model_id, 2000, 500, rpm), rel=1e-12)
        low, low_provider = raw_cheapest(raw_models_dev, model, 2000, 500, rpm)
        assert cost.cheapest_per_month_usd == pytest.approx(low, rel=1e-12)
    gpt, claude = section.costs
    (delta,) = section.deltas
    assert delta.ratio == pytest.approx(claude.per_month_usd / gpt.per_month_usd, rel=1e-12)
    assert "Figures are each maker's list price" in section.summary


def test_the_cheapest_route_is_quoted_only_when_asked(installed, raw_models_dev):
    models = [installed.resolve("gpt-5"), installed.resolve("claude-sonnet-4-5")]
    section = cost_section(models, traffic_of(TRAFFIC.model_copy(
        update={"price_basis": "cheapest"})))
    rpm = section.traffic.requests_per_month
    for cost, model in zip(section.costs, models, strict=True):
        low, provider = raw_cheapest(raw_models_dev, model, 2000, 500, rpm)
        assert cost.basis == "cheapest route"
        assert cost.per_month_usd == pytest.approx(low, rel=1e-12)
    assert "Figures are each model's cheapest paid route" in section.summary


def test_a_budget_answer_uses_the_list_price_and_says_when_a_cheaper_route_fits(
        installed, raw_models_dev):
    model = installed.resolve("gemini 2.5 flash")
    rpm = 30_000
    listed = raw_month(raw_models_dev, "google", "gemini-2.5-flash", 2000, 500, rpm)
    low, _ = raw_cheapest(raw_models_dev, model, 2000, 500, rpm)
    budget = (listed + low) / 2  # between the reseller's price and Google's
    answer = check_budget(["gemini 2.5 flash"], budget, TRAFFIC.model_copy(
        update={"requests": rpm}))
    (fit,) = answer.models
    assert answer.verdict == "no" and fit.basis == "maker list price"
    assert fit.monthly_cost_usd == pytest.approx(listed, rel=1e-12)
    assert "would fit" in answer.lead
    cheap = check_budget(["gemini 2.5 flash"], budget, TRAFFIC.model_copy(
        update={"requests": rpm, "price_basis": "cheapest"}))
    assert cheap.verdict == "yes"
