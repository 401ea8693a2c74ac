"""Parts of the reading: short names over the whole catalog, number words, the vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.agent.offline.shortnames import _LEAVE_OUT, _index, name_words, resolve_short
from advisor.agent.offline.text import spell_numbers, tokenize
from advisor.agent.reading import Reading
from advisor.catalog import get_catalog
from advisor.catalog.vocabulary import VocabularyError, vocabulary
from advisor.config import PROJECT_ROOT, Settings, use_settings


def test_a_short_name_never_resolves_to_a_model_with_other_words() -> None:
    """Over every catalog name: its words less the brand resolve to a model that some listing
    with exactly those words (plus brands) stands for, or to nothing; never to another line
    or version."""
    catalog = get_catalog()
    _, words_of = _index(id(catalog))
    checked = 0
    for model in catalog:
        words = [w for w in name_words(model.name) if w not in _LEAVE_OUT]
        if not 2 <= len(words) <= 3 or len(words) == len(name_words(model.name)):
            continue
        found = resolve_short(words)
        checked += 1
        if found is not None:
            fitting = {catalog.resolve(n).key for n, ws in words_of.items()
                       if set(ws) - _LEAVE_OUT == set(words)}
            assert found.key in fitting, (model.name, found.name)
    assert checked > 50


@pytest.mark.parametrize(("written", "digits"), [
    ("two thousand users", "2000 users"),
    ("half a million requests", "0.5M requests"),
    ("1.5 million tokens", "1.5M tokens"),
    ("under a dollar per million input", "under $1 per 1M input"),
    ("output under 60 cents per million", "output under $0.6 per 1M"),
    ("this one and the other one", "this one and the other one"),
])
def test_number_words_become_digits(written: str, digits: str) -> None:
    assert spell_numbers(written) == digits


def test_one_tokenizer_keeps_names_and_optionally_ids() -> None:
    assert [t.low for t in tokenize("Compare qwen3.5-27b, gpt-4o.")] == ["compare",
                                                                          "qwen3.5-27b",
                                                                          "gpt-4o"]
    assert [t.low for t in tokenize("qwen/qwen3.5:free?", ids=True)] == ["qwen/qwen3.5:free"]


def test_the_read_as_line_appears_only_when_something_was_inferred() -> None:
    assert Reading().read_as() is None
    assert Reading(inferred=["“opus 4.1” as Claude Opus 4.1"]).read_as() == (
        "Read as: “opus 4.1” as Claude Opus 4.1.")


def test_a_bad_vocabulary_pattern_names_the_file_and_the_entry(tmp_path: Path) -> None:
    text = (PROJECT_ROOT / "knowledge" / "vocabulary.yaml").read_text(encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text(text.replace("cheapest|cheaper", "cheapest|(",
                                                           1), encoding="utf-8")
    use_settings(Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path, _env_file=None))
    with pytest.raises(VocabularyError, match=r"vocabulary\.yaml: objectives\.cheapest"):
        vocabulary()
