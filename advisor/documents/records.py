"""Reading sources into records: files and model cards become chunks with ids and metadata.

Every chunk's id is a hash of its source, text and metadata (and :data:`INDEX_VERSION`), so the
same corpus always produces the same ids and an ingest can tell what is new from what is stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.config import PROJECT_ROOT
from advisor.documents.cards import CARD_PREFIX, CARD_SECTION, model_cards
from advisor.documents.chunking import (
    SUPPORTED_SUFFIXES,
    Chunk,
    Document,
    DocumentSkipped,
    chunk_document,
    read_path,
)
from advisor.documents.linking import LinkedModel, ModelLinker, get_linker
from advisor.documents.report import IngestReport, SkippedFile
from advisor.documents.trust import origin_of

MAX_FILE_BYTES = 20_000_000
INDEX_VERSION = 1  # part of every chunk id: bump it when how vectors are made changes


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
            unknown = [name for name in doc.models if linker.resolve(name) is None]
            if unknown:
                report.unknown_models[source] = unknown
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
