"""bfloat16 autocast for the torch embedding model: chosen where native, vectors as fp32's."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.documents import embeddings
from advisor.documents.embeddings import SentenceEmbedder, resolve_precision
from advisor.documents.ingest import read_sources

QUESTIONS = [
    "how much VRAM does gemma 3 4b need at 4 bit",
    "whats the licence of llama 3.1, can i use it commercially??",
    "context window of mistral small",
    "which model is best for code review on a budget",
]


@pytest.mark.parametrize(("native", "asked", "expected"), [
    (True, "auto", "bf16"), (False, "auto", "fp32"), (True, "fp32", "fp32"),
    (False, "bf16", "bf16"), (True, "bf16", "bf16"), (False, "fp32", "fp32")])
def test_auto_takes_bf16_only_where_the_cpu_computes_it(monkeypatch, native, asked, expected):
    monkeypatch.setattr(embeddings, "native_bf16", lambda: native)
    assert resolve_precision(asked) == expected
    use_settings(Settings(embedding_precision=asked, _env_file=None))
    try:
        assert resolve_precision() == expected  # the setting, when none is passed
    finally:
        use_settings(None)


def test_a_torch_without_the_cpu_probes_means_fp32(monkeypatch):
    import torch

    monkeypatch.delattr(torch.cpu, "_is_avx512_bf16_supported", raising=False)
    assert embeddings.native_bf16() is False
    monkeypatch.setattr(embeddings, "native_bf16", lambda: False)
    assert resolve_precision("auto") == "fp32"


def test_an_unknown_precision_is_refused_by_the_settings():
    with pytest.raises(ValueError, match="embedding_precision"):
        Settings(embedding_precision="int4", _env_file=None)  # type: ignore[arg-type]


@pytest.mark.slow
def test_bf16_vectors_match_fp32_closely_enough_to_share_an_index():
    texts = [r.embed_text for recs in read_sources([PROJECT_ROOT / "knowledge" / "docs"]).values()
             for r in recs]
    texts += ["", "x", "word " * 2000]  # empty, tiny, truncated
    fp32 = SentenceEmbedder(precision="fp32")
    bf16 = SentenceEmbedder(precision="bf16")
    assert bf16.model_id == fp32.model_id  # same id: an index built either way is not rebuilt
    a, b = np.array(fp32.embed(texts)), np.array(bf16.embed(texts))
    assert a.shape == b.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(a * b, axis=1)
    assert cosine.min() > 0.9999, f"bf16 vectors drift from fp32: {cosine.min():.6f}"
    for question in QUESTIONS:  # a query embedded one way finds the same passages the other way
        q_a, q_b = np.array(fp32.embed_query(question)), np.array(bf16.embed_query(question))
        assert float(q_a @ q_b) > 0.9999
        top_a = np.argsort(-(a @ q_a))[:5]
        top_b = np.argsort(-(a @ q_b))[:5]  # fp32 index, bf16 query
        top_c = np.argsort(-(b @ q_a))[:5]  # bf16 index, fp32 query
        assert top_a[0] == top_b[0] == top_c[0], question
        assert len(set(top_a) & set(top_b)) >= 4 and len(set(top_a) & set(top_c)) >= 4
