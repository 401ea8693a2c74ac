import json

import pytest

from advisor.catalog import CatalogDataError, get_catalog, refresh_catalog, reset_catalog


def _small_api(raw, providers=("alibaba", "kilo")):
    return {p: raw[p] for p in providers}


def test_refresh_from_a_file_replaces_the_catalog(tmp_path, raw_models_dev, settings):
    api = tmp_path / "api.json"
    api.write_text(json.dumps(_small_api(raw_models_dev)))
    with pytest.raises(CatalogDataError, match="api.json: has .* offerings.*--force"):
        refresh_catalog(str(api))  # 2 providers would replace 100+: refused unless forced
    assert not settings.refreshed_catalog_path.exists()
    cat = refresh_catalog(str(api), force=True)
    assert cat.provider_count == 2
    assert get_catalog() is cat
    assert settings.refreshed_catalog_path.is_file()
    reset_catalog()  # a new process picks the refreshed copy up
    assert get_catalog().provider_count == 2


@pytest.mark.parametrize("payload", ["{not json", "[]", '{"x": {"name": "no models"}}'])
def test_bad_file_keeps_the_old_catalog(tmp_path, payload):
    before = get_catalog()
    bad = tmp_path / "api.json"
    bad.write_text(payload)
    with pytest.raises(CatalogDataError, match="api.json"):
        refresh_catalog(str(bad))
    assert get_catalog() is before


def test_missing_file_and_unreachable_url_say_so(tmp_path):
    before = get_catalog()
    with pytest.raises(CatalogDataError, match="cannot read"):
        refresh_catalog(str(tmp_path / "nope.json"))
    with pytest.raises(CatalogDataError, match="cannot download"):
        refresh_catalog("http://127.0.0.1:9/api.json", timeout_s=2)
    assert get_catalog() is before
