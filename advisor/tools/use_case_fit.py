"""``rate_for_use_case``: how one model does for a use case, by the benchmark scores on file.

"Is GPT-4o good at coding?" is answered by the model's own scores on the use case's benchmarks
(each with its source and date), where each score stands among every catalog model scored on
the same test (a rank over different tests would mix easy and hard ones), and the
capabilities the use case relies on. A model with no score is said to have none: the catalog
never guesses a quality.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

from pydantic import BaseModel, Field

from advisor.catalog import get_catalog
from advisor.tools.errors import ToolInputError
from advisor.tools.evidence import (
    CAP_LABELS,
    Evidence,
    EvidenceScore,
    benchmarks_of,
    evidence_for,
    percent_score,
)
from advisor.tools.format import md_table
from advisor.tools.limits import MAX_STRING_CHARS, check_text
from advisor.tools.use_cases import UseCase, use_case_for, use_case_keys

SHOWN = 3  # benchmarks in the lead


class Standing(BaseModel):
    """Where the model's score on one benchmark stands among every model scored on it."""

    benchmark: str = Field(description="The use-case table's entry the test counts for.")
    reported_as: str
    score: float
    rank: int = Field(description="1 = the highest score on this test in the catalog.")
    of: int = Field(description="How many catalog models have a score on this test.")
    top_model: str
    top_score: float
    source: str
    as_of: str | None = None

    @property
    def cited(self) -> str:
        """The source with its date: ``llm-leaderboard data, 2025-07-19``."""
        return f"{self.source}, {self.as_of}" if self.as_of else self.source

    def describe(self) -> str:
        """``Aider Polyglot 23.1, #48 of 60 models scored on it (top: o3, 81.3)``."""
        if self.of == 1:
            return f"{self.reported_as} {self.score:g} (the only model scored on it)"
        text = f"{self.reported_as} {self.score:g}, #{self.rank} of {self.of} models scored on it"
        return text + ("" if self.rank == 1 else f" (top: {self.top_model}, {self.top_score:g})")


class UseCaseFit(BaseModel):
    """One model's standing for one use case, from the benchmark scores on file."""

    model: str
    use_case: str = Field(description="The use-case key.")
    label: str
    evidence: Evidence
    standings: list[Standing] = Field(
        default_factory=list, description="Per test, heaviest first: the model against every "
                                          "model with a score on the same test.")
    weights: str = Field(description="The use case's benchmarks and their weights.")
    lead: str = Field(description="The answer in one or two sentences, figures in it.")
    sources: list[str] = Field(default_factory=list)

    def to_markdown(self) -> str:
        """The lead, the model's standing on each test with sources, the needed capabilities."""
        parts = [self.lead, "", f"### {self.model} for {self.label}"]
        if self.standings:
            parts += ["", md_table(
                ["Benchmark", "Score", "Rank on this test", "Top score on it", "Source, date"],
                [[x.reported_as, f"{x.score:g}", f"#{x.rank} of {x.of}",
                  f"{x.top_score:g} ({x.top_model})", x.cited] for x in self.standings])]
        else:
            parts += ["", f"No {self.label} benchmark score on file for {self.model}."]
        if self.evidence.capabilities:
            parts += ["", md_table([f"Needed for {self.label}", self.model], [
                [CAP_LABELS.get(k, k), "—" if v is None else ("Yes" if v else "No")]
                for k, v in self.evidence.capabilities.items()])]
        parts += ["", f"Weights: {self.weights}. Each rank compares scores on the same test "
                      "only; sources may use different settings."]
        return "\n".join(parts)


def bench_key(name: str) -> str:
    """One test however it is written: "Aider-Polyglot" is "aider polyglot".

    Its variants stay apart: "SWE-Bench Pro" is not "SWE-bench Verified", "LiveCodeBench v6"
    is not "LiveCodeBench".
    """
    return re.sub(r"[^a-z0-9.+]", "", name.lower())


