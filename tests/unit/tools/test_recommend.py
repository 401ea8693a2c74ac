"""The recommendation tool: constraints checked against independent scans of the catalog.

Expected sets and figures are computed here from the catalog's own routes or the raw
models.dev data, never from the recommender's internals.
"""

import json

import pytest

from advisor.catalog import get_catalog, reset_catalog
from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.tools import TOOLS
from advisor.tools.capabilities import capability_values, license_of
from advisor.tools.errors import ToolInputError
from advisor.tools.format import usd
from advisor.tools.recommend import recommend
from advisor.tools.recommend.core import shortlist
from advisor.tools.workload import Workload

IN, OUT, REQ = 2000, 500, 1_000_000  # the settings' default workload


def keys(workload=None):
    return {c.profile.model.key for c in shortlist(workload)}


def models():
    return {m.key: m for m in get_catalog()}


def active(m):
    return [r for r in m.routes if r.status != "deprecated"]


def paid(r):
    p = r.prices
    return (p is not None and p.input is not None and p.output is not None
            and not (p.input == 0 and p.output == 0))


def fits_request(r, size=IN + OUT, out=OUT):
    return (r.context is None or r.context >= size) and (
        r.output_limit is None or r.output_limit >= out)


def raw_monthly(raw, route, requests=REQ, i=IN, o=OUT):
    cost = raw[route.provider_id]["models"][route.model_id]["cost"]
    return (i * cost["input"] + o * cost["output"]) / 1e6 * requests


def test_registered_and_documented():
    assert recommend in TOOLS
    assert "constraint" in (recommend.__doc__ or "")


def test_required_capability_filters_on_a_serving_route(raw_models_dev):
    base, vision = keys(), keys(Workload(required_capabilities=["vision"]))
    by_key = models()
    assert vision and vision < base
    for k in vision:
        m = by_key[k]
        assert capability_values(m)["vision"] is True
        # one active, paid route really takes images (read from the raw data)
        assert any("image" in raw_models_dev[r.provider_id]["models"][r.model_id]
                   ["modalities"]["input"] for r in active(m) if paid(r))
    for k in base - vision:  # excluded: the model's own (authoritative) capability is not
        m = by_key[k]        # vision, or no active paid route that fits takes images
        assert capability_values(m)["vision"] is not True or not any(
            "image" in r.modalities_in and paid(r) and fits_request(r) for r in active(m))


def test_open_weights_is_exactly_the_open_subset():
    base, open_ = keys(), keys(Workload(open_weights_only=True))
    by_key = models()
    assert open_ == {k for k in base if by_key[k].open_weights is True}


def test_licence_matches_leniently_and_counts_unknown_licences():
    base = keys()
    by_key = models()
    expected = {k for k in base if (license_of(by_key[k]) or "").lower().startswith("apache")}
    assert expected
    for spelling in ("apache", "Apache 2.0", "apache-2.0", "APACHE 2"):
        assert keys(Workload(licenses=[spelling])) == expected, spelling
    r = recommend(Workload(licenses=["apache"]))
    row = next(c for c in r.excluded if c.constraint == "licenses")
    assert row.field == "licenses" and row.unknown > 0
    assert any(f"{row.unknown} model(s) were excluded only because no licence" in n
               for n in r.notes)
    for pick in r.picks:
        assert "apache" in (pick.license or "").lower()


def test_min_context_and_providers_hold_on_the_costed_route():
    base = keys()
    by_key = models()
    ctx = keys(Workload(min_context=200_000))
    assert ctx and ctx < base
    for k in ctx:
        assert any((r.context or 0) >= 200_000 and paid(r) for r in active(by_key[k]))
    for k in base:
        routes = [r for r in active(by_key[k]) if paid(r)]
        if routes and all((r.context or 0) >= 200_000 for r in routes):
            assert k in ctx
    groq = keys(Workload(providers=["Groq"]))
    assert groq == {k for k in base if any(r.provider_id == "groq" and paid(r)
                                           and fits_request(r) for r in active(by_key[k]))}
    for pick in recommend(Workload(providers=["groq"])).picks:
        assert pick.route.provider_id == "groq"


