"""The doors the chat walks through: the agent service, the catalog, the document index.

Heavy things are imported lazily and loaded once per process (``st.cache_resource``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from advisor.agent.answer import AgentAnswer, AgentEvent, ThreadSummary
from advisor.catalog import get_catalog
from advisor.config import get_settings
from advisor.tools.capabilities import license_of
from advisor.tools.workload import Workload
from ui import access


def ask(question: str, *, thread_id: str | None, profile: Workload | None,
        on_event: Callable[[AgentEvent], None] | None = None,
        owner: str | None = None) -> AgentAnswer:
    """One turn of the agent (see :func:`advisor.agent.service.ask`), kept as ``owner``'s.

    ``owner`` defaults to this browser's (read on the script thread; a worker thread must
    pass it).
    """
    from advisor.agent import service

    return service.ask(question, thread_id=thread_id, profile=profile, on_event=on_event,
                       owner=owner or access.owner_id())


def list_threads() -> list[ThreadSummary]:
    """This browser's past conversations, most recent first."""
    from advisor.agent import service

    return sorted(service.list_threads(owner=access.owner_id()),
                  key=lambda t: t.updated_at, reverse=True)


def thread_turns(thread_id: str) -> list[AgentAnswer]:
    """The stored turns of one of this browser's conversations."""
    from advisor.agent import service

    return service.thread_turns(thread_id, owner=access.owner_id())


def thread_titles() -> dict[str, str]:
    """Titles the user gave conversations (thread id → title)."""
    from advisor.agent import service

    return service.thread_titles()


def rename_thread(thread_id: str, title: str) -> str:
    """Rename a conversation (blank: titled by its first question again)."""
    from advisor.agent import service

    return service.rename_thread(thread_id, title)


def delete_thread(thread_id: str) -> None:
    """Delete a conversation and everything stored with it."""
    from advisor.agent import service

    service.delete_thread(thread_id)


def set_feedback(thread_id: str, turn: int, score: int | None) -> None:
    """Store thumbs up (1) / down (0) for a turn of a conversation."""
    from advisor.agent import service

    service.set_feedback(thread_id, turn, score)


def thread_feedback(thread_id: str) -> dict[int, int]:
    """Feedback given on a conversation's turns (turn number → score)."""
    from advisor.agent import service

    return service.thread_feedback(thread_id)


def planner_label() -> str:
    """Which planner answers: offline, or the configured LLM."""
    try:
        from advisor.agent import service

        return service.planner_label()
    except Exception:  # the label is informative only
        return "offline planner" if not get_settings().model else f"LLM {get_settings().model}"


@dataclass(frozen=True)
class CatalogInfo:
    """Where the catalog came from and how fresh it is."""

    origin: str
    as_of: str
    models: int
    providers: int


def catalog_info() -> CatalogInfo:
    """The active catalog's origin, as-of date and size."""
    cat = get_catalog()
    return CatalogInfo(origin=cat.origin, as_of=cat.as_of, models=len(cat),
                       providers=cat.provider_count)


def licences() -> list[str]:
    """Every licence the curated facts name, for the profile's licence filter."""
    return _licences(_settings_key())


@st.cache_resource(show_spinner=False)
def _licences(_key: str) -> list[str]:
    return sorted({lic for m in get_catalog() if (lic := license_of(m))})


def model_names() -> list[str]:
    """Catalog model names: curated (documented) models first, then the rest A–Z."""
    return _model_names(_settings_key())


@st.cache_resource(show_spinner=False)
def _model_names(_key: str) -> list[str]:
    cat = list(get_catalog())
    curated = sorted(m.name for m in cat if m.curated and "(family)" not in m.name)
    rest = sorted({m.name for m in cat if not m.curated} - set(curated), key=str.casefold)
    return curated + rest


def _settings_key() -> str:
    s = get_settings()
    return f"{s.data_dir.resolve()}|{s.knowledge_dir}|{s.catalog_file}"


def ensure_index(progress: Callable[..., Any]) -> Any:
    """Build the document index when it is missing (first start); once per process and data
    dir (not ``st.cache_resource``: it would replay the first session's progress bar).
    """
    from advisor.documents import ensure_index as build

    return access.once_per_process(_settings_key(), lambda: build(progress=progress))
