"""rate_for_use_case: a model's standing for a use case, each rank over one test only."""

from __future__ import annotations

import re
from functools import cache

import pytest

from advisor.catalog import UnknownModelError, get_catalog
from advisor.tools.errors import ToolInputError
from advisor.tools.evidence import benchmarks_of, percent_score
from advisor.tools.use_case_fit import bench_key, rate_for_use_case
from advisor.tools.use_cases import use_case_for


@cache
def _scores_on(test: str, use_case: str) -> dict[str, float]:
    """Every catalog model's score on one test, read from the benchmark data directly."""
    uc = use_case_for(use_case)
    assert uc is not None
    out: dict[str, float] = {}
    for model in get_catalog():
        for b in benchmarks_of(model):
            pct = percent_score(b)
            if pct is not None and re.sub(r"[^a-z0-9.+]", "", b.name.lower()) == test \
                    and model.key not in out and any(e.matches(b.name) for e in uc.benchmarks):
                out[model.key] = pct
    return out


@pytest.mark.parametrize(("model", "use_case"), [
    ("GPT-4o", "coding"), ("Claude Sonnet 4.5", "agents"), ("Kimi K2", "coding"),
    ("Gemma 3 27B", "multilingual"), ("Qwen2.5 Coder 32B", "coding"),
    ("Gemma 3 4B", "vision"),
])
def test_each_rank_counts_the_models_scored_higher_on_the_same_test(model, use_case):
    fit = rate_for_use_case(model, use_case)
    me = get_catalog().resolve(model).key
    uc = use_case_for(use_case)
    assert uc is not None
    assert fit.standings, fit.lead
    for s in fit.standings:
        scores = _scores_on(bench_key(s.reported_as), use_case)
        assert scores[me] == pytest.approx(s.score)
        assert s.of == len(scores)
        assert s.rank == 1 + sum(v > s.score for k, v in scores.items() if k != me)
        assert s.top_score == pytest.approx(max(scores.values()))
    for s in fit.standings[:3]:
        assert s.describe() in fit.lead
    assert fit.label == uc.label


def test_variants_of_a_test_are_never_ranked_together():
    assert bench_key("SWE-Bench Pro") != bench_key("SWE-bench Verified")
    assert bench_key("Aider-Polyglot") == bench_key("aider polyglot")
    assert bench_key("LiveCodeBench v6") != bench_key("LiveCodeBench")


def test_no_score_is_said_as_none_never_guessed():
    fit = rate_for_use_case("Llama Guard 2 8B", "coding")
    assert fit.standings == []
    assert fit.lead.startswith("No coding benchmark score is on file for Llama Guard 2 8B")


@pytest.mark.parametrize(("args", "error", "words"), [
    ({"model": "gpt-4o", "use_case": "juggling"}, ToolInputError, "no use case matches"),
    ({"model": "nosuchmodel-xyz-9000", "use_case": "coding"}, UnknownModelError,
     "No model named"),
])
def test_bad_input_is_answered_with_a_clear_message(args, error, words):
    with pytest.raises(error, match=words):
        rate_for_use_case(**args)
