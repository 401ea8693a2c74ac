"""rate_strengths: what a model does best, every use case rated on its own tests only."""

from __future__ import annotations

import pytest

from advisor.catalog import UnknownModelError, get_catalog
from advisor.tools.evidence import benchmarks_of
from advisor.tools.strengths import rate_strengths
from advisor.tools.use_case_fit import rate_for_use_case
from advisor.tools.use_cases import load_use_cases, use_case_keys


@pytest.mark.parametrize("model", ["Kimi K2", "GPT-4o", "Gemma 3 27B", "Claude Sonnet 4.5",
                                   "Qwen2.5 Coder 32B", "Llama 3.1 8B Instruct"])
def test_each_use_case_is_its_own_rating_and_they_are_ordered_by_standing(model):
    got = rate_strengths(model)
    key = get_catalog().resolve(model).key
    seen = {s.use_case for s in got.strengths}
    for uc in use_case_keys():  # every use case is rated, named as unscored, or ruled out
        fit = rate_for_use_case(key, uc)
        if any(r.startswith(f"{fit.label} (") for r in got.ruled_out):
            assert uc not in seen
            continue
        if fit.standings:
            mine = next(s for s in got.strengths if s.use_case == uc)
            assert mine.standing == fit.standings[0]  # its heaviest test, same rank and count
            assert mine.tests == len(fit.standings)
        else:
            assert uc not in seen and fit.label in got.unscored
    shares = [s.standing.rank / s.standing.of for s in got.strengths]
    assert shares == sorted(shares)
    if got.strengths:
        best = got.strengths[0]
        assert f"{best.label}: {best.standing.describe()}" in got.lead.split(";")[0]


def test_a_model_with_no_score_is_told_so():
    bare = next(m for m in get_catalog() if not benchmarks_of(m))
    got = rate_strengths(bare.key)
    assert got.strengths == [] and "cannot say what it does best" in got.lead
    assert len(got.unscored) + len(got.ruled_out) == len(load_use_cases().use_cases)


def test_a_use_case_the_model_is_too_large_for_is_never_a_strength():
    got = rate_strengths("Kimi K2")  # 1T parameters; on-device wants at most 10B
    assert "on-device" not in {s.use_case for s in got.strengths}
    assert any(r.startswith("on-device (it has 1,000B parameters") for r in got.ruled_out)
    assert "too large for on-device" in got.lead
    small = rate_strengths("Gemma 3 4B")
    assert not small.ruled_out


def test_an_unknown_model_names_the_closest():
    with pytest.raises(UnknownModelError):
        rate_strengths("nosuchmodel-xyz-9000")
