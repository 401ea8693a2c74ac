"""Hard constraints: which models a workload rules out, and why, counted per constraint.

A model is checked constraint by constraint in a fixed order and stops at the first it fails,
so the per-constraint counts add up to the models excluded. Route-level constraints (a
capability, the context, the provider, a price) must hold on one and the same provider route:
the route that is then costed is one that really serves the workload.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from advisor.catalog.names import normalize
from advisor.tools.format import tokens, usd
from advisor.tools.hardware import OVERHEAD_FIXED_GB, OVERHEAD_FRACTION, overhead_gb
from advisor.tools.recommend.profiles import (
    SPECIALTIES,
    CatalogProfiles,
    RankingProfile,
    RankingRoute,
    licence_words,
)
from advisor.tools.weights import QUANT_LABELS, Quantization, best_fit

# Constraint ids in the order they are checked; "capability:<key>" expands per capability.
ORDER = ("scope", "families", "capability", "open_weights", "licenses", "max_parameters_b",
         "gpu_memory_gb", "available",
         "min_context", "providers", "request_size", "priced", "price_ceiling",
         "monthly_budget_usd")
# Constraints a user set and can drop (the others follow from the data or the token sizes).
RELAXABLE_FIELDS = {"families": "families", "capability": "required_capabilities",
                    "open_weights": "open_weights_only",
                    "licenses": "licenses", "max_parameters_b": "max_parameters_b",
                    "gpu_memory_gb": "gpu_memory_gb",
                    "self_host": "self_host", "min_context": "min_context",
                    "providers": "providers", "monthly_budget_usd": "monthly_budget_usd",
                    "price_ceiling": "max_input_price_per_m"}
_GENERATOR_CAPS = {"image_output", "audio_output"}
_PERMISSIVE_SYNONYMS = {"permissive": ("apache", "mit", "bsd"), "osi": ("apache", "mit", "bsd")}


@dataclass(frozen=True)
class Need:
    """A workload with its defaults filled in, as the filters and scores read it."""

    requests_per_month: int
    input_tokens: int
    output_tokens: int
    cached_share: float
    capabilities: tuple[str, ...] = ()
    open_weights: bool = False
    licences: tuple[str, ...] = ()
    self_host: bool = False
    max_params: float | None = None
    gpu_gb: float | None = None
    min_context: int | None = None
    providers: tuple[str, ...] = ()
    budget: float | None = None
    languages: tuple[str, ...] = ()
    use_case: str | None = None
    max_input_price: float | None = None
    max_output_price: float | None = None
    families: tuple[str, ...] = ()  # normalised family prefixes or maker names

    @property
    def request_tokens(self) -> int:
        """Tokens one request occupies in the context window (input plus output)."""
        return self.input_tokens + self.output_tokens

    def without(self, constraint: str) -> Need:
        """This need with one constraint dropped (``capability:vision``, ``licenses``…)."""
        if constraint.startswith("capability:"):
            cap = constraint.split(":", 1)[1]
            return replace(self, capabilities=tuple(c for c in self.capabilities if c != cap))
        if constraint == "self_host":
            return replace(self, self_host=False, gpu_gb=None)
        if constraint == "families":
            return replace(self, families=())
        if constraint == "open_weights":
            return replace(self, open_weights=False)
        if constraint == "licenses":
            return replace(self, licences=())
        if constraint == "max_parameters_b":
            return replace(self, max_params=None)
        if constraint == "gpu_memory_gb":
            return replace(self, gpu_gb=None)
        if constraint == "min_context":
            return replace(self, min_context=None)
        if constraint == "providers":
            return replace(self, providers=())
        if constraint == "monthly_budget_usd":
            return replace(self, budget=None)
        if constraint == "price_ceiling":
            return replace(self, max_input_price=None, max_output_price=None)
        raise ValueError(f"not a constraint that can be dropped: {constraint!r}")

    def active_constraints(self) -> list[str]:
        """The user constraints in force, as ids :meth:`without` accepts."""
        out = ["families"] if self.families else []
        out += [f"capability:{c}" for c in self.capabilities]
        out += ["open_weights"] if self.open_weights and not self.self_host else []
        out += ["licenses"] if self.licences else []
        out += ["max_parameters_b"] if self.max_params else []
        out += ["self_host"] if self.self_host else []
        out += ["gpu_memory_gb"] if self.self_host and self.gpu_gb else []
        out += ["min_context"] if self.min_context else []
        out += ["providers"] if self.providers and not self.self_host else []
        out += ["monthly_budget_usd"] if self.budget is not None and not self.self_host else []
        out += ["price_ceiling"] if self.has_price_ceiling and not self.self_host else []
        return out

    @property
    def has_price_ceiling(self) -> bool:
        """Whether a ceiling on a route's input or output price per 1M tokens is set."""
        return self.max_input_price is not None or self.max_output_price is not None

    def within_price_ceiling(self, route: RankingRoute) -> bool:
        """The route's listed prices are at or under the stated ceilings."""
        prices = route.prices
        if prices is None:
            return False
        for ceiling, price in ((self.max_input_price, prices.input),
                               (self.max_output_price, prices.output)):
            if ceiling is not None and (price is None or price > ceiling):
                return False
        return True


