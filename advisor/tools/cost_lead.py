"""The sentences a cost answer leads with, built from a :class:`CostReport` alone.

First the figure asked for (the route quoted: the maker's list price unless the cheapest route
was asked for or a provider named), then what a person would check next: a cheaper route, the
batch price when work is sent in batch, free tiers, the dearest route, and any route whose
listed price is probably a listing error (:mod:`advisor.tools.price_doubt`).
"""

from __future__ import annotations

from advisor.tools.cost import CostReport
from advisor.tools.format import usd


def cost_lead(r: CostReport) -> list[str]:
    """The paragraphs before the cost table (empty when no route has a paid price)."""
    paid = [x for x in r.routes if x.quotable]
    doubted = [x for x in r.routes if x.price_doubt]
    free = [x.provider for x in r.routes if x.per_request_usd == 0]
    if not paid or r.quote is None:
        if free:
            return [f"**{r.model}** is only listed at $0 ({', '.join(free)}): a free tier or "
                    "promotion with no paid price in the catalog, so its real cost at this "
                    "traffic is unknown."]
        return []
    c, low = r.quote.quoted, r.quote.cheapest
    out = [f"**{r.model}** costs **{usd(c.per_month_usd)} a month** at {r.quote.words} "
           f"({c.provider}, `{c.model_id}`): {usd(c.per_request_usd)} per request, "
           f"{usd(c.per_day_usd)} a day, for {r.requests:,} requests per {r.period} with "
           f"{r.input_tokens:,} input and {r.output_tokens:,} output tokens each."]
    if r.quote.cheaper_elsewhere:
        out.append(f"Its cheapest paid route, {low.provider} (`{low.model_id}`), comes to "
                   f"{usd(low.per_month_usd)} a month.")
    if r.batch:
        same = next((b for b in r.batch if b.provider_id == c.provider_id), r.batch[0])
        out.append(f"Sent in batch, {same.provider_id}'s batch prices "
                   f"({usd(same.input_per_m)} in / {usd(same.output_per_m)} out per 1M, "
                   f"{same.source}) bring it to {usd(same.per_month_usd)} a month.")
    if free:
        out.append(f"It is also listed at $0 on {', '.join(free)}: a free tier or promotion, "
                   "usually rate-limited, so not counted as the price.")
    if len(paid) > 1 and paid[-1].per_request_usd > c.per_request_usd:
        d = paid[-1]
        out.append(f"The dearest of its {len(r.routes)} priced routes ({d.provider}) comes "
                   f"to {usd(d.per_month_usd)} a month"
                   + (f", leaving aside the doubtful listing{'s' * (len(doubted) != 1)} "
                      "below." if doubted else "."))
    for x in doubted:
        out.append(f"⚠ {x.provider} (`{x.model_id}`) is {x.price_doubt}.")
    return out
