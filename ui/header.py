"""The page header (title, planner, catalog freshness) and the first-start index build."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import backend
from ui.errors import friendly_error

INDEX_STATUS = "index_status"
_CSS = """<style>
.st-key-threads button { justify-content: flex-start; text-align: left; }
.st-key-threads button p { text-align: left; }
[data-testid="stChatMessageContent"] { min-width: 0; }
[data-testid="stChatMessage"] [data-testid="stDataFrame"] { max-width: 100%; overflow: hidden; }
[data-testid="stChatMessage"] [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
[data-testid="stChatMessage"] code { white-space: pre-wrap; overflow-wrap: anywhere; }
.st-key-warmup { display: none; }
</style>"""


def render() -> None:
    """Title, and plainly: who answers and how fresh the catalog is."""
    st.html(_CSS)
    st.title(":material/explore: Model Advisor", anchor=False)
    planner = answerer(backend.planner_label(), st.session_state.get("last_planner"))
    try:
        cat = backend.catalog_info()
        catalog = (f"catalog **{cat.origin}**, as of **{cat.as_of}** "
                   f"({cat.models:,} models, {cat.providers} providers)")
    except Exception as exc:
        catalog = f"catalog unavailable — {friendly_error(exc)}"
    docs = st.session_state.get(INDEX_STATUS) or "document index not checked"
    st.caption(f":material/smart_toy: Planner: **{planner}** · :material/inventory_2: "
               f"{catalog} · :material/menu_book: {docs}")


def answerer(configured: str, last: str | None) -> str:
    """Who answers, in words: the configured LLM only while it is the one answering.

    ``configured`` is the service's label (``offline planner`` or ``LLM: <model>``); ``last``
    is the planner of this session's last answer (``offline`` or ``llm:<model>``).
    """
    if "offline" in configured.lower():
        return "offline planner (no API key; nothing leaves this machine)"
    model = configured.split(":", 1)[1].strip() if ":" in configured else configured
    if last == "offline":
        return (f"offline planner — the configured LLM {model} could not be reached on the "
                "last question")
    if last is None:
        return f"LLM {model} (configured; the offline planner answers if it is unreachable)"
    return f"LLM {model}"


def bootstrap_index() -> None:
    """Build the document index on first start, with a progress bar; once per session."""
    if st.session_state.get(INDEX_STATUS):
        return
    slot = st.empty()
    with slot.container():
        st.info("Checking the index of model documents; on a first start it is built now "
                "(a minute or two, once).", icon=":material/hourglass_top:")
        bar = st.progress(0.0, text="Checking the document index…")
    try:
        result = backend.ensure_index(progress=_progress_callback(bar))
        st.session_state[INDEX_STATUS] = _describe(result)
    except Exception as exc:  # the chat works without document search
        st.session_state[INDEX_STATUS] = ("document search unavailable — "
                                          f"{friendly_error(exc)}")
    slot.empty()


def _progress_callback(bar: Any) -> Any:
    def progress(*args: Any, **kwargs: Any) -> None:
        done = kwargs.get("done", args[0] if args else None)
        total = kwargs.get("total", args[1] if len(args) > 1 else None)
        text = kwargs.get("message") or next((a for a in args if isinstance(a, str)), None)
        try:
            if isinstance(done, int | float) and isinstance(total, int | float) and total:
                frac = max(0.0, min(1.0, float(done) / float(total)))
                bar.progress(frac, text=f"{text or 'Indexing documents'}: {done:,} of {total:,}")
            elif isinstance(done, float) and 0 <= done <= 1:
                bar.progress(done, text=text or "Indexing documents…")
            elif text:
                bar.progress(0.0, text=text)
        except Exception:  # progress display is best effort (e.g. called from a thread)
            pass
    return progress


def _describe(result: Any) -> str:
    total = getattr(result, "chunks_total", None)
    sources = getattr(result, "sources", None)
    if isinstance(total, int) and isinstance(sources, int):
        return f"document index ready ({total:,} passages from {sources:,} sources)"
    return "document index ready"
