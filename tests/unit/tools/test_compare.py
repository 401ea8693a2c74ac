"""Comparison reports checked against the raw models.dev data and the curated files."""

import json
import re

import pytest
import yaml

from advisor.catalog import UnknownModelError, get_catalog
from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.tools.compare import compare_models
from advisor.tools.compare.costs import CostSection, Traffic
from advisor.tools.compare.profile import ModelProfile, PriceRef
from advisor.tools.compare.reasons import friction, tradeoffs
from advisor.tools.errors import ToolInputError
from advisor.tools.workload import Workload

MODELS = PROJECT_ROOT / "knowledge" / "models"


def raw_cheapest_paid(raw, model_name, input_tokens, output_tokens):
    """Cheapest per-request cost over a model's routes, from raw prices, $0 listings left out."""
    best = None
    for route in get_catalog().resolve(model_name).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if "input" not in cost or "output" not in cost:
            continue
        if cost["input"] == 0 and cost["output"] == 0:
            continue
        per_request = (input_tokens * cost["input"] + output_tokens * cost["output"]) / 1e6
        if best is None or per_request < best[0]:
            best = (per_request, route.provider_id)
    return best


def raw_list_price(raw, model_name, input_tokens, output_tokens):
    """The maker's own routes' cheapest paid cost from raw prices, else the cheapest route."""
    makers = yaml.safe_load((PROJECT_ROOT / "knowledge" / "makers.yaml").read_text())
    model = get_catalog().resolve(model_name)
    row = next((r for r in makers["makers"]
                if any(re.search(k, model.key) for k in r["keys"])), {})
    own = set(row.get("providers", []))
    best = None
    for route in model.routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if route.provider_id not in own or not cost.get("input") or "output" not in cost:
            continue
        per_request = (input_tokens * cost["input"] + output_tokens * cost["output"]) / 1e6
        if best is None or per_request < best[0]:
            best = (per_request, route.provider_id)
    return best or raw_cheapest_paid(raw, model_name, input_tokens, output_tokens)


def test_monthly_cost_and_delta_match_raw_list_prices(raw_models_dev):
    workload = Workload(requests=1000, period="day", input_tokens=3000, output_tokens=700)
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"], workload)
    gemma = raw_list_price(raw_models_dev, "Gemma 3 4B", 3000, 700)
    qwen = raw_list_price(raw_models_dev, "Qwen3.5 122B A10B", 3000, 700)
    assert qwen[1] == "alibaba"  # Alibaba's own API is Qwen's list price
    costs = {c.model: c for c in report.cost.costs}
    assert costs["Qwen3.5 122B A10B"].basis == "maker list price"
    assert costs["Gemma 3 4B"].basis == "cheapest route, no maker price"
    assert costs["Gemma 3 4B"].per_month_usd == pytest.approx(gemma[0] * 30_000, rel=1e-9)
    assert costs["Qwen3.5 122B A10B"].per_month_usd == pytest.approx(qwen[0] * 30_000, rel=1e-9)
    (delta,) = report.cost.deltas
    assert delta.extra_per_month_usd == pytest.approx((qwen[0] - gemma[0]) * 30_000, rel=1e-9)
    assert "On each model's cheapest paid route instead" in report.cost.summary


def test_monthly_cost_and_delta_match_raw_prices(raw_models_dev):
    workload = Workload(requests=1000, period="day", input_tokens=3000, output_tokens=700,
                        price_basis="cheapest")
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"], workload)
    gemma = raw_cheapest_paid(raw_models_dev, "Gemma 3 4B", 3000, 700)
    qwen = raw_cheapest_paid(raw_models_dev, "Qwen3.5 122B A10B", 3000, 700)
    costs = {c.model: c for c in report.cost.costs}
    assert costs["Gemma 3 4B"].per_month_usd == pytest.approx(gemma[0] * 30_000, rel=1e-9)
    assert costs["Qwen3.5 122B A10B"].per_month_usd == pytest.approx(qwen[0] * 30_000, rel=1e-9)
    assert costs["Gemma 3 4B"].route.startswith(gemma[1] + "/")
    (delta,) = report.cost.deltas
    assert delta.model == "Qwen3.5 122B A10B" and delta.versus == "Gemma 3 4B"
    assert delta.extra_per_month_usd == pytest.approx((qwen[0] - gemma[0]) * 30_000, rel=1e-9)
    assert "from your workload" in report.cost.traffic.stated


