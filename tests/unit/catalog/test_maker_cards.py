"""Mistral AI's own model cards (bundled): licences, sizes, deprecations, against the raw rows.

Every expectation is computed from the bundled file itself (``knowledge/data/mistral_docs``),
not typed in, so a re-conversion at a newer commit keeps the tests meaningful.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from typing import Any

import pytest

from advisor.catalog import models_dev
from advisor.catalog.catalog import Catalog, build_catalog
from advisor.catalog.sources.coverage import coverage
from advisor.catalog.sources.families import load_parameter_rules, load_rules
from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.tools.recommend import recommend
from advisor.tools.recommend.profiles import build_profile
from advisor.tools.specs import spec_sheet

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _cards() -> list[dict[str, Any]]:
    with gzip.open(KNOWLEDGE / "data" / "mistral_docs.json.gz", "rt", encoding="utf-8") as fh:
        body = json.load(fh)
    assert body["provenance"]["commit"] and body["provenance"]["licence"] == "Apache-2.0"
    return body["models"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    use_settings(Settings(data_dir=tmp_path_factory.mktemp("cards"), knowledge_dir=KNOWLEDGE,
                          _env_file=None))
    try:
        yield build_catalog(models_dev.read_raw(), "test")
    finally:
        use_settings(None)


def _own_routes(catalog: Catalog) -> dict[str, Any]:
    """``mistral/<id>`` route → model, for every route on Mistral's own provider."""
    return {r.route: m for m in catalog for r in m.routes if r.provider_id == "mistral"}


