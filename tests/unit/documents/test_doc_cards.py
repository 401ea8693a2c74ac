"""Model cards: which models get one and what a card says, checked against the raw data."""

from __future__ import annotations

import pytest

from advisor.catalog import get_catalog
from advisor.documents.cards import card_text, carded, model_cards, parameters_b, size_class
from advisor.documents.linking import get_linker
from advisor.tools.format import tokens, usd


def raw_route_data(raw, model):
    return [raw[r.provider_id]["models"][r.model_id] for r in model.routes]


def test_cards_cover_models_with_a_price_or_curated_facts(raw_models_dev):
    catalog = get_catalog()
    cards = model_cards(catalog)
    priced = {m.key for m in catalog
              if any("input" in d.get("cost", {}) and "output" in d.get("cost", {})
                     for d in raw_route_data(raw_models_dev, m))}
    curated = {m.key for m in catalog if m.curated}
    assert {c.key for c in cards} == priced | curated
    assert len(cards) < len(catalog)  # models with neither are left out
    assert all(c.source == f"catalog:{c.key}" for c in cards)


def test_a_card_states_prices_context_and_modalities_from_the_data(raw_models_dev):
    model = get_catalog().resolve("Gemma 3 4B")
    text = card_text(model)
    data = raw_route_data(raw_models_dev, model)
    ins = [d["cost"]["input"] for d in data if "input" in d.get("cost", {})
           and "output" in d["cost"]]
    outs = [d["cost"]["output"] for d in data if "input" in d.get("cost", {})
            and "output" in d["cost"]]
    assert f"input {usd(min(ins))}–{usd(max(ins))}" in text
    assert f"output {usd(min(outs))}–{usd(max(outs))}" in text
    assert f"on {len(ins)} provider routes" in text
    context = max(d["limit"]["context"] for d in data)
    assert f"Context window {tokens(context)} tokens" in text
    assert text.startswith("Gemma 3 4B: a small open-weight model that can read images")
    assert "Size: small, under 15 billion parameters (about 4 billion)" in text
    assert "Vision (image input)" in text


def test_a_text_only_model_card_never_mentions_vision():
    text = card_text(get_catalog().resolve("Llama Guard 2 8B"))
    assert "text only" in text and "image" not in text.lower() and "Vision" not in text
    assert "No priced provider route" in text and "self-host" in text


def test_parameters_come_from_curated_facts_before_the_name():
    import yaml

    from advisor.config import get_settings

    data = yaml.safe_load((get_settings().knowledge_dir / "models" / "gemma-2-2b.yaml")
                          .read_text())
    claimed = {c["value"] for c in data["facts"]["parameters_total_b"]}
    assert parameters_b(get_catalog().resolve("Gemma 2 2B")) in claimed
    assert get_catalog().resolve("Gemma 3 27B").curated is None
    assert parameters_b(get_catalog().resolve("Gemma 3 27B")) == 27.0  # from the name


def test_parameters_read_from_names_with_experts_and_millions():
    from dataclasses import replace

    base = get_catalog().resolve("GPT-4o")
    assert parameters_b(replace(base, name="Mixtral 8x7B", routes=())) == 56.0
    assert parameters_b(replace(base, name="Gemma 3 270M", routes=())) == 0.27
    assert parameters_b(replace(base, name="Some Model", routes=())) is None


@pytest.mark.parametrize(("billions", "word"), [
    (None, None), (0.5, "tiny"), (3.99, "tiny"), (4, "small"), (14, "small"), (15, "mid-sized"),
    (39, "mid-sized"), (40, "large"), (149, "large"), (150, "very large"), (1000, "very large"),
])
def test_size_classes(billions, word):
    assert size_class(billions) == word


def test_linker_finds_catalog_names_and_skips_generic_words():
    linker = get_linker()
    found = linker.find("Compared with qwen3.5-4b, Gemma 3 4B reads images; o1 and auto are "
                        "not mentions, and neither is a free chat.")
    cat = get_catalog()
    assert [m.name for m in found] == [cat.resolve("Qwen3.5 4B").name,
                                        cat.resolve("Gemma 3 4B").name]
    assert linker.resolve("Qwen 2.5 Coder 0.5B zz") is None  # front matter never invents one


def test_cards_only_when_asked():
    assert carded(get_catalog().resolve("Gemma 3 4B"))
