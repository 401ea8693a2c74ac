"""The recommendation result: picks with reasons, counts per constraint, relaxation advice."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.tools.cost import RouteCost
from advisor.tools.details import with_details
from advisor.tools.evidence import Evidence
from advisor.tools.format import md_table, tokens, usd


class ScoreComponent(BaseModel):
    """One weighted part of a pick's fit score."""

    name: str
    weight: float
    value: float = Field(description="0 to 1.")
    points: float = Field(description="weight × value: this component's share of the score.")
    detail: str


class Pick(BaseModel):
    """One recommended model and why."""

    rank: int
    model: str
    score: float = Field(description="Weighted fit score, 0 to 1.")
    reason: str = Field(description="Why it was chosen, from its own scores.")
    trade_off: str | None = Field(default=None,
                                  description="What it gives and costs against the next pick.")
    monthly_cost_usd: float | None = Field(
        default=None, description="At the stated traffic on the cheapest paid route.")
    route: RouteCost | None = Field(default=None, description="The costed route and prices.")
    free_route: str | None = Field(default=None,
                                   description="A $0 (free-tier) route, if one exists.")
    context_window: int | None = None
    capabilities: list[str] = Field(default_factory=list)
    open_weights: bool | None = None
    license: str | None = None
    providers: int = Field(description="Provider routes serving the workload.")
    parameters_b: float | None = None
    self_host_fit: str | None = Field(default=None,
                                      description="Precision that fits the stated memory.")
    components: list[ScoreComponent]
    notes: list[str] = Field(default_factory=list)
    figure: str | None = Field(default=None,
                               description="Its figure for the objective, in words.")
    evidence: Evidence | None = Field(default=None,
                                      description="Benchmark scores for the use case.")


class ConstraintCount(BaseModel):
    """How many models one constraint excluded (each model counts at its first failure)."""

    constraint: str
    field: str = Field(description="The workload field behind it.")
    description: str
    excluded: int
    unknown: int = Field(default=0, description="Of those, excluded because data is missing.")


class Relaxation(BaseModel):
    """What dropping one constraint would unlock."""

    constraint: str
    field: str
    description: str
    unlocks: int = Field(description="Models that would then pass.")
    examples: list[str] = Field(default_factory=list)
    cheapest_monthly_usd: float | None = None


