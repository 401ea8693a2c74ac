"""Agent test fixtures: settings per test with the catalog kept warm, a fake document search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from tests.fakes import GEMMA_LICENCE_HIT, make_search_tool


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
