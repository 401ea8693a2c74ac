"""Per-catalog facts the recommender needs, computed once per loaded catalog and cached.

A :class:`RankingProfile` holds what filtering and ranking read for one canonical model: its
capabilities, licence, parameter count, release date, benchmarks and, per provider route, the
capabilities, limits and prices of that route. Building them for the whole catalog takes a few
hundred milliseconds; every later recommendation reuses them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from advisor.catalog import Catalog, CatalogModel, Offering
from advisor.catalog.names import normalize
from advisor.catalog.schema import Benchmark, Prices
from advisor.tools.capabilities import capability_values, license_of
from advisor.tools.cost import PER_MILLION
from advisor.tools.evidence import benchmarks_of
from advisor.tools.weights import ParameterCount, parameter_count

# Kinds of model that are not general text generators; a use case naming one lets it back in.
SPECIALTIES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("embedding model", re.compile(r"embed|\bbge\b|\be5\b|voyage|minilm|mpnet", re.I),
     ("embed", "retriev", "search")),
    ("reranker", re.compile(r"rerank", re.I), ("rerank",)),
    ("safety classifier", re.compile(r"guard|safeguard|moderation", re.I),
     ("moderation", "safety", "guard")),
    ("speech model", re.compile(r"whisper|\btts\b|speech|transcri|melotts", re.I),
     ("speech", "transcri", "audio", "voice")),
    ("OCR model", re.compile(r"ocr\b|\bocr", re.I), ("ocr",)),
)
_PERMISSIVE = ("apache", "mit", "bsd")
SUSPECT_FACTOR = 30.0  # a route this many times cheaper than the model's median route is suspect
_WORD = re.compile(r"[a-z]+|\d+")


@dataclass(frozen=True, slots=True)
class RankingRoute:
    """One provider route with what the filters read from it."""

    offering: Offering
    provider_keys: frozenset[str]
    active: bool
    context: int | None
    output_limit: int | None
    caps: frozenset[str]
    prices: Prices | None
    free: bool
    suspect: bool = False  # priced far below the same model's other routes: likely a data error

    def per_request_usd(self, input_tokens: int, output_tokens: int, cached_share: float,
                        ) -> float:
        """Per-request cost, the same arithmetic as :func:`advisor.tools.cost.route_cost`."""
        p = self.prices
        assert p is not None and p.input is not None and p.output is not None
        input_p, output_p, cache_p = p.input, p.output, p.cache_read
        for tier in p.tiers:
            if input_tokens > tier.above_tokens:
                input_p = tier.input if tier.input is not None else input_p
                output_p = tier.output if tier.output is not None else output_p
                cache_p = tier.cache_read if tier.cache_read is not None else cache_p
        cached = round(input_tokens * cached_share)
        cache_used = cache_p if cache_p is not None else input_p
        return ((input_tokens - cached) * input_p + cached * cache_used
                + output_tokens * output_p) / PER_MILLION


@dataclass(frozen=True, slots=True)
class RankingProfile:
    """A canonical model with its precomputed facts."""

    model: CatalogModel
    caps: dict[str, bool | None]
    licence: str | None
    licence_words: frozenset[str]
    permissive: bool
    params: ParameterCount | None
    specialty: str | None
    routes: tuple[RankingRoute, ...]
    released: date | None
    benchmarks: tuple[Benchmark, ...]
    best_for: tuple[str, ...]
    curated: bool
    active_routes: tuple[RankingRoute, ...]  # routes that are not deprecated
    providers: int  # distinct providers among the active routes
    context: int | None  # the model's context window (largest route, else curated)


def licence_words(text: str) -> frozenset[str]:
    """Words and numbers of a licence name ("Apache-2.0" → apache, 2, 0), filler dropped."""
    filler = {"license", "licence", "the", "terms", "of", "use", "agreement", "version", "v"}
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in filler)


def _route_caps(off: Offering, open_weights: bool | None) -> frozenset[str]:
    mods_in, mods_out = set(off.modalities_in), set(off.modalities_out)
    caps = {key for key, ok in (
        ("vision", "image" in mods_in), ("audio_input", "audio" in mods_in),
        ("video_input", "video" in mods_in), ("pdf_input", "pdf" in mods_in),
        ("multimodal", bool(mods_in - {"text"})), ("image_output", "image" in mods_out),
        ("audio_output", "audio" in mods_out), ("reasoning", off.reasoning),
        ("function_calling", off.tool_call), ("structured_outputs", off.structured_output is True),
        ("attachments", off.attachment), ("open_weights", bool(open_weights))) if ok}
    return frozenset(caps)


def _route(off: Offering, open_weights: bool | None,
           retired: frozenset[str] = frozenset()) -> RankingRoute:
    prices = off.prices if off.prices is not None and off.prices.complete else None
    keys = frozenset({normalize(off.provider_id), normalize(off.provider_name),
                      off.provider_id.lower()})
    active = off.status != "deprecated" and off.route not in retired  # retired: by any source
    return RankingRoute(offering=off, provider_keys=keys, active=active,
                     context=off.context, output_limit=off.output_limit,
                     caps=_route_caps(off, open_weights), prices=prices,
                     free=prices is not None and prices.input == 0 and prices.output == 0)


def _blended(r: RankingRoute) -> float:
    assert r.prices is not None and r.prices.input is not None and r.prices.output is not None
    return 0.8 * r.prices.input + 0.2 * r.prices.output  # a 4:1 input:output token mix


def _flag_suspects(routes: tuple[RankingRoute, ...]) -> tuple[RankingRoute, ...]:
    """Mark paid routes priced over :data:`SUSPECT_FACTOR`× below the others' median."""
    paid = [r for r in routes if r.prices is not None and not r.free]
    if len(paid) < 3:
        return routes
    out = []
    for r in routes:
        if r in paid:
            others = sorted(_blended(o) for o in paid if o is not r)
            mid = others[len(others) // 2] if len(others) % 2 else (
                others[len(others) // 2 - 1] + others[len(others) // 2]) / 2
            if _blended(r) * SUSPECT_FACTOR < mid:
                r = replace(r, suspect=True)
        out.append(r)
    return tuple(out)


def parse_date(text: Any) -> date | None:
    """``2025-08-05`` or ``2025-08`` as a date (the first of the month when no day)."""
    match = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", str(text or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None


def release_of(model: CatalogModel) -> date | None:
    """Release date: the curated one, else the median of the routes' dates.

    The median shrugs off the odd route with a placeholder date (1970-01-01) or a wrong year.
    """
    curated = parse_date(model.curated_value("release_date"))
    if curated:
        return curated
    dates = sorted(d for d in (parse_date(r.release_date) for r in model.routes) if d)
    return dates[(len(dates) - 1) // 2] if dates else None


def specialty_of(model: CatalogModel) -> str | None:
    """What a non-general model is (embedding model, reranker…), or None for a text model."""
    if model.curated and "(family)" in model.curated.name:
        return "family entry (not one model)"
    text = f"{model.name} {model.key} {model.family or ''}"
    for label, pattern, _ in SPECIALTIES:
        if pattern.search(text):
            return label
    if model.routes and "text" not in model.modalities_out:
        return f"{'/'.join(model.modalities_out)} generator"
    return None


def build_profile(model: CatalogModel) -> RankingProfile:
    """The precomputed facts of one model."""
    caps = capability_values(model)
    licence = license_of(model)
    words = licence_words(licence) if licence else frozenset()
    best_for = model.curated_value("best_for") or ()
    routes = _flag_suspects(tuple(_route(o, caps["open_weights"], model.deprecated_routes)
                                  for o in model.routes))
    return RankingProfile(
        model=model, caps=caps, licence=licence, licence_words=words,
        permissive=any(w in words for w in _PERMISSIVE), params=parameter_count(model),
        specialty=specialty_of(model),
        routes=routes, active_routes=tuple(r for r in routes if r.active),
        providers=len({r.offering.provider_id for r in routes if r.active}),
        context=model.context_window,
        released=release_of(model),
        benchmarks=benchmarks_of(model),
        best_for=tuple(str(b) for b in best_for) if isinstance(best_for, list | tuple) else (),
        curated=model.curated is not None)


@dataclass(frozen=True, eq=False)
class CatalogProfiles:
    """Every model's profile plus catalog-wide figures (its as-of date)."""

    catalog: Catalog
    profiles: tuple[RankingProfile, ...]
    as_of: date
    providers: dict[str, str]  # every lenient provider key → provider display name

    def route_costs(self, input_tokens: int, output_tokens: int, cached_share: float,
                    ) -> dict[int, float]:
        """Per-request cost of every paid, credible route (keyed by ``id(route)``), cached."""
        return _route_costs(self, input_tokens, output_tokens, cached_share)


@lru_cache(maxsize=8)
def _route_costs(cp: CatalogProfiles, input_tokens: int, output_tokens: int,
                 cached_share: float) -> dict[int, float]:
    return {id(r): r.per_request_usd(input_tokens, output_tokens, cached_share)
            for p in cp.profiles for r in p.routes
            if r.prices is not None and not r.free and not r.suspect}


_lock = threading.Lock()
_cached: CatalogProfiles | None = None


def catalog_profiles(catalog: Catalog) -> CatalogProfiles:
    """Profiles for ``catalog``, built on first use and reused while it stays loaded."""
    global _cached
    with _lock:
        if _cached is None or _cached.catalog is not catalog:
            profiles = tuple(build_profile(m) for m in catalog)
            as_of = parse_date(catalog.as_of) or max(
                (p.released for p in profiles if p.released), default=date(2025, 1, 1))
            providers = {k: r.offering.provider_name for p in profiles for r in p.routes
                         for k in r.provider_keys}
            _cached = CatalogProfiles(catalog, profiles, as_of, providers)
        return _cached
