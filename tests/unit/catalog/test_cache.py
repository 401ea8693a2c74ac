from advisor.catalog import get_catalog, reset_catalog
from advisor.config import Settings, use_settings


def test_second_load_comes_from_the_cache_with_the_same_content(settings):
    first = get_catalog()
    assert list((settings.data_dir / "cache").glob("catalog-*.pickle"))
    reset_catalog()
    second = get_catalog()
    assert second is not first
    assert len(second) == len(first) and second.offering_count == first.offering_count
    assert second.resolve("gemma 3 4b").curated == first.resolve("gemma 3 4b").curated


def test_a_changed_curated_file_invalidates_the_cache(tmp_path, settings):
    knowledge = tmp_path / "knowledge"
    (knowledge / "models").mkdir(parents=True)
    f = knowledge / "models" / "x.yaml"
    f.write_text("name: Cache Test 1B\nsources:\n  s: {title: t, url: 'https://e.org', "
                 "as_of: 2026-01-01}\nfacts:\n  parameters_total_b: [{value: 1, source: s}]\n")
    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=knowledge, _env_file=None))
    reset_catalog()
    assert get_catalog().resolve("Cache Test 1B").curated_value("parameters_total_b") == 1
    f.write_text(f.read_text().replace("value: 1,", "value: 2,"))
    reset_catalog()
    assert get_catalog().resolve("Cache Test 1B").curated_value("parameters_total_b") == 2
