import subprocess
import sys

import pytest

from advisor.catalog import UnknownModelError, get_catalog
from advisor.catalog.names import normalize


def test_imports_every_provider_and_offering(raw_models_dev):
    cat = get_catalog()
    assert cat.provider_count == len(raw_models_dev) >= 130
    assert cat.offering_count == sum(len(p["models"]) for p in raw_models_dev.values()) >= 4800
    assert sum(len(m.routes) for m in cat) == cat.offering_count  # nothing lost


def test_offering_fields_are_carried(raw_models_dev):
    raw = raw_models_dev["alibaba"]["models"]["qwen3.5-122b-a10b"]
    model = get_catalog().resolve("qwen/qwen3.5-122b-a10b")
    route = next(r for r in model.routes if r.provider_id == "alibaba")
    assert route.prices is not None
    assert (route.prices.input, route.prices.output) == (raw["cost"]["input"],
                                                         raw["cost"]["output"])
    assert route.context == raw["limit"]["context"]
    assert route.output_limit == raw["limit"]["output"]
    assert list(route.modalities_in) == raw["modalities"]["input"]
    assert route.tool_call is raw["tool_call"] and route.reasoning is raw["reasoning"]
    assert route.open_weights is raw["open_weights"]
    assert route.release_date == raw["release_date"]


def test_context_tiers_are_imported(raw_models_dev):
    raw = raw_models_dev["google"]["models"]["gemini-2.5-pro"]["cost"]
    model = get_catalog().resolve("gemini-2.5-pro")
    route = next(r for r in model.routes if r.provider_id == "google")
    assert route.prices is not None and route.prices.tiers
    tier = route.prices.tiers[0]
    assert tier.above_tokens == raw["tiers"][0]["tier"]["size"]
    assert tier.input == raw["tiers"][0]["input"] and tier.output == raw["tiers"][0]["output"]


def test_offerings_group_under_one_canonical_model():
    model = get_catalog().resolve("Qwen3.5 122B A10B")
    providers = {r.provider_id for r in model.routes}
    assert {"alibaba", "kilo", "cortecs", "mixlayer", "openrouter"} <= providers


@pytest.mark.parametrize("name", [
    "qwen/qwen3.5-122b-a10b", "Qwen3.5-122B-A10B", "qwen3.5 122b a10b", "Qwen 3.5 122B A10B",
    "QWEN3.5-122B-A10B", "Qwen: Qwen3.5-122B-A10B", "qwen3-5-122b-a10b",
])
def test_lenient_name_resolution(name):
    assert get_catalog().resolve(name).key == normalize("qwen3.5-122b-a10b")


def test_groq_packagings_of_meta_llamas_join_the_llama_and_openai_instant_stays_apart():
    cat = get_catalog()
    llama70 = cat.resolve("Llama 3.3 70B Instruct")
    assert "groq/llama-3.3-70b-versatile" in {r.route for r in llama70.routes}
    assert cat.resolve("llama-3.3-70b-versatile").key == llama70.key
    llama8 = cat.resolve("Llama 3.1 8B Instruct")
    assert "groq/llama-3.1-8b-instant" in {r.route for r in llama8.routes}
    assert normalize("gpt-5.1-instant") != normalize("gpt-5.1")
    assert cat.resolve("gpt-5.1-instant").key == "gpt51instant"


def test_provider_prefixed_and_vendor_dotted_ids_resolve():
    cat = get_catalog()
    assert cat.resolve("google.gemma-3-4b-it").key == cat.resolve("Gemma 3 4B").key
    assert cat.resolve("google/gemma-3-4b-it").key == cat.resolve("gemma3 4b").key


def test_misspelling_resolves_when_unambiguous():
    assert get_catalog().resolve("Gema 3 4B").name == get_catalog().resolve("gemma 3 4b").name


def test_a_misspelling_with_another_version_number_does_not_resolve():
    cat = get_catalog()
    with pytest.raises(UnknownModelError) as err:  # fuzzy-close to "Claude Opus Latest"
        cat.resolve("claude 9 opus")
    assert err.value.suggestions[0] == "Claude Opus Latest"
    assert len(set(err.value.suggestions)) == len(err.value.suggestions)  # no name twice
    assert cat.resolve("lama 3.1 8b").name == cat.resolve("llama-3.1-8b-instruct").name


def test_unknown_model_lists_closest_matches():
    with pytest.raises(UnknownModelError) as err:
        get_catalog().resolve("qwen 3.5 12b")
    assert err.value.suggestions
    assert "Closest matches" in str(err.value)
    assert any("Qwen3.5" in s or "Qwen 3.5" in s for s in err.value.suggestions)


def test_spec_lookup_imports_neither_torch_nor_chromadb():
    code = ("import sys; from advisor.tools.specs import lookup_specs; "
            "lookup_specs('gemma 3 4b'); "
            "print(sorted(m for m in ('torch','chromadb','sentence_transformers') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