class Recommendation(BaseModel):
    """Top picks for a workload, the constraints behind them and the counts."""

    mode: Literal["hosted", "self_host"]
    requests_per_month: int
    input_tokens: int
    output_tokens: int
    assumptions: list[str] = Field(default_factory=list)
    constraints_applied: list[str]
    considered: int
    passed: int
    set_aside: int = Field(default=0, description="Passed, but thinly available and "
                                                  "uncurated while enough others exist.")
    excluded: list[ConstraintCount]
    picks: list[Pick]
    relaxations: list[Relaxation] = Field(
        default_factory=list, description="When nothing passes: each constraint dropped.")
    message: str | None = None
    notes: list[str] = Field(default_factory=list)
    scoring: dict[str, float] = Field(description="Component weights used.")
    sources: list[str] = Field(default_factory=list)
    objective: str | None = Field(default=None, description="What the table is ordered by.")
    use_case: str | None = Field(default=None, description="The use-case key, if any.")
    lead: str = Field(default="", description="The first sentence: the answer, with its "
                                              "figure, in plain words.")
    evidence_weights: str | None = Field(default=None,
                                         description="How use-case evidence is weighed.")
    lacking_evidence: list[str] = Field(
        default_factory=list, description="Picks with no benchmark score for the use case.")

    def to_markdown(self) -> str:
        """The answer first (lead, picks table, evidence), then the Details part."""
        answer = [self.lead or (self.message or ""), ""]
        if self.picks:
            answer += [self._table(), ""]
            answer += self._evidence()
        elif self.message and self.lead:
            answer += [self.message, ""]
        return with_details(answer, self._details()) + "\n\nSources:\n" + "\n".join(
            f"- {s}" for s in self.sources)

    def _table(self) -> str:
        head = ["#", "Model"]
        figure = self.objective in ("fastest", "smallest", "newest", "best_for")
        if figure:
            head.append(_HEADINGS[self.objective or ""])
        head += ["API cost/month (reference)" if self.mode == "self_host" else "Monthly cost",
                 "Context", "Note"]
        rows = []
        for p in self.picks:
            row: list[object] = [p.rank, p.model]
            if figure:
                row.append(_figure_cell(p, self.objective))
            cost = usd(p.monthly_cost_usd) + (f" ({p.route.provider})" if p.route else "")
            row += [cost, tokens(p.context_window), _note(p)]
            rows.append(row)
        return md_table(head, rows)

    def _evidence(self) -> list[str]:
        if not self.use_case:
            return []
        with_scores = [p for p in self.picks if p.evidence and p.evidence.scores]
        lines = []
        if with_scores:
            rows = [[p.model, f"{p.evidence.score:.1f}" if p.evidence.score is not None
                     else "—", p.evidence.summary(6), p.evidence.sources_text()]
                    for p in with_scores if p.evidence]
            label = with_scores[0].evidence.label if with_scores[0].evidence else ""
            lines += [f"Benchmark evidence for {label}:", "",
                      md_table(["Model", "Weighted", "Scores", "Source, date"], rows), ""]
        if self.lacking_evidence:
            lines.append(f"No benchmark scores for this use case on file for "
                         f"{', '.join(self.lacking_evidence)}.")
        if self.evidence_weights:
            lines.append(f"Weights: {self.evidence_weights}.")
        return lines + [""] if lines else []

    def _details(self) -> list[str]:
        lines = []
        for r in self.relaxations:
            cheap = (f"; cheapest {usd(r.cheapest_monthly_usd)}/month"
                     if r.cheapest_monthly_usd is not None else "")
            lines.append(f"- Drop “{r.description}” ({r.field}): unlocks {r.unlocks} "
                         f"model(s), e.g. {', '.join(r.examples) or '—'}{cheap}")
        lines += [f"- Constraint: {c}" for c in self.constraints_applied]
        lines += [f"- Assumption: {a}" for a in self.assumptions]
        lines += [f"- **{p.model}** — route: {_route_text(p)}. {p.reason}" for p in self.picks]
        trade = [f"- **{p.model}**: {p.trade_off}" for p in self.picks if p.trade_off]
        if trade:
            lines += ["", "Trade-offs:", *trade]
        counts = "; ".join(f"{c.description}: {c.excluded}"
                           + (f" ({c.unknown} for missing data)" if c.unknown else "")
                           for c in self.excluded if c.excluded)
        lines += ["", f"Considered {self.considered:,} models; {self.passed:,} passed"
                  + (f", {self.set_aside:,} set aside as thinly available"
                     if self.set_aside else "") + "." + (f" Excluded — {counts}."
                                                         if counts else "")]
        lines += [f"- {n}" for n in self.notes]
        weights = ", ".join(f"{_COMPONENTS.get(k, k)} {v:.0%}" for k, v in self.scoring.items())
        tie = "; the objective's figure decides the order, fit breaks ties" if (
            self.objective) else ""
        lines += ["", f"Fit score weights: {weights}{tie}."]
        return lines


_HEADINGS = {"fastest": "Active parameters", "smallest": "Size", "newest": "Released",
             "best_for": "Evidence"}
_COMPONENTS = {"use_case": "use-case fit", "availability": "providers", "scale": "size",
               "context": "context headroom", "hardware": "hardware fit"}


def _figure_cell(p: Pick, objective: str | None) -> str:
    if objective == "best_for":
        ev = p.evidence
        return f"{ev.score:.1f}" if ev is not None and ev.score is not None else "none on file"
    return p.figure or "—"


def _note(p: Pick) -> str:
    parts = []
    if p.self_host_fit:
        parts.append(f"runs at {p.self_host_fit}")
    if p.free_route:
        parts.append(f"free tier on {p.free_route}")
    if p.open_weights:
        parts.append("open weights")
    return "; ".join(parts) or "—"


def _route_text(p: Pick) -> str:
    if p.route is None:
        text = "self-hosted" if p.self_host_fit else "—"
    else:
        r = p.route
        text = (f"{r.provider} `{r.model_id}` ({usd(r.prices_used.input_per_m)} in / "
                f"{usd(r.prices_used.output_per_m)} out per 1M tokens)")
    if p.self_host_fit:
        text += f"; runs at {p.self_host_fit}"
    if p.free_route:
        text += f"; free tier on {p.free_route}"
    return text