def test_default_traffic_comes_from_the_settings_and_is_stated(raw_models_dev, settings):
    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=settings.knowledge_dir,
                          default_requests_per_month=5000, default_input_tokens=1000,
                          default_output_tokens=100, _env_file=None))
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"])
    gemma = raw_list_price(raw_models_dev, "Gemma 3 4B", 1000, 100)
    assert report.cost.traffic.requests_per_month == 5000
    assert report.cost.costs[0].per_month_usd == pytest.approx(gemma[0] * 5000, rel=1e-9)
    stated = report.cost.traffic.stated
    assert "5,000 requests a month" in stated and "default settings" in stated
    assert "ADVISOR_" not in stated  # plain words, no setting names in prose


def test_context_ratio_headline():
    # Llama Guard 2 8B: curated only, 8,192 tokens; Qwen3.5 4B: 262,144 (route and card)
    guard = yaml.safe_load((MODELS / "llama-guard-2-8b.yaml").read_text())
    small = guard["facts"]["context_window"][0]["value"]
    report = compare_models(["Llama Guard 2 8B", "Qwen3.5 4B"])
    assert small == 8192 and report.context_ratio == 262_144 / small == 32
    assert report.headline.startswith("Qwen3.5 4B fits 32× more tokens than Llama Guard 2 8B")
    context = next(r for t in report.tradeoffs if t.model == "Qwen3.5 4B"
                   for r in t.reasons if r.kind == "context")
    assert "32×" in context.text


def test_free_routes_are_flagged_never_the_cheapest():
    report = compare_models(["Qwen3.5 122B A10B", "Qwen3.5 4B"])
    big, small = report.profiles
    assert any(r.startswith("nvidia/") for r in big.free_routes)
    assert big.cheapest_output.output_per_m > 0  # the $0 listing is not "cheapest"
    costs = {c.model: c for c in report.cost.costs}
    assert not costs["Qwen3.5 122B A10B"].route.startswith("nvidia/")
    # only a $0 listing: no cost is claimed, and the reason says why
    assert small.cheapest_output is None and small.free_routes
    assert costs["Qwen3.5 4B"].per_month_usd is None and "$0" in costs["Qwen3.5 4B"].message
    text = report.to_markdown()
    assert "free tier" in text and "Cost delta unavailable" in text


def test_missing_prices_are_said_as_missing():
    report = compare_models(["Llama Guard 2 8B", "Gemma 3 4B"])
    guard = next(c for c in report.cost.costs if c.model == "Llama Guard 2 8B")
    assert guard.per_month_usd is None and "no provider route" in guard.message
    pricing = {r.label: r.values for r in report.pricing}
    assert pricing["Cheapest output (paid route)"][0] == "no price in the catalog"
    assert "$0" not in pricing["Cheapest output (paid route)"][0]
    friction_items = next(f for f in report.friction if f.to_model == "Llama Guard 2 8B").items
    assert any("no provider route" in i for i in friction_items)


def test_switch_friction_both_ways():
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"])
    cat = get_catalog()
    shared = sorted({r.provider_id for r in cat.resolve("Gemma 3 4B").routes}
                    & {r.provider_id for r in cat.resolve("Qwen3.5 122B A10B").routes})
    up, down = report.friction
    assert (up.from_model, up.to_model) == ("Gemma 3 4B", "Qwen3.5 122B A10B")
    assert up.shared_providers == down.shared_providers == shared and shared
    assert any("Context window shrinks" in i for i in down.items)
    assert not any("Context window shrinks" in i for i in up.items)
    assert any(i.startswith("Gains") and "Reasoning" in i for i in up.items)
    assert any(i.startswith("Loses") and "Reasoning" in i for i in down.items)
    assert any("Licence changes" in i for i in up.items)


