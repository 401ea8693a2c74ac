"""The sidebar: conversations (new chat, past threads) and the workload profile."""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from advisor.config import get_settings
from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.workload import Workload
from ui import backend, state
from ui.errors import friendly_error

USE_CASES = ["", "chat", "coding", "long documents", "classification", "vision", "agents",
             "summarisation", "retrieval (RAG)"]
CAP_LABELS = {c.key: c.label for c in CAPABILITIES}
PROFILE = "profile"


def render() -> Workload | None:
    """Draw the sidebar; returns the workload profile (None while a value is invalid)."""
    with st.sidebar:
        _conversations()
        st.divider()
        profile = _profile()
        st.session_state[PROFILE] = profile
    return profile


def current_profile() -> Workload | None:
    """The profile the sidebar built on this run."""
    value: Workload | None = st.session_state.get(PROFILE)
    return value


# --- conversations --------------------------------------------------------------------------
def _conversations() -> None:
    st.button("New chat", icon=":material/add_comment:", key="new_chat", type="primary",
              width="stretch", on_click=state.new_chat)
    try:
        threads = backend.list_threads()
    except Exception as exc:  # the thread store is optional to the chat itself
        st.caption(f"Past conversations unavailable: {friendly_error(exc)}")
        return
    if not threads:
        st.caption("Past conversations appear here.")
        return
    st.markdown("**Conversations**")
    current = state.thread_id()
    box = st.container(key="threads")
    for t in threads[:20]:
        label = t.title if len(t.title) <= 48 else t.title[:47] + "…"
        box.button(label, key=f"thread_{t.thread_id}", width="stretch",
                  type="secondary" if t.thread_id != current else "tertiary",
                  icon=":material/chat_bubble:" if t.thread_id == current else None,
                  help=f"{t.turns} question(s) · last {t.updated_at[:16].replace('T', ' ')}",
                  on_click=_open, args=(t.thread_id,))


def _open(tid: str) -> None:
    try:
        loaded = backend.thread_turns(tid)
    except Exception as exc:
        state.open_thread(tid, [state.ErrorTurn("(this conversation)", friendly_error(exc))])
        return
    state.open_thread(tid, loaded)


# --- workload profile -----------------------------------------------------------------------
def _defaults() -> dict[str, Any]:
    s = get_settings()
    return {"wl_period": "month", "wl_requests": s.default_requests_per_month,
            "wl_input": s.default_input_tokens, "wl_output": s.default_output_tokens,
            "wl_budget": None, "wl_caps": [], "wl_open": False, "wl_licenses": [],
            "wl_self_host": False, "wl_gpu": 24.0, "wl_min_context": None, "wl_use_case": ""}


def _profile() -> Workload | None:
    for key, value in _defaults().items():
        st.session_state.setdefault(key, value)
    st.markdown("**Workload profile**")
    st.caption("Used for every question in this chat; change it at any time.")
    period = st.segmented_control("Traffic counted per", ["day", "month"], key="wl_period",
                                  required=True)
    st.number_input(f"Requests per {period or 'month'}", min_value=0, step=1000,
                    key="wl_requests")
    c1, c2 = st.columns(2)
    c1.number_input("Input tokens", min_value=0, step=100, key="wl_input",
                    help="Prompt tokens per request.")
    c2.number_input("Output tokens", min_value=0, step=100, key="wl_output",
                    help="Generated tokens per request.")
    st.number_input("Monthly budget (USD)", min_value=0.0, step=50.0, key="wl_budget",
                    placeholder="no limit")
    with st.expander("Requirements", expanded=False, icon=":material/tune:"):
        st.multiselect("Must-have capabilities", list(CAP_LABELS), key="wl_caps",
                       format_func=CAP_LABELS.__getitem__)
        st.number_input("Minimum context window (tokens)", min_value=0, step=8000,
                        key="wl_min_context", placeholder="any")
        st.selectbox("Use case", USE_CASES, key="wl_use_case",
                     format_func=lambda u: u or "not stated")
        st.checkbox("Open weights only", key="wl_open")
        st.multiselect("Acceptable licences", backend.licences(), key="wl_licenses",
                       placeholder="any licence")
        st.checkbox("I will self-host the weights", key="wl_self_host")
        if st.session_state["wl_self_host"]:
            st.number_input("GPU memory available (GB)", min_value=1.0, step=8.0,
                            key="wl_gpu")
    try:
        return build_workload(dict(st.session_state))
    except ValidationError as exc:
        st.error(friendly_error(exc))
        return None


def build_workload(values: dict[str, Any]) -> Workload:
    """The :class:`Workload` for the sidebar's widget values (keys ``wl_*``)."""
    self_host = bool(values.get("wl_self_host"))
    return Workload(
        requests=_int(values.get("wl_requests")), period=values.get("wl_period") or "month",
        input_tokens=_int(values.get("wl_input")), output_tokens=_int(values.get("wl_output")),
        monthly_budget_usd=values.get("wl_budget") or None,
        required_capabilities=list(values.get("wl_caps") or []),
        open_weights_only=bool(values.get("wl_open")),
        licenses=list(values.get("wl_licenses") or []), self_host=self_host,
        gpu_memory_gb=values.get("wl_gpu") if self_host else None,
        min_context=_int(values.get("wl_min_context")) or None,
        use_case=values.get("wl_use_case") or None)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
