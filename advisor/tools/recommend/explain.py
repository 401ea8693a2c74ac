"""Turning scores into words: each pick's reason and its trade-off against its neighbour.

Every sentence is built from the candidate's own figures (its components, prices, limits and
capabilities) and from how they differ from the ranked pool and from the next-ranked model.
"""

from __future__ import annotations

from advisor.catalog.schema import MODELS_DEV_SOURCE
from advisor.tools.capabilities import CAPABILITIES, model_sources
from advisor.tools.cost import route_cost
from advisor.tools.format import tokens, usd
from advisor.tools.recommend.filters import Candidate, Need, quant_label
from advisor.tools.recommend.profiles import CatalogProfiles
from advisor.tools.recommend.result import Pick, ScoreComponent
from advisor.tools.recommend.scoring import Component, Scored

LABELS = {c.key: c.label for c in CAPABILITIES}
COMPONENT_LABELS = {"cost": "cost", "use_case": "use-case fit", "availability": "availability",
                    "recency": "recency", "scale": "size", "benchmarks": "benchmarks",
                    "context": "context headroom", "openness": "openness",
                    "hardware": "hardware fit"}


def pool_means(ranked: list[Scored], names: list[str]) -> dict[str, float]:
    """Mean value of each component over the ranked pool."""
    if not ranked:
        return {}
    return {name: sum(s.values[i] for s in ranked) / len(ranked)
            for i, name in enumerate(names)}


def build_pick(rank: int, s: Scored, ranked: list[Scored], index: int, need: Need,
               means: dict[str, float], fit_rank: int | None = None) -> Pick:
    """A pick with its reason, trade-off, costed route and key facts.

    ``fit_rank`` is its place by fit score when an objective ordered the picks otherwise.
    """
    c = s.candidate
    p = c.profile
    route = None
    if c.paid is not None and c.paid.prices is not None:
        route = route_cost(c.paid.offering, c.paid.prices, need.input_tokens,
                           need.output_tokens, 0, need.cached_share, need.requests_per_month)
    other = index + 1 if index + 1 < len(ranked) else index - 1
    notes = list(route.notes) if route else []
    if c.paid is not None and c.paid.offering.status in ("alpha", "beta"):
        notes.append(f"the costed route is in {c.paid.offering.status}")
    if p.params and p.params.source == "read from the model name":
        notes.append("parameter count read from the model name")
    return Pick(
        rank=rank, model=p.model.name, score=s.total,
        reason=reason(fit_rank or rank, s, means, len(ranked)),
        trade_off=trade_off(s, ranked[other], other + 1) if other >= 0 and other != index
        else None,
        monthly_cost_usd=route.per_month_usd if route else None, route=route,
        free_route=c.free.offering.provider_name if c.free else None,
        context_window=c.context,
        capabilities=[k for k, v in p.caps.items() if v is True and k != "open_weights"],
        open_weights=p.caps.get("open_weights"), license=p.licence,
        providers=len({r.offering.provider_id for r in c.routes}),
        parameters_b=p.params.billions if p.params else None,
        self_host_fit=quant_label(c.fit),
        components=[ScoreComponent(name=x.name, weight=x.weight, value=x.value,
                                   points=round(x.points, 4), detail=x.detail)
                    for x in s.components],
        notes=notes)


def reason(rank: int, s: Scored, means: dict[str, float], pool: int) -> str:
    """Why this model: its strongest components against the pool, and its weakest."""
    def edge(x: Component) -> float:
        return (x.value - means.get(x.name, 0.0)) * x.weight

    comps = sorted(s.components, key=lambda x: (-edge(x), x.name))
    strong = [x for x in comps if edge(x) > 0.002 and x.value >= 0.5][:3] or sorted(
        s.components, key=lambda x: (-x.points, x.name))[:2]
    weak = [x for x in reversed(comps) if edge(x) < -0.002 and x.weight >= 0.1
            and x not in strong][:1]
    text = (f"#{rank} of {pool} by fit ({s.total:.2f}). Strongest: "
            + "; ".join(f"{COMPONENT_LABELS[x.name]}: {x.detail}" for x in strong) + ".")
    if weak:
        text += f" Weakest: {COMPONENT_LABELS[weak[0].name]}: {weak[0].detail}."
    free = s.candidate.free
    if free is not None:
        text += (f" Bonus: a $0 route on {free.offering.provider_name} (free tier; check its "
                 "rate limits).")
    return text


