"""Trust levels of indexed text: the project's documents, the catalog's cards, a user's files.

Every chunk records its origin. The project's own documents (``knowledge/docs``) are written
and reviewed with the advisor; model cards are generated from the catalog; anything else was
ingested by a user and is only ever quoted as *their* document. Catalog facts (prices, limits,
licences) are never replaced by document text: a document figure that contradicts the catalog
is reported as a disagreement next to the catalog's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from advisor.catalog import CatalogModel
from advisor.config import PROJECT_ROOT, get_settings
from advisor.documents.cards import CARD_PREFIX

Origin = Literal["project", "catalog", "user"]
ORIGINS: tuple[Origin, ...] = ("project", "catalog", "user")

# Markdown images (inline and reference style) and HTML <img> tags: a browser would fetch
# their URL the moment the text is rendered.
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(\s*<?(?P<url>[^)\s>]*)>?"
                       r"(?:\s+[\"'][^)]*[\"'])?\s*\)")
_MD_REF_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\[(?P<ref>[^\]\n]*)\]")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(alt|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def origin_of(source: str) -> Origin:
    """Where a stored source comes from: a model card, the project's docs, or a user's file."""
    if source.startswith(CARD_PREFIX):
        return "catalog"
    path = Path(source)
    path = (path if path.is_absolute() else PROJECT_ROOT / path).resolve()
    roots = {(PROJECT_ROOT / "knowledge" / "docs").resolve(),
             (get_settings().knowledge_dir / "docs").resolve()}
    if any(path == root or root in path.parents for root in roots):
        return "project"
    return "user"


def stored_origin(metadata: dict[str, Any]) -> Origin:
    """A chunk's origin: the one recorded at ingest, else derived from its source.

    A recorded ``project`` or ``catalog`` is believed only when the source agrees, so an index
    row can never promote a user's file.
    """
    derived = origin_of(str(metadata.get("source", "")))
    recorded = metadata.get("origin")
    if recorded == "user" or derived == "user":
        return "user"
    return derived


def image_text(alt: str, url: str) -> str:
    """What an image becomes: its alt text and its link, as words (nothing to fetch)."""
    alt = " ".join(alt.split()) or "no description"
    return f"(image: {alt} — {url})" if url else f"(image: {alt})"


def neutralize_images(text: str) -> str:
    """``text`` with every Markdown or HTML image replaced by its alt text and link."""
    if "![" not in text and "<img" not in text.lower():
        return text
    text = _MD_IMAGE.sub(lambda m: image_text(m.group("alt"), m.group("url")), text)
    text = _MD_REF_IMAGE.sub(lambda m: image_text(m.group("alt"), m.group("ref")), text)

    def html(m: re.Match[str]) -> str:
        attrs = {a.group(1).lower(): next(v for v in a.groups()[1:] if v is not None)
                 for a in _ATTR.finditer(m.group(0))}
        return image_text(attrs.get("alt", ""), attrs.get("src", ""))

    return _HTML_IMG.sub(html, text)


# --- figures a document states about a model, against the catalog -------------------------------
_PRICE = re.compile(r"\$\s?(?P<num>\d+(?:\.\d+)?)(?:\s*(?:/|per)\s*(?:1\s?M|million|mtok|m)\b)?",
                    re.IGNORECASE)
_CONTEXT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>[kKmM])?\s*(?:-?\s*tokens?\s+)?(?:of\s+)?context",
    re.IGNORECASE)


@dataclass(frozen=True)
class DocumentClaim:
    """A figure a document states that the catalog does not (shown as a disagreement)."""

    model: str
    field: str
    stated: str
    catalog: str

    def sentence(self, where: str) -> str:
        """The disagreement in words, the catalog's value first."""
        return (f"{where} states {self.field} {self.stated} for {self.model}; the catalog "
                f"lists {self.catalog}, and the catalog's value is the one used.")


def disagreements(text: str, models: list[CatalogModel]) -> list[DocumentClaim]:
    """Prices and context windows in ``text`` that none of ``models``' catalog values match.

    Only a passage about exactly one model is checked (with several, a figure cannot be tied
    to one of them); a model with no catalog value for the field is not contradicted.
    """
    if len(models) != 1:
        return []
    model = models[0]
    out: list[DocumentClaim] = []
    prices = _catalog_prices(model)
    for m in _PRICE.finditer(text):
        value = float(m.group("num"))
        if prices and not any(abs(value - p) <= 0.005 + 1e-9 * p for p in prices):
            shown = ", ".join(f"${p:g}" for p in sorted(prices)[:4])
            out.append(DocumentClaim(model.name, "a price of", m.group(0).strip(),
                                     f"{shown} per million tokens"))
            break
    window = model.context_window if isinstance(model.context_window, int) else None
    for m in _CONTEXT.finditer(text):
        scale = {"k": 1e3, "m": 1e6}.get((m.group("unit") or "").lower(), 1.0)
        value = float(m.group("num")) * scale
        if window and value >= 1000 and not _close_window(value, window):
            out.append(DocumentClaim(model.name, "a context window of", m.group(0).strip(),
                                     f"{window:,} tokens"))
            break
    return out


def _catalog_prices(model: CatalogModel) -> set[float]:
    out: set[float] = set()
    for route in model.routes:
        prices = route.prices
        if prices is None:
            continue
        for value in (prices.input, prices.output, prices.cache_read, prices.cache_write,
                      prices.reasoning):
            if isinstance(value, int | float):
                out.add(float(value))
        for tier in prices.tiers:
            out.update(float(v) for v in (tier.input, tier.output) if v is not None)
    return out


def _close_window(value: float, window: int) -> bool:
    """``128k`` matches 128,000 and 131,072; ``1M`` matches 1,000,000 and 1,048,576."""
    return any(abs(value * f - window) <= 0.03 * window for f in (1.0, 1.024, 1.048576))
