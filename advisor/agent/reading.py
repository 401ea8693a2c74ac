"""The typed reading of one question: what is asked, about which models, with which numbers.

The offline planner produces a :class:`Reading` for every question; it is kept in the thread
state, the planner builds its calls from it and the responder states it in one short
"Read as: …" line whenever anything was inferred (a total, a short name, a carried-over
brand, a follow-up change, a default). Each number keeps its unit and whether it is a size per
request, a total over a period, a rate, a ceiling or a share, so a monthly total is never
multiplied by a default traffic again.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Objective = Literal["cheapest", "fastest", "largest_context", "smallest", "newest", "best_for"]
UseCase = Literal["coding", "agents", "long_documents", "retrieval", "multilingual",
                  "reasoning", "vision", "on_device", "safety"]
Basis = Literal["per_request", "total", "rate", "ceiling", "limit", "share", "multiplier"]
Resolution = Literal["exact", "fuzzy", "short_name", "brand_carried", "smallest_member",
                     "relative", "reference", "thread", "unknown"]
Answer = Literal["per_call", "per_year", "requests_for_budget", "budget_fit", "per_requests",
                 "limit_fit"]

OBJECTIVES: tuple[str, ...] = ("cheapest", "fastest", "largest_context", "smallest", "newest",
                               "best_for")
USE_CASES: tuple[str, ...] = ("coding", "agents", "long_documents", "retrieval", "multilingual",
                              "reasoning", "vision", "on_device", "safety")


class ModelRef(BaseModel):
    """A model the question is about, and how its name was read."""

    name: str = Field(description="Catalog name (or the name as typed when unknown).")
    text: str = Field(default="", description="The words of the question it was read from.")
    how: Resolution = "exact"


class Figure(BaseModel):
    """One number the question states, with its unit and what it measures."""

    field: str = Field(description="What it sets: input_tokens, requests, users, "
                                   "monthly_budget_usd, max_output_price_per_m, …")
    value: float
    unit: str = Field(description="tokens, requests, users, USD, USD per 1M tokens, GB, "
                                  "share, times")
    basis: Basis
    period: str | None = Field(default=None, description="day, month, year… for totals, "
                                                         "rates and budgets")
    text: str = Field(default="", description="How the question wrote it.")


class Limits(BaseModel):
    """Hard requirements: capabilities, openness, licences, languages, prices, context."""

    capabilities: list[str] = Field(default_factory=list)
    open_weights_only: bool = False
    self_host: bool = False
    licenses: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    max_input_price_per_m: float | None = None
    max_output_price_per_m: float | None = None
    monthly_budget_usd: float | None = None
    min_context: int | None = None
    gpu_memory_gb: float | None = None
    max_parameters_b: float | None = None


class Reading(BaseModel):
    """How the offline planner read one question (after the thread was taken into account)."""

    question: str = ""
    intent: str = Field(default="", description="specs, cost, compare, diff, recommend, "
                                                "alternative, hardware, document, help, "
                                                "unknown, invalid")
    models: list[ModelRef] = Field(default_factory=list)
    provider: str | None = Field(default=None, description="A route the question asks for.")
    figures: list[Figure] = Field(default_factory=list)
    workload: dict[str, Any] = Field(default_factory=dict,
                                     description="The effective Workload fields (profile + "
                                                 "thread + question), per request.")
    totals: dict[str, int] = Field(default_factory=dict,
                                   description="Token totals as stated: input/output/"
                                               "reasoning per `total_period`.")
    total_period: str | None = None
    total_period_assumed: bool = Field(
        default=False, description="No period was stated for the totals (month was taken).")
    constraints: Limits = Field(default_factory=Limits)
    objective: Objective | None = None
    use_case: UseCase | None = None
    answer_for: Answer | None = Field(default=None,
                                      description="What the headline should be: one call's "
                                                  "cost, a year, what a budget buys, a yes/no "
                                                  "fit.")
    limit_tokens: dict[str, int] = Field(
        default_factory=dict, description="For limit_fit: the input and output sizes to check "
                                          "against the context window and max output.")
    budget_usd: float | None = Field(default=None, description="The sum for requests_for_"
                                                               "budget / budget_fit, per month.")
    asked: str = Field(default="", description="A bare follow-up (\"and pro?\") asks the "
                       "facts an earlier question asked: that question, read with this one.")
    changes: list[str] = Field(default_factory=list,
                               description="What this follow-up changed, in words.")
    inferred: list[str] = Field(default_factory=list,
                                description="What was inferred or assumed, in words.")
    errors: list[str] = Field(default_factory=list,
                              description="Numbers that cannot be right, named.")
    derived: dict[str, float] = Field(default_factory=dict,
                                      description="Figures worked out for the headline (a "
                                                  "year, what a budget buys, the margin).")

    def hint(self) -> dict[str, Any]:
        """What an LLM planner is shown of this reading: the values to call tools with."""
        out: dict[str, Any] = {
            "models": [m.name for m in self.models], "workload": self.workload,
            "constraints": self.constraints.model_dump(exclude_defaults=True),
            "objective": self.objective, "use_case": self.use_case,
            "answer_for": self.answer_for, "provider": self.provider,
            "totals_as_stated": ({**self.totals, "per": self.total_period}
                                 if self.totals else None),
            "inferred": self.inferred, "impossible_numbers": self.errors}
        return {k: v for k, v in out.items() if v not in (None, [], {}, "")}

    def read_as(self) -> str | None:
        """The one-line "Read as: …" statement, or None when nothing was inferred."""
        if not (self.inferred or self.changes):
            return None
        return "Read as: " + "; ".join(dict.fromkeys([*self.inferred, *self.changes])) + "."


def describe_tokens(totals: dict[str, int], period: str | None) -> str:
    """``40M input + 6M output tokens a month in total`` from a totals mapping."""
    parts = [f"{_short(totals[k])} {k}" for k in ("input", "output", "reasoning") if totals.get(k)]
    if not parts and totals.get("all"):
        parts = [f"{_short(totals['all'])}"]
    per = f" a {period}" if period else ""
    return " + ".join(parts) + f" tokens{per} in total"


def _short(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.4g}{suffix}"
    return f"{value:,.0f}"
