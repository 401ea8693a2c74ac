"""Tool results (the structured ``result`` of each tool call) turned into tables.

Pure functions over plain dicts, so they are testable without Streamlit. Every figure shown
comes from a tool result; this module only formats (``usd``, ``tokens``) and arranges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from advisor.agent.answer import ToolCallRecord
from advisor.tools.format import tokens, usd, yes_no
from ui.charts import CostBar

CAP_LABELS = {
    "vision": "Vision (image input)", "audio_input": "Audio input", "video_input": "Video input",
    "pdf_input": "PDF input", "multimodal": "Multimodal input", "image_output": "Image output",
    "audio_output": "Audio output", "reasoning": "Reasoning",
    "function_calling": "Function calling / tool use", "structured_outputs": "Structured outputs",
    "attachments": "File attachments", "open_weights": "Open weights",
}


@dataclass
class TableView:
    """A table to show under an answer: a title, the frame, rows to highlight, a caption."""

    title: str
    frame: pd.DataFrame
    caption: str | None = None
    highlight_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _params(total: Any, active: Any) -> str:
    if total is None:
        return "—"
    return f"{total:g}B" + (f" ({active:g}B active)" if active is not None else "")


def specs_table(sheets: list[dict[str, Any]]) -> TableView:
    """One side-by-side spec table for every spec sheet of a turn (rows: attributes)."""
    names = [s["name"] for s in sheets]
    rows: list[tuple[str, list[str]]] = [
        ("Maker", [s.get("maker") or "—" for s in sheets]),
        ("Context window", [tokens(s.get("context_window")) for s in sheets]),
        ("Max output", [tokens(s.get("max_output")) for s in sheets]),
        ("Input", [", ".join(s.get("modalities_in") or []) or "—" for s in sheets]),
        ("Output", [", ".join(s.get("modalities_out") or []) or "—" for s in sheets]),
        ("Open weights", [yes_no(s.get("open_weights")) for s in sheets]),
        ("Licence", [s.get("license") or "—" for s in sheets]),
        ("Parameters", [_params(s.get("parameters_b"), s.get("active_parameters_b"))
                        for s in sheets]),
        ("Released", [s.get("release_date") or "—" for s in sheets]),
        ("Knowledge cutoff", [s.get("knowledge_cutoff") or "—" for s in sheets]),
        ("Provider routes", [str(len(s.get("routes") or [])) for s in sheets]),
        ("Cheapest input / 1M", [usd(s.get("cheapest_input_per_m")) for s in sheets]),
        ("Cheapest output / 1M", [usd(s.get("cheapest_output_per_m")) for s in sheets]),
    ]
    caps = sheets[0].get("capabilities") or {}
    rows += [(CAP_LABELS.get(k, k), [yes_no((s.get("capabilities") or {}).get(k))
                                     for s in sheets]) for k in caps]
    frame = pd.DataFrame([[label, *values] for label, values in rows],
                         columns=["Spec", *_unique(names)])
    differ = [i for i, (_, v) in enumerate(rows) if len(sheets) > 1 and len(set(v)) > 1]
    title = "Specs" if len(sheets) == 1 else "Specs side by side"
    return TableView(title=f"{title} — {', '.join(names)}", frame=frame, highlight_rows=differ)


def routes_table(sheet: dict[str, Any], limit: int = 12) -> TableView | None:
    """A model's provider routes with their prices (USD per 1M tokens), cheapest first."""
    routes = paid_first(sheet.get("routes") or [],
                        lambda r: (r.get("input_per_m"), r.get("output_per_m")))
    if not routes:
        return None
    frame = pd.DataFrame([{
        "Provider": _provider(r, (r.get("input_per_m"), r.get("output_per_m"))),
        "Model id": r["model_id"],
        "Input / 1M": usd(r.get("input_per_m")), "Output / 1M": usd(r.get("output_per_m")),
        "Cache read / 1M": usd(r.get("cache_read_per_m")),
        "Context": tokens(r.get("context")),
    } for r in routes[:limit]])
    more = len(routes) - limit
    return TableView(title=f"Prices by provider — {sheet['name']}", frame=frame,
                     caption=f"…and {more} more routes." if more > 0 else None)


