"""Route prices hundreds of times the maker's are marked as probable listing errors, shown last
and never used as a figure; checked over the whole catalog against raw models.dev prices."""

from __future__ import annotations

import statistics
from types import SimpleNamespace
from typing import Any

import pytest

from advisor.tools.cost import calculate_cost, split_costs
from advisor.tools.cost_lead import cost_lead
from advisor.tools.cost_types import PricesUsed, RouteCost
from advisor.tools.price_doubt import DOUBT_RATIO, mark_doubts

IN, OUT = 1200, 300


def raw_per_request(raw: dict[str, Any], provider: str, model_id: str) -> float:
    cost = raw[provider]["models"][model_id]["cost"]
    return (IN * cost["input"] + OUT * cost["output"]) / 1e6


def test_helicone_mistral_small_is_doubted_not_quoted(installed, raw_models_dev) -> None:
    report = calculate_cost("mistral small", IN, OUT, 40_000, "day")
    helicone = next(r for r in report.routes if r.provider_id == "helicone")
    ratio = raw_per_request(raw_models_dev, "helicone", "mistral-small") / \
        raw_per_request(raw_models_dev, "mistral", "mistral-small-latest")
    assert ratio > DOUBT_RATIO
    assert helicone.price_doubt and f"{ratio:,.0f}×" in helicone.price_doubt
    assert report.routes[-1] is helicone  # listed last
    assert report.quote is not None
    assert report.quote.quoted.provider_id == "mistral"
    assert "helicone" not in {report.quote.quoted.provider_id, report.quote.cheapest.provider_id}
    lead = "\n\n".join(cost_lead(report))
    assert "dearest" not in lead or "Helicone" not in lead.split("dearest")[1].split(".")[0]
    assert "⚠ Helicone" in lead and "listing error" in lead
    table = report.to_markdown()
    assert "Helicone ⚠ probable listing error" in table


def _maker_reference(raw: dict[str, Any], model: Any) -> float | None:
    own = set(model.headline.maker_providers)
    costs = [raw_per_request(raw, r.provider_id, r.model_id) for r in model.routes
             if r.provider_id in own and _priced(raw, r)]
    costs = [c for c in costs if c > 0]
    return min(costs) if costs else None


def _priced(raw: dict[str, Any], route: Any) -> bool:
    cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
    return cost.get("input") is not None and cost.get("output") is not None


def test_over_the_catalog_only_far_outliers_are_doubted(installed, raw_models_dev) -> None:
    """Doubted: at least 50× (or 1/50) the maker's price, from raw data; the rest within 20×,
    so the threshold sits in a real gap of the data. The maker's route is never doubted."""
    doubted, spread = [], []
    for model in installed.models.values():
        fit, _, _ = split_costs(model, IN, OUT, 1000)
        if not fit:
            continue
        ref = _maker_reference(raw_models_dev, model)
        paid = [c for c in fit if c.per_request_usd > 0]
        if ref is None and len(paid) >= 3:
            ref = statistics.median(c.per_request_usd for c in paid)
        seen_doubt = False
        for c in fit:
            if c.price_doubt:
                seen_doubt = True
                doubted.append((model.name, c.provider_id))
            else:
                assert not seen_doubt, f"{model.name}: a doubted route is not last"
            if ref is None or c.per_request_usd == 0 or c.prices_used.tier:
                continue
            ratio = raw_per_request(raw_models_dev, c.provider_id, c.model_id) / ref
            if c.price_doubt:
                assert ratio >= DOUBT_RATIO or ratio <= 1 / DOUBT_RATIO, (model.name, c)
            else:
                spread.append(ratio)
                assert c.provider_id not in model.headline.maker_providers or ratio >= 1 - 1e-9
        if ref is None:
            assert not any(c.price_doubt for c in fit), model.name
    assert 1 <= len(doubted) <= 10, doubted
    assert ("Mistral Small (latest)", "helicone") in doubted
    assert min(spread) >= 1 / 20 and max(spread) <= 20


