"""The int8 ONNX fast path: exported from local files, unit vectors, top-5 like the plain model."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import numpy as np
import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.documents import embeddings, onnx_embedder
from advisor.documents.embeddings import (
    active_model_id,
    bundled_model_path,
    configured_model_id,
    get_embedder,
    use_embedder,
)
from advisor.documents.ingest import ingest, read_sources
from advisor.documents.onnx_embedder import (
    FastPathError,
    OnnxEmbedder,
    check_mean_pooled,
    exported_path,
    fast_model_id,
)
from advisor.documents.store import reset_stores
from advisor.tools.documents import search_documents

BASE = "sentence-transformers/all-MiniLM-L6-v2"

# Questions in many voices: terse, chatty, misspelled, with units written every way.
QUESTIONS = [
    "gemma 3 4b vram?",
    "Hi! I'm trying to figure out how much GPU memory I'd need to run Qwen locally, any idea?",
    "whats the licence on llama models",
    "context window 128k tokens which models",
    "cheapest model for 2 million requests / month",
    "Does Claude support images or vision input?",
    "deepseek reasoning strenghts and weeknesses",
    "how many GB of RAM for a 27B model at 4-bit",
    "Is Mistral good at coding??",
    "latency ms per token small models",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export into a folder of its own, shared by the tests of this module."""
    cache = tmp_path_factory.mktemp("embeddings")
    OnnxEmbedder(bundled_model_path(), BASE, cache)
    return cache


@pytest.fixture(scope="module")
def fast(exported: Path) -> OnnxEmbedder:
    return OnnxEmbedder(bundled_model_path(), BASE, exported)


@pytest.fixture(scope="module")
def doc_texts() -> list[str]:
    """Every chunk of knowledge/docs, as the first build embeds them."""
    records = read_sources([PROJECT_ROOT / "knowledge" / "docs"])
    return [r.embed_text for recs in records.values() for r in recs]


@pytest.mark.slow
def test_export_and_load_use_local_files_only(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the fast path tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = OnnxEmbedder(bundled_model_path(), BASE, tmp_path / "embeddings")
    assert model.path.is_file() and model.path.parent == tmp_path / "embeddings"
    assert model.path == exported_path(bundled_model_path(), tmp_path / "embeddings")
    assert [p.name for p in (tmp_path / "embeddings").iterdir()] == [model.path.name]
    # a second load reuses the export instead of making another
    monkeypatch.setattr(onnx_embedder, "export_int8", no_network)
    again = OnnxEmbedder(bundled_model_path(), BASE, tmp_path / "embeddings")
    assert again.embed_query("gemma vram") == model.embed_query("gemma vram")
    assert model.model_id == fast_model_id(BASE) != BASE


@pytest.mark.slow
def test_vectors_are_unit_length_with_the_plain_dimension(fast, real_embedder, doc_texts):
    texts = [*doc_texts[:40], *QUESTIONS, "", "x", "word " * 2000]  # empty, tiny, truncated
    vectors = np.array(fast.embed(texts))
    assert vectors.shape == (len(texts), real_embedder.dimension) == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # order is kept although batches are sorted by length; dynamic int8 scales activations per
    # batch, so a text alone is close to, not equal to, the same text among others
    for i in (0, 17, len(texts) - 2):
        alone = np.array(fast.embed_query(texts[i]))
        assert float(vectors[i] @ alone) > 0.95
        assert int(np.argmax(vectors @ alone)) == i or texts[int(np.argmax(vectors @ alone))] \
            == texts[i]
    plain = np.array(real_embedder.embed(texts))
    cosine = np.sum(vectors * plain, axis=1)
    assert cosine.min() > 0.95, f"int8 vectors drift from the plain model: {cosine.min():.3f}"


@pytest.mark.slow
def test_top5_agrees_with_the_plain_model(fast, real_embedder, doc_texts):
    corpus_fast = np.array(fast.embed(doc_texts))
    corpus_plain = np.array(real_embedder.embed(doc_texts))
    overlaps = []
    for question in QUESTIONS:
        top_fast = np.argsort(-(corpus_fast @ np.array(fast.embed_query(question))))[:5]
        top_plain = np.argsort(-(corpus_plain @ np.array(real_embedder.embed_query(question))))
        assert top_fast[0] in top_plain[:3], question  # the best passage stays near the top
        overlaps.append(len(set(top_fast) & set(top_plain[:5])) / 5)
    assert np.mean(overlaps) >= 0.8, overlaps


@pytest.mark.slow
def test_switching_backend_rebuilds_the_index(exported, real_embedder, settings, tmp_path,
                                              monkeypatch):
    monkeypatch.setitem(embeddings._embedders, BASE, real_embedder)
    cache = settings.data_dir / "embeddings"
    cache.mkdir(parents=True, exist_ok=True)
    for f in exported.iterdir():  # the module's export, so this test need not make another
        (cache / f.name).write_bytes(f.read_bytes())
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "memory.md").write_text("# Memory\n\n## Hardware\n\nGemma 3 4B needs about 6.4 GB "
                                    "of VRAM at 16-bit precision.\n")
    use_embedder(None)
    reset_stores()
    assert ingest([docs]).rebuilt is None and active_model_id() == BASE
    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=settings.knowledge_dir,
                          embedding_backend="onnx-int8", _env_file=None))
    reset_stores()
    assert active_model_id() == fast_model_id(BASE)
    report = ingest([docs])
    assert report.rebuilt and BASE in report.rebuilt and fast_model_id(BASE) in report.rebuilt
    assert report.chunks_added == report.chunks_total >= 1
    assert isinstance(get_embedder(), OnnxEmbedder)
    assert ingest([docs]).wrote == 0  # unchanged: the fast model's index is kept
    hit = search_documents("how much video memory does gemma need", k=1).hits[0]
    assert "6.4 GB" in hit.text
    embeddings._embedders.pop(fast_model_id(BASE), None)
    reset_stores()


