"""Monthly cost against traffic, for the models of an answer or a comparison.

Every point is a :func:`advisor.tools.cost.calculate_cost` result (its cheapest route); the UI
never multiplies a price itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from advisor.tools.cost import CostReport, RouteCost, calculate_cost

MIN_TRAFFIC = 1_000


@dataclass
class CostCurve:
    """Points of monthly cost per model over a traffic range, and the models left out."""

    frame: pd.DataFrame
    unpriced: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    traffic: int = 0


def traffic_range(center: int, decades: int = 2) -> list[int]:
    """Round monthly request counts (1-2-5 steps) from ``center/10^decades`` to
    ``center*10^decades``, plus ``center`` itself."""
    center = max(center, MIN_TRAFFIC)
    lo, hi = center / 10**decades, center * 10**decades
    values = {center}
    for exp in range(int(math.floor(math.log10(lo))), int(math.ceil(math.log10(hi))) + 1):
        values.update(m * 10**exp for m in (1, 2, 5) if lo <= m * 10**exp <= hi)
    return sorted(v for v in values if v >= 1)


def cost_curve(models: list[str], input_tokens: int, output_tokens: int, traffic: int,
               cached_input_share: float = 0.0) -> CostCurve:
    """Cheapest paid route's monthly cost of each model at each traffic in :func:`traffic_range`."""
    rows: list[dict[str, Any]] = []
    curve = CostCurve(frame=pd.DataFrame(), input_tokens=input_tokens,
                      output_tokens=output_tokens, traffic=traffic)
    for model in models:
        try:
            points = [(r, calculate_cost(model, input_tokens, output_tokens, r, "month",
                                         cached_input_share=cached_input_share))
                      for r in traffic_range(traffic)]
        except (LookupError, ValueError) as exc:
            curve.failed[model] = str(exc)
            continue
        name = points[0][1].model if points else model
        paid = [(r, _cheapest_paid(rep)) for r, rep in points]
        if not paid or paid[0][1] is None:
            curve.unpriced.append(name)
            continue
        for requests, best in paid:
            assert best is not None
            rows.append({"Model": name, "Requests per month": requests,
                         "Monthly cost (USD)": best.per_month_usd, "Route": best.provider})
    curve.frame = pd.DataFrame(rows, columns=["Model", "Requests per month",
                                              "Monthly cost (USD)", "Route"])
    return curve


def _cheapest_paid(report: CostReport) -> RouteCost | None:
    """The cheapest route with a non-zero price ($0 listings are free tiers, not a price)."""
    return next((r for r in report.routes
                 if r.prices_used.input_per_m > 0 or r.prices_used.output_per_m > 0), None)


def cost_chart(curve: CostCurve, budget: float | None = None) -> Any:
    """An Altair line chart (log-log) with the stated traffic and budget marked."""
    import altair as alt

    data = curve.frame
    x = alt.X("Requests per month:Q", scale=alt.Scale(type="log"),
              axis=alt.Axis(format="~s", title="Requests per month"))
    y = alt.Y("Monthly cost (USD):Q", scale=alt.Scale(type="log"),
              axis=alt.Axis(format="$,.2~f", title="Monthly cost (cheapest route)"))
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=x, y=y, color=alt.Color("Model:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["Model", alt.Tooltip("Requests per month:Q", format=","),
                 alt.Tooltip("Monthly cost (USD):Q", format="$,.2f"), "Route"])
    layers: list[Any] = [lines]
    marks = pd.DataFrame({"Requests per month": [curve.traffic],
                          "label": [f"your traffic: {curve.traffic:,}/month"]})
    layers.append(alt.Chart(marks).mark_rule(strokeDash=[4, 4], color="gray").encode(
        x="Requests per month:Q", tooltip=["label"]))
    if budget:
        line = pd.DataFrame({"Monthly cost (USD)": [budget],
                             "label": [f"budget: ${budget:,.0f}/month"]})
        layers.append(alt.Chart(line).mark_rule(strokeDash=[6, 3], color="#d62728").encode(
            y="Monthly cost (USD):Q", tooltip=["label"]))
    return alt.layer(*layers).properties(height=320)
