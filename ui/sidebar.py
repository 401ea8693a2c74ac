"""The sidebar: a new chat, the workload the open thread uses (editable), the conversations.

The workload shown is the one the next answer uses: after each answer the traffic and token
figures the answer was computed at are written back into these fields, and anything else the
thread added (capabilities, licences…) is listed under them, so the sidebar and the thread never
disagree silently.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from advisor.config import get_settings
from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.workload import Workload
from ui import backend, state, threads
from ui.errors import friendly_error

USE_CASES = ["", "chat", "coding", "long documents", "classification", "vision", "agents",
             "summarisation", "retrieval (RAG)"]
CAP_LABELS = {c.key: c.label for c in CAPABILITIES}
PROFILE = "profile"
PROFILE_ERROR = "profile_error"
THREAD_EXTRAS = "thread_extras"
# Workload fields written back from an answer into the widget that edits them.
ADOPTED = {"requests": "wl_requests", "period": "wl_period", "input_tokens": "wl_input",
           "output_tokens": "wl_output", "monthly_budget_usd": "wl_budget",
           "min_context": "wl_min_context"}


def prepare() -> Workload | None:
    """The profile the page uses on this run, from the widgets' stored values.

    Called before the page runs (the widgets are drawn after it, by :func:`render`, so an
    answer can still write its figures back into them).
    """
    for key, value in _defaults().items():
        st.session_state.setdefault(key, value)
    try:
        profile: Workload | None = build_workload(dict(st.session_state))
        st.session_state[PROFILE_ERROR] = None
    except ValidationError as exc:
        profile = None
        st.session_state[PROFILE_ERROR] = friendly_error(exc)
    st.session_state[PROFILE] = profile
    return profile


def render() -> None:
    """Draw the sidebar: new chat, the workload, then the (folded) conversation list."""
    with st.sidebar:
        st.button("New chat", icon=":material/add_comment:", key="new_chat", type="primary",
                  width="stretch", on_click=state.new_chat)
        _profile()
        st.divider()
        threads.render()


def current_profile() -> Workload | None:
    """The profile prepared for this run."""
    value: Workload | None = st.session_state.get(PROFILE)
    return value


def adopt(workload: dict[str, Any]) -> None:
    """Show the workload an answer used: its figures go into the fields, the rest listed.

    Must run before the widgets are drawn on this run (the page runs before the sidebar).
    """
    for field, key in ADOPTED.items():
        if field not in workload:
            continue
        value = workload[field]
        if key == "wl_budget":
            value = None if value is None else float(value)
        elif key != "wl_period":
            value = None if value is None else int(value)
        st.session_state[key] = value
    st.session_state[THREAD_EXTRAS] = _extras(workload)
    prepare()


def _extras(workload: dict[str, Any]) -> list[str]:
    """What the thread adds beyond the fields, in words (shown under the profile)."""
    profile = current_profile() or Workload()
    out = []
    caps = [c for c in workload.get("required_capabilities") or []
            if c not in profile.required_capabilities]
    if caps:
        out.append("must have " + ", ".join(CAP_LABELS.get(c, c) for c in caps))
    lics = [x for x in workload.get("licenses") or [] if x not in profile.licenses]
    if lics:
        out.append("licence " + " or ".join(lics))
    if workload.get("open_weights_only") and not profile.open_weights_only:
        out.append("open weights only")
    if workload.get("self_host") and not profile.self_host:
        out.append("self-hosted")
    if workload.get("use_case") and workload.get("use_case") != profile.use_case:
        out.append(f"use case: {workload['use_case']}")
    if workload.get("languages"):
        out.append("languages: " + ", ".join(workload["languages"]))
    if workload.get("providers"):
        out.append("providers: " + ", ".join(workload["providers"]))
    return out


# --- workload profile -----------------------------------------------------------------------
def _defaults() -> dict[str, Any]:
    s = get_settings()
    return {"wl_period": "month", "wl_requests": s.default_requests_per_month,
            "wl_input": s.default_input_tokens, "wl_output": s.default_output_tokens,
            "wl_budget": None, "wl_caps": [], "wl_open": False, "wl_licenses": [],
            "wl_self_host": False, "wl_gpu": 24.0, "wl_min_context": None, "wl_use_case": ""}


def _profile() -> None:
    st.markdown("**Workload** — used by the next answer")
    extras = st.session_state.get(THREAD_EXTRAS) if state.thread_id() else None
    st.caption("Figures you state in a question replace these; change them at any time."
               + (" This conversation also asks for: " + "; ".join(extras) + "."
                  if extras else ""))
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
    if st.session_state.get(PROFILE_ERROR):
        st.error(st.session_state[PROFILE_ERROR], icon=":material/error:")


def build_workload(values: dict[str, Any]) -> Workload:
    """The :class:`Workload` for the sidebar's widget values (keys ``wl_*``)."""
    self_host = bool(values.get("wl_self_host"))
    return Workload(
        requests=_int(values.get("wl_requests")), period=values.get("wl_period") or "month",
        input_tokens=_int(values.get("wl_input")), output_tokens=_int(values.get("wl_output")),
        monthly_budget_usd=_float(values.get("wl_budget")),
        required_capabilities=list(values.get("wl_caps") or []),
        open_weights_only=bool(values.get("wl_open")),
        licenses=list(values.get("wl_licenses") or []), self_host=self_host,
        gpu_memory_gb=values.get("wl_gpu") if self_host else None,
        min_context=_int(values.get("wl_min_context")),
        use_case=values.get("wl_use_case") or None)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
