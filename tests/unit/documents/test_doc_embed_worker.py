"""The helper process a first build embeds in: same vectors, and the build survives its loss."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from advisor.config import get_settings, use_settings
from advisor.documents import embed_worker, embeddings
from advisor.documents.embed_worker import WorkerEmbedder
from advisor.documents.embeddings import get_embedder

TEXTS = ["Gemma 3 4B reads images and text", "a 128k context window",
         "Qwen2.5 Coder 32B — Weak spots", "licence: Apache 2.0", "kimi k2 tool calling"]


@pytest.fixture
def real_model():
    """The configured model in this process (the helper is compared with it)."""
    embeddings._embedders.clear()
    yield get_embedder()
    embeddings._embedders.clear()


@pytest.mark.slow
def test_the_helper_gives_this_processes_vectors_and_model_id(real_model):
    with WorkerEmbedder() as helper:
        got = np.array(helper.embed(TEXTS))
        query = np.array(helper.embed_query(TEXTS[0]))
        assert helper.model_id == real_model.model_id
        assert helper.dimension == len(got[0])
    want = np.array(real_model.embed(TEXTS))
    assert got.shape == want.shape
    assert np.sum(got * want, axis=1).min() > 0.99999  # the same model, settings and precision
    assert float(query @ want[0]) > 0.99999
    assert helper.embed([]) == []


@pytest.mark.slow
def test_a_helper_that_stops_mid_build_is_replaced_by_this_process(real_model, caplog):
    helper = WorkerEmbedder()
    first = np.array(helper.embed(TEXTS[:2]))
    assert helper._proc is not None
    helper._proc.kill()  # as if the helper died (out of memory, killed)
    helper._proc.wait()
    with caplog.at_level(logging.WARNING):
        rest = np.array(helper.embed(TEXTS[2:]))
    assert "embedding in this process" in caplog.text
    want = np.array(real_model.embed(TEXTS))
    assert np.sum(np.vstack([first, rest]) * want, axis=1).min() > 0.99999
    helper.close()


def _wanted(model, batches) -> list[np.ndarray]:
    """This process's vectors for each batch (an empty batch as a 0 x dimension array)."""
    dimension = len(model.embed(TEXTS[:1])[0])
    return [np.array(model.embed(b)).reshape(len(b), dimension) for b in batches]


def _same(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    assert [g.shape for g in got] == [w.shape for w in want]
    for g, w in zip(got, want, strict=True):
        if len(w):
            assert np.sum(g * w, axis=1).min() > 0.99999


# batches longer than a piece, an empty one, a single text: each comes back whole, in order
BATCHES = [TEXTS * 8, [], TEXTS[:1], [f"{t} ({i})" for i in range(20) for t in TEXTS], TEXTS]


@pytest.mark.slow
def test_a_stream_of_batches_comes_back_whole_and_in_order(real_model):
    with WorkerEmbedder() as helper:
        got = list(helper.embed_stream(BATCHES))
        assert helper._ahead >= 2  # the child said how many cores it computes on
    _same(got, _wanted(real_model, BATCHES))
    assert all(g.dtype == np.float32 for g in got)


@pytest.mark.slow
def test_a_helper_killed_mid_stream_hands_the_rest_to_this_process(real_model, caplog):
    helper = WorkerEmbedder()
    stream = helper.embed_stream(BATCHES)
    got = [next(stream)]
    assert helper._proc is not None
    helper._proc.kill()  # pieces of later batches are in flight when it dies
    helper._proc.wait()
    with caplog.at_level(logging.WARNING):
        got += list(stream)
    assert "embedding in this process" in caplog.text
    _same(got, _wanted(real_model, BATCHES))
    helper.close()


@pytest.mark.slow
def test_a_stream_left_early_does_not_shift_the_next_answers(real_model):
    with WorkerEmbedder() as helper:
        stream = helper.embed_stream(BATCHES)
        next(stream)
        stream.close()  # replies for pieces sent ahead are still on their way
        again = np.array(helper.embed(TEXTS[::-1]))
        assert helper._fallback is None  # still the helper answering
    _same([again], [np.array(real_model.embed(TEXTS[::-1]))])


def test_a_helper_that_cannot_load_the_model_hands_over_with_the_reason(
        fake_embedder, caplog, monkeypatch):
    settings = get_settings().model_copy(update={"embedding_model": "/no/such/model/dir"})
    helper = WorkerEmbedder(settings)
    with caplog.at_level(logging.WARNING):
        vectors = helper.embed(TEXTS)  # the fake embedder of this process takes over
    assert "/no/such/model/dir" in caplog.text
    assert np.allclose(vectors, fake_embedder.embed(TEXTS), atol=1e-6)
    assert helper.model_id == fake_embedder.model_id
    helper.close()
    helper.close()  # closing twice is harmless


def test_only_a_first_embedded_build_with_no_model_here_uses_a_helper(
        fake_embedder, monkeypatch):
    assert not embed_worker.wanted()  # a test embedder is set
    embeddings.use_embedder(None)
    embeddings._embedders.clear()
    assert embed_worker.wanted()  # no index yet, nothing loaded
    (get_settings().data_dir / "chroma").mkdir(parents=True)
    assert not embed_worker.wanted()  # an index exists: an update embeds little, here
    monkeypatch.setattr(embeddings, "_embedders", {"m": fake_embedder})
    assert not embed_worker.wanted()  # the model is already loaded in this process
    monkeypatch.setattr(embeddings, "_embedders", {})
    (get_settings().data_dir / "chroma").rmdir()
    assert embed_worker.wanted()
    for change in ({"embedding_backend": "sentence-transformers"},
                   {"embedding_helper": False}, {"chroma_url": "http://localhost:8000"}):
        use_settings(get_settings().model_copy(update=change))
        assert not embed_worker.wanted(), change
