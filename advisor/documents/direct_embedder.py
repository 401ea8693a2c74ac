"""The bundled sentence model run directly in torch, without importing sentence-transformers.

all-MiniLM-L6-v2 is a six-layer BERT encoder followed by mean pooling and normalisation. Run
through sentence-transformers, a fresh process spends about 10 s importing it (transformers'
model registry, scikit-learn, SciPy) before the first sentence is embedded, longer than the
model's whole forward pass over a typical ingest batch. This module computes the same vectors
from the same files (``model.safetensors``, ``tokenizer.json``) with torch and the ``tokenizers``
library alone: the tokens are the ones the fast BERT tokenizer gives, and every vector agrees with
sentence-transformers' to a cosine above 0.99999 (``tests/unit/documents/test_doc_direct.py``),
so the model id, and an index built either way, stay the same.

Only the exact shape sentence-transformers saves for this family is accepted (a ``Transformer``
module holding a BERT with absolute positions and exact GELU, ``Pooling`` by mean, ``Normalize``);
anything else raises :class:`UnsupportedModelError` and the caller uses sentence-transformers.

With ``precision="bf16"`` the weight matrix products run in bfloat16 on weights cast once at load
(what bfloat16 autocast does, without re-casting every weight on every call); attention, layer
norms, residual sums, pooling and normalisation stay in float32. (Torch's CPU attention kernel
took 21 % of a bfloat16 encode and 17 % in float32, the whole encode 12 % less, on an AMD
Zen 4 with native bfloat16, 2026-12-04: at these short lengths its bfloat16 path does not pay.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.text import clean_text

TRANSFORMER = "sentence_transformers.models.Transformer"
POOLING = "sentence_transformers.models.Pooling"
NORMALIZE = "sentence_transformers.models.Normalize"


class UnsupportedModelError(ValueError):
    """The model directory is not a mean-pooled, normalised BERT this module can run."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnsupportedModelError(f"cannot read {path.name}: {exc}") from exc


def check_layout(model_dir: Path) -> tuple[dict[str, Any], int]:
    """The BERT config and the maximum sequence length, if the layout is the supported one."""
    modules = _read_json(model_dir / "modules.json")
    types = [m.get("type") for m in modules] if isinstance(modules, list) else []
    if types not in ([TRANSFORMER, POOLING, NORMALIZE], [TRANSFORMER, POOLING]) or \
            modules[0].get("path", "") != "":
        raise UnsupportedModelError(f"modules {types} are not Transformer, Pooling, Normalize")
    normalize = len(types) == 3
    pooling = _read_json(model_dir / modules[1]["path"] / "config.json")
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v is True}
    if modes != {"pooling_mode_mean_tokens"}:
        raise UnsupportedModelError(f"pooling {sorted(modes)} is not mean pooling alone")
    config = _read_json(model_dir / "config.json")
    wanted = {"model_type": "bert", "hidden_act": "gelu",
              "position_embedding_type": "absolute"}
    for key, value in wanted.items():
        if config.get(key, value) != value:
            raise UnsupportedModelError(f"{key} is {config.get(key)!r}, not {value!r}")
    if not normalize:
        raise UnsupportedModelError("the model does not normalise its embeddings")
    st_config = _read_json(model_dir / "sentence_bert_config.json")
    max_len = int(st_config.get("max_seq_length") or config["max_position_embeddings"])
    for name in ("model.safetensors", "tokenizer.json"):
        if not (model_dir / name).is_file():
            raise UnsupportedModelError(f"{name} is missing")
    return config, min(max_len, int(config["max_position_embeddings"]))


