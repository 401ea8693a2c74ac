"""Headline facts follow the maker's word: checked against the raw models.dev data."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml

from advisor.catalog.validate import EARLIEST_DATE, parse_date
from tests.unit.catalog.conftest import KNOWLEDGE

MODS = ("text", "image", "audio", "video", "pdf")


def _raw(raw: dict[str, Any], route: str) -> dict[str, Any]:
    provider, model_id = route.split("/", 1)
    models = raw[provider]["models"]
    return next(m for k, m in models.items() if (m.get("id") or k) == model_id)


def _maker_providers() -> list[tuple[list[str], list[str]]]:
    data = yaml.safe_load((KNOWLEDGE / "makers.yaml").read_text())
    return [(row["keys"], row["providers"]) for row in data["makers"]]


def _own_providers(key: str, makers) -> set[str]:
    """The first-party providers of the first makers.yaml row whose pattern matches the key."""
    return next((set(providers) for keys, providers in makers
                 if any(re.search(k, key) for k in keys)), set())


def _mods(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    seen = set(values)
    return tuple([m for m in MODS if m in seen] + sorted(seen - set(MODS)))


READ = {  # headline field → how the raw models.dev entry states it
    "context_window": lambda m: (m.get("limit") or {}).get("context") or None,
    "max_output": lambda m: (m.get("limit") or {}).get("output") or None,
    "modalities_in": lambda m: _mods((m.get("modalities") or {}).get("input")),
    "modalities_out": lambda m: _mods((m.get("modalities") or {}).get("output")),
    "open_weights": lambda m: bool(m.get("open_weights")),
    "tool_call": lambda m: bool(m.get("tool_call")),
    "reasoning": lambda m: bool(m.get("reasoning")),
    "attachment": lambda m: bool(m.get("attachment")),
    "structured_output": lambda m: m.get("structured_output"),
    "release_date": lambda m: m.get("release_date") or None,
    "knowledge_cutoff": lambda m: m.get("knowledge") or None,
}
RAW_KEY = {"context_window": "limit.context", "max_output": "limit.output",
           "release_date": "release_date", "knowledge_cutoff": "knowledge"}


def _expected(raw, model, field, refused, makers) -> Any:
    """The authority rule computed afresh from the raw listings (refused values left out)."""
    own = _own_providers(model.key, makers)
    votes: Counter[Any] = Counter()
    own_votes: Counter[Any] = Counter()
    for r in model.routes:
        if (r.route, RAW_KEY.get(field)) in refused:
            continue
        value = READ[field](_raw(raw, r.route))
        if value is None:
            continue
        votes[value] += 1
        if r.provider_id in own:
            own_votes[value] += 1
    pool = own_votes or votes
    if not pool:
        return None
    top = max(pool.values())
    tied = [v for v, n in pool.items() if n == top]
    return min(tied, key=lambda v: (len(v), v) if isinstance(v, tuple) else v)


def test_every_headline_value_follows_the_authority_rule(whole_catalog, raw_models_dev):
    refused = {(w.route, w.field) for w in whole_catalog.warnings}
    makers = _maker_providers()
    checked = Counter()
    for model in whole_catalog:
        for field in READ:
            if model.authority(field) in ("curated", "lab"):
                continue
            got = model.headline.values.get(field)
            want = _expected(raw_models_dev, model, field, refused, makers)
            assert got == want, (model.key, field, got, want)
            checked[model.authority(field)] += 1
    assert checked["maker"] > 1000 and checked["majority"] > 1000


def test_disagreements_count_every_listing_that_states_the_field(whole_catalog):
    for model in whole_catalog:
        for d in model.disagreements:
            assert d.others, (model.key, d.field)
            assert all(o.value != d.value for o in d.others)
            routes = [*d.agreeing, *(x for o in d.others for x in o.routes)]
            assert len(routes) == len(set(routes)) == d.listings <= len(model.routes)
            assert set(routes) <= {r.route for r in model.routes}
            if d.authority == "maker":
                assert set(d.source.split(", ")) <= {r.route for r in model.maker_routes}


def test_gpt5_release_date_and_output_modalities_are_openais(whole_catalog, raw_models_dev):
    openai = raw_models_dev["openai"]["models"]["gpt-5"]
    gpt5 = whole_catalog.resolve("gpt-5")
    assert gpt5.maker == "OpenAI" and gpt5.authority("release_date") == "maker"
    assert gpt5.release_date == openai["release_date"] == "2025-08-07"
    assert gpt5.modalities_out == tuple(openai["modalities"]["output"]) == ("text",)
    assert gpt5.context_window == openai["limit"]["context"]
    # the reseller that lists audio and image output is counted, not believed
    listed = [r.route for r in gpt5.routes
              if "audio" in (_raw(raw_models_dev, r.route)["modalities"]["output"])]
    d = gpt5.disagreement("modalities_out")
    assert listed and d is not None
    assert sorted(x for o in d.others for x in o.routes) == sorted(listed)


def test_a_claude_model_keeps_anthropics_200k_context(whole_catalog, raw_models_dev):
    anthropic = raw_models_dev["anthropic"]["models"]["claude-sonnet-4-5"]
    model = whole_catalog.resolve("claude-sonnet-4-5")
    assert model.context_window == anthropic["limit"]["context"] == 200_000
    million = sorted(r.route for r in model.routes
                     if (_raw(raw_models_dev, r.route).get("limit") or {}).get("context",
                                                                              0) >= 1_000_000)
    d = model.disagreement("context_window")
    assert million and d is not None and d.authority == "maker"
    assert sorted(x for o in d.others if o.value >= 1_000_000 for x in o.routes) == million


def test_openness_comes_from_the_maker_never_a_reseller(whole_catalog, raw_models_dev):
    flipped = 0
    for model in whole_catalog:
        own = list(model.maker_routes)
        if not own or model.authority("open_weights") in ("curated", "lab"):
            continue
        maker_says = Counter(bool(_raw(raw_models_dev, r.route).get("open_weights"))
                             for r in own).most_common(1)[0][0]
        assert model.open_weights is maker_says, model.key
        others = {bool(_raw(raw_models_dev, r.route).get("open_weights")) for r in model.routes}
        if len(others) > 1:
            flipped += 1
            assert model.disagreement("open_weights") is not None
    assert flipped > 0  # the data does hold resellers that disagree with the maker


def test_variants_stay_separate_products(whole_catalog):
    gpt5 = whole_catalog.resolve("gpt-5")
    chat = whole_catalog.resolve("gpt-5-chat-latest")
    assert chat.key != gpt5.key and all("chat" not in r.model_id for r in gpt5.routes)
    assert whole_catalog.resolve("GPT-5 Chat").key == chat.key
    ds = whole_catalog.resolve("deepseek-chat")
    assert ds.key != "chat" and ds.key == "deepseekchat"
    assert whole_catalog.resolve("deepseek-reasoner").key == "deepseekreasoner"
    assert "chat" not in whole_catalog.models and "reasoner" not in whole_catalog.models
    routers = {m.key for m in whole_catalog if m.key.endswith("auto")}
    assert {"openrouterauto", "llmgatewayauto", "morphauto"} <= routers


def test_makers_are_named_with_their_own_routes(whole_catalog):
    cases = {"gpt-5": ("OpenAI", "openai"), "claude-sonnet-4-5": ("Anthropic", "anthropic"),
             "gemini-2.5-pro": ("Google", "google"), "deepseek-chat": ("DeepSeek", "deepseek"),
             "grok-4.3": ("xAI", "xai")}
    for name, (maker, provider) in cases.items():
        model = whole_catalog.resolve(name)
        assert model.maker == maker
        assert provider in {r.provider_id for r in model.maker_routes}


@pytest.mark.parametrize("field", ["release_date", "knowledge_cutoff"])
def test_no_impossible_date_reaches_a_headline(whole_catalog, field):
    for model in whole_catalog:
        value = getattr(model, field)
        if value is None:
            continue
        day = parse_date(value)
        assert day is not None and day >= EARLIEST_DATE, (model.key, value)
    for model in whole_catalog:
        if model.release_date and model.knowledge_cutoff and model.authority(
                "release_date") != "curated":
            routes = {r.route: r for r in model.routes}
            for r in routes.values():
                if r.knowledge and r.release_date:
                    assert r.knowledge[:7] <= r.release_date[:7], r.route


@pytest.mark.parametrize(("a", "b", "same"), [
    (128_000, 131_072, True), (131_072, 128_000, True), (200_000, 204_800, True),
    (16_000, 16_384, True), (8_000, 8_192, True), (1_000_000, 1_048_576, True),
    (2_000_000, 2_097_152, True), (1_000_000, 1_024_000, False),
    (120_000, 131_072, False), (32_000, 33_000, False), (125_000, 128_000, False),
    (128_000, 128_000, False), (0, 0, False), (True, 1_024, False),
])
def test_one_size_written_two_ways(a, b, same) -> None:
    from advisor.catalog.authority import same_token_count

    assert same_token_count("context_window", a, b) is same
    assert same_token_count("release_date", a, b) is False


def test_k_and_ki_listings_are_not_disagreements(whole_catalog, raw_models_dev):
    """A listing of 128,000 agrees with 131,072 (both "128K"); nothing else is merged away."""
    from advisor.catalog.authority import same_token_count

    for model in whole_catalog:
        for d in model.disagreements:
            if d.field not in ("context_window", "max_output"):
                continue
            values = [o.value for o in d.others]
            assert not any(same_token_count(d.field, v, d.value) for v in values), model.key
            assert not any(same_token_count(d.field, v, w) for v in values for w in values)
    llama = whole_catalog.resolve("llama 3.1 8b instruct")
    d = next(x for x in llama.disagreements if x.field == "context_window")
    k = [r.route for r in llama.routes
         if _raw(raw_models_dev, r.route).get("limit", {}).get("context") == 128_000]
    assert k and set(k) <= set(d.agreeing)  # the 128,000 listings count for Meta's 131,072
