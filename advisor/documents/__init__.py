"""Model documents and model cards, chunked, embedded and kept in Chroma.

Importing this package is cheap: Chroma and sentence-transformers load only when an index is
opened or a text embedded. The entry points for other parts of the advisor:

- :func:`ensure_index` builds or updates the index of ``knowledge/docs`` plus one card per
  catalog model (``make run``'s first start and the UI call it);
- :func:`advisor.documents.ingest.ingest` indexes any files or folders;
- :func:`advisor.tools.documents.search_documents` searches the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.documents.progress import ProgressFn

if TYPE_CHECKING:
    from advisor.documents.ingest import IngestReport

__all__ = ["ProgressFn", "ensure_index", "warm_up"]


def ensure_index(progress: ProgressFn | None = None, *, cards: bool = True) -> IngestReport:
    """Build or update the index of ``knowledge/docs`` and the model cards; cheap when current.

    Args:
        progress: Called as ``progress(done, total, what)`` while chunks are embedded.
        cards: Also index one generated card per catalog model.
    """
    from advisor.documents.ingest import ensure_index as _ensure

    return _ensure(progress, cards=cards)


def warm_up() -> None:
    """Load the embedding model and open the store now, so the first search is fast."""
    from advisor.documents.embeddings import get_embedder
    from advisor.documents.store import open_store

    open_store()
    get_embedder().embed_query("warm up")
