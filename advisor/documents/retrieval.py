"""Re-ranking retrieved chunks: passages about the model or family a question names come first.

The nearest neighbours from Chroma are taken a few times over; a passage whose document is
about a model family or model the query names (its title or family, after the catalog's name
normalisation) gets :data:`ENTITY_BOOST` added to its cosine similarity. "what is gemma 3 good
at" then prefers Gemma 3's strengths over Gemma 4's, which read almost the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from advisor.catalog.names import normalize

ENTITY_BOOST = 0.1
POOL_FACTOR = 6
MIN_POOL = 30
MAX_WORDS = 6
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9]")


def pool_size(k: int, size: int) -> int:
    """How many neighbours to fetch before re-ranking to ``k``."""
    return max(1, min(size, max(k * POOL_FACTOR, MIN_POOL)))


def name_keys(text: str) -> set[str]:
    """Every normalised run of one to six words of ``text`` (the names it could contain)."""
    words = _WORD.findall(text)
    return {key for i in range(len(words))
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1)
            if (key := normalize(" ".join(words[i:i + n])))}


def boost(metadata: dict[str, Any], keys: set[str]) -> float:
    """:data:`ENTITY_BOOST` when the chunk's title or family is named in the query."""
    for field in ("title", "family"):
        value = metadata.get(field)
        if value and normalize(str(value)) in keys:
            return ENTITY_BOOST
    return 0.0


def rerank(query: str, hits: Sequence[tuple[float, dict[str, Any]]], k: int) -> list[int]:
    """Indexes of the best ``k`` of ``(similarity, metadata)`` hits after the entity boost."""
    keys = name_keys(query)
    scored = [(sim + boost(meta, keys), -i) for i, (sim, meta) in enumerate(hits)]
    return [-i for _, i in sorted(scored, reverse=True)[:k]]
