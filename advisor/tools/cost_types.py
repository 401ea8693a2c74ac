"""The typed cost of one route: what it costs at a workload and the prices used."""

from __future__ import annotations

from pydantic import BaseModel, Field

from advisor.catalog.schema import MODELS_DEV_SOURCE


class PricesUsed(BaseModel):
    """The USD-per-million prices a figure was computed with."""

    input_per_m: float
    output_per_m: float
    cache_read_per_m: float | None = Field(
        default=None, description="Applied to the cached share of input tokens.")
    reasoning_per_m: float | None = None
    tier: str | None = Field(default=None, description="Context tier whose prices applied.")


class RouteCost(BaseModel):
    """What one route costs at the stated workload."""

    provider_id: str
    provider: str
    model_id: str
    per_request_usd: float
    per_day_usd: float
    per_month_usd: float
    prices_used: PricesUsed
    notes: list[str] = Field(default_factory=list)
    fits: bool = Field(default=True, description="Whether the request fits this route's "
                                                 "context, input and output limits.")
    fit_problem: str | None = Field(default=None, description="Why the request does not fit.")
    price_doubt: str | None = Field(
        default=None, description="Why this route's listed price is probably a listing error "
                                  "(far from the maker's own price): shown, never used as a "
                                  "figure.")
    source: str = MODELS_DEV_SOURCE

    @property
    def quotable(self) -> bool:
        """A paid price a figure may use: not a $0 listing, not a doubtful one."""
        return self.per_request_usd > 0 and self.price_doubt is None
