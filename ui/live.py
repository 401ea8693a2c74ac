"""A turn while it runs: tool steps live in ``st.status``, an LLM's tokens streamed as it writes.

When the answer is in, the live box (status and streamed text) is replaced by the finished
turn, drawn exactly as it is redrawn later: one "How this was answered" fold, never two. An
answer that is in within :data:`QUICK_S` (the offline planner's usually are) skips the live box.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer, AgentEvent
from ui import turn as turn_view
from ui import views
from ui.errors import friendly_error
from ui.runner import Job
from ui.state import ErrorTurn, Turn

QUICK_S = 0.3  # an answer in by then is shown finished; a slower one shows its steps live


def follow(job: Job, index: int) -> Turn:
    """Show a running job until it ends, then its finished turn in the same place."""
    with st.chat_message("user"):
        st.markdown(job.question)
    with st.chat_message("assistant"):
        slot = st.empty()
        if not _quick(job):  # a quick answer is drawn once, with no live box
            with slot.container():
                status = st.status("Thinking…", expanded=True)
                text_box = st.empty()
                _watch(job, status, text_box)
        result = outcome(job)
        with slot.container():
            if isinstance(result, ErrorTurn):
                st.error(result.message, icon=":material/error:")
            else:
                try:
                    turn_view.render_answer(result, index, job.thread_id)
                except Exception as exc:  # a view failing must not lose the answer
                    st.markdown(turn_view.split_sources(result.answer)[0])
                    st.caption(f":material/warning: Some tables could not be drawn: "
                               f"{friendly_error(exc)}")
    return result


def _quick(job: Job) -> bool:
    """True when the job ends within :data:`QUICK_S` with no answer text to stream."""
    deadline = time.monotonic() + QUICK_S
    while not job.done.wait(0.02):
        if time.monotonic() > deadline or any(e.kind == "answer_delta" for e in job.events):
            return False
    return True


def outcome(job: Job) -> Turn:
    """The finished job as a turn: its answer, or the reason in a sentence."""
    value = job.outcome()
    if isinstance(value, AgentAnswer):
        return value
    return ErrorTurn(job.question, friendly_error(value or RuntimeError("no answer")))


def _watch(job: Job, status: Any, text_box: Any) -> None:
    """Replay the job's events so far, then follow it; stream answer text when it comes."""
    seen = 0
    while True:
        events = job.wait(seen)
        for i, event in enumerate(events):
            if event.kind == "answer_delta" and event.text:
                status.update(label="Writing the answer…", expanded=False)
                first = seen + i
                text_box.write_stream(_tokens(job, first, status))
                seen = len(job.events)
                break
            _show(event, status)
        else:
            seen += len(events)
        if job.finished and seen >= len(job.events):
            return


def _tokens(job: Job, start: int, status: Any) -> Iterator[str]:
    """The answer's tokens from event ``start`` on, until the job ends (steps still shown)."""
    seen = start
    while True:
        events = job.wait(seen)
        seen += len(events)
        for event in events:
            if event.kind == "answer_delta" and event.text:
                yield event.text
            else:
                _show(event, status)
        if job.finished and seen >= len(job.events):
            return


def _show(event: AgentEvent, status: Any) -> None:
    if event.kind == "plan" and event.text:
        status.markdown(f":material/route: {event.text}")
    elif event.kind == "tool_start":
        status.update(label=f"Running {event.tool}…")
        status.markdown(f":material/build: **`{event.tool}`**"
                        + (f" — {views.format_args(event.args)}" if event.args else ""))
    elif event.kind == "tool_end" and event.text and "error" in event.text.lower():
        status.caption(f"{event.tool}: {event.text}")
    elif event.kind == "error" and event.text:
        status.caption(f":material/warning: {event.text}")