def test_falls_back_to_the_plain_model_when_the_fast_path_cannot_load(
        settings, monkeypatch, caplog):
    use_settings(Settings(data_dir=settings.data_dir, embedding_backend="onnx-int8",
                          _env_file=None))
    monkeypatch.setattr(embeddings, "_fell_back", set())
    monkeypatch.setattr(embeddings, "_embedders", {})
    monkeypatch.setattr(embeddings, "fast_path_available", lambda: False)
    assert active_model_id() == BASE  # onnxruntime missing: the plain model's id, no load
    monkeypatch.setattr(embeddings, "fast_path_available", lambda: True)
    assert active_model_id() == fast_model_id(BASE)

    def broken(*args, **kwargs):
        raise FastPathError("the exported model is damaged")

    class Plain:
        model_id = BASE

        def __init__(self, *args, **kwargs):
            self.args = args

    monkeypatch.setattr(embeddings, "OnnxEmbedder", broken)
    monkeypatch.setattr(embeddings, "DirectEmbedder", Plain)  # the plain torch model
    with caplog.at_level(logging.WARNING, logger="advisor.documents.embeddings"):
        model = get_embedder()
    assert isinstance(model, Plain) and "the exported model is damaged" in caplog.text
    assert active_model_id() == BASE  # the index is built with the model that loaded
    assert get_embedder() is model


def test_a_model_not_mean_pooled_is_refused_by_name(tmp_path):
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text(json.dumps([
        {"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 384, "pooling_mode_cls_token": True,
         "pooling_mode_mean_tokens": False}))
    with pytest.raises(FastPathError, match="not mean-pooled"):
        check_mean_pooled(tmp_path)
    with pytest.raises(FastPathError, match="not a Transformer"):
        check_mean_pooled(tmp_path / "1_Pooling")


def test_the_bundled_model_passes_the_pooling_check():
    assert check_mean_pooled(bundled_model_path()) == (256, 384)
    assert configured_model_id() == BASE
