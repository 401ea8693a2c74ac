"""Agent test fixtures: settings per test with the catalog kept warm, a fake document search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.tools.documents import DocumentHit, DocumentSearchResult


@pytest.fixture(autouse=True)
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Like the root fixture (fresh Settings and data dir per test, no .env), except that the
    catalog is not reset: these settings always select the same bundled catalog, and keeping
    it loaded keeps the question-set tests fast."""
    from advisor.agent import service

    data = tmp_path_factory.mktemp("advisor-data")
    s = Settings(data_dir=data, knowledge_dir=PROJECT_ROOT / "knowledge", _env_file=None)
    use_settings(s)
    yield s
    service.reset()
    use_settings(None)


def make_search_tool(hits: list[dict[str, Any]]) -> Callable[..., Any]:
    """A stand-in for ``search_documents`` returning fixed passages (no embedding model)."""
    def search_documents(query: str, models: list[str] | None = None,
                         k: int = 5) -> DocumentSearchResult:
        """Search the model documents (test stand-in)."""
        chosen = [DocumentHit(**h) for h in hits][:k]
        return DocumentSearchResult(query=query, models=models or [], hits=chosen,
                                    index_size=len(hits),
                                    sources=list(dict.fromkeys(h.source for h in chosen)))

    return search_documents


GEMMA_LICENCE_HIT = {
    "text": "Google's LiteRT-LM page states that Gemma 4 is licensed under Apache-2.0, a change "
            "from the custom Gemma terms of Gemma 2 and 3.",
    "source": "knowledge/docs/gemma-4.md", "title": "Gemma 4",
    "section": "Licensing and commercial use", "score": 0.61, "models": ["Gemma 4 31B"],
}


@pytest.fixture
def fake_documents(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[dict[str, Any]]], None]:
    """Replace search_documents in TOOLS with fixed passages: ``fake_documents([hit, …])``."""
    import advisor.tools as tools

    def install(hits: list[dict[str, Any]]) -> None:
        fake = make_search_tool(hits)
        replaced = [fake if fn.__name__ == "search_documents" else fn for fn in tools.TOOLS]
        monkeypatch.setattr(tools, "TOOLS", replaced)

    install([GEMMA_LICENCE_HIT])
    return install
