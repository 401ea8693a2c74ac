"""Merge every knowledge layer into each catalog model's facts and benchmarks.

Authority, highest first: curated files, the maker's own model cards (Mistral AI's docs),
models.dev lab data, the leaderboard dataset, family
licence rules, the model's name. Every claim keeps its source; a field whose sources state
different values is a conflict (:attr:`advisor.catalog.schema.Fact.conflict`), shown as the
curated conflicts are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from advisor.catalog.names import normalize
from advisor.catalog.schema import Benchmark, CatalogModel, Claim, Fact, SourceRef, _hashable
from advisor.catalog.sources import bundle as bundles
from advisor.catalog.sources.families import (
    load_parameter_rules,
    load_rules,
    parameter_rule_for,
    rule_for,
)
from advisor.catalog.sources.layers import BenchRow, FactRow, lab_rows, leaderboard_rows
from advisor.catalog.sources.licences import canonical_licence
from advisor.catalog.sources.mistral import maker_rows
from advisor.catalog.sources.names import parameters_from_name
from advisor.catalog.sources.prices import second_prices

NAME_SOURCE_KEY = "model-name"


def enrich(models: dict[str, CatalogModel], index: Mapping[str, str], knowledge_dir: Path,
           as_of: str) -> dict[str, CatalogModel]:
    """``models`` with merged ``facts``, ``benchmarks`` and ``second_prices`` filled in."""

    def resolve(name: str) -> str | None:
        return index.get(normalize(name)) if name else None

    route_keys = {r.route: key for key, m in models.items() for r in m.routes}
    fact_rows: list[list[FactRow]] = []
    bench_rows: list[list[BenchRow]] = []
    lifecycle: dict[str, Any] = {}
    maker = bundles.load(knowledge_dir, "mistral_docs")
    if maker is not None:
        routes = {r.route: (key, r) for key, m in models.items() for r in m.routes}
        found = maker_rows(maker, routes, resolve)
        fact_rows.append(found.facts)
        lifecycle = found.lifecycle
    labs = bundles.load(knowledge_dir, "models_dev_labs")
    if labs is not None:
        facts, benches = lab_rows(labs, route_keys, resolve)
        fact_rows.append(facts)
        bench_rows.append(benches)
    board = bundles.load(knowledge_dir, "llm_leaderboard")
    if board is not None:
        facts, benches = leaderboard_rows(board, resolve)
        fact_rows.append(facts)
        bench_rows.append(benches)
    layered: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for rows in fact_rows:
        for key, field, claim in rows:
            if key in models:
                layered[key][field].append(claim)
    benched: dict[str, list[Benchmark]] = defaultdict(list)
    for brows in bench_rows:
        for key, bench in brows:
            if key in models:
                benched[key].append(bench)
    rules = load_rules(knowledge_dir), load_parameter_rules(knowledge_dir)
    prices = bundles.load(knowledge_dir, "genai_prices")
    out: dict[str, CatalogModel] = {}
    for key, model in models.items():
        claims = layered.get(key) or {}
        extra = _family_claims(model, claims, rules) + _name_claims(model, as_of)
        merged = _merge(model, claims, extra)
        benchmarks = _benchmarks(model, benched.get(key) or [])
        second = second_prices(prices, model.routes) if prices is not None else ()
        notices = tuple(lifecycle[r.route] for r in model.routes if r.route in lifecycle)
        if merged or benchmarks or second or notices:
            model = replace(model, facts=merged, benchmarks=benchmarks, second_prices=second,
                            lifecycle=notices)
        out[key] = model
    return out


def _family_claims(model: CatalogModel, claims: Mapping[str, list[Claim]],
                   rules: tuple[Any, Any]) -> list[tuple[str, Claim]]:
    # Headline values are set after this layer, so openness is read from the sources here.
    stated = [c.value for c in claims.get("open_weights", ())]
    if model.curated_value("open_weights") is not None:
        stated.insert(0, model.curated_value("open_weights"))
    is_open = stated[0] is True if stated else any(r.open_weights for r in model.routes)
    if not is_open:
        return []
    names = [model.name.lower(), *(r.model_id.lower() for r in model.routes)]
    if model.curated is not None:
        names += [model.curated.name.lower(), *(a.lower() for a in model.curated.aliases)]
    out: list[tuple[str, Claim]] = []
    rule = rule_for(rules[0], names)
    if rule is not None:
        note = f"family rule: {rule.family}" + (f" ({rule.versions})" if rule.versions else "")
        src = rule.source
        out += [("license", Claim(value=canonical_licence(rule.licence), source=src,
                                  note=note, as_of=src.as_of)),
                ("commercial_use", Claim(value=rule.commercial_use, source=src,
                                         note=rule.terms or None, as_of=src.as_of))]
        if not stated:  # the maker's licence publishes the weights: listings that say "no"
            # (most often a reseller's default) no longer outvote it (DeepSeek V3: 7 of 12)
            out.append(("open_weights", Claim(value=True, source=src, note=note,
                                              as_of=src.as_of)))
    size = parameter_rule_for(rules[1], names)
    if size is not None:
        src, note = size.source, f"family rule: {size.family}"
        out.append(("parameters_total_b", Claim(value=size.total_b, source=src, note=note,
                                                as_of=src.as_of)))
        if size.active_b is not None:
            out.append(("parameters_active_b", Claim(value=size.active_b, source=src,
                                                     note=note, as_of=src.as_of)))
    return out


def _name_claims(model: CatalogModel, as_of: str) -> list[tuple[str, Claim]]:
    totals: dict[float, str] = {}
    actives: dict[float, str] = {}
    for name in (model.name, *(r.model_id for r in model.routes)):
        parsed = parameters_from_name(name)
        if parsed is None:
            continue
        if parsed[0] is not None:
            totals.setdefault(parsed[0], name)
        if parsed[1] is not None:
            actives.setdefault(parsed[1], name)
    if len(totals) > 1 or len(actives) > 1:
        return []  # names that disagree: nothing unambiguous to read
    out: list[tuple[str, Claim]] = []
    for field, found in (("parameters_total_b", totals), ("parameters_active_b", actives)):
        for value, name in found.items():
            src = SourceRef(key=NAME_SOURCE_KEY, title="from the model name", ref=name,
                            as_of=as_of or "undated")
            out.append((field, Claim(value=value, source=src, note=f"read from {name!r}",
                                     as_of=src.as_of)))
    return out


def _merge(model: CatalogModel, layered: Mapping[str, list[Claim]],
           extra: list[tuple[str, Claim]]) -> dict[str, Fact]:
    by_field: dict[str, list[Claim]] = defaultdict(list)
    if model.curated is not None:
        for field, fact in model.curated.facts.items():
            by_field[field].extend(fact.claims)
    for field, claims in layered.items():
        by_field[field].extend(claims)
    for field, claim in extra:
        by_field[field].append(claim)
    if "commercial_use" in by_field:  # a licence text read outranks a dataset's yes/no flag
        by_field["commercial_use"].sort(key=lambda c: c.source.key == "llm-leaderboard")
    facts: dict[str, Fact] = {}
    for field, claims in by_field.items():
        seen: set[Any] = set()
        unique = []
        for c in claims:
            mark = (c.source.key, c.source.ref, _hashable(c.value), c.note)
            if mark not in seen:
                seen.add(mark)
                unique.append(_whole(c))
        facts[field] = Fact(field=field, claims=tuple(unique))
    return facts


def _benchmarks(model: CatalogModel, rows: list[Benchmark]) -> tuple[Benchmark, ...]:
    out = list(model.curated.benchmarks) if model.curated is not None else []
    seen = {(b.name.lower(), b.score, b.source.key) for b in out}
    for b in rows:
        mark = (b.name.lower(), b.score, b.source.key)
        if mark not in seen:
            seen.add(mark)
            out.append(b)
    return tuple(out)


def _whole(claim: Claim) -> Claim:
    """A claim whose float value is a whole number, stated as an int (8, not 8.0)."""
    if isinstance(claim.value, float) and claim.value.is_integer():
        return claim.model_copy(update={"value": int(claim.value)})
    return claim
