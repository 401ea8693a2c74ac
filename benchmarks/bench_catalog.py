"""Catalog speed: cold load, spec lookup, cost calculation, name resolution, 10× catalog.

Run: .venv/bin/python benchmarks/bench_catalog.py
Targets (issue 2): cold load ≤ 0.5 s; lookup ≤ 1 ms median, ≤ 10 ms median at 10× the catalog.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from advisor.catalog import Catalog, get_catalog
from advisor.catalog import models_dev as md
from advisor.catalog.curated import load_curated
from advisor.config import get_settings
from advisor.tools.cost import calculate_cost
from advisor.tools.specs import lookup_specs, spec_sheet

COLD = ("import time; t=time.perf_counter(); from advisor.catalog import get_catalog; "
        "get_catalog(); print(time.perf_counter()-t)")


def median_ms(fn: Any, args: list[Any], repeat: int = 1) -> float:
    times = []
    for a in args:
        for _ in range(repeat):
            t = time.perf_counter()
            fn(a)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def cold_load_s(runs: int = 5) -> tuple[float, float, float]:
    """(first build with an empty data dir, median cached load, median whole process)."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "ADVISOR_DATA_DIR": data}
        loads, startups = [], []
        for _ in range(runs + 1):
            t = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                 check=True, env=env)
            startups.append(time.perf_counter() - t)
            loads.append(float(out.stdout))
    return loads[0], statistics.median(loads[1:]), statistics.median(startups[1:])


def misspell(name: str, rng: random.Random) -> str:
    chars = list(name)
    op = rng.randrange(4)
    i = rng.randrange(len(chars))
    if op == 0 and len(chars) > 4:
        del chars[i]
    elif op == 1:
        chars.insert(i, chars[i])
    elif op == 2:
        chars = [c.upper() if rng.random() < 0.5 else c.lower() for c in chars]
    else:
        chars = list(name.replace("-", " ").replace(".", " "))
    return "".join(chars)


def resolve_all(cat: Catalog, names: list[str]) -> tuple[float, int]:
    resolved = 0
    t = time.perf_counter()
    for n in names:
        try:
            cat.resolve(n)
            resolved += 1
        except LookupError:
            pass
    return (time.perf_counter() - t) * 1000, resolved


def synthetic_10x(raw: dict[str, Any]) -> dict[str, Any]:
    """Ten copies of every provider, each copy's models renamed: ~48k offerings."""
    out: dict[str, Any] = {}
    for i in range(10):
        for pid, prov in raw.items():
            models = {f"{mid}-syn{i}": {**m, "id": f"{m.get('id', mid)}-syn{i}",
                                        "name": f"{m['name']} Syn{i}"}
                      for mid, m in prov["models"].items()}
            out[f"{pid}-{i}"] = {**prov, "id": f"{pid}-{i}", "models": models}
    return out


def main() -> None:
    first, load, startup = cold_load_s()
    cat = get_catalog()
    print(f"catalog: {cat.provider_count} providers, {cat.offering_count} offerings, "
          f"{len(cat)} canonical models (as of {cat.as_of})")
    print(f"cold load, fresh process (imports + catalog): median {load:.3f} s [target ≤ 0.5 s]"
          f"; whole process incl. interpreter start {startup:.3f} s; the very first load "
          f"(empty data dir, builds and caches) {first:.3f} s, ratio {first / load:.1f}×")

    rng = random.Random(7)
    models = [m for m in cat if m.routes]
    sample = [rng.choice(models).name for _ in range(300)]
    lookup = median_ms(lookup_specs, sample)
    resolve_only = median_ms(cat.resolve, sample)
    cost = median_ms(lambda n: calculate_cost(n, 2000, 500, 1_000_000), sample)
    print(f"lookup_specs: median {lookup:.3f} ms [target ≤ 1 ms]; name resolution alone "
          f"{resolve_only:.4f} ms")
    print(f"calculate_cost (all routes): median {cost:.3f} ms")

    names = []
    for _ in range(1000):
        m = rng.choice(models)
        base = rng.choice([m.name, rng.choice(m.routes).model_id])
        names.append(misspell(base, rng))
    ms, ok = resolve_all(cat, names)
    print(f"resolve 1,000 mixed-case/misspelled names: {ms:.0f} ms total "
          f"({ms / 1000:.3f} ms each), {ok} resolved, {1000 - ok} answered with suggestions")

    raw = md.read_raw(get_settings().catalog_file)
    big_raw = synthetic_10x(raw)
    t = time.perf_counter()
    big = Catalog(md.offerings(big_raw), load_curated(get_settings().knowledge_dir / "models"))
    build = time.perf_counter() - t
    big_models = [m for m in big if m.routes]
    big_sample = [rng.choice(big_models).name for _ in range(300)]
    big_lookup = median_ms(lambda n: spec_sheet(big.resolve(n)), big_sample)
    print(f"10× catalog: {big.offering_count} offerings, {len(big)} models, built in "
          f"{build:.2f} s; lookup median {big_lookup:.3f} ms [target ≤ 10 ms]; "
          f"ratio to 1× lookup {big_lookup / lookup:.2f}")


if __name__ == "__main__":
    main()