@dataclass(frozen=True)
class Candidate:
    """A model that passed every hard constraint, with the routes that serve the workload."""

    profile: RankingProfile
    routes: tuple[RankingRoute, ...]
    paid: RankingRoute | None
    paid_per_request: float | None
    free: RankingRoute | None
    fit: tuple[Quantization, float] | None
    context: int | None
    monthly_usd: float | None


@dataclass
class Evaluation:
    """The outcome of filtering: survivors and, per constraint, how many it excluded."""

    candidates: list[Candidate] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    free_only: int = 0


def licence_matches(licence_set: frozenset[str], wanted: str) -> bool:
    """Lenient licence match: every word of ``wanted`` appears in the licence's words."""
    words = licence_words(wanted)
    if not words:
        return False
    for key, family in _PERMISSIVE_SYNONYMS.items():
        if words == {key}:
            return any(f in licence_set for f in family)
    return words <= licence_set


def provider_matches(route: RankingRoute, wanted: tuple[str, ...]) -> bool:
    """Whether a route belongs to one of the wanted providers (lenient names)."""
    return any(w in route.provider_keys for w in wanted)


def in_family(p: RankingProfile, families: tuple[str, ...]) -> bool:
    """Whether a model's catalog key starts with a family name, or its maker is the name."""
    maker = normalize(p.model.maker or "")
    return any(p.model.key.startswith(f) or (maker and maker.startswith(f)) for f in families)


def _scope_ok(p: RankingProfile, need: Need) -> bool:
    if p.specialty is None:
        return True
    use = (need.use_case or "").lower()
    for label, _, words in SPECIALTIES:
        if label == p.specialty:
            return any(w in use for w in words)
    return p.specialty.endswith("generator") and bool(_GENERATOR_CAPS & set(need.capabilities))


def check(p: RankingProfile, need: Need, costs: Mapping[int, float],
          ) -> tuple[str | None, bool, Candidate | None]:
    """First failed constraint id (or None), whether it failed on unknown data, the candidate."""
    if not _scope_ok(p, need):
        return "scope", False, None
    if need.families and not in_family(p, need.families):
        return "families", False, None
    for cap in need.capabilities:
        if p.caps.get(cap) is not True:
            return f"capability:{cap}", p.caps.get(cap) is None, None
    if (need.open_weights or need.self_host) and p.caps["open_weights"] is not True:
        return "open_weights", p.caps["open_weights"] is None, None
    if need.licences:
        if p.licence is None:
            return "licenses", True, None
        if not any(licence_matches(p.licence_words, w) for w in need.licences):
            return "licenses", False, None
    if need.max_params is not None:
        if p.params is None:
            return "max_parameters_b", True, None
        if p.params.billions > need.max_params:
            return "max_parameters_b", False, None
    fit = None
    if need.self_host and need.gpu_gb:
        if p.params is None:
            return "gpu_memory_gb", True, None
        fit = best_fit(p.params.billions, need.gpu_gb, overhead_gb)
        if fit is None:
            return "gpu_memory_gb", False, None
    if need.self_host:
        return _self_hosted(p, need, fit, costs)
    return _hosted(p, need, costs)


def _self_hosted(p: RankingProfile, need: Need, fit: tuple[Quantization, float] | None,
                 costs: Mapping[int, float]) -> tuple[str | None, bool, Candidate | None]:
    context = p.context
    if need.min_context and (context or 0) < need.min_context:
        return "min_context", context is None, None
    if context and context < need.request_tokens:
        return "request_size", False, None
    routes = p.active_routes
    paid, cost, free = _cheapest(routes, costs)
    monthly = cost * need.requests_per_month if cost is not None else None
    return None, False, Candidate(p, routes, paid, cost, free, fit, context, monthly)


def _hosted(p: RankingProfile, need: Need, costs: Mapping[int, float],
            ) -> tuple[str | None, bool, Candidate | None]:
    routes = p.active_routes
    if not routes:
        return "available", False, None
    for cap in need.capabilities:
        routes = tuple(r for r in routes if cap in r.caps)
        if not routes:
            return f"capability:{cap}", False, None
    if need.min_context:
        fallback = p.context
        unknown = all((r.context or fallback) is None for r in routes)
        routes = tuple(r for r in routes if (r.context or fallback or 0) >= need.min_context)
        if not routes:
            return "min_context", unknown, None
    if need.providers:
        routes = tuple(r for r in routes if provider_matches(r, need.providers))
        if not routes:
            return "providers", False, None
    size, out = need.request_tokens, need.output_tokens
    if any((r.context is not None and r.context < size)
           or (r.output_limit is not None and r.output_limit < out) for r in routes):
        routes = tuple(r for r in routes if (r.context is None or r.context >= size)
                       and (r.output_limit is None or r.output_limit >= out))
        if not routes:
            return "request_size", False, None
    paid, cost, free = _cheapest(routes, costs)
    if paid is None or cost is None:
        return "priced", free is None, None
    if need.has_price_ceiling:
        routes = tuple(r for r in routes if need.within_price_ceiling(r))
        paid, cost, free = _cheapest(routes, costs)
        if paid is None or cost is None:
            return "price_ceiling", False, None
    monthly = cost * need.requests_per_month
    if need.budget is not None and monthly > need.budget:
        return "monthly_budget_usd", False, None
    context = p.context if routes is p.active_routes else max(
        (w for r in routes if (w := _window(r, p))), default=p.context)
    return None, False, Candidate(p, routes, paid, cost, free, None, context, monthly)


