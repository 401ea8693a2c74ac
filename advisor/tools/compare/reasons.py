"""Decision trade-offs and switch friction, each sentence derived from a difference in the data.

A reason is written only where the compared values differ and both are known; an unknown value
is never read as "no" (it is named as unknown instead).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.compare.costs import CostSection
from advisor.tools.compare.profile import ModelProfile, PriceRef
from advisor.tools.format import usd
from advisor.tools.workload import Workload

ReasonKind = Literal["context", "output", "capabilities", "price", "providers", "openness",
                     "license", "benchmarks", "hardware", "best_for"]
CAP_LABELS = {c.key: c.label for c in CAPABILITIES}
_TRADE_CAPS = [c.key for c in CAPABILITIES if c.key != "open_weights"]  # openness apart
MAX_BENCHMARK_REASONS = 3


class Reason(BaseModel):
    """One reason to choose a model, with the kind of data it rests on."""

    kind: ReasonKind
    text: str


class TradeOff(BaseModel):
    """When to choose one model over the others."""

    model: str
    reasons: list[Reason] = Field(default_factory=list)
    none_found: str | None = Field(default=None, description="Said when no reason was found.")


class Friction(BaseModel):
    """What changes when traffic moves from one model to another."""

    from_model: str
    to_model: str
    shared_providers: list[str] = Field(default_factory=list)
    items: list[str]


def ratio_text(big: float, small: float) -> str:
    """``32×``, ``2×``, ``3.8×``."""
    r = big / small
    return f"{r:.0f}×" if r >= 10 or abs(r - round(r)) < 0.05 else f"{r:.1f}×"


def _names(profiles: list[ModelProfile]) -> str:
    return ", ".join(p.name for p in profiles)


def _strictly_most(p: ModelProfile, others: list[ModelProfile], value: str,
                   higher: bool = True) -> list[ModelProfile] | None:
    """The others, if ``p``'s value beats every other known value and all are known."""
    mine = getattr(p, value)
    theirs = [getattr(o, value) for o in others]
    if mine is None or any(t is None for t in theirs):
        return None
    return others if all((mine > t) if higher else (mine < t) for t in theirs) else None


def _context(p: ModelProfile, others: list[ModelProfile], w: Workload | None) -> list[Reason]:
    out = []
    if _strictly_most(p, others, "context_window") and p.context_window:
        runner = max(others, key=lambda o: o.context_window or 0)
        text = (f"Fits {ratio_text(p.context_window, runner.context_window or 1)} more tokens: "
                f"{p.context_window:,} tokens vs {runner.context_window:,} "
                f"for {runner.name}, for long documents, retrieval packs and transcripts.")
        if w and w.min_context and (runner.context_window or 0) < w.min_context \
                <= p.context_window:
            text += f" Your workload needs {w.min_context:,} tokens."
        out.append(Reason(kind="context", text=text))
    if _strictly_most(p, others, "max_output") and p.max_output:
        runner = max(others, key=lambda o: o.max_output or 0)
        out.append(Reason(kind="output", text=(
            f"Longer responses: up to {p.max_output:,} output tokens vs "
            f"{runner.max_output:,} for {runner.name}.")))
    return out


def _capabilities(p: ModelProfile, others: list[ModelProfile],
                  w: Workload | None) -> list[Reason]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for cap in _TRADE_CAPS:
        if p.capabilities.get(cap) is not True:
            continue
        lacking = tuple(o.name for o in others if o.capabilities.get(cap) is False)
        if lacking:
            groups.setdefault(lacking, []).append(cap)
    out = []
    for lacking, caps in groups.items():
        needed = [CAP_LABELS[c] for c in caps if w and c in w.required_capabilities]
        text = (f"Supports {', '.join(CAP_LABELS[c] for c in caps)}, which "
                f"{', '.join(lacking)} {'lacks' if len(lacking) == 1 else 'lack'}.")
        if needed:
            text += f" Your workload requires {', '.join(needed)}."
        out.append(Reason(kind="capabilities", text=text))
    return out


def _price(p: ModelProfile, others: list[ModelProfile], costs: CostSection) -> list[Reason]:
    out: list[Reason] = []
    mine = _quoted(p, costs)
    if mine is None:
        return out
    unpriced = [o for o in others if o.cheapest_output is None]
    priced = [(o, ref) for o in others if (ref := _quoted(o, costs)) is not None]
    if priced and all(mine.output_per_m < ref.output_per_m for _, ref in priced):
        runner, theirs = min(priced, key=lambda pair: pair[1].output_per_m)
        text = (f"Cheaper per token: {mine.describe()} vs {theirs.describe()} for {runner.name}"
                + (f" ({ratio_text(theirs.output_per_m, mine.output_per_m)} lower)"
                   if mine.output_per_m else "") + ".")
        monthly = {c.model: c.per_month_usd for c in costs.costs}
        if monthly.get(p.name) is not None and monthly.get(runner.name) is not None:
            text += (f" At the stated traffic: {usd(monthly[p.name])} vs "
                     f"{usd(monthly[runner.name])} a month.")
        out.append(Reason(kind="price", text=text))
    else:
        out += _cheapest_month(p, costs)
    if unpriced:
        out.append(Reason(kind="price", text=(
            f"Has a paid per-token price in the catalog ({mine.describe()}); "
            f"{_names(unpriced)} {'has' if len(unpriced) == 1 else 'have'} none, so "
            "its hosted cost is unknown.")))
    return out


