"""Ranking by fit: explicit, weighted score components, each with its own explanation.

Every component is a value from 0 to 1 with a sentence saying where it came from; the score is
the weighted sum. The weights depend on the goal (hosted API use, or self-hosting) and are part
of every result, so a ranking can always be retraced by hand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from advisor.catalog.schema import Benchmark
from advisor.tools.evidence import benchmarks_of, evidence_for, percent_score
from advisor.tools.format import tokens, usd
from advisor.tools.recommend.filters import Candidate, Need
from advisor.tools.recommend.profiles import CatalogProfiles
from advisor.tools.use_cases import UseCase, use_case_for
from advisor.tools.weights import QUANT_LABELS

WEIGHTS_HOSTED = {"cost": 0.25, "use_case": 0.15, "availability": 0.15, "recency": 0.15,
                  "scale": 0.15, "benchmarks": 0.05, "context": 0.05, "openness": 0.05}
WEIGHTS_SELF_HOST = {"hardware": 0.20, "scale": 0.20, "use_case": 0.15, "recency": 0.15,
                     "benchmarks": 0.10, "availability": 0.10, "context": 0.05,
                     "openness": 0.05}
WEIGHTS_SELF_HOST_NO_GPU = {"scale": 0.25, "use_case": 0.20, "recency": 0.20,
                            "benchmarks": 0.10, "availability": 0.15, "context": 0.05,
                            "openness": 0.05}
COST_DECADE = 0.5  # 10× cheaper than the pool's median cost adds 0.5 to the median's 0.5
RECENCY_YEARS = 3.0  # released this long before the catalog date scores 0
ROUTES_FULL = 10  # this many provider routes score 1 for availability
SCALE_FULL_B = 400.0  # parameters (B) scoring 1; 1B scores 0 (log scale)
HEADROOM_FULL = 8.0  # context this many times the need scores 1
NEUTRAL = 0.5  # a component with no data: neither rewarded nor punished
MIN_ROUTES = 2  # "established": this many provider routes, or curated facts

DEFAULT_NICE = ("function_calling", "structured_outputs")


@dataclass(frozen=True)
class Component:
    """One scored aspect of a candidate."""

    name: str
    weight: float
    value: float
    detail: str

    @property
    def points(self) -> float:
        """The component's share of the score."""
        return self.weight * self.value


def weights_for(need: Need) -> dict[str, float]:
    """The weights used for this need."""
    if not need.self_host:
        return WEIGHTS_HOSTED
    return WEIGHTS_SELF_HOST if need.gpu_gb else WEIGHTS_SELF_HOST_NO_GPU


def use_case_of(need: Need) -> tuple[str | None, tuple[str, ...], str | None]:
    """The recognised use case's key, the capabilities it relies on, its specialist pattern.

    From the use-case table (``knowledge/use_cases.yaml``); an unrecognised or missing use
    case likes tool calling and structured outputs.
    """
    uc = use_case_for(need.use_case)
    if uc is None:
        return None, DEFAULT_NICE, None
    nice = tuple(c.key for c in uc.capabilities if c.key != "open_weights") or DEFAULT_NICE
    return uc.key, nice, uc.specialist


@dataclass(frozen=True)
class ScoringContext:
    """What every candidate's score is measured against, computed once per request."""

    need: Need
    weights: dict[str, float]
    median_cost: float | None
    as_of_ordinal: int
    use_case: str | None
    nice: tuple[str, ...]
    special: re.Pattern[str] | None
    static: dict[int, dict[str, float]] | None = None  # id(profile) → workload-free values

    @classmethod
    def build(cls, need: Need, median_cost: float | None, cp: CatalogProfiles,
              ) -> ScoringContext:
        """The context for one need over one ranked pool."""
        label, nice, pattern = use_case_of(need)
        return cls(need, weights_for(need), median_cost, cp.as_of.toordinal(), label, nice,
                   re.compile(pattern, re.I) if pattern else None,
                   _static_table(cp, label, nice, pattern))


# Components that depend only on the model (and the use case): computed once per catalog.
STATIC_PARTS = ("use_case", "availability", "recency", "scale", "benchmarks", "openness")


@lru_cache(maxsize=16)
def _static_table(cp: CatalogProfiles, label: str | None, nice: tuple[str, ...],
                  pattern: str | None) -> dict[int, dict[str, float]]:
    ctx = ScoringContext(Need(0, 0, 0, 0.0), {}, None, cp.as_of.toordinal(), label, nice,
                         re.compile(pattern, re.I) if pattern else None)
    table = {}
    for p in cp.profiles:
        c = Candidate(p, (), None, None, None, None, None, None)
        table[id(p)] = {n: round(_PARTS[n][0](c, ctx), 4) for n in STATIC_PARTS}
    return table


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


# Each component: a fast value (computed for every candidate) and an explanation (computed
# only for the models shown).


