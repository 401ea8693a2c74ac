"""The chat page: the open thread's turns, questions waiting their turn, the question box.

Questions are queued (the box, a starter card) and answered one after another in the
session's background job, so two quick questions are both shown and both answered, in order.
"""

from __future__ import annotations

import time

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
    """Draw the chat: the turns answered before this run, then the live part (a fragment).

    A question (the box, a starter) reruns only :func:`chat`: the earlier turns drawn here
    stay on the screen untouched, neither recomputed nor sent again. When an answer is in, one
    full run follows it (after :data:`PAINT_S`) for the sidebar and header.
    """
    state.sync_url(_load)
    if st.session_state.pop("sync_workload", False):
        _adopt_last()
    if st.session_state.get(state.NOTICE):
        st.info(st.session_state[state.NOTICE], icon=":material/link_off:")
    history = state.turns()
    st.session_state[DRAWN] = len(history)
    tid = state.thread_id()
    for i, turn in enumerate(history):
        _draw(turn, i, tid)
    st.session_state[FULL_RUN] = True
    try:
        chat()
    finally:
        st.session_state[FULL_RUN] = False


DRAWN = "turns_drawn_by_page"  # turns the last full run drew above the chat fragment
FULL_RUN = "chat_in_full_run"


@st.fragment
def chat() -> None:
    """The question box, turns answered since the last full run, and the running answer."""
    # pinned under the page; submitting it reruns this fragment only. Never locked: a question
    # asked while one runs is queued and answered next (a locked box could stay locked when
    # a full run followed the fragment run)
    st.bottom.chat_input("Ask about models, prices, capabilities or hardware…",
                         key=QUESTION_KEY, on_submit=_typed)
    welcome = st.empty()  # the starters' place: an empty one wipes them at once on a click
    history = state.turns()
    tid = state.thread_id()
    for i in range(min(st.session_state.get(DRAWN, 0), len(history)), len(history)):
        _draw(history[i], i, tid)
    if not history and not state.busy():
        with welcome.container():
            starters()
        return
    answered = _answer_queue(history)
    if answered and not st.session_state.get(FULL_RUN):
        # One full run once the browser has had a moment to paint the answer (so it arrives
        # ahead of the redraw, not buried in it): the sidebar shows the workload the answer
        # used and the conversation list, the header who answered, and the finished turns
        # move above this fragment, so the next question redraws none of them.
        tick = st.empty()
        for _ in range(int(PAINT_S / 0.05)):
            time.sleep(0.05)
            tick.empty()  # a Streamlit call: a question sent meanwhile takes over here
        st.rerun(scope="app")


PAINT_S = 0.4


def _draw(turn: state.Turn, index: int, tid: str | None) -> None:
    try:
        turn_view.render_turn(turn, index, tid)
    except Exception as exc:  # one unreadable stored turn must not hide the chat
        st.error(friendly_error(exc), icon=":material/error:")


def _answer_queue(history: list[state.Turn]) -> int:
    """Follow the running job and start the queued ones; the waiting ones shown below.

    Returns how many answers this run finished.
    """
    running = st.container()
    waiting = st.empty()
    answered = 0
    while True:
        job: Job | None = st.session_state[state.JOB]
        if job is None:
            if not state.queued():
                waiting.empty()
                return answered
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
            answered += 1
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
