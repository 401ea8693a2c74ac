"""Run the reading corpus at planner level: each question's Reading against its expectation.

Used by ``test_reading_corpus.py`` and ``benchmarks/bench_reading.py``. No embedding model and
no tool is run: only ``plan_offline`` (catalog lookups included).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from advisor.agent.offline.planner import OfflinePlan, plan_offline

HERE = Path(__file__).resolve().parent
TOOLS = {"lookup_specs", "calculate_cost", "diff_capabilities", "compare_models",
         "estimate_hardware", "recommend", "search_documents", "rate_for_use_case",
         "rate_strengths"}


@dataclass
class Outcome:
    """One question's result: its class, the question and what did not match."""

    klass: str
    question: str
    problems: list[str]
    thread: str | None = None


def load_questions() -> list[dict[str, Any]]:
    """The single questions."""
    return list(yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8")))


def load_threads() -> list[dict[str, Any]]:
    """The multi-turn threads: ``{name, turns: [{q, expect}, …]}``."""
    return list(yaml.safe_load((HERE / "threads.yaml").read_text(encoding="utf-8")))


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def check(plan: OfflinePlan, expect: dict[str, Any]) -> list[str]:  # noqa: C901 - one table
    """What in ``plan`` differs from ``expect`` (empty when the reading is as expected)."""
    r = plan.reading
    problems: list[str] = []

    def differs(key: str, want: Any, got: Any) -> None:
        if not _close(want, got):
            problems.append(f"{key}: wanted {want!r}, read {got!r}")

    for key, want in expect.items():
        if key == "intent":
            differs(key, want, plan.intent)
        elif key == "models":
            differs(key, want, [m.name for m in r.models])
        elif key == "how":
            got = {m.name: m.how for m in r.models}
            for name, how in want.items():
                differs(f"how[{name}]", how, got.get(name))
        elif key == "wl":
            for field, value in want.items():
                differs(f"workload.{field}", value, plan.workload.get(field))
        elif key == "totals":
            differs(key, want, {k: v for k, v in r.totals.items() if k in want} if want
                    else r.totals)
        elif key in ("total_period", "answer_for", "objective", "use_case", "provider"):
            differs(key, want, getattr(r, key))
        elif key == "ceil_in":
            differs(key, want, r.constraints.max_input_price_per_m)
        elif key == "ceil_out":
            differs(key, want, r.constraints.max_output_price_per_m)
        elif key == "errors":
            differs(key, want, bool(r.errors))
        elif key == "tool":
            names = [c.name for c in plan.calls]
            if want not in names:
                problems.append(f"tool: wanted {want}, planned {names}")
        elif key == "no_tool":
            if want in [c.name for c in plan.calls]:
                problems.append(f"no_tool: {want} was planned")
        elif key == "args":
            if not any(all(_close(v, c.args.get(k)) for k, v in want.items())
                       for c in plan.calls):
                problems.append(f"args: wanted {want}, planned "
                                f"{[(c.name, c.args) for c in plan.calls]}")
        elif key == "no_args":
            for name in want:
                if any(name in c.args for c in plan.calls):
                    problems.append(f"no_args: {name} was passed")
        elif key == "changes":
            joined = " | ".join(r.changes)
            for fragment in want:
                if fragment not in joined:
                    problems.append(f"changes: wanted {fragment!r} in {r.changes}")
        else:
            problems.append(f"unknown expectation key {key!r}")
    return problems


def run_questions() -> list[Outcome]:
    """Plan every single question in a fresh thread."""
    out = []
    for item in load_questions():
        plan = plan_offline(item["q"], None, None, TOOLS)
        out.append(Outcome(item["c"], item["q"], check(plan, item.get("expect") or {})))
    return out


def run_threads() -> list[Outcome]:
    """Plan every thread turn by turn, carrying the planner's context (and the picks).

    Between turns the recommended picks are stood in by the ``picks`` a turn lists, as the
    responder would store them after running the recommender.
    """
    out = []
    for thread in load_threads():
        context: dict[str, Any] | None = None
        for turn in thread["turns"]:
            plan = plan_offline(turn["q"], context, None, TOOLS)
            context = dict(plan.context)
            if turn.get("picks"):
                context.update(candidates=list(turn["picks"]), models=list(turn["picks"]),
                               focus=None)
            out.append(Outcome("follow_up", turn["q"], check(plan, turn.get("expect") or {}),
                               thread=thread["name"]))
    return out
