"""The reading corpus at planner level: every question and thread turn read as expected.

The corpus (tests/unit/agent/corpus/*.yaml) holds questions in many voices, each with the
reading it must produce (intent, models and how their names were read, the workload with
totals kept apart from per-request sizes, price ceilings, objective, use case, the headline
asked for, what a follow-up changes). No embedding model and no tool is run.
"""

from __future__ import annotations

from collections import Counter

from tests.unit.agent.corpus.reading_check import (
    load_questions,
    load_threads,
    run_questions,
    run_threads,
)

CLASSES = {"totals", "prices", "arithmetic", "names", "tool", "plain", "limits"}


def test_the_corpus_is_large_varied_and_covers_every_class() -> None:
    questions = load_questions()
    threads = load_threads()
    assert len(questions) >= 300
    assert len(threads) >= 40
    assert all(len(t["turns"]) >= 2 for t in threads)
    texts = [q["q"].lower() for q in questions]
    assert len(set(texts)) == len(texts), "a question is listed twice"
    counts = Counter(q["c"] for q in questions)
    assert set(counts) == CLASSES
    assert min(counts.values()) >= 20
    assert all(q.get("expect") for q in questions)


def test_every_single_question_is_read_as_expected() -> None:
    failures = [f"[{o.klass}] {o.question!r}: " + "; ".join(o.problems)
                for o in run_questions() if o.problems]
    assert not failures, "\n".join(failures)


def test_every_thread_turn_builds_on_the_thread() -> None:
    failures = [f"[{o.thread}] {o.question!r}: " + "; ".join(o.problems)
                for o in run_threads() if o.problems]
    assert not failures, "\n".join(failures)
