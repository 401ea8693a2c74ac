"""Route prices too far from the model's own price to be believed: probable listing errors.

A reseller may charge a few times the maker's price or a fraction of it (the catalog's routes
lie within 20× of it either way), but not hundreds of times: Helicone's listing of Mistral Small
at $75 / $200 per 1M tokens, about 400× Mistral's own $0.15 / $0.60, is a data error, and
quoting it as "the dearest route, $25,714 a month" misleads. A route whose cost per request is
at least :data:`DOUBT_RATIO` times the reference, or at most its inverse, is marked with the
reason; it is still listed (marked, last), but no figure of an answer is taken from it.

The reference is the maker's own price (its cheapest route on one of the maker's providers);
with no maker route, the median of three or more priced routes. Two routes and no maker: no
reference, nothing doubted (which of the two is wrong cannot be told).
"""

from __future__ import annotations

import statistics

from advisor.catalog import CatalogModel
from advisor.tools.cost_types import RouteCost
from advisor.tools.format import usd
from advisor.tools.price_basis import maker_route_cost

REFERENCE_REQUEST = (1_200, 300)  # input, output tokens: where a spec sheet checks its prices
DOUBT_RATIO = 50.0  # the catalog's real spread is within 20× either way (tests check the gap)


def reference(model: CatalogModel, paid: list[RouteCost]) -> tuple[float, str] | None:
    """The cost per request routes are compared with, and its name in words."""
    own = maker_route_cost(model, paid)
    if own is not None:
        return own.per_request_usd, f"{own.provider}'s own price"
    if len(paid) >= 3:
        return statistics.median(c.per_request_usd for c in paid), \
            f"the median of its {len(paid)} priced routes"
    return None


def mark_doubts(model: CatalogModel, costs: list[RouteCost]) -> list[RouteCost]:
    """``costs`` (cheapest first) with probable listing errors marked and moved last."""
    paid = [c for c in costs if c.per_request_usd > 0]
    ref = reference(model, paid)
    if ref is None:  # taken over positive prices, so never 0
        return costs
    base, words = ref
    kept: list[RouteCost] = []
    doubted: list[RouteCost] = []
    for c in costs:
        ratio = c.per_request_usd / base if c.per_request_usd > 0 else 1.0
        if ratio >= DOUBT_RATIO or ratio <= 1 / DOUBT_RATIO:
            times = f"{ratio:,.0f}×" if ratio >= 1 else f"1/{1 / ratio:,.0f}"
            doubted.append(c.model_copy(update={"price_doubt": (
                f"listed at {usd(c.prices_used.input_per_m)} / "
                f"{usd(c.prices_used.output_per_m)} per 1M tokens, {times} {words}: "
                "probably a listing error, so no figure is taken from it")}))
        else:
            kept.append(c)
    return kept + doubted