def _unique_names(cards: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    uses = Counter(n for c in cards for n in c["api_names"])
    return [(n, c) for c in cards for n in c["api_names"] if uses[n] == 1]


def test_every_card_on_mistrals_own_route_gives_its_licence_and_size(catalog):
    own = _own_routes(catalog)
    checked = 0
    for name, card in _unique_names(_cards()):
        model = own.get(f"mistral/{name}")
        weights = card["weights"]
        licences = {w["license"] for w in weights}
        totals = {w["total_b"] for w in weights} - {None}
        if model is None or len(licences) != 1 or len(totals) != 1:
            continue
        # A catalog model that groups two releases carries both cards' claims: find this one's.
        claims = [c for c in model.facts["license"].claims
                  if c.source.key == "mistral-docs" and card["path"] in (c.source.url or "")]
        assert len(claims) == 1, (name, model.name)
        # The card's short names are spelled the way the family rules spell them.
        raw = next(iter(licences))
        assert claims[0].value.endswith(f"({raw})") or claims[0].value == raw
        sizes = [c.value for c in model.facts["parameters_total_b"].claims
                 if c.source.key == "mistral-docs" and card["path"] in (c.source.url or "")]
        assert sizes == [next(iter(totals))], name
        checked += 1
    assert checked >= 10


def test_mixture_of_experts_cards_give_the_active_count(catalog):
    mixtral = catalog.resolve("mistral/open-mixtral-8x7b")
    card = next(c for c in _cards() if "open-mixtral-8x7b" in c["api_names"])
    assert mixtral.fact_value("parameters_total_b") == card["weights"][0]["total_b"]
    assert mixtral.fact_value("parameters_active_b") == card["weights"][0]["active_b"]
    assert mixtral.fact_value("parameters_active_b") < mixtral.fact_value("parameters_total_b")


def test_a_retired_card_marks_only_mistrals_own_route(catalog):
    own = _own_routes(catalog)
    ended = [(n, c) for n, c in _unique_names(_cards())
             if c["status"] in ("Deprecated", "Retired") and f"mistral/{n}" in own]
    assert len(ended) >= 5
    for name, card in ended:
        model = own[f"mistral/{name}"]
        notice = next(n for n in model.lifecycle if n.route == f"mistral/{name}")
        assert notice.status == card["status"].lower()
        assert notice.deprecation_date == card["deprecation_date"]
        assert notice.retirement_date == card["retirement_date"]
        assert notice.successor == card["replacement"]
        assert all(n.route.startswith("mistral/") for n in model.lifecycle)


def test_active_cards_leave_routes_alone(catalog):
    own = _own_routes(catalog)
    for name, card in _unique_names(_cards()):
        if card["status"] == "GA" and f"mistral/{name}" in own:
            model = own[f"mistral/{name}"]
            assert f"mistral/{name}" not in {n.route for n in model.lifecycle}


def test_a_model_is_deprecated_only_when_every_route_is(catalog):
    for model in catalog:
        marked = model.deprecated_routes
        assert model.deprecated == (bool(model.routes)
                                    and all(r.route in marked for r in model.routes))
        assert {n.route for n in model.lifecycle} <= marked


def test_specs_show_dates_and_successor_of_a_retired_route(catalog):
    model = catalog.resolve("mistral/devstral-small-2505")
    card = next(c for c in _cards() if "devstral-small-2505" in c["api_names"])
    sheet = spec_sheet(model)
    view = next(v for v in sheet.lifecycle if v.route == "mistral/devstral-small-2505")
    text = sheet.to_markdown()
    assert view.successor == card["replacement"] and card["replacement"] in text
    assert card["retirement_date"] in text and card["deprecation_date"] in text
    assert sheet.deprecated == model.deprecated


def test_recommend_counts_no_route_a_maker_retired_as_available(catalog):
    # Models whose routes only the maker's card retires (models.dev still lists them active).
    only_card = [m for m in catalog if m.lifecycle
                 and any(r.status != "deprecated" for r in m.routes
                         if r.route in {n.route for n in m.lifecycle})]
    assert only_card
    for model in only_card:
        profile = build_profile(model)
        retired = {n.route for n in model.lifecycle}
        assert not any(r.offering.route in retired for r in profile.active_routes), model.name
        assert bool(profile.active_routes) == (not model.deprecated), model.name


def test_recommend_never_picks_a_deprecated_model(catalog):
    deprecated = {m.name for m in catalog if m.deprecated}
    assert deprecated
    for use_case in ("coding", "agents", "on_device"):
        result = recommend(use_case=use_case, top_k=10)
        assert result.picks and not {p.model for p in result.picks} & deprecated


# --- coverage: every fact sourced, and no fall below what the rules reach --------------------
def test_coverage_does_not_fall_below_what_was_reached(catalog):
    cov = coverage(catalog, KNOWLEDGE, catalog.as_of)
    n = cov.open_priced
    assert n >= 500
    # Reached with the bundled sources and rules on 2026-12-02: 434/526 and 424/526.
    assert cov.with_parameters / n >= 0.82
    assert cov.with_licence / n >= 0.80
    assert cov.models_with_dated_benchmarks >= 150


def test_every_licence_and_size_of_an_open_model_names_its_source(catalog):
    for model in catalog:
        for field in ("license", "parameters_total_b", "parameters_active_b"):
            fact = model.facts.get(field)
            if fact is None:
                continue
            for claim in fact.claims:
                src = claim.source
                assert src.title and (src.url or src.ref) and claim.as_of, (model.name, field)


def test_every_parameter_row_cites_a_url_and_a_date_and_a_plausible_size():
    for rule in load_parameter_rules(KNOWLEDGE):
        assert rule.source.url and rule.source.url.startswith("https://"), rule.family
        assert rule.source.as_of, rule.family
        assert 0 < rule.total_b <= 5000, rule.family
        assert rule.active_b is None or 0 < rule.active_b < rule.total_b, rule.family


def test_licence_rules_that_name_one_family_do_not_claim_another():
    # A rule for one release must not match the names of its neighbours (4.7 is not 4.6).
    rules = {r.family: r for r in load_rules(KNOWLEDGE)}
    cases = {
        "GLM-5.1": (["glm-5.1", "zai-org/glm-5.1-fp8", "glm-5p1"], ["glm-5", "glm-5-turbo"]),
        "Kimi K2.6": (["kimi-k2.6", "moonshotai/kimi-k2p6"], ["kimi-k2.5", "kimi-k2"]),
        "DeepSeek V3.2": (["deepseek-v3.2", "deepseek.v3.2", "deepseek-3.2"],
                          ["deepseek-v3.2-exp", "deepseek-v3.1"]),
        "Llama Guard 3": (["meta-llama/llama-guard-3-8b"], ["llama-guard-4-12b"]),
        "Whisper": (["openai/whisper-large-v3", "whisper-large-v3-turbo"],
                    ["kblab/kb-whisper-large"]),
        "DeepSeek V3": (["deepseek-ai/deepseek-v3", "deepseek-v3-base"],
                        ["deepseek-v3p1", "deepseek-v3-1", "deepseek-v3.2-exp",
                         "deepseek-v3-2-exp"]),
        "DeepSeek V4": (["deepseek-v4-pro", "alicloud-deepseek-v4-flash"],
                        ["empiriolabs/deepseek-v4-flash-el"]),
        "GLM-4.7": (["glm-4.7", "glm-4p7", "zai-org/glm-4.7-fp8"], ["glm-4.7-flash", "glm-4.6"]),
        "FLUX.1 [dev] models": (["flux_1-kontext-dev", "flux.1-dev"], ["flux_1-schnell"]),
        "Cohere Command R and Command A open-weight releases": (
            ["cohere/command-r-plus-08-2024", "command-r7b-12-2024", "command-a-vision-07-2025"],
            ["command-a-plus-05-2026", "cohere-embed-v3-english"]),
    }
    for family, (hits, misses) in cases.items():
        rule = rules[family]
        assert all(rule.applies([h]) for h in hits), family
        assert not any(rule.applies([m]) for m in misses), family


def test_cost_notes_carry_the_makers_retirement_and_successor(catalog):
    from advisor.tools.cost_sources import route_notes

    model = catalog.resolve("mistral/devstral-small-2505")
    card = next(c for c in _cards() if "devstral-small-2505" in c["api_names"])
    notes = route_notes(model, "mistral/devstral-small-2505")
    text = " ".join(notes)
    assert card["retirement_date"] in text and card["replacement"] in text
    other = next(r.route for r in model.routes if not r.route.startswith("mistral/"))
    assert not any("by the maker" in n for n in route_notes(model, other))
