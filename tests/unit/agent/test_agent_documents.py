"""Document questions against the real index (knowledge/docs, embedded once for the module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.agent import service
from advisor.config import PROJECT_ROOT, Settings, use_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data dir whose index holds knowledge/docs (no model cards: faster to build)."""
    from advisor.documents.ingest import ingest

    data = tmp_path_factory.mktemp("doc-index")
    use_settings(Settings(data_dir=data, _env_file=None))
    ingest([PROJECT_ROOT / "knowledge" / "docs"], cards=False)
    use_settings(None)
    yield data


@pytest.fixture
def indexed(settings: Settings, index_dir: Path) -> Settings:
    s = settings.model_copy(update={"data_dir": index_dir})
    use_settings(s)
    return s


@pytest.mark.parametrize(("question", "source"), [
    ("what licence does Gemma 4 use?", "knowledge/docs/gemma-4.md#Licensing and commercial use"),
    ("is gemma 2 ok for commercial use or research only?",
     "knowledge/docs/gemma-2.md#Licensing and commercial use"),
    ("what are the weak spots of Qwen2.5 Coder 32B?",
     "knowledge/docs/qwen2.5-coder.md#Weak spots"),
])
def test_document_questions_quote_and_cite_the_right_section(indexed: Settings, question: str,
                                                             source: str) -> None:
    answer = service.ask(question)
    assert answer.tool_calls[0].name == "search_documents" and answer.tool_calls[0].ok
    assert source in answer.sources
    assert f"— *{source}*" in answer.answer
    assert answer.warnings == []


def test_document_follow_up_limits_the_search_to_the_model(indexed: Settings) -> None:
    first = service.ask("context window of Gemma 3 4B?")
    answer = service.ask("how was it trained?", thread_id=first.thread_id)
    search = answer.tool_calls[0]
    assert search.name == "search_documents" and search.args["models"] == ["Gemma 3 4B"]
    assert all("gemma-3" in s for s in answer.sources if s.startswith("knowledge/docs"))
