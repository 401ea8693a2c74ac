"""What one browser session keeps: the open thread, its turns, a question waiting to run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer

THREAD = "thread_id"
TURNS = "turns"
PENDING = "pending_question"
COMPARE_A, COMPARE_B = "compare_a", "compare_b"


@dataclass
class ErrorTurn:
    """A question that could not be answered, and the readable reason."""

    question: str
    message: str


Turn = AgentAnswer | ErrorTurn


def init() -> None:
    """Set the session's defaults once."""
    st.session_state.setdefault(THREAD, None)
    st.session_state.setdefault(TURNS, [])
    st.session_state.setdefault(PENDING, None)


def turns() -> list[Turn]:
    """The turns of the open thread, oldest first."""
    value: list[Turn] = st.session_state[TURNS]
    return value


def thread_id() -> str | None:
    """The open thread (None before its first answer)."""
    value: str | None = st.session_state[THREAD]
    return value


def new_chat() -> None:
    """Start an empty thread (button callback)."""
    st.session_state[THREAD] = None
    st.session_state[TURNS] = []
    st.session_state[PENDING] = None


def open_thread(tid: str, loaded: list[Any]) -> None:
    """Show a past thread with its stored turns."""
    st.session_state[THREAD] = tid
    st.session_state[TURNS] = list(loaded)
    st.session_state[PENDING] = None


def ask_later(question: str) -> None:
    """Queue a question (a starter button) for the chat page to answer on this run."""
    st.session_state[PENDING] = question


def take_pending() -> str | None:
    """The queued question, removed from the queue."""
    value: str | None = st.session_state[PENDING]
    st.session_state[PENDING] = None
    return value
