"""A recommendation limited to a family or maker ("which Gemma…", "cheapest Claude…")."""

import pytest

from advisor.catalog import get_catalog
from advisor.catalog.names import normalize
from advisor.tools.errors import ToolInputError
from advisor.tools.recommend import recommend
from advisor.tools.workload import Workload


@pytest.mark.parametrize(("family", "objective"), [
    ("gemma", "best_for"), ("Claude", "cheapest"), ("qwen3", "largest_context"),
    ("Mistral", None), ("gpt", "newest"), ("llama 3", "smallest"), ("DeepSeek", "cheapest"),
])
def test_every_pick_belongs_to_the_family(family: str, objective: str | None) -> None:
    rec = recommend(Workload(families=[family]), top_k=5, objective=objective,
                    use_case="coding" if objective == "best_for" else None)
    assert rec.picks, rec.lead
    key = normalize(family)
    catalog = get_catalog()
    for pick in rec.picks:
        model = catalog.resolve(pick.model)
        assert model.key.startswith(key) or normalize(model.maker or "").startswith(key), \
            pick.model
    assert "models" in rec.lead.split(":")[0]  # the lead says the family limit


def test_the_family_limit_leaves_out_every_other_model() -> None:
    everyone = recommend(Workload(), top_k=10)
    gemma = recommend(Workload(families=["gemma"]), top_k=10)
    outside = [p.model for p in everyone.picks if not normalize(p.model).startswith("gemma")]
    assert outside and not set(outside) & {p.model for p in gemma.picks}


@pytest.mark.parametrize("family", ["gemmma", "zzzq", "   "])
def test_an_unknown_family_is_refused_by_name(family: str) -> None:
    if not family.strip():  # blank names are ignored, not an error
        assert recommend(Workload(families=[family])).picks
        return
    with pytest.raises(ToolInputError, match=f"no model family or maker '{family}'"):
        recommend(Workload(families=[family]))
