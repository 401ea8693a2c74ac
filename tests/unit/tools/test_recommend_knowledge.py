"""Recommend filters on the whole catalog's knowledge: size and licence, with sources."""

from __future__ import annotations

import pytest

from advisor.catalog import get_catalog
from advisor.tools.errors import ToolInputError
from advisor.tools.recommend import recommend
from advisor.tools.weights import parameter_count


def test_under_15b_open_models_are_all_at_most_15b():
    result = recommend({"open_weights_only": True, "max_parameters_b": 15}, top_k=5)
    assert result.picks
    cat = get_catalog()
    for pick in result.picks:
        count = parameter_count(cat.resolve(pick.model))
        assert count is not None and count.billions <= 15, pick.model
    assert any(c.constraint == "max_parameters_b" for c in result.excluded)


def test_apache_or_mit_reaches_beyond_the_curated_models():
    result = recommend({"open_weights_only": True, "licenses": ["Apache 2.0", "MIT"]},
                       top_k=10)
    assert result.picks
    assert all(p.license in ("Apache 2.0", "MIT") for p in result.picks)
    cat = get_catalog()
    assert any(cat.resolve(p.model).curated is None for p in result.picks)


@pytest.mark.parametrize("bad", [0, -3, float("inf")])
def test_a_bad_size_limit_names_the_field(bad):
    with pytest.raises(ToolInputError, match="max_parameters_b"):
        recommend({"max_parameters_b": bad})
