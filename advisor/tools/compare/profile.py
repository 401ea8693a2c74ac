"""One column of a comparison: what the catalog knows about a model, prices split paid / free."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel, Offering
from advisor.catalog.names import normalize
from advisor.tools.capabilities import capability_values, license_of
from advisor.tools.format import usd
from advisor.tools.hardware import overhead_gb
from advisor.tools.specs import BenchmarkView, conflicts_of, display
from advisor.tools.weights import Quantization, parameter_count, weights_gb

SELF_HOST_QUANT: Quantization = "4bit"  # the precision hardware trade-offs compare at


class PriceRef(BaseModel):
    """A route's price per million tokens."""

    input_per_m: float
    output_per_m: float
    provider: str
    provider_id: str
    model_id: str

    @property
    def route(self) -> str:
        """``provider/model_id``."""
        return f"{self.provider_id}/{self.model_id}"

    def describe(self, which: str = "output") -> str:
        """``$0.08/1M output on OpenRouter``."""
        value = self.output_per_m if which == "output" else self.input_per_m
        return f"{usd(value)}/1M {which} on {self.provider}"


class ModelProfile(BaseModel):
    """Every fact the comparison reads for one model; ``None`` where no source says."""

    name: str
    key: str
    maker: str | None = None
    best_for: list[str] = Field(default_factory=list)
    best_for_sources: list[str] = Field(default_factory=list)
    context_window: int | None = None
    max_output: int | None = None
    parameters_total_b: float | None = None
    parameters_active_b: float | None = None
    architecture: str | None = None
    license: str | None = None
    commercial_use: str | None = None
    open_weights: bool | None = None
    release_date: str | None = None
    knowledge_cutoff: str | None = None
    modalities_in: list[str] = Field(default_factory=list)
    capabilities: dict[str, bool | None]
    route_count: int = 0
    providers: list[str] = Field(default_factory=list, description="Provider ids, sorted.")
    cheapest_output: PriceRef | None = Field(
        default=None, description="Lowest output price among paid routes ($0 listings apart).")
    cheapest_input: PriceRef | None = None
    list_price: PriceRef | None = Field(
        default=None, description="The maker's list price: its cheapest paid route on the "
                                  "maker's own provider (None without one).")
    free_routes: list[str] = Field(
        default_factory=list, description="Routes listed at $0 in and out (free tiers).")
    unpriced_routes: list[str] = Field(default_factory=list)
    stated_prices: list[str] = Field(
        default_factory=list, description="Prices a curated page states, with the source.")
    self_host_gb: float | None = Field(
        default=None, description="Weights + overhead at 4-bit (no KV cache), for comparison.")
    benchmarks: list[BenchmarkView] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list)


def matches_provider(route: Offering, wanted: Iterable[str]) -> bool:
    """Whether a route belongs to one of the named providers (lenient names)."""
    keys = {normalize(route.provider_id), normalize(route.provider_name)}
    return any(normalize(w) in keys for w in wanted)


def is_free(route: Offering) -> bool:
    """A route listed at $0 for both input and output."""
    p = route.prices
    return p is not None and p.complete and p.input == 0 and p.output == 0


def _price(route: Offering) -> PriceRef:
    assert route.prices is not None and route.prices.input is not None
    assert route.prices.output is not None
    return PriceRef(input_per_m=route.prices.input, output_per_m=route.prices.output,
                    provider=route.provider_name, provider_id=route.provider_id,
                    model_id=route.model_id)


def _order(route: Offering, first: str) -> tuple[float, float, str]:
    price = _price(route)
    pair = (price.output_per_m, price.input_per_m)
    return (*(pair if first == "output" else pair[::-1]), route.provider_id)


def _stated_prices(model: CatalogModel) -> list[str]:
    fact = model.curated.facts.get("provider_prices") if model.curated else None
    out = []
    for claim in fact.claims if fact else ():
        items = claim.value if isinstance(claim.value, list) else [claim.value]
        for item in items:
            if isinstance(item, dict) and "output_per_m" in item:
                out.append(f"{usd(item.get('input_per_m'))} in / {usd(item['output_per_m'])} "
                           f"out per 1M ({item.get('provider', 'route not named')}) — "
                           f"{claim.source.label}")
    return out


def _best_for(model: CatalogModel) -> tuple[list[str], list[str]]:
    fact = model.curated.facts.get("best_for") if model.curated else None
    tags: dict[str, None] = {}
    sources: dict[str, None] = {}
    for claim in fact.claims if fact else ():
        if isinstance(claim.value, list):
            tags.update(dict.fromkeys(str(v) for v in claim.value))
            src = claim.source
            sources[src.ref or src.url or src.title] = None
    return list(tags), list(sources)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def build_profile(model: CatalogModel, providers: list[str] | None = None) -> ModelProfile:
    """The comparison column of one model; ``providers`` limits the priced routes counted."""
    routes = [r for r in model.routes if not providers or matches_provider(r, providers)]
    priced = [r for r in routes if r.prices is not None and r.prices.complete]
    paid = [r for r in priced if not is_free(r)]
    cheapest_out = min(paid, key=lambda r: _order(r, "output"), default=None)
    cheapest_in = min(paid, key=lambda r: _order(r, "input"), default=None)
    own = set(model.headline.maker_providers)
    listed = min((r for r in paid if r.provider_id in own), key=lambda r: _order(r, "output"),
                 default=None)
    count = parameter_count(model)
    active = _number(model.curated_value("parameters_active_b"))
    best_for, best_sources = _best_for(model)
    cur = model.curated
    arch = model.curated_value("architecture")
    commercial = model.curated_value("commercial_use")
    return ModelProfile(
        name=model.name, key=model.key, maker=cur.maker if cur else None,
        best_for=best_for, best_for_sources=best_sources,
        context_window=model.context_window, max_output=model.max_output,
        parameters_total_b=count.billions if count else None,
        parameters_active_b=active if active is not None else (count.billions if count
                                                               else None),
        architecture=display(arch) if arch else None, license=license_of(model),
        commercial_use=str(commercial) if commercial else None,
        open_weights=model.open_weights, release_date=model.release_date,
        knowledge_cutoff=model.knowledge_cutoff, modalities_in=list(model.modalities_in),
        capabilities=capability_values(model), route_count=len(model.routes),
        providers=sorted({r.provider_id for r in model.routes}),
        cheapest_output=_price(cheapest_out) if cheapest_out else None,
        cheapest_input=_price(cheapest_in) if cheapest_in else None,
        list_price=_price(listed) if listed else None,
        free_routes=[r.route for r in routes if is_free(r)],
        unpriced_routes=[r.route for r in routes if r not in priced],
        stated_prices=_stated_prices(model),
        self_host_gb=_self_host_gb(count.billions) if count else None,
        benchmarks=[BenchmarkView(name=b.name, score=b.score, source=b.source.label,
                                  note=b.note) for b in (cur.benchmarks if cur else ())],
        conflicts=conflicts_of(model))


def _self_host_gb(billions: float) -> float:
    weights = weights_gb(billions, SELF_HOST_QUANT)
    return weights + overhead_gb(weights)
