"""What a thread remembers between turns, and the workload it adds up to.

The effective workload of a question is: the sidebar profile, overlaid with what the user stated
earlier in the thread, overlaid with what this question states. When the profile changes
mid-conversation, the changed fields of the profile win over older statements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.agent.offline.constraints import Constraints
from advisor.agent.offline.quantities import Quantities

LIST_FIELDS = ("required_capabilities", "licenses", "languages", "providers")
FLAG_FIELDS = ("open_weights_only", "self_host")
CONSTRAINT_FIELDS = ("required_capabilities", "licenses", "languages", "use_case",
                     "open_weights_only", "self_host", "monthly_budget_usd", "min_context",
                     "gpu_memory_gb", "max_input_price_per_m", "max_output_price_per_m",
                     "max_parameters_b")


@dataclass
class ThreadContext:
    """The offline planner's memory of a thread (plain data, stored by the checkpointer)."""

    models: list[str] = field(default_factory=list)
    focus: str | None = None
    candidates: list[str] = field(default_factory=list)
    intent: str | None = None
    stated: dict[str, Any] = field(default_factory=dict)
    profile_seen: dict[str, Any] = field(default_factory=dict)
    hardware: str | None = None
    quantization: str | None = None
    context_tokens: int | None = None
    reasoning_tokens: int | None = None
    objective: str | None = None
    batch: bool = False
    turns: int = 0
    asked: str | None = None  # the last question that asked for particular facts

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ThreadContext:
        """Rebuild from stored state; unknown keys are ignored."""
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the checkpointer."""
        return asdict(self)

    def apply_profile(self, profile: dict[str, Any] | None) -> None:
        """Let fields the user just changed in the profile win over older statements."""
        profile = profile or {}
        for key, value in profile.items():
            if key in self.profile_seen and self.profile_seen[key] != value:
                self.stated.pop(key, None)
                if key == "requests":
                    self.stated.pop("period", None)
        self.profile_seen = dict(profile)

    def state(self, q: Quantities, c: Constraints, base_requests: tuple[int, str] | None,
              *, additive: bool = True, per_requests: bool = False) -> list[str]:
        """Merge this question's numbers and constraints into the thread; return notes.

        Traffic and token sizes carry over until restated. Constraints (capabilities,
        openness, licences, budget, minimum context, GPU memory) add up across follow-ups
        ("only open-weight ones", "vision too"); a new question that states constraints of
        its own (not a follow-up) replaces the earlier ones. ``per_requests``: the question
        asks the price of its number of requests ("per 1k requests"), so no month is assumed.
        """
        notes: list[str] = []
        s = self.stated
        dropped = c.dropped
        states_limits = any(v is not None for v in (
            q.monthly_budget_usd, q.min_context, q.gpu_memory_gb, q.max_price_per_m,
            q.max_input_price_per_m, q.max_output_price_per_m))
        if (c.any() or states_limits) and not additive:
            for name in CONSTRAINT_FIELDS:
                s.pop(name, None)
        for name in ("input_tokens", "output_tokens", "monthly_budget_usd", "gpu_memory_gb",
                     "min_context", "cached_input_share"):
            value = getattr(q, name)
            if value is not None:
                s[name] = value
        input_ceiling = q.max_input_price_per_m
        if input_ceiling is None and q.max_output_price_per_m is None:
            input_ceiling = q.max_price_per_m  # "under $1 per 1M tokens": the prompt's price
        for name, ceiling in (("max_input_price_per_m", input_ceiling),
                              ("max_output_price_per_m", q.max_output_price_per_m)):
            if ceiling is not None:
                s[name] = ceiling
        if q.requests is not None:
            s["requests"] = q.requests
            s["period"] = q.period or "month"
            if q.period is None and not per_requests:  # "per 1k requests" assumes no month
                notes.append(f"{q.requests:,} requests with no period stated: taken as per "
                             "month.")
        if q.traffic_multiplier is not None and base_requests is not None:
            requests, period = base_requests
            scaled = int(round(requests * q.traffic_multiplier))
            s["requests"], s["period"] = scaled, period
            notes.append(f"{q.traffic_multiplier:g}× the traffic: {scaled:,} requests per "
                         f"{period}.")
        caps = [x for x in s.get("required_capabilities", []) if x not in dropped]
        caps += [x for x in c.capabilities if x not in caps]
        s["required_capabilities"] = caps
        if c.open_weights_only:
            s["open_weights_only"] = True
        if c.self_host:
            s["self_host"] = True
        if "open_weights" in dropped:
            s["open_weights_only"] = False
            s["self_host"] = False
        for name, values in (("licenses", c.licenses), ("languages", c.languages)):
            if values:
                s[name] = list(dict.fromkeys([*s.get(name, []), *values]))
        if c.use_case:
            s["use_case"] = c.use_case
        if c.max_parameters_b is not None:
            s["max_parameters_b"] = c.max_parameters_b
        if c.cheapest_route:
            s["price_basis"] = "cheapest"
        if c.batch:
            self.batch = True
        notes += q.notes
        return notes

    def workload(self, profile: dict[str, Any] | None) -> dict[str, Any]:
        """Profile overlaid with what the thread stated: Workload fields, unset ones left out."""
        out: dict[str, Any] = {k: v for k, v in (profile or {}).items()  # 0 is a value
                               if v is not None and v is not False and v != [] and v != ""}
        for key, value in self.stated.items():
            if key in LIST_FIELDS:
                merged = list(dict.fromkeys([*out.get(key, []), *value]))
                if merged:
                    out[key] = merged
            elif key in FLAG_FIELDS:
                if value:
                    out[key] = True
                else:
                    out.pop(key, None)
            elif value is not None:
                out[key] = value
        if "requests" in out and "period" not in out:
            out["period"] = "month"
        if out.get("period") == "month" and "requests" not in out:
            out.pop("period")
        return out

    def brand(self) -> str | None:
        """The brand of the model in focus (or first in play): "Claude Opus 4.1" → claude."""
        from advisor.agent.offline.shortnames import brand_of

        name = self.focus or (self.models[0] if self.models else None)
        return brand_of(name) if name else None

    def remember(self, intent: str, models: list[str], focus: str | None) -> None:
        """Record what this turn was about."""
        self.intent = intent
        if len(models) == 1 and models[0] in self.models:
            focus = models[0]  # one of the models in play: keep the group for "the other one"
        elif models:
            self.models = models
        self.focus = focus if focus else (models[0] if len(models) == 1 else self.focus)
        self.turns += 1
