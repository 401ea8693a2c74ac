"""What the second price source (genai-prices) adds to a cost report.

A route whose two sources differ by more than 5% shows both prices and their sources; a
dated price change and a deprecation flag are shown where the second source has them; batch
prices are costed when the user asks for batch (offline, asynchronous) processing.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.catalog.schema import CatalogModel, SecondPrice
from advisor.catalog.sources.prices import DISAGREEMENT
from advisor.tools.format import usd


class BatchCost(BaseModel):
    """One route's cost at its batch (asynchronous) prices, as the second source lists them."""

    provider_id: str
    model_id: str
    input_per_m: float
    output_per_m: float
    per_request_usd: float
    per_month_usd: float
    source: str
    note: str = Field(default="batch prices: cache discounts not applied")


def _differs(a: float | None, b: float | None) -> bool:
    return (a is not None and b is not None and max(a, b) > 0
            and abs(a - b) / max(a, b) > DISAGREEMENT)


def lifecycle_notes(model: CatalogModel, route: str) -> list[str]:
    """The maker's deprecation or retirement notice for one route, with dates and successor."""
    out = []
    for n in model.lifecycle:
        if n.route != route:
            continue
        dates = "; ".join(f"{w} {d}" for w, d in (("deprecated", n.deprecation_date),
                                                  ("retired", n.retirement_date)) if d)
        text = f"{n.status} by the maker" + (f" ({dates})" if dates else "")
        if n.successor:
            text += f"; successor: {n.successor}"
        out.append(f"{text} — {n.source}")
    return out


def route_notes(model: CatalogModel, route: str) -> list[str]:
    """Notes about one route: the maker's lifecycle notice, then the second price source's.

    The second source adds a disagreement, a dated price change or a deprecated flag.
    """
    notes = lifecycle_notes(model, route)
    sp = next((s for s in model.second_prices if s.route == route), None)
    offering = next((r for r in model.routes if r.route == route), None)
    if sp is None or offering is None or offering.prices is None:
        return notes
    ours = offering.prices
    if _differs(ours.input, sp.input) or _differs(ours.output, sp.output):
        notes.append(f"prices disagree: models.dev lists in {usd(ours.input)} / out "
                     f"{usd(ours.output)} per 1M, {sp.source} lists in {usd(sp.input)} / out "
                     f"{usd(sp.output)}")
    changes = [h for h in sp.history if h[0]]
    if changes:
        when, i, o = changes[-1]
        notes.append(f"{sp.source} dates a price change on {when} (to in {usd(i)} / out "
                     f"{usd(o)} per 1M)")
    if sp.deprecated:
        notes.append(f"{sp.source} marks this model deprecated by the provider")
    return notes


def batch_costs(model: CatalogModel, routes: list[str], input_tokens: int, output_tokens: int,
                requests_per_month: int) -> list[BatchCost]:
    """Batch-price costs of the given routes, cheapest first, where the second source has them."""
    out = []
    for sp in model.second_prices:
        if sp.route not in routes or sp.batch_input is None or sp.batch_output is None:
            continue
        per_request = (input_tokens * sp.batch_input + output_tokens * sp.batch_output) / 1e6
        pid, _, mid = sp.route.partition("/")
        out.append(BatchCost(provider_id=pid, model_id=mid, input_per_m=sp.batch_input,
                             output_per_m=sp.batch_output, per_request_usd=per_request,
                             per_month_usd=per_request * requests_per_month, source=sp.source))
    return sorted(out, key=lambda b: b.per_month_usd)


def second_price(model: CatalogModel, route: str) -> SecondPrice | None:
    """The second source's row for one route, if it has one."""
    return next((s for s in model.second_prices if s.route == route), None)
