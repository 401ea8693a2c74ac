"""One turn of the chat: run it with live tool steps and streamed text, or redraw it later."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer, AgentEvent, ToolCallRecord
from advisor.tools.workload import Workload
from ui import access, backend, charts, compare_view, views
from ui.errors import friendly_error
from ui.state import ErrorTurn, Turn

CHART_TOOLS = {"calculate_cost", "compare_models", "recommend", "diff_capabilities"}
_HEADING = re.compile(r"^#{1,4} ", re.MULTILINE)
_SOURCES_HEADING = re.compile(r"\n(?:#{1,4}\s*|\*\*)Sources:?(?:\*\*)?:?\s*\n", re.IGNORECASE)


# --- a finished turn ---------------------------------------------------------------------------
def render_turn(turn: Turn, index: int, profile: Workload | None) -> None:
    """Draw a finished turn: the question, then the answer with its tables and folds."""
    with st.chat_message("user"):
        st.markdown(turn.question)
    with st.chat_message("assistant"):
        if isinstance(turn, ErrorTurn):
            st.error(turn.message, icon=":material/error:")
        else:
            render_answer(turn, index, profile)


def render_answer(answer: AgentAnswer, index: int, profile: Workload | None) -> None:
    """The answer with its tool results drawn as tables, a cost chart, steps and sources."""
    body, _ = split_sources(answer.answer)
    placed = set()
    for segment in answer_segments(body, answer.tool_calls):
        if isinstance(segment, str):
            render_text(segment)
        else:
            placed.add(segment.id)
            render_call(segment, index, profile, said=body)
    for warning in answer.warnings:
        if "LLM" in warning:  # the configured model failed: say so where it shows
            st.warning(warning, icon=":material/cloud_off:")
        else:
            st.caption(f":material/warning: {warning}")
    rest = [c for c in answer.tool_calls if c.id not in placed]
    for table in views.tables_for_turn(rest):
        show_table(table)
    for call in rest:
        if call.name == "compare_models" and call.ok and call.result:
            render_call(call, index, profile)
    if answer.recommendations and not any(c.name == "recommend" for c in answer.tool_calls):
        rec = views.records_table("Recommended models", answer.recommendations)
        if rec is not None:
            show_table(rec)
    if any(c.name in CHART_TOOLS - {"compare_models"} and c.ok for c in answer.tool_calls):
        models = views.candidate_models(answer.tool_calls, answer.recommendations)[:6]
        if models:
            render_cost_chart(models, answer.tool_calls, profile)
    render_steps(answer.tool_calls)
    render_sources(answer)
    st.caption(f"Answered by {planner_words(answer.planner)}")


def render_text(text: str) -> None:
    """Answer prose; paragraphs the agent flags with ⚠ (errors, caveats) become callouts."""
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


def answer_segments(body: str, calls: list[ToolCallRecord]) -> list[str | ToolCallRecord]:
    """The answer split around the tool results it embeds verbatim.

    Each embedded result is then drawn as tables in its place; text the answer writes itself
    stays as it is.
    """
    from advisor.agent.respond import strip_tool_sources

    segments: list[str | ToolCallRecord] = [body]
    for call in calls:
        if not (call.ok and call.result and call.result_markdown) or (
                call.name not in views.VIEW_TOOLS and call.name != "compare_models"):
            continue
        embedded = strip_tool_sources(call.result_markdown)
        for i, seg in enumerate(segments):
            if isinstance(seg, str) and embedded and embedded in seg:
                before, after = seg.split(embedded, 1)
                segments[i:i + 1] = [before, call, after]
                break
    return [s for s in segments if not isinstance(s, str) or s.strip()]


def render_call(call: ToolCallRecord, index: int, profile: Workload | None,
                said: str = "") -> None:
    """One tool result in the answer: a comparison view, or its tables.

    A caption the answer text already says (``said``) is not repeated under the table.
    """
    if call.name == "compare_models" and call.result:
        compare_view.render_inline(call.result, key=f"cmp_{index}_{call.id}",
                                   budget=profile.monthly_budget_usd if profile else None)
        return
    for table in views.tables_for_call(call):
        if table.caption and table.caption in said:
            table.caption = None
        show_table(table)


def planner_words(planner: str) -> str:
    """``offline`` → "the offline planner"; ``llm:openai:gpt-4o`` → "the LLM openai:gpt-4o"."""
    if planner.startswith("llm:"):
        return f"the LLM {planner[4:]}"
    return "the offline planner" if planner == "offline" else planner


def show_table(table: views.TableView, *, static: bool = False, titled: bool = True) -> None:
    """One table with its title and caption; rows that differ between models are tinted.

    ``static`` draws a plain table whose cells wrap (long text); otherwise an interactive one.
    """
    if titled:
        st.markdown(f"**{table.title}**")
    data: Any = table.frame
    if table.highlight_rows:
        rows = set(table.highlight_rows)
        data = table.frame.style.apply(
            lambda r: ["background-color: rgba(59, 91, 219, 0.08)" if r.name in rows else ""
                       for _ in r], axis=1)
    if static:
        st.table(data, hide_index=True)
    else:
        st.dataframe(data, hide_index=True, width="stretch")
    if table.caption:
        st.caption(table.caption)
    if table.notes:
        st.caption("\n".join(f"- {n}" for n in table.notes))


def render_cost_chart(models: list[str], calls: list[ToolCallRecord],
                      profile: Workload | None) -> None:
    """Monthly cost against traffic for the turn's models, at the turn's token sizes."""
    tin, tout, traffic = _chart_workload(calls, profile)
    curve = charts.cost_curve(models, tin, tout, traffic)
    if curve.frame.empty:
        if curve.unpriced:
            st.caption("No price in the catalog for " + ", ".join(curve.unpriced) +
                       ": no cost chart.")
        return
    st.markdown(f"**Monthly cost against traffic** — {tin:,} input + {tout:,} output tokens "
                "per request, cheapest route of each model")
    budget = profile.monthly_budget_usd if profile else None
    st.altair_chart(charts.cost_chart(curve, budget), width="stretch")
    if curve.unpriced:
        st.caption("Not drawn (no price in the catalog): " + ", ".join(curve.unpriced))


def _chart_workload(calls: list[ToolCallRecord], profile: Workload | None
                    ) -> tuple[int, int, int]:
    for call in calls:  # the token sizes and traffic the turn's own figures were computed at
        res = call.result or {}
        if call.ok and call.name in ("calculate_cost", "recommend") and res:
            return (int(res["input_tokens"]), int(res["output_tokens"]),
                    int(res["requests_per_month"]))
    from advisor.config import get_settings

    s = get_settings()
    p = profile or Workload()
    return (p.input_tokens if p.input_tokens is not None else s.default_input_tokens,
            p.output_tokens if p.output_tokens is not None else s.default_output_tokens,
            p.requests_per_month or s.default_requests_per_month)


def render_steps(calls: list[ToolCallRecord]) -> None:
    """The tool calls of a turn, folded: which tool, with what arguments, what came back."""
    if not calls:
        return
    failed = sum(not c.ok for c in calls)
    label = f"How this was answered — {len(calls)} tool step{'s' * (len(calls) != 1)}"
    if failed:
        label += f" ({failed} failed)"
    with st.expander(label, icon=":material/build:"):
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


# --- a turn that is running ----------------------------------------------------------------
def run_turn(question: str, thread_id: str | None, profile: Workload | None,
             index: int) -> Turn:
    """Ask the agent, showing tool steps live and the answer as it arrives; never raises."""
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        status = st.status("Thinking…", expanded=True)
        box = st.empty()
        events: queue.Queue[AgentEvent | None] = queue.Queue()
        outcome: dict[str, Any] = {}
        owner = access.owner_id()  # read here: the worker thread has no session

        def work() -> None:
            try:
                outcome["answer"] = backend.ask(question, thread_id=thread_id, profile=profile,
                                                on_event=events.put, owner=owner)
            except BaseException as exc:  # shown as a message below, never a traceback
                outcome["error"] = exc
            finally:
                events.put(None)

        worker = threading.Thread(target=work, name="advisor-turn", daemon=True)
        worker.start()
        streamed = _follow(events, status, box)
        worker.join()
        if "error" in outcome or not isinstance(outcome.get("answer"), AgentAnswer):
            message = friendly_error(outcome.get("error") or RuntimeError("no answer"))
            status.update(label="Could not answer", state="error", expanded=False)
            box.error(message, icon=":material/error:")
            return ErrorTurn(question, message)
        answer: AgentAnswer = outcome["answer"]
        n = len(answer.tool_calls)
        status.update(label=f"Done — {n} tool step{'s' * (n != 1)}", state="complete",
                      expanded=False)
        body, _ = split_sources(answer.answer)
        if not streamed:
            box.write_stream(_chunks(body))
        box.empty()  # drawn again below, with the tool results as tables
        try:
            render_answer(answer, index, profile)
        except Exception as exc:  # a view failing must not lose the answer
            st.caption(f":material/warning: Some tables could not be drawn: "
                       f"{friendly_error(exc)}")
        return answer


def _follow(events: queue.Queue[AgentEvent | None], status: Any, box: Any) -> bool:
    """Show events until the turn ends; True when answer text was streamed."""
    text = ""
    while (event := events.get()) is not None:
        if event.kind == "plan" and event.text:
            status.markdown(f":material/route: {event.text}")
        elif event.kind == "tool_start":
            status.update(label=f"Running {event.tool}…")
            status.markdown(f":material/build: **`{event.tool}`**"
                            + (f" — {views.format_args(event.args)}" if event.args else ""))
        elif event.kind == "tool_end" and event.text and "error" in event.text.lower():
            status.caption(f"{event.tool}: {event.text}")
        elif event.kind == "answer_delta" and event.text:
            if not text:
                status.update(label="Writing the answer…", expanded=False)
            text += event.text
            box.markdown(text + "▌")
        elif event.kind == "error" and event.text:
            status.caption(f":material/warning: {event.text}")
    return bool(text)


def _chunks(text: str, seconds: float = 0.4) -> Iterator[str]:
    """The answer in line-sized pieces, so a whole answer still appears progressively."""
    pieces = text.splitlines(keepends=True)
    pause = min(0.03, seconds / max(len(pieces), 1))
    for piece in pieces:
        yield piece
        time.sleep(pause)
