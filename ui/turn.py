"""A finished turn of the chat: the question, the answer with its tables and charts, folds.

The drawing of an answer is prepared once per turn (:func:`plan_of`, kept in the session) and
replayed on later reruns: earlier turns are never recomputed, and their charts keep the
traffic and budget they were drawn with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer, Planner, ToolCallRecord, results_of
from advisor.tools.compare.report import ComparisonReport
from advisor.tools.cost import CostReport
from advisor.tools.details import split_details
from advisor.tools.recommend.result import Recommendation
from ui import backend, charts, comparison_report, views
from ui.state import ErrorTurn, Turn
from ui.tables import show_table

PLANS = "turn_plans"
_HEADING = re.compile(r"^#{1,4} ", re.MULTILINE)
_SOURCES_HEADING = re.compile(r"\n(?:#{1,4}\s*|\*\*)Sources:?(?:\*\*)?:?\s*\n", re.IGNORECASE)


@dataclass
class Plan:
    """What an answer draws, in order: ``(kind, payload)`` items, prepared once."""

    items: list[tuple[str, Any]] = field(default_factory=list)

    def add(self, kind: str, payload: Any) -> None:
        """Append one item."""
        self.items.append((kind, payload))


# --- a finished turn ---------------------------------------------------------------------------
def render_turn(turn: Turn, index: int, thread_id: str | None) -> None:
    """Draw a finished turn: the question, then the answer (or why there is none)."""
    with st.chat_message("user"):
        st.markdown(turn.question)
    with st.chat_message("assistant"):
        if isinstance(turn, ErrorTurn):
            st.error(turn.message, icon=":material/error:")
        else:
            render_answer(turn, index, thread_id)


def render_answer(answer: AgentAnswer, index: int, thread_id: str | None) -> None:
    """The answer, its tables and charts, the folded steps and sources, copy and feedback."""
    draw(plan_of(answer, index), index)
    render_steps(answer.tool_calls, key=fold_key("steps", thread_id or answer.thread_id, index))
    render_sources(answer)
    footer(answer, index, thread_id)


def fold_key(fold: str, thread_id: str | None, index: int) -> str:
    """The widget key (open state) of a turn's lazy fold: ``"steps"`` or ``"copy"``."""
    return f"{fold}_{thread_id}_{index}"


def plan_of(answer: AgentAnswer, index: int) -> Plan:
    """The prepared drawing of an answer (built on first use, then kept for the session)."""
    plans: dict[tuple[str, int, int], Plan] = st.session_state.setdefault(PLANS, {})
    key = (answer.thread_id, index, id(answer))
    if key not in plans:
        plans[key] = build_plan(answer)
    return plans[key]


def budget_of(answer: AgentAnswer) -> float | None:
    """The monthly budget the turn was answered with (never today's sidebar value)."""
    value = answer.workload.get("monthly_budget_usd")
    if isinstance(value, int | float):
        return float(value)
    for call in answer.tool_calls:  # the arguments the agent sent (plain JSON by nature)
        wl = (call.args or {}).get("workload") if call.ok else None
        if isinstance(wl, dict) and isinstance(wl.get("monthly_budget_usd"), int | float):
            return float(wl["monthly_budget_usd"])
    return None


def build_plan(answer: AgentAnswer) -> Plan:
    """Lay an answer out: fallback warning first, prose and tables in place, then charts."""
    plan = Plan()
    budget = budget_of(answer)
    for warning in answer.warnings:
        if "LLM" in warning:  # the configured model failed: said before any figure
            plan.add("llm_warning", warning)
    body, _ = split_sources(answer.answer)
    placed = set()
    for segment in answer_segments(answer, body):
        if isinstance(segment, str):
            plan.add("text", segment)
        elif (report := segment.result_as(ComparisonReport)) is not None:
            placed.add(segment.id)
            if report.lead.strip():  # the report's answer leads
                plan.add("text", report.lead)
            plan.add("compare", (report, segment.id, budget))
        else:
            placed.add(segment.id)
            lead = _lead(segment)
            if lead:  # the result's answer comes first
                plan.add("text", lead)
            for table in views.tables_for_call(segment):
                if table.caption and table.caption in body:
                    table.caption = None  # the answer text already says it
                plan.add("table", table)
            _, details = split_details(segment.result_markdown or "")
            if details:
                plan.add("details", details)
    for warning in answer.warnings:
        if "LLM" not in warning:
            plan.add("caption", f":material/warning: {warning}")
    rest = [c for c in answer.tool_calls if c.id not in placed]
    for table in views.tables_for_turn(rest):
        plan.add("table", table)
    for call, report in results_of(rest, ComparisonReport):
        plan.add("compare", (report, call.id, budget))
    if answer.recommendations and not any(c.name == "recommend" for c in answer.tool_calls):
        rec = views.records_table("Recommended models", answer.recommendations)
        if rec is not None:
            plan.add("table", rec)
    if not any(c.name == "compare_models" for c in answer.tool_calls):
        _plan_charts(plan, answer.tool_calls, budget)
    return plan


