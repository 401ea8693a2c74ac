"""Checking the index: does every chunk have its vector and its metadata?

Chroma keeps a chunk's text and metadata in one place (SQLite rows) and its vector in another
(the HNSW graph). A damaged index (two writers at once, a disk problem) can keep the rows of
chunks whose vectors are gone: search never finds them, and an ingest that compares ids alone
would call them "unchanged". So:

- the **quick check** (every ingest runs it) compares the ids that have rows with the ids the
  vector index holds (one nearest-neighbour query for every vector, ids only). That query is
  approximate: a graph with many near-identical vectors can leave a node unvisited, so each id
  it misses is confirmed by reading that chunk's vector before it counts as missing;
- the **full check** (``advisor ingest --verify``) also reads every vector and every row and
  flags wrong dimensions, vectors that are not finite or not of unit length, and rows missing
  their text or the metadata search relies on.

What needs repair is re-embedded from its source by the ingest; vectors without rows are
deleted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from advisor.documents.store import PAGE, DocumentStore

REQUIRED_META = ("source", "kind", "title", "section")
NORM_TOLERANCE = 1e-3  # stored vectors are unit length (cosine space)


class IndexHealth(BaseModel):
    """What a check of the index found."""

    chunks: int = Field(0, description="Chunks with a row (text and metadata).")
    vectors: int = Field(0, description="Vectors the nearest-neighbour index holds.")
    missing_vectors: list[str] = Field(default_factory=list,
                                       description="Chunk ids with a row but no vector.")
    orphan_vectors: list[str] = Field(default_factory=list,
                                      description="Vector ids with no row.")
    bad_rows: list[str] = Field(default_factory=list,
                                description="Chunk ids whose text or metadata is incomplete.")
    bad_vectors: list[str] = Field(default_factory=list,
                                   description="Chunk ids whose vector is malformed.")
    full: bool = Field(False, description="Whether vectors and rows were read (--verify).")

    @property
    def broken(self) -> set[str]:
        """Chunk ids to re-embed from their source."""
        return {*self.missing_vectors, *self.bad_rows, *self.bad_vectors}

    @property
    def ok(self) -> bool:
        """Nothing to repair."""
        return not (self.broken or self.orphan_vectors)

    def summary(self) -> str:
        """One sentence for a person."""
        if self.ok:
            what = "every chunk has its vector and metadata" if self.full else \
                "every chunk has its vector"
            return f"Checked {self.chunks} chunks: {what}."
        parts = [f"{len(ids)} {label}" for ids, label in (
            (self.missing_vectors, "chunks without a vector"),
            (self.bad_vectors, "chunks with a malformed vector"),
            (self.bad_rows, "chunks with incomplete metadata"),
            (self.orphan_vectors, "vectors without a chunk")) if ids]
        return f"Checked {self.chunks} chunks: found " + ", ".join(parts) + "."


def vector_ids(store: DocumentStore, count: int) -> set[str]:
    """Ids the vector index returns when asked for all ``count`` nearest neighbours."""
    if count <= 0:
        return set()
    dim = _dimension(store)
    if not dim:
        return set()
    probe = [1.0] + [0.0] * (dim - 1)
    res = store.collection.query(query_embeddings=[probe], n_results=count, include=[])
    return {str(i) for i in res["ids"][0]}


def readable_vectors(store: DocumentStore, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` whose vector can be read (Chroma raises for an id it cannot find)."""
    found: set[str] = set()
    for cid in ids:
        try:
            got = store.collection.get(ids=[cid], include=["embeddings"])
        except Exception:  # noqa: BLE001 - chromadb's "Error finding id": no vector
            continue
        embeddings: Any = got.get("embeddings")
        if got["ids"] and embeddings is not None and len(embeddings) and \
                embeddings[0] is not None:
            found.add(str(got["ids"][0]))
    return found


def _dimension(store: DocumentStore) -> int | None:
    for collection in (store.collection, store.client.get_collection(store.name)):
        dim = getattr(getattr(collection, "_model", None), "dimension", None)
        if dim:
            return int(dim)
    return None


def row_ids(store: DocumentStore) -> set[str]:
    """Ids of every chunk that has a row."""
    out: set[str] = set()
    offset = 0
    while True:
        page = store.collection.get(include=[], limit=PAGE, offset=offset)
        out.update(str(i) for i in page["ids"])
        if len(page["ids"]) < PAGE:
            return out
        offset += PAGE


def check_index(store: DocumentStore, *, full: bool = False,
                rows: set[str] | None = None) -> IndexHealth:
    """Compare rows with vectors (and, when ``full``, read and validate every one of both).

    Args:
        store: The store to check.
        full: Also read every vector and row (``--verify``); otherwise ids only.
        rows: The ids with rows, when the caller has just read them.
    """
    have_rows = row_ids(store) if rows is None else rows
    vectors = vector_ids(store, max(len(have_rows), store.count()))
    vectors |= readable_vectors(store, sorted(have_rows - vectors))
    health = IndexHealth(chunks=len(have_rows), vectors=len(vectors), full=full,
                         missing_vectors=sorted(have_rows - vectors),
                         orphan_vectors=sorted(vectors - have_rows))
    if full:
        readable = sorted(have_rows & vectors)
        dim = _dimension(store)
        for start in range(0, len(readable), PAGE):
            _check_page(store, readable[start:start + PAGE], dim, health)
    return health


def _check_page(store: DocumentStore, ids: Sequence[str], dim: int | None,
                health: IndexHealth) -> None:
    got = store.collection.get(ids=list(ids), include=["embeddings", "metadatas", "documents"])
    embeddings: Any = got.get("embeddings")
    if embeddings is None:
        embeddings = [None] * len(got["ids"])
    for cid, vector, meta, text in zip(got["ids"], embeddings, got.get("metadatas") or [],
                                       got.get("documents") or [], strict=False):
        if not text or any(not (meta or {}).get(k) for k in REQUIRED_META):
            health.bad_rows.append(str(cid))
        if not _sound(vector, dim):
            health.bad_vectors.append(str(cid))
    returned = {str(i) for i in got["ids"]}
    health.missing_vectors += [i for i in ids if i not in returned]


def _sound(vector: Any, dim: int | None) -> bool:
    if vector is None:
        return False
    values = [float(v) for v in vector]
    if (dim and len(values) != dim) or not all(math.isfinite(v) for v in values):
        return False
    return abs(math.sqrt(sum(v * v for v in values)) - 1.0) <= NORM_TOLERANCE
