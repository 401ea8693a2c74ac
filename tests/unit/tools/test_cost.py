"""Cost figures checked against arithmetic on the raw models.dev data."""

import pytest

from advisor.catalog import UnknownModelError
from advisor.tools.cost import calculate_cost
from advisor.tools.errors import ToolInputError


def _raw_cost(raw, provider, model_id):
    return raw[provider]["models"][model_id]["cost"]


def test_monthly_cost_matches_independent_arithmetic(raw_models_dev):
    c = _raw_cost(raw_models_dev, "alibaba", "qwen3.5-122b-a10b")
    report = calculate_cost("Qwen3.5 122B A10B", 2000, 500, 1_000_000, provider="alibaba")
    expected_request = (2000 * c["input"] + 500 * c["output"]) / 1e6
    route = report.routes[0]
    assert route.per_request_usd == pytest.approx(expected_request, rel=1e-12)
    assert route.per_month_usd == pytest.approx(expected_request * 1_000_000, rel=1e-12)
    assert route.per_month_usd == pytest.approx(2400.0)  # 0.4*2000/1e6 + 3.2*500/1e6 = 0.0024


def test_every_route_is_priced_and_sorted(raw_models_dev):
    report = calculate_cost("qwen/qwen3.5-122b-a10b", 1000, 1000, 100)
    per_request = [r.per_request_usd for r in report.routes]
    assert per_request == sorted(per_request)
    for r in report.routes:
        raw = raw_models_dev[r.provider_id]["models"][r.model_id]["cost"]
        assert r.per_request_usd == pytest.approx((raw["input"] + raw["output"]) * 1000 / 1e6)


def test_per_day_traffic_is_a_thirty_day_month():
    day = calculate_cost("qwen3.5 122b a10b", 2000, 500, 3000, "day", provider="alibaba")
    month = calculate_cost("qwen3.5 122b a10b", 2000, 500, 90_000, "month", provider="alibaba")
    assert day.routes[0].per_month_usd == pytest.approx(month.routes[0].per_month_usd)
    assert day.routes[0].per_day_usd == pytest.approx(month.routes[0].per_month_usd / 30)
    assert "30 days" in day.assumptions[0]


def test_cache_read_price_applies_to_the_cached_share(raw_models_dev):
    c = _raw_cost(raw_models_dev, "nebius", "Qwen/Qwen3.5-397B-A17B")
    report = calculate_cost("Qwen3.5 397B A17B", 10_000, 1000, 1, provider="nebius",
                            cached_input_share=0.75)
    expected = (2500 * c["input"] + 7500 * c["cache_read"] + 1000 * c["output"]) / 1e6
    assert report.routes[0].per_request_usd == pytest.approx(expected, rel=1e-12)
    assert report.routes[0].prices_used.cache_read_per_m == c["cache_read"]


def test_missing_cache_price_falls_back_to_input_and_says_so(raw_models_dev):
    c = _raw_cost(raw_models_dev, "alibaba", "qwen3.5-122b-a10b")
    assert "cache_read" not in c
    report = calculate_cost("Qwen3.5 122B A10B", 1000, 0, 1, provider="alibaba",
                            cached_input_share=0.5)
    assert report.routes[0].per_request_usd == pytest.approx(1000 * c["input"] / 1e6)
    assert any("no cache-read price" in n for n in report.routes[0].notes)


def test_context_tier_prices_apply_above_the_tier(raw_models_dev):
    c = _raw_cost(raw_models_dev, "google", "gemini-2.5-pro")
    tier = c["tiers"][0]
    small = calculate_cost("gemini-2.5-pro", 100_000, 1000, 1, provider="google")
    big = calculate_cost("gemini-2.5-pro", 250_000, 1000, 1, provider="google")
    assert small.routes[0].per_request_usd == pytest.approx(
        (100_000 * c["input"] + 1000 * c["output"]) / 1e6)
    assert big.routes[0].per_request_usd == pytest.approx(
        (250_000 * tier["input"] + 1000 * tier["output"]) / 1e6)
    assert big.routes[0].prices_used.tier == "context above 200k"
    assert small.routes[0].prices_used.tier is None


def test_reasoning_price_is_used_when_listed(raw_models_dev):
    c = _raw_cost(raw_models_dev, "meganova", "Qwen/Qwen3.5-Plus")
    report = calculate_cost("Qwen/Qwen3.5-Plus", 1000, 100, 1, provider="meganova",
                            reasoning_tokens=400)
    expected = (1000 * c["input"] + 100 * c["output"] + 400 * c["reasoning"]) / 1e6
    assert report.routes[0].per_request_usd == pytest.approx(expected)


def test_model_without_price_is_unknown_not_zero():
    report = calculate_cost("Llama Guard 2 8B", 2000, 500, 1000)
    assert report.routes == []
    assert "unknown, not $0" in (report.message or "")


def test_unknown_provider_names_the_routes_there_are():
    with pytest.raises(ToolInputError, match="provider.*alibaba"):
        calculate_cost("Qwen3.5 122B A10B", 1, 1, 1, provider="nosuchcloud")


@pytest.mark.parametrize("kwargs, field", [
    ({"input_tokens": -1}, "input_tokens"),
    ({"output_tokens": 1.5}, "output_tokens"),
    ({"requests": "many"}, "requests"),
    ({"cached_input_share": 1.5}, "cached_input_share"),
    ({"period": "week"}, "period"),
])
def test_bad_numbers_name_the_field(kwargs, field):
    args = {"model": "gemma 3 4b", "input_tokens": 10, "output_tokens": 10, "requests": 1}
    args.update(kwargs)
    with pytest.raises(ToolInputError, match=f"^{field}:"):
        calculate_cost(**args)


def test_unknown_model_suggests():
    with pytest.raises(UnknownModelError, match="Closest matches"):
        calculate_cost("gemma 9 4b", 1, 1, 1)