def _plan_charts(plan: Plan, calls: list[ToolCallRecord], budget: float | None) -> None:
    """Bars of monthly cost per candidate; the traffic curve only where lines stand apart."""
    bars = views.cost_bars(calls)
    if not bars:
        return
    tin, tout, traffic = _turn_traffic(calls)
    where = f" — {traffic:,} requests a month, {tin:,} input + {tout:,} output tokens each"
    title = ("Monthly cost per candidate" if len(bars) > 1 else "Monthly cost") + where
    note = ("Cheapest paid route of each model; " + (f"dashed line: your budget of "
            f"{views.usd(budget)} a month." if budget is not None else "no budget set."))
    plan.add("chart", (title, charts.bars_spec(tuple(bars), budget), note))
    if len(bars) > 1 and budget is not None and charts.distinguishable(bars):
        spec = charts.curve_spec(tuple(b.model for b in bars), tin, tout, traffic, 0.0, budget)
        if spec is not None:
            plan.add("chart", ("Monthly cost against traffic" + where, spec,
                               "Where each line crosses the budget line is the most traffic "
                               "that model fits in your budget."))


def _lead(call: ToolCallRecord) -> str:
    """The first sentence a result writes as its answer (a recommendation's), if it has one."""
    rec = call.result_as(Recommendation)
    return rec.lead.strip() if rec is not None else ""


def _turn_traffic(calls: list[ToolCallRecord]) -> tuple[int, int, int]:
    for call in calls:  # the token sizes and traffic the turn's own figures were computed at
        res = call.result_as(CostReport) or call.result_as(Recommendation)
        if res is not None:
            return res.input_tokens, res.output_tokens, res.requests_per_month
    from advisor.config import get_settings

    s = get_settings()
    return s.default_input_tokens, s.default_output_tokens, s.default_requests_per_month


def draw(plan: Plan, index: int) -> None:
    """Draw a prepared answer."""
    for kind, payload in plan.items:
        if kind == "text":
            render_text(payload)
        elif kind == "llm_warning":
            st.warning(payload, icon=":material/cloud_off:")
        elif kind == "caption":
            st.caption(payload)
        elif kind == "table":
            show_table(payload)
        elif kind == "compare":
            report, call_id, budget = payload
            comparison_report.render_inline(report, key=f"cmp_{index}_{call_id}",
                                            budget=budget)
        elif kind == "details":  # what only some readers want, folded
            with st.expander("Details", icon=":material/info:"):
                st.markdown(payload)
        elif kind == "chart":
            title, spec, note = payload
            st.markdown(f"**{title}**")
            st.vega_lite_chart(spec, width="stretch")
            st.caption(note)


def render_text(text: str) -> None:
    """Answer prose; ⚠ paragraphs become callouts and a Details part is folded."""
    answer, details = split_details(text)
    _render_prose(answer)
    if details:
        with st.expander("Details", icon=":material/info:"):
            _render_prose(details)


def _render_prose(text: str) -> None:
    """Paragraphs the agent flags with ⚠ (errors, caveats) become callouts."""
    buffer: list[str] = []
    for para in text.split("\n\n"):
        if para.lstrip().startswith("⚠"):
            if buffer:
                st.markdown("\n\n".join(buffer))
                buffer = []
            st.warning(para.lstrip().lstrip("⚠").strip(), icon=":material/warning:")
        else:
            buffer.append(para)
    if buffer:
        st.markdown("\n\n".join(buffer))


def answer_segments(answer: AgentAnswer, body: str) -> list[str | ToolCallRecord]:
    """The answer's segments in order: its own text, and the tool results it embeds.

    Each embedded result is drawn as tables in its place (from the call's typed result); text
    the answer writes itself stays as it is. A turn stored without segments is all text.
    """
    if not answer.segments:
        return [body] if body.strip() else []
    out: list[str | ToolCallRecord] = []
    for seg in answer.segments:
        call = answer.call(seg.call_id) if seg.kind == "result" and seg.call_id else None
        if call is not None and call.ok and call.result is not None and (
                call.name in views.VIEW_TOOLS or call.name == "compare_models"):
            out.append(call)
        elif seg.markdown.strip():
            out.append(seg.markdown)
    return out


