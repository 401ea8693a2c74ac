"""What differs between compared models: read from known values only, prices from raw data."""

import itertools
import re

import pytest
import yaml

from advisor.catalog import get_catalog
from advisor.catalog.format import usd
from advisor.config import PROJECT_ROOT
from advisor.tools.compare import compare_models
from advisor.tools.compare.differences import differences
from advisor.tools.compare.profile import ModelProfile, PriceRef, build_profile
from advisor.tools.workload import Workload

CAPS = {"vision": False, "audio_input": False, "video_input": False, "pdf_input": False,
        "multimodal": False, "image_output": False, "audio_output": False,
        "reasoning": False, "function_calling": True, "structured_outputs": True,
        "attachments": False, "open_weights": False}


def profile(name: str, **changes) -> ModelProfile:
    base = dict(name=name, key=name.lower(), context_window=128_000, max_output=16_384,
                capabilities=dict(CAPS), license="Proprietary", open_weights=False,
                release_date="2025-01-01",
                list_price=PriceRef(input_per_m=1.0, output_per_m=4.0, provider="Maker",
                                    provider_id="maker", model_id=name.lower()))
    caps = changes.pop("caps", {})
    base["capabilities"] = {**CAPS, **caps}
    return ModelProfile(**{**base, **changes})


def test_identical_models_have_no_difference_and_say_what_they_share():
    d = differences([profile("A"), profile("B")])
    assert d.differ == []
    assert d.sentence().startswith("The catalog shows no difference between A and B")
    assert "a 128k context window" in d.alike and "Function calling / tool use" in d.alike


def test_an_unknown_capability_is_never_read_as_no():
    d = differences([profile("A", caps={"vision": True}), profile("B", caps={"vision": None})])
    assert not any(x.label == "Vision (image input)" for x in d.differ)
    assert "Vision (image input) for B" in d.unknown
    three = differences([profile("A", caps={"vision": True}), profile("B"),
                         profile("C", caps={"vision": None})])
    (vision,) = [x for x in three.differ if x.label == "Vision (image input)"]
    assert vision.text == "only A (unknown for C)"


def test_one_size_written_two_ways_is_not_a_difference():
    d = differences([profile("A", context_window=128_000),
                     profile("B", context_window=131_072)])
    assert not any(x.aspect == "context" for x in d.differ)
    assert "a 128k context window" in d.alike


def test_price_names_the_cheaper_model_and_the_basis_of_each_price():
    cheap = profile("A", list_price=None, cheapest_output=PriceRef(
        input_per_m=0.5, output_per_m=2.0, provider="Reseller", provider_id="r",
        model_id="a"))
    d = differences([profile("B"), cheap])
    price = d.differ[0]
    assert price.aspect == "price"
    assert price.clause.startswith("A costs less per token: $0.50 / $2.00 per 1M tokens")
    assert "B's $1.00 / $4.00 on Maker" in price.clause
    assert "the maker's list price for B; the cheapest paid route for A" in price.clause
    assert "B's output price is 2× A's" in price.clause
    assert d.sentence().startswith(price.clause)


def test_lower_input_price_on_the_dearer_model_is_said():
    other = PriceRef(input_per_m=0.2, output_per_m=8.0, provider="Maker", provider_id="maker",
                     model_id="b")
    d = differences([profile("A"), profile("B", list_price=other)])
    assert "A costs less per token" in d.differ[0].clause
    assert "B has the lower input price" in d.differ[0].clause


def test_no_price_is_unknown_not_free():
    d = differences([profile("A"), profile("B", list_price=None)])
    assert not any(x.aspect == "price" for x in d.differ)
    assert "no paid price for B" in d.unknown


def _maker_providers(model) -> set[str]:
    makers = yaml.safe_load((PROJECT_ROOT / "knowledge" / "makers.yaml").read_text())
    row = next((r for r in makers["makers"]
                if any(re.search(k, model.key) for k in r["keys"])), {})
    return set(row.get("providers", []))


def _reference_price(raw, model):
    """The maker's cheapest paid output price from raw data, else the cheapest paid route's."""
    paid = []
    for route in model.routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if "input" in cost and "output" in cost and (cost["input"] or cost["output"]):
            paid.append((cost["output"], cost["input"], route.provider_id))
    own = [p for p in paid if p[2] in _maker_providers(model)]
    return min(own or paid, default=None)


PAIRS = [("o3", "o4-mini"), ("GPT-4o", "GPT-4.1"), ("Claude Haiku 4.5", "GPT-4o mini"),
         ("Gemma 3 27B", "Qwen3 32B"), ("Mistral Large", "DeepSeek V3"),
         ("Claude Opus 4.5", "GPT-5"), ("Gemini 2.5 Flash", "Gemini 2.5 Pro")]


@pytest.mark.parametrize("pair", PAIRS)
def test_price_figures_match_raw_models_dev_prices(raw_models_dev, pair):
    catalog = get_catalog()
    models = [catalog.resolve(n) for n in pair]
    d = differences([build_profile(m) for m in models])
    refs = [_reference_price(raw_models_dev, m) for m in models]
    price = [x for x in d.differ if x.aspect == "price"]
    if len({(r[0], r[1]) for r in refs}) == 1:
        assert not price
        return
    (price,) = price
    for model, (out, inp, _) in zip(models, refs, strict=True):
        assert f"{model.name} {usd(inp)} / {usd(out)}" in price.text
    cheapest = min(zip(refs, models, strict=True), key=lambda t: (t[0][0], t[0][1]))[1]
    assert price.clause.startswith(f"{cheapest.name} costs less per token")


def test_every_difference_over_catalog_pairs_rests_on_known_unequal_values():
    catalog = get_catalog()
    models = sorted((m for m in catalog.models.values() if m.routes), key=lambda m: m.key)[::40]
    for a, b in itertools.combinations(models[:12], 2):
        pa, pb = build_profile(a), build_profile(b)
        d = differences([pa, pb])
        for item in d.differ:
            if item.aspect == "capability":
                key = next(k for k, v in CAP_LABELS.items() if v == item.label)
                values = {pa.capabilities[key], pb.capabilities[key]}
                assert values == {True, False}, (a.name, b.name, item)
            if item.aspect == "context":
                assert None not in (pa.context_window, pb.context_window)
                assert pa.context_window != pb.context_window
        assert d.sentence().count(".") >= 1 and "None" not in d.sentence()


CAP_LABELS = {"vision": "Vision (image input)", "audio_input": "Audio input",
              "video_input": "Video input", "pdf_input": "PDF input",
              "image_output": "Image output", "audio_output": "Audio output",
              "reasoning": "Reasoning", "function_calling": "Function calling / tool use",
              "structured_outputs": "Structured outputs", "attachments": "File attachments"}


def test_differences_lead_only_when_no_traffic_is_stated():
    plain = compare_models(["o3", "o4-mini"])
    assert plain.differences_lead and plain.lead == plain.differences.sentence()
    text = plain.to_markdown()
    assert text.index("### What differs") < text.index("### Monthly cost at traffic")
    costed = compare_models(["o3", "o4-mini"], Workload(requests=10_000))
    assert not costed.differences_lead
    assert costed.lead.startswith("At 10,000 requests a month")
    assert "### What differs" in costed.to_markdown()  # still shown, after the cost
    assert not compare_models(["o3", "o4-mini"], use_case="coding").differences_lead