@cache
def _scores_by_test(use_case: str, as_of: str) -> dict[str, tuple[tuple[float, str, str], ...]]:
    """For each test of the use case (by its exact name), every model's score, highest first.

    Read from every model's benchmark scores (0-100 scales), not only the one a model's
    evidence counts per table entry, so a model scored on two variants of a test is ranked on
    each. Rows are (score, model key, model name); cached per catalog snapshot (``as_of``).
    """
    uc = use_case_for(use_case)
    assert uc is not None
    table: dict[str, dict[str, tuple[float, str, str]]] = {}
    for model in get_catalog():
        for b in benchmarks_of(model):
            pct = percent_score(b)
            if pct is None or not any(entry.matches(b.name) for entry in uc.benchmarks):
                continue
            rows = table.setdefault(bench_key(b.name), {})
            rows.setdefault(model.key, (pct, model.key, model.name))  # first source wins
    return {k: tuple(sorted(v.values(), key=lambda r: (-r[0], r[2])))
            for k, v in table.items()}


def _standing(hit: EvidenceScore, key: str,
              rows: tuple[tuple[float, str, str], ...]) -> Standing:
    rank = 1 + sum(1 for score, k, _ in rows if score > hit.score and k != key)
    top = rows[0]
    return Standing(benchmark=hit.benchmark, reported_as=hit.reported_as, score=hit.score,
                    rank=rank, of=len(rows), top_model=top[2], top_score=top[0],
                    source=hit.source, as_of=hit.as_of)


def _lead(name: str, uc: UseCase, ev: Evidence, standings: list[Standing]) -> str:
    if not standings:
        text = (f"No {uc.label} benchmark score is on file for {name}, so the catalog cannot "
                f"say how well it does at {uc.label}.")
    else:
        shown = "; ".join(x.describe() for x in standings[:SHOWN])
        more = len(standings) - SHOWN
        text = (f"For {uc.label}, {name}'s scores on file: {shown}"
                + (f" (and {more} more test{'s' * (more > 1)} below)." if more > 0 else "."))
    missing = ev.missing_capabilities()
    if missing:
        text += f" {uc.label[:1].upper() + uc.label[1:]} relies on {', '.join(missing)}, " \
                "which it lacks."
    elif ev.capabilities:
        text += (f" It has what {uc.label} relies on: "
                 f"{', '.join(CAP_LABELS.get(k, k) for k in ev.capabilities)}.")
    return text


def rate_for_use_case(
    model: Annotated[str, Field(description="Model name or id, e.g. 'GPT-4o'.",
                                max_length=MAX_STRING_CHARS)],
    use_case: Annotated[str, Field(
        description="coding, agents, long_documents, retrieval, multilingual, reasoning, "
                    "vision, on_device or safety (free text is mapped).",
        max_length=MAX_STRING_CHARS)],
) -> UseCaseFit:
    """How good a model is for a use case, by the benchmark scores on file.

    Returns the model's scores on the use case's benchmarks (each with source and date), its
    standing on each test among every catalog model with a score on that same test (rank,
    count, top score), and whether it has the capabilities the use case relies on. A
    model with no score is said to have none. An unknown model fails with the closest names;
    an unknown use case fails naming the known ones.
    """
    catalog = get_catalog()
    resolved = catalog.resolve(check_text("model", model))
    uc = use_case_for(check_text("use_case", use_case))
    if uc is None:
        raise ToolInputError("use_case", f"no use case matches {use_case!r}; known: "
                                         f"{', '.join(use_case_keys())}")
    ev = evidence_for(resolved, uc)
    table = _scores_by_test(uc.key, catalog.as_of)
    weight = {b.name: b.weight for b in uc.benchmarks}
    standings = sorted((_standing(hit, resolved.key, table[bench_key(hit.reported_as)])
                        for hit in ev.scores if bench_key(hit.reported_as) in table),
                       key=lambda x: (-weight.get(x.benchmark, 0), x.benchmark))
    return UseCaseFit(
        model=resolved.name, use_case=uc.key, label=uc.label, evidence=ev,
        standings=standings, weights=uc.weights_line(),
        lead=_lead(resolved.name, uc, ev, standings),
        sources=sorted({f"{s.source}, {s.as_of}" if s.as_of else s.source
                        for s in ev.scores}))
