"""When nothing passes: which constraint to drop, and what dropping it unlocks."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from advisor.tools.recommend.filters import (
    Need,
    describe,
    evaluate,
    field_of,
    licence_matches,
)
from advisor.tools.recommend.profiles import CatalogProfiles
from advisor.tools.recommend.result import Relaxation
from advisor.tools.recommend.scoring import established, rank


def relaxations(cp: CatalogProfiles, need: Need) -> list[Relaxation]:
    """Re-run the filters with each constraint dropped (then pairs, if no single one helps).

    Sorted by how many models each unlocks, then by the cheapest unlocked model.
    """
    active = need.active_constraints()
    out = [r for r in (_attempt(cp, need, (c,)) for c in active) if r]
    if not out:
        out = [r for r in (_attempt(cp, need, pair) for pair in combinations(active, 2)) if r]
    inf = float("inf")
    out.sort(key=lambda r: (-r.unlocks, r.cheapest_monthly_usd
                            if r.cheapest_monthly_usd is not None else inf, r.constraint))
    return out


def _attempt(cp: CatalogProfiles, need: Need, drop: tuple[str, ...]) -> Relaxation | None:
    relaxed = need
    for constraint in drop:
        relaxed = relaxed.without(constraint)
    ev = evaluate(cp, relaxed)
    if not ev.candidates:
        return None
    known = [c for c in ev.candidates if established(c)] or ev.candidates
    best = [s.candidate for s in rank(known, relaxed, cp)[0][:3]]
    costs = [c.monthly_usd for c in ev.candidates if c.monthly_usd is not None]
    return Relaxation(constraint=" + ".join(drop),
                      field=" + ".join(field_of(c) for c in drop),
                      description=" and ".join(describe(c, need) for c in drop),
                      unlocks=len(ev.candidates),
                      examples=[c.profile.model.name for c in best[:3]],
                      cheapest_monthly_usd=min(costs) if costs else None)


def nothing_passes(relax: list[Relaxation]) -> str:
    """The sentence that says nothing passes and what to relax."""
    if not relax:
        return ("No model meets every constraint, and dropping any one or two of them still "
                "leaves none: see the counts below for what excludes the most.")
    best = relax[0]
    lead = "No model meets every constraint."
    if " + " in best.constraint:
        lead += " No single constraint, dropped alone, unlocks one."
    text = (f"{lead} Dropping “{best.description}” ({best.field}) unlocks the most: "
            f"{best.unlocks} model(s), e.g. {', '.join(best.examples)}")
    if best.cheapest_monthly_usd is not None:
        text += f"; the cheapest costs ${best.cheapest_monthly_usd:,.2f}/month"
    return text + "."


def licence_note(cp: CatalogProfiles, need: Need) -> list[str]:
    """When no model at all carries a requested licence: the licences that are on file."""
    if not need.licences:
        return []
    on_file = Counter(p.licence for p in cp.profiles if p.licence)
    if any(licence_matches(p.licence_words, w) for p in cp.profiles if p.licence
           for w in need.licences):
        return []
    listed = ", ".join(f"{name} ({n})" for name, n in sorted(on_file.items()))
    return [f"No model in the catalog has a licence matching {' or '.join(need.licences)} "
            f"on file. Licences on file (curated models only): {listed or 'none'}."]