def test_budget_math_from_raw_prices(raw_models_dev):
    budget = 300.0
    r = recommend(Workload(monthly_budget_usd=budget), top_k=5)
    assert r.picks
    for pick in r.picks:
        route = next(x for m in get_catalog() for x in m.routes
                     if x.provider_id == pick.route.provider_id
                     and x.model_id == pick.route.model_id)
        assert pick.monthly_cost_usd == pytest.approx(raw_monthly(raw_models_dev, route))
        assert pick.monthly_cost_usd <= budget
        assert usd(pick.monthly_cost_usd) in r.to_markdown()
    base, within = keys(), keys(Workload(monthly_budget_usd=budget))
    by_key = models()
    for k in base:  # decided the same way by every route: in iff under budget
        costs = [raw_monthly(raw_models_dev, x) for x in active(by_key[k]) if paid(x)]
        if costs and max(costs) <= budget:
            assert k in within
        if costs and min(costs) > budget:
            assert k not in within


def test_stated_and_default_traffic(raw_models_dev, settings):
    r = recommend(Workload(requests=3000, period="day", input_tokens=8000, output_tokens=1000))
    assert r.requests_per_month == 90_000 and "3,000 requests/day × 30 days" in r.assumptions[0]
    pick = r.picks[0]
    route = next(x for x in get_catalog().resolve(pick.model).routes
                 if x.provider_id == pick.route.provider_id and x.model_id == pick.route.model_id)
    assert pick.monthly_cost_usd == pytest.approx(
        raw_monthly(raw_models_dev, route, 90_000, 8000, 1000))

    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=settings.knowledge_dir,
                          default_requests_per_month=5000, _env_file=None))
    reset_catalog()
    r = recommend()
    assert r.requests_per_month == 5000 and "5,000 requests/month assumed" in r.assumptions[0]
    assert r.picks[0].monthly_cost_usd == pytest.approx(r.picks[0].route.per_request_usd * 5000)


def test_self_host_on_a_gpu_uses_parameter_arithmetic():
    r = recommend(Workload(self_host=True, gpu_memory_gb=24), top_k=10)
    passed = keys(Workload(self_host=True, gpu_memory_gb=24))
    cat = get_catalog()

    def need_gb(billions, bytes_per_param):  # weights + 10% + 0.5 GB, independently
        return billions * bytes_per_param * 1.1 + 0.5

    assert need_gb(31, 0.5) <= 24 and cat.resolve("Gemma 4 31B").key in passed
    assert need_gb(35, 0.5) <= 24 and cat.resolve("Qwen3.5 35B A3B").key in passed
    assert need_gb(122, 0.5) > 24 and cat.resolve("Qwen3.5 122B A10B").key not in passed
    # a curated model with no provider route at all is kept when self-hosting
    assert not cat.resolve("Gemma 4 E4B").routes and cat.resolve("Gemma 4 E4B").key in passed
    assert cat.resolve("Gemma 4 E4B").key not in keys()  # but cannot be costed when hosted
    for m in (models()[k] for k in passed):
        assert m.open_weights is True
    by_name = {p.model: p for p in r.picks}
    if "Qwen3.5 9B" in by_name:  # 9B × 2 bytes × 1.1 + 0.5 = 20.3 GB at BF16
        assert by_name["Qwen3.5 9B"].self_host_fit.startswith("BF16 (≈ 20.3 GB")
    row = next(c for c in r.excluded if c.constraint == "gpu_memory_gb")
    assert row.unknown > 0  # no parameter count: excluded, and counted as missing data
    assert r.mode == "self_host" and any("budget" in n for n in r.notes)


