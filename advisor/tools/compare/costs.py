"""Monthly cost of each compared model at one traffic level, and the differences between them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel
from advisor.config import get_settings
from advisor.tools.compare.profile import matches_provider
from advisor.tools.cost import PricesUsed, RouteCost, model_costs
from advisor.tools.format import tokens, usd
from advisor.tools.price_basis import BasisUsed, PriceBasis, quote
from advisor.tools.workload import Workload


class Traffic(BaseModel):
    """The traffic the costs are computed at, and where each figure came from."""

    requests_per_month: int
    input_tokens: int
    output_tokens: int
    cached_input_share: float = 0.0
    providers: list[str] = Field(default_factory=list)
    price_basis: PriceBasis = Field(default="list", description="Which price each model is "
                                    "quoted at: its maker's list price, or its cheapest route.")
    stated: str = Field(description="The traffic in words, with its origin.")
    assumed: list[str] = Field(default_factory=list,
                               description="What was not given and came from the settings.")


class ModelCost(BaseModel):
    """One model's monthly cost on the route quoted (``None`` when it has no paid price).

    The route quoted is the maker's list price unless the traffic asks for the cheapest route
    or names providers (see :mod:`advisor.tools.price_basis`); ``basis`` says which it is, and
    the cheapest paid route is kept beside it.
    """

    model: str
    per_month_usd: float | None = None
    per_request_usd: float | None = None
    route: str | None = None
    provider: str | None = None
    prices_used: PricesUsed | None = None
    basis: BasisUsed | None = Field(default=None, description="Why this route is quoted.")
    free_routes: list[str] = Field(default_factory=list,
                                   description="Routes listed at $0: shown, never the cost.")
    message: str | None = Field(default=None, description="Why no cost is given.")
    cheapest_per_month_usd: float | None = Field(
        default=None, description="The same traffic on the cheapest paid route.")
    cheapest_route: str | None = None
    cheapest_provider: str | None = None


class CostDelta(BaseModel):
    """How much more a model costs per month than the cheapest compared model."""

    model: str
    versus: str
    extra_per_month_usd: float
    ratio: float | None = Field(default=None, description="Cost ÷ the cheaper model's cost.")


class CostSection(BaseModel):
    """Monthly cost at traffic for every compared model, and the deltas."""

    traffic: Traffic
    costs: list[ModelCost]
    deltas: list[CostDelta] = Field(default_factory=list)
    summary: str


def traffic_of(workload: Workload | None) -> Traffic:
    """The workload's traffic, with the settings' defaults for what it leaves out (said so)."""
    s = get_settings()
    w = workload or Workload()
    origin = []
    rpm = w.requests_per_month
    if rpm is None:
        rpm = s.default_requests_per_month
        origin.append("requests a month")
    inp = w.input_tokens if w.input_tokens is not None else s.default_input_tokens
    out = w.output_tokens if w.output_tokens is not None else s.default_output_tokens
    if w.input_tokens is None:
        origin.append("input tokens")
    if w.output_tokens is None:
        origin.append("output tokens")
    stated = (f"{rpm:,} requests a month × ({tokens(inp)} input + {tokens(out)} output tokens)"
              + (f", {w.cached_input_share:.0%} of input cached" if w.cached_input_share else "")
              + (f", routes of {', '.join(w.providers)} only" if w.providers else ""))
    if origin:
        stated += f"; assumed from the advisor's default settings: {', '.join(origin)}"
    else:
        stated += "; from your workload"
    return Traffic(requests_per_month=rpm, input_tokens=inp, output_tokens=out,
                   cached_input_share=w.cached_input_share, providers=list(w.providers),
                   price_basis=w.price_basis, stated=stated, assumed=origin)


def _paid(cost: RouteCost) -> bool:
    return cost.prices_used.input_per_m > 0 or cost.prices_used.output_per_m > 0


def model_cost(model: CatalogModel, traffic: Traffic) -> ModelCost:
    """The cheapest paid route's monthly cost; $0 listings are listed apart, never the price."""
    costs, unpriced = model_costs(model, traffic.input_tokens, traffic.output_tokens,
                                  traffic.requests_per_month,
                                  cached_input_share=traffic.cached_input_share)
    if traffic.providers:
        allowed = {(r.provider_id, r.model_id) for r in model.routes
                   if matches_provider(r, traffic.providers)}
        costs = [c for c in costs if (c.provider_id, c.model_id) in allowed]
    doubted = [c for c in costs if c.price_doubt]  # probable listing errors: never the price
    paid = [c for c in costs if _paid(c) and not c.price_doubt]
    free = [f"{c.provider_id}/{c.model_id}" for c in costs if not _paid(c)]
    if not paid:
        if doubted and not free:
            why = (f"its only price, {doubted[0].provider_id}/{doubted[0].model_id}, is "
                   f"{doubted[0].price_doubt}")
        elif free:
            why = (f"only $0 listings ({', '.join(free)}): free tiers with rate limits, not a "
                   "production price")
        elif model.routes:
            why = "no price in the catalog for its routes" + (
                f" ({', '.join(unpriced)})" if unpriced else "")
        else:
            why = "no provider route in the catalog, so no price"
        if traffic.providers:
            why += f" (routes limited to {', '.join(traffic.providers)})"
        return ModelCost(model=model.name, free_routes=free, message=why)
    q = quote(model, paid, traffic.price_basis, provider_named=bool(traffic.providers))
    assert q is not None  # paid is not empty
    used, low = q.quoted, q.cheapest
    return ModelCost(model=model.name, per_month_usd=used.per_month_usd,
                     per_request_usd=used.per_request_usd,
                     route=f"{used.provider_id}/{used.model_id}", provider=used.provider,
                     prices_used=used.prices_used, basis=q.basis, free_routes=free,
                     cheapest_per_month_usd=low.per_month_usd,
                     cheapest_route=f"{low.provider_id}/{low.model_id}",
                     cheapest_provider=low.provider)