def _quoted(p: ModelProfile, costs: CostSection) -> PriceRef | None:
    """The per-token price a ratio uses: the maker's list price unless the cheapest was asked."""
    if costs.traffic.price_basis == "list" and not costs.traffic.providers and p.list_price:
        return p.list_price
    return p.cheapest_output


def _cheapest_month(p: ModelProfile, costs: CostSection) -> list[Reason]:
    """A reason when ``p`` costs least at the stated traffic though not per output token."""
    mine = next((c for c in costs.costs if c.model == p.name), None)
    rest = [c for c in costs.costs if c.model != p.name]
    if mine is None or mine.per_month_usd is None or not rest \
            or any(c.per_month_usd is None or c.per_month_usd <= mine.per_month_usd
                   for c in rest):
        return []
    runner = min(rest, key=lambda c: c.per_month_usd or 0.0)
    return [Reason(kind="price", text=(
        f"Cheapest at the stated traffic: {usd(mine.per_month_usd)} a month on "
        f"{mine.provider} vs {usd(runner.per_month_usd)} for {runner.model} on "
        f"{runner.provider}."))]


def _providers(p: ModelProfile, others: list[ModelProfile]) -> list[Reason]:
    if not _strictly_most(p, others, "route_count"):
        return []
    runner = max(others, key=lambda o: o.route_count)
    return [Reason(kind="providers", text=(
        f"More provider routes ({p.route_count} vs {runner.route_count} for {runner.name}): "
        "more fallback and procurement options."))]


def _openness(p: ModelProfile, others: list[ModelProfile]) -> list[Reason]:
    closed = [o for o in others if o.open_weights is False]
    if p.open_weights is not True or not closed:
        return []
    return [Reason(kind="openness", text=(
        f"Open weights: you can self-host, fine-tune and keep data in-house; "
        f"{_names(closed)} {'is' if len(closed) == 1 else 'are'} API-only."))]


def _commercial_free(p: ModelProfile) -> bool | None:
    if p.commercial_use:
        return p.commercial_use.lower().startswith("permitted")
    return None


def _license(p: ModelProfile, others: list[ModelProfile]) -> list[Reason]:
    if _commercial_free(p) is not True:
        return []
    conditional = [o for o in others if _commercial_free(o) is False and o.license != p.license]
    if not conditional:
        return []
    terms = "; ".join(f"{o.name}: {o.license or 'licence not stated'} "
                      f"({o.commercial_use})" for o in conditional)
    return [Reason(kind="license", text=(
        f"Licence {p.license or '(not named)'} permits commercial use without extra terms; "
        f"{terms}."))]


def shared_benchmarks(profiles: list[ModelProfile]) -> dict[str, dict[str, tuple[float, str]]]:
    """Benchmark name → model → (score, source), for names every compared model reports."""
    per_model = [{b.name: (b.score, b.source) for b in p.benchmarks} for p in profiles]
    names = set(per_model[0]).intersection(*per_model[1:]) if per_model else set()
    return {n: {p.name: pm[n] for p, pm in zip(profiles, per_model, strict=True)}
            for n in sorted(names)}


def _benchmarks(p: ModelProfile, shared: dict[str, dict[str, tuple[float, str]]]) -> list[Reason]:
    wins = []
    for name, scores in shared.items():
        if len({src for _, src in scores.values()}) != 1:
            continue  # different sources: not comparable side by side
        mine = scores[p.name][0]
        rest = [s for m, (s, _) in scores.items() if m != p.name]
        if all(mine > s for s in rest):
            wins.append((mine - max(rest), name, mine, max(rest)))
    wins.sort(reverse=True)
    out = [Reason(kind="benchmarks", text=f"Scores higher on {name}: {mine:g} vs {best:g}.")
           for _, name, mine, best in wins[:MAX_BENCHMARK_REASONS]]
    if len(wins) > MAX_BENCHMARK_REASONS:
        out.append(Reason(kind="benchmarks", text=(
            f"…and on {len(wins) - MAX_BENCHMARK_REASONS} more shared benchmark(s).")))
    return out


def _hardware(p: ModelProfile, others: list[ModelProfile], w: Workload | None) -> list[Reason]:
    if p.open_weights is not True or any(o.open_weights is not True for o in others):
        return []
    out = []
    lighter = _strictly_most(p, others, "self_host_gb", higher=False)
    if lighter and p.self_host_gb is not None:
        runner = min(others, key=lambda o: o.self_host_gb or 0.0)
        text = (f"Lighter to self-host: about {p.self_host_gb:.1f} GB at 4-bit vs "
                f"{runner.self_host_gb or 0:.1f} GB for {runner.name} (weights + overhead, "
                "before the KV cache).")
        if w and w.gpu_memory_gb and p.self_host_gb <= w.gpu_memory_gb < (
                runner.self_host_gb or 0):
            text += f" Only it fits your {w.gpu_memory_gb:g} GB."
        out.append(Reason(kind="hardware", text=text))
    faster = _strictly_most(p, others, "parameters_active_b", higher=False)
    if faster and p.parameters_active_b is not None:
        runner = min(others, key=lambda o: o.parameters_active_b or 0.0)
        out.append(Reason(kind="hardware", text=(
            f"Reads fewer weights per generated token ({p.parameters_active_b:g}B parameters "
            f"per token vs {runner.parameters_active_b:g}B for {runner.name}): a higher "
            "decode-speed ceiling on the same hardware.")))
    return out


