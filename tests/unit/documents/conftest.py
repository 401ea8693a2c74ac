"""Fixtures for the document index: a fast fake embedder, the real model, small corpora."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from advisor.documents.embeddings import use_embedder
from advisor.documents.store import reset_stores


class HashEmbedder:
    """Bag-of-words hashed into 64 dimensions: deterministic, instant, no model."""

    model_id = "test-hash-embedder"

    def __init__(self, fail_on_call: int | None = None) -> None:
        self.calls = 0
        self.texts: list[str] = []
        self.fail_on_call = fail_on_call

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        if self.fail_on_call is not None and self.calls >= self.fail_on_call:
            raise KeyboardInterrupt("simulated kill during ingest")
        self.texts += list(texts)
        return [self.vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.vector(text)

    @staticmethod
    def vector(text: str) -> list[float]:
        v = [0.0] * 64
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norm = math.sqrt(sum(x * x for x in v))
        return [x / norm for x in v] if norm else [1.0] + [0.0] * 63


@pytest.fixture
def hash_embedder_class() -> type[HashEmbedder]:
    return HashEmbedder


@pytest.fixture
def fake_embedder() -> Iterator[HashEmbedder]:
    embedder = HashEmbedder()
    use_embedder(embedder)
    yield embedder
    use_embedder(None)
    reset_stores()


@pytest.fixture(scope="session")
def real_embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole session."""
    from advisor.documents.embeddings import get_embedder

    use_embedder(None)
    return get_embedder()


@pytest.fixture
def use_real(real_embedder):
    use_embedder(None)
    yield real_embedder
    reset_stores()


GEMMA_DOC = """---
title: Gemma notes
family: Gemma 3
models: [Gemma 3 4B]
sources: [seeds/004_08a80df7bc1a5874.txt]
reviewed: 2026-01-01
---

# Gemma notes

## Hardware needs

Gemma 3 4B needs about 6.4 GB of GPU memory at BF16 and 3.4 GB at 4-bit. A laptop GPU with
8 GB of VRAM runs it comfortably.

## Licensing

The weights are open under the Gemma terms, which allow commercial use with a prohibited-use
policy.

## Compared with rivals

Against Qwen3.5 4B it has a shorter context window: 128K tokens against 256K.

## Sources

- seeds/004_08a80df7bc1a5874.txt
"""

QWEN_DOC = """---
title: Qwen notes
family: Qwen3.5
models: [Qwen3.5 4B]
---

# Qwen notes

## Hardware needs

Qwen3.5 4B fits in about 8 GB of memory at 8-bit quantisation on a consumer graphics card.

## Licensing

It is released under the Apache 2.0 licence, an OSI-approved open-source licence.

## Context window

The context window is 262,144 tokens, enough for a long report in one prompt.
"""

GUARD_TEXT = ("Llama Guard 2 8B is a safety classifier. It labels prompts and responses as "
              "safe or unsafe and names the violated category.\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small documents (two Markdown with front matter, one plain text)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gemma-notes.md").write_text(GEMMA_DOC, encoding="utf-8")
    (docs / "qwen-notes.md").write_text(QWEN_DOC, encoding="utf-8")
    (docs / "guard.txt").write_text(GUARD_TEXT, encoding="utf-8")
    return docs
