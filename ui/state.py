"""What one browser session keeps: the open thread, its turns, the questions waiting to run.

The open thread also lives in the page's URL (``?thread=<id>``), so a reload or a shared link
opens the same conversation; :func:`sync_url` keeps the two in step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer

THREAD = "thread_id"
TURNS = "turns"
QUEUE = "queued_questions"
JOB = "running_job"
NOTICE = "thread_notice"
THREAD_PARAM = "thread"


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
    st.session_state.setdefault(QUEUE, [])
    st.session_state.setdefault(JOB, None)


def turns() -> list[Turn]:
    """The finished turns of the open thread, oldest first."""
    value: list[Turn] = st.session_state[TURNS]
    return value


def thread_id() -> str | None:
    """The open thread (None for a new chat with no question yet)."""
    value: str | None = st.session_state[THREAD]
    return value


def ensure_thread_id() -> str:
    """The open thread's id, made now for a new chat (so the URL can name it at once)."""
    if st.session_state[THREAD] is None:
        st.session_state[THREAD] = uuid.uuid4().hex
    value: str = st.session_state[THREAD]
    return value


def new_chat() -> None:
    """Start an empty thread (button callback); a running answer finishes in its own thread."""
    st.session_state[THREAD] = None
    st.session_state[TURNS] = []
    st.session_state[QUEUE] = []
    st.session_state[JOB] = None
    st.session_state[NOTICE] = None
    show_thread_in_url(None)


def open_thread(tid: str, loaded: list[Any]) -> None:
    """Show a past thread with its stored turns."""
    st.session_state[THREAD] = tid
    st.session_state[TURNS] = list(loaded)
    st.session_state[QUEUE] = []
    st.session_state[JOB] = None
    st.session_state[NOTICE] = None
    show_thread_in_url(tid)


def ask_later(question: str) -> None:
    """Queue a question (a starter button, the chat box) to be answered in order."""
    text = (question or "").strip()
    if text:
        st.session_state[QUEUE].append(text)


def queued() -> list[str]:
    """Questions asked and not started yet, in the order they were asked."""
    value: list[str] = st.session_state[QUEUE]
    return value


def busy() -> bool:
    """True while an answer runs or questions wait."""
    return st.session_state[JOB] is not None or bool(st.session_state[QUEUE])


# --- the URL --------------------------------------------------------------------------------
def sync_url(load: Any) -> None:
    """Open the thread the URL names (a reload, a link), or put the open thread in the URL.

    ``load(thread_id)`` returns the stored turns of a thread (empty when unknown).
    """
    wanted = st.query_params.get(THREAD_PARAM)
    current = thread_id()
    if wanted and wanted != current:
        try:
            loaded = load(wanted)
        except Exception:  # an unreadable store: keep the chat usable
            loaded = []
        if loaded:
            open_thread(wanted, loaded)
            st.session_state["sync_workload"] = True
            return
        del st.query_params[THREAD_PARAM]
        st.session_state[NOTICE] = ("The conversation in this link was not found here (it "
                                    "may have been deleted, or belong to another machine). "
                                    "A new chat is open.")
        if current:
            st.query_params[THREAD_PARAM] = current
        return
    if current and not wanted:
        st.query_params[THREAD_PARAM] = current
    if not current and wanted is None and THREAD_PARAM in st.query_params:
        del st.query_params[THREAD_PARAM]


def show_thread_in_url(tid: str | None) -> None:
    """Name the thread in the URL (None: remove it)."""
    if tid:
        st.query_params[THREAD_PARAM] = tid
    elif THREAD_PARAM in st.query_params:
        del st.query_params[THREAD_PARAM]
