"""Ingestion: files and model cards into the Chroma index, idempotently.

Every chunk's id is a hash of its source, text and metadata, so re-ingesting an unchanged corpus
embeds and writes nothing; a changed file gets its new chunks added and its old ones removed;
``prune`` removes the chunks of files that are gone. New chunks are written before stale ones are
deleted, batch by batch, so an ingest killed half-way leaves a store that the next run completes
with no duplicate chunks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from advisor.config import PROJECT_ROOT, get_settings
from advisor.documents.cards import CARD_PREFIX, CARD_SECTION, model_cards
from advisor.documents.chunking import (
    SUPPORTED_SUFFIXES,
    Chunk,
    Document,
    DocumentSkipped,
    chunk_document,
    read_path,
)
from advisor.documents.embeddings import Embedder, get_embedder
from advisor.documents.linking import LinkedModel, ModelLinker, get_linker
from advisor.documents.progress import ProgressFn
from advisor.documents.repair import IndexHealth, repair_damage
from advisor.documents.store import DocumentStore, writing
from advisor.documents.trust import origin_of

MAX_FILE_BYTES = 20_000_000
EMBED_BATCH = 64  # chunks per encode-and-write step (a killed run loses at most one)
HEADING_WEIGHT = 0.5
INDEX_VERSION = 1  # part of every chunk id: bump it when how vectors are made changes
_ingest_lock = threading.Lock()
log = logging.getLogger(__name__)


class SkippedFile(BaseModel):
    """A file left out of the index, and why."""

    source: str
    reason: str


class IngestReport(BaseModel):
    """What an ingest did."""

    sources: int = Field(0, description="Files and model cards read.")
    changed: int = Field(0, description="Sources whose chunks were (re)written.")
    unchanged: int = 0
    cards: int = Field(0, description="Model cards among the sources.")
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    pruned: list[str] = Field(default_factory=list, description="Sources removed by prune.")
    skipped: list[SkippedFile] = Field(default_factory=list)
    ignored: int = Field(0, description="Files in folders that are not a document type.")
    rebuilt: str | None = Field(None, description="Why the whole index was rebuilt, if it was.")
    location: str = ""
    seconds: float = 0.0
    health: IndexHealth | None = Field(None, description="What the index check found.")
    repaired: int = Field(0, description="Damaged chunks re-embedded or removed.")
    damaged_elsewhere: int = Field(
        0, description="Damaged chunks of sources outside this run (`--verify` repairs them).")

    @property
    def wrote(self) -> int:
        """Chunks written or removed."""
        return self.chunks_added + self.chunks_removed

    def to_markdown(self) -> str:
        """A short account: counts, then every skipped file with its reason."""
        lines = [f"Indexed {self.sources} sources ({self.cards} model cards) in "
                 f"{self.seconds:.1f}s: {self.changed} changed, {self.unchanged} unchanged; "
                 f"{self.chunks_added} chunks added, {self.chunks_removed} removed, "
                 f"{self.chunks_total} in the index ({self.location})."]
        if self.rebuilt:
            lines.append(f"Rebuilt the whole index: {self.rebuilt}.")
        lines += self.health_lines()
        if self.pruned:
            lines.append(f"Pruned {len(self.pruned)} sources no longer present: "
                         + ", ".join(self.pruned[:10]) + (" …" if len(self.pruned) > 10 else ""))
        lines += [f"Skipped {s.source}: {s.reason}" for s in self.skipped]
        if self.ignored:
            lines.append(f"Ignored {self.ignored} files that are not Markdown, text, HTML or PDF.")
        return "\n".join(lines)


    def health_lines(self) -> list[str]:
        """What the index check found and what was repaired (nothing when all was sound)."""
        if self.health is None or (self.health.ok and not self.health.full):
            return []
        lines = [self.health.summary()]
        if self.repaired:
            lines.append(f"Repaired {self.repaired} damaged chunks.")
        if self.damaged_elsewhere:
            lines.append(f"{self.damaged_elsewhere} damaged chunks belong to sources outside "
                         "this run: `advisor ingest --verify` repairs them.")
        return lines


@dataclass(frozen=True)
class Record:
    """A chunk ready to store: id, stored text, embedded text and metadata."""

    id: str
    source: str
    text: str
    embed_text: str
    metadata: dict[str, Any]
    heading: str | None = None


# --- sources -----------------------------------------------------------------------------------
def source_name(path: Path) -> str:
    """How a file is named in the index: relative to the project when inside it."""
    resolved = path.expanduser().resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()


def source_path(source: str) -> Path | None:
    """The file a stored source name refers to (``None`` for model cards)."""
    if source.startswith(CARD_PREFIX):
        return None
    path = Path(source)
    return path if path.is_absolute() else PROJECT_ROOT / path


def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[SkippedFile], int]:
    """Files to ingest under ``paths`` (folders are walked; hidden entries are left out)."""
    files: dict[Path, None] = {}
    skipped: list[SkippedFile] = []
    ignored = 0
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if any(part.startswith(".") for part in rel) or not f.is_file():
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    files[f.resolve()] = None
                else:
                    ignored += 1
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files[path.resolve()] = None
            else:  # /etc/passwd, a binary: only documents are indexed, even when named
                skipped.append(SkippedFile(source=str(raw), reason=unsupported_reason(path)))
        else:
            skipped.append(SkippedFile(source=str(raw), reason="no such file or folder"))
    return list(files), skipped, ignored


def unsupported_reason(path: Path) -> str:
    """Why a named file that is not a document type is refused."""
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    what = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
    return f"not a document ({what}); only these are indexed: {kinds}"


def _chunk_id(source: str, embed_text: str, metadata: dict[str, Any], n: int) -> str:
    payload = json.dumps([INDEX_VERSION, source, embed_text, metadata, n], sort_keys=True,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _models_meta(models: Sequence[LinkedModel]) -> dict[str, Any]:
    unique = list({m.key: m for m in models}.values())
    if not unique:  # Chroma refuses empty lists
        return {}
    return {"models": [m.name for m in unique], "model_keys": [m.key for m in unique]}


def document_records(doc: Document, chunks: Sequence[Chunk],
                     linker: ModelLinker) -> list[Record]:
    """Records for a document's chunks, each linked to the models it or its document names."""
    declared = declared_models(doc, linker)
    base: dict[str, Any] = {"source": doc.source, "doc": Path(doc.source).name,
                            "kind": doc.kind, "title": doc.title,
                            "origin": origin_of(doc.source)}
    if doc.family:
        base["family"] = doc.family
    reviewed = doc.meta.get("reviewed")
    if reviewed:
        base["reviewed"] = str(reviewed)
    out: list[Record] = []
    seen: dict[str, int] = {}
    for chunk in chunks:
        meta = {**base, "section": chunk.section,
                **_models_meta([*declared, *linker.find(chunk.text)])}
        n = seen[chunk.embed_text] = seen.get(chunk.embed_text, -1) + 1
        out.append(Record(_chunk_id(doc.source, chunk.embed_text, meta, n), doc.source,
                          chunk.text, chunk.embed_text, meta, chunk.heading or None))
    return out


