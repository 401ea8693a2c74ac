"""Ingestion: files and model cards into the Chroma index, idempotently.

Every chunk's id is a hash of its source, text and metadata, so re-ingesting an unchanged corpus
embeds and writes nothing; a changed file gets its new chunks added and its old ones removed;
``prune`` removes the chunks of files that are gone. New chunks are written before stale ones are
deleted, batch by batch, so an ingest killed half-way leaves a store that the next run completes
with no duplicate chunks. Reading sources into records lives in :mod:`advisor.documents.records`,
the report in :mod:`advisor.documents.report`; both are re-exported here for callers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from advisor.config import get_settings
from advisor.documents.embeddings import (
    Embedder,
    EmbeddingModelError,
    embed_batches,
    get_embedder,
)
from advisor.documents.progress import ProgressFn
from advisor.documents.records import (
    INDEX_VERSION,
    MAX_FILE_BYTES,
    Record,
    card_records,
    collect_files,
    declared_models,
    document_records,
    read_again,
    read_sources,
    source_name,
    source_path,
    unsupported_reason,
)
from advisor.documents.repair import repair_damage
from advisor.documents.report import IngestReport, SkippedFile
from advisor.documents.store import DocumentStore, writing

__all__ = [
    "EMBED_BATCH", "HEADING_WEIGHT", "INDEX_VERSION", "MAX_FILE_BYTES", "IngestReport", "Record",
    "SkippedFile", "card_records", "collect_files", "declared_models", "document_records",
    "embed_headings", "embed_records", "ensure_index", "ingest", "mix_headings", "read_again",
    "read_sources", "source_name", "source_path", "unsupported_reason",
]

EMBED_BATCH = 64  # chunks per encode step
WRITE_BATCH = 256  # chunks per write (fewer, larger writes cost the store less than 64 at a time)
HEADING_WEIGHT = 0.5
_ingest_lock = threading.Lock()
log = logging.getLogger(__name__)


# --- the ingest itself ---------------------------------------------------------------------------
def ingest(paths: Sequence[Path | str] = (), *, cards: bool | Sequence[str] = False,
           prune: bool = False, progress: ProgressFn | None = None,
           store: DocumentStore | None = None,
           max_file_bytes: int = MAX_FILE_BYTES, wait: bool = False, verify: bool = False,
           what: str = "advisor ingest", embedder: Embedder | None = None) -> IngestReport:
    """Bring the index up to date with the files under ``paths`` (and the model cards).

    Args:
        paths: Files or folders of Markdown, text, HTML or PDF documents.
        cards: Also index one generated card per catalog model (``True``: every model with a
            priced route or curated facts; a list of names: those models only).
        prune: Remove chunks of sources under ``paths`` (or, with ``cards``, of model cards)
            that this run did not index: deleted files, and files now skipped.
        progress: Called as ``progress(done, total, what)`` while embedding.
        store: The Chroma store (default: the one the settings select).
        max_file_bytes: Larger files are skipped with a message.
        wait: When another writer holds the index, wait for it (with a message through
            ``progress``) instead of raising :class:`IndexBusyError`.
        verify: Read every vector and row and repair what is damaged, in every source of
            the index (not only those under ``paths``).
        what: How this writer is named to another that finds the index locked.
        embedder: The embedder to use (default: this process's, loaded when needed); a first
            build passes one already loading in a helper process.

    Raises:
        IndexBusyError: Another writer holds the index and ``wait`` is false.
    """
    with _ingest_lock, writing(store, what=what, wait=wait,
                               on_wait=_waiting_note(progress)) as store:
        started = time.perf_counter()
        report = IngestReport(location=store.location)
        records = read_sources(paths, cards=cards, max_file_bytes=max_file_bytes,
                               report=report)
        if store.model_changed:  # vectors of two models cannot be compared: start over
            report.rebuilt = (f"it was built with {store.built_with}, the configured embedding "
                              f"model is {store.model_id}; re-ingest other folders you added")
            store.reset()
        existing = store.ids_by_source()
        repair_damage(store, existing, records, report, full=verify,
                      read_more=lambda sources: read_again(sources, max_file_bytes))
        to_add, stale = _plan(records, existing, report)
        if prune:
            report.pruned = _prunable(existing, records, paths, cards)
            stale += [cid for src in report.pruned for cid in existing[src]]
        if to_add:
            _embed_and_write(to_add, store, progress, embedder)
        if stale:
            store.delete(stale)
        report.chunks_added, report.chunks_removed = len(to_add), len(stale)
        report.chunks_total = store.count()
        report.seconds = time.perf_counter() - started
        return report


def _waiting_note(progress: ProgressFn | None) -> Callable[[str], None]:
    """Tell the user (through ``progress``, else the log) that this writer waits for another."""
    def note(text: str) -> None:
        log.warning("%s", text)
        if progress is not None:
            progress(0, 0, text)
    return note


def _plan(records: dict[str, list[Record]], existing: dict[str, set[str]],
          report: IngestReport) -> tuple[list[Record], list[str]]:
    to_add: list[Record] = []
    stale: list[str] = []
    for source, recs in records.items():
        have = existing.get(source, set())
        new_ids = {r.id for r in recs}
        missing = [r for r in recs if r.id not in have]
        gone = sorted(have - new_ids)
        to_add += missing
        stale += gone
        if missing or gone:
            report.changed += 1
        else:
            report.unchanged += 1
    return to_add, stale


def _prunable(existing: dict[str, set[str]], records: dict[str, list[Record]],
              paths: Sequence[Path | str], cards: bool | Sequence[str]) -> list[str]:
    roots = [Path(p).expanduser().resolve() for p in paths]
    out = []
    for source in existing:
        if source in records:
            continue
        file = source_path(source)
        if file is None:
            if cards:
                out.append(source)
        elif any(file == root or root in file.parents for root in roots):
            out.append(source)
    return sorted(out)


def _embed_and_write(records: list[Record], store: DocumentStore,
                     progress: ProgressFn | None, embedder: Embedder | None = None) -> None:
    """Embed in length-sorted batches (less padding) and write them in groups as they are done.

    Every ``WRITE_BATCH`` chunks are written by one writer thread while the next are embedded
    (the store's write and the model's matrix products overlap); at most one group waits to be
    written, so a run killed half-way loses at most two groups' encoding, and the next run
    embeds and writes what is missing.
    """
    ordered = sorted(records, key=lambda r: len(r.embed_text))
    total = len(ordered)
    if progress:
        progress(0, total, "Loading the embedding model")
    embedder = embedder or get_embedder()
    if embedder.model_id != store.model_id:  # the configured fast path failed to load
        raise EmbeddingModelError(
            f"the index is being built with {store.model_id} but {embedder.model_id} loaded; "
            "run the ingest again (or set ADVISOR_EMBEDDING_BACKEND=torch)")
    if progress:
        progress(0, total, "Embedding chunks")
    headings = embed_headings(ordered, embedder)
    batches = [ordered[start:start + EMBED_BATCH] for start in range(0, total, EMBED_BATCH)]
    embedded = embed_batches(embedder, [[r.embed_text for r in batch] for batch in batches])
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-writer") as writer, \
            closing(embedded):
        pending: Future[None] | None = None
        group: list[Record] = []
        vectors: list[NDArray[np.float32]] = []
        done = 0
        for batch, raw in zip(batches, embedded, strict=True):
            group += batch
            done += len(batch)
            vectors.append(mix_headings(batch, raw, headings))
            if progress:
                progress(done, total, "Embedding chunks")
            if len(group) < WRITE_BATCH and done < total:
                continue
            if pending is not None:
                pending.result()  # the previous group is stored (or its error raised here)
            pending = writer.submit(store.upsert, [r.id for r in group],
                                    [r.text for r in group], np.concatenate(vectors),
                                    [r.metadata for r in group])
            group, vectors = [], []
        if pending is not None:
            pending.result()


def embed_headings(records: Sequence[Record], embedder: Embedder) -> dict[str, list[float]]:
    """The embedding of every distinct heading, in one call (short texts batch well apart)."""
    headings = list(dict.fromkeys(r.heading for r in records if r.heading))
    return dict(zip(headings, embedder.embed(headings), strict=True))


def embed_records(records: Sequence[Record], embedder: Embedder,
                  headings: dict[str, list[float]] | None = None) -> NDArray[np.float32]:
    """Each record's unit vector: its text's embedding plus ``HEADING_WEIGHT`` × its heading's.

    A short question ("qwen3.5 weaknesses") is close to a heading ("Qwen3.5 — Weak spots")
    even when the passage under it talks of other things; folding the heading's direction into
    the chunk's vector lets one nearest-neighbour query find both kinds of match.
    """
    if headings is None:
        headings = embed_headings(records, embedder)
    vectors = np.asarray(embedder.embed([r.embed_text for r in records]), dtype=np.float32)
    return mix_headings(records, vectors, headings)


def mix_headings(records: Sequence[Record], vectors: NDArray[np.float32],
                 headings: dict[str, list[float]]) -> NDArray[np.float32]:
    """``vectors`` (one per record) with each record's heading folded in, as unit vectors."""
    has = [(i, headings[r.heading]) for i, r in enumerate(records)
           if r.heading and r.heading in headings]
    if has:
        heads = np.asarray([h for _, h in has], dtype=np.float32)
        rows = [i for i, _ in has]
        mixed = vectors[rows] + HEADING_WEIGHT * heads
        vectors[rows] = mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)
    return vectors


def ensure_index(progress: ProgressFn | None = None, *, cards: bool = True) -> IngestReport:
    """Build or update the index of ``knowledge/docs`` and the model cards.

    Cheap when nothing changed (no model is loaded, nothing is written). Chunks of documents
    removed from ``knowledge/docs`` and cards of models gone from the catalog are pruned; other
    folders ingested by hand are left alone. When another writer holds the index, this waits
    for it (saying so through ``progress``).
    """
    docs = get_settings().knowledge_dir / "docs"
    return ingest([docs], cards=cards, prune=True, progress=progress, wait=True,
                  what="the index build of knowledge/docs and the model cards")
