"""How much of the catalog the knowledge layers cover, and where the two price sources differ."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from advisor.catalog.schema import CatalogModel
from advisor.catalog.sources import bundle as bundles
from advisor.catalog.sources.prices import PriceDisagreement, compared, disagreements


@dataclass(frozen=True, slots=True)
class Coverage:
    """Coverage figures over open-weights models with a priced route, and the price check."""

    open_priced: int
    with_parameters: int
    with_licence: int
    with_benchmarks: int
    models_with_dated_benchmarks: int
    routes_compared: int
    routes_disagreeing: int
    deprecated_routes: int = 0
    deprecated_models: int = 0
    sources: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def share(part: int, whole: int) -> str:
        """``part/whole (xx%)``."""
        return f"{part}/{whole} ({part / whole:.0%})" if whole else f"{part}/0"

    def as_dict(self) -> dict[str, object]:
        """Plain figures for JSON output and the CLI."""
        n = self.open_priced
        return {
            "open_weights_priced_models": n,
            "with_parameter_count": self.share(self.with_parameters, n),
            "with_licence": self.share(self.with_licence, n),
            "with_benchmarks": self.share(self.with_benchmarks, n),
            "models_with_dated_benchmarks": self.models_with_dated_benchmarks,
            "routes_priced_by_both_sources": self.routes_compared,
            "routes_whose_sources_disagree": self.routes_disagreeing,
            "deprecated_or_retired_routes": self.deprecated_routes,
            "models_with_every_route_deprecated": self.deprecated_models,
            "source_as_of": self.sources,
        }


def _sourced(model: CatalogModel, name: str) -> bool:
    fact = model.facts.get(name)
    if fact is None or not fact.claims:
        return model.curated_value(name) is not None
    return bool(fact.claims[0].source.title or fact.claims[0].source.url)


def _dated(model: CatalogModel) -> bool:
    return any(b.as_of and (b.source.url or b.source.ref) for b in model.benchmarks)


def coverage(models: Iterable[CatalogModel], knowledge_dir: Path,
             models_dev_as_of: str = "") -> Coverage:
    """Coverage of ``models`` (a catalog) by the knowledge layers."""
    models = list(models)
    open_priced = [m for m in models if m.open_weights and m.priced_routes]
    compared_routes = {sp.route for m in models for sp in compared(m)}
    disagreeing = {d.route for m in models for d in disagreements(m)}
    sources = {"models.dev (api.json)": models_dev_as_of}
    for name in bundles.BUNDLES:
        b = bundles.load(knowledge_dir, name)
        if b is not None:
            sources[b.label()] = b.as_of
    return Coverage(
        open_priced=len(open_priced),
        with_parameters=sum(_sourced(m, "parameters_total_b") for m in open_priced),
        with_licence=sum(_sourced(m, "license") for m in open_priced),
        with_benchmarks=sum(bool(m.benchmarks) for m in open_priced),
        models_with_dated_benchmarks=sum(_dated(m) for m in models),
        routes_compared=len(compared_routes),
        routes_disagreeing=len(disagreeing),
        deprecated_routes=sum(len(m.deprecated_routes) for m in models),
        deprecated_models=sum(m.deprecated for m in models),
        sources=sources,
    )


def price_disagreements(models: Iterable[CatalogModel]) -> list[PriceDisagreement]:
    """Every route price that models.dev and the second source state more than 5% apart."""
    out = [d for m in models for d in disagreements(m)]
    return sorted(out, key=lambda d: (d.model.lower(), d.route, d.kind))
