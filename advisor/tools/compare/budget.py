"""Yes or no: does each model in play fit a monthly budget, and by how much.

For a question like "do we fit $2k a month?": :func:`check_budget` costs every model at the
workload (at its maker's list price unless the cheapest route was asked for, as the comparison
does) and answers yes, no or "only some", with the margin for each model: the money to spare, or
how far over it goes. Where a cheaper route would change the answer, the sentence says so. A
model with no paid price is said to be unknown, never to fit.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.catalog import get_catalog
from advisor.tools.compare.costs import CostSection, cost_section, traffic_of
from advisor.tools.errors import ToolInputError
from advisor.tools.format import usd
from advisor.tools.price_basis import BasisUsed
from advisor.tools.workload import Workload

Verdict = Literal["yes", "no", "partly", "unknown"]


class BudgetFit(BaseModel):
    """One model against the budget."""

    model: str
    fits: bool | None = Field(description="None when the model has no paid price.")
    monthly_cost_usd: float | None = None
    margin_usd: float | None = Field(default=None,
                                     description="Budget minus cost: negative when over.")
    provider: str | None = None
    basis: BasisUsed | None = Field(default=None, description="Which price was used.")
    cheapest_usd: float | None = Field(default=None,
                                       description="The month on the cheapest paid route.")
    cheapest_provider: str | None = None

    def text(self, budget_usd: float | None = None) -> str:
        """``Gemma 4 31B: $350 a month on Google (list price), $1,650 to spare``."""
        if self.fits is None or self.monthly_cost_usd is None or self.margin_usd is None:
            return f"{self.model}: no paid price in the catalog, so unknown"
        on = f" on {self.provider}" if self.provider else ""
        if self.basis == "maker list price":
            on += " (its maker's list price)"
        if self.fits:
            return (f"{self.model}: {usd(self.monthly_cost_usd)} a month{on}, "
                    f"{usd(self.margin_usd)} to spare")
        text = (f"{self.model}: {usd(self.monthly_cost_usd)} a month{on}, "
                f"{usd(-self.margin_usd)} over")
        if budget_usd is not None and self.cheapest_usd is not None \
                and self.cheapest_usd <= budget_usd:
            text += (f" (its cheapest paid route, {self.cheapest_provider}, "
                     f"{usd(self.cheapest_usd)}, would fit)")
        return text


class BudgetAnswer(BaseModel):
    """The yes/no answer with each model's margin."""

    budget_usd: float
    requests_per_month: int
    verdict: Verdict
    models: list[BudgetFit]
    lead: str = Field(description="The answer in one sentence.")

    def to_markdown(self) -> str:
        """The lead sentence (the per-model margins are in it)."""
        return self.lead


def budget_fit(costs: CostSection, budget_usd: float) -> BudgetAnswer:
    """Each costed model against a monthly budget, and the one-sentence answer."""
    if budget_usd < 0:
        raise ToolInputError("monthly_budget_usd", f"must be ≥ 0, got {budget_usd!r}")
    fits = []
    for c in costs.costs:
        if c.per_month_usd is None:
            fits.append(BudgetFit(model=c.model, fits=None))
        else:
            margin = budget_usd - c.per_month_usd
            fits.append(BudgetFit(model=c.model, fits=margin >= 0,
                                  monthly_cost_usd=c.per_month_usd, margin_usd=margin,
                                  provider=c.provider, basis=c.basis,
                                  cheapest_usd=c.cheapest_per_month_usd,
                                  cheapest_provider=c.cheapest_provider))
    known = [f for f in fits if f.fits is not None]
    verdict: Verdict
    if not known:
        verdict = "unknown"
    elif all(f.fits for f in known):
        verdict = "yes" if len(known) == len(fits) else "partly"
    elif not any(f.fits for f in known):
        verdict = "no"
    else:
        verdict = "partly"
    rpm = costs.traffic.requests_per_month
    head = {"yes": "Yes", "no": "No", "partly": "Only some",
            "unknown": "Unknown"}[verdict]
    which = ("it fits" if len(fits) == 1 else "all fit") if verdict == "yes" else (
        ("it does not fit" if len(fits) == 1 else "none fits" if len(known) == len(fits)
         else "none with a price fits") if verdict == "no" else
        "not every model fits" if verdict == "partly" else "no model has a paid price")
    lead = (f"{head} — {which} {usd(budget_usd)} a month at {rpm:,} requests a month: "
            + "; ".join(f.text(budget_usd) for f in fits) + ".")
    return BudgetAnswer(budget_usd=budget_usd, requests_per_month=rpm, verdict=verdict,
                        models=fits, lead=lead)


def check_budget(models: list[str], monthly_budget_usd: float,
                 workload: Workload | None = None) -> BudgetAnswer:
    """Whether each named model fits a monthly budget at the workload, with its margin."""
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise ToolInputError("models", "expected a list of model names")
    names = list(dict.fromkeys(m.strip() for m in models if m.strip()))
    if not names:
        raise ToolInputError("models", "name at least one model")
    catalog = get_catalog()
    resolved = list({m.key: m for m in (catalog.resolve(n) for n in names)}.values())
    return budget_fit(cost_section(resolved, traffic_of(workload)), monthly_budget_usd)
