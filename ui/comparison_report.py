"""A comparison report (``compare_models``) drawn in the sections the comparison pages use.

Works on the report's typed form (:class:`ComparisonReport`, read by attribute), so the same
code draws a report from the comparison page and one found in a chat answer's tool calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from advisor.tools.compare.report import ComparisonReport, Row
from advisor.tools.format import usd
from ui import access, charts
from ui.tables import show_table
from ui.views import TableView, _unique

SECTIONS = ["Decision scorecard", "Decision trade-offs", "Monthly cost at traffic",
            "Switch friction", "Specs", "Pricing and availability", "Capabilities",
            "Benchmarks"]


def rows_table(title: str, first: str, models: list[str], rows: list[Row],
               mark: bool = True) -> TableView:
    """A side-by-side table of report rows (label + one value per model).

    With ``mark``, rows where the models differ are highlighted.
    """
    frame = pd.DataFrame([[r.label, *r.values] for r in rows], columns=[first, *_unique(models)])
    marked = [i for i, r in enumerate(rows) if r.differs] if mark else []
    return TableView(title=title, frame=frame, highlight_rows=marked)


def benchmarks_table(report: ComparisonReport) -> TableView | None:
    """Shared benchmark scores side by side with their sources, or None when none is shared."""
    shared = report.shared_benchmarks
    if not shared:
        return None
    models = report.models
    frame = pd.DataFrame([[b.name, *(f"{b.scores[m]:g}" for m in models),
                           "; ".join(sorted(set(b.sources.values())))
                           + ("" if b.same_source else " (different sources)")]
                          for b in shared], columns=["Benchmark", *_unique(models), "Source"])
    return TableView(title="Benchmarks", frame=frame)


def _show(table: TableView) -> None:
    show_table(table, static=True, titled=False)


# --- sections ----------------------------------------------------------------------------------
def scorecard(report: ComparisonReport) -> None:
    """Headline ratio and the scorecard table."""
    if report.headline:
        st.markdown(f"**{report.headline}**")
    _show(rows_table("Decision scorecard", "Signal", report.models, report.scorecard,
                     mark=False))


def tradeoffs(report: ComparisonReport) -> None:
    """"Choose A when…" beside "Choose B when…"."""
    items = report.tradeoffs
    cols = st.columns(max(len(items), 1))
    for col, t in zip(cols, items, strict=False):
        with col.container(border=True):
            st.markdown(f"**Choose {t.model} when…**")
            reasons = [r.text for r in t.reasons]
            st.markdown("\n".join(f"- {r}" for r in reasons) if reasons
                        else f"- {t.none_found or 'No decisive difference in the data.'}")


def monthly_cost(report: ComparisonReport, budget: float | None = None,
                 chart: bool = True) -> None:
    """Each model's monthly cost at the traffic, the delta, and cost against traffic."""
    section = report.cost
    traffic = section.traffic
    st.caption(f"Traffic: {traffic.stated}.")
    costs = section.costs
    cols = st.columns(max(len(costs), 1))
    for col, c in zip(cols, costs, strict=False):
        with col.container(border=True):
            if c.per_month_usd is not None:
                col_value = f"{usd(c.per_month_usd)}/month"
                note = f"Cheapest paid route: {c.provider} ({c.route})"
            else:
                col_value, note = "Unavailable", (c.message or "no price").capitalize()
            st.metric(c.model, col_value)
            st.caption(note)
    st.markdown(section.summary or "")
    if not chart:
        return
    bars = [charts.CostBar(c.model, float(c.per_month_usd), c.provider or "—")
            for c in costs if c.per_month_usd is not None]
    if not bars:
        return
    st.markdown("**Monthly cost at this traffic** (cheapest paid route of each model)")
    st.vega_lite_chart(charts.bars_spec(tuple(bars), budget), width="stretch")
    if budget is None:
        st.caption("Set a monthly budget in the sidebar to see it drawn across the bars.")
    if len(bars) > 1 and charts.distinguishable(bars):
        spec = charts.curve_spec(tuple(b.model for b in bars), traffic.input_tokens,
                                 traffic.output_tokens, traffic.requests_per_month,
                                 traffic.cached_input_share, budget)
        if spec is not None:
            st.markdown("**Monthly cost against traffic** (cheapest paid route of each model)")
            st.vega_lite_chart(spec, width="stretch")


