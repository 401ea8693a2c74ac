"""Tool results (the typed ``result`` of each tool call) turned into tables.

Pure functions over the tools' own pydantic results (attributes, never ``.get("key")``), so
they are testable without Streamlit. Every figure shown
comes from a tool result; this module only formats (``usd``, ``tokens``) and arranges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from advisor.agent.answer import ToolCallRecord, results_of
from advisor.tools.capabilities import CapabilityDiff
from advisor.tools.compare.report import ComparisonReport
from advisor.tools.cost import CostReport, RouteCost
from advisor.tools.format import tokens, usd, yes_no
from advisor.tools.hardware import HardwareEstimate
from advisor.tools.recommend.result import Recommendation
from advisor.tools.specs import SpecSheet
from ui.charts import CostBar

CAP_LABELS = {
    "vision": "Vision (image input)", "audio_input": "Audio input", "video_input": "Video input",
    "pdf_input": "PDF input", "multimodal": "Multimodal input", "image_output": "Image output",
    "audio_output": "Audio output", "reasoning": "Reasoning",
    "function_calling": "Function calling / tool use", "structured_outputs": "Structured outputs",
    "attachments": "File attachments", "open_weights": "Open weights",
}
T = TypeVar("T")


@dataclass
class TableView:
    """A table to show under an answer: a title, the frame, rows to highlight, a caption."""

    title: str
    frame: pd.DataFrame
    caption: str | None = None
    highlight_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _params(total: float | None, active: float | None) -> str:
    if total is None:
        return "—"
    return f"{total:g}B" + (f" ({active:g}B active)" if active is not None else "")


def specs_table(sheets: list[SpecSheet]) -> TableView:
    """One side-by-side spec table for every spec sheet of a turn (rows: attributes)."""
    names = [s.name for s in sheets]
    rows: list[tuple[str, list[str]]] = [
        ("Maker", [s.maker or "—" for s in sheets]),
        ("Context window", [tokens(s.context_window) for s in sheets]),
        ("Max output", [tokens(s.max_output) for s in sheets]),
        ("Input", [", ".join(s.modalities_in) or "—" for s in sheets]),
        ("Output", [", ".join(s.modalities_out) or "—" for s in sheets]),
        ("Open weights", [yes_no(s.open_weights) for s in sheets]),
        ("Licence", [s.license or "—" for s in sheets]),
        ("Parameters", [_params(s.parameters_b, s.active_parameters_b) for s in sheets]),
        ("Released", [s.release_date or "—" for s in sheets]),
        ("Knowledge cutoff", [s.knowledge_cutoff or "—" for s in sheets]),
        ("Provider routes", [str(len(s.routes)) for s in sheets]),
        ("Cheapest input / 1M", [usd(s.cheapest_input_per_m) for s in sheets]),
        ("Cheapest output / 1M", [usd(s.cheapest_output_per_m) for s in sheets]),
    ]
    rows += [(CAP_LABELS.get(k, k), [yes_no(s.capabilities.get(k)) for s in sheets])
             for k in sheets[0].capabilities]
    frame = pd.DataFrame([[label, *values] for label, values in rows],
                         columns=["Spec", *_unique(names)])
    differ = [i for i, (_, v) in enumerate(rows) if len(sheets) > 1 and len(set(v)) > 1]
    title = "Specs" if len(sheets) == 1 else "Specs side by side"
    return TableView(title=f"{title} — {', '.join(names)}", frame=frame, highlight_rows=differ)


def routes_table(sheet: SpecSheet, limit: int = 12) -> TableView | None:
    """A model's provider routes with their prices (USD per 1M tokens), cheapest first."""
    routes = paid_first(sheet.routes, lambda r: (r.input_per_m, r.output_per_m))
    if not routes:
        return None
    frame = pd.DataFrame([{
        "Provider": _provider(r.provider, (r.input_per_m, r.output_per_m)),
        "Model id": r.model_id,
        "Input / 1M": usd(r.input_per_m), "Output / 1M": usd(r.output_per_m),
        "Cache read / 1M": usd(r.cache_read_per_m),
        "Context": tokens(r.context),
    } for r in routes[:limit]])
    more = len(routes) - limit
    return TableView(title=f"Prices by provider — {sheet.name}", frame=frame,
                     caption=f"…and {more} more routes." if more > 0 else None)