def planner_words(planner: str) -> str:
    """``offline`` → "the offline planner"; ``llm:openai:gpt-4o`` → "the LLM openai:gpt-4o"."""
    return Planner.parse(planner).words


# --- under each answer: who answered, copy, feedback -------------------------------------------
@st.fragment
def footer(answer: AgentAnswer, index: int, thread_id: str | None) -> None:
    """Who answered, the answer as copyable Markdown, and thumbs up/down stored with the turn.

    A fragment: giving feedback, or opening the copy fold, reruns only this footer.
    """
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(f"Answered by {planner_words(answer.planner)}")
    tid = thread_id or answer.thread_id
    stored = st.session_state.get(FEEDBACK, {}).get((tid, index))
    with right:
        st.feedback("thumbs", key=f"feedback_{tid}_{index}", default=stored,
                    on_change=_store_feedback, args=(tid, index))
    copy = st.expander("Copy this answer (Markdown)", icon=":material/content_copy:",
                       key=fold_key("copy", tid, index), on_change="rerun")  # reruns this footer
    if copy.open:  # the block (the whole answer again) is sent only when asked for
        body, _ = split_sources(answer.answer)
        copy.code(body, language="markdown", wrap_lines=True)


FEEDBACK = "turn_feedback"


def load_feedback(thread_id: str) -> None:
    """Put a thread's stored feedback in the session (when the thread is opened)."""
    try:
        scores = backend.thread_feedback(thread_id)
    except Exception:  # feedback is optional to reading a thread
        return
    store: dict[tuple[str, int], int] = st.session_state.setdefault(FEEDBACK, {})
    store.update({(thread_id, turn): score for turn, score in scores.items()})


def _store_feedback(thread_id: str, index: int) -> None:
    value = st.session_state.get(f"feedback_{thread_id}_{index}")
    st.session_state.setdefault(FEEDBACK, {})[(thread_id, index)] = value
    try:
        backend.set_feedback(thread_id, index, value)
    except Exception as exc:  # said, not raised
        from ui.errors import friendly_error

        st.toast(f"Feedback not saved: {friendly_error(exc)}", icon=":material/error:")


def render_steps(calls: list[ToolCallRecord], *, key: str) -> None:
    """The tool calls of a turn, folded: which tool, with what arguments, what came back.

    Drawn lazily: the fold's contents (every result in full) are sent to the browser only
    while it is open (its state kept under ``key``), so an answer shows without them. Opening
    it reruns the page.
    """
    if not calls:
        return
    failed = sum(not c.ok for c in calls)
    label = f"How this was answered — {len(calls)} tool step{'s' * (len(calls) != 1)}"
    if failed:
        label += f" ({failed} failed)"
    fold = st.expander(label, icon=":material/build:", key=key, on_change="rerun")
    if not fold.open:
        return
    with fold:
        for i, call in enumerate(calls, 1):
            mark = ":material/check_circle:" if call.ok else ":material/error:"
            st.markdown(f"{mark} **{i}. `{call.name}`** — {views.format_args(call.args)}")
            if not call.ok and call.error:
                st.caption(call.error)
        shown = [c for c in calls if c.result_markdown]
        if shown:
            tabs = st.tabs([f"{i}. {c.name}" for i, c in enumerate(shown, 1)])
            for tab, call in zip(tabs, shown, strict=True):
                tab.markdown(_HEADING.sub("##### ", call.result_markdown or ""))


def render_sources(answer: AgentAnswer) -> None:
    """The sources of an answer, folded."""
    _, tail = split_sources(answer.answer)
    sources = list(dict.fromkeys(answer.sources))
    if not sources and not tail:
        return
    with st.expander(f"Sources ({len(sources) or 'listed'})", icon=":material/menu_book:"):
        if sources:
            st.markdown("\n".join(f"- {s}" for s in sources))
        else:
            st.markdown(tail)


def split_sources(markdown: str) -> tuple[str, str]:
    """The answer body and its trailing Sources section (shown folded instead)."""
    matches = list(_SOURCES_HEADING.finditer(markdown))
    if not matches:
        return markdown, ""
    last = matches[-1]
    return markdown[: last.start()].rstrip(), markdown[last.end():].strip()
