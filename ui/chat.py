"""The chat: history of the open thread, starter questions, the question box."""

from __future__ import annotations

import streamlit as st

from ui import sidebar, state
from ui.errors import friendly_error
from ui.turn import render_turn, run_turn

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


def page() -> None:
    """Draw the chat and answer a new question, if there is one."""
    profile = sidebar.current_profile()
    history = state.turns()
    for i, turn in enumerate(history):
        try:
            render_turn(turn, i, profile)
        except Exception as exc:  # one unreadable stored turn must not hide the chat
            st.error(friendly_error(exc), icon=":material/error:")
    typed = st.chat_input("Ask about models, prices, capabilities or hardware…",
                          key="question")
    question = (typed or state.take_pending() or "").strip()
    if not question and not history:
        starters()
    if not question:
        return
    was_new = state.thread_id() is None
    turn = run_turn(question, state.thread_id(), profile, len(history))
    history.append(turn)
    if not isinstance(turn, state.ErrorTurn):
        st.session_state[state.THREAD] = turn.thread_id
        if was_new:
            st.rerun()  # the new conversation appears in the sidebar list
