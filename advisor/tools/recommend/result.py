"""The recommendation result: picks with reasons, counts per constraint, relaxation advice."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.tools.cost import RouteCost
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

    def to_markdown(self) -> str:
        """Picks table, trade-offs, counts, relaxation advice and sources."""
        goal = "self-hosting" if self.mode == "self_host" else "hosted API use"
        lines = [f"**Recommendation for {goal}** — {self.requests_per_month:,} requests/month, "
                 f"{tokens(self.input_tokens)} input + {tokens(self.output_tokens)} output "
                 "tokens per request", ""]
        lines += [f"- Constraint: {c}" for c in self.constraints_applied]
        lines += [f"- Assumption: {a}" for a in self.assumptions]
        lines.append("")
        if self.picks:
            rows = [[p.rank, p.model, usd(p.monthly_cost_usd),
                     _route_text(p), tokens(p.context_window), p.reason] for p in self.picks]
            cost_head = ("API cost/month (reference)" if self.mode == "self_host"
                         else "Monthly cost")
            lines += [md_table(["#", "Model", cost_head, "Route (in / out per 1M)",
                                "Context", "Why"], rows), ""]
            trade = [f"- **{p.model}**: {p.trade_off}" for p in self.picks if p.trade_off]
            if trade:
                lines += ["Trade-offs:", *trade, ""]
        if self.message:
            lines += [self.message, ""]
        for r in self.relaxations:
            cheap = (f"; cheapest {usd(r.cheapest_monthly_usd)}/month"
                     if r.cheapest_monthly_usd is not None else "")
            lines.append(f"- Drop “{r.description}” ({r.field}): unlocks {r.unlocks} "
                         f"model(s), e.g. {', '.join(r.examples) or '—'}{cheap}")
        counts = "; ".join(f"{c.description}: {c.excluded}"
                           + (f" ({c.unknown} for missing data)" if c.unknown else "")
                           for c in self.excluded if c.excluded)
        lines.append(f"Considered {self.considered:,} models; {self.passed:,} passed"
                     + (f", {self.set_aside:,} set aside as thinly available"
                        if self.set_aside else "") + "." + (f" Excluded — {counts}."
                                                            if counts else ""))
        lines += [f"- {n}" for n in self.notes]
        weights = ", ".join(f"{k} {v:.0%}" for k, v in self.scoring.items())
        lines += ["", f"Scoring weights: {weights}.", "", "Sources:"]
        lines += [f"- {s}" for s in self.sources]
        return "\n".join(lines)


def _route_text(p: Pick) -> str:
    if p.route is None:
        text = "self-hosted" if p.self_host_fit else "—"
    else:
        r = p.route
        text = (f"{r.provider} `{r.model_id}` ({usd(r.prices_used.input_per_m)} / "
                f"{usd(r.prices_used.output_per_m)})")
    if p.self_host_fit:
        text += f"; runs at {p.self_host_fit}"
    if p.free_route:
        text += f"; free tier on {p.free_route}"
    return text