def facts_table(sheet: SpecSheet) -> TableView | None:
    """A model's curated facts, every source's claim with its as-of date."""
    rows = [{"Fact": f.label + (" ⚠ sources disagree" if f.conflict else ""),
             "Value": c.display, "Source": c.source, "As of": c.as_of}
            for f in sheet.facts for c in f.claims]
    if not rows:
        return None
    bench = [f"Benchmark {b.name}: {b.score:g} ({b.source})" for b in sheet.benchmarks]
    return TableView(title=f"Curated facts — {sheet.name}", frame=pd.DataFrame(rows),
                     notes=bench + list(sheet.conflicts))


def cost_table(report: CostReport) -> TableView:
    """Every priced route of a cost report, cheapest first."""
    head = (f"Cost — {report.model}: {tokens(report.input_tokens)} in + "
            f"{tokens(report.output_tokens)} out per request, "
            f"{report.requests:,} requests per {report.period}")
    routes = paid_first(report.routes, _used_prices)
    frame = pd.DataFrame([{
        "Provider": _provider(r.provider, _used_prices(r))
        + (" ⚠ probable listing error" if r.price_doubt else ""),
        "Per month": usd(r.per_month_usd),
        "Per day": usd(r.per_day_usd), "Per request": usd(r.per_request_usd),
        "Input / 1M": usd(r.prices_used.input_per_m),
        "Output / 1M": usd(r.prices_used.output_per_m), "Model id": r.model_id,
    } for r in routes], columns=["Provider", "Per month", "Per day", "Per request",
                                 "Input / 1M", "Output / 1M", "Model id"])
    notes = list(report.assumptions)
    if not routes:
        notes.insert(0, report.message or "No priced route in the catalog.")
    elif report.unpriced_routes:
        notes.append("No price listed for: " + ", ".join(report.unpriced_routes))
    return TableView(title=head, frame=frame, caption=" ".join(notes) or None)


def is_free(prices: tuple[float | None, float | None]) -> bool:
    """A $0 listing (both prices zero): a free tier, not a price."""
    return all(p is not None and float(p) == 0 for p in prices)


def paid_first(routes: list[T], prices: Callable[[T], tuple[float | None, float | None]]
               ) -> list[T]:
    """Routes with a price first (their order kept), then the free tiers."""
    return ([r for r in routes if not is_free(prices(r))]
            + [r for r in routes if is_free(prices(r))])


def _used_prices(route: RouteCost) -> tuple[float | None, float | None]:
    return route.prices_used.input_per_m, route.prices_used.output_per_m


def _provider(provider: str, prices: tuple[float | None, float | None]) -> str:
    return provider + (" (free tier)" if is_free(prices) else "")


def cheapest_table(reports: list[CostReport]) -> TableView:
    """The cheapest route of each costed model, side by side."""
    rows = []
    for rep in reports:
        priced = paid_first(rep.routes, _used_prices)
        best = priced[0] if priced else None
        rows.append({"Model": rep.model,
                     "Cheapest route": _provider(best.provider, _used_prices(best)) if best
                     else "no price in catalog",
                     "Per request": usd(best.per_request_usd) if best else "—",
                     "Per month": usd(best.per_month_usd) if best else "—"})
    return TableView(title="Cheapest route per model", frame=pd.DataFrame(rows))


def diff_table(diff: CapabilityDiff) -> TableView:
    """The capability matrix: one row per capability, one column per model."""
    models = diff.models
    frame = pd.DataFrame([[r.label, *(r.values.get(m, "—") for m in models)]
                          for r in diff.rows], columns=["Capability", *_unique(models)])
    only = [f"{m} alone has {', '.join(c)}" for m, c in diff.only_in.items() if c]
    return TableView(title="Capabilities — " + " vs ".join(models), frame=frame,
                     caption="; ".join(only) + "." if only else "No capability is unique to one "
                                                             "model.",
                     highlight_rows=[i for i, r in enumerate(diff.rows) if r.differs])


