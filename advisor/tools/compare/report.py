"""The comparison report: structured sections for the UI and MCP, and a Markdown rendering."""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.compare.budget import BudgetAnswer
from advisor.tools.compare.costs import CostSection
from advisor.tools.compare.differences import Differences
from advisor.tools.compare.profile import ModelProfile
from advisor.tools.compare.reasons import Friction, TradeOff
from advisor.tools.compare.usecase import UseCaseSection
from advisor.tools.details import DETAILS_HEADING
from advisor.tools.format import md_table, tokens, usd, yes_no


class Row(BaseModel):
    """One line of a side-by-side table: a label and each model's displayed value."""

    label: str
    values: list[str] = Field(description="One value per model, in the report's model order.")
    differs: bool = False


class SharedBenchmark(BaseModel):
    """A benchmark every compared model reports, side by side with the sources."""

    name: str
    scores: dict[str, float]
    sources: dict[str, str]
    same_source: bool


class ComparisonReport(BaseModel):
    """A side-by-side decision report over two or more models."""

    models: list[str]
    headline: str | None = Field(default=None, description="The context-window ratio line.")
    context_ratio: float | None = Field(
        default=None, description="Largest context window ÷ smallest (all known).")
    scorecard: list[Row]
    tradeoffs: list[TradeOff]
    cost: CostSection
    friction: list[Friction]
    specs: list[Row]
    pricing: list[Row]
    capabilities: list[Row]
    shared_benchmarks: list[SharedBenchmark] = Field(default_factory=list)
    profiles: list[ModelProfile] = Field(description="Every fact each column was built from.")
    conflicts: list[str] = Field(default_factory=list, description="Where sources disagree.")
    sources: list[str]
    lead: str = Field(default="", description="The answer in one or two sentences, with the "
                                              "figures asked for.")
    use_case: UseCaseSection | None = Field(
        default=None, description="For a comparison for a use case: its scores and needs.")
    budget: BudgetAnswer | None = Field(
        default=None, description="With a monthly budget: does each model fit, by how much.")
    differences: Differences | None = Field(
        default=None, description="What differs between the models and what they share.")
    differences_lead: bool = Field(
        default=False, description="Whether the differences lead (no traffic, use case or "
                                   "budget was stated), before the cost at assumed traffic.")

    def to_markdown(self) -> str:
        """The answer (lead, the use case's section, cost, scorecard), then the Details part.

        Details: trade-offs, switch friction, specs, pricing, capabilities, benchmarks and
        disagreements between sources.
        """
        parts = [self.lead or (self.headline or f"{' vs '.join(self.models)}.")]
        if self.use_case:
            parts += ["", *self.use_case.to_markdown(
                self.models, summary=self.use_case.summary not in parts[0])]
        if self.differences and self.differences_lead:
            parts += ["", *self.differences.to_markdown()]
        parts += ["", "### Monthly cost at traffic", f"Traffic: {self.cost.traffic.stated}.", ""]
        for c in self.cost.costs:
            if c.per_month_usd is not None:
                line = f"- **{c.model}**: {usd(c.per_month_usd)}/month on {c.provider} ({c.route})"
                if c.basis == "maker list price":
                    line += ", the maker's list price"
                if c.cheapest_per_month_usd is not None and c.cheapest_route != c.route:
                    line += (f"; cheapest paid route {usd(c.cheapest_per_month_usd)} on "
                             f"{c.cheapest_provider}")
            else:
                line = f"- **{c.model}**: unavailable — {c.message}"
            if c.free_routes and c.per_month_usd is not None:
                line += f"; also listed at $0 on {', '.join(c.free_routes)} (free tier, not used)"
            parts.append(line)
        if self.cost.summary not in parts[0]:
            parts += ["", self.cost.summary]
        if self.differences and not self.differences_lead:
            parts += ["", *self.differences.to_markdown()]
        parts += ["", "### Decision scorecard", _table("Signal", self.models, self.scorecard)]
        parts += ["", DETAILS_HEADING, ""]
        if self.headline and self.headline not in parts[0]:
            parts += [self.headline, ""]
        parts += ["#### Decision trade-offs"]
        for t in self.tradeoffs:
            parts.append(f"**Choose {t.model} when…**")
            parts += [f"- {r.text}" for r in t.reasons] or [f"- {t.none_found}"]
        parts += ["", "#### Switch friction"]
        for f in self.friction:
            parts.append(f"**{f.from_model} → {f.to_model}**")
            parts += [f"- {item}" for item in f.items]
        parts += ["", "#### Specs", _table("Specification", self.models, self.specs)]
        parts += ["", "#### Pricing and availability",
                  _table("Pricing (USD per 1M tokens)", self.models, self.pricing)]
        parts += ["", "#### Capabilities", _table("Capability", self.models, self.capabilities)]
        parts += ["", "#### Benchmarks", *_benchmarks(self)]
        if self.conflicts:
            parts += ["", "#### Sources disagree", *(f"- {c}" for c in self.conflicts)]
        parts += ["", "Sources:", *(f"- {s}" for s in self.sources)]
        return "\n".join(parts)


