"""Claims from the bundled lab data (models.dev) and the leaderboard dataset, per catalog model.

Each layer yields ``(catalog key, field, claim)`` and ``(catalog key, benchmark)`` pairs; the
merge in :mod:`advisor.catalog.sources.merge` orders them by authority.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from advisor.catalog.schema import Benchmark, Claim
from advisor.catalog.sources.bundle import Bundle, source_ref
from advisor.catalog.sources.licences import canonical_licence, commercial_from_flag

Resolver = Callable[[str], str | None]
FactRow = tuple[str, str, Claim]
BenchRow = tuple[str, Benchmark]
_DATED = re.compile(r"[-_](?:\d{8}|\d{4}-\d{2}-\d{2})$")


def lab_rows(bundle: Bundle, route_keys: Mapping[str, str],
             resolve: Resolver) -> tuple[list[FactRow], list[BenchRow]]:
    """Facts and benchmark rows of models.dev's lab files, attached by route links first."""
    facts: list[FactRow] = []
    benches: list[BenchRow] = []
    for m in bundle.body.get("models") or ():
        keys = {route_keys[r] for r in m.get("routes") or () if r in route_keys}
        if not keys:
            key = resolve(m["id"]) or (resolve(m["name"]) if m.get("name") else None)
            keys = {key} if key else set()
        if not keys:
            continue
        src = source_ref(bundle, "models.dev-labs", f"models.dev lab file {m['path']}",
                         path=m["path"], as_of=m.get("file_changed"))
        claims: list[tuple[str, Any, str | None]] = []
        if isinstance(m.get("open_weights"), bool):
            claims.append(("open_weights", m["open_weights"], None))
        if m.get("license"):
            claims.append(("license", canonical_licence(m["license"]), None))
        if m.get("weights"):
            claims.append(("weights", m["weights"][0], "weights link in the lab file"))
        for key in sorted(keys):
            facts += [(key, f, Claim(value=v, source=src, note=n, as_of=src.as_of))
                      for f, v, n in claims]
            benches += [(key, _lab_benchmark(bundle, m, b)) for b in m.get("benchmarks") or ()]
    return facts, benches


def _lab_benchmark(bundle: Bundle, m: Mapping[str, Any], b: Mapping[str, Any]) -> Benchmark:
    date = b.get("date")
    src = source_ref(bundle, "models.dev-labs", f"models.dev {m['path']}@{bundle.short_commit}",
                     path=m["path"], url=b.get("source"),
                     as_of=str(date or m.get("file_changed")))
    extra = [f"{k} {b[k]}" for k in ("variant", "dataset", "version") if b.get(k)]
    note = "; ".join(extra) or None
    if not date:
        note = "; ".join(filter(None, [note, "row undated: date is the lab file's last change"]))
    return Benchmark(name=str(b["name"]), score=float(b["score"]), source=src, note=note,
                     metric=b.get("metric"), harness=b.get("harness"),
                     as_of=str(date) if date else None)


def leaderboard_rows(bundle: Bundle, resolve: Resolver) -> tuple[list[FactRow], list[BenchRow]]:
    """Parameters, licence and benchmark rows of the leaderboard dataset."""
    licences: Mapping[str, Any] = bundle.body.get("licences") or {}
    facts: list[FactRow] = []
    benches: list[BenchRow] = []
    for m in bundle.body.get("models") or ():
        key = (resolve(m["id"]) or resolve(m["name"])
               or resolve(_DATED.sub("", m["id"])))
        if key is None:
            continue
        src = source_ref(bundle, "llm-leaderboard", f"llm-leaderboard {m['path']}",
                         path=m["path"], as_of=m.get("updated") or None)

        def claim(value: Any, note: str | None = None, _src: Any = src) -> Claim:
            return Claim(value=value, source=_src, note=note, as_of=_src.as_of)

        if m.get("parameters_b"):
            facts.append((key, "parameters_total_b", claim(m["parameters_b"])))
        lic = licences.get(m.get("license_id") or "")
        if lic and m.get("license_id") not in ("unknown",):
            name = canonical_licence(lic["name"])
            facts.append((key, "license", claim(name)))
            commercial = commercial_from_flag(lic.get("allow_commercial"))
            if commercial:
                facts.append((key, "commercial_use", claim(
                    commercial, "the dataset's allow-commercial flag for this licence")))
            if name.lower() == "proprietary":
                facts.append((key, "open_weights", claim(False, "licence: proprietary")))
        if m.get("weights"):
            facts.append((key, "weights", claim(m["weights"])))
        for b in m.get("benchmarks") or ():
            benches.append((key, _board_benchmark(bundle, m, b)))
    return facts, benches


def _board_benchmark(bundle: Bundle, m: Mapping[str, Any], b: Mapping[str, Any]) -> Benchmark:
    score, metric = float(b["score"]), b.get("method")
    if b.get("max_score") == 1 and 0 <= score <= 1:
        score = round(score * 100, 2)
        metric = f"{metric}, percent" if metric else "percent"
    path = m["path"].replace("model.json", "benchmarks.json")
    src = source_ref(bundle, "llm-leaderboard", f"llm-leaderboard {path}@{bundle.short_commit}",
                     path=path, url=b.get("source"), as_of=b.get("recorded") or None)
    note = "; ".join(filter(None, ["self-reported by the maker" if b.get("self_reported") else "",
                                   "dated when the dataset recorded the score"]))
    return Benchmark(name=str(b["name"]), score=score, source=src, note=note, metric=metric,
                     as_of=b.get("recorded") or None)


def iter_names(names: Iterator[str]) -> list[str]:
    """Lower-cased, de-duplicated names for pattern rules."""
    return list(dict.fromkeys(n.lower() for n in names if n))
