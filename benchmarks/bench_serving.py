"""Serving figures for docs/deploy.md: turns per second of one advisor process (a replica).

One replica answers a fixed mix of questions with the offline planner (no LLM: that is the
replica's own cost), keeping threads first in the embedded SQLite file and then in a real
PostgreSQL server (started here on a free port, as the tests do). Printed: turns per second
for 1 and 4 concurrent askers on each store, and PostgreSQL's throughput as a ratio to
SQLite's in the same run. Document search is stubbed out so the figure is the agent's own;
``bench_documents`` measures search.

    python benchmarks/bench_serving.py [--turns N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "How much does Gemma 3 4B cost for 2,000 requests a day?",
    "context window of qwen3.5 27b",
    "compare gemma 3 4b and qwen3.5 4b",
    "which is cheaper?",
    "Recommend an open model for coding under $50 a month",
    "does llama guard 2 8b support tool calling",
]


def _stub_search() -> None:
    import advisor.tools as tools
    from tests.fakes import GEMMA_LICENCE_HIT, make_search_tool

    fake = make_search_tool([GEMMA_LICENCE_HIT])
    tools.TOOLS[:] = [fake if fn.__name__ == "search_documents" else fn for fn in tools.TOOLS]


def _run(turns: int, workers: int) -> float:
    """Turns per second: ``turns`` questions in threads of three turns, ``workers`` at once."""
    from advisor.agent import service

    def thread(start: int) -> int:
        tid = None
        for k in range(3):
            tid = service.ask(QUESTIONS[(start + k) % len(QUESTIONS)], thread_id=tid,
                              owner=f"bench-{start}").thread_id
        return 3

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = sum(pool.map(thread, range(max(1, turns // 3))))
    return done / (time.perf_counter() - started)


def _measure(label: str, data_dir: Path, url: str | None, turns: int) -> dict[int, float]:
    from advisor.agent import service
    from advisor.config import Settings, use_settings

    use_settings(Settings(data_dir=data_dir, checkpoint_url=url, _env_file=None))
    service.reset()
    _run(6, 2)  # warm up: catalog, graph, connections, every question once
    out = {w: _run(turns, w) for w in (1, 4)}
    service.reset()
    for w, rate in out.items():
        print(f"{label:<11} {w} asker(s): {rate:6.1f} turns/s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=36)
    args = parser.parse_args()
    _stub_search()
    from tests.support.postgres import postgres_bin, postgres_server

    with tempfile.TemporaryDirectory() as tmp:
        sqlite = _measure("SQLite", Path(tmp) / "sqlite", None, args.turns)
        if postgres_bin() is None:
            print("PostgreSQL not installed (make services): its figures are skipped")
            return
        with postgres_server() as url:
            pg = _measure("PostgreSQL", Path(tmp) / "pg", url, args.turns)
    for w in (1, 4):
        print(f"PostgreSQL / SQLite, {w} asker(s): {pg[w] / sqlite[w]:.2f}x")


if __name__ == "__main__":
    main()