def declared_models(doc: Document, linker: ModelLinker) -> list[LinkedModel]:
    """The catalog models a document's front matter names; names the catalog lacks are dropped.

    Only the catalog creates model names: front matter links a document to models, it never
    invents one.
    """
    return [m for m in (linker.resolve(name) for name in doc.models) if m is not None]


def card_records(linker: ModelLinker, models: Sequence[str] | None = None) -> list[Record]:
    """One record per carded catalog model (or per named model, when ``models`` is given)."""
    chosen = None if models is None else [linker.catalog.resolve(m) for m in models]
    out = []
    for card in model_cards(linker.catalog, chosen):
        meta = {"source": card.source, "doc": card.source, "kind": "model_card",
                "origin": "catalog",
                "title": card.name, "section": CARD_SECTION, **card.facets,
                **_models_meta([LinkedModel(card.key, card.name)])}
        # the card opens with the model's name: no heading prefix needed
        out.append(Record(_chunk_id(card.source, card.text, meta, 0), card.source,
                          card.text, card.text, meta))
    return out


# --- the ingest itself ---------------------------------------------------------------------------
def ingest(paths: Sequence[Path | str] = (), *, cards: bool | Sequence[str] = False,
           prune: bool = False, progress: ProgressFn | None = None,
           store: DocumentStore | None = None,
           max_file_bytes: int = MAX_FILE_BYTES, wait: bool = False, verify: bool = False,
           what: str = "advisor ingest") -> IngestReport:
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
            _embed_and_write(to_add, store, progress)
        if stale:
            store.delete(stale)
        report.chunks_added, report.chunks_removed = len(to_add), len(stale)
        report.chunks_total = store.count()
        report.seconds = time.perf_counter() - started
        return report


