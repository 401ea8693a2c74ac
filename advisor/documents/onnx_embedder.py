"""The embedding model run by ONNX Runtime with int8 weights (``ADVISOR_EMBEDDING_BACKEND``).

The model is exported once from the local sentence-transformers weights (the bundled
all-MiniLM-L6-v2 unless another local directory is configured) into the data directory: torch
writes the transformer as ONNX, ONNX Runtime's dynamic quantisation turns its weights into int8
(per channel). Nothing is downloaded; the tokenizer is the model's own ``tokenizer.json``. The
pooling (mean over tokens) and the unit-length normalisation are those the model's
sentence-transformers configuration declares; a model pooled otherwise is refused.

Its vectors are close to the full-precision model's but not equal, so it has its own model id
(``…+onnx-int8``): switching backend rebuilds the index. Dynamic quantisation scales activations
per batch, so a text's vector also varies slightly (cosine above 0.95) with the texts batched
beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.documents.errors import DocumentIndexError
from advisor.text import clean_text

BACKEND = "onnx-int8"
RECIPE = 1  # part of the exported file's name: bump it when the export or quantisation changes
BATCH = 32
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class FastPathError(DocumentIndexError):
    """The ONNX model cannot be exported or loaded; the plain model is used instead."""


def fast_model_id(base_id: str) -> str:
    """The id an index built by the int8 ONNX model records."""
    return f"{base_id}+{BACKEND}"


def fast_path_available() -> bool:
    """Whether ONNX Runtime is installed (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FastPathError(f"cannot read {path}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def check_mean_pooled(model_dir: Path) -> tuple[int, int]:
    """The maximum sequence length and dimension of a mean-pooled, normalised model.

    Raises:
        FastPathError: The model is pooled in another way, or lacks its configuration.
    """
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8")) if (
        model_dir / "modules.json").is_file() else []
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"]:
        raise FastPathError(f"{model_dir} is not a Transformer + Pooling model ({kinds})")
    pooling = _read_json(model_dir / str(modules[1].get("path", "1_Pooling")) / "config.json")
    if not pooling.get("pooling_mode_mean_tokens") or any(
            v for k, v in pooling.items()
            if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens"):
        raise FastPathError(f"{model_dir} is not mean-pooled; the fast path supports only that")
    if "Normalize" not in kinds:
        raise FastPathError(f"{model_dir} does not normalise its vectors")
    config = _read_json(model_dir / "sentence_bert_config.json")
    return int(config.get("max_seq_length") or 256), int(pooling["word_embedding_dimension"])


def exported_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the int8 export of ``model_dir`` is kept (named by the weights it came from)."""
    weights = sorted(p for p in model_dir.iterdir()
                     if p.suffix in (".safetensors", ".bin") and p.is_file())
    stamp = json.dumps([RECIPE, str(model_dir.resolve()),
                        [(p.name, p.stat().st_size) for p in weights]])
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    return cache_dir / f"{model_dir.name}-{BACKEND}-{digest}.onnx"


def export_int8(model_dir: Path, target: Path) -> Path:
    """Export ``model_dir``'s transformer to ONNX with int8 weights at ``target`` (atomically).

    Two processes exporting at once each write their own temporary file; the last rename wins
    and both files are the same model.
    """
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
    except ImportError as exc:
        raise FastPathError(f"cannot export the model: {exc.name} is not installed") from exc

    class _LastHidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
        fp32, int8 = Path(tmp) / "model.onnx", Path(tmp) / "model-int8.onnx"
        try:
            import warnings

            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    _LastHidden(model), (sample, sample, torch.zeros_like(sample)), str(fp32),
                    input_names=list(INPUTS), output_names=["last_hidden_state"],
                    dynamic_axes={n: {0: "batch", 1: "tokens"}
                                  for n in (*INPUTS, "last_hidden_state")},
                    opset_version=17, dynamo=False)
                quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8,
                                 per_channel=True, reduce_range=True,
                                 extra_options={"DefaultTensorType": 1})  # 1: float32
        except Exception as exc:  # the exporter raises many kinds; all mean "no fast path"
            raise FastPathError(f"exporting {model_dir} to ONNX failed: {exc}") from exc
        os.replace(int8, target)
    return target


class OnnxEmbedder:
    """A mean-pooled sentence-transformers model run by ONNX Runtime with int8 weights."""

    def __init__(self, model_dir: Path, base_id: str, cache_dir: Path) -> None:
        """Load the int8 export of ``model_dir`` from ``cache_dir``, exporting it once first.

        Raises:
            FastPathError: The model cannot be exported or loaded.
        """
        self._model_id = fast_model_id(base_id)
        self.max_length, self.dimension = check_mean_pooled(model_dir)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise FastPathError(f"{exc.name} is not installed") from exc
        path = exported_path(model_dir, cache_dir)
        if not path.is_file():
            export_int8(model_dir, path)
        options = ort.SessionOptions()
        # idle worker threads sleep instead of spinning (see embeddings.py on busy machines)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session: Any = ort.InferenceSession(str(path), options,
                                                     providers=["CPUExecutionProvider"])
            self.tokenizer: Any = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise FastPathError(f"cannot load {path}: {exc}") from exc
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.enable_padding()
        self.path = path
        self._inputs = {i.name for i in self.session.get_inputs()}

    @property
    def model_id(self) -> str:
        """The base model's id with ``+onnx-int8``."""
        return self._model_id

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors of ``texts``, in order (batched by length, less padding)."""
        import numpy as np

        cleaned = [clean_text(t) for t in texts]
        order = sorted(range(len(cleaned)), key=lambda i: -len(cleaned[i]))
        out: list[list[float]] = [[] for _ in cleaned]
        for start in range(0, len(order), BATCH):
            picked = order[start:start + BATCH]
            encoded = self.tokenizer.encode_batch([cleaned[i] for i in picked])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask,
                    "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feed.items()
                                             if k in self._inputs})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for i, vector in zip(picked, pooled / norms, strict=True):
                out[i] = vector.tolist()
        return out

    def embed_query(self, text: str) -> list[float]:
        """The unit-length vector of one query."""
        return self.embed([text])[0]
