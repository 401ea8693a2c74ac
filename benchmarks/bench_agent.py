"""Offline agent latency over the planner's question set, measured in one run.

Run: .venv/bin/python benchmarks/bench_agent.py [--rounds 3] [--cards]
Target (issue 4): median offline answer latency ≤ 100 ms with the embedding model loaded.

Each question is asked in a fresh thread through ``service.ask`` (plan, tools, answer,
grounding check, SQLite checkpoint). The baseline is the bare tool call(s) the planner chose
for that question, run directly on the same arguments in the same process: the ratio is the
agent's price over calling the tools yourself. The document index holds knowledge/docs (add
--cards for the model cards too, as in production; that takes minutes to build).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.agent import service  # noqa: E402
from advisor.agent.execute import run_tool  # noqa: E402
from advisor.agent.offline.planner import plan_offline  # noqa: E402
from advisor.config import PROJECT_ROOT, Settings, use_settings  # noqa: E402
from benchmarks.cases import all_questions  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="Timed passes over the set.")
    parser.add_argument("--cards", action="store_true", help="Index the model cards too.")
    args = parser.parse_args()
    questions = all_questions()
    with tempfile.TemporaryDirectory() as data:
        use_settings(Settings(data_dir=Path(data), _env_file=None))
        from advisor.documents.embeddings import get_embedder
        from advisor.documents.ingest import ingest

        t = time.perf_counter()
        ingest([PROJECT_ROOT / "knowledge" / "docs"], cards=args.cards)
        get_embedder().embed(["warm up the model"])
        print(f"index built in {time.perf_counter() - t:.1f} s "
              f"({'with' if args.cards else 'without'} model cards)")
        for q in questions:  # warm-up: catalog, recommend profiles, first queries
            service.ask(q)
        agent_ms: dict[str, list[float]] = {q: [] for q in questions}
        tools_ms: dict[str, list[float]] = {q: [] for q in questions}
        plan_ms: list[float] = []
        for _ in range(args.rounds):
            for q in questions:
                t = time.perf_counter()
                plan = plan_offline(q)
                plan_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                for i, call in enumerate(plan.calls):
                    run_tool(f"b{i}", call.name, call.args)
                tools_ms[q].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                service.ask(q)
                agent_ms[q].append((time.perf_counter() - t) * 1000)
        service.reset()
    per_q_agent = [statistics.median(v) for v in agent_ms.values()]
    per_q_tools = [statistics.median(v) for v in tools_ms.values()]
    all_agent = [x for v in agent_ms.values() for x in v]
    ratios = [a / t for a, t in zip(per_q_agent, per_q_tools, strict=True) if t > 0]
    overhead = [a - t for a, t in zip(per_q_agent, per_q_tools, strict=True)]
    print(f"questions: {len(questions)}, rounds: {args.rounds}")
    print(f"offline answer latency (service.ask): median {statistics.median(all_agent):.1f} ms, "
          f"p95 {pct(all_agent, 0.95):.1f} ms, max {max(all_agent):.1f} ms "
          f"(target median ≤ 100 ms)")
    print(f"bare tool call(s), same arguments:    median {statistics.median(per_q_tools):.1f} ms, "
          f"p95 {pct(per_q_tools, 0.95):.1f} ms")
    print(f"offline planner alone:                median {statistics.median(plan_ms):.2f} ms, "
          f"p95 {pct(plan_ms, 0.95):.2f} ms")
    print(f"agent ÷ bare tools, per question:     median {statistics.median(ratios):.2f}×, "
          f"p95 {pct(ratios, 0.95):.2f}×; agent overhead median "
          f"{statistics.median(overhead):.1f} ms")
    slow = sorted(zip(per_q_agent, questions, strict=True), reverse=True)[:5]
    print("slowest questions (median ms):")
    for ms, q in slow:
        print(f"  {ms:7.1f}  {q}")


if __name__ == "__main__":
    main()