def friction(report: ComparisonReport) -> None:
    """What changes when moving from one model to the other, both ways."""
    items = report.friction
    cols = st.columns(min(max(len(items), 1), 2))
    for i, f in enumerate(items):
        with cols[i % len(cols)].container(border=True):
            st.markdown(f"**{f.from_model} → {f.to_model}**")
            st.markdown("\n".join(f"- {x}" for x in f.items) or "- Nothing found.")


def specs(report: ComparisonReport) -> None:
    """The specification table."""
    _show(rows_table("Specs", "Specification", report.models, report.specs))


def pricing(report: ComparisonReport) -> None:
    """Prices and availability."""
    st.caption("Prices in USD per 1M tokens, on the cheapest paid route.")
    _show(rows_table("Pricing and availability (USD per 1M tokens)", "Pricing attribute",
                     report.models, report.pricing, mark=False))


def capabilities(report: ComparisonReport) -> None:
    """The capability matrix."""
    _show(rows_table("Capabilities", "Capability", report.models, report.capabilities))


def benchmarks(report: ComparisonReport) -> None:
    """Shared benchmark scores, or a sentence saying there are none."""
    table = benchmarks_table(report)
    if table is not None:
        _show(table)
        return
    held = ", ".join(f"{p.name}: {len(p.benchmarks)}" for p in report.profiles)
    st.markdown("No benchmark score is shared by these models in the catalog"
                + (f" (scores held — {held})." if held else "."))


def sources(report: ComparisonReport) -> None:
    """Disagreements between sources, said out loud, and the sources list."""
    for conflict in report.conflicts:
        st.warning(conflict, icon=":material/report:")
    with st.expander(f"Sources ({len(report.sources)})", icon=":material/menu_book:"):
        st.markdown("\n".join(f"- {s}" for s in report.sources))


# --- whole reports -----------------------------------------------------------------------------
def render_full(report: ComparisonReport, budget: float | None = None) -> None:
    """The comparison page: every section under its heading, in the pages' order."""
    for title, draw in (("Decision scorecard", scorecard),
                        ("Decision trade-offs", tradeoffs)):
        st.subheader(title, anchor=False)
        draw(report)
    st.subheader("Monthly cost at traffic", anchor=False)
    monthly_cost(report, budget)
    for title, draw in (("Switch friction", friction), ("Specs", specs),
                        ("Pricing and availability", pricing), ("Capabilities", capabilities),
                        ("Benchmarks", benchmarks)):
        st.subheader(title, anchor=False)
        draw(report)
    sources(report)


def render_inline(report: ComparisonReport, key: str, budget: float | None = None) -> None:
    """A comparison inside a chat answer: the same sections, one tab each."""
    st.markdown(f"**Comparison — {' vs '.join(report.models)}**")
    tabs = st.tabs(["Scorecard", "Trade-offs", "Cost", "Switch friction", "Specs", "Pricing",
                    "Capabilities", "Benchmarks"])
    draws: list[Callable[[ComparisonReport], None]] = [
        scorecard, tradeoffs, lambda r: monthly_cost(r, budget), friction, specs, pricing,
        capabilities, benchmarks]
    for tab, draw in zip(tabs, draws, strict=True):
        with tab:
            draw(report)
    if len(report.models) == 2 and st.button(
            "Open in the comparison view", key=f"{key}_open", icon=":material/open_in_new:"):
        a, b = report.models
        st.session_state["compare_a"], st.session_state["compare_b"] = a, b
        st.switch_page(str(Path(__file__).resolve().parent / "page_compare.py"),
                       query_params={"a": a, "b": b, access.OWNER_PARAM: access.owner_id()})
