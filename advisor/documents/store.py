"""The Chroma collection holding document chunks and model cards.

Embedded ``PersistentClient`` under ``data_dir/chroma`` by default; an ``HttpClient`` when
``ADVISOR_CHROMA_URL`` is set. The collection carries the advisor's own embedding function
(sentence-transformers on local weights), never Chroma's default downloader, and records which
embedding model built it so a change of model is noticed.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function
from numpy.typing import NDArray

from advisor.config import get_settings
from advisor.documents.embeddings import active_model_id, get_embedder
from advisor.documents.errors import DocumentIndexError
from advisor.documents.locking import bump_generation, generation, opening, write_lock

PAGE = 5000  # rows per get() page
WRITE_BATCH = 1000
ROW_CACHE = 50_000  # chunks whose text and metadata a store keeps in memory for queries
# Candidates the HNSW search keeps while it walks the graph. Chroma's default (100) makes the
# top hits of a query depend on how the graph happened to be built: six builds of the same
# vectors gave recall@5 from 0.949 to 0.975 on benchmarks/data/doc_questions.yaml. At 1,000 the
# search is exact on an index of a few thousand chunks (every build gave 0.975), and a whole
# Chroma query of the 1,498-chunk index took 1.1 to 1.2 ms either way (2026-12-04).
SEARCH_EF = 1000


class StoreError(DocumentIndexError):
    """The document store cannot be opened or used; the message says what to do."""


@register_embedding_function
class AdvisorEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the advisor's local sentence-transformers model."""

    def __init__(self, model_id: str) -> None:
        """Remember which model embeds; the model itself loads on first call."""
        self.model_id = model_id

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
        """Embed documents with the configured local model."""
        import numpy as np

        return [np.asarray(v, dtype=np.float32) for v in get_embedder().embed(list(input))]

    @staticmethod
    def name() -> str:
        """The name Chroma stores in the collection's configuration."""
        return "advisor_sentence_transformer"

    def default_space(self) -> Any:
        """Vectors are normalised: cosine distance."""
        return "cosine"

    def supported_spaces(self) -> Any:
        """Spaces the vectors make sense in."""
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> AdvisorEmbeddingFunction:
        """Rebuild from the configuration Chroma stored."""
        return AdvisorEmbeddingFunction(str(config.get("model_id", "")))

    def get_config(self) -> dict[str, Any]:
        """What Chroma stores to rebuild this function."""
        return {"model_id": self.model_id}


@dataclass(frozen=True)
class StoredHit:
    """A chunk returned by a query."""

    id: str
    text: str
    metadata: dict[str, Any]
    distance: float


