"""Which price a figure quotes: the maker's list price by default, the cheapest route on request.

A model is sold by its maker and, often, by a dozen resellers. A sentence such as "Gemini 2.5
Flash costs $1,600 a month" or "A costs 3× B" must say which price it used, and compare like with
like. The rule (issue #11):

- by default each model is quoted at its **maker's list price**, the cheapest route on the maker's
  own provider (OpenAI for GPT, Google for Gemini, …);
- a model whose maker sells no priced route the request fits is quoted at its cheapest paid route,
  and the figure says so;
- when the person asks for the cheapest route (``basis="cheapest"``) or names a provider, the
  cheapest paid route (of the named provider's routes) is quoted.

Whichever is quoted, the other is kept beside it, so an answer can add "the cheapest listing,
QiHang, comes to $464".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel
from advisor.tools.cost_types import RouteCost

PriceBasis = Literal["list", "cheapest"]
"""``list``: each maker's list price (the default); ``cheapest``: each model's cheapest route."""

BasisUsed = Literal["maker list price", "cheapest route", "named provider",
                    "cheapest route, no maker price"]

BASIS_WORDS: dict[str, str] = {
    "maker list price": "the maker's list price",
    "cheapest route": "its cheapest paid route",
    "named provider": "the provider you named",
    "cheapest route, no maker price": "its cheapest paid route (its maker lists no price)",
}


class Quote(BaseModel):
    """The route a figure quotes, why that one, and the cheapest route beside it."""

    quoted: RouteCost
    basis: BasisUsed = Field(description="Why this route is the one quoted.")
    cheapest: RouteCost = Field(description="The cheapest paid route the request fits.")

    @property
    def words(self) -> str:
        """The basis for a sentence: ``the maker's list price``."""
        return BASIS_WORDS[self.basis]

    @property
    def cheaper_elsewhere(self) -> bool:
        """Whether a cheaper route exists than the one quoted."""
        return self.cheapest.per_request_usd < self.quoted.per_request_usd


def maker_route_cost(model: CatalogModel, costs: list[RouteCost]) -> RouteCost | None:
    """Among route costs (cheapest first), the cheapest on one of the maker's own providers."""
    own = set(model.headline.maker_providers)
    return next((c for c in costs if c.provider_id in own), None)


def quote(model: CatalogModel, paid: list[RouteCost], basis: PriceBasis = "list", *,
          provider_named: bool = False) -> Quote | None:
    """The route to quote among ``paid`` (priced, fitting, non-zero routes, cheapest first)."""
    if not paid:
        return None
    cheapest = paid[0]
    if provider_named:
        return Quote(quoted=cheapest, basis="named provider", cheapest=cheapest)
    if basis == "cheapest":
        return Quote(quoted=cheapest, basis="cheapest route", cheapest=cheapest)
    own = maker_route_cost(model, paid)
    if own is None:
        return Quote(quoted=cheapest, basis="cheapest route, no maker price", cheapest=cheapest)
    return Quote(quoted=own, basis="maker list price", cheapest=cheapest)