def test_free_routes_never_win_on_price(tmp_path, settings):
    def model(mid, cost, provider_extra=None):
        return {"id": mid, "name": mid, "family": "test", "tool_call": True,
                "structured_output": True, "release_date": "2026-01-01", "open_weights": True,
                "modalities": {"input": ["text"], "output": ["text"]},
                "limit": {"context": 128000, "output": 8192}, "cost": cost}

    def provider(name, models_):
        return {"id": name, "name": name.title(), "models": {m["id"]: m for m in models_}}

    data = {
        "freebie": provider("freebie", [model("alpha-70b", {"input": 0, "output": 0}),
                                        model("gamma-70b", {"input": 0, "output": 0})]),
        "pricey": provider("pricey", [model("alpha-70b", {"input": 1.0, "output": 2.0}),
                                      model("beta-70b", {"input": 0.5, "output": 1.0})]),
        "steady": provider("steady", [model("alpha-70b", {"input": 1.0, "output": 2.0}),
                                      model("beta-70b", {"input": 0.5, "output": 1.0})]),
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data))
    use_settings(Settings(data_dir=settings.data_dir, catalog_file=path,
                          knowledge_dir=PROJECT_ROOT / "knowledge", _env_file=None))
    reset_catalog()
    r = recommend()
    names = [p.model for p in r.picks]
    assert names == ["beta-70b", "alpha-70b"]  # gamma has only a $0 route: not costable
    alpha = r.picks[1]
    assert alpha.monthly_cost_usd == pytest.approx((2000 * 1.0 + 500 * 2.0) / 1e6 * REQ)
    assert alpha.free_route == "Freebie" and "$0 route on Freebie" in alpha.reason
    assert alpha.route.prices_used.input_per_m == 1.0
    priced = next(c for c in r.excluded if c.constraint == "priced")
    assert priced.excluded == 1
    assert "$1,500/month cheaper ($1,500 vs $3,000)" in r.picks[0].trade_off


def test_nothing_passes_names_the_constraint_to_relax():
    # BSD: with the whole catalog's licences on file, vision models under MIT now exist
    w = Workload(required_capabilities=["vision"], licenses=["BSD"])
    r = recommend(w)
    assert r.picks == [] and r.passed == 0
    best = r.relaxations[0]
    vision_only = keys(Workload(required_capabilities=["vision"]))
    assert best.constraint == "licenses" and best.field == "licenses"
    assert best.unlocks == len(vision_only)
    cat = get_catalog()
    assert best.examples and all(cat.resolve(n).key in vision_only for n in best.examples)
    assert "licence: BSD" in r.message and str(best.unlocks) in r.message
    assert any("Licences on file" in n for n in r.notes)

    tight = recommend(Workload(required_capabilities=["vision"], monthly_budget_usd=1))
    cheapest = min(c.monthly_usd for c in shortlist(Workload(required_capabilities=["vision"])))
    relax = tight.relaxations[0]
    assert relax.constraint == "monthly_budget_usd"
    assert relax.cheapest_monthly_usd == pytest.approx(cheapest)
    assert f"${cheapest:,.2f}/month" in tight.message


def test_picks_are_explained_from_their_own_scores():
    r = recommend(Workload(use_case="coding"), top_k=3)
    assert len(r.picks) == 3 and sum(r.scoring.values()) == pytest.approx(1.0)
    assert [p.score for p in r.picks] == sorted((p.score for p in r.picks), reverse=True)
    for i, p in enumerate(r.picks):
        assert p.score == pytest.approx(sum(c.points for c in p.components), abs=1e-3)
        assert all(c.detail for c in p.components)
        assert any(c.detail in p.reason for c in p.components)
        assert p.trade_off and p.route is not None and p.monthly_cost_usd > 0
        if i + 1 < len(r.picks):
            assert r.picks[i + 1].model in p.trade_off
    assert len({p.reason for p in r.picks}) == 3
    md = r.to_markdown()
    assert "| # | Model | Monthly cost |" in md and "Trade-offs:" in md and "Sources:" in md
    assert all(p.model in md for p in r.picks)
    assert recommend(Workload(use_case="coding")).model_dump() == recommend(
        Workload(use_case="coding")).model_dump()


