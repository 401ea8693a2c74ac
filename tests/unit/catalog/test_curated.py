import re
from pathlib import Path

import pytest

from advisor.catalog import CuratedDataError, UnknownModelError, get_catalog, reset_catalog
from advisor.catalog.curated import load_curated
from advisor.config import PROJECT_ROOT, Settings, use_settings
from tests.conftest import SEEDS

GOOD = """
name: Test Model 7B
match: []
sources:
  card: {title: Test card, url: "https://example.org/card", as_of: 2026-01-01}
facts:
  parameters_total_b: [{value: 7, source: card}]
"""


def _write(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "models"
    d.mkdir()
    (d / "bad.yaml").write_text(text)
    return d


def test_every_seed_model_is_curated_with_sources():
    cat = get_catalog()
    for name in ["Gemma 2 2B", "Gemma 3 4B", "Gemma 4 31B", "Gemma 4 26B A4B", "Gemma 4 E2B",
                 "Gemma 4 E4B", "Qwen3.5 4B", "Qwen3.5 122B A10B", "Llama Guard 2 8B",
                 "Qwen 2.5 Coder 32B"]:
        model = cat.resolve(name)
        assert model.curated is not None, name
        for fact in model.curated.facts.values():
            for claim in fact.claims:
                assert claim.source.as_of and (claim.source.url or claim.source.ref)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed pages (../shared/seeds) are not "
                    "beside this clone; they are reference material outside the repository")
def test_seed_references_name_existing_pages():
    for model in get_catalog():
        if model.curated:
            for src in model.curated.sources.values():
                if src.ref and src.ref.startswith("seeds/"):
                    assert (SEEDS / src.ref.removeprefix("seeds/")).is_file(), src.ref


def test_conflicting_sources_are_all_kept():
    model = get_catalog().resolve("Gemma 4 (family)")
    assert model.curated is not None
    lic = model.curated.facts["license"]
    assert lic.conflict
    refs = {c.source.ref for c in lic.claims}
    assert {"seeds/001_b874f03e1f2383ea.txt", "seeds/002_ba98f4b4060703fc.txt"} <= refs


def test_llama_guard_2_is_curated_only():
    model = get_catalog().resolve("llama guard 2 8b")
    assert model.routes == () and model.curated is not None


@pytest.mark.parametrize("text, field", [
    (GOOD.replace("value: 7", "value: seven"), "parameters_total_b"),
    (GOOD.replace("source: card}", "source: nowhere}"), "parameters_total_b"),
    (GOOD.replace("parameters_total_b", "paramters_total_b"), "paramters_total_b"),
    (GOOD.replace("as_of: 2026-01-01", "x: 1"), "sources.card"),
    (GOOD.replace("name: Test Model 7B", "name: 5"), "name"),
])
def test_bad_curated_file_names_file_model_and_field(tmp_path, text, field):
    d = _write(tmp_path, text)
    with pytest.raises(CuratedDataError) as err:
        load_curated(d)
    assert err.value.file == "bad.yaml" and err.value.field == field
    assert "bad.yaml" in str(err.value) and field in str(err.value)


def test_a_bad_curated_file_is_left_out_and_reported(tmp_path):
    d = _write(tmp_path, GOOD.replace("value: 7", "value: [7]"))
    knowledge = d.parent
    use_settings(Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge, _env_file=None))
    reset_catalog()
    catalog = get_catalog()
    assert any(re.search(r"bad.yaml is ignored: .*Test Model 7B.*parameters_total_b", p)
               for p in catalog.problems)
    with pytest.raises(UnknownModelError):
        catalog.resolve("Test Model 7B")
    assert len(catalog) > 1000  # the rest of the catalog still serves
    use_settings(Settings(data_dir=tmp_path / "data", knowledge_dir=PROJECT_ROOT / "knowledge",
                          _env_file=None))
