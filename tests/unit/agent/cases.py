"""The offline planner's question set: single questions with the tool calls they must produce.

The questions live as data in ``tests/data/planner_cases.yaml`` (the benchmarks read the same
file). Each case: (question, tool name, key arguments the call must carry). Arguments not
listed are not checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Case = tuple[str, str, dict[str, Any]]
CASES_FILE = Path(__file__).resolve().parents[2] / "data" / "planner_cases.yaml"


def load(path: Path = CASES_FILE) -> dict[str, list[Case]]:
    """Every group of cases by its name (``specs``, ``cost``…), in file order."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {group: [(c["question"], c["tool"], dict(c.get("args") or {})) for c in items]
            for group, items in raw.items()}


GROUPS = load()
SPECS: list[Case] = GROUPS["specs"]
COST: list[Case] = GROUPS["cost"]
COMPARE: list[Case] = GROUPS["compare"]
DIFF: list[Case] = GROUPS["diff"]
RECOMMEND: list[Case] = GROUPS["recommend"]
ALTERNATIVE: list[Case] = GROUPS["alternative"]
HARDWARE: list[Case] = GROUPS["hardware"]
DOCUMENT: list[Case] = GROUPS["document"]
UNKNOWN: list[Case] = GROUPS["unknown"]
ALL: list[Case] = [case for cases in GROUPS.values() for case in cases]