def trade_off(a: Scored, b: Scored, b_rank: int) -> str:
    """What ``a`` gives and costs against ``b``, from their real differences."""
    ca, cb = a.candidate, b.candidate
    pa, pb = ca.profile, cb.profile
    parts: list[str] = []
    if ca.monthly_usd is not None and cb.monthly_usd is not None:
        diff = cb.monthly_usd - ca.monthly_usd
        if abs(diff) > 0.005 * max(ca.monthly_usd, cb.monthly_usd, 1e-9):
            parts.append(f"{usd(abs(diff))}/month {'cheaper' if diff > 0 else 'dearer'} "
                         f"({usd(ca.monthly_usd)} vs {usd(cb.monthly_usd)})")
        else:
            parts.append(f"about the same monthly cost ({usd(ca.monthly_usd)})")
    if ca.context and cb.context and tokens(ca.context) != tokens(cb.context):
        parts.append(f"context {tokens(ca.context)} vs {tokens(cb.context)}")
    gains = [LABELS[k] for k, v in pa.caps.items() if v is True and pb.caps.get(k) is not True]
    losses = [LABELS[k] for k, v in pb.caps.items() if v is True and pa.caps.get(k) is not True]
    if gains:
        parts.append(f"has {', '.join(gains)} which it lacks")
    if losses:
        parts.append(f"lacks {', '.join(losses)}")
    na, nb = pa.providers, pb.providers
    if na != nb:
        parts.append(f"{na} vs {nb} providers")
    if pa.params and pb.params and pa.params.billions != pb.params.billions:
        parts.append(f"{pa.params.billions:g}B vs {pb.params.billions:g}B parameters")
    if pa.licence and pb.licence and pa.licence != pb.licence:
        parts.append(f"licence {pa.licence} vs {pb.licence}")
    if pa.released and pb.released and pa.released != pb.released:
        parts.append(f"released {pa.released.isoformat()} vs {pb.released.isoformat()}")
    gaps = sorted(((x.points - y.points, x.name) for x, y in zip(a.components, b.components,
                                                                  strict=True)),
                  key=lambda g: (-abs(g[0]), g[1]))
    if gaps and abs(gaps[0][0]) > 0:
        gap, name = gaps[0]
        parts.append(f"largest score difference: {COMPONENT_LABELS[name]} ({gap:+.3f})")
    return f"Against {pb.model.name} (#{b_rank}): " + "; ".join(parts) + "."


def language_notes(need: Need, cands: list[Candidate]) -> list[str]:
    """What the curated data says about the requested languages for each pick."""
    notes = []
    for lang in need.languages:
        confirmed: list[str] = []
        unnamed: list[str] = []
        missing: list[str] = []
        absent: list[str] = []
        for c in cands:
            value = c.profile.model.curated_value("languages")
            name = c.profile.model.name
            if isinstance(value, list):
                listed = {str(v).strip().lower() for v in value}
                (confirmed if lang.lower() in listed else absent).append(name)
            elif value is not None:
                unnamed.append(f"{name} ({value} languages)")
            else:
                missing.append(name)
        parts = []
        if confirmed:
            parts.append(f"listed for {', '.join(confirmed)}")
        if absent:
            parts.append(f"not in the curated language list of {', '.join(absent)}")
        if unnamed:
            parts.append(f"not named, though a language count is given: {', '.join(unnamed)}")
        if missing:
            parts.append(f"no language data for {', '.join(missing)}")
        if parts:
            notes.append(f"{lang}: " + "; ".join(parts) + " (not used to exclude).")
    return notes


def pick_sources(cp: CatalogProfiles, cands: list[Candidate]) -> list[str]:
    """Citations: the catalog's routes and prices, and the curated files behind the picks."""
    out = [f"{MODELS_DEV_SOURCE}: routes, prices, limits and capabilities "
           f"({cp.catalog.origin}, as of {cp.catalog.as_of or cp.as_of.isoformat()})"]
    for c in cands:
        if c.profile.curated:
            out += [s for s in model_sources(c.profile.model) if s not in out
                    and not s.startswith("models.dev")]
    return out
