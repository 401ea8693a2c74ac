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


def cost_bars(bars: list[CostBar], budget: float | None = None) -> dict[str, Any]:
    """Sorted horizontal bars of monthly cost, the budget a labelled rule across them.

    A Vega-Lite spec written as a plain dict: building the same chart through altair costs
    about 200 ms a chart on a loaded two-core machine (its schema classes), this under 1 ms.
    """
    data = bars_frame(bars)
    order = list(data["Model"])
    top = max([*data["Monthly cost (USD)"], budget or 0]) * 1.25 or 1
    x = _quantitative(COST, "Monthly cost at your traffic (USD)", format="$,.2~f",
                      scale={"domain": [0, top]})
    y = {"field": "Model", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": 0, "labelFontSize": 12}}
    colours = {"field": "Model", "type": "nominal", "sort": order, "legend": None,
               "scale": {"domain": order, "range": PALETTE[:len(order)] or PALETTE}}
    rows = data.to_dict("records")
    layers: list[dict[str, Any]] = [
        {"data": {"values": rows}, "mark": {"type": "bar", "height": {"band": 0.7}},
         "encoding": {"x": x, "y": y, "color": colours,
                      "tooltip": [_nominal("Model"), _tip(COST, "$,.2f"), _nominal("Route")]}},
        {"data": {"values": rows}, "mark": {"type": "text", "align": "left", "dx": 4,
                                            "fontSize": 12},
         "encoding": {"x": x, "y": y, "text": _nominal("label")}},
    ]
    if budget is not None:
        layers += budget_rule(budget, axis="x")
    return {"layer": layers, "height": max(90, 34 * len(order) + 40)}


COST = "Monthly cost (USD)"
TRAFFIC = "Requests per month"


def _nominal(name: str) -> dict[str, Any]:
    return {"field": name, "type": "nominal"}


def _tip(name: str, format: str) -> dict[str, Any]:
    return {"field": name, "type": "quantitative", "format": format}


def _quantitative(name: str, title: str, **axis_and_scale: Any) -> dict[str, Any]:
    scale = axis_and_scale.pop("scale", None)
    out: dict[str, Any] = {"field": name, "type": "quantitative", "title": title,
                           "axis": dict(axis_and_scale)}
    if scale is not None:
        out["scale"] = scale
    return out


def budget_rule(budget: float, axis: str) -> list[dict[str, Any]]:
    """The budget as a dashed rule with its label written on the chart."""
    label = f"Budget {_money(budget)}/month"
    data = {"values": [{COST: budget, "label": label}]}
    rule = {"type": "rule", "strokeDash": [6, 3], "color": BUDGET_COLOUR, "strokeWidth": 2}
    where = {axis: {"field": COST, "type": "quantitative"}}
    if axis == "x":
        text = {"type": "text", "align": "left", "baseline": "top", "dx": 4, "dy": -2, "y": 0,
                "text": label, "color": BUDGET_COLOUR, "fontWeight": "bold"}
    else:
        text = {"type": "text", "align": "right", "baseline": "bottom", "dy": -3,
                "x": "width", "text": label, "color": BUDGET_COLOUR, "fontWeight": "bold"}
    return [{"data": data, "mark": rule, "encoding": {**where, "tooltip": [_nominal("label")]}},
            {"data": data, "mark": text, "encoding": where}]


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


def cost_chart(curve: CostCurve, budget: float | None = None) -> dict[str, Any]:
    """Monthly cost against traffic (log-log), the stated traffic and the budget labelled.

    A Vega-Lite spec as a plain dict (see :func:`cost_bars`).
    """
    data = curve.frame
    order = list(dict.fromkeys(data["Model"]))
    x = _quantitative(TRAFFIC, TRAFFIC, format="~s", scale={"type": "log"})
    y = _quantitative(COST, "Monthly cost (cheapest paid route)", format="$,.2~f",
                      scale={"type": "log"})
    colours = {"field": "Model", "type": "nominal", "sort": order,
               "scale": {"domain": order, "range": PALETTE[:len(order)] or PALETTE},
               "legend": {"orient": "bottom", "title": None, "labelLimit": 0, "columns": 1,
                          "symbolStrokeWidth": 3}}
    layers: list[dict[str, Any]] = [
        {"data": {"values": data.to_dict("records")},
         "mark": {"type": "line", "point": True, "strokeWidth": 2.5},
         "encoding": {"x": x, "y": y, "color": colours,
                      "tooltip": [_nominal("Model"), _tip(TRAFFIC, ","), _tip(COST, "$,.2f"),
                                  _nominal("Route")]}}]
    label = f"Your traffic: {curve.traffic:,}/month"
    marks = {"values": [{TRAFFIC: curve.traffic, "label": label}]}
    at = {"x": {"field": TRAFFIC, "type": "quantitative"}}
    layers += [{"data": marks, "mark": {"type": "rule", "strokeDash": [4, 4], "color": "gray"},
                "encoding": {**at, "tooltip": [_nominal("label")]}},
               {"data": marks, "mark": {"type": "text", "align": "left", "baseline": "top",
                                        "dx": 4, "y": 2, "color": "gray", "text": label},
                "encoding": at}]
    if budget is not None and budget > 0:  # a log axis has no place for $0
        layers += budget_rule(budget, axis="y")
    return {"layer": layers, "height": 320}


def _money(value: float) -> str:
    return usd(value)


@functools.lru_cache(maxsize=256)
def bars_spec(bars: tuple[CostBar, ...], budget: float | None) -> dict[str, Any]:
    """:func:`cost_bars` as a Vega-Lite spec, built once per set of figures (reruns reuse it)."""
    return cost_bars(list(bars), budget)


@functools.lru_cache(maxsize=128)
def curve_spec(models: tuple[str, ...], input_tokens: int, output_tokens: int, traffic: int,
               cached_input_share: float, budget: float | None) -> dict[str, Any] | None:
    """:func:`cost_chart` of :func:`cost_curve` as a spec (None when nothing is priced), once
    per inputs: the curve's costs are tool results, the same for the same inputs within the
    process's catalog."""
    curve = cost_curve(list(models), input_tokens, output_tokens, traffic, cached_input_share)
    if curve.frame.empty:
        return None
    return cost_chart(curve, budget)