def _cost(c: Candidate, ctx: ScoringContext) -> float:
    if c.monthly_usd is None or c.paid is None:
        return NEUTRAL
    if not ctx.median_cost or not c.monthly_usd:
        return 1.0
    return _clamp(NEUTRAL + COST_DECADE * math.log10(ctx.median_cost / c.monthly_usd))


def _cost_text(c: Candidate, ctx: ScoringContext) -> str:
    if c.monthly_usd is None or c.paid is None:
        return "no paid route to cost"
    text = f"{usd(c.monthly_usd)}/month on {c.paid.offering.provider_name}"
    median = ctx.median_cost
    if not median or not c.monthly_usd:
        return text
    ratio = median / c.monthly_usd
    rel = f"{ratio:.1f}× below" if ratio >= 1 else f"{1 / ratio:.1f}× above"
    return f"{text}, {rel} the median candidate ({usd(median)})"


def _table_use_case(ctx: ScoringContext) -> UseCase | None:
    return use_case_for(ctx.use_case) if ctx.use_case else None


def _special(c: Candidate, ctx: ScoringContext) -> bool:
    if ctx.special is not None and ctx.special.search(c.profile.model.name):
        return True
    uc = _table_use_case(ctx)
    words = (*uc.words, uc.key.replace("_", " ")) if uc else ()
    return any(w in b.lower() for b in c.profile.best_for for w in words)


def _use_case(c: Candidate, ctx: ScoringContext) -> float:
    caps = c.profile.caps
    have = sum(1 for n in ctx.nice if caps.get(n) is True)
    return 0.8 * have / len(ctx.nice) + (0.2 if _special(c, ctx) else 0.0)


def _use_case_text(c: Candidate, ctx: ScoringContext) -> str:
    uc, nice = _table_use_case(ctx), ctx.nice
    label = uc.label if uc else None
    have = [n for n in nice if c.profile.caps.get(n) is True]
    what = f"wanted for {label}" if label else "wanted for general use (no use case stated)"
    have_text = ", ".join(h.replace("_", " ") for h in have) or "none"
    text = f"has {have_text} ({len(have)} of {len(nice)} capabilities {what})"
    return text + (f"; built or recommended for {label}" if _special(c, ctx) else "")


def _availability(c: Candidate, ctx: ScoringContext) -> float:
    return _clamp(math.log2(1 + c.profile.providers) / math.log2(1 + ROUTES_FULL))


def _availability_text(c: Candidate, ctx: ScoringContext) -> str:
    n = c.profile.providers
    return f"served by {n} provider{'s' if n != 1 else ''} in the catalog"


def _recency(c: Candidate, ctx: ScoringContext) -> float:
    if c.profile.released is None:
        return 0.0
    age = (ctx.as_of_ordinal - c.profile.released.toordinal()) / 365.25
    return _clamp(1 - age / RECENCY_YEARS)


def _recency_text(c: Candidate, ctx: ScoringContext) -> str:
    released = c.profile.released
    return f"released {released.isoformat()}" if released else "no release date on file"


def _scale(c: Candidate, ctx: ScoringContext) -> float:
    params = c.profile.params
    if params is None:
        return NEUTRAL
    return _clamp(math.log10(max(params.billions, 1.0)) / math.log10(SCALE_FULL_B))


def _scale_text(c: Candidate, ctx: ScoringContext) -> str:
    params = c.profile.params
    if params is None:
        return "parameter count not published (neutral)"
    origin = "curated" if params.source.startswith("curated") else "from the name"
    return f"{params.billions:g}B parameters ({origin})"


def _marks(c: Candidate, ctx: ScoringContext) -> list[Benchmark]:
    return [b for b in benchmarks_of(c.profile.model) if percent_score(b) is not None]


def _benchmarks(c: Candidate, ctx: ScoringContext) -> float:
    """With a use case: its evidence (the table's weighted mean); else every score's mean."""
    uc = _table_use_case(ctx)
    if uc is not None:
        ev = evidence_for(c.profile.model, uc, c.profile.caps)
        return ev.score / 100 if ev.score is not None else NEUTRAL
    marks = _marks(c, ctx)
    return sum(percent_score(b) or 0.0 for b in marks) / len(marks) / 100 if marks else NEUTRAL


def _benchmarks_text(c: Candidate, ctx: ScoringContext) -> str:
    uc = _table_use_case(ctx)
    if uc is not None:
        ev = evidence_for(c.profile.model, uc, c.profile.caps)
        if ev.score is None:
            return f"no {uc.label} benchmark scores on file (neutral)"
        return f"{uc.label} evidence {ev.score:.1f}: {ev.summary()}"
    marks = _marks(c, ctx)
    if not marks:
        return "no benchmark scores on file (neutral)"
    mean = sum(percent_score(b) or 0.0 for b in marks) / len(marks)
    return (f"mean {mean:.1f} over {len(marks)} score(s): "
            + ", ".join(f"{b.name} {b.score:g}" for b in marks[:3]))