def test_niche_single_route_models_are_set_aside_and_counted():
    r = recommend()
    assert r.set_aside > 0 and any(str(r.set_aside) in n for n in r.notes)
    for p in r.picks:
        assert len({x.provider_id for x in active(get_catalog().resolve(p.model))}) >= 2 or (
            get_catalog().resolve(p.model).curated is not None)


@pytest.mark.parametrize("workload, field, hint", [
    ({"monthly_budget_usd": -5}, "monthly_budget_usd", "greater than or equal to 0"),
    ({"required_capabilities": ["tool_use"]}, "required_capabilities", "function_calling"),
    ({"required_capabilities": ["vison"]}, "required_capabilities", "vision"),
    ({"providers": ["grok"]}, "providers", "Groq"),
    ({"licenses": ["!!"]}, "licenses", "names no licence"),
    ({"gpu_memory_gb": 0}, "gpu_memory_gb", "greater than 0"),
    ("lots", "workload", "expected a workload"),
])
def test_bad_input_names_the_field(workload, field, hint):
    with pytest.raises(ToolInputError) as err:
        recommend(workload)
    assert err.value.field == field and hint in str(err.value)


def test_bad_values_set_after_construction_and_bad_top_k():
    w = Workload()
    w.monthly_budget_usd = -1.0  # pydantic does not re-validate on assignment
    with pytest.raises(ToolInputError, match="monthly_budget_usd"):
        recommend(w)
    for k in (0, 11, 2.5):
        with pytest.raises(ToolInputError, match="top_k"):
            recommend(None, top_k=k)


def test_deprecated_routes_do_not_count():
    cands = shortlist()
    assert all(c.paid.offering.status != "deprecated" for c in cands)
    gone = [m for m in get_catalog() if m.routes
            and all(r.status == "deprecated" for r in m.routes)]
    assert gone  # the bundled data has some
    assert not {m.key for m in gone} & {c.profile.model.key for c in cands}
    row = next(c for c in recommend().excluded if c.constraint == "available")
    assert row.excluded >= 1


@pytest.mark.parametrize("ceilings", [{"max_output_price_per_m": 3.0},
                                      {"max_input_price_per_m": 0.5},
                                      {"max_input_price_per_m": 1, "max_output_price_per_m": 2}])
def test_price_ceilings_keep_only_routes_priced_under_them(raw_models_dev, ceilings):
    """A ceiling on $/1M is a constraint on the route's listed price, never a workload."""
    lim_in = ceilings.get("max_input_price_per_m", float("inf"))
    lim_out = ceilings.get("max_output_price_per_m", float("inf"))
    base = keys()
    capped = keys(Workload(**ceilings))
    assert capped and capped < base
    by_key = models()

    def under(route):  # from the raw models.dev prices, not the advisor's parsed ones
        cost = raw_models_dev[route.provider_id]["models"][route.model_id].get("cost") or {}
        return cost.get("input", 1e9) <= lim_in and cost.get("output", 1e9) <= lim_out

    for k in capped:
        assert any(paid(r) and under(r) for r in active(by_key[k])), k
    result = recommend(Workload(requests=50_000, period="day", **ceilings), top_k=5)
    assert result.picks
    for pick in result.picks:
        used = pick.route.prices_used
        assert used.input_per_m <= lim_in and used.output_per_m <= lim_out
    assert "priced at most" in result.lead
    assert "priced at most" in result.to_markdown()  # the exclusion is named
    with pytest.raises(ValueError, match="max_output_price_per_m"):
        Workload(max_output_price_per_m=-1)