def _window(route: RankingRoute, p: RankingProfile) -> int | None:
    """A route's context as shown, never above the model's headline figure.

    A listing wider than the maker's word is a disagreement (shown by specs), not a bigger window.
    (The min-context filter still trusts each route's own listing.)
    """
    if route.context is None:
        return p.context
    return min(route.context, p.context) if p.context else route.context


def _cheapest(routes: tuple[RankingRoute, ...], costs: Mapping[int, float],
              ) -> tuple[RankingRoute | None, float | None, RankingRoute | None]:
    """The cheapest paid route (ties: by route name), its per-request cost, a $0 route."""
    best: RankingRoute | None = None
    best_cost = 0.0
    free = None
    for r in routes:
        if r.free:
            free = free or r
            continue
        cost = costs.get(id(r))
        if cost is None:
            continue
        if best is None or cost < best_cost or (
                cost == best_cost and r.offering.route < best.offering.route):
            best, best_cost = r, cost
    return (best, best_cost, free) if best else (None, None, free)


def evaluate(cp: CatalogProfiles, need: Need) -> Evaluation:
    """Check every model against the need; count exclusions by constraint."""
    result = Evaluation()
    costs = cp.route_costs(need.input_tokens, need.output_tokens, need.cached_share)
    for p in cp.profiles:
        failed, unknown, cand = check(p, need, costs)
        if cand is not None:
            result.candidates.append(cand)
            continue
        assert failed is not None
        result.excluded[failed] += 1
        if unknown:
            result.unknown[failed] += 1
        elif failed == "priced":
            result.free_only += 1
    return result


def describe(constraint: str, need: Need) -> str:
    """The constraint as a person would state it."""
    if constraint.startswith("capability:"):
        return f"must have {constraint.split(':', 1)[1].replace('_', ' ')}"
    gpu = need.gpu_gb or 0
    texts = {
        "scope": "general text models only (embeddings, rerankers, speech, OCR, safety "
                 "classifiers, media generators and family entries set apart)",
        "available": "at least one provider route that is not deprecated",
        "families": "models of the " + " or ".join(need.families) + " family",
        "open_weights": "open weights" + (" (needed to self-host)" if need.self_host else ""),
        "licenses": "licence: " + " or ".join(need.licences),
        "max_parameters_b": f"at most {need.max_params or 0:g}B parameters in total",
        "self_host": "self-hosting (open weights; API prices only for reference)",
        "gpu_memory_gb": f"fits {gpu:g} GB: weights at 4-bit or better (parameters × 0.5 GB "
                         f"per billion at 4-bit) plus {OVERHEAD_FRACTION:.0%} + "
                         f"{OVERHEAD_FIXED_GB:g} GB runtime overhead",
        "min_context": f"context ≥ {tokens(need.min_context)} tokens",
        "providers": "served by " + ", ".join(need.providers),
        "request_size": f"a route whose context holds {tokens(need.request_tokens)} tokens "
                        f"and whose output limit allows {tokens(need.output_tokens)}",
        "priced": "a paid route with input and output prices (a $0 free tier alone cannot "
                  "carry production traffic)",
        "price_ceiling": "a route priced at most " + " and ".join(
            f"{usd(c)} per 1M {side} tokens" for side, c in
            (("input", need.max_input_price), ("output", need.max_output_price))
            if c is not None),
        "monthly_budget_usd": f"≤ {usd(need.budget)}/month at "
                              f"{need.requests_per_month:,} requests",
    }
    return texts[constraint]


def field_of(constraint: str) -> str:
    """The Workload field a constraint comes from."""
    base = constraint.split(":", 1)[0]
    return {**RELAXABLE_FIELDS, "scope": "use_case", "available": "(catalog)",
            "request_size": "input_tokens/output_tokens", "priced": "(catalog)"}[base]


def order_key(constraint: str) -> int:
    """Sort position of a constraint id in the checking order."""
    return ORDER.index(constraint.split(":", 1)[0])


def quant_label(fit: tuple[Quantization, float] | None) -> str | None:
    """``8-bit (≈ 19.2 GB)`` for a fit, else None."""
    return f"{QUANT_LABELS[fit[0]]} (≈ {fit[1]:.1f} GB with overhead)" if fit else None


def normalize_providers(providers: list[str]) -> tuple[str, ...]:
    """Provider names as route keys compare them."""
    return tuple(dict.fromkeys(normalize(p) for p in providers if p.strip()))
