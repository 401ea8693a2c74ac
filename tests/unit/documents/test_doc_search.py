"""search_documents with the real embedding model: relevance, model filter, bad input, cards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.catalog import UnknownModelError, get_catalog
from advisor.documents.ingest import card_records, embed_records, ingest, source_name
from advisor.documents.linking import get_linker
from advisor.documents.store import open_store
from advisor.tools import TOOLS
from advisor.tools.documents import DocumentSearchResult, search_documents
from advisor.tools.errors import ToolInputError


def test_search_documents_is_a_tool():
    assert search_documents in TOOLS


@pytest.mark.parametrize(("query", "field"), [
    ("", "query"), ("   ", "query"), (None, "query"),
])
def test_empty_query_is_refused(query, field):
    with pytest.raises(ToolInputError) as err:
        search_documents(query)
    assert err.value.field == field


@pytest.mark.parametrize("k", [0, -1, 51, 2.5, True, "5"])
def test_bad_k_is_refused(k):
    with pytest.raises(ToolInputError) as err:
        search_documents("context window", k=k)
    assert err.value.field == "k" and repr(k) in str(err.value)


def test_unknown_model_filter_answers_with_suggestions():
    with pytest.raises(UnknownModelError) as err:
        search_documents("memory", models=["Gemma 3 4Bz zz"])
    assert err.value.suggestions


@pytest.mark.slow
def test_the_nearest_passage_answers_the_question(corpus, use_real):
    ingest([corpus])
    result = search_documents("How much VRAM does Gemma 3 4B need?", k=3)
    assert isinstance(result, DocumentSearchResult) and len(result.hits) == 3
    top = result.hits[0]
    assert (Path(top.source).name, top.section) == ("gemma-notes.md", "Hardware needs")
    assert top.title == "Gemma notes" and "6.4 GB" in top.text
    assert top.score >= result.hits[1].score >= result.hits[2].score
    assert result.index_size == open_store().count()
    licence = search_documents("Which licence is the Qwen model released under?", k=1).hits[0]
    assert (Path(licence.source).name, licence.section) == ("qwen-notes.md", "Licensing")
    markdown = result.to_markdown()
    assert "gemma-notes.md" in markdown and "Hardware needs" in markdown


@pytest.mark.slow
def test_model_filter_keeps_only_passages_about_those_models(corpus, use_real):
    ingest([corpus])
    qwen = get_catalog().resolve("Qwen3.5 4B")
    # independently: every section of the Qwen document (front matter) plus each section of
    # another document whose text names the model
    expected = set()
    for path in corpus.iterdir():
        text = path.read_text()
        for section, body in re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, re.S | re.M):
            if section == "Sources":
                continue
            if "models: [Qwen3.5 4B]" in text or "Qwen3.5 4B" in body:
                expected.add((source_name(path), section))
    result = search_documents("memory and context", models=["qwen 3.5 4b"], k=50)
    assert result.models == [qwen.name]
    assert {(h.source, h.section) for h in result.hits} == expected
    assert all(qwen.name in h.models for h in result.hits)
    both = search_documents("licence", models=["Qwen3.5 4B", "Llama Guard 2 8B"], k=50)
    assert source_name(corpus / "guard.txt") in {h.source for h in both.hits}


@pytest.mark.slow
def test_k_bounds_the_number_of_hits(corpus, use_real):
    ingest([corpus])
    assert len(search_documents("model", k=2).hits) == 2
    total = open_store().count()
    assert len(search_documents("model", k=50).hits) == total


@pytest.mark.slow
def test_cards_find_models_by_meaning(raw_models_dev, use_real):
    names = ["Gemma 3 4B", "Gemma 2 2B", "GPT-4o", "Llama Guard 2 8B", "Qwen3.5 122B A10B",
             "Qwen2.5 Coder 32B", "Claude Opus 4.6", "Qwen3.5 397B A17B", "Gemma 3 27B"]
    records = card_records(get_linker(), names)
    open_store().upsert([r.id for r in records], [r.text for r in records],
                        embed_records(records, use_real), [r.metadata for r in records])
    hits = search_documents("a small open model that can read images", k=3).hits
    top = get_catalog().resolve(hits[0].title)

    # independently, from the raw models.dev data: open weights and image input on some
    # route, and a size under 15B in the model's name
    def raw_routes(model):
        ids = {r.model_id for r in model.routes}
        return [m for p in raw_models_dev.values() for mid, m in p.get("models", {}).items()
                if mid in ids]

    routes = raw_routes(top)
    assert any("image" in m.get("modalities", {}).get("input", []) for m in routes)
    assert any(m.get("open_weights") for m in routes)
    size = re.search(r"(\d+(?:\.\d+)?)B\b", top.name)
    assert size and float(size.group(1)) < 15
    assert hits[0].kind == "model_card" and hits[0].source == f"catalog:{top.key}"


def test_the_first_search_on_an_empty_index_builds_it(fake_embedder):
    from advisor.config import get_settings
    from advisor.documents.chunking import chunk_document, read_path

    assert open_store().count() == 0
    result = search_documents("Gemma 3 context window", k=3)
    docs = get_settings().knowledge_dir / "docs"
    doc_chunks = sum(len(chunk_document(read_path(f, f.name, 10**7))) for f in docs.glob("*.md"))
    cards = sum(1 for m in get_catalog() if m.priced_routes or m.curated)
    assert result.index_size == open_store().count() == doc_chunks + cards
    assert len(result.hits) == 3


def test_front_matter_never_invents_a_model(tmp_path, fake_embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "coder.md").write_text("---\ntitle: Coder\nmodels: [Qwen 2.5 Coder 14B]\n---\n\n"
                                   "## Sizes\n\nThe 14B sits between 7B and 32B.\n")
    ingest([docs])
    with pytest.raises(UnknownModelError):
        get_catalog().resolve("Qwen 2.5 Coder 14B")
    for spelling in ("qwen2.5-coder-14b", "Qwen 2.5 Coder 14B"):
        with pytest.raises(UnknownModelError) as err:
            search_documents("sizes", models=[spelling], k=5)
        assert err.value.name == spelling
    stored = open_store().collection.get(include=["metadatas"])["metadatas"]
    assert all("qwen25coder14b" not in (m.get("model_keys") or []) for m in stored)
