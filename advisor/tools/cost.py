"""Cost calculation: per request, per day and per month, for one route or every route."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel, Offering, get_catalog
from advisor.catalog.names import normalize
from advisor.catalog.schema import MODELS_DEV_SOURCE, Prices
from advisor.tools.cost_sources import BatchCost, batch_costs, route_notes
from advisor.tools.cost_types import PricesUsed, RouteCost
from advisor.tools.errors import ToolInputError
from advisor.tools.format import md_table, tokens, usd
from advisor.tools.limits import (
    MAX_REQUESTS,
    MAX_STRING_CHARS,
    MAX_TOKENS,
    check_count,
    check_fraction,
    check_text,
)
from advisor.tools.price_basis import PriceBasis, Quote, quote
from advisor.tools.price_doubt import mark_doubts

__all__ = ["DAYS_PER_MONTH", "PER_MILLION", "CostReport", "PricesUsed", "RouteCost",
           "calculate_cost", "fit_problem", "model_costs", "models_that_fit", "route_cost",
           "split_costs"]

DAYS_PER_MONTH = 30  # a stated convention: per-day traffic × 30 = a month
PER_MILLION = 1_000_000


class CostReport(BaseModel):
    """Cost of a workload on a model: every priced route, cheapest first."""

    model: str
    input_tokens: int
    output_tokens: int
    reasoning_tokens: int
    cached_input_share: float
    requests: int
    period: Literal["day", "month"]
    requests_per_month: int
    routes: list[RouteCost]
    unpriced_routes: list[str] = Field(
        default_factory=list, description="Routes with no token price in the catalog.")
    unfit_routes: list[RouteCost] = Field(
        default_factory=list, description="Priced routes the request does not fit (over the "
                                          "route's context, input or output limit): never "
                                          "the cheapest.")
    would_fit: list[str] = Field(
        default_factory=list, description="When no route fits: models whose limits would.")
    message: str | None = Field(default=None, description="Why no cost could be computed.")
    assumptions: list[str] = Field(default_factory=list)
    batch: list[BatchCost] = Field(
        default_factory=list, description="Batch-price costs (asked for), from the second "
                                          "price source, cheapest first.")
    quote: Quote | None = Field(
        default=None, description="The paid route an answer quotes (the maker's list price "
                                  "unless the cheapest route was asked for or a provider "
                                  "named) and the cheapest paid route beside it.")

    @property
    def cheapest(self) -> RouteCost | None:
        """The cheapest priced route, if any."""
        return self.routes[0] if self.routes else None

    def to_markdown(self) -> str:
        """The cost table, cheapest route first, with the prices used."""
        head = (f"**{self.model}** — {tokens(self.input_tokens)} input + "
                f"{tokens(self.output_tokens)} output tokens per request, "
                f"{self.requests:,} requests per {self.period}")
        if not self.routes:
            unfit = [f"- {r.provider}: {r.fit_problem}" for r in self.unfit_routes]
            return "\n".join([head, "", self.message or "No priced route.", *unfit])
        listed = self.quote.quoted if self.quote and \
            self.quote.basis == "maker list price" else None
        rows = [[r.provider + (" (maker's list price)" if r == listed else "")
                 + (" ⚠ probable listing error" if r.price_doubt else ""), r.model_id,
                 usd(r.per_request_usd), usd(r.per_day_usd),
                 usd(r.per_month_usd),
                 f"{usd(r.prices_used.input_per_m)} / {usd(r.prices_used.output_per_m)}"
                 + (f" (cache read {usd(r.prices_used.cache_read_per_m)})"
                    if r.prices_used.cache_read_per_m is not None
                    and self.cached_input_share else "")
                 + (f" [{r.prices_used.tier}]" if r.prices_used.tier else "")]
                for r in self.routes]
        parts = [head, "", md_table(["Provider", "Model id", "Per request", "Per day",
                                     "Per month", "Prices in / out per 1M"], rows)]
        notes = sorted({f"{r.provider}: {n}" for r in self.routes for n in r.notes})
        notes += [f"{r.provider}: {r.price_doubt}" for r in self.routes if r.price_doubt]
        if self.unfit_routes:
            notes.append("Not priced as if it fitted — " + "; ".join(
                f"{r.provider} (`{r.model_id}`): {r.fit_problem}" for r in self.unfit_routes))
        if self.unpriced_routes:
            notes.append("No price in the catalog for: " + ", ".join(self.unpriced_routes))
        parts += [f"- {n}" for n in [*self.assumptions, *notes]]
        if self.batch:
            parts += ["", "**Batch prices** (asynchronous processing)", md_table(
                ["Provider", "Model id", "Per request", "Per month", "Prices in / out per 1M",
                 "Source"],
                [[b.provider_id, b.model_id, usd(b.per_request_usd), usd(b.per_month_usd),
                  f"{usd(b.input_per_m)} / {usd(b.output_per_m)}", b.source]
                 for b in self.batch])]
        return "\n".join(parts)


def route_cost(route: Offering, prices: Prices, input_tokens: int, output_tokens: int,
               reasoning_tokens: int, cached_share: float, requests_per_month: int,
               source: str = MODELS_DEV_SOURCE) -> RouteCost:
    """Cost of one request and of a month of requests on one priced route."""
    assert prices.input is not None and prices.output is not None
    notes: list[str] = []
    input_p, output_p, cache_p = prices.input, prices.output, prices.cache_read
    tier_label, tier_cache_note = None, None
    for tier in prices.tiers:  # the highest tier the prompt exceeds applies
        if input_tokens > tier.above_tokens:
            input_p = tier.input if tier.input is not None else input_p
            output_p = tier.output if tier.output is not None else output_p
            tier_label = f"context above {tokens(tier.above_tokens)}"
            cache_p, tier_cache_note = _tier_cache(prices, tier.cache_read, input_p,
                                                   tier_label)
    cached = round(input_tokens * cached_share)
    if cached and tier_cache_note:
        notes.append(tier_cache_note)
    if cached and cache_p is None:
        refused = any(f.endswith("cache_read") for f in route.refused)
        notes.append("the listed cache-read price was refused at import as impossible (see "
                     "`advisor catalog check`): cached tokens billed at the input price"
                     if refused else
                     "no cache-read price listed: cached tokens billed at the input price")
        cache_p_used = input_p
    else:
        cache_p_used = cache_p if cache_p is not None else input_p
    reasoning_p = prices.reasoning if prices.reasoning is not None else output_p
    if reasoning_tokens and prices.reasoning is None:
        notes.append("reasoning tokens billed at the output price")
    if input_p == 0 and output_p == 0:
        notes.append("listed at $0 (a free tier or promotion: check its rate limits)")
    per_request = ((input_tokens - cached) * input_p + cached * cache_p_used
                   + output_tokens * output_p + reasoning_tokens * reasoning_p) / PER_MILLION
    per_month = per_request * requests_per_month
    return RouteCost(
        provider_id=route.provider_id, provider=route.provider_name, model_id=route.model_id,
        per_request_usd=per_request, per_month_usd=per_month,
        per_day_usd=per_month / DAYS_PER_MONTH,
        prices_used=PricesUsed(input_per_m=input_p, output_per_m=output_p,
                               cache_read_per_m=cache_p_used if cached else cache_p,
                               reasoning_per_m=reasoning_p if reasoning_tokens else None,
                               tier=tier_label),
        notes=notes, source=source)


def _tier_cache(prices: Prices, tier_cache: float | None, tier_input: float,
                label: str) -> tuple[float | None, str | None]:
    """The cache-read price in a context tier, and the assumption made when it lists none.

    A tier without its own cache-read price keeps the base tier's discount: the base
    cache-read ÷ input ratio applied to the tier's input price (Gemini and Claude long-context
    tiers scale both prices alike).
    """
    if tier_cache is not None:
        return tier_cache, None
    if prices.cache_read is None or not prices.input:
        return None, None
    ratio = prices.cache_read / prices.input
    price = tier_input * ratio
    return price, (f"{label} lists no cache-read price: assumed {usd(price)} per 1M, the base "
                   f"cache discount ({ratio:.0%} of input) applied to the tier's input price")


def fit_problem(model: CatalogModel, route: Offering, input_tokens: int, output_tokens: int,
                reasoning_tokens: int = 0) -> str | None:
    """Why a request does not fit a route's limits (``None`` when it fits or none is known).

    The prompt must fit the route's input limit, the prompt plus the output (and reasoning)
    tokens its context window, and the output its output limit. A route that lists no context
    is held to the model's headline context window.
    """
    written = output_tokens + reasoning_tokens
    if route.input_limit and input_tokens > route.input_limit:
        return (f"does not fit: {_count(input_tokens, route.input_limit)}-token prompt over a "
                f"{tokens(route.input_limit)} input limit")
    context = route.context or model.context_window
    if context and input_tokens > context:
        return (f"does not fit: {_count(input_tokens, context)}-token prompt over a "
                f"{tokens(context)} context")
    if context and input_tokens + written > context:
        return (f"does not fit: {_count(input_tokens, context)}-token prompt + "
                f"{tokens(written)} output tokens over a {tokens(context)} context")
    if route.output_limit and written > route.output_limit:
        return (f"does not fit: {_count(written, route.output_limit)} output tokens over a "
                f"{tokens(route.output_limit)} output limit")
    return None


def _count(value: int, limit: int) -> str:
    """``300k``, or the exact figure when rounding would make it read like the limit."""
    return tokens(value) if tokens(value) != tokens(limit) else f"{value:,}"


def matches_provider(route: Offering, provider: str) -> bool:
    """Whether ``route`` is on ``provider`` (its id, name or route, leniently)."""
    wanted = normalize(provider)
    return wanted in (normalize(route.provider_id), normalize(route.provider_name),
                      normalize(route.route))


def model_costs(model: CatalogModel, input_tokens: int, output_tokens: int,
                requests_per_month: int, *, provider: str | None = None,
                cached_input_share: float = 0.0, reasoning_tokens: int = 0,
                ) -> tuple[list[RouteCost], list[str]]:
    """Every priced route the request fits (cheapest first) and the routes with no price.

    Routes the request does not fit are left out: see :func:`split_costs` for them.
    """
    fit, _, unpriced = split_costs(model, input_tokens, output_tokens, requests_per_month,
                                   provider=provider, cached_input_share=cached_input_share,
                                   reasoning_tokens=reasoning_tokens)
    return fit, unpriced


def split_costs(model: CatalogModel, input_tokens: int, output_tokens: int,
                requests_per_month: int, *, provider: str | None = None,
                cached_input_share: float = 0.0, reasoning_tokens: int = 0,
                ) -> tuple[list[RouteCost], list[RouteCost], list[str]]:
    """Priced routes the request fits, priced routes it does not fit, unpriced routes."""
    routes = list(model.routes)
    if provider:
        routes = [r for r in routes if matches_provider(r, provider)]
        if not routes:
            have = sorted({r.provider_id for r in model.routes})
            raise ToolInputError("provider", f"{model.name} has no route on {provider!r}; "
                                 f"routes: {', '.join(have) or 'none in the catalog'}")
    fit: list[RouteCost] = []
    unfit: list[RouteCost] = []
    for r in routes:
        if r.prices is None or not r.prices.complete:
            continue
        cost = route_cost(r, r.prices, input_tokens, output_tokens, reasoning_tokens,
                          cached_input_share, requests_per_month)
        problem = fit_problem(model, r, input_tokens, output_tokens, reasoning_tokens)
        if problem:
            unfit.append(cost.model_copy(update={"fits": False, "fit_problem": problem}))
        else:
            fit.append(cost)
    unpriced = [r.route for r in routes if r.prices is None or not r.prices.complete]
    fit.sort(key=lambda c: (c.per_request_usd, c.provider_id))
    fit = mark_doubts(model, fit)  # probable listing errors: marked, last, never a figure
    unfit.sort(key=lambda c: (c.per_request_usd, c.provider_id))
    return fit, unfit, unpriced


def models_that_fit(model: CatalogModel, input_tokens: int, output_tokens: int,
                    reasoning_tokens: int = 0, limit: int = 5) -> list[str]:
    """Models with a priced paid route the request fits: the same maker's first, cheapest next.

    Each is named with its context window and the per-request cost on its cheapest such route.
    """
    found: list[tuple[bool, float, str]] = []
    for other in get_catalog():
        if other.key == model.key:
            continue
        best: tuple[float, int] | None = None
        for r in other.priced_routes:
            p = r.prices
            if p is None or p.input is None or p.output is None or not (p.input or p.output):
                continue
            if r.context is None:  # a limit nobody states is not a limit known to fit
                continue
            if fit_problem(other, r, input_tokens, output_tokens, reasoning_tokens):
                continue
            cost = route_cost(r, p, input_tokens, output_tokens, reasoning_tokens, 0.0, 1)
            if best is None or cost.per_request_usd < best[0]:
                best = (cost.per_request_usd, r.context)
        if best is not None:
            same = bool(model.maker) and other.maker == model.maker
            found.append((not same, best[0], f"{other.name} ({tokens(best[1])} context on "
                                             f"that route, from {usd(best[0])} per request)"))
    found.sort()
    return [name for _, _, name in found[:limit]]


def calculate_cost(
    model: Annotated[str, Field(description="Model name or id.",
                                max_length=MAX_STRING_CHARS)],
    input_tokens: Annotated[int, Field(description="Input (prompt) tokens per request.", ge=0,
                                       le=MAX_TOKENS)],
    output_tokens: Annotated[int, Field(description="Output tokens per request.", ge=0,
                                        le=MAX_TOKENS)],
    requests: Annotated[int, Field(description="Number of requests per period.", ge=0,
                                   le=MAX_REQUESTS)],
    period: Annotated[Literal["day", "month"],
                      Field(description="The period `requests` is counted over.")] = "month",
    provider: Annotated[str | None, Field(description="Only this provider's route "
                                                      "(e.g. 'openrouter'); default: all.")] = None,
    cached_input_share: Annotated[float, Field(description="Share of input tokens served from "
                                                           "the prompt cache, 0 to 1.",
                                               ge=0, le=1)] = 0.0,
    reasoning_tokens: Annotated[int, Field(description="Hidden reasoning tokens per request, "
                                                       "billed as output unless a reasoning "
                                                       "price is listed.", ge=0,
                                                   le=MAX_TOKENS)] = 0,
    batch: Annotated[bool, Field(description="The user will send requests in batch "
                                             "(offline, asynchronous): also cost the routes at "
                                             "their batch prices where a source lists them.")]
    = False,
    price_basis: Annotated[PriceBasis, Field(
        description="Which paid route the answer quotes: 'list' (default) the maker's list "
                    "price on its own API; 'cheapest' the cheapest route of any provider.")]
    = "list",
) -> CostReport:
    """Calculate what a workload costs on a model: per request, per day and per month.

    Uses each route's listed prices (USD per million tokens), the cache-read price for the
    cached share of input, and context-tier prices when the prompt exceeds a tier. Returns every
    priced route cheapest first (or only the named provider's), the prices used, and the routes
    with no price. A model with no price says so; it is never counted as $0. ``quote`` names
    the route an answer leads with: the maker's list price unless ``price_basis`` is
    ``cheapest`` or a provider is named.
    """
    model = check_text("model", model)
    input_tokens = check_count("input_tokens", input_tokens, maximum=MAX_TOKENS)
    output_tokens = check_count("output_tokens", output_tokens, maximum=MAX_TOKENS)
    requests = check_count("requests", requests, maximum=MAX_REQUESTS)
    reasoning_tokens = check_count("reasoning_tokens", reasoning_tokens, maximum=MAX_TOKENS)
    share = check_fraction("cached_input_share", cached_input_share)
    if provider is not None:
        provider = check_text("provider", provider)
    if period not in ("day", "month"):
        raise ToolInputError("period", f"expected 'day' or 'month', got {period!r}")
    if price_basis not in ("list", "cheapest"):
        raise ToolInputError("price_basis", f"expected 'list' or 'cheapest', got "
                                            f"{price_basis!r}")
    resolved = get_catalog().resolve(model)
    per_month = requests * DAYS_PER_MONTH if period == "day" else requests
    costs, unfit, unpriced = split_costs(resolved, input_tokens, output_tokens, per_month,
                                         provider=provider, cached_input_share=share,
                                         reasoning_tokens=reasoning_tokens)
    message, would_fit = None, []
    if not costs and unfit:
        would_fit = models_that_fit(resolved, input_tokens, output_tokens, reasoning_tokens)
        limits = {r.route: (r.context or 0, r.input_limit or r.context or 0)
                  for r in resolved.routes}
        roomiest = max(unfit, key=lambda c: limits.get(f"{c.provider_id}/{c.model_id}",
                                                                   (0, 0)))
        why = (roomiest.fit_problem or "").removeprefix("does not fit: ")
        message = (f"This request does not fit {resolved.name} on any priced route ({why}); "
                   "it is not priced as if it fitted."
                   + (f" Models whose limits would fit it: {'; '.join(would_fit)}."
                      if would_fit else " No priced model in the catalog fits it."))
    elif not costs:
        message = (f"No token price for {resolved.name} in the catalog"
                   + (f" (routes without a price: {', '.join(unpriced)})" if unpriced else
                      " and no provider route") + "; the cost is unknown, not $0.")
    costs = [c.model_copy(update={"notes": [*c.notes, *route_notes(
        resolved, f"{c.provider_id}/{c.model_id}")]}) for c in costs]
    batched = batch_costs(resolved, [f"{c.provider_id}/{c.model_id}" for c in costs],
                          input_tokens, output_tokens, per_month) if batch else []
    assumptions = [f"A month is {DAYS_PER_MONTH} days."] if period == "day" else []
    if batch and not batched:
        assumptions.append("No bundled price source lists batch prices for these routes.")
    if share:
        assumptions.append(f"{share:.0%} of input tokens are cache reads.")
    paid = [c for c in costs if c.quotable]
    quoted = quote(resolved, paid, price_basis, provider_named=provider is not None)
    return CostReport(model=resolved.name, input_tokens=input_tokens,
                      output_tokens=output_tokens, reasoning_tokens=reasoning_tokens,
                      cached_input_share=share, requests=requests, period=period,
                      requests_per_month=per_month, routes=costs, unpriced_routes=unpriced,
                      unfit_routes=unfit, would_fit=would_fit,
                      message=message, assumptions=assumptions, batch=batched,
                      quote=quoted)
