"""The chat page: the open thread's turns, questions waiting their turn, the question box.

Questions are queued (the box, a starter card) and answered one after another in the
session's background job, so two quick questions are both shown and both answered, in order.
"""

from __future__ import annotations

import streamlit as st

from ui import backend, live, sidebar, state
from ui import turn as turn_view
from ui.errors import friendly_error
from ui.runner import Job

STARTERS: list[tuple[str, str, str]] = [
    (":material/description:", "Long documents",
     "Which open-weight model should I choose for summarising long documents of about "
     "200k tokens?"),
    (":material/payments:", "Cost at my traffic",
     "What does Gemma 3 4B cost at 3,000 requests a day with 2,000 input and 500 output "
     "tokens per request?"),
    (":material/compare_arrows:", "Compare two models",
     "Compare Gemma 2 2B and Qwen3.5 4B"),
    (":material/memory:", "Self-hosting fit",
     "Can I self-host Qwen3.5 27B on a 24 GB GPU?"),
]
QUESTION_KEY = "question"


def starters() -> None:
    """A welcome and four example questions (first visit, empty thread)."""
    st.markdown("#### Ask which language model fits your workload")
    st.markdown("Every figure comes from the model catalog or the model documents, with its "
                "source. Set your traffic and requirements in the sidebar, or start with one "
                "of these:")
    cols = st.columns(2)
    for i, (icon, title, question) in enumerate(STARTERS):
        with cols[i % 2].container(border=True):
            st.markdown(f"**{title}**")
            st.caption(question)
            st.button("Ask this", key=f"starter_{i}", icon=icon,
                      on_click=state.ask_later, args=(question,))


def _typed() -> None:
    state.ask_later(st.session_state.get(QUESTION_KEY) or "")


def page() -> None:
    """Draw the chat; answer the queued questions, in order, one at a time."""
    state.sync_url(_load)
    if st.session_state.pop("sync_workload", False):
        _adopt_last()
    st.chat_input("Ask about models, prices, capabilities or hardware…", key=QUESTION_KEY,
                  submit_mode="disable", on_submit=_typed)
    if st.session_state.get(state.NOTICE):
        st.info(st.session_state[state.NOTICE], icon=":material/link_off:")
    welcome = st.empty()  # the starters' place: an empty one wipes them at once on a click
    history = state.turns()
    tid = state.thread_id()
    for i, turn in enumerate(history):
        try:
            turn_view.render_turn(turn, i, tid)
        except Exception as exc:  # one unreadable stored turn must not hide the chat
            st.error(friendly_error(exc), icon=":material/error:")
    if not history and not state.busy():
        with welcome.container():
            starters()
        return
    _answer_queue(history)


def _answer_queue(history: list[state.Turn]) -> None:
    """Follow the running job and start the queued ones; the waiting ones shown below."""
    running = st.container()
    waiting = st.empty()
    while True:
        job: Job | None = st.session_state[state.JOB]
        if job is None:
            if not state.queued():
                waiting.empty()
                return
            question = state.queued().pop(0)
            tid = state.ensure_thread_id()
            state.show_thread_in_url(tid)
            job = Job(question, tid, sidebar.current_profile()).start()
            st.session_state[state.JOB] = job
        with waiting.container():
            for question in state.queued():
                with st.chat_message("user"):
                    st.markdown(question)
                    st.caption(":material/schedule: Waiting — answered after the question "
                               "above.")
        with running:
            finished = live.follow(job, len(history))
        if st.session_state[state.JOB] is job:  # not already taken by a newer run
            history.append(finished)
            st.session_state[state.JOB] = None
            if not isinstance(finished, state.ErrorTurn):
                sidebar.adopt(finished.workload)
                st.session_state["last_planner"] = finished.planner


def _load(tid: str) -> list[state.Turn]:
    loaded: list[state.Turn] = list(backend.thread_turns(tid))
    if loaded:
        turn_view.load_feedback(tid)
    return loaded


def _adopt_last() -> None:
    for turn in reversed(state.turns()):
        if not isinstance(turn, state.ErrorTurn):
            sidebar.adopt(turn.workload)
            return
