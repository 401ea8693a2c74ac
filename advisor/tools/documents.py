"""Document search: the passages of the model documents (and model cards) nearest a question."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from advisor.documents.errors import DocumentIndexError
from advisor.documents.trust import (
    Origin,
    disagreements,
    neutralize_images,
    origin_of,
    stored_origin,
)
from advisor.tools.errors import ToolInputError
from advisor.tools.limits import (
    MAX_LIST_ITEMS,
    MAX_QUESTION_CHARS,
    check_list,
    check_text,
    shorten,
)

MAX_K = 50
log = logging.getLogger(__name__)


ORIGIN_HEADINGS = {
    "project": "What the advisor's model documents say",
    "catalog": "What the catalog's model cards say",
    "user": "What your documents say (files you added; not checked by the advisor)",
}


class DocumentHit(BaseModel):
    """One retrieved passage with where it comes from and how far it is trusted."""

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
    origin: Origin = Field("user", description="project: the advisor's own documents; "
                           "catalog: a generated model card; user: a file the user ingested "
                           "(quoted as theirs, never as a fact).")
    disagreements: list[str] = Field(
        default_factory=list, description="Figures the passage states that the catalog does "
                                          "not; the catalog's value is the one to use.")

    @model_validator(mode="before")
    @classmethod
    def _origin_from_source(cls, data: Any) -> Any:
        """A hit built without an origin takes it from its source (a user's file by default)."""
        if isinstance(data, dict) and not data.get("origin"):
            data = {**data, "origin": origin_of(str(data.get("source", "")))}
        return data

    @property
    def citation(self) -> str:
        """``source#section`` (the one citation format); a user's file: ``your document …``."""
        where = f"{self.source}#{self.section}" if self.section else self.source
        return f"your document {where}" if self.origin == "user" else where


class DocumentSearchResult(BaseModel):
    """The passages nearest a query, best first."""

    query: str
    models: list[str] = Field(default_factory=list,
                              description="Models the search was limited to (resolved names).")
    hits: list[DocumentHit]
    index_size: int = Field(description="Chunks in the index when searched.")
    sources: list[str] = Field(default_factory=list, description="Distinct sources of the hits.")

    def to_markdown(self) -> str:
        """Passages grouped by origin (the advisor's documents first, the user's files last)."""
        scope = f" (limited to {', '.join(self.models)})" if self.models else ""
        if not self.hits:
            return f"No passage found for {self.query!r}{scope}."
        parts = [f"**{len(self.hits)} passages for** {self.query!r}{scope}"]
        n = 0
        for origin in ("project", "catalog", "user"):
            group = [h for h in self.hits if h.origin == origin]
            if not group:
                continue
            parts += ["", f"**{ORIGIN_HEADINGS[origin]}:**"]
            for hit in group:
                n += 1
                says = "your document says" if origin == "user" else f"score {hit.score:.2f}"
                parts += ["", f"#### {n}. {hit.title} — {hit.section}",
                          f"_{hit.citation} · {says}_", "", hit.text]
                parts += [f"_⚠ {d}_" for d in hit.disagreements]
        return "\n".join(parts)


def search_documents(
    query: Annotated[str, Field(description="What to look for, in plain words.",
                                max_length=MAX_QUESTION_CHARS)],
    models: Annotated[list[str] | None, Field(
        description="Only passages about these models (catalog names or ids); omit for all.",
        max_length=MAX_LIST_ITEMS)] = None,
    k: Annotated[int, Field(description="How many passages to return, 1–50.", ge=1,
                            le=MAX_K)] = 5,
) -> DocumentSearchResult:
    """Search the model documents and model cards for passages relevant to a question.

    Use it for anything the structured specs do not hold: licence terms in words, strengths and
    weak spots, hardware advice, benchmark tables, when to choose one model over another, or to
    find models by description ("a small open model that can read images"). Each passage comes
    with its source file and section to cite.
    """
    if not isinstance(query, str) or not query.strip():
        raise ToolInputError("query", "must be a non-empty question or phrase")
    text = check_text("query", query, MAX_QUESTION_CHARS)  # no lone surrogate reaches the tokenizer
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ToolInputError("k", f"must be a whole number from 1 to {MAX_K}, got {shorten(k)}")
    if models is not None and (not isinstance(models, list)
                               or not all(isinstance(m, str) and m.strip() for m in models)):
        raise ToolInputError("models", "must be a list of model names")
    if models is not None:
        models = [check_text("models", m) for m in check_list("models", models)]
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
    hits.sort(key=lambda h: h.origin == "user")  # the user's files never come first
    return DocumentSearchResult(query=text, models=names, hits=hits, index_size=size,
                                sources=list(dict.fromkeys(h.source for h in hits)))


def _resolve(models: list[str]) -> tuple[list[str], list[str]]:
    """Keys and display names of the named models.

    Only the catalog names models: a name it cannot resolve is refused with its closest names,
    even when some document's front matter mentions it (a document never invents a model).
    """
    if not models:
        return [], []
    from advisor.catalog import get_catalog

    catalog = get_catalog()
    resolved = [catalog.resolve(name) for name in models]
    return ([m.key for m in resolved], list(dict.fromkeys(m.name for m in resolved)))


def _hit(text: str, meta: dict[str, Any], score: float) -> DocumentHit:
    models = meta.get("models") or []
    origin = stored_origin(meta)
    text = neutralize_images(text)  # an index built before images were neutralised
    return DocumentHit(
        text=text, source=str(meta.get("source", "")), title=str(meta.get("title", "")),
        section=str(meta.get("section", "")), score=round(score, 4),
        models=[str(m) for m in models] if isinstance(models, list) else [str(models)],
        kind="model_card" if origin == "catalog" else _document_kind(meta), origin=origin,
        reviewed=str(meta["reviewed"]) if meta.get("reviewed") else None,
        disagreements=_disagreements(text, meta, origin))


def _document_kind(meta: dict[str, Any]) -> str:
    """A document's kind; only the catalog makes model cards."""
    kind = str(meta.get("kind", "markdown"))
    return "markdown" if kind == "model_card" else kind


def _disagreements(text: str, meta: dict[str, Any], origin: Origin) -> list[str]:
    """Where a user's passage contradicts the catalog about the one model it concerns."""
    if origin != "user":
        return []
    from advisor.catalog import UnknownModelError, get_catalog

    catalog = get_catalog()
    models = []
    for key in meta.get("model_keys") or []:
        try:
            models.append(catalog.resolve(str(key)))
        except UnknownModelError:
            continue
    where = f"Your document {Path(str(meta.get('source', ''))).name}"
    return [claim.sentence(where) for claim in disagreements(text, models)]
