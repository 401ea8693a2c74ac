"""The comparison page: two models side by side, in the sections of a comparison page."""

from __future__ import annotations

import streamlit as st

from ui import backend, comparison_report, sidebar
from ui.errors import friendly_error

DEFAULT_PAIR = ("Gemma 2 2B", "Qwen3.5 4B")
PAIR_KEYS = ("compare_a", "compare_b")
URL_PARAMS = {"compare_a": "a", "compare_b": "b"}  # ?a=…&b=… names the pair in a link


def _to_url(key: str) -> None:
    st.query_params[URL_PARAMS[key]] = st.session_state[key]


def page() -> None:
    """Pick two models; show the decision report for the sidebar's workload."""
    st.set_page_config(layout="wide")
    st.header("Compare two models", anchor=False)
    st.caption("A decision report from the catalog, at the traffic in your workload profile "
               "(sidebar). Missing data is said as missing, never filled in.")
    names = backend.model_names()
    for key, default in zip(PAIR_KEYS, DEFAULT_PAIR, strict=True):
        wanted = st.query_params.get(URL_PARAMS[key])  # a reload or a shared link
        if wanted in names:
            st.session_state[key] = wanted
        elif st.session_state.get(key) not in names:
            st.session_state[key] = default if default in names else names[0]
    left, right = st.columns(2)
    a = left.selectbox("Model A", names, key="compare_a", on_change=_to_url, args=("compare_a",))
    b = right.selectbox("Model B", names, key="compare_b", on_change=_to_url,
                        args=("compare_b",))
    st.query_params.update({"a": a, "b": b})
    if a == b:
        st.info("Pick two different models to compare.", icon=":material/info:")
        return
    profile = sidebar.current_profile()
    try:
        from advisor.tools.compare import compare_models

        report = compare_models([a, b], profile)
    except Exception as exc:  # a readable message, never a traceback
        st.error(friendly_error(exc), icon=":material/error:")
        return
    comparison_report.render_full(report, profile.monthly_budget_usd if profile else None)
