"""Merge every knowledge layer into each catalog model's facts and benchmarks.

Authority, highest first: curated files, models.dev lab data, the leaderboard dataset, family
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
from advisor.catalog.sources.families import load_rules, rule_for
from advisor.catalog.sources.layers import BenchRow, FactRow, lab_rows, leaderboard_rows
from advisor.catalog.sources.licences import canonical_licence
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
    rules = load_rules(knowledge_dir)
    prices = bundles.load(knowledge_dir, "genai_prices")
    out: dict[str, CatalogModel] = {}
    for key, model in models.items():
        claims = layered.get(key) or {}
        extra = _family_claims(model, claims, rules) + _name_claims(model, as_of)
        merged = _merge(model, claims, extra)
        benchmarks = _benchmarks(model, benched.get(key) or [])
        second = second_prices(prices, model.routes) if prices is not None else ()
        if merged or benchmarks or second:
            model = replace(model, facts=merged, benchmarks=benchmarks, second_prices=second)
        out[key] = model
    return out


def _family_claims(model: CatalogModel, claims: Mapping[str, list[Claim]],
                   rules: Any) -> list[tuple[str, Claim]]:
    lab_open = any(c.value is True for c in claims.get("open_weights", ()))
    if not (model.open_weights or lab_open) or not rules:
        return []
    names = [model.name.lower(), *(r.model_id.lower() for r in model.routes)]
    if model.curated is not None:
        names += [model.curated.name.lower(), *(a.lower() for a in model.curated.aliases)]
    rule = rule_for(rules, names)
    if rule is None:
        return []
    note = f"family rule: {rule.family}" + (f" ({rule.versions})" if rule.versions else "")
    return [("license", Claim(value=canonical_licence(rule.licence), source=rule.source,
                              note=note, as_of=rule.source.as_of)),
            ("commercial_use", Claim(value=rule.commercial_use, source=rule.source,
                                     note=rule.terms or None, as_of=rule.source.as_of))]


def _name_claims(model: CatalogModel, as_of: str) -> list[tuple[str, Claim]]:
    found: dict[tuple[float | None, float | None], str] = {}
    for name in (model.name, *(r.model_id for r in model.routes)):
        parsed = parameters_from_name(name)
        if parsed is not None:
            found.setdefault(parsed, name)
    if len(found) != 1:
        return []  # no size, or names that disagree: nothing unambiguous to read
    (total, active), name = next(iter(found.items()))
    src = SourceRef(key=NAME_SOURCE_KEY, title="from the model name", ref=name,
                    as_of=as_of or "undated")
    out: list[tuple[str, Claim]] = []
    for field, value in (("parameters_total_b", total), ("parameters_active_b", active)):
        if value is not None:
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
    facts: dict[str, Fact] = {}
    for field, claims in by_field.items():
        seen: set[Any] = set()
        unique = []
        for c in claims:
            mark = (c.source.key, c.source.ref, _hashable(c.value), c.note)
            if mark not in seen:
                seen.add(mark)
                unique.append(c)
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
