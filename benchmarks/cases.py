"""The planner question set for the benchmarks, read from the data file the tests use."""

from __future__ import annotations

from pathlib import Path

import yaml

CASES_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "planner_cases.yaml"


def questions_by_kind() -> dict[str, list[str]]:
    """Each kind of question (``SPECS``, ``COST``…) with its questions, in file order."""
    raw = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return {kind.upper(): [c["question"] for c in items] for kind, items in raw.items()}


def all_questions() -> list[str]:
    """Every question of the set."""
    return [q for qs in questions_by_kind().values() for q in qs]
