"""No group hides two products: every group whose routes disagree much is split or explained."""

from __future__ import annotations

from advisor.catalog.grouping import group_key, load_allow_list, suspect_groups
from tests.unit.catalog.conftest import KNOWLEDGE


def test_every_suspect_group_is_explained_and_no_entry_is_stale(whole_catalog):
    reasons, allowed = load_allow_list(KNOWLEDGE / "grouping.yaml")
    suspects = {g.key: g for g in suspect_groups(whole_catalog)}
    unexplained = sorted(f"{k}: {g.why}" for k, g in suspects.items() if k not in allowed)
    assert not unexplained, "split these groups or explain them in knowledge/grouping.yaml:\n" \
        + "\n".join(unexplained)
    stale = sorted(set(allowed) - set(suspects))
    assert not stale, f"no longer disagreeing, drop from knowledge/grouping.yaml: {stale}"
    assert all(len(text) > 60 for text in reasons.values())


def test_suspects_are_the_groups_that_disagree(whole_catalog):
    for model in whole_catalog:
        contexts = [r.context for r in model.routes if r.context]
        wide = bool(contexts) and max(contexts) > 2 * min(contexts)
        mods = {tuple(sorted(r.modalities_in)) for r in model.routes if r.modalities_in}
        outs = {tuple(sorted(r.modalities_out)) for r in model.routes if r.modalities_out}
        flagged = model.key in {g.key for g in suspect_groups([model])}
        assert flagged == (wide or len(mods) > 1 or len(outs) > 1), model.key


def test_generic_router_ids_keep_their_owner():
    assert group_key("openrouter/auto") == group_key("kilo/openrouter/auto") == "openrouterauto"
    assert group_key("auto", "morph") == "morphauto" != group_key("auto", "llmgateway")
    assert group_key("gpt-5-chat-latest") == group_key("gpt-5-chat") != group_key("gpt-5")
    assert group_key("deepseek-chat") == "deepseekchat"
    assert group_key("google/gemma-3-4b-it") == group_key("google.gemma-3-4b-it") == "gemma34b"