def _route(provider: str, per_request: float) -> RouteCost:
    return RouteCost(provider_id=provider, provider=provider.title(), model_id="m",
                     per_request_usd=per_request, per_day_usd=per_request * 10,
                     per_month_usd=per_request * 300,
                     prices_used=PricesUsed(input_per_m=per_request * 1000,
                                            output_per_m=per_request * 2000))


NO_MAKER = SimpleNamespace(headline=SimpleNamespace(maker_providers=()))


@pytest.mark.parametrize(("costs", "doubted"), [
    ([0.001, 0.5], []),  # two routes, no maker: which is wrong cannot be told
    ([0.001, 0.0012, 0.09], ["c"]),  # 75× the median of three
    ([0.00001, 0.001, 0.0012], ["a"]),  # 1/100 of the median: doubted too
    ([0.001, 0.002, 0.004, 0.03], []),  # a real reseller spread
    ([0.0, 0.001, 0.0011, 0.2], ["d"]),  # a free tier is not compared
])
def test_no_maker_route_compares_with_the_median(costs: list[float], doubted: list[str]) -> None:
    routes = [_route(chr(ord("a") + i), c) for i, c in enumerate(costs)]
    out = mark_doubts(NO_MAKER, routes)  # type: ignore[arg-type]
    assert [r.provider_id for r in out if r.price_doubt] == doubted
    assert sorted(r.provider_id for r in out) == [r.provider_id for r in routes]  # none lost
    for r in out:
        if r.price_doubt:
            assert "median of its" in r.price_doubt and "listing error" in r.price_doubt


def test_the_maker_price_is_the_reference_when_there_is_one() -> None:
    maker = SimpleNamespace(headline=SimpleNamespace(maker_providers=("b",)))
    routes = [_route("a", 0.0001), _route("b", 0.01), _route("c", 0.011)]
    out = mark_doubts(maker, routes)  # type: ignore[arg-type]
    assert [r.provider_id for r in out] == ["b", "c", "a"]  # the 1/100 route moved last
    assert out[-1].price_doubt and "B's own price" in out[-1].price_doubt


@pytest.mark.parametrize("question", [
    "what does mistral small cost for 40k calls a week, 1.2k tokens in and 300 out",
    "Mistral-Small monthly bill? ~5000 req/day, 800 tok prompt / 200 tok answer",
    "how much wud mistral small b per month at 2 million requests, 500 in 100 out tokens",
])
def test_answers_never_quote_the_doubtful_listing(installed, question: str) -> None:
    from advisor.agent import service

    answer = service.ask(question)
    assert any(c.name == "calculate_cost" for c in answer.tool_calls), answer.answer
    first = answer.answer.split("\n\n")
    lead = next(p for p in first if "costs" in p)
    assert "Helicone" not in lead and "$75" not in lead
    assert "listing error" in answer.answer
    report = next(c for c in answer.tool_calls if c.name == "calculate_cost").result
    dear = [r for r in report.routes if r.price_doubt]
    assert [r.provider_id for r in dear] == ["helicone"]
    assert f"{dear[0].per_month_usd:,.0f}" not in lead


def test_comparison_never_prices_a_model_at_a_doubtful_listing(installed) -> None:
    from advisor.tools.compare.costs import cost_section, traffic_of
    from advisor.tools.workload import Workload

    model = installed.resolve("mistral small")
    every = cost_section([model], traffic_of(Workload(input_tokens=IN, output_tokens=OUT,
                                                      requests=100_000)))
    assert every.costs[0].route and not every.costs[0].route.startswith("helicone/")
    only = cost_section([model], traffic_of(Workload(input_tokens=IN, output_tokens=OUT,
                                                     requests=100_000,
                                                     providers=["helicone"])))
    cost = only.costs[0]
    assert cost.per_month_usd is None  # not $25,714: the listing is doubted, not a price
    assert cost.message and "listing error" in cost.message
