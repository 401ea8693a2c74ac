"""Re-ranking: the names a question mentions and the traits it asks for."""

from __future__ import annotations

import pytest

from advisor.catalog import get_catalog
from advisor.documents.cards import card_facets
from advisor.documents.retrieval import (
    ENTITY_BOOST,
    FACET_BOOST,
    Reranker,
    Wish,
    entity_boost,
    facet_boost,
    name_keys,
    pool_size,
    wishes,
)


@pytest.mark.parametrize(("query", "expected"), [
    ("a small open model that can read images",
     {("size_class", frozenset({"tiny", "small"})), ("open_weights", frozenset({True})),
      ("inputs", frozenset({"image"}))}),
    ("proprietary model with reasoning and tool use",
     {("open_weights", frozenset({False})), ("capabilities", frozenset({"reasoning"})),
      ("capabilities", frozenset({"function_calling"}))}),
    ("something to transcribe speech I can self-host",
     {("inputs", frozenset({"audio"})), ("open_weights", frozenset({True}))}),
    ("which licence does gemma 3 use", set()),
    ("what is qwen 3.5 good at", set()),
])
def test_wishes_read_plain_word_cues(query, expected):
    assert {(w.facet, w.wanted) for w in wishes(query)} == expected


def test_facet_boost_rewards_matches_and_penalises_contradictions():
    asked = wishes("a small open model that can read images")
    card = {"kind": "model_card", "open_weights": True, "size_class": "tiny",
            "inputs": ["text", "image"]}
    assert facet_boost(card, asked) == pytest.approx(3 * FACET_BOOST)
    closed = {**card, "open_weights": False}
    assert facet_boost(closed, asked) == pytest.approx(FACET_BOOST)
    unknown_size = {"kind": "model_card", "open_weights": True, "inputs": ["text"]}
    assert facet_boost(unknown_size, asked) == pytest.approx(0.0)  # +open, -images, size ?
    passage = {**card, "kind": "markdown"}  # document passages are never facet-boosted
    assert facet_boost(passage, asked) == 0.0


def test_entity_boost_when_the_question_names_the_family_or_title():
    keys = name_keys("what is Qwen 3.5 good at")
    doc = {"source": "knowledge/docs/qwen3.5.md"}  # the project's own document: boostable
    assert entity_boost({**doc, "family": "Qwen3.5", "title": "Qwen3.5"}, keys) == ENTITY_BOOST
    assert entity_boost({**doc, "family": "Qwen 2.5 Coder", "title": "Qwen 2.5 Coder"},
                        keys) == 0.0
    assert entity_boost({**doc, "title": "Gemma 3 4B"},
                        name_keys("gemma-3-4b memory")) == ENTITY_BOOST


def test_reranker_orders_by_similarity_plus_boosts():
    hits = [
        (0.60, {"kind": "markdown", "title": "Gemma 4", "family": "Gemma 4",
                "source": "knowledge/docs/gemma-4.md"}),
        (0.55, {"kind": "markdown", "title": "Gemma 3", "family": "Gemma 3",
                "source": "knowledge/docs/gemma-3.md"}),
        (0.58, {"kind": "model_card", "title": "X", "open_weights": False}),
        (0.50, {"kind": "model_card", "title": "Y", "open_weights": True}),
    ]
    ranker = Reranker("is gemma 3 an open model")
    # 0.60, 0.55 + 0.1 (names Gemma 3), 0.58 - 0.05 (closed), 0.50 + 0.05 (open)
    assert ranker.top(hits, 4) == [1, 0, 3, 2]
    assert ranker.top(hits, 2) == [1, 0]
    assert ranker.score(*hits[1]) == pytest.approx(0.65)


def test_pool_grows_when_traits_are_asked_for():
    assert pool_size(5, 10_000) == 30
    assert pool_size(10, 10_000) == 60
    assert pool_size(5, 10_000, "small model that reads images") == 200
    assert pool_size(5, 12) == 12


def test_card_facets_come_from_the_catalog(raw_models_dev):
    model = get_catalog().resolve("Gemma 3 4B")
    facets = card_facets(model)
    raw = [raw_models_dev[r.provider_id]["models"][r.model_id] for r in model.routes]
    raw_inputs = {m for d in raw for m in d.get("modalities", {}).get("input", [])}
    # the headline value (the model card's text + image), which every route's list contains;
    # a minority of listings adding "pdf" does not change what the card says
    assert facets["inputs"] == list(model.modalities_in) and "image" in raw_inputs
    assert set(facets["inputs"]) == {"text", "image"} <= raw_inputs
    assert facets["size_class"] == "small"
    assert facets["open_weights"] is True
    assert "vision" in facets["capabilities"] and "open_weights" not in facets["capabilities"]
    guard = card_facets(get_catalog().resolve("Llama Guard 2 8B"))
    assert guard["inputs"] == ["text"] and "capabilities" not in guard


def test_wish_is_a_value_object():
    assert Wish("inputs", frozenset({"image"})) == Wish("inputs", frozenset({"image"}))