def _best_for(p: ModelProfile, others: list[ModelProfile]) -> list[Reason]:
    theirs = {t.lower() for o in others for t in o.best_for}
    own = [t for t in p.best_for if t.lower() not in theirs]
    if not own:
        return []
    return [Reason(kind="best_for", text=(
        f"Curated sources recommend it for {', '.join(own)} "
        f"({'; '.join(p.best_for_sources)})."))]


def tradeoffs(profiles: list[ModelProfile], costs: CostSection,
              workload: Workload | None) -> list[TradeOff]:
    """For each model, the reasons to choose it over the others."""
    shared = shared_benchmarks(profiles)
    out = []
    for p in profiles:
        others = [o for o in profiles if o.key != p.key]
        reasons = [*_context(p, others, workload), *_capabilities(p, others, workload),
                   *_price(p, others, costs), *_providers(p, others), *_openness(p, others),
                   *_license(p, others), *_benchmarks(p, shared),
                   *_hardware(p, others, workload), *_best_for(p, others)]
        none = None if reasons else (
            f"The catalog shows no advantage for {p.name} over {_names(others)} on context, "
            "capabilities, price, providers, openness, licence, benchmarks or hardware.")
        out.append(TradeOff(model=p.name, reasons=reasons, none_found=none))
    return out


def friction(a: ModelProfile, b: ModelProfile, costs: CostSection,
             workload: Workload | None) -> Friction:
    """What moving traffic from ``a`` to ``b`` changes."""
    shared = sorted(set(a.providers) & set(b.providers))
    items = []
    if not b.providers:
        items.append(f"{b.name} has no provider route in the catalog: self-host it or find a "
                     "provider outside the catalog.")
    elif shared:
        items.append(f"Both are served by {', '.join(shared)}: there the switch is a change "
                     "of model id.")
    elif a.providers:
        items.append(f"No provider in the catalog serves both: expect a new endpoint, SDK, "
                     f"key and billing account ({b.name} is on {', '.join(b.providers[:5])}"
                     + (" …" if len(b.providers) > 5 else "") + ").")
    lost, gained, unknown = [], [], []
    for cap in _TRADE_CAPS:
        x, y = a.capabilities.get(cap), b.capabilities.get(cap)
        if x is True and y is False:
            lost.append(CAP_LABELS[cap])
        elif x is False and y is True:
            gained.append(CAP_LABELS[cap])
        elif x is True and y is None:
            unknown.append(CAP_LABELS[cap])
    if lost:
        items.append(f"Loses {', '.join(lost)}: check nothing in production depends on it.")
    if gained:
        items.append(f"Gains {', '.join(gained)}.")
    if unknown:
        items.append(f"The catalog does not say whether {b.name} supports "
                     f"{', '.join(unknown)}: test before moving.")
    items += _limits(a, b, workload)
    if a.license and b.license and a.license != b.license:
        items.append(f"Licence changes from {a.license} to {b.license}"
                     + (f" (commercial use: {b.commercial_use})" if b.commercial_use else "")
                     + ".")
    if a.open_weights is True and b.open_weights is False:
        items.append(f"{b.name}'s weights are not published: no self-hosting and no "
                     "fine-tuning of your own copy.")
    monthly = {c.model: c.per_month_usd for c in costs.costs}
    if monthly.get(a.name) is not None and monthly.get(b.name) is not None:
        items.append(f"Monthly cost at the stated traffic goes from {usd(monthly[a.name])} to "
                     f"{usd(monthly[b.name])}.")
    if not items:
        items.append("No difference in routes, capabilities, limits or licence in the catalog.")
    return Friction(from_model=a.name, to_model=b.name, shared_providers=shared, items=items)


def _limits(a: ModelProfile, b: ModelProfile, workload: Workload | None) -> list[str]:
    out = []
    if a.context_window and b.context_window and b.context_window < a.context_window:
        out.append(f"Context window shrinks from {a.context_window:,} to "
                   f"{b.context_window:,} tokens: longer prompts must be cut or chunked.")
    if workload and workload.min_context and b.context_window \
            and b.context_window < workload.min_context:
        out.append(f"{b.name}'s {b.context_window:,}-token window is below the "
                   f"{workload.min_context:,} tokens your workload needs.")
    if a.max_output and b.max_output and b.max_output < a.max_output:
        out.append(f"Output limit shrinks from {a.max_output:,} to "
                   f"{b.max_output:,} tokens per response.")
    return out