class DirectBert:
    """A mean-pooled BERT sentence encoder: tokenizer, weights and forward pass."""

    def __init__(self, model_dir: Path, precision: str = "fp32") -> None:
        """Load ``model_dir`` (raises :class:`UnsupportedModelError` for another layout)."""
        import torch
        from safetensors import SafetensorError
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config, self.max_length = check_layout(model_dir)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dimension = int(config["hidden_size"])
        self.precision = precision
        self._torch = torch
        self._math = torch.bfloat16 if precision == "bf16" else torch.float32
        try:
            weights = load_file(str(model_dir / "model.safetensors"))
        except (OSError, ValueError, RuntimeError, SafetensorError) as exc:
            raise UnsupportedModelError(f"cannot read model.safetensors: {exc}") from exc
        weights = {k.removeprefix("bert."): v.float() for k, v in weights.items()}
        try:
            self._build(weights)
        except KeyError as exc:
            raise UnsupportedModelError(f"model.safetensors has no tensor {exc}") from exc
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.no_padding()
        pad = self.tokenizer.token_to_id("[PAD]")
        self.pad_id = int(config.get("pad_token_id", 0) if pad is None else pad)

    def _build(self, w: dict[str, Any]) -> None:
        torch, math = self._torch, self._math
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks: list[dict[str, Any]] = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            qkv_w = torch.cat([w[att + f"self.{n}.weight"] for n in ("query", "key", "value")])
            qkv_b = torch.cat([w[att + f"self.{n}.bias"] for n in ("query", "key", "value")])
            self.blocks.append({
                "qkv": (qkv_w.to(math).contiguous(), qkv_b.to(math)),
                "out": (w[att + "output.dense.weight"].to(math),
                        w[att + "output.dense.bias"].to(math)),
                "norm1": (w[att + "output.LayerNorm.weight"], w[att + "output.LayerNorm.bias"]),
                "up": (w[p + "intermediate.dense.weight"].to(math),
                       w[p + "intermediate.dense.bias"].to(math)),
                "down": (w[p + "output.dense.weight"].to(math),
                         w[p + "output.dense.bias"].to(math)),
                "norm2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            })

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text, with [CLS] and [SEP], cut to the model's maximum length."""
        return [e.ids for e in self.tokenizer.encode_batch([t.strip() for t in texts])]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Any:
        """Unit-length float32 vectors of ``texts`` (a ``len(texts)`` × dimension tensor).

        Texts are encoded in batches of similar token length (less padding), results in order.
        """
        torch = self._torch
        ids = self.tokenize(texts)
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        out = torch.empty(len(ids), self.dimension, dtype=torch.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chosen = order[start:start + batch_size]
                width = max(len(ids[i]) for i in chosen)
                tokens = torch.full((len(chosen), width), self.pad_id, dtype=torch.long)
                mask = torch.zeros((len(chosen), width), dtype=torch.bool)
                for row, i in enumerate(chosen):
                    tokens[row, :len(ids[i])] = torch.tensor(ids[i])
                    mask[row, :len(ids[i])] = True
                out[chosen] = self._forward(tokens, mask)
        return out

    def _forward(self, tokens: Any, mask: Any) -> Any:
        torch, math = self._torch, self._math
        f = torch.nn.functional
        batch, width = tokens.shape
        dim, heads = self.dimension, self.heads
        x = self.word[tokens] + self.position[:width] + self.token_type
        x = f.layer_norm(x, (dim,), *self.embed_norm, eps=self.eps)
        keys = mask[:, None, None, :]  # every query may look at every real token
        for b in self.blocks:
            qkv = f.linear(x.to(math), *b["qkv"]).float()  # attention itself in float32
            q, k, v = qkv.view(batch, width, 3, heads, dim // heads).permute(2, 0, 3, 1, 4) \
                .unbind(0)
            att = f.scaled_dot_product_attention(q, k, v, attn_mask=keys)
            att = att.transpose(1, 2).reshape(batch, width, dim).to(math)
            x = f.layer_norm(f.linear(att, *b["out"]).float() + x, (dim,), *b["norm1"],
                             eps=self.eps)
            hidden = f.gelu(f.linear(x.to(math), *b["up"]))
            x = f.layer_norm(f.linear(hidden, *b["down"]).float() + x, (dim,), *b["norm2"],
                             eps=self.eps)
        weights = mask.unsqueeze(-1).float()
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return f.normalize(pooled, p=2, dim=1)


class DirectEmbedder:
    """:class:`DirectBert` behind the ``Embedder`` protocol (see :mod:`.embeddings`)."""

    def __init__(self, model_dir: Path, model_id: str, precision: str = "fp32",
                 batch_size: int = 32) -> None:
        """Load the model in ``model_dir``; ``model_id`` is the name the index records."""
        self.model = DirectBert(model_dir, precision)
        self._model_id = model_id
        self.precision = precision
        self.batch_size = batch_size
        self.dimension = self.model.dimension

    @property
    def model_id(self) -> str:
        """The same id as sentence-transformers' copy of the model: the vectors agree."""
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Normalised embeddings of ``texts``, in order."""
        return list(self.embed_array(texts).tolist()) if texts else []

    def embed_array(self, texts: Sequence[str]) -> Any:
        """The same vectors as one float32 numpy array (``len(texts)`` × dimension)."""
        if not texts:
            import numpy as np

            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.model.encode([clean_text(t) for t in texts], self.batch_size).numpy()

    def embed_query(self, text: str) -> list[float]:
        """The normalised embedding of one query."""
        return self.embed([text])[0]
