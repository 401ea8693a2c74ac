"""The workload profile: traffic, token sizes, budget and hard constraints of a use case."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from advisor.tools.capabilities import CAPABILITY_KEYS
from advisor.tools.limits import (
    MAX_BUDGET_USD,
    MAX_CONTEXT_TOKENS,
    MAX_MEMORY_GB,
    MAX_REQUESTS,
    MAX_TOKENS,
)

DAYS_PER_MONTH = 30


class Workload(BaseModel):
    """What a user needs from a model; every field is optional, defaults come from settings."""

    requests: int | None = Field(default=None, ge=0, le=MAX_REQUESTS,
                                 description="Requests per `period`.")
    period: Literal["day", "month"] = Field(default="month",
                                            description="Period `requests` is counted over.")
    input_tokens: int | None = Field(default=None, ge=0, le=MAX_TOKENS,
                                     description="Input tokens per request.")
    output_tokens: int | None = Field(default=None, ge=0, le=MAX_TOKENS,
                                      description="Output tokens per request.")
    cached_input_share: float = Field(default=0.0, ge=0, le=1, allow_inf_nan=False,
                                      description="Share of input tokens read from cache.")
    monthly_budget_usd: float | None = Field(default=None, ge=0, le=MAX_BUDGET_USD,
                                             allow_inf_nan=False,
                                             description="Most the user will spend per month.")
    required_capabilities: list[str] = Field(
        default_factory=list,
        description="Must-have capabilities: vision, audio_input, video_input, pdf_input, "
                    "multimodal, image_output, audio_output, reasoning, function_calling, "
                    "structured_outputs, attachments, open_weights.")
    open_weights_only: bool = Field(default=False, description="Only open-weight models.")
    licenses: list[str] = Field(default_factory=list,
                                description="Acceptable licences, e.g. ['Apache 2.0', 'MIT'].")
    max_parameters_b: float | None = Field(
        default=None, gt=0, le=100_000, allow_inf_nan=False,
        description="Largest acceptable total parameter count, billions ('under 15B' → 15).")
    self_host: bool = Field(default=False, description="Will run the weights on own hardware.")
    gpu_memory_gb: float | None = Field(default=None, gt=0, le=MAX_MEMORY_GB,
                                        allow_inf_nan=False,
                                        description="Memory available for self-hosting (GB).")
    max_input_price_per_m: float | None = Field(
        default=None, ge=0, le=MAX_BUDGET_USD, allow_inf_nan=False,
        description="Highest acceptable input price, USD per 1M tokens ('under $1 per 1M "
                    "input' → 1): a ceiling on a route's listed price, not a workload.")
    max_output_price_per_m: float | None = Field(
        default=None, ge=0, le=MAX_BUDGET_USD, allow_inf_nan=False,
        description="Highest acceptable output price, USD per 1M tokens.")
    min_context: int | None = Field(default=None, ge=0, le=MAX_CONTEXT_TOKENS,
                                    description="Smallest acceptable context window (tokens).")
    languages: list[str] = Field(default_factory=list,
                                 description="Languages that must work.")
    use_case: str | None = Field(default=None, description="e.g. coding, long documents, chat, "
                                                           "classification, vision, agents.")
    providers: list[str] = Field(default_factory=list,
                                 description="Only these providers' routes count.")
    families: list[str] = Field(
        default_factory=list, description="Only models of these families or makers (e.g. "
                                          "'gemma', 'claude', 'qwen3', 'Mistral'): a name "
                                          "prefix or the maker's name.")
    price_basis: Literal["list", "cheapest"] = Field(
        default="list", description="Which price a model's cost quotes: 'list' (default) its "
                                    "maker's list price on the maker's own API, else its "
                                    "cheapest route; 'cheapest' the cheapest route of any "
                                    "provider.")

    @field_validator("requests", "input_tokens", "output_tokens", "cached_input_share",
                     "monthly_budget_usd", "max_parameters_b", "gpu_memory_gb",
                     "max_input_price_per_m", "max_output_price_per_m", "min_context",
                     mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        """``true`` is not a count or a sum (JSON callers would otherwise get 1)."""
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {str(value).lower()}")
        return value

    @model_validator(mode="after")
    def _known_capabilities(self) -> Workload:
        unknown = [c for c in self.required_capabilities if c not in CAPABILITY_KEYS]
        if unknown:
            raise ValueError(f"required_capabilities: unknown {unknown}; "
                             f"known: {sorted(CAPABILITY_KEYS)}")
        return self

    @property
    def requests_per_month(self) -> int | None:
        """Traffic per month (a month is 30 days) or None when not stated."""
        if self.requests is None:
            return None
        return self.requests * DAYS_PER_MONTH if self.period == "day" else self.requests
