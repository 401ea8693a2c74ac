"""Malformed curated files: every one refused, naming the file, the model and the field."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.catalog import CuratedDataError, get_catalog, reset_catalog
from advisor.catalog.curated import load_curated, load_curated_checked, load_file
from advisor.catalog.curated_checks import RANGES
from advisor.config import PROJECT_ROOT, Settings, use_settings

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
BASE = {
    "name": "Test Model 7B", "match": ["test/test-model-7b"], "family": "Test",
    "sources": {"card": {"title": "Card", "url": "https://example.org/c", "as_of": "2026-01-01"}},
    "facts": {"parameters_total_b": [{"value": 7, "source": "card"}],
              "context_window": [{"value": 8192, "source": "card"}]},
    "benchmarks": [{"name": "MMLU", "score": 60.1, "source": "card"}],
}


def _fact(field: str, value: object, **extra: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(BASE))
    data["facts"][field] = [{"value": value, "source": "card", **extra}]
    return data


def _write(path: Path, data: object) -> Path:
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True))
    return path


BAD = [
    (_fact("parameters_total_b", -7), "parameters_total_b"),
    (_fact("parameters_total_b", 0), "parameters_total_b"),
    (_fact("parameters_total_b", float("nan")), "parameters_total_b"),
    (_fact("parameters_total_b", float("inf")), "parameters_total_b"),
    (_fact("parameters_total_b", 10 ** 400), "parameters_total_b"),
    (_fact("parameters_active_b", 70), "parameters_active_b"),  # more than the 7B total
    (_fact("context_window", 0), "context_window"),
    (_fact("context_window", -8192), "context_window"),
    (_fact("context_window", 10 ** 30), "context_window"),
    (_fact("max_output_tokens", 0), "max_output_tokens"),
    (_fact("memory_gb", {"bf16": -6.4}), "memory_gb"),
    (_fact("memory_gb", {"bf16": 0}), "memory_gb"),
    (_fact("memory_gb", {"int4": float("inf")}), "memory_gb"),
    (_fact("ram_q4_gb", -1), "ram_q4_gb"),
    (_fact("num_layers", 0), "num_layers"),
    (_fact("head_dim", 10 ** 400), "head_dim"),
    (_fact("provider_prices", {"provider": "x", "input_per_m": -0.5}), "provider_prices"),
    (_fact("provider_prices", {"provider": "x", "output_per_m": float("nan")}),
     "provider_prices"),
    (_fact("speed", [{"hardware": "cpu", "tokens_per_s": -3}]), "speed"),
    (_fact("release_date", "2024-13-45"), "release_date"),
    (_fact("release_date", "last spring"), "release_date"),
    (_fact("release_date", "0001-01-01"), "release_date"),
    (_fact("knowledge_cutoff", "2024-02-30"), "knowledge_cutoff"),
    (_fact("context_window", 8192, as_of="someday"), "context_window"),
    (_fact("context_window", 8192, confidence="high"), "context_window"),
    (_fact("languages", 0), "languages"),
    (_fact("open_weights", "yes"), "open_weights"),
    ({**BASE, "licence": "MIT"}, "(top level)"),
    ({**BASE, "family": 5}, "family"),
    ({**BASE, "sources": {"card": {**BASE["sources"]["card"], "as_of": "2026-02-31"}}},
     "sources.card"),
    ({**BASE, "sources": {"card": {**BASE["sources"]["card"], "publisher": "x"}}},
     "sources.card"),
    ({**BASE, "benchmarks": [{"name": "MMLU", "score": float("nan"), "source": "card"}]},
     "benchmarks[0]"),
    ({**BASE, "benchmarks": [{"name": "MMLU", "score": 1e308, "source": "card"}]},
     "benchmarks[0]"),
    ({**BASE, "benchmarks": [{"name": "MMLU", "score": 60, "source": "card", "rank": 1}]},
     "benchmarks[0]"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_malformed_values_are_refused_by_field(tmp_path: Path, data: object, field: str) -> None:
    path = _write(tmp_path / "bad.yaml", data)
    with pytest.raises(CuratedDataError) as err:
        load_file(path)
    assert err.value.file == "bad.yaml" and err.value.field == field
    assert err.value.model == "Test Model 7B"
    assert "bad.yaml" in str(err.value) and field in str(err.value)


def test_a_duplicate_key_is_refused_not_silently_renaming(tmp_path: Path) -> None:
    text = yaml.safe_dump(BASE) + "name: Another Model 70B\n"
    with pytest.raises(CuratedDataError) as err:
        load_file(_write(tmp_path / "dup.yaml", text))
    assert err.value.file == "dup.yaml" and "'name' appears twice" in str(err.value)


def test_a_non_utf8_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(yaml.safe_dump(BASE).replace("Card", "Caf\xe9").encode("latin-1"))
    with pytest.raises(CuratedDataError) as err:
        load_file(path)
    assert err.value.file == "latin.yaml" and "not UTF-8" in str(err.value)


def test_two_files_for_one_model_keep_the_first_only(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", BASE)
    _write(tmp_path / "b.yaml", {**BASE, "name": "test-model-7b", "match": []})
    models, errors = load_curated_checked(tmp_path)
    assert [m.file for m in models] == ["a.yaml"]
    assert errors[0].file == "b.yaml" and "a.yaml already curates" in str(errors[0])
    with pytest.raises(CuratedDataError):
        load_curated(tmp_path)


def test_the_project_curated_files_all_validate() -> None:
    models, errors = load_curated_checked(PROJECT_ROOT / "knowledge" / "models")
    assert errors == [] and models


NUMERIC = ["parameters_total_b", "parameters_active_b", "context_window", "max_output_tokens",
           "num_layers", "num_kv_heads", "head_dim", "hidden_size", "ram_q4_gb"]


@FAST
@given(field=st.sampled_from(NUMERIC),
       value=st.one_of(st.integers(-10 ** 30, 10 ** 30), st.floats(allow_nan=True),
                       st.integers(10 ** 300, 10 ** 400)))
def test_any_number_is_accepted_only_in_range(tmp_path_factory: pytest.TempPathFactory,
                                              field: str, value: float) -> None:
    path = _write(tmp_path_factory.mktemp("c") / "m.yaml", _fact(field, value))
    try:
        model = load_file(path)
    except CuratedDataError as exc:
        assert exc.field == field and exc.file == "m.yaml"
        return
    got = model.facts[field].claims[0].value
    # the declared range of the field (contexts go to 10^8 tokens: Llama 4 Scout lists 10M)
    assert math.isfinite(got) and 0 < got <= RANGES[field][1]


def test_a_broken_file_keeps_the_last_good_catalog_serving(tmp_path: Path) -> None:
    models = tmp_path / "knowledge" / "models"
    models.mkdir(parents=True)
    _write(models / "test.yaml", {**BASE, "match": ["google/gemma-3-4b-it"],
                                  "name": "Gemma 3 4B"})
    use_settings(Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge",
                          _env_file=None))
    try:
        reset_catalog()
        good = get_catalog()
        assert good.problems == [] and good.resolve("Gemma 3 4B").curated is not None
        _write(models / "test.yaml", _fact("parameters_total_b", -1) | {"name": "Gemma 3 4B"})
        reset_catalog()
        served = get_catalog()
        assert served.resolve("Gemma 3 4B").curated is not None  # the last good facts
        assert served.resolve("Gemma 3 4B").curated.facts["parameters_total_b"].value == 7
        assert "test.yaml is ignored" in served.problems[0]
        assert "parameters_total_b" in served.problems[0]
    finally:
        use_settings(Settings(data_dir=tmp_path / "data",
                              knowledge_dir=PROJECT_ROOT / "knowledge", _env_file=None))
        reset_catalog()
