"""The bundled model run directly in torch: sentence-transformers' tokens and vectors, faster."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from advisor.config import PROJECT_ROOT, Settings, use_settings
from advisor.documents import embeddings
from advisor.documents.direct_embedder import (
    DirectBert,
    DirectEmbedder,
    UnsupportedModelError,
    check_layout,
)
from advisor.documents.embeddings import DEFAULT_MODEL_ID, bundled_model_path, get_embedder
from advisor.documents.ingest import read_sources

# Texts in many shapes: empty, one letter, past the 256-token cut, accents, CJK, emoji, code,
# surrogates and control characters (cleaned first), leading and trailing white space.
ODD_TEXTS = [
    "", "x", "word " * 2000, "  padded with spaces and a tab\t", "Ünïcödé naïve café — “quotes”",
    "日本語のテキストと中文", "emoji 🚀🔥 and math ∑ x² ≤ 10⁶", "def f(x):\n    return x ** 2",
    "bad \ud800 surrogate and \x07 bell", "GPT-4o vs. Llama-3.1-70B @ $0.50/1M tok??",
]


@pytest.fixture(scope="module")
def chunk_texts() -> list[str]:
    texts = [r.embed_text for recs in read_sources([PROJECT_ROOT / "knowledge" / "docs"]).values()
             for r in recs]
    return texts + ODD_TEXTS


def _layout(tmp_path: Path, *, pooling: dict[str, bool] | None = None,
            modules: list[str] | None = None, config: dict[str, object] | None = None) -> Path:
    """A copy of the bundled model's small files (weights linked) with some changed."""
    src = bundled_model_path()
    for name in ("modules.json", "config.json", "sentence_bert_config.json", "tokenizer.json"):
        shutil.copy(src / name, tmp_path / name)
    (tmp_path / "model.safetensors").symlink_to(src / "model.safetensors")
    (tmp_path / "1_Pooling").mkdir()
    pool = json.loads((src / "1_Pooling" / "config.json").read_text())
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pool | (pooling or {})))
    if modules is not None:
        (tmp_path / "modules.json").write_text(json.dumps(
            [{"idx": i, "name": str(i), "path": "" if i == 0 else f"{i}_{t.rsplit('.', 1)[-1]}",
              "type": t} for i, t in enumerate(modules)]))
    if config is not None:
        base = json.loads((src / "config.json").read_text())
        (tmp_path / "config.json").write_text(json.dumps(base | config))
    return tmp_path


def test_the_bundled_model_has_the_supported_layout():
    config, max_length = check_layout(bundled_model_path())
    assert max_length == 256 and config["hidden_size"] == 384


@pytest.mark.parametrize(("change", "message"), [
    ({"pooling": {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}},
     "not mean pooling"),
    ({"pooling": {"pooling_mode_max_tokens": True}}, "not mean pooling"),
    ({"modules": ["sentence_transformers.models.Transformer",
                  "sentence_transformers.models.Pooling"]}, "does not normalise"),
    ({"modules": ["sentence_transformers.models.Transformer",
                  "sentence_transformers.models.Pooling",
                  "sentence_transformers.models.Dense",
                  "sentence_transformers.models.Normalize"]}, "are not Transformer"),
    ({"config": {"model_type": "xlm-roberta"}}, "model_type"),
    ({"config": {"hidden_act": "gelu_new"}}, "hidden_act"),
    ({"config": {"position_embedding_type": "relative_key"}}, "position_embedding_type"),
])
def test_another_layout_is_refused_with_the_reason(tmp_path, change, message):
    with pytest.raises(UnsupportedModelError, match=message):
        check_layout(_layout(tmp_path, **change))


