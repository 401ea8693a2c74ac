"""Drawing a :class:`ui.views.TableView`: title, configured column widths, caption and notes.

The first column (the model, provider or attribute a row is about) is pinned, so on a narrow
screen it stays in view while the figures scroll beside it inside the table.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.views import TableView

HIGHLIGHT = "background-color: rgba(59, 91, 219, 0.08)"
PINNED = ("#",)
CHAR_PX = 7.6  # the grid's 14 px font, about 7.6 px a character
PAD_PX = 26
MAX_PX = 260
FIRST_MAX_PX = 190  # the pinned column leaves room for figures on a phone


def width_of(column: str, values: list[str], first: bool) -> int:
    """A column's width in pixels: its longest header word or cell, within bounds."""
    longest = max([len(column), *(len(v) for v in values)])
    cap = FIRST_MAX_PX if first else MAX_PX
    return int(min(cap, max(36, longest * CHAR_PX + PAD_PX)))


def column_config(table: TableView) -> dict[str, Any]:
    """``st.column_config`` for every column: widths from the content, key columns pinned."""
    cols = [str(c) for c in table.frame.columns]
    first = next((c for c in cols if c not in PINNED), None)
    out: dict[str, Any] = {}
    for c in cols:
        values = [str(v) for v in table.frame[c].tolist()]
        out[c] = st.column_config.TextColumn(c, width=width_of(c, values, c == first),
                                             pinned=(c == first or c in PINNED) or None)
    return out


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
