"""Knowledge coverage of the catalog, and what the knowledge layers cost a catalog build.

Run: .venv/bin/python benchmarks/bench_knowledge.py [--rounds 3]
Targets (issue 13): open-weights models with a priced route: a parameter count for ≥ 80% and a
licence for ≥ 80%, each with a named source; benchmark scores with source and date for ≥ 150
models; every route priced by both price sources compared.

Prints the same coverage as ``advisor catalog info``, then the build time with the knowledge
layers against the same build with them switched off (a ratio measured in one run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.catalog import catalog as catalog_module  # noqa: E402
from advisor.catalog import models_dev  # noqa: E402
from advisor.catalog.sources.coverage import coverage  # noqa: E402
from advisor.config import PROJECT_ROOT, Settings, use_settings  # noqa: E402

TARGETS = {"with_parameter_count": 0.80, "with_licence": 0.80}


def _time(raw: dict, rounds: int, enrich: bool) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        if enrich:
            catalog_module.build_catalog(raw, "bench")
        else:
            with mock.patch.object(catalog_module, "enrich", lambda models, *a, **k: models):
                catalog_module.build_catalog(raw, "bench")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="Timed builds of each kind.")
    args = parser.parse_args()
    knowledge = PROJECT_ROOT / "knowledge"
    with tempfile.TemporaryDirectory() as tmp:
        use_settings(Settings(data_dir=Path(tmp), knowledge_dir=knowledge, _env_file=None))
        raw = models_dev.read_raw()
        cat = catalog_module.build_catalog(raw, "bench")
        cov = coverage(cat, knowledge, cat.as_of).as_dict()
        n = cov["open_weights_priced_models"]
        print(f"Open-weights models with a priced route: {n}")
        for key in ("with_parameter_count", "with_licence", "with_benchmarks"):
            target = TARGETS.get(key)
            mark = f" (target ≥ {target:.0%})" if target else ""
            print(f"  {key.replace('_', ' ')}: {cov[key]}{mark}")
        print(f"Models with dated, sourced benchmark scores: "
              f"{cov['models_with_dated_benchmarks']} (target ≥ 150)")
        print(f"Routes priced by both sources: {cov['routes_priced_by_both_sources']}; "
              f"disagreeing by more than 5%: {cov['routes_whose_sources_disagree']}")
        for name, date in dict(cov["source_as_of"]).items():  # type: ignore[call-overload]
            print(f"  source: {name}: {date}")
        with_layers = _time(raw, args.rounds, enrich=True)
        without = _time(raw, args.rounds, enrich=False)
        print(f"Catalog build with knowledge layers / without: {with_layers / without:.2f}x "
              f"(median of {args.rounds}; the built catalog is cached as a pickle)")
        use_settings(None)


if __name__ == "__main__":
    main()
