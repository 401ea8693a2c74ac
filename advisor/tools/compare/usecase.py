"""A comparison "for X": the use case's scores side by side, its capabilities, and a verdict.

The verdict is the sentence that says what the evidence does (and does not) show.

Scores come from :func:`advisor.tools.evidence.evidence_for` (each with its source and date);
a model with none is named as having none, and the scores never rank models that were not
measured on the same test without saying so.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel
from advisor.tools.evidence import CAP_LABELS, Evidence, EvidenceScore, evidence_for
from advisor.tools.format import md_table, yes_no
from advisor.tools.use_cases import UseCase


class ScoreRow(BaseModel):
    """One benchmark of the use case: each model's score (None: not on file) and sources."""

    benchmark: str
    weight: float
    why: str
    scores: dict[str, float | None]
    reported_as: dict[str, str] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list, description="Source title, date.")


class NeedRow(BaseModel):
    """A capability the use case relies on: each model's value and why it matters."""

    capability: str
    label: str
    why: str
    values: dict[str, bool | None]


class UseCaseSection(BaseModel):
    """Everything a comparison for one use case shows first."""

    use_case: str
    label: str
    summary: str = Field(description="What the evidence shows, in one or two sentences.")
    scores: list[ScoreRow]
    needs: list[NeedRow]
    evidence: list[Evidence]
    lacking: list[str] = Field(default_factory=list, description="Models with no scores.")
    weights: str

    def to_markdown(self, models: list[str], summary: bool = True) -> list[str]:
        """The section's lines: (the summary,) scores, who lacks them, capabilities, weights."""
        lines = [f"### For {self.label}", ""] + ([self.summary, ""] if summary else [])
        if self.scores:
            rows = [[r.benchmark, *(_cell(r, m) for m in models), "; ".join(r.sources)]
                    for r in self.scores]
            lines += [md_table(["Benchmark", *models, "Source, date"], rows), ""]
        if self.lacking:
            lines += [f"No {self.label} benchmark scores on file for "
                      f"{', '.join(self.lacking)}.", ""]
        rows = [[n.label, *(yes_no(n.values.get(m)) for m in models), n.why]
                for n in self.needs]
        if rows:
            lines += [md_table([f"Needed for {self.label}", *models, "Why"], rows), ""]
        lines.append(f"Weights: {self.weights}.")
        return lines


def _cell(row: ScoreRow, model: str) -> str:
    score = row.scores.get(model)
    if score is None:
        return "—"
    name = row.reported_as.get(model)
    return f"{score:g}" + (f" ({name})" if name and name != row.benchmark else "")


def use_case_section(models: list[CatalogModel], uc: UseCase) -> UseCaseSection:
    """The use case's scores and capabilities for each compared model."""
    evidence = [evidence_for(m, uc) for m in models]
    names = [m.name for m in models]
    rows = []
    for entry in uc.benchmarks:
        hits = {e.model: next((s for s in e.scores if s.benchmark == entry.name), None)
                for e in evidence}
        if not any(hits.values()):
            continue
        sources = dict.fromkeys(f"{h.source}, {h.as_of}" if h.as_of else h.source
                                for h in hits.values() if h)
        rows.append(ScoreRow(
            benchmark=entry.name, weight=entry.weight, why=entry.why,
            scores={n: _score_of(hits.get(n)) for n in names},
            reported_as={n: h.reported_as for n, h in hits.items() if h},
            sources=list(sources)))
    needs = [NeedRow(capability=c.key, label=CAP_LABELS.get(c.key, c.key), why=c.why,
                     values={e.model: e.capabilities.get(c.key) for e in evidence})
             for c in uc.capabilities]
    lacking = [e.model for e in evidence if not e.scores]
    return UseCaseSection(use_case=uc.key, label=uc.label,
                          summary=evidence_summary(uc, evidence, rows, needs),
                          scores=rows, needs=needs, evidence=evidence, lacking=lacking,
                          weights=uc.weights_line())


def _score_of(hit: EvidenceScore | None) -> float | None:
    return hit.score if hit is not None else None


def evidence_summary(uc: UseCase, evidence: list[Evidence], rows: list[ScoreRow],
                     needs: list[NeedRow]) -> str:
    """What the scores say: a shared test decides; otherwise who has scores and who has none."""
    have = [e for e in evidence if e.scores]
    none = [e.model for e in evidence if not e.scores]
    label = uc.label
    if not have:
        text = (f"No {label} benchmark scores are on file for any of them, so the evidence "
                "cannot rank them for this use")
    else:
        shared = [r for r in rows if all(v is not None for v in r.scores.values())]
        if shared and len(evidence) > 1:
            r = shared[0]
            ordered = sorted(r.scores.items(), key=lambda kv: -(kv[1] or 0.0))
            best, top = ordered[0]
            rest = ", ".join(f"{m} {s:g}" for m, s in ordered[1:])
            every = "both have" if len(evidence) == 2 else "all of them have"
            text = (f"On {r.benchmark}, the only {label} test {every}, {best} scores "
                    f"higher: {top:g} vs {rest}" if len(shared) == 1 else
                    f"On {r.benchmark}, the first of {len(shared)} {label} tests {every}, "
                    f"{best} scores higher: {top:g} vs {rest}")
        elif len(have) == 1 and none:
            e = have[0]
            text = (f"Only {e.model} has {label} benchmark scores on file ({e.summary()}); "
                    f"{_and(none)} {'has' if len(none) == 1 else 'have'} none, so the "
                    "evidence cannot rank them")
        else:
            parts = ", ".join(f"{e.model} {e.score:.1f} ({e.summary(2)})" for e in have
                              if e.score is not None)
            text = (f"Weighted {label} evidence: {parts}; they were scored on different "
                    "tests, so this compares only roughly")
            if none:
                text += f"; {_and(none)} {'has' if len(none) == 1 else 'have'} none"
    missing = [f"{m} lacks {n.label}" for n in needs for m, v in n.values.items()
               if v is False]
    if missing:
        text += f". For {label}, {'; '.join(missing)}"
    return text + "."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
