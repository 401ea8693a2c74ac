"""Reading accuracy over the question corpus, per class of misreading, measured in one run.

Run: .venv/bin/python benchmarks/bench_reading.py [--show]

Each question of tests/unit/agent/corpus/questions.yaml is planned in a fresh thread and each
thread of threads.yaml turn by turn; a question counts as read correctly when every expected
field of its reading matches (see reading_check.py). Prints the share read correctly per
class (totals, prices, arithmetic, names, follow_up, tool, plain, limits) and the planner's time per
question as a ratio to a bare catalog name lookup done in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.config import PROJECT_ROOT, Settings, use_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="List the questions misread.")
    args = parser.parse_args()
    use_settings(Settings(data_dir=Path(tempfile.mkdtemp()), knowledge_dir=PROJECT_ROOT /
                          "knowledge", _env_file=None))
    from advisor.catalog import get_catalog
    from tests.unit.agent.corpus.reading_check import (
        load_questions,
        run_questions,
        run_threads,
    )

    catalog = get_catalog()
    run_questions()  # warm caches (name index, short names, providers)
    start = time.perf_counter()
    outcomes = run_questions() + run_threads()
    planner_s = time.perf_counter() - start
    questions = [q["q"] for q in load_questions()]
    start = time.perf_counter()
    for _ in range(max(1, len(outcomes) // len(questions))):
        for q in questions:
            catalog.suggest(q, 1)
    lookup_s = (time.perf_counter() - start) / max(1, len(outcomes) // len(questions))
    by_class: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_class[o.klass].append(not o.problems)
    print(f"{'class':<12} {'read right':>10} {'of':>5} {'accuracy':>9}")
    for klass in ("totals", "prices", "arithmetic", "names", "follow_up", "tool", "plain",
                  "limits"):
        marks = by_class.get(klass, [])
        if marks:
            print(f"{klass:<12} {sum(marks):>10} {len(marks):>5} {sum(marks) / len(marks):>9.1%}")
    total = [m for marks in by_class.values() for m in marks]
    print(f"{'all':<12} {sum(total):>10} {len(total):>5} {sum(total) / len(total):>9.1%}")
    print(f"planner time per question: {planner_s / len(outcomes) * 1000:.1f} ms, "
          f"{planner_s / len(outcomes) / (lookup_s / len(questions)):.1f}× one fuzzy name "
          "lookup over the catalog")
    if args.show:
        for o in outcomes:
            if o.problems:
                print(f"- [{o.klass}] {o.question}: {'; '.join(o.problems)}")


if __name__ == "__main__":
    main()
