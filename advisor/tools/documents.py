"""Document search: the passages of the model documents (and model cards) nearest a question."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from pydantic import BaseModel, Field

from advisor.documents.errors import DocumentIndexError
from advisor.tools.errors import ToolInputError

MAX_K = 50
log = logging.getLogger(__name__)


class DocumentHit(BaseModel):
    """One retrieved passage with where it comes from."""

    text: str
    source: str = Field(description="File the passage is from (catalog:<key> for model cards).")
    title: str
    section: str
    score: float = Field(description="Cosine similarity to the query (higher is closer), "
                         "plus 0.1 when the passage is about a model or family the query names, "
                         "± 0.05 per asked-for trait a model card has or contradicts.")
    models: list[str] = Field(default_factory=list, description="Models the passage concerns.")
    kind: str = Field("markdown", description="markdown, html, pdf, text or model_card.")
    reviewed: str | None = Field(None, description="Date the document was last reviewed.")

    @property
    def citation(self) -> str:
        """``source#section``: the one way answers, Sources lists and doors cite a passage."""
        return f"{self.source}#{self.section}" if self.section else self.source


class DocumentSearchResult(BaseModel):
    """The passages nearest a query, best first."""

    query: str
    models: list[str] = Field(default_factory=list,
                              description="Models the search was limited to (resolved names).")
    hits: list[DocumentHit]
    index_size: int = Field(description="Chunks in the index when searched.")
    sources: list[str] = Field(default_factory=list, description="Distinct sources of the hits.")

    def to_markdown(self) -> str:
        """Each passage under its title, section, source and score."""
        scope = f" (limited to {', '.join(self.models)})" if self.models else ""
        if not self.hits:
            return f"No passage found for {self.query!r}{scope}."
        parts = [f"**{len(self.hits)} passages for** {self.query!r}{scope}"]
        for n, hit in enumerate(self.hits, 1):
            parts += ["", f"#### {n}. {hit.title} — {hit.section}",
                      f"_{hit.source} · score {hit.score:.2f}_", "", hit.text]
        return "\n".join(parts)


def search_documents(
    query: Annotated[str, Field(description="What to look for, in plain words.")],
    models: Annotated[list[str] | None, Field(
        description="Only passages about these models (names or ids); omit for all.")] = None,
    k: Annotated[int, Field(description="How many passages to return, 1–50.")] = 5,
) -> DocumentSearchResult:
    """Search the model documents and model cards for passages relevant to a question.

    Use it for anything the structured specs do not hold: licence terms in words, strengths and
    weak spots, hardware advice, benchmark tables, when to choose one model over another, or to
    find models by description ("a small open model that can read images"). Each passage comes
    with its source file and section to cite.
    """
    text = query.strip() if isinstance(query, str) else ""
    if not text:
        raise ToolInputError("query", "must be a non-empty question or phrase")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ToolInputError("k", f"must be a whole number from 1 to {MAX_K}, got {k!r}")
    if models is not None and (not isinstance(models, list)
                               or not all(isinstance(m, str) and m.strip() for m in models)):
        raise ToolInputError("models", "must be a list of model names")
    keys, names = _resolve(models or [])

    from advisor.documents.embeddings import get_embedder
    from advisor.documents.retrieval import Reranker, pool_size
    from advisor.documents.store import open_store, where_models

    store = open_store()
    if store.model_changed:
        raise DocumentIndexError(f"the document index was built with {store.built_with} but "
                                 f"the configured embedding model is {store.model_id}; run "
                                 "`advisor ingest` to rebuild it")
    size = store.count()
    if size == 0:  # first use without `advisor ingest` (or `make run`): build it now, once
        from advisor.documents.ingest import ensure_index

        log.warning("the document index is empty: building it (knowledge/docs and model "
                    "cards) before the first search")
        ensure_index()
        size = store.count()
    if not store.preloaded:
        store.preload()  # once per process: later queries read no rows from Chroma
    vector = get_embedder().embed_query(text)
    pool = store.query(vector, pool_size(k, size, text), where_models(keys))
    ranker = Reranker(text)
    order = ranker.top([(1.0 - h.distance, h.metadata) for h in pool], k)
    hits = [_hit(pool[i].text, pool[i].metadata,
                 ranker.score(1.0 - pool[i].distance, pool[i].metadata)) for i in order]
    return DocumentSearchResult(query=text, models=names, hits=hits, index_size=size,
                                sources=list(dict.fromkeys(h.source for h in hits)))


def _resolve(models: list[str]) -> tuple[list[str], list[str]]:
    """Keys and display names of the named models.

    A name resolves through the catalog; a name the catalog lacks is still accepted when a
    document declares it in its front matter (Qwen 2.5 Coder 14B). Otherwise the catalog's
    error, with the closest names, is raised.
    """
    if not models:
        return [], []
    from advisor.catalog import UnknownModelError, get_catalog
    from advisor.catalog.names import normalize

    catalog = get_catalog()
    keys: list[str] = []
    names: list[str] = []
    for name in models:
        try:
            model = catalog.resolve(name.strip())
            keys.append(model.key)
            names.append(model.name)
        except UnknownModelError:
            declared = _declared_name(normalize(name))
            if declared is None:
                raise
            keys.append(normalize(name))
            names.append(declared)
    return keys, list(dict.fromkeys(names))


def _declared_name(key: str) -> str | None:
    """The name a stored document gives the model ``key``, if any document names it."""
    from advisor.documents.store import open_store

    found = open_store().collection.get(where={"model_keys": {"$contains": key}}, limit=1,
                                        include=["metadatas"])
    for meta in found.get("metadatas") or []:
        for name, k in zip(meta.get("models") or [], meta.get("model_keys") or [], strict=False):
            if k == key:
                return str(name)
    return None


def _hit(text: str, meta: dict[str, Any], score: float) -> DocumentHit:
    models = meta.get("models") or []
    return DocumentHit(
        text=text, source=str(meta.get("source", "")), title=str(meta.get("title", "")),
        section=str(meta.get("section", "")), score=round(score, 4),
        models=[str(m) for m in models] if isinstance(models, list) else [str(models)],
        kind=str(meta.get("kind", "markdown")),
        reviewed=str(meta["reviewed"]) if meta.get("reviewed") else None)