def _wanted(ctx: ScoringContext) -> int:
    return max(ctx.need.min_context or 0, ctx.need.request_tokens, 1)


def _context(c: Candidate, ctx: ScoringContext) -> float:
    if not c.context:
        return 0.0
    ratio = c.context / _wanted(ctx)
    return _clamp(math.log2(max(ratio, 1.0)) / math.log2(HEADROOM_FULL))


def _context_text(c: Candidate, ctx: ScoringContext) -> str:
    if not c.context:
        return "context window unknown"
    wanted = _wanted(ctx)
    return f"{tokens(c.context)} context, {c.context / wanted:,.1f}× the {tokens(wanted)} needed"


def _openness(c: Candidate, ctx: ScoringContext) -> float:
    if c.profile.caps.get("open_weights") is not True:
        return 0.0
    return 1.0 if c.profile.permissive else 0.7


def _openness_text(c: Candidate, ctx: ScoringContext) -> str:
    ow, licence = c.profile.caps.get("open_weights"), c.profile.licence
    if ow is not True:
        return "closed weights" if ow is False else "openness unknown"
    if c.profile.permissive:
        return f"open weights, permissive licence ({licence})"
    return "open weights" + (f" ({licence} licence)" if licence else "")


def _hardware(c: Candidate, ctx: ScoringContext) -> float:
    if c.fit is None or not ctx.need.gpu_gb:
        return 0.0
    return {"bf16": 1.0, "8bit": 0.75, "4bit": 0.5}[c.fit[0]]


def _hardware_text(c: Candidate, ctx: ScoringContext) -> str:
    if c.fit is None or not ctx.need.gpu_gb:
        return "no fit computed"
    quant, gb = c.fit
    return f"fits {ctx.need.gpu_gb:g} GB at {QUANT_LABELS[quant]} (≈ {gb:.1f} GB with overhead)"


Part = Callable[[Candidate, ScoringContext], float]
Text = Callable[[Candidate, ScoringContext], str]
_PARTS: dict[str, tuple[Part, Text]] = {
    "cost": (_cost, _cost_text), "use_case": (_use_case, _use_case_text),
    "availability": (_availability, _availability_text),
    "recency": (_recency, _recency_text), "scale": (_scale, _scale_text),
    "benchmarks": (_benchmarks, _benchmarks_text), "context": (_context, _context_text),
    "openness": (_openness, _openness_text), "hardware": (_hardware, _hardware_text)}


@dataclass(frozen=True)
class Scored:
    """A candidate's component values (in ``weights`` order), total, and explanations."""

    candidate: Candidate
    values: tuple[float, ...]
    total: float
    components: tuple[Component, ...] = ()


def score(c: Candidate, ctx: ScoringContext) -> Scored:
    """A candidate's component values and weighted total (fast: no explanations)."""
    known = ctx.static.get(id(c.profile), {}) if ctx.static else {}
    values = tuple(known[name] if name in known else round(_PARTS[name][0](c, ctx), 4)
                   for name in ctx.weights)
    total = sum(w * v for w, v in zip(ctx.weights.values(), values, strict=True))
    return Scored(c, values, round(total, 4))


def explained(s: Scored, ctx: ScoringContext) -> Scored:
    """The same score with every component's explanation written out."""
    comps = tuple(Component(name, weight, value, _PARTS[name][1](s.candidate, ctx))
                  for (name, weight), value in zip(ctx.weights.items(), s.values, strict=True))
    return Scored(s.candidate, s.values, s.total, comps)


def established(c: Candidate) -> bool:
    """Served by at least :data:`MIN_ROUTES` providers, or backed by curated facts."""
    return c.profile.curated or c.profile.providers >= MIN_ROUTES


def rank(pool: list[Candidate], need: Need, cp: CatalogProfiles,
         ) -> tuple[list[Scored], ScoringContext]:
    """Score and sort a pool, best first; one entry per display name.

    Ties break on monthly cost, then name, so the order is deterministic. The cost component
    is measured against the pool's median monthly cost.
    """
    costs = sorted(c.monthly_usd for c in pool if c.monthly_usd is not None
                   and c.paid is not None)
    median = costs[len(costs) // 2] if costs else None
    ctx = ScoringContext.build(need, median, cp)
    scored = [score(c, ctx) for c in pool]
    inf = float("inf")
    scored.sort(key=lambda s: (-s.total, s.candidate.monthly_usd if s.candidate.monthly_usd
                               is not None else inf, s.candidate.profile.model.name,
                               s.candidate.profile.model.key))
    seen: set[str] = set()
    unique = []
    for s in scored:  # two catalog entries with one display name: keep the better ranked
        name = s.candidate.profile.model.name.lower()
        if name not in seen:
            seen.add(name)
            unique.append(s)
    return unique, ctx
