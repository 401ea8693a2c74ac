"""One generated text card per catalog model, so that search finds models by meaning.

A card says in words what the catalog holds in numbers: size class, open or closed weights,
context, input and output modalities, capabilities, licence and price range. A question like
"a small open model that can read images" then lands on the cards of such models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.catalog import Catalog, CatalogModel
from advisor.tools.capabilities import CAPABILITIES, capability_values, license_of
from advisor.tools.format import tokens, usd

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


def size_class(billions: float | None) -> str | None:
    """A size in words: tiny, small, mid-sized, large, very large."""
    if billions is None:
        return None
    for limit, word in ((4, "tiny"), (15, "small"), (40, "mid-sized"), (150, "large")):
        if billions < limit:
            return word
    return "very large"


def card_text(model: CatalogModel) -> str:
    """The card of one model, in short plain sentences."""
    caps = capability_values(model)
    params = parameters_b(model)
    size = size_class(params)
    weights = {True: "open-weight", False: "closed-weight (API only)", None: ""}[
        model.open_weights]
    kind = " ".join(w for w in (size, weights) if w) or "language"
    article = "an" if kind[0] in "aeiou" else "a"
    lines = [f"{model.name}: {article} {kind} model"
             + (f" of the {model.family} family" if model.family else "")
             + (f" by {model.curated.maker}" if model.curated and model.curated.maker else "")
             + "."]
    if params is not None:
        lines.append(f"Parameters: about {params:g} billion.")
    ins = [_MODALITY_WORDS.get(m, m) for m in model.modalities_in]
    outs = [_MODALITY_WORDS.get(m, m) for m in model.modalities_out]
    lines.append(f"Reads {', '.join(ins)}; writes {', '.join(outs)}."
                 if ins != ["text"] or outs != ["text"] else "Text only: reads and writes text.")
    limits = [f"context window {tokens(model.context_window)} tokens"
              if model.context_window else "",
              f"max output {tokens(model.max_output)} tokens" if model.max_output else ""]
    if any(limits):
        text = "; ".join(part for part in limits if part)
        lines.append(text[0].upper() + text[1:] + ".")
    labels = {c.key: c.label for c in CAPABILITIES if c.key != "open_weights"}
    has = [labels[k] for k, v in caps.items() if v and k in labels]
    # only what a model does: "does not support vision" would embed close to "vision"
    lines.append(f"Supports: {', '.join(has)}." if has else "Plain text in, text out.")
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


def carded(model: CatalogModel) -> bool:
    """Whether a model gets a card: it has a priced route or curated facts."""
    return bool(model.priced_routes) or model.curated is not None


def model_cards(catalog: Catalog, models: Iterable[CatalogModel] | None = None) -> list[ModelCard]:
    """Cards for the given models (default: every carded model of ``catalog``)."""
    chosen = [m for m in catalog if carded(m)] if models is None else list(models)
    return [ModelCard(m.key, m.name, card_text(m)) for m in chosen]