def cost_section(models: list[CatalogModel], traffic: Traffic) -> CostSection:
    """Costs for every model, the deltas against the cheapest, and a summary sentence."""
    costs = [model_cost(m, traffic) for m in models]
    known = [c for c in costs if c.per_month_usd is not None]
    missing = [c.model for c in costs if c.per_month_usd is None]
    deltas: list[CostDelta] = []
    if len(known) < 2:
        summary = ("Cost delta unavailable: " + ", ".join(missing)
                   + (" has" if len(missing) == 1 else " have")
                   + " no paid token price in the catalog.")
        return CostSection(traffic=traffic, costs=costs, summary=summary)
    cheapest = min(known, key=lambda c: c.per_month_usd or 0.0)
    base = cheapest.per_month_usd or 0.0
    for c in known:
        if c is cheapest:
            continue
        value = c.per_month_usd or 0.0
        deltas.append(CostDelta(model=c.model, versus=cheapest.model,
                                extra_per_month_usd=value - base,
                                ratio=value / base if base else None))
    parts = [f"{d.model} costs {usd(d.extra_per_month_usd)} more a month than {d.versus}"
             + (f" ({_times(d.ratio)})" if d.ratio and d.extra_per_month_usd else "")
             for d in deltas]
    summary = (f"{cheapest.model} is the cheapest at this traffic ({usd(base)}/month). "
               + "; ".join(parts) + ". " + _basis_sentence(known) + _cheapest_beside(known))
    if missing:
        summary += f" No paid price for {', '.join(missing)}, so it is left out of the delta."
    return CostSection(traffic=traffic, costs=costs, deltas=deltas, summary=summary)


def _basis_sentence(costs: list[ModelCost]) -> str:
    """Which price the figures are: one phrase when all share it, else one per model."""
    bases = {c.basis for c in costs}
    if len(bases) == 1 and None not in bases:
        only = next(iter(bases))
        return {"maker list price": "Figures are each maker's list price (its own API).",
                "cheapest route": "Figures are each model's cheapest paid route.",
                "named provider": "Figures are the routes of the providers you named.",
                "cheapest route, no maker price": "Figures are each model's cheapest paid "
                                                  "route (no maker lists a price)."}[str(only)]
    return "Figures: " + "; ".join(_basis_of(c) for c in costs) + "."


def _basis_of(c: ModelCost) -> str:
    if c.basis == "maker list price":
        return f"{c.model} at its maker's list price ({c.provider})"
    if c.basis == "cheapest route, no maker price":
        return f"{c.model} on its cheapest paid route ({c.provider}; its maker lists no price)"
    if c.basis == "named provider":
        return f"{c.model} on the provider you named ({c.provider})"
    return f"{c.model} on its cheapest paid route ({c.provider})"


def _cheapest_beside(costs: list[ModelCost]) -> str:
    """The same comparison on each model's cheapest route, when that changes any figure."""
    if all(c.cheapest_per_month_usd == c.per_month_usd for c in costs):
        return ""
    low = min(costs, key=lambda c: c.cheapest_per_month_usd or 0.0)
    base = low.cheapest_per_month_usd or 0.0
    parts = [f"{c.model} {usd(c.cheapest_per_month_usd)} on {c.cheapest_provider}"
             + (f" ({_times((c.cheapest_per_month_usd or 0.0) / base)})"
                if c is not low and base and c.cheapest_per_month_usd != base else "")
             for c in costs]
    return f" On each model's cheapest paid route instead, a month: {'; '.join(parts)}."


def _times(ratio: float) -> str:
    return f"{ratio:.1f}× as much" if ratio < 10 else f"{ratio:.0f}× as much"
