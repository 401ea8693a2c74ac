"""Ratios compare like with like: each maker's list price is given beside the cheapest route."""

import pytest

from advisor.tools.compare.costs import cost_section, traffic_of
from advisor.tools.workload import Workload


def test_compare_states_each_makers_list_price(installed, raw_models_dev):
    models = [installed.resolve("gpt-5"), installed.resolve("claude-sonnet-4-5")]
    section = cost_section(models, traffic_of(Workload(input_tokens=2000, output_tokens=500,
                                                       requests_per_month=10_000)))
    gpt, claude = section.costs
    for cost, (provider, model_id) in ((gpt, ("openai", "gpt-5")),
                                       (claude, ("anthropic", "claude-sonnet-4-5"))):
        raw = raw_models_dev[provider]["models"][model_id]["cost"]
        rpm = section.traffic.requests_per_month
        expected = (2000 * raw["input"] + 500 * raw["output"]) / 1e6 * rpm
        assert cost.list_price_per_month_usd == pytest.approx(expected, rel=1e-12)
        assert cost.list_price_route == f"{provider}/{model_id}"
    assert "cheapest paid route" in section.summary
    assert "At each maker's list price (its own route)" in section.summary