def read_sources(paths: Sequence[Path | str], *, cards: bool | Sequence[str] = False,
                 max_file_bytes: int = MAX_FILE_BYTES,
                 report: IngestReport | None = None) -> dict[str, list[Record]]:
    """Every record the files under ``paths`` (and the cards) produce, by source.

    Skipped files, ignored files and counts are noted in ``report`` when one is given.
    """
    report = report if report is not None else IngestReport()
    files, skipped, report.ignored = collect_files(paths)
    report.skipped.extend(skipped)
    linker = get_linker()
    records: dict[str, list[Record]] = {}
    for path in files:
        source = source_name(path)
        try:
            doc = read_path(path, source, max_file_bytes)
            records[source] = document_records(doc, chunk_document(doc), linker)
        except DocumentSkipped as exc:
            report.skipped.append(SkippedFile(source=exc.source, reason=exc.reason))
    if cards:
        card_list = card_records(linker, None if cards is True else list(cards))
        report.cards = len(card_list)
        records.update((r.source, [r]) for r in card_list)
    report.sources = len(records)
    return records


def read_again(sources: Sequence[str], max_file_bytes: int = MAX_FILE_BYTES,
               ) -> dict[str, list[Record]]:
    """The records stored ``sources`` (files still present, model cards) produce now."""
    files = [p for s in sources if (p := source_path(s)) is not None and p.is_file()]
    cards = any(s.startswith(CARD_PREFIX) for s in sources)
    if not files and not cards:
        return {}
    return read_sources(files, cards=cards, max_file_bytes=max_file_bytes)


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
                     progress: ProgressFn | None) -> None:
    """Embed in length-sorted batches (less padding) and write each batch as it is done."""
    ordered = sorted(records, key=lambda r: len(r.embed_text))
    total = len(ordered)
    if progress:
        progress(0, total, "Loading the embedding model")
    embedder = get_embedder()
    if progress:
        progress(0, total, "Embedding chunks")
    headings = embed_headings(ordered, embedder)
    for start in range(0, total, EMBED_BATCH):
        batch = ordered[start:start + EMBED_BATCH]
        store.upsert([r.id for r in batch], [r.text for r in batch],
                     embed_records(batch, embedder, headings), [r.metadata for r in batch])
        if progress:
            progress(min(start + EMBED_BATCH, total), total, "Embedding chunks")


def embed_headings(records: Sequence[Record], embedder: Embedder) -> dict[str, list[float]]:
    """The embedding of every distinct heading, in one call (short texts batch well apart)."""
    headings = list(dict.fromkeys(r.heading for r in records if r.heading))
    return dict(zip(headings, embedder.embed(headings), strict=True))


def embed_records(records: Sequence[Record], embedder: Embedder,
                  headings: dict[str, list[float]] | None = None) -> list[list[float]]:
    """Each record's vector: its text's embedding plus ``HEADING_WEIGHT`` × its heading's.

    A short question ("qwen3.5 weaknesses") is close to a heading ("Qwen3.5 — Weak spots")
    even when the passage under it talks of other things; folding the heading's direction into
    the chunk's vector lets one nearest-neighbour query find both kinds of match.
    """
    if headings is None:
        headings = embed_headings(records, embedder)
    vectors = embedder.embed([r.embed_text for r in records])
    out = []
    for record, vector in zip(records, vectors, strict=True):
        head = headings.get(record.heading) if record.heading else None
        out.append(_unit([v + HEADING_WEIGHT * h for v, h in zip(vector, head, strict=True)])
                   if head is not None else vector)
    return out


def _unit(vector: list[float]) -> list[float]:
    norm = sum(v * v for v in vector) ** 0.5
    return [v / norm for v in vector] if norm else vector


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