def _table(first: str, models: list[str], rows: list[Row]) -> str:
    return md_table([first, *models],
                    [[r.label + (" ≠" if r.differs else ""), *r.values] for r in rows])


def _benchmarks(report: ComparisonReport) -> list[str]:
    if not report.shared_benchmarks:
        counts = [f"{p.name} {len(p.benchmarks)}" for p in report.profiles]
        return [f"No benchmark score is shared by these models in the catalog "
                f"(scores held: {', '.join(counts)})."]
    rows = [[b.name, *(f"{b.scores[m]:g}" for m in report.models),
             "; ".join(sorted(set(b.sources.values())))
             + ("" if b.same_source else " (different sources: compare with care)")]
            for b in report.shared_benchmarks]
    return [md_table(["Benchmark", *report.models, "Source"], rows)]


def row(label: str, values: list[str]) -> Row:
    """A row, marked when the models' values differ."""
    return Row(label=label, values=values, differs=len(set(values)) > 1)


def capability_rows(profiles: list[ModelProfile]) -> list[Row]:
    """Yes / No / — for every capability."""
    return [row(c.label, [yes_no(p.capabilities.get(c.key)) for p in profiles])
            for c in CAPABILITIES]


def params_text(p: ModelProfile) -> str:
    """``122B (10B active)`` or ``—``."""
    if p.parameters_total_b is None:
        return "—"
    text = f"{p.parameters_total_b:g}B"
    if p.parameters_active_b is not None and p.parameters_active_b < p.parameters_total_b:
        text += f" ({p.parameters_active_b:g}B active)"
    return text


def spec_rows(profiles: list[ModelProfile]) -> list[Row]:
    """Released, context, output, parameters, architecture, licence, openness, cutoff."""
    def v(text: str | None) -> str:
        return text or "—"

    return [
        row("Maker", [v(p.maker) for p in profiles]),
        row("Released", [v(p.release_date) for p in profiles]),
        row("Context window", [tokens(p.context_window) for p in profiles]),
        row("Max output", [tokens(p.max_output) for p in profiles]),
        row("Parameters", [params_text(p) for p in profiles]),
        row("Architecture", [v(p.architecture) for p in profiles]),
        row("Input", [", ".join(p.modalities_in) or "—" for p in profiles]),
        row("Licence", [v(p.license) for p in profiles]),
        row("Open weights", [yes_no(p.open_weights) for p in profiles]),
        row("Commercial use", [v(p.commercial_use) for p in profiles]),
        row("Knowledge cutoff", [v(p.knowledge_cutoff) for p in profiles]),
    ]


def pricing_rows(profiles: list[ModelProfile]) -> list[Row]:
    """Cheapest paid prices with their routes, $0 listings, route counts, stated prices."""
    def price(p: ModelProfile, which: str) -> str:
        ref = p.cheapest_input if which == "input" else p.cheapest_output
        if ref is None:
            return "no price in the catalog"
        value = ref.input_per_m if which == "input" else ref.output_per_m
        return f"{usd(value)} ({ref.provider})"

    return [
        row("Cheapest input (paid route)", [price(p, "input") for p in profiles]),
        row("Cheapest output (paid route)", [price(p, "output") for p in profiles]),
        row("Listed at $0 (free tier)", [", ".join(p.free_routes) or "none" for p in profiles]),
        row("Provider routes", [str(p.route_count) for p in profiles]),
        row("Routes without a price", [str(len(p.unpriced_routes)) for p in profiles]),
        row("Price stated by a curated page",
            ["; ".join(p.stated_prices) or "—" for p in profiles]),
    ]