def picks_table(rec: Recommendation) -> TableView | None:
    """The recommended models, ranked, with cost at the traffic and why each was chosen."""
    self_host = rec.mode == "self_host"
    head = (f"Recommended for {'self-hosting' if self_host else 'hosted API use'} — "
            f"{rec.requests_per_month:,} requests/month, {tokens(rec.input_tokens)} in + "
            f"{tokens(rec.output_tokens)} out")
    counts = f"{rec.passed:,} of {rec.considered:,} models pass"
    constraints = rec.constraints_applied
    caption = counts + (" (" + "; ".join(constraints) + ")" if constraints else "") + "."
    if not rec.picks:
        if not rec.relaxations:
            return None
        frame = pd.DataFrame([{
            "Drop this constraint": r.description, "Field": r.field,
            "Models unlocked": r.unlocks, "For example": ", ".join(r.examples),
            "Cheapest / month": usd(r.cheapest_monthly_usd)} for r in rec.relaxations])
        return TableView(title="Nothing passes every constraint — what relaxing one unlocks",
                         frame=frame, caption=rec.message or caption)
    cost_head = "API cost / month (reference)" if self_host else "Monthly cost"
    rows = []
    for p in rec.picks:
        row = {"#": p.rank, "Model": p.model, cost_head: usd(p.monthly_cost_usd),
               "Route": p.route.provider if p.route else "—", "Fit score": f"{p.score:.2f}",
               "Context": tokens(p.context_window), "Licence": p.license or "—",
               "Open weights": yes_no(p.open_weights)}
        if self_host:
            row["Fits your memory at"] = p.self_host_fit or "—"
        rows.append(row)
    notes = [f"{p.model}: {p.trade_off}" for p in rec.picks if p.trade_off]
    notes += list(rec.assumptions) + list(rec.notes)
    return TableView(title=head, frame=pd.DataFrame(rows), caption=caption, notes=notes)


def hardware_table(est: HardwareEstimate) -> TableView:
    """Memory to run a model at each precision, and whether it fits the named hardware."""
    hw = est.hardware

    def gb(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f} GB"

    rows = []
    for lv in est.levels:
        row = {"Precision": lv.label, "Weights": gb(lv.weights_gb),
               "KV cache": gb(lv.kv_cache_gb), "Overhead": gb(lv.overhead_gb),
               "Total": gb(lv.total_gb)}
        if hw:
            row["Fits"] = yes_no(lv.fits)
            row["Headroom"] = gb(lv.headroom_gb)
            row["Largest context"] = tokens(lv.max_context_tokens)
        if lv.decode_tokens_per_s_ceiling is not None:
            row["Decode ceiling (upper bound)"] = f"≤ {lv.decode_tokens_per_s_ceiling:.1f} tok/s"
        rows.append(row)
    where = f" on {hw.name}" if hw and hw.name else ""
    published = [f"Published: {p.value:g} GB at {p.quantization or '?'} — {p.source}"
                 for lv in est.levels for p in lv.published_memory]
    published += [f"Published: {p.value:g} tokens/s on {p.hardware or '?'} — {p.source}"
                  for p in est.published_speeds]
    return TableView(title=f"Memory to run {est.model}{where} "
                           f"({est.context_tokens:,} tokens of context)",
                     frame=pd.DataFrame(rows), caption=est.verdict,
                     highlight_rows=[i for i, lv in enumerate(est.levels) if lv.fits],
                     notes=list(dict.fromkeys([*published, *est.warnings])))


def records_table(title: str, records: Iterable[dict[str, Any]]) -> TableView | None:
    """A table of flat records (scalar values only; lists joined, nested dicts dropped)."""
    flat = []
    for rec in records:
        row = {}
        for key, value in rec.items():
            if isinstance(value, dict):
                continue
            if isinstance(value, list):
                if any(isinstance(v, dict | list) for v in value):
                    continue
                value = ", ".join(str(v) for v in value)
            row[_label(key)] = value if value is not None else "—"
        if row:
            flat.append(row)
    return TableView(title=title, frame=pd.DataFrame(flat)) if flat else None


VIEW_TOOLS = {"lookup_specs", "calculate_cost", "diff_capabilities", "recommend",
              "estimate_hardware"}