def test_shared_benchmarks_side_by_side_with_sources():
    gemma = yaml.safe_load((MODELS / "gemma-3-4b.yaml").read_text())["benchmarks"]
    qwen = yaml.safe_load((MODELS / "qwen3.5-122b-a10b.yaml").read_text())["benchmarks"]
    common = {b["name"] for b in gemma} & {b["name"] for b in qwen}
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"])
    assert {b.name for b in report.shared_benchmarks} == common and common
    overall = next(b for b in report.shared_benchmarks if b.name.startswith("Vision Evals overall"))
    assert overall.scores == {"Gemma 3 4B": 37.31, "Qwen3.5 122B A10B": 76.12}
    assert all("seeds/004" in s for s in overall.sources.values()) and overall.same_source
    scorecard = {r.label: r.values for r in report.scorecard}
    assert scorecard["Shared benchmarks"] == [str(len(common))] * 2
    kinds = {t.model: {r.kind for r in t.reasons} for t in report.tradeoffs}
    assert "benchmarks" in kinds["Qwen3.5 122B A10B"] and "benchmarks" not in kinds["Gemma 3 4B"]


def profile(name, **facts):
    base = dict(name=name, key=name.lower(), capabilities={"vision": False, "reasoning": True},
                context_window=8192, max_output=4096, route_count=2, providers=["p"],
                open_weights=True, license="Apache 2.0", commercial_use="permitted",
                parameters_total_b=8.0, parameters_active_b=8.0, self_host_gb=4.9,
                cheapest_output=PriceRef(input_per_m=0.1, output_per_m=0.2, provider="P",
                                         provider_id="p", model_id="m"))
    base.update(facts)
    return ModelProfile(**base)


def no_costs():
    traffic = Traffic(requests_per_month=1, input_tokens=1, output_tokens=1, stated="test")
    return CostSection(traffic=traffic, costs=[], summary="")


def test_identical_data_gives_no_reason_and_says_so():
    a, b = profile("A"), profile("B")
    result = tradeoffs([a, b], no_costs(), None)
    assert all(t.reasons == [] for t in result)
    assert all("no advantage" in t.none_found for t in result)
    items = friction(a, b, no_costs(), None).items
    assert not any(w in " ".join(items) for w in ("Loses", "Gains", "shrinks", "Licence"))


@pytest.mark.parametrize("change, kind, needle", [
    ({"context_window": 262_144}, "context", "32× more tokens: 262,144 tokens vs 8,192"),
    ({"max_output": 65_536}, "output", "65,536 output tokens vs 4,096"),
    ({"capabilities": {"vision": True, "reasoning": True}}, "capabilities", "Vision"),
    ({"cheapest_output": PriceRef(input_per_m=0.1, output_per_m=0.05, provider="Q",
                                  provider_id="q", model_id="m")}, "price", "4× lower"),
    ({"route_count": 9}, "providers", "9 vs 2"),
    ({"self_host_gb": 2.0, "parameters_total_b": 2.0}, "hardware", "Lighter"),
    ({"parameters_active_b": 1.0}, "hardware", "fewer weights"),
    ({"best_for": ["coding"], "best_for_sources": ["seeds/x.txt"]}, "best_for", "coding"),
])
def test_one_difference_gives_exactly_that_reason(change, kind, needle):
    a, b = profile("A"), profile("B", **change)
    result = {t.model: t for t in tradeoffs([a, b], no_costs(), None)}
    assert result["A"].reasons == []
    assert [r.kind for r in result["B"].reasons] == [kind]
    assert needle in result["B"].reasons[0].text