def facts_table(sheet: dict[str, Any]) -> TableView | None:
    """A model's curated facts, every source's claim with its as-of date."""
    rows = [{"Fact": f["label"] + (" ⚠ sources disagree" if f.get("conflict") else ""),
             "Value": c["display"], "Source": c["source"], "As of": c["as_of"]}
            for f in sheet.get("facts") or [] for c in f.get("claims") or []]
    if not rows:
        return None
    bench = [f"Benchmark {b['name']}: {b['score']:g} ({b['source']})"
             for b in sheet.get("benchmarks") or []]
    return TableView(title=f"Curated facts — {sheet['name']}", frame=pd.DataFrame(rows),
                     notes=bench + list(sheet.get("conflicts") or []))


def cost_table(report: dict[str, Any]) -> TableView:
    """Every priced route of a cost report, cheapest first."""
    head = (f"Cost — {report['model']}: {tokens(report['input_tokens'])} in + "
            f"{tokens(report['output_tokens'])} out per request, "
            f"{report['requests']:,} requests per {report['period']}")
    routes = paid_first(report.get("routes") or [], _used_prices)
    frame = pd.DataFrame([{
        "Provider": _provider(r, _used_prices(r)), "Per month": usd(r["per_month_usd"]),
        "Per day": usd(r["per_day_usd"]), "Per request": usd(r["per_request_usd"]),
        "Input / 1M": usd(r["prices_used"]["input_per_m"]),
        "Output / 1M": usd(r["prices_used"]["output_per_m"]), "Model id": r["model_id"],
    } for r in routes], columns=["Provider", "Per month", "Per day", "Per request",
                                 "Input / 1M", "Output / 1M", "Model id"])
    notes = list(report.get("assumptions") or [])
    if not routes:
        notes.insert(0, report.get("message") or "No priced route in the catalog.")
    elif report.get("unpriced_routes"):
        notes.append("No price listed for: " + ", ".join(report["unpriced_routes"]))
    return TableView(title=head, frame=frame, caption=" ".join(notes) or None)


def is_free(prices: tuple[Any, Any]) -> bool:
    """A $0 listing (both prices zero): a free tier, not a price."""
    return all(p is not None and float(p) == 0 for p in prices)


def paid_first(routes: list[dict[str, Any]], prices: Any) -> list[dict[str, Any]]:
    """Routes with a price first (their order kept), then the free tiers."""
    return ([r for r in routes if not is_free(prices(r))]
            + [r for r in routes if is_free(prices(r))])


def _used_prices(route: dict[str, Any]) -> tuple[Any, Any]:
    used = route.get("prices_used") or {}
    return used.get("input_per_m"), used.get("output_per_m")


def _provider(route: dict[str, Any], prices: tuple[Any, Any]) -> str:
    return str(route["provider"]) + (" (free tier)" if is_free(prices) else "")


def cheapest_table(reports: list[dict[str, Any]]) -> TableView:
    """The cheapest route of each costed model, side by side."""
    rows = []
    for rep in reports:
        priced = paid_first(rep.get("routes") or [], _used_prices)
        best = priced[0] if priced else None
        rows.append({"Model": rep["model"],
                     "Cheapest route": _provider(best, _used_prices(best)) if best
                     else "no price in catalog",
                     "Per request": usd(best["per_request_usd"]) if best else "—",
                     "Per month": usd(best["per_month_usd"]) if best else "—"})
    return TableView(title="Cheapest route per model", frame=pd.DataFrame(rows))


def diff_table(diff: dict[str, Any]) -> TableView:
    """The capability matrix: one row per capability, one column per model."""
    models = diff["models"]
    rows = diff.get("rows") or []
    frame = pd.DataFrame([[r["label"], *(r["values"].get(m, "—") for m in models)]
                          for r in rows], columns=["Capability", *_unique(models)])
    only = [f"{m} alone has {', '.join(c)}" for m, c in (diff.get("only_in") or {}).items() if c]
    return TableView(title="Capabilities — " + " vs ".join(models), frame=frame,
                     caption="; ".join(only) + "." if only else "No capability is unique to one "
                                                             "model.",
                     highlight_rows=[i for i, r in enumerate(rows) if r.get("differs")])


