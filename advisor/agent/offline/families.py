"""A question limited to a model family: "which gemma…", "cheapest claude", "newest llama 3".

A family is named either as a bare brand (read by :func:`constraints.read_families`) or as a
name the catalog cannot resolve to one model but that begins several ("llama 3", "qwen3").
When such a question asks for a pick (an objective or a use case), it is a recommendation
within the family.
"""

from __future__ import annotations

from advisor.agent.offline.read import QuestionRead
from advisor.catalog import get_catalog
from advisor.catalog.names import normalize


def is_family(text: str) -> bool:
    """Whether an unresolved name is the prefix of several catalog models ("gemma 2")."""
    key = normalize(text)
    index = get_catalog()._index  # noqa: SLF001 - read-only use of the name index
    members = {v for k, v in index.items() if k.startswith(key) and k != key}
    return len(key) >= 4 and len(members) >= 2


def family_scope(r: QuestionRead, models: list[str], intent: str,
                 families: set[str]) -> list[str]:
    """The families (normalised) to recommend within, or ``[]`` when the question is not one.

    ``families`` are the question's unresolved names that are families; ``models`` must be
    nothing but those, and the question must be a recommendation or ask for a pick.
    """
    scope = list(dict.fromkeys([*r.c.families, *(normalize(f) for f in sorted(families))]))
    asks_a_pick = bool(r.c.objective or r.c.use_case_key)
    if scope and all(m in families for m in models) and (intent == "recommend" or (
            intent in ("help", "unknown", "specs", "cost") and asks_a_pick)):
        return scope
    return []
