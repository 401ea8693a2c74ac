"""Monthly cost against traffic, for the models of an answer or a comparison.

Every point is a :func:`advisor.tools.cost.calculate_cost` result (its cheapest route); the UI
never multiplies a price itself.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from advisor.tools.cost import CostReport, RouteCost, calculate_cost
from advisor.tools.format import usd

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


# A palette of clearly different hues (Okabe–Ito, readable with colour-vision deficiency);
# the first candidate of a turn always gets the first colour.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
           "#000000"]
BUDGET_COLOUR = "#C0392B"
DISTINCT_RATIO = 1.5  # lines closer than this (on the log scale) are drawn as bars only


@dataclass(frozen=True)
class CostBar:
    """One candidate's monthly cost at the turn's traffic, as a tool result states it."""

    model: str
    monthly_usd: float
    route: str


def bars_frame(bars: list[CostBar]) -> pd.DataFrame:
    """The bars, cheapest first, with the label drawn beside each."""
    ordered = sorted(bars, key=lambda b: b.monthly_usd)
    return pd.DataFrame([{"Model": b.model, "Monthly cost (USD)": b.monthly_usd,
                          "Route": b.route, "label": _money(b.monthly_usd)} for b in ordered],
                        columns=["Model", "Monthly cost (USD)", "Route", "label"])


def cost_bars(bars: list[CostBar], budget: float | None = None) -> Any:
    """Sorted horizontal bars of monthly cost, the budget a labelled rule across them."""
    import altair as alt

    data = bars_frame(bars)
    order = list(data["Model"])
    y = alt.Y("Model:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=0, labelFontSize=12))
    x = alt.X("Monthly cost (USD):Q", title="Monthly cost at your traffic (USD)",
              axis=alt.Axis(format="$,.2~f"),
              scale=alt.Scale(domain=[0, max([*data["Monthly cost (USD)"], budget or 0]) * 1.25
                                      or 1]))
    colours = alt.Color("Model:N", sort=order, legend=None,
                        scale=alt.Scale(domain=order, range=PALETTE[:len(order)] or PALETTE))
    base = alt.Chart(data)
    layers: list[Any] = [
        base.mark_bar(height={"band": 0.7}).encode(
            x=x, y=y, color=colours,
            tooltip=["Model", alt.Tooltip("Monthly cost (USD):Q", format="$,.2f"), "Route"]),
        base.mark_text(align="left", dx=4, fontSize=12).encode(x=x, y=y, text="label:N"),
    ]
    if budget is not None:
        layers += budget_rule(budget, axis="x")
    height = max(90, 34 * len(order) + 40)
    return alt.layer(*layers).properties(height=height)


def budget_rule(budget: float, axis: str) -> list[Any]:
    """The budget as a dashed rule with its label written on the chart."""
    import altair as alt

    field = "Monthly cost (USD):Q"
    label = f"Budget {_money(budget)}/month"
    frame = pd.DataFrame({"Monthly cost (USD)": [budget], "label": [label]})
    chart = alt.Chart(frame)
    rule = chart.mark_rule(strokeDash=[6, 3], color=BUDGET_COLOUR, strokeWidth=2)
    if axis == "x":
        text = chart.mark_text(align="left", baseline="top", dx=4, dy=-2, y=0, text=label,
                               color=BUDGET_COLOUR, fontWeight="bold")
        return [rule.encode(x=field, tooltip=["label"]), text.encode(x=field)]
    text = chart.mark_text(align="right", baseline="bottom", dy=-3, x="width", text=label,
                           color=BUDGET_COLOUR, fontWeight="bold")
    return [rule.encode(y=field, tooltip=["label"]), text.encode(y=field)]


def distinguishable(bars: list[CostBar]) -> bool:
    """True when a cost-against-traffic plot would show separate lines.

    Cost grows in proportion to traffic, so on log axes every line has the same slope and
    lines sit apart only by their cost ratio: all neighbours must differ by
    :data:`DISTINCT_RATIO`.
    """
    costs = sorted(b.monthly_usd for b in bars if b.monthly_usd > 0)
    if len(costs) < 2:
        return False
    return all(hi / lo >= DISTINCT_RATIO for lo, hi in zip(costs, costs[1:], strict=False))


def cost_chart(curve: CostCurve, budget: float | None = None) -> Any:
    """Monthly cost against traffic (log-log), the stated traffic and the budget labelled."""
    import altair as alt

    data = curve.frame
    order = list(dict.fromkeys(data["Model"]))
    x = alt.X("Requests per month:Q", scale=alt.Scale(type="log"),
              axis=alt.Axis(format="~s", title="Requests per month"))
    y = alt.Y("Monthly cost (USD):Q", scale=alt.Scale(type="log"),
              axis=alt.Axis(format="$,.2~f", title="Monthly cost (cheapest paid route)"))
    colours = alt.Color("Model:N", sort=order,
                        scale=alt.Scale(domain=order, range=PALETTE[:len(order)] or PALETTE),
                        legend=alt.Legend(orient="bottom", title=None, labelLimit=0,
                                          columns=1, symbolStrokeWidth=3))
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y=y, color=colours,
        tooltip=["Model", alt.Tooltip("Requests per month:Q", format=","),
                 alt.Tooltip("Monthly cost (USD):Q", format="$,.2f"), "Route"])
    layers: list[Any] = [lines]
    marks = pd.DataFrame({"Requests per month": [curve.traffic],
                          "label": [traffic_label := f"Your traffic: {curve.traffic:,}/month"]})
    traffic = alt.Chart(marks)
    layers += [traffic.mark_rule(strokeDash=[4, 4], color="gray").encode(
                   x="Requests per month:Q", tooltip=["label"]),
               traffic.mark_text(align="left", baseline="top", dx=4, y=2, color="gray",
                                 text=traffic_label).encode(x="Requests per month:Q")]
    if budget is not None and budget > 0:  # a log axis has no place for $0
        layers += budget_rule(budget, axis="y")
    return alt.layer(*layers).properties(height=320)


def _money(value: float) -> str:
    return usd(value)


@functools.lru_cache(maxsize=256)
def bars_spec(bars: tuple[CostBar, ...], budget: float | None) -> dict[str, Any]:
    """:func:`cost_bars` as a Vega-Lite spec, built once per set of figures (reruns reuse it)."""
    spec: dict[str, Any] = cost_bars(list(bars), budget).to_dict()
    return spec


@functools.lru_cache(maxsize=128)
def curve_spec(models: tuple[str, ...], input_tokens: int, output_tokens: int, traffic: int,
               cached_input_share: float, budget: float | None) -> dict[str, Any] | None:
    """:func:`cost_chart` of :func:`cost_curve` as a spec (None when nothing is priced), once
    per inputs: the curve's costs are tool results, the same for the same inputs within the
    process's catalog."""
    curve = cost_curve(list(models), input_tokens, output_tokens, traffic, cached_input_share)
    if curve.frame.empty:
        return None
    spec: dict[str, Any] = cost_chart(curve, budget).to_dict()
    return spec
