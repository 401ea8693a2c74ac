"""``compare_models``: the side-by-side decision report over two or more models."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationError

from advisor.catalog import CatalogModel
from advisor.errors import describe_validation
from advisor.tools.capabilities import model_sources, resolve_models
from advisor.tools.compare.budget import BudgetAnswer, budget_fit
from advisor.tools.compare.costs import CostSection, cost_section, traffic_of
from advisor.tools.compare.differences import Differences, differences
from advisor.tools.compare.profile import ModelProfile, build_profile
from advisor.tools.compare.reasons import (
    friction,
    ratio_text,
    shared_benchmarks,
    tradeoffs,
)
from advisor.tools.compare.report import (
    ComparisonReport,
    Row,
    SharedBenchmark,
    capability_rows,
    pricing_rows,
    row,
    spec_rows,
)
from advisor.tools.compare.usecase import UseCaseSection, use_case_section
from advisor.tools.errors import ToolInputError
from advisor.tools.format import tokens, usd
from advisor.tools.use_cases import use_case_for, use_case_keys
from advisor.tools.workload import Workload

MAX_MODELS = 6


def compare_models(
    models: Annotated[list[str], Field(description="Two or more model names or ids (up to 6).",
                                       max_length=MAX_MODELS,
                                       json_schema_extra={"minItems": 2})],
    workload: Annotated[Workload | None, Field(
        description="Traffic and constraints; without it the default traffic from the "
                    "settings is used and stated.")] = None,
    use_case: Annotated[str | None, Field(
        description="Compare for a use case: coding, agents, long_documents, retrieval, "
                    "multilingual, reasoning, vision, on_device or safety (free text is "
                    "mapped). Its benchmark scores and needed capabilities come first.")] = None,
) -> ComparisonReport:
    """Compare two or more models side by side as a decision report.

    The first lines answer: for a use case, what its benchmark scores show (side by side with
    source and date, naming models that have none) and the capabilities it needs; then the
    monthly cost at the workload's traffic and the delta, and a scorecard (best for, context
    window, cheapest paid output price and its route, provider routes, shared benchmarks).
    Under "Details": trade-offs ("choose A when…", each reason from a difference in the data),
    switch friction both ways (shared providers, capabilities lost or gained, limits that
    shrink, licence changes), specs, pricing and availability, capabilities and shared
    benchmark scores with sources. Missing data is said as missing;
    routes listed at $0 are flagged as free tiers and never taken as the price.
    """
    resolved = _resolve(models)
    if isinstance(workload, dict):
        try:
            workload = Workload.model_validate(workload)
        except ValidationError as exc:
            raise ToolInputError("workload", describe_validation(exc)) from exc
    if workload is not None and not isinstance(workload, Workload):
        raise ToolInputError("workload", "expected a workload profile")
    uc = None
    wanted = use_case if use_case and use_case.strip() else (workload.use_case if workload
                                                             else None)
    if wanted:
        uc = use_case_for(wanted)
        if uc is None and use_case:
            raise ToolInputError("use_case", f"no use case matches {use_case!r}; known: "
                                             f"{', '.join(use_case_keys())}")
    providers = list(workload.providers) if workload else []
    profiles = [build_profile(m, providers) for m in resolved]
    costs = cost_section(resolved, traffic_of(workload))
    shared = shared_benchmarks(profiles)
    section = use_case_section(resolved, uc) if uc else None
    budget = (budget_fit(costs, workload.monthly_budget_usd)
              if workload is not None and workload.monthly_budget_usd is not None else None)
    diffs = differences(profiles)
    return ComparisonReport(
        lead=_lead(profiles, costs, section, budget, diffs), use_case=section, budget=budget,
        differences=diffs, differences_lead=_differences_lead(costs, section, budget),
        models=[p.name for p in profiles],
        headline=_headline(profiles), context_ratio=_context_ratio(profiles),
        scorecard=_scorecard(profiles, costs, len(shared)),
        tradeoffs=tradeoffs(profiles, costs, workload),
        cost=costs,
        friction=[friction(a, b, costs, workload) for a in profiles for b in profiles
                  if a.key != b.key],
        specs=spec_rows(profiles), pricing=pricing_rows(profiles),
        capabilities=capability_rows(profiles),
        shared_benchmarks=[SharedBenchmark(
            name=name, scores={m: s for m, (s, _) in scores.items()},
            sources={m: src for m, (_, src) in scores.items()},
            same_source=len({src for _, src in scores.values()}) == 1)
            for name, scores in shared.items()],
        profiles=profiles,
        conflicts=[f"{p.name} — {c}" for p in profiles for c in p.conflicts],
        sources=sorted({s for m in resolved for s in model_sources(m)}),
    )


def _differences_lead(costs: CostSection, section: UseCaseSection | None,
                      budget: BudgetAnswer | None) -> bool:
    """Whether what differs leads: no use case, no budget, and no traffic stated at all.

    A monthly total at traffic nobody stated answers a question nobody asked; "what's the
    difference between A and B?" is answered by the differences, prices per token first.
    """
    return section is None and budget is None and _no_traffic(costs)


def _no_traffic(costs: CostSection) -> bool:
    """Whether no traffic or request size was stated (all three are the defaults)."""
    return {"requests a month", "input tokens", "output tokens"} <= set(costs.traffic.assumed)


def _lead(profiles: list[ModelProfile], costs: CostSection, section: UseCaseSection | None,
          budget: BudgetAnswer | None, diffs: Differences) -> str:
    """The answer first: the budget's yes/no, the use case's evidence, the cost at traffic.

    With no traffic, use case or budget stated, what differs leads instead (see
    :func:`_differences_lead`); the cost at the assumed traffic follows under its heading.
    """
    if _differences_lead(costs, section, budget):
        return diffs.sentence()
    parts = [budget.lead] if budget is not None else []
    if section is not None:
        parts.append(f"For {section.label}: {section.summary}")
    rpm = costs.traffic.requests_per_month
    assumed = " (assumed)" if "requests a month" in costs.traffic.assumed else ""
    price = next((d for d in diffs.differ if d.aspect == "price"), None)
    if budget is None and section is not None and _no_traffic(costs) and price is not None:
        parts.append(price.clause + ".")  # "for coding, A or B?": prices, not a made-up bill
    elif budget is None:
        parts.append(f"At {rpm:,} requests a month{assumed}: {costs.summary}")
    else:
        parts[0] = parts[0].replace(f"at {rpm:,} requests a month:",
                                    f"at {rpm:,} requests a month{assumed}:", 1)
        parts.append(costs.summary)
    if section is None and budget is None:
        head = _headline(profiles)
        if head:
            parts.append(head)
    return " ".join(parts)


def _resolve(models: list[str]) -> list[CatalogModel]:
    return resolve_models(models, max_models=MAX_MODELS)


def _context_ratio(profiles: list[ModelProfile]) -> float | None:
    windows = [p.context_window for p in profiles]
    if any(w is None for w in windows):
        return None
    known = [w for w in windows if w is not None]
    return max(known) / min(known)


def _headline(profiles: list[ModelProfile]) -> str | None:
    known = [p for p in profiles if p.context_window]
    if len(known) < 2:
        missing = [p.name for p in profiles if not p.context_window]
        return f"No context window in the catalog for {', '.join(missing)}." if missing else None
    big = max(known, key=lambda p: p.context_window or 0)
    small = min(known, key=lambda p: p.context_window or 0)
    if big.context_window == small.context_window:
        return f"All have a {tokens(big.context_window)}-token context window."
    assert big.context_window and small.context_window
    return (f"{big.name} fits {ratio_text(big.context_window, small.context_window)} more "
            f"tokens than {small.name} ({big.context_window:,} vs {small.context_window:,}).")


def _cheapest_output(p: ModelProfile) -> str:
    ref = p.cheapest_output
    text = f"{usd(ref.output_per_m)}/1M on {ref.provider}" if ref else "no paid price"
    if p.free_routes:
        text += f" (+{len(p.free_routes)} free-tier listing{'s' * (len(p.free_routes) > 1)})"
    return text


def _scorecard(profiles: list[ModelProfile], costs: CostSection, shared: int) -> list[Row]:
    monthly = {c.model: c for c in costs.costs}
    return [
        row("Best for", [", ".join(p.best_for) or "—" for p in profiles]),
        row("Context window", [tokens(p.context_window) for p in profiles]),
        row("Cheapest output", [_cheapest_output(p) for p in profiles]),
        row("Monthly cost at traffic",
            [usd(monthly[p.name].per_month_usd) if monthly[p.name].per_month_usd is not None
             else "unavailable" for p in profiles]),
        row("Provider routes", [str(p.route_count) for p in profiles]),
        Row(label="Shared benchmarks", values=[str(shared)] * len(profiles)),
    ]