def test_missing_or_damaged_files_are_refused_not_crashed_on(tmp_path):
    model = _layout(tmp_path)
    (model / "tokenizer.json").unlink()
    with pytest.raises(UnsupportedModelError, match="tokenizer.json is missing"):
        check_layout(model)
    shutil.copy(bundled_model_path() / "tokenizer.json", model / "tokenizer.json")
    (model / "model.safetensors").unlink()
    (model / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(UnsupportedModelError, match="model.safetensors"):
        DirectBert(model)
    (model / "modules.json").write_text("{not json")
    with pytest.raises(UnsupportedModelError, match="modules.json"):
        check_layout(model)


def test_the_default_embedder_is_the_direct_one_under_the_same_model_id():
    embeddings._embedders.clear()
    model = get_embedder()
    assert isinstance(model, DirectEmbedder)
    assert model.model_id == DEFAULT_MODEL_ID  # an index built by sentence-transformers stays
    assert model.precision == embeddings.resolve_precision()
    vector = model.embed_query("how much vram for gemma 3 4b at 4 bit?")
    assert len(vector) == 384 and abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    assert model.embed([]) == []
    embeddings._embedders.clear()


def test_other_layouts_and_the_setting_fall_back_to_sentence_transformers(settings, monkeypatch,
                                                                          tmp_path):
    class Plain:
        model_id = DEFAULT_MODEL_ID

        def __init__(self, configured=None):
            self.configured = configured

    monkeypatch.setattr(embeddings, "SentenceEmbedder", Plain)
    monkeypatch.setattr(embeddings, "_embedders", {})
    use_settings(Settings(data_dir=settings.data_dir, embedding_backend="sentence-transformers",
                          _env_file=None))
    assert isinstance(get_embedder(), Plain)  # asked for by name
    other = _layout(tmp_path, pooling={"pooling_mode_mean_tokens": False,
                                       "pooling_mode_cls_token": True})
    monkeypatch.setattr(embeddings, "_embedders", {})
    use_settings(Settings(data_dir=settings.data_dir, embedding_model=str(other),
                          _env_file=None))
    model = get_embedder()
    assert isinstance(model, Plain) and model.configured == str(other)  # CLS pooling
    monkeypatch.setattr(embeddings, "_embedders", {})
    use_settings(Settings(data_dir=settings.data_dir, embedding_model="some/hub-name",
                          _env_file=None))
    assert isinstance(get_embedder(), Plain)  # a cached hub name: only the library finds it


def test_loading_the_direct_model_does_not_import_sentence_transformers():
    code = ("import sys\nfrom advisor.documents.embeddings import get_embedder\n"
            "get_embedder().embed(['hello'])\n"
            "print(sorted(m for m in ('sentence_transformers', 'transformers', 'sklearn', "
            "'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PROJECT_ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_tokens_are_the_fast_bert_tokenizers(chunk_texts):
    from advisor.text import clean_text

    direct = DirectBert(bundled_model_path())
    plain = embeddings.SentenceEmbedder(precision="fp32")
    cleaned = [clean_text(t) for t in chunk_texts]
    expected = plain.model.tokenizer([t.strip() for t in cleaned], truncation=True,
                                     max_length=256)["input_ids"]
    assert direct.tokenize(cleaned) == expected
    assert max(len(ids) for ids in expected) == 256  # the long text was cut, the same way


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_vectors_are_sentence_transformers_vectors(chunk_texts, precision):
    plain = embeddings.SentenceEmbedder(precision="fp32")
    direct = DirectEmbedder(bundled_model_path(), DEFAULT_MODEL_ID, precision, batch_size=7)
    a, b = np.array(plain.embed(chunk_texts)), np.array(direct.embed(chunk_texts))
    assert a.shape == b.shape == (len(chunk_texts), 384)
    np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(a * b, axis=1)
    floor = 0.99999 if precision == "fp32" else 0.9999
    assert cosine.min() > floor, f"{precision}: worst cosine {cosine.min():.6f}"
    # order and batching do not change a vector: one text alone gives the same one
    alone = np.array([direct.embed_query(t) for t in chunk_texts[:5] + ODD_TEXTS[-3:]])
    together = np.concatenate([b[:5], b[-3:]])
    assert np.sum(alone * together, axis=1).min() > floor
