"""The second price source (genai-prices, bundled per route) and its comparison with models.dev."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.catalog.schema import CatalogModel, Offering, SecondPrice
from advisor.catalog.sources.bundle import Bundle

DISAGREEMENT = 0.05  # a route whose two sources differ by more than 5% shows both


def _base(value: Any) -> float | None:
    """A flat price, or the base price of a tiered one."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict) and isinstance(value.get("base"), int | float):
        return float(value["base"])
    return None


def second_prices(bundle: Bundle, routes: tuple[Offering, ...]) -> tuple[SecondPrice, ...]:
    """What the bundled genai-prices table says about each of these routes."""
    table: Mapping[str, Any] = bundle.body.get("routes") or {}
    label = f"{bundle.provenance.get('package', 'genai-prices')} (MIT, as of {bundle.as_of})"
    out: list[SecondPrice] = []
    for route in routes:
        row = table.get(route.route)
        if not row:
            continue
        prices, batch = row.get("prices") or {}, row.get("batch") or {}
        history = tuple((str(start or ""), _base(p.get("input")), _base(p.get("output")))
                        for start, p in row.get("history") or ())
        out.append(SecondPrice(route=route.route, source=label, model_id=str(row.get("id")),
                               input=_base(prices.get("input")),
                               output=_base(prices.get("output")),
                               cache_read=_base(prices.get("cache_read")),
                               batch_input=_base(batch.get("input")),
                               batch_output=_base(batch.get("output")), history=history,
                               deprecated=bool(row.get("deprecated"))))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PriceDisagreement:
    """One price of one route that the two sources state more than 5% apart."""

    model: str
    route: str
    kind: str  # "input", "output" or "cache_read"
    models_dev: float
    second: float
    second_source: str

    @property
    def relative(self) -> float:
        """The difference relative to the larger price."""
        return abs(self.models_dev - self.second) / max(self.models_dev, self.second)

    def describe(self) -> str:
        """One line naming both prices and their sources."""
        return (f"{self.model} via {self.route}: {self.kind} ${self.models_dev:g}/M per "
                f"models.dev vs ${self.second:g}/M per {self.second_source} "
                f"({self.relative:.0%} apart)")


def disagreements(model: CatalogModel) -> list[PriceDisagreement]:
    """Every price of ``model``'s routes on which models.dev and the second source differ >5%."""
    by_route = {r.route: r for r in model.routes}
    out: list[PriceDisagreement] = []
    for sp in model.second_prices:
        route = by_route.get(sp.route)
        if route is None or route.prices is None:
            continue
        for kind in ("input", "output", "cache_read"):
            ours, theirs = getattr(route.prices, kind), getattr(sp, kind)
            if ours is None or theirs is None or max(ours, theirs) == 0:
                continue
            if abs(ours - theirs) / max(ours, theirs) > DISAGREEMENT:
                out.append(PriceDisagreement(model=model.name, route=sp.route, kind=kind,
                                             models_dev=float(ours), second=float(theirs),
                                             second_source=sp.source))
    return out


def compared(model: CatalogModel) -> list[SecondPrice]:
    """The second-source rows of routes that models.dev also prices (input and output)."""
    priced = {r.route for r in model.priced_routes}
    return [sp for sp in model.second_prices
            if sp.route in priced and sp.input is not None and sp.output is not None]
