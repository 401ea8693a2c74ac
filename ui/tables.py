"""Drawing a :class:`ui.views.TableView`: title, configured column widths, caption and notes.

The first column (the model, provider or attribute a row is about) is pinned, so on a narrow
screen it stays in view while the figures scroll beside it inside the table.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.views import TableView

HIGHLIGHT = "background-color: rgba(59, 91, 219, 0.08)"
_NARROW = ("#",)
_SMALL_WORDS = ("per ", "/ 1m", "monthly cost", "fit score", "context", "open weights",
                "fits", "route", "headroom", "total", "weights", "kv cache", "overhead",
                "as of", "field", "unlocks", "cheapest", "max output")
_WIDE_WORDS = ("licence", "model id", "source", "value", "for example", "drop this",
               "decode ceiling", "largest context")


def width_of(column: str, first: bool) -> Any:
    """The width a column gets: pinned first column medium, figures small, text wider."""
    name = column.casefold()
    if column in _NARROW:
        return 36
    if first:
        return "medium"
    if any(w in name for w in _WIDE_WORDS):
        return "medium"
    if any(w in name for w in _SMALL_WORDS):
        return "small"
    return "medium"


def column_config(table: TableView) -> dict[str, Any]:
    """``st.column_config`` for every column of a table."""
    cols = [str(c) for c in table.frame.columns]
    first = next((c for c in cols if c not in _NARROW), None)
    return {c: st.column_config.TextColumn(c, width=width_of(c, c == first),
                                           pinned=(c == first) or None)
            for c in cols}


def show_table(table: TableView, *, static: bool = False, titled: bool = True) -> None:
    """One table with its title and caption; rows that differ between models are tinted.

    ``static`` draws a plain table whose cells wrap (long text); otherwise an interactive one
    with configured column widths.
    """
    if titled:
        st.markdown(f"**{table.title}**")
    data: Any = table.frame
    if table.highlight_rows:
        rows = set(table.highlight_rows)
        data = table.frame.style.apply(
            lambda r: [HIGHLIGHT if r.name in rows else "" for _ in r], axis=1)
    if static:
        st.table(data, hide_index=True)
    else:
        st.dataframe(data, hide_index=True, width="stretch",
                     column_config=column_config(table))
    if table.caption:
        st.caption(table.caption)
    if table.notes:
        st.caption("\n".join(f"- {n}" for n in table.notes))