def picks_table(rec: dict[str, Any]) -> TableView | None:
    """The recommended models, ranked, with cost at the traffic and why each was chosen."""
    picks = rec.get("picks") or []
    self_host = rec.get("mode") == "self_host"
    head = (f"Recommended for {'self-hosting' if self_host else 'hosted API use'} — "
            f"{rec['requests_per_month']:,} requests/month, {tokens(rec['input_tokens'])} in + "
            f"{tokens(rec['output_tokens'])} out")
    counts = f"{rec.get('passed', 0):,} of {rec.get('considered', 0):,} models pass"
    constraints = rec.get("constraints_applied") or []
    caption = counts + (" (" + "; ".join(constraints) + ")" if constraints else "") + "."
    if not picks:
        relax = rec.get("relaxations") or []
        if not relax:
            return None
        frame = pd.DataFrame([{
            "Drop this constraint": r["description"], "Field": r["field"],
            "Models unlocked": r["unlocks"], "For example": ", ".join(r.get("examples") or []),
            "Cheapest / month": usd(r.get("cheapest_monthly_usd"))} for r in relax])
        return TableView(title="Nothing passes every constraint — what relaxing one unlocks",
                         frame=frame, caption=rec.get("message") or caption)
    cost_head = "API cost / month (reference)" if self_host else "Monthly cost"
    rows = []
    for p in picks:
        route = p.get("route") or {}
        row = {"#": p["rank"], "Model": p["model"], cost_head: usd(p.get("monthly_cost_usd")),
               "Route": route.get("provider") or "—", "Fit score": f"{p['score']:.2f}",
               "Context": tokens(p.get("context_window")), "Licence": p.get("license") or "—",
               "Open weights": yes_no(p.get("open_weights"))}
        if self_host:
            row["Fits your memory at"] = p.get("self_host_fit") or "—"
        rows.append(row)
    notes = [f"{p['model']}: {p['trade_off']}" for p in picks if p.get("trade_off")]
    notes += list(rec.get("assumptions") or []) + list(rec.get("notes") or [])
    return TableView(title=head, frame=pd.DataFrame(rows), caption=caption, notes=notes)


def hardware_table(est: dict[str, Any]) -> TableView:
    """Memory to run a model at each precision, and whether it fits the named hardware."""
    hw = est.get("hardware") or {}
    levels = est.get("levels") or []

    def gb(value: Any) -> str:
        return "—" if value is None else f"{value:.1f} GB"

    rows = []
    for lv in levels:
        row = {"Precision": lv["label"], "Weights": gb(lv.get("weights_gb")),
               "KV cache": gb(lv.get("kv_cache_gb")), "Overhead": gb(lv.get("overhead_gb")),
               "Total": gb(lv.get("total_gb"))}
        if hw:
            row["Fits"] = yes_no(lv.get("fits"))
            row["Headroom"] = gb(lv.get("headroom_gb"))
            row["Largest context"] = tokens(lv.get("max_context_tokens"))
        if lv.get("decode_tokens_per_s_ceiling") is not None:
            row["Decode ceiling (upper bound)"] = f"≤ {lv['decode_tokens_per_s_ceiling']:.1f} tok/s"
        rows.append(row)
    where = f" on {hw['name']}" if hw.get("name") else ""
    published = [f"Published: {p['value']:g} GB at {p.get('quantization') or '?'} — "
                 f"{p['source']}" for lv in levels for p in lv.get("published_memory") or []]
    published += [f"Published: {p['value']:g} tokens/s on {p.get('hardware') or '?'} — "
                  f"{p['source']}" for p in est.get("published_speeds") or []]
    return TableView(title=f"Memory to run {est['model']}{where} "
                           f"({est.get('context_tokens', 0):,} tokens of context)",
                     frame=pd.DataFrame(rows), caption=est.get("verdict"),
                     highlight_rows=[i for i, lv in enumerate(levels) if lv.get("fits")],
                     notes=list(dict.fromkeys([*published, *(est.get("warnings") or [])])))


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
    res = call.data
    if not call.ok or not res:
        return []
    if call.name == "lookup_specs":
        return [t for t in (specs_table([res]), routes_table(res), facts_table(res)) if t]
    if call.name == "calculate_cost":
        return [cost_table(res)]
    if call.name == "diff_capabilities":
        return [diff_table(res)]
    if call.name == "recommend":
        return [t for t in (picks_table(res),) if t]
    if call.name == "estimate_hardware":
        return [hardware_table(res)]
    return []


