"""Re-ranking retrieved chunks with what the question names and asks for.

The nearest neighbours from Chroma are taken several times over, then re-scored:

- a passage whose document is about a model family or model the question names (its title or
  family, after the catalog's name normalisation) gets :data:`ENTITY_BOOST`: "what is gemma 3
  good at" prefers Gemma 3's strengths over Gemma 4's, which read almost the same;
- a model card gains :data:`FACET_BOOST` for each trait the question asks for that the model
  has (open weights, a size class, an input modality, a capability) and loses as much for each
  it contradicts. A small embedding model hears "small open model that can read images" as a
  topic, not as three conditions; the card's stored facets make them conditions again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advisor.catalog.names import normalize
from advisor.catalog.vocabulary import vocabulary
from advisor.documents.trust import stored_origin

ENTITY_BOOST = 0.1
FACET_BOOST = 0.05
POOL_FACTOR = 6
MIN_POOL = 30
FACET_POOL = 200  # when the question asks for traits, cards far down the list may fit best
MAX_WORDS = 6
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass(frozen=True)
class Wish:
    """A trait a question asks for: a card facet and the values that satisfy it."""

    facet: str
    wanted: frozenset[Any]


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _trait_cues(vocab_id: int) -> tuple[tuple[re.Pattern[str], Wish], ...]:
    """The trait cues of the one vocabulary table (knowledge/vocabulary.yaml)."""
    return tuple((_cue(t.cue), Wish(t.facet, frozenset(t.wanted))) for t in vocabulary().traits)


def wishes(query: str) -> list[Wish]:
    """The traits a question asks for, from plain-word cues."""
    found: dict[tuple[str, frozenset[Any]], Wish] = {}
    for pattern, wish in _trait_cues(id(vocabulary())):
        if pattern.search(query):
            found[(wish.facet, wish.wanted)] = wish
    return list(found.values())


def pool_size(k: int, size: int, query: str = "") -> int:
    """How many neighbours to fetch before re-ranking to ``k``."""
    want = max(k * POOL_FACTOR, MIN_POOL, FACET_POOL if wishes(query) else 0)
    return max(1, min(size, want))


def name_keys(text: str) -> set[str]:
    """Every normalised run of one to six words of ``text`` (the names it could contain)."""
    words = _WORD.findall(text)
    return {key for i in range(len(words))
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1)
            if (key := normalize(" ".join(words[i:i + n])))}


def entity_boost(metadata: dict[str, Any], keys: set[str]) -> float:
    """:data:`ENTITY_BOOST` when the chunk's title or family is named in the query.

    A user's file never gets it: a title such as "GPT-4o model card" must not lift a user's
    document over the catalog's real card or the project's own documents.
    """
    if stored_origin(metadata) == "user":
        return 0.0
    for field in ("title", "family"):
        value = metadata.get(field)
        if value and normalize(str(value)) in keys:
            return ENTITY_BOOST
    return 0.0


def facet_boost(metadata: dict[str, Any], asked: Sequence[Wish]) -> float:
    """± :data:`FACET_BOOST` per asked trait a model card has or contradicts (0 if unknown)."""
    if metadata.get("kind") != "model_card":
        return 0.0
    total = 0.0
    for wish in asked:
        value = metadata.get(wish.facet)
        if value is None:
            continue
        values = set(value) if isinstance(value, list) else {value}
        total += FACET_BOOST if values & wish.wanted else -FACET_BOOST
    return total


class Reranker:
    """The boosts for one query, computed once and applied to each candidate."""

    def __init__(self, query: str) -> None:
        """Read the names and the asked-for traits in ``query``."""
        self.keys = name_keys(query)
        self.asked = wishes(query)

    def score(self, similarity: float, metadata: dict[str, Any]) -> float:
        """The similarity plus every boost that applies."""
        return (similarity + entity_boost(metadata, self.keys)
                + facet_boost(metadata, self.asked))

    def top(self, hits: Sequence[tuple[float, dict[str, Any]]], k: int) -> list[int]:
        """Indexes of the best ``k`` ``(similarity, metadata)`` hits after the boosts."""
        scored = sorted(((self.score(sim, meta), -i) for i, (sim, meta) in enumerate(hits)),
                        reverse=True)
        return [-i for _, i in scored[:k]]
