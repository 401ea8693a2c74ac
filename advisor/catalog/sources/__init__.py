"""Knowledge beyond models.dev's api.json, each value with its source.

Bundled, converted data (``knowledge/data/``, written by ``scripts/convert_*.py``): models.dev's
lab files, the open LLM leaderboard dataset and the genai-prices table; the family licence
rules of ``knowledge/licences.yaml``; parameter counts read from model names. The catalog
calls :func:`enrich` once while it builds.
"""

from advisor.catalog.sources.merge import enrich

__all__ = ["enrich"]
