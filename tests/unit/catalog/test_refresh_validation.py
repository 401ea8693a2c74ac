"""Malformed refresh files: refused naming the user's file, nothing saved, old catalog kept."""

from __future__ import annotations

import copy
import gzip
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.catalog import CatalogDataError, get_catalog, refresh_catalog
from advisor.catalog.refresh_checks import MAX_REFRESH_BYTES, check_entries, entry_problems

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
PID, MID = "openai", "gpt-4o"


def _mutated(raw: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw)
    node = data[PID]["models"][MID]
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return data


BAD = [
    (("cost", "input"), "free"), (("cost", "input"), float("nan")),
    (("cost", "output"), float("inf")), (("cost", "input"), -2.5),
    (("cost", "output"), 10 ** 400), (("cost", "cache_read"), True),
    (("cost", "input"), [1, 2]), (("cost",), "cheap"),
    (("cost", "tiers"), "many"), (("cost", "tiers"), [{"input": -1, "tier": {"size": 1}}]),
    (("cost", "context_over_200k"), {"output": float("nan")}),
    (("limit", "context"), -128000), (("limit", "context"), 1e308),
    (("limit", "output"), "lots"), (("limit", "context"), 12.5),
    (("limit",), [1]), (("modalities", "input"), "text"),
    (("modalities", "input"), [1, 2]), (("tool_call",), "yes"),
    (("open_weights",), 1), (("name",), 42), (("release_date",), 20240513),
]


@pytest.mark.parametrize(("path", "value"), BAD)
def test_an_invalid_entry_is_refused_by_file_model_and_field(raw_models_dev, path, value):
    problems = list(entry_problems(_mutated(raw_models_dev, path, value)))
    assert len(problems) == 1
    assert problems[0].startswith(f"{PID}/{MID}: {'.'.join(path[:2])}")


def test_the_bundled_data_has_no_invalid_entry(raw_models_dev):
    assert list(entry_problems(raw_models_dev)) == []


@pytest.mark.parametrize(("path", "value"), [BAD[1], BAD[3], BAD[0], BAD[12]])
def test_refresh_saves_nothing_invalid(tmp_path: Path, raw_models_dev, settings, path, value):
    before = get_catalog()
    api = tmp_path / "my-api.json"
    api.write_text(json.dumps(_mutated(raw_models_dev, path, value)))  # NaN → JSON NaN
    with pytest.raises(CatalogDataError) as err:
        refresh_catalog(str(api))
    message = str(err.value)
    assert message.startswith(f"{api}: 1 invalid value(s), nothing saved: {PID}/{MID}")
    assert ".tmp" not in message
    assert not settings.refreshed_catalog_path.exists()
    assert not list(settings.refreshed_catalog_path.parent.glob("*.tmp"))
    assert get_catalog() is before


@pytest.mark.parametrize("payload", [b"\xff\xfe not utf-8", b"\x1f\x8b broken gzip",
                                     b'{"a": ' + b"9" * 5000 + b"}", b"", b"null"])
def test_unreadable_payloads_name_the_users_file(tmp_path: Path, payload: bytes):
    api = tmp_path / "mine.json"
    api.write_bytes(payload)
    with pytest.raises(CatalogDataError) as err:
        refresh_catalog(str(api))
    assert str(err.value).startswith(str(api)) and ".tmp" not in str(err.value)


def test_an_oversized_file_is_refused_unless_forced(tmp_path: Path, settings):
    api = tmp_path / "huge.json"
    with api.open("wb") as fh:
        fh.truncate(MAX_REFRESH_BYTES + 1)
    with pytest.raises(CatalogDataError, match=r"huge.json: .* MB is over .*--force"):
        refresh_catalog(str(api))
    assert not settings.refreshed_catalog_path.exists()


def test_a_gzip_refresh_is_read(tmp_path: Path, raw_models_dev, settings):
    api = tmp_path / "api.json.gz"
    api.write_bytes(gzip.compress(json.dumps(raw_models_dev).encode()))
    cat = refresh_catalog(str(api))
    assert cat.offering_count == get_catalog().offering_count > 4000


values = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30),
                   st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                        st.integers(), max_size=2))
fields = st.sampled_from([("cost", "input"), ("cost", "output"), ("cost", "cache_read"),
                          ("limit", "context"), ("limit", "output"), ("reasoning",),
                          ("modalities", "input"), ("name",), ("cost",), ("limit",)])


@FAST
@given(path=fields, value=values)
def test_any_value_is_either_refused_by_field_or_safe(raw_models_dev, path, value):
    data = _mutated({PID: raw_models_dev[PID]}, path, value)  # one provider: a cheap copy
    try:
        check_entries(data, "api.json")
    except CatalogDataError as exc:
        assert f"{PID}/{MID}: {path[0]}" in str(exc) and str(exc).startswith("api.json: ")
        return
    node: Any = data[PID]["models"][MID]
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if path[0] in ("cost", "limit") and isinstance(node, int | float):
        assert math.isfinite(node) and node >= 0