def tables_for_call(call: ToolCallRecord) -> list[TableView]:
    """The tables for one successful tool call (none for tools shown as text)."""
    if (sheet := call.result_as(SpecSheet)) is not None:
        return [t for t in (specs_table([sheet]), routes_table(sheet), facts_table(sheet)) if t]
    if (cost := call.result_as(CostReport)) is not None:
        return [cost_table(cost)]
    if (diff := call.result_as(CapabilityDiff)) is not None:
        return [diff_table(diff)]
    if (rec := call.result_as(Recommendation)) is not None:
        return [t for t in (picks_table(rec),) if t]
    if (est := call.result_as(HardwareEstimate)) is not None:
        return [hardware_table(est)]
    return []


def tables_for_turn(calls: list[ToolCallRecord]) -> list[TableView]:
    """Every table for a turn's calls: spec sheets side by side, cost summary, the rest."""
    sheets = [sheet for _, sheet in results_of(calls, SpecSheet)]
    out: list[TableView] = []
    if len(sheets) > 1:
        out.append(specs_table(sheets))
        for s in sheets:
            out += [t for t in (routes_table(s), facts_table(s)) if t]
    costs = [cost for _, cost in results_of(calls, CostReport)]
    if len(costs) > 1:
        out.append(cheapest_table(costs))
    for call in calls:
        if len(sheets) > 1 and call.result_as(SpecSheet) is not None:
            continue
        out += tables_for_call(call)
    return out


def candidate_models(calls: list[ToolCallRecord],
                     recommendations: list[dict[str, Any]] | None = None) -> list[str]:
    """The models a turn is about, in first-mention order (results, then recommendations)."""
    names: list[str] = []
    for call in calls:
        if (cost := call.result_as(CostReport)) is not None:
            names.append(cost.model)
        elif (est := call.result_as(HardwareEstimate)) is not None:
            names.append(est.model)
        elif (sheet := call.result_as(SpecSheet)) is not None:
            names.append(sheet.name)
        elif (diff := call.result_as(CapabilityDiff)) is not None:
            names += diff.models
        elif (report := call.result_as(ComparisonReport)) is not None:
            names += report.models
        elif (rec := call.result_as(Recommendation)) is not None:
            names += [p.model for p in rec.picks]
    for item in recommendations or []:  # the answer's own records: plain dicts
        name = item.get("model") or item.get("name")
        if isinstance(name, str):
            names.append(name)
        elif isinstance(name, dict) and name.get("name"):
            names.append(str(name["name"]))
    return list(dict.fromkeys(names))


def cost_bars(calls: list[ToolCallRecord]) -> list[CostBar]:
    """Each candidate's monthly cost at the turn's traffic, read from the turn's own results.

    The route a cost report quotes (the maker's list price unless the cheapest was asked
    for), a recommended pick's costed route, a comparison's cost section; a model is taken
    once, at its first figure.
    """
    bars: dict[str, CostBar] = {}

    def add(model: str, value: float | None, route: str | None) -> None:
        if value is not None and model not in bars:
            bars[model] = CostBar(model, float(value), route or "—")

    for call in calls:
        if (cost := call.result_as(CostReport)) is not None:
            if cost.quote is not None:  # the figure the answer's first line quotes
                add(cost.model, cost.quote.quoted.per_month_usd, cost.quote.quoted.provider)
        elif (rec := call.result_as(Recommendation)) is not None:
            for pick in rec.picks:
                add(pick.model, pick.monthly_cost_usd, pick.route.provider if pick.route
                    else None)
        elif (report := call.result_as(ComparisonReport)) is not None:
            for c in report.cost.costs:
                add(c.model, c.per_month_usd, c.provider)
    return list(bars.values())


def format_args(args: dict[str, Any]) -> str:
    """Tool arguments as short readable text: ``model = Gemma 3 4B · requests = 3,000``."""
    parts = []
    for key, value in args.items():
        if value is None or value == [] or value == {}:
            continue
        parts.append(f"{key} = {_value_text(value)}")
    return " · ".join(parts) or "no arguments"


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value_text(v)}" for k, v in value.items()
                               if v not in (None, [], {}, False)) + "}"
    return str(value)


def _label(key: str) -> str:
    return key.replace("_usd", " (USD)").replace("_per_m", " / 1M").replace("_", " ").capitalize()


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out