def tables_for_turn(calls: list[ToolCallRecord]) -> list[TableView]:
    """Every table for a turn's calls: spec sheets side by side, cost summary, the rest."""
    ok = [c for c in calls if c.ok and c.result]
    out: list[TableView] = []
    sheets = [c.data for c in ok if c.name == "lookup_specs" and c.data]
    if len(sheets) > 1:
        out.append(specs_table(sheets))
        for s in sheets:
            out += [t for t in (routes_table(s), facts_table(s)) if t]
    costs = [c.data for c in ok if c.name == "calculate_cost" and c.data]
    if len(costs) > 1:
        out.append(cheapest_table(costs))
    for call in ok:
        if call.name == "lookup_specs" and len(sheets) > 1:
            continue
        out += tables_for_call(call)
    return out


def candidate_models(calls: list[ToolCallRecord],
                     recommendations: list[dict[str, Any]] | None = None) -> list[str]:
    """The models a turn is about (for the cost-vs-traffic chart), in first-mention order."""
    names: list[str] = []
    for call in calls:
        res = call.data or {}
        if not call.ok:
            continue
        if call.name in ("calculate_cost", "estimate_hardware") and res.get("model"):
            names.append(str(res["model"]))
        elif call.name == "lookup_specs" and res.get("name"):
            names.append(str(res["name"]))
        elif call.name in ("diff_capabilities", "compare_models"):
            names += [str(m) for m in res.get("models") or [] if isinstance(m, str)]
            names += [str(m["name"]) for m in res.get("models") or []
                      if isinstance(m, dict) and m.get("name")]
        elif call.name == "recommend":
            names += [str(p["model"]) for p in res.get("picks") or [] if p.get("model")]
    for rec in recommendations or []:
        name = rec.get("model") or rec.get("name")
        if isinstance(name, str):
            names.append(name)
        elif isinstance(name, dict) and name.get("name"):
            names.append(str(name["name"]))
    return list(dict.fromkeys(names))


def cost_bars(calls: list[ToolCallRecord]) -> list[CostBar]:
    """Each candidate's monthly cost at the turn's traffic, read from the turn's own results.

    The cheapest paid route of a cost report, a recommended pick's costed route, a
    comparison's cost section; a model is taken once, at its first figure.
    """
    bars: dict[str, CostBar] = {}

    def add(model: Any, value: Any, route: Any) -> None:
        if isinstance(model, str) and isinstance(value, int | float) and model not in bars:
            bars[model] = CostBar(model, float(value), str(route or "—"))

    for call in calls:
        res = call.data or {}
        if not call.ok or not res:
            continue
        if call.name == "calculate_cost":
            priced = paid_first(res.get("routes") or [], _used_prices)
            if priced and not is_free(_used_prices(priced[0])):
                add(res.get("model"), priced[0]["per_month_usd"], priced[0]["provider"])
        elif call.name == "recommend":
            for pick in res.get("picks") or []:
                add(pick.get("model"), pick.get("monthly_cost_usd"),
                    (pick.get("route") or {}).get("provider"))
        elif call.name == "compare_models":
            for c in (res.get("cost") or {}).get("costs") or []:
                add(c.get("model"), c.get("per_month_usd"), c.get("provider"))
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
