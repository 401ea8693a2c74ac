"""Claims from Mistral AI's own model cards (bundled ``mistral_docs``), per catalog model.

Each card names the model's API ids on Mistral's platform, its weight releases on Hugging Face
(licence, total and active parameters) and, for older models, a deprecation and retirement
date and the model that replaces it. A card attaches to a catalog model by the exact route
``mistral/<api name>``, by a route whose id ends in one of its weight repositories
(``nvidia/mistralai/mistral-nemo-instruct-2407``), or by an API name the catalog resolves. Its
lifecycle notice is about Mistral's own API, so it marks only the ``mistral/…`` routes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.catalog.schema import Claim, Lifecycle, Offering
from advisor.catalog.sources.bundle import Bundle, source_ref
from advisor.catalog.sources.licences import canonical_licence

PROVIDER = "mistral"
# The cards' short licence names, in the spelling the family rules use.
_LICENCES = {"MRL": "Mistral AI Research (MRL)", "MNPL": "Mistral AI Non-Production (MNPL)"}
_COMMERCIAL = {"Apache 2.0": "permitted", "Mistral AI Research (MRL)": "not permitted",
               "Mistral AI Non-Production (MNPL)": "not permitted",
               "CC BY-NC 4.0": "not permitted"}
_ENDED = {"deprecated", "retired"}

Resolver = Callable[[str], str | None]
FactRow = tuple[str, str, Claim]


@dataclass(frozen=True, slots=True)
class MakerRows:
    """What the cards say: facts per catalog key and lifecycle notices per route."""

    facts: list[FactRow]
    lifecycle: dict[str, Lifecycle]


def _repo_names(card: Mapping[str, Any]) -> set[str]:
    """The Hugging Face repository names of a card's weights (``mistral-nemo-instruct-2407``)."""
    out = set()
    for w in card.get("weights") or ():
        url = str(w.get("url") or "")
        if "huggingface.co/" in url:
            out.add(url.rstrip("/").rsplit("/", 1)[-1].lower())
    return out


def _cards_by_route_tail(cards: list[Mapping[str, Any]],
                         routes: Mapping[str, tuple[str, Offering]]) -> dict[int, set[str]]:
    """Catalog keys per card, for routes whose id names one of the card's weight repositories.

    A route id's last part (a ``mistral.`` prefix, Bedrock's spelling, dropped) matches a
    repository name exactly, or is its start before a dash (``devstral-2-123b`` for
    ``devstral-2-123b-instruct-2512``) when it is long enough to name one model and only one
    card's repositories start that way.
    """
    repos = [(i, r) for i, c in enumerate(cards) for r in _repo_names(c)]
    out: dict[int, set[str]] = {}
    for key, off in routes.values():
        tail = off.model_id.lower().rsplit("/", 1)[-1].removeprefix("mistral.")
        hits = {i for i, r in repos if r == tail}
        if not hits and len(tail) >= 10 and any(ch.isdigit() for ch in tail):
            hits = {i for i, r in repos if r.startswith(tail + "-")}
        if len(hits) == 1:
            out.setdefault(next(iter(hits)), set()).add(key)
    return out


def _unique(values: list[Any]) -> Any:
    """The one value all entries agree on, else ``None``."""
    seen = {v for v in values if v is not None}
    return next(iter(seen)) if len(seen) == 1 else None


def maker_rows(bundle: Bundle, routes: Mapping[str, tuple[str, Offering]],
               resolve: Resolver) -> MakerRows:
    """Facts and lifecycle notices of every card, attached as the module docstring says.

    ``routes`` maps each catalog route (``provider/model_id``) to its model key and offering.
    """
    cards = list(bundle.body.get("models") or ())
    name_uses = Counter(n for c in cards for n in c.get("api_names") or ())
    by_tail = _cards_by_route_tail(cards, routes)
    facts: list[FactRow] = []
    lifecycle: dict[str, Lifecycle] = {}
    for number, card in enumerate(cards):
        names = [n for n in card.get("api_names") or () if name_uses[n] == 1]
        own = [f"{PROVIDER}/{n}" for n in names if f"{PROVIDER}/{n}" in routes]
        keys = {routes[r][0] for r in own} | by_tail.get(number, set())
        keys |= {k for n in names if (k := resolve(n)) is not None}
        src = source_ref(bundle, "mistral-docs", f"Mistral AI model card {card['path']}",
                         path=card["path"], as_of=card.get("file_changed"))
        for key in sorted(keys):
            facts += _facts(key, card, src)
        status = str(card.get("status") or "").lower()
        if status in _ENDED:
            for route in own:
                lifecycle[route] = Lifecycle(
                    route=route, status=status, source=f"{src.title} ({src.url})",
                    deprecation_date=card.get("deprecation_date"),
                    retirement_date=card.get("retirement_date"),
                    successor=card.get("replacement"))
    return MakerRows(facts=facts, lifecycle=lifecycle)


def _facts(key: str, card: Mapping[str, Any], src: Any) -> list[FactRow]:
    weights = list(card.get("weights") or ())
    out: list[FactRow] = []

    def add(field: str, value: Any, note: str | None = None) -> None:
        out.append((key, field, Claim(value=value, source=src, note=note, as_of=src.as_of)))

    if not weights:
        return out
    add("open_weights", True, "the card lists downloadable weights")
    licence = _unique([w.get("license") for w in weights])
    if licence:
        name = _LICENCES.get(licence, canonical_licence(licence))
        add("license", name)
        if name in _COMMERCIAL:
            add("commercial_use", _COMMERCIAL[name], f"the card's weights licence: {name}")
    total = _unique([w.get("total_b") for w in weights])
    active = _unique([w.get("active_b") for w in weights])
    if total:
        add("parameters_total_b", total)
        if active and active < total:
            add("parameters_active_b", active)
    return out
