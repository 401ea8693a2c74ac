"""One generated text card per catalog model, so that search finds models by meaning.

A card says in words what the catalog holds in numbers: size class, open or closed weights,
context, input and output modalities, capabilities, licence and price range. A question like
"a small open model that can read images" then lands on the cards of such models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from advisor.catalog import Catalog, CatalogModel
from advisor.catalog.capabilities import CAPABILITIES, capability_values, license_of
from advisor.catalog.format import tokens, usd

CARD_SECTION = "Model card"
CARD_PREFIX = "catalog:"
_SIZE = re.compile(r"(?<![A-Za-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([BM])(?![A-Za-z0-9])",
                   re.IGNORECASE)
_MODALITY_WORDS = {"image": "images", "audio": "audio", "video": "video", "pdf": "PDF files",
                   "text": "text"}


@dataclass(frozen=True)
class ModelCard:
    """The card of one model: where it comes from and its text."""

    key: str
    name: str
    text: str
    facets: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The card's source id in the index (``catalog:<model key>``)."""
        return f"{CARD_PREFIX}{self.key}"


def parameters_b(model: CatalogModel) -> float | None:
    """Total parameters in billions: the curated figure, else read from the name (``27B``)."""
    cur = model.curated_value("parameters_total_b")
    if isinstance(cur, int | float) and not isinstance(cur, bool):
        return float(cur)
    for text in (model.name, *(r.model_id for r in model.routes[:3])):
        m = _SIZE.search(text.replace("-", " ").replace("_", " "))
        if m:
            experts = int(m.group(1)) if m.group(1) else 1
            size = float(m.group(2)) * experts
            return size / 1000 if m.group(3).upper() == "M" else size
    return None


SIZE_CLASSES = ((4, "tiny", "under 4 billion parameters"),
                (15, "small", "under 15 billion parameters"),
                (40, "mid-sized", "15 to 40 billion parameters"),
                (150, "large", "40 to 150 billion parameters"),
                (float("inf"), "very large", "over 150 billion parameters"))


def size_class(billions: float | None) -> str | None:
    """A size in words: tiny, small, mid-sized, large, very large."""
    if billions is None:
        return None
    return next(word for limit, word, _ in SIZE_CLASSES if billions < limit)


def card_text(model: CatalogModel) -> str:
    """The card of one model, in short plain sentences, the defining traits first."""
    caps = capability_values(model)
    params = parameters_b(model)
    size = size_class(params)
    weights = {True: "open-weight", False: "proprietary (API-only)", None: ""}[model.open_weights]
    kind = " ".join(w for w in (size, weights) if w) or "language"
    ins = [_MODALITY_WORDS.get(m, m) for m in model.modalities_in if m != "text"]
    reads = f" that can read {' and '.join(ins)}" if ins else ", text only"
    article = "an" if kind[0] in "aeiou" else "a"
    lines = [f"{model.name}: {article} {kind} model{reads}"
             + (f", of the {model.family} family" if model.family else "")
             + (f", by {model.curated.maker}" if model.curated and model.curated.maker else "")
             + "."]
    if params is not None:
        span = next(words for limit, _, words in SIZE_CLASSES if params < limit)
        lines.append(f"Size: {size}, {span} (about {params:g} billion).")
    outs = [_MODALITY_WORDS.get(m, m) for m in model.modalities_out if m != "text"]
    if outs:
        lines.append(f"Generates {' and '.join(outs)}.")
    limits = [f"context window {tokens(model.context_window)} tokens"
              if model.context_window else "",
              f"max output {tokens(model.max_output)} tokens" if model.max_output else ""]
    if any(limits):
        text = "; ".join(part for part in limits if part)
        lines.append(text[0].upper() + text[1:] + ".")
    labels = {c.key: c.label for c in CAPABILITIES if c.key not in ("open_weights", "multimodal")}
    has = [labels[k] for k, v in caps.items() if v and k in labels]
    # only what a model does: "does not support vision" would embed close to "vision"
    if has:
        lines.append(f"Supports: {', '.join(has)}.")
    licence = license_of(model)
    if licence:
        lines.append(f"Licence: {licence}.")
    if model.release_date:
        lines.append(f"Released {model.release_date[:7]}.")
    lines.append(_prices(model))
    return "\n".join(lines)


def _prices(model: CatalogModel) -> str:
    priced = model.priced_routes
    if not priced:
        return "No priced provider route in the catalog" + (
            "; self-host the open weights." if model.open_weights else ".")
    ins = sorted(r.prices.input for r in priced if r.prices and r.prices.input is not None)
    outs = sorted(r.prices.output for r in priced if r.prices and r.prices.output is not None)
    routes = len(priced)
    return (f"Price per 1M tokens: input {_span(ins)}, output {_span(outs)}, on {routes} "
            f"provider route{'s' if routes != 1 else ''}.")


def _span(values: list[float]) -> str:
    low, high = values[0], values[-1]
    return usd(low) if low == high else f"{usd(low)}–{usd(high)}"


def card_facets(model: CatalogModel) -> dict[str, Any]:
    """What search can match a question's wishes against (stored as card metadata).

    ``open_weights`` (bool), ``size_class``, ``inputs`` (modalities) and ``capabilities`` (the
    supported ones); a facet no source states is left out.
    """
    caps = capability_values(model)
    facets: dict[str, Any] = {"inputs": list(model.modalities_in)}
    if model.open_weights is not None:
        facets["open_weights"] = bool(model.open_weights)
    size = size_class(parameters_b(model))
    if size:
        facets["size_class"] = size
    supported = [k for k, v in caps.items() if v and k != "open_weights"]
    if supported:
        facets["capabilities"] = supported
    return facets


def carded(model: CatalogModel) -> bool:
    """Whether a model gets a card: it has a priced route or curated facts."""
    return bool(model.priced_routes) or model.curated is not None


def model_cards(catalog: Catalog, models: Iterable[CatalogModel] | None = None) -> list[ModelCard]:
    """Cards for the given models (default: every carded model of ``catalog``)."""
    chosen = [m for m in catalog if carded(m)] if models is None else list(models)
    return [ModelCard(m.key, m.name, card_text(m), card_facets(m)) for m in chosen]
