"""The libyaml parser gives the same data as PyYAML's own, for every file the catalog reads."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from advisor.catalog.curated_checks import DuplicateKeyError, StrictLoader
from advisor.catalog.yamlfile import BaseSafeLoader, load_yaml
from advisor.config import PROJECT_ROOT

FILES = sorted(p for ext in ("yaml", "yml") for p in (PROJECT_ROOT / "knowledge").rglob(f"*.{ext}"))


def test_the_fast_parser_is_used_where_pyyaml_has_it():
    assert BaseSafeLoader is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_knowledge_file_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30),
                    st.floats(allow_nan=False), st.dates())
data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20)


@given(data)
def test_any_dumped_data_reads_back_as_it_was(value):
    assert load_yaml(yaml.safe_dump(value, allow_unicode=True)) == value


def test_python_objects_are_never_built():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
    assert load_yaml("released: 2025-03-12") == {"released": dt.date(2025, 3, 12)}


def test_the_strict_loader_still_names_a_repeated_key_and_its_line():
    with pytest.raises(DuplicateKeyError) as err:
        yaml.load("name: a\nparams: 4\nname: b\n", Loader=StrictLoader)  # noqa: S506
    assert err.value.key == "name" and err.value.line == 3