class DocumentStore:
    """One Chroma collection with the operations ingestion and search need."""

    def __init__(self, client: Any, name: str, location: str, model_id: str,
                 data_dir: Path | None = None) -> None:
        """Open (or create) the collection ``name`` on ``client``.

        ``data_dir`` is the data directory of an embedded store (``None`` on a server): its
        write lock lives there.
        """
        self.client, self.name, self.location, self.model_id = client, name, location, model_id
        self.data_dir = data_dir
        self.collection = self._open()
        self._rows: dict[str, tuple[str, dict[str, Any]]] = {}
        self.preloaded = False

    def _open(self) -> Any:
        try:
            collection = self.client.get_or_create_collection(
                self.name, embedding_function=AdvisorEmbeddingFunction(self.model_id),
                configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
                metadata={"embedding_model": self.model_id})
            hnsw = (collection.configuration or {}).get("hnsw") or {}
            if int(hnsw.get("ef_search") or 0) < SEARCH_EF:  # built before: search it exactly
                collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
            return collection
        except Exception as exc:  # chromadb raises many kinds; say which store failed
            raise StoreError(f"cannot open collection {self.name!r} at {self.location}: "
                             f"{exc}") from exc

    @property
    def built_with(self) -> str | None:
        """The embedding model recorded when the collection was created."""
        meta = self.collection.metadata or {}
        value = meta.get("embedding_model")
        return str(value) if value is not None else None

    @property
    def model_changed(self) -> bool:
        """Whether the collection was built by another embedding model than the configured."""
        return self.built_with not in (None, self.model_id)

    def reset(self) -> None:
        """Drop every chunk (and the collection) and start empty."""
        self.client.delete_collection(self.name)
        self.collection = self._open()

    def count(self) -> int:
        """Number of stored chunks."""
        return int(self.collection.count())

    def ids_by_source(self) -> dict[str, set[str]]:
        """Every stored chunk id, grouped by the ``source`` (file or card) it came from."""
        out: dict[str, set[str]] = defaultdict(set)
        offset = 0
        while True:
            page = self.collection.get(include=["metadatas"], limit=PAGE, offset=offset)
            for cid, meta in zip(page["ids"], page["metadatas"] or [], strict=False):
                out[str((meta or {}).get("source", ""))].add(cid)
            if len(page["ids"]) < PAGE:
                return dict(out)
            offset += PAGE

    def upsert(self, ids: Sequence[str], texts: Sequence[str],
               embeddings: Sequence[Sequence[float]] | NDArray[np.float32],
               metadatas: Sequence[dict[str, Any]]) -> None:
        """Write chunks with their precomputed embeddings (one array: no per-float copying)."""
        self.collection.upsert(ids=list(ids), documents=list(texts),
                               embeddings=np.asarray(embeddings, dtype=np.float32),
                               metadatas=list(metadatas))

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        ids = list(ids)
        for start in range(0, len(ids), WRITE_BATCH):
            self.collection.delete(ids=ids[start:start + WRITE_BATCH])

    def query(self, vector: Sequence[float], k: int,
              where: dict[str, Any] | None = None) -> list[StoredHit]:
        """The ``k`` nearest chunks to ``vector`` (optionally filtered), nearest first.

        Chroma is asked for ids and distances only; texts and metadata come from a cache
        keyed by chunk id (an id is a hash of the content, so what it names never changes),
        filled from the store on a miss. Fetching metadata is most of a query's cost.
        """
        res = self.collection.query(query_embeddings=[list(vector)], n_results=k, where=where,
                                    include=["distances"])
        ids = [str(i) for i in res["ids"][0]]
        dists = (res.get("distances") or [[]])[0]
        rows = self.rows(ids)
        return [StoredHit(i, *rows[i], float(d))
                for i, d in zip(ids, dists, strict=False) if i in rows]

    def preload(self) -> None:
        """Fill the row cache with every chunk (one paged read), so queries never miss."""
        offset = 0
        while len(self._rows) < ROW_CACHE:
            page = self.collection.get(include=["documents", "metadatas"], limit=PAGE,
                                       offset=offset)
            for i, d, m in zip(page["ids"], page.get("documents") or [],
                               page.get("metadatas") or [], strict=False):
                self._rows[str(i)] = (d or "", dict(m or {}))
            if len(page["ids"]) < PAGE:
                break
            offset += PAGE
        self.preloaded = True

    def rows(self, ids: Sequence[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Text and metadata of the chunks ``ids`` (cached; missing ids are left out)."""
        missing = [i for i in ids if i not in self._rows]
        if missing:
            got = self.collection.get(ids=missing, include=["documents", "metadatas"])
            if len(self._rows) > ROW_CACHE:
                self._rows.clear()
            for i, d, m in zip(got["ids"], got.get("documents") or [],
                               got.get("metadatas") or [], strict=False):
                self._rows[str(i)] = (d or "", dict(m or {}))
        return {i: self._rows[i] for i in ids if i in self._rows}


def where_models(keys: Sequence[str]) -> dict[str, Any] | None:
    """A Chroma filter: chunks that mention any of the model ``keys``."""
    clauses = [{"model_keys": {"$contains": key}} for key in dict.fromkeys(keys)]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


# --- clients and the process-wide store -----------------------------------------------------------
_lock = threading.RLock()
_clients: dict[str, Any] = {}
_stores: dict[tuple[str, str, str], DocumentStore] = {}
_generations: dict[str, str] = {}  # embedded location -> write generation its client has seen


def _embedded_location(data_dir: Path) -> tuple[Path, str]:
    path = data_dir / "chroma"
    return path, (str(path.resolve()) if not path.is_absolute() else str(path))


def _client(url: str | None) -> tuple[Any, str]:
    """The Chroma client for ``url`` (or the data dir), created once; cheap after that.

    An embedded client opened before another process wrote the index is reopened: it would
    not see that process's vectors (and writing through it would lose them).
    """
    if url:
        location = f"Chroma server {url}"
        if location not in _clients:
            _clients[location] = _http_client(url, location)
        return _clients[location], location
    data_dir = get_settings().data_dir
    path, location = _embedded_location(data_dir)
    seen = generation(data_dir)
    if location in _clients and _generations.get(location) != seen:
        _forget(location)
    if location not in _clients:
        path.mkdir(parents=True, exist_ok=True)
        try:
            with opening(data_dir):  # a new directory's tables are created by one process
                _clients[location] = chromadb.PersistentClient(
                    path=location, settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:
            raise StoreError(f"cannot open the document index at {location}: {exc}") from exc
        _generations[location] = seen
    return _clients[location], location


def _forget(location: str) -> None:
    """Drop the client and stores of ``location`` so the next open reads the disk afresh.

    Chroma shares one embedded system per path inside a process; it is detached (not
    stopped: a query on another thread may still be using it) so a new one is created.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    _clients.pop(location, None)
    _generations.pop(location, None)
    for key in [k for k in _stores if k[0] == location]:
        del _stores[key]
    SharedSystemClient._identifier_to_system.pop(location, None)
    SharedSystemClient._identifier_to_refcount.pop(location, None)


def _http_client(url: str, location: str) -> Any:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.hostname is None:
        raise StoreError(f"ADVISOR_CHROMA_URL: not a URL: {url!r}")
    try:
        return chromadb.HttpClient(
            host=parts.hostname, port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https", settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as exc:
        raise StoreError(f"cannot reach the {location} ({exc}); is it running?") from exc


def open_store() -> DocumentStore:
    """The document store of the active settings (clients and collections are kept open)."""
    settings = get_settings()
    model_id = active_model_id()
    with _lock:
        client, location = _client(settings.chroma_url)
        key = (location, settings.collection, model_id)
        store = _stores.get(key)
        if store is None:
            store = DocumentStore(client, settings.collection, location, model_id,
                                  None if settings.chroma_url else settings.data_dir)
            _stores[key] = store
        return store


@contextmanager
def writing(store: DocumentStore | None = None, *, what: str = "advisor ingest",
            wait: bool = False, timeout_s: float | None = None,
            on_wait: Callable[[str], None] | None = None) -> Iterator[DocumentStore]:
    """Hold the index's write lock and yield a store that is safe to write through.

    The lock is per data directory (embedded) or per collection (server); see
    :mod:`advisor.documents.locking`. For an embedded store the client is reopened when
    another process wrote since it was opened, and the write generation is bumped when the
    writing starts (so a killed writer still tells the others) and when it ends.

    Raises:
        IndexBusyError: Another writer holds the lock and ``wait`` is false (or timed out).
    """
    store = store or open_store()
    if store.data_dir is None:
        with write_lock(store.location, server=store.client, collection=store.name, what=what,
                        wait=wait, timeout_s=timeout_s, on_wait=on_wait):
            yield store
        return
    data_dir = store.data_dir
    with write_lock(store.location, data_dir=data_dir, what=what, wait=wait,
                    timeout_s=timeout_s, on_wait=on_wait):
        with _lock:
            if _generations.get(store.location) != generation(data_dir):
                _forget(store.location)
                store = _reopen(store)
            _generations[store.location] = bump_generation(data_dir)
        try:
            yield store
        finally:
            with _lock:
                token = bump_generation(data_dir)
                if store.location in _generations:
                    _generations[store.location] = token


def _reopen(old: DocumentStore) -> DocumentStore:
    """A fresh store like ``old`` (same data dir, collection and model), kept as the shared one."""
    path = (old.data_dir or Path(".")) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    try:
        client = chromadb.PersistentClient(path=old.location,
                                           settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as exc:
        raise StoreError(f"cannot open the document index at {old.location}: {exc}") from exc
    _clients[old.location] = client
    store = DocumentStore(client, old.name, old.location, old.model_id, old.data_dir)
    _stores[(old.location, old.name, old.model_id)] = store
    return store


def reset_stores() -> None:
    """Forget open stores and clients (tests, settings changes)."""
    with _lock:
        _stores.clear()
        _clients.clear()
        _generations.clear()
