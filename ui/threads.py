"""The conversation list: a folded sidebar section with search, pages, rename and delete.

Folded by default so however many conversations there are, the workload above it stays on
the first screen. Titles are the user's own (rename) or the first question; each carries its
date, and titles that would read the same get a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from advisor.agent.answer import ThreadSummary
from ui import backend, state
from ui.errors import friendly_error
from ui.turn import load_feedback

PAGE_SIZE = 8
SEARCH = "thread_search"
PAGE = "thread_page"
TITLE_CHARS = 44


@dataclass(frozen=True)
class ThreadRow:
    """One conversation as the list shows it."""

    thread_id: str
    title: str
    label: str
    when: str
    turns: int


def rows(summaries: list[ThreadSummary], titles: dict[str, str]) -> list[ThreadRow]:
    """Distinct labels with dates for threads (most recent first), renamed ones by their name."""
    out: list[ThreadRow] = []
    seen: dict[str, int] = {}
    for t in summaries:
        title = titles.get(t.thread_id) or t.title
        short = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"
        seen[short] = seen.get(short, 0) + 1
        label = short if seen[short] == 1 else f"{short} ({seen[short]})"
        out.append(ThreadRow(t.thread_id, title, label, when(t.updated_at), t.turns))
    return out


def when(iso: str) -> str:
    """``2026-12-01T23:50:00+00:00`` → ``1 Dec 23:50`` (UTC, as stored)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16].replace("T", " ")
    return f"{moment.day} {moment:%b %H:%M}"


def matching(items: list[ThreadRow], query: str) -> list[ThreadRow]:
    """Rows whose title contains every word of ``query`` (any case)."""
    words = query.casefold().split()
    return [r for r in items if all(w in r.title.casefold() for w in words)]


def render() -> None:
    """The folded conversation list (inside the sidebar)."""
    try:
        items = rows(backend.list_threads(), backend.thread_titles())
    except Exception as exc:  # the thread store is optional to the chat itself
        st.caption(f"Past conversations unavailable: {friendly_error(exc)}")
        return
    current = state.thread_id()
    with st.expander(f"Conversations ({len(items)})", icon=":material/forum:",
                     expanded=False):
        if not items:
            st.caption("Your conversations appear here.")
            return
        query = st.text_input("Search conversations", key=SEARCH, placeholder="Search titles",
                              label_visibility="collapsed", on_change=_first_page)
        found = matching(items, query or "")
        if not found:
            st.caption(f"No conversation title contains “{query}”.")
            return
        pages = max(1, -(-len(found) // PAGE_SIZE))
        page = min(int(st.session_state.get(PAGE, 0)), pages - 1)
        box = st.container(key="threads")
        for r in found[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:
            box.button(f"{r.label} · {r.when}", key=f"thread_{r.thread_id}",
                       width="stretch", type="tertiary" if r.thread_id == current else "secondary",
                       icon=":material/chat_bubble:" if r.thread_id == current else None,
                       help=f"{r.title} — {r.turns} question{'s' * (r.turns != 1)}",
                       on_click=open_thread, args=(r.thread_id,))
        if pages > 1:
            left, mid, right = st.columns([1, 2, 1], vertical_alignment="center")
            left.button("", icon=":material/chevron_left:", key="threads_prev",
                        disabled=page == 0, on_click=_turn_page, args=(-1,),
                        help="Newer conversations")
            mid.caption(f"Page {page + 1} of {pages}")
            right.button("", icon=":material/chevron_right:", key="threads_next",
                         disabled=page >= pages - 1, on_click=_turn_page, args=(1,),
                         help="Older conversations")
        mine = next((r for r in items if r.thread_id == current), None)
        if mine is not None:
            _manage(mine)


def _manage(row: ThreadRow) -> None:
    """Rename or delete the open conversation."""
    with st.popover("Rename or delete this conversation", icon=":material/edit:",
                    width="stretch"):
        st.text_input("Title", value=row.title, key=f"rename_{row.thread_id}",
                      max_chars=80)
        c1, c2 = st.columns(2)
        c1.button("Rename", key="rename_thread", icon=":material/check:", on_click=_rename,
                  args=(row.thread_id,))
        c2.button("Delete", key="delete_thread", icon=":material/delete:", on_click=_delete,
                  args=(row.thread_id,))


def open_thread(tid: str) -> None:
    """Open a past conversation (button callback)."""
    try:
        loaded = backend.thread_turns(tid)
    except Exception as exc:
        state.open_thread(tid, [state.ErrorTurn("(this conversation)", friendly_error(exc))])
        return
    state.open_thread(tid, loaded)
    load_feedback(tid)
    st.session_state["sync_workload"] = True


def _rename(tid: str) -> None:
    title = st.session_state.get(f"rename_{tid}") or ""
    try:
        backend.rename_thread(tid, title)
    except Exception as exc:
        st.session_state[state.NOTICE] = f"Could not rename: {friendly_error(exc)}"


def _delete(tid: str) -> None:
    try:
        backend.delete_thread(tid)
    except Exception as exc:
        st.session_state[state.NOTICE] = f"Could not delete: {friendly_error(exc)}"
        return
    if state.thread_id() == tid:
        state.new_chat()


def _first_page() -> None:
    st.session_state[PAGE] = 0


def _turn_page(step: int) -> None:
    st.session_state[PAGE] = max(0, int(st.session_state.get(PAGE, 0)) + step)
