"""Evidence for a use case: the benchmark scores a model has that bear on it, with sources.

:func:`benchmarks_of` is the one place a model's benchmark scores are read: the merged
``CatalogModel.benchmarks`` when the catalog provides them (every source layer), else the
curated file's. :func:`evidence_for` matches them against the use-case table and gives the
weighted mean the recommender ranks "best for X" by, the scores behind it (each with its
source and date) and the capabilities the use case relies on.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel
from advisor.catalog.schema import Benchmark
from advisor.tools.capabilities import CAPABILITIES, capability_values
from advisor.tools.use_cases import UseCase

CAP_LABELS = {c.key: c.label for c in CAPABILITIES}


def benchmarks_of(model: CatalogModel) -> tuple[Benchmark, ...]:
    """Every benchmark score on file for a model: merged catalog data first, else curated."""
    merged: Any = getattr(model, "benchmarks", None)
    if merged:
        return tuple(merged)
    return model.curated.benchmarks if model.curated else ()


def benchmark_date(b: Benchmark) -> str | None:
    """When a score was stated: the benchmark's own date, else its source's."""
    own = getattr(b, "as_of", None)
    return str(own) if own else b.source.as_of


_DATA_FILE = re.compile(r"^(\S+) (?:data|models)/\S+$")
_RELAYED = re.compile(r"^(https?://[^\s,]+),? as (?:listed|recorded) in (\S+)")


def source_name(b: Benchmark) -> str:
    """A source as a person names it: the page title, or the site a relayed figure came from.

    Relayed figures (``https://ai.google.dev/…, as recorded in llm-leaderboard data/…``) are
    named by the site and the collection that relayed them: ``ai.google.dev (via
    llm-leaderboard)``.
    """
    match = _RELAYED.match(b.source.title)
    if match is None:
        path = _DATA_FILE.match(b.source.title)  # "models.dev models/x/y.toml@f3fc692"
        return f"{path.group(1)} data" if path else b.source.title
    host = urlparse(match.group(1)).netloc.removeprefix("www.")
    return f"{host} (via {match.group(2)})"


def percent_score(b: Benchmark) -> float | None:
    """The score on a 0-100 scale, or None when it is on another scale (an Elo rating).

    A score between 0 and 1 whose metric does not say "percent" is a fraction (MBPP 0.814)
    and is read as 81.4.
    """
    if 0 < b.score <= 1 and "percent" not in (getattr(b, "metric", None) or "").lower():
        return round(b.score * 100, 2)
    return b.score if 0 <= b.score <= 100 else None


class EvidenceScore(BaseModel):
    """One score that counts for a use case."""

    benchmark: str = Field(description="The use-case table's name for it (LiveCodeBench).")
    reported_as: str = Field(description="The name the source gives (LiveCodeBench v6).")
    score: float
    weight: float
    source: str = Field(description="The source's title.")
    as_of: str | None = None
    note: str | None = None


class Evidence(BaseModel):
    """What the catalog holds for one model on one use case."""

    model: str
    use_case: str = Field(description="The use-case key.")
    label: str = Field(description="The use case in words.")
    scores: list[EvidenceScore] = Field(default_factory=list)
    score: float | None = Field(default=None, description="Weighted mean of ``scores`` "
                                                          "(0-100), None when there are none.")
    coverage: float = Field(default=0.0, description="Share of the use case's benchmark "
                                                     "weight this model has scores for.")
    capabilities: dict[str, bool | None] = Field(
        default_factory=dict, description="Each capability the use case relies on.")

    def summary(self, limit: int = 3) -> str:
        """``LiveCodeBench v6 80, HumanEval 78.5`` or ``no coding scores on file``."""
        if not self.scores:
            return f"no {self.label} scores on file"
        shown = ", ".join(f"{s.reported_as} {s.score:g}" for s in self.scores[:limit])
        more = len(self.scores) - limit
        return shown + (f" and {more} more" if more > 0 else "")

    def sources_text(self) -> str:
        """The sources behind the scores with their dates, once each."""
        seen = dict.fromkeys(f"{s.source}, {s.as_of}" if s.as_of else s.source
                             for s in self.scores)
        return "; ".join(seen) or "—"

    def missing_capabilities(self) -> list[str]:
        """Labels of the capabilities the use case relies on that the model lacks or may lack."""
        return [CAP_LABELS.get(k, k) + ("" if v is False else " (unknown)")
                for k, v in self.capabilities.items() if v is not True]


def evidence_for(model: CatalogModel, use_case: UseCase,
                 caps: dict[str, bool | None] | None = None) -> Evidence:
    """The use case's benchmarks a model has scores for (0-100 scales), and their mean.

    Each table benchmark counts once, with the first of the model's scores it matches (the
    sources list the preferred one first). Fractions are read as percentages; scores on other
    scales (Elo ratings) are shown by specs but not averaged here.
    """
    values = caps if caps is not None else capability_values(model)
    scores: list[EvidenceScore] = []
    marks = [(b, pct) for b in benchmarks_of(model) if (pct := percent_score(b)) is not None]
    for entry in use_case.benchmarks:
        hit = next(((b, pct) for b, pct in marks if entry.matches(b.name)), None)
        if hit is not None:
            b, pct = hit
            note = b.note
            if pct != b.score:
                note = f"stated as {b.score:g}, a fraction; shown ×100" + (
                    f"; {note}" if note else "")
            scores.append(EvidenceScore(
                benchmark=entry.name, reported_as=b.name, score=pct, weight=entry.weight,
                source=source_name(b), as_of=benchmark_date(b), note=note))
    total = sum(e.weight for e in use_case.benchmarks)
    have = sum(s.weight for s in scores)
    mean = round(sum(s.score * s.weight for s in scores) / have, 2) if have else None
    return Evidence(model=model.name, use_case=use_case.key, label=use_case.label,
                    scores=scores, score=mean, coverage=round(have / total, 3) if total else 0.0,
                    capabilities={c.key: values.get(c.key) for c in use_case.capabilities})
