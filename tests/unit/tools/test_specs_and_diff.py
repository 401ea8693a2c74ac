import pytest

from advisor.tools.capabilities import diff_capabilities
from advisor.tools.errors import ToolInputError
from advisor.tools.specs import lookup_specs


def test_specs_carry_routes_prices_and_sources(raw_models_dev):
    sheet = lookup_specs("Qwen3.5 122B A10B")
    assert len(sheet.routes) >= 8
    kilo = next(r for r in sheet.routes if r.provider_id == "kilo")
    raw = raw_models_dev["kilo"]["models"]["qwen/qwen3.5-122b-a10b"]["cost"]
    assert (kilo.input_per_m, kilo.output_per_m) == (raw["input"], raw["output"])
    outs = [r.output_per_m for r in sheet.routes if r.output_per_m is not None]
    assert outs == sorted(outs) and sheet.cheapest_output_per_m == min(outs)
    assert sheet.capabilities["vision"] is True
    assert sheet.sources and "models.dev" in sheet.sources[0]
    assert sheet.parameters_b == 122 and sheet.active_parameters_b == 10


def test_specs_show_conflicting_context_claims():
    sheet = lookup_specs("Qwen 3.5")  # the family file: seeds say 128K, 128K-1M; cards 262k
    text = sheet.to_markdown()
    assert any("Context window" in c for c in sheet.conflicts)
    assert "Sources disagree" in text


def test_curated_only_model_has_no_price_and_unknown_capabilities_stay_unknown():
    sheet = lookup_specs("Llama Guard 2 8B")
    assert sheet.routes == [] and sheet.cheapest_output_per_m is None
    assert "No provider route" in sheet.to_markdown()
    assert sheet.capabilities["image_output"] is None


def test_empty_model_name_is_refused():
    with pytest.raises(ToolInputError, match="model"):
        lookup_specs("  ")


def test_diff_matrix_and_unique_capabilities():
    diff = diff_capabilities(["Gemma 2 2B", "Qwen3.5 122B A10B"])
    rows = {r.attribute: r for r in diff.rows}
    g, q = diff.models
    shown = {k: v.removesuffix(" ⚠") for k, v in rows["vision"].values.items()}  # ⚠: #11
    assert shown == {g: "No", q: "Yes"} and rows["vision"].differs
    assert "Vision (image input)" in diff.only_in[q]
    assert "Vision (image input)" not in diff.only_in[g]
    assert rows["context_window"].values[q].removesuffix(" ⚠") == "262k"  # ⚠: #11
    assert {"reasoning", "function_calling", "structured_outputs", "open_weights",
            "license", "max_output"} <= set(rows)


@pytest.mark.parametrize("models", [[], ["gemma 3 4b"], ["gemma 3 4b", "Gemma-3-4B"]])
def test_diff_needs_two_distinct_models(models):
    with pytest.raises(ToolInputError, match="models"):
        diff_capabilities(models)


def test_a_named_provider_leads_the_routes_and_an_unknown_one_is_refused():
    sheet = lookup_specs("GPT-4o", provider="Azure")
    assert sheet.asked_provider == "azure" and sheet.routes[0].provider_id == "azure"
    plain = lookup_specs("GPT-4o")
    assert sorted(r.route for r in sheet.routes) == sorted(r.route for r in plain.routes)
    with pytest.raises(ToolInputError, match="has no route on 'nosuchhost'"):
        lookup_specs("GPT-4o", provider="nosuchhost")


def test_probable_listing_errors_are_marked_on_the_sheet_and_never_paid():
    sheet = lookup_specs("Mistral Small")
    doubted = [r for r in sheet.routes if r.price_doubt]
    assert [r.provider_id for r in doubted] == ["helicone"]
    assert not any(r.paid for r in doubted)
    assert all(r.paid for r in sheet.routes
               if r.price_doubt is None and (r.input_per_m or r.output_per_m))
