"""The ``recommend`` tool: filter the catalog by hard constraints, rank the rest by fit."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from pydantic import Field, ValidationError

from advisor.catalog import get_catalog
from advisor.catalog.names import normalize
from advisor.config import get_settings
from advisor.tools.capabilities import CAPABILITY_KEYS
from advisor.tools.errors import ToolInputError
from advisor.tools.hardware import OVERHEAD_FIXED_GB, OVERHEAD_FRACTION
from advisor.tools.limits import check_count, shorten
from advisor.tools.recommend.explain import (
    build_pick,
    language_notes,
    pick_sources,
    pool_means,
)
from advisor.tools.recommend.filters import (
    Candidate,
    Need,
    describe,
    evaluate,
    field_of,
    in_family,
    normalize_providers,
    order_key,
)
from advisor.tools.recommend.lead import lead
from advisor.tools.recommend.objective import (
    FASTEST_NOTE,
    Objective,
    check_objective,
    evidence_map,
    figure,
    order,
)
from advisor.tools.recommend.profiles import CatalogProfiles, catalog_profiles, licence_words
from advisor.tools.recommend.relax import licence_note, nothing_passes, relaxations
from advisor.tools.recommend.result import ConstraintCount, Recommendation, Relaxation
from advisor.tools.recommend.scoring import established, explained, rank, weights_for
from advisor.tools.use_cases import UseCase, use_case_for, use_case_keys
from advisor.tools.workload import DAYS_PER_MONTH, Workload

MAX_TOP_K = 10
# Everyday names for capabilities, offered as a hint when one is used as a capability key.
SYNONYMS = {"tool_use": "function_calling", "tools": "function_calling",
            "tool_calling": "function_calling", "tool_calls": "function_calling",
            "json": "structured_outputs", "json_mode": "structured_outputs",
            "image": "vision", "images": "vision", "image_input": "vision",
            "audio": "audio_input", "video": "video_input", "pdf": "pdf_input",
            "thinking": "reasoning", "files": "attachments", "open": "open_weights"}


def recommend(
    workload: Annotated[Workload | None, Field(
        description="Traffic, token sizes, budget and hard constraints; omitted fields use "
                    "the defaults (stated in the result).")] = None,
    top_k: Annotated[int, Field(description="How many picks to return (1-10).",
                                ge=1, le=MAX_TOP_K)] = 3,
    objective: Annotated[Objective | None, Field(
        description="What decides the order: cheapest (monthly cost at the workload), "
                    "fastest (fewest active parameters per token), largest_context, smallest "
                    "(parameters, or memory when self-hosting), newest (release date) or "
                    "best_for (benchmark evidence for the use case). Omitted: overall fit."),
    ] = None,
    use_case: Annotated[str | None, Field(
        description="What the model is for: coding, agents, long_documents, retrieval, "
                    "multilingual, reasoning, vision, on_device or safety (free text is "
                    "mapped); overrides workload.use_case.")] = None,
) -> Recommendation:
    """Recommend models for a workload: hard constraints filter, the objective orders the rest.

    Constraints: required capabilities, open weights, licence, self-hosting on a GPU size (the
    weights must fit at 4-bit or better), minimum context, providers and a monthly budget at
    the stated traffic. The objective (cheapest, fastest, largest context, smallest, newest,
    best for a use case) ranks the survivors by its own figure; an explicit weighted fit score
    (monthly cost on the cheapest paid route — $0 free tiers never win on price — use-case
    fit, providers, recency, size, benchmark evidence, context headroom, openness) breaks ties
    and ranks when no objective is given. The result's first line states the objective with
    the workload and the answer; then 3-5 picks, the use case's benchmark scores with source
    and date (and which picks have none), and a Details part: reasons, trade-offs, counts
    excluded per constraint, weights, and, when nothing passes, which constraint to drop.
    """
    wl = _validated(workload)
    k = check_count("top_k", top_k, allow_zero=False)
    if k > MAX_TOP_K:
        raise ToolInputError("top_k", f"at most {MAX_TOP_K}, got {top_k!r}")
    goal = check_objective(objective)
    uc = _use_case(use_case, wl, goal)
    if use_case and use_case.strip():
        wl = wl.model_copy(update={"use_case": uc.key if uc else use_case.strip()})
    cp = catalog_profiles(get_catalog())
    need, assumptions = _need(wl, cp)
    ev = evaluate(cp, need)
    pool, set_aside = _pool(ev.candidates, k)
    ranked, ctx = rank(pool, need, cp)
    fit_rank = {s.candidate.profile.model.key: i + 1 for i, s in enumerate(ranked)}
    evidence = evidence_map(ranked, uc)
    ranked = order(ranked, goal, evidence, need.self_host)
    for i in range(min(len(ranked), k + 1)):  # the picks and the one after: explained
        ranked[i] = explained(ranked[i], ctx)
    means = pool_means(ranked, list(ctx.weights))
    picks = []
    for i, s in enumerate(ranked[:k]):
        key = s.candidate.profile.model.key
        pick = build_pick(i + 1, s, ranked, i, need, means, fit_rank[key])
        pick.evidence = evidence.get(key)
        pick.figure = figure(goal, s.candidate, pick.evidence, need.self_host).text or None
        picks.append(pick)
    relax: list[Relaxation] = []
    message = None
    if not picks:
        relax = relaxations(cp, need)
        message = nothing_passes(relax)
    notes = _notes(need, ev.free_only, set_aside, ev.unknown.get("licenses", 0))
    notes += language_notes(need, [s.candidate for s in ranked[:k]])
    notes += licence_note(cp, need)
    if goal == "fastest":
        notes.append(FASTEST_NOTE)
    return Recommendation(
        mode="self_host" if need.self_host else "hosted",
        requests_per_month=need.requests_per_month, input_tokens=need.input_tokens,
        output_tokens=need.output_tokens, assumptions=assumptions,
        constraints_applied=_applied(need), considered=len(cp.profiles),
        passed=len(ev.candidates), set_aside=set_aside, excluded=_counts(ev, need),
        picks=picks, relaxations=relax, message=message, notes=notes,
        scoring=weights_for(need), sources=pick_sources(cp, [s.candidate for s in ranked[:k]]),
        objective=goal, use_case=uc.key if uc else None,
        lead=lead(need, wl.requests_per_month is not None, goal, uc, picks, evidence),
        evidence_weights=uc.weights_line() if uc else None,
        lacking_evidence=[p.model for p in picks if p.evidence and not p.evidence.scores])


def _use_case(text: str | None, wl: Workload, goal: Objective | None) -> UseCase | None:
    """The use case the argument (else the workload) names; an unknown argument is an error."""
    if text and text.strip():
        uc = use_case_for(text)
        if uc is None:
            raise ToolInputError("use_case", f"no use case matches {text!r}; known: "
                                             f"{', '.join(use_case_keys())}")
        return uc
    uc = use_case_for(wl.use_case)
    if goal == "best_for" and uc is None:
        raise ToolInputError("use_case", "best_for needs a use case, one of "
                                         f"{', '.join(use_case_keys())}")
    return uc


def shortlist(workload: Workload | None = None) -> list[Candidate]:
    """Every model that passes the workload's hard constraints, unranked (catalog order).

    Each candidate carries the routes that serve the workload and its cheapest paid route.
    """
    cp = catalog_profiles(get_catalog())
    need, _ = _need(_validated(workload), cp)
    return evaluate(cp, need).candidates


def _validated(workload: Any) -> Workload:
    if workload is None:
        return Workload()
    if isinstance(workload, Workload):
        data: Any = workload.model_dump()
    elif isinstance(workload, dict):
        data = workload
    else:
        raise ToolInputError("workload", f"expected a workload profile, got {workload!r}")
    caps = data.get("required_capabilities") or []
    if isinstance(caps, list):
        for cap in caps:
            if cap not in CAPABILITY_KEYS:
                close = ([SYNONYMS[str(cap).lower()]] if str(cap).lower() in SYNONYMS else
                         difflib.get_close_matches(str(cap), sorted(CAPABILITY_KEYS), n=3))
                hint = f"; did you mean {' or '.join(close)}?" if close else "."
                raise ToolInputError("required_capabilities",
                                     f"unknown capability {cap!r}{hint} Known: "
                                     f"{', '.join(sorted(CAPABILITY_KEYS))}")
    try:
        return Workload.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "workload"
        raise ToolInputError(where, f"{err['msg']} (got {shorten(err.get('input'))})") from None


def _need(wl: Workload, cp: CatalogProfiles) -> tuple[Need, list[str]]:
    s = get_settings()
    assumptions: list[str] = []
    if wl.requests_per_month is None:
        per_month = s.default_requests_per_month
        assumptions.append(f"Traffic not stated: {per_month:,} requests/month assumed "
                           "(settings default).")
    else:
        per_month = wl.requests_per_month
        if wl.period == "day":
            assumptions.append(f"{wl.requests:,} requests/day × {DAYS_PER_MONTH} days = "
                               f"{per_month:,} requests/month.")
    input_tokens = wl.input_tokens if wl.input_tokens is not None else s.default_input_tokens
    output_tokens = (wl.output_tokens if wl.output_tokens is not None
                     else s.default_output_tokens)
    unstated = [f"{n:,} {kind}" for n, kind, given in (
        (input_tokens, "input", wl.input_tokens), (output_tokens, "output", wl.output_tokens))
        if given is None]
    if unstated:
        assumptions.append(f"Token sizes not stated: {' and '.join(unstated)} tokens per "
                           "request assumed (settings defaults).")
    if wl.cached_input_share:
        assumptions.append(f"{wl.cached_input_share:.0%} of input tokens billed as cache "
                           "reads where a cache price is listed.")
    self_host = wl.self_host or wl.gpu_memory_gb is not None
    if self_host and not wl.self_host:
        assumptions.append(f"A {wl.gpu_memory_gb:g} GB memory size was given: treated as "
                           "self-hosting.")
    for lic in wl.licenses:
        if not licence_words(lic):
            raise ToolInputError("licenses", f"{lic!r} names no licence")
    providers = normalize_providers(wl.providers)
    for name, key in zip(wl.providers, providers, strict=False):
        if key not in cp.providers:
            close = difflib.get_close_matches(key, sorted(cp.providers), n=3)
            hint = f"; closest: {', '.join(cp.providers[c] for c in close)}" if close else ""
            raise ToolInputError("providers", f"no provider named {name!r} in the catalog{hint}")
    families = tuple(dict.fromkeys(normalize(f) for f in wl.families if normalize(f)))
    for name in families:
        if not any(in_family(p, (name,)) for p in cp.profiles):
            words = sorted({w for p in cp.profiles for w in
                            (p.model.key[:len(name)], normalize(p.model.maker or ""))})
            close = difflib.get_close_matches(name, words, n=3)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise ToolInputError("families", f"no model family or maker {name!r} in the "
                                             f"catalog{hint}")
    need = Need(requests_per_month=per_month, input_tokens=input_tokens,
                output_tokens=output_tokens, cached_share=wl.cached_input_share,
                capabilities=tuple(dict.fromkeys(wl.required_capabilities)),
                open_weights=wl.open_weights_only,
                licences=tuple(x.strip() for x in wl.licenses if x.strip()),
                max_params=wl.max_parameters_b,
                families=families,
                self_host=self_host, gpu_gb=wl.gpu_memory_gb, min_context=wl.min_context or None,
                providers=providers, budget=wl.monthly_budget_usd,
                languages=tuple(x.strip() for x in wl.languages if x.strip()),
                use_case=wl.use_case, max_input_price=wl.max_input_price_per_m,
                max_output_price=wl.max_output_price_per_m)
    return need, assumptions


def _pool(cands: list[Candidate], k: int) -> tuple[list[Candidate], int]:
    """Prefer established models: set single-route uncurated ones aside when enough remain."""
    known = [c for c in cands if established(c)]
    if len(known) >= k and len(known) < len(cands):
        return known, len(cands) - len(known)
    return cands, 0


def _counts(ev: Any, need: Need) -> list[ConstraintCount]:
    ids = set(ev.excluded) | {c for c in need.active_constraints() if c != "self_host"}
    if need.self_host:
        ids.add("open_weights")
    return [ConstraintCount(constraint=c, field=field_of(c), description=describe(c, need),
                            excluded=ev.excluded.get(c, 0), unknown=ev.unknown.get(c, 0))
            for c in sorted(ids, key=lambda c: (order_key(c), c))]


def _applied(need: Need) -> list[str]:
    out = [describe(c, need) for c in need.active_constraints()]
    if need.languages:
        out.append("languages: " + ", ".join(need.languages) + " (checked where curated data "
                   "names languages; never used to exclude)")
    if need.use_case:
        out.append(f"use case: {need.use_case} (ranking preference, not a filter)")
    return out


def _notes(need: Need, free_only: int, set_aside: int, unknown_licence: int) -> list[str]:
    notes = []
    if free_only and not need.self_host:
        notes.append(f"{free_only} model(s) have only $0 (free-tier) or no usable priced "
                     "routes: they cannot be costed at production traffic and are left out.")
    if set_aside:
        notes.append(f"{set_aside} model(s) that pass are served by a single provider and have "
                     "no curated facts (often niche fine-tunes); they are set aside while "
                     "better-established models qualify.")
    if unknown_licence:
        notes.append(f"{unknown_licence} model(s) were excluded only because no licence is on "
                     "file for them (curated licences cover few models).")
    if need.self_host:
        notes.append("Self-hosting: API prices are shown for reference only; the monthly "
                     "budget and provider list are not applied (hardware cost is not in the "
                     "catalog).")
        if need.gpu_gb:
            notes.append(f"Memory fit = parameters × 2 / 1 / 0.5 GB per billion at BF16 / "
                         f"8-bit / 4-bit, plus {OVERHEAD_FRACTION:.0%} + {OVERHEAD_FIXED_GB:g} GB "
                         "runtime overhead (the hardware tool's rule); the KV cache for long "
                         "contexts comes on top: check a pick with estimate_hardware.")
    return notes