def test_cheapest_at_traffic_is_a_reason_even_when_output_prices_tie():
    from advisor.tools.compare.costs import ModelCost

    a, b = profile("A"), profile("B")  # same output price per token
    costs = no_costs()
    costs.costs = [ModelCost(model="A", per_month_usd=30.0, provider="P"),
                   ModelCost(model="B", per_month_usd=12.5, provider="Q")]
    result = {t.model: t for t in tradeoffs([a, b], costs, None)}
    assert result["A"].reasons == []
    (reason,) = result["B"].reasons
    assert reason.kind == "price" and "$12.50 a month on Q vs $30.00 for A" in reason.text


def test_workload_needs_are_named_in_reasons_and_friction():
    work = Workload(min_context=100_000, required_capabilities=["vision"], gpu_memory_gb=3)
    a = profile("A")
    b = profile("B", context_window=262_144, capabilities={"vision": True, "reasoning": True},
                self_host_gb=2.0)
    reasons = " ".join(r.text for r in tradeoffs([a, b], no_costs(), work)[1].reasons)
    assert "needs 100,000 tokens" in reasons and "requires Vision" in reasons
    assert "Only it fits your 3 GB" in reasons
    items = friction(b, a, no_costs(), work).items
    assert any("below the 100,000 tokens your workload needs" in i for i in items)


def test_openness_and_licence_reasons_need_known_differences():
    closed = profile("Closed", open_weights=False, license="Proprietary",
                     commercial_use="conditional: terms apply")
    unknown = profile("Unknown", open_weights=None, license=None, commercial_use=None)
    result = {t.model: t for t in tradeoffs([profile("Open"), closed], no_costs(), None)}
    assert {r.kind for r in result["Open"].reasons} == {"openness", "license"}
    result = {t.model: t for t in tradeoffs([profile("Open"), unknown], no_costs(), None)}
    assert result["Open"].reasons == []  # unknown is not "no"


def test_unknown_capability_is_named_in_friction_not_counted_as_lost():
    a = profile("A", capabilities={"vision": True, "reasoning": True})
    b = profile("B", capabilities={"vision": None, "reasoning": True})
    items = friction(a, b, no_costs(), None).items
    assert any("does not say" in i and "Vision" in i for i in items)
    assert not any(i.startswith("Loses") for i in items)
    assert tradeoffs([a, b], no_costs(), None)[0].reasons == []


def test_three_models_and_structured_output():
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B", "Gemma 4 31B"])
    assert len(report.models) == 3 and len(report.tradeoffs) == 3
    assert len(report.friction) == 6
    assert all(len(r.values) == 3 for r in [*report.scorecard, *report.specs,
                                            *report.pricing, *report.capabilities])
    data = json.loads(report.model_dump_json())
    assert data["models"] == report.models and data["cost"]["costs"]
    text = report.to_markdown()
    for section in ("Decision scorecard", "Decision trade-offs", "Monthly cost at traffic",
                    "Switch friction", "Specs", "Pricing and availability", "Capabilities",
                    "Benchmarks"):
        assert f"### {section}" in text


def test_provider_filter_limits_the_priced_routes():
    report = compare_models(["Gemma 3 4B", "Qwen3.5 122B A10B"],
                            Workload(providers=["openrouter"]))
    assert all(c.route.startswith("openrouter/") for c in report.cost.costs)
    assert all(p.cheapest_output.provider_id == "openrouter" for p in report.profiles)


@pytest.mark.parametrize("models, error", [
    ([], ToolInputError), (["gemma 3 4b"], ToolInputError),
    (["gemma 3 4b", "Gemma-3-4B"], ToolInputError),
    (["gemma 3 4b", "nosuchmodel-xyz"], UnknownModelError),
])
def test_bad_model_lists(models, error):
    with pytest.raises(error):
        compare_models(models)
