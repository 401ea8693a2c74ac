"""Impossible models.dev values are refused at import, with warnings naming where they were."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.catalog.models_dev import read_offerings
from advisor.catalog.validate import clean_listing

TODAY = dt.date(2026, 6, 1)
GOOD = {"id": "m", "name": "M", "release_date": "2025-03-01", "knowledge": "2024-10",
        "limit": {"context": 128_000, "output": 8192},
        "cost": {"input": 1.0, "output": 4.0, "cache_read": 0.1}}


def _clean(**changes):
    entry = {**GOOD, **changes}
    return clean_listing("prov", "m", entry, TODAY)


def test_a_sound_listing_passes_untouched():
    cleaned, warnings = _clean()
    assert warnings == [] and cleaned == GOOD


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"release_date": "1970-01-01"}, "release_date", "placeholder"),
    ({"release_date": "2025-02-30"}, "release_date", "not a date"),
    ({"release_date": "soon"}, "release_date", "not a date"),
    ({"last_updated": "2031-01-01"}, "last_updated", "future"),
    ({"knowledge": "2025-09", "release_date": "2025-03-01"}, "knowledge", "after release"),
    ({"limit": {"context": -1, "output": 10}}, "limit.context", "negative limit"),
    ({"limit": {"context": 32_768, "output": 65_536}}, "limit.output", "above the context"),
    ({"cost": {"input": -0.5, "output": 4.0}}, "cost.input", "negative price"),
    ({"cost": {"input": 0.5, "output": 1.5, "cache_read": 1.25}}, "cost.cache_read",
     "above the input price"),
    ({"cost": {"input": 30, "output": 180, "cache_read": 0}}, "cost.cache_read", "$0 cache"),
    ({"cost": {"input": 2, "output": 8, "tiers": [{"tier": {"type": "context", "size": 200000},
                                                   "input": 4, "output": 16,
                                                   "cache_read": 9}]}},
     "cost.tiers[0].cache_read", "above the input price"),
])
def test_each_impossible_value_is_refused_and_named(changes, field, words):
    cleaned, warnings = _clean(**changes)
    named = [w for w in warnings if w.field == field]
    assert named, warnings
    w = named[0]
    assert (w.provider_id, w.model_id) == ("prov", "m") and words in w.problem
    assert str(w).startswith("prov/m: " + field)
    top, _, sub = field.partition(".")
    if not sub:
        assert field not in cleaned
    elif "[" not in sub:
        assert sub not in cleaned[top]


def test_both_sides_of_an_impossible_pair_are_refused():
    cleaned, warnings = _clean(knowledge="2023-12", release_date="2023-11-06")
    assert {w.field for w in warnings} == {"knowledge", "release_date"}
    assert "knowledge" not in cleaned and "release_date" not in cleaned


def test_refused_values_are_not_used_and_the_rest_stays():
    data = {"prov": {"name": "Prov", "models": {"m": {**GOOD, "release_date": "1970-01-01",
                                                      "cost": {"input": 1.0, "output": 4.0,
                                                               "cache_read": 0}}}}}
    offerings, warnings = read_offerings(data, TODAY)
    (off,) = offerings
    assert off.release_date is None and off.prices is not None
    assert off.prices.cache_read is None and off.prices.input == 1.0
    assert off.context == 128_000 and set(off.refused) == {"release_date", "cost.cache_read"}
    assert len(warnings) == 2


def test_the_bundled_data_is_checked_value_by_value(whole_catalog, raw_models_dev):
    warned = {(w.route, w.field) for w in whole_catalog.warnings}
    # independent reading of the raw data: the listings a person would call impossible
    for pid, provider in raw_models_dev.items():
        for key, m in provider["models"].items():
            route = f"{pid}/{m.get('id') or key}"
            cost = m.get("cost") or {}
            if (m.get("release_date") or "").startswith("1970"):
                assert (route, "release_date") in warned
            cache, inp = cost.get("cache_read"), cost.get("input")
            if cache is not None and inp and (cache > inp or cache == 0):
                assert (route, "cost.cache_read") in warned
    for model in whole_catalog:
        for r in model.routes:
            p = r.prices
            if p is None:
                continue
            assert all(v is None or v >= 0 for v in (p.input, p.output, p.cache_read))
            if p.cache_read is not None and p.input:
                assert 0 < p.cache_read <= p.input, r.route
    assert any(w.provider_id == "frogbot" and w.field == "release_date"
               for w in whole_catalog.warnings)
