"""Short model names: "Sonnet 4.5", "opus 4.1", "4.1 mini", "o4 mini", "flash 2.5", "medium 3".

A short name is a set of name words (a version and a line word, in any order) that are all in
one catalog name whose other words are only brands ("Claude", "Gemini", "GPT", "Mistral").
"flash 2.5" is Gemini 2.5 Flash: its only extra word is the brand; Gemini 2.5 Flash Lite has
"lite" besides and does not count. When several names fit, the brand the thread last named
decides ("Claude Opus 4.1 … and Sonnet 4?"); with no brand to decide, nothing is resolved.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from advisor.agent.offline.vocab import BRANDS
from advisor.catalog import CatalogModel, UnknownModelError, get_catalog

MAX_WORDS = 3
# Words a short name may leave out: brands and makers printed in front of a model line.
_LEAVE_OUT = BRANDS | frozenset({"mistral", "anthropic", "google", "openai", "meta", "ai"})
# A version on its own ("3") only makes a short name beside a word naming a model line.
_LINE_WORDS = frozenset({"sonnet", "opus", "haiku", "flash", "medium", "large", "small",
                         "nemo", "mini", "nano", "lite", "scout", "maverick", "turbo", "codex",
                         "coder", "magistral", "devstral", "codestral", "pixtral", "ministral"})
_SPLIT = re.compile(r"[\s\-_/:(),]+")
_LETTERS_DIGITS = re.compile(r"^([a-z]{2,})(\d[\d.]*)$")


def name_words(name: str) -> tuple[str, ...]:
    """The words of a model name: "GPT-4.1 mini" → (gpt, 4.1, mini), "qwen3.5" → (qwen, 3.5)."""
    out: list[str] = []
    for raw in _SPLIT.split(name.lower()):
        word = raw.strip(".")
        if not word:
            continue
        m = _LETTERS_DIGITS.match(word)
        out += [m.group(1), m.group(2)] if m else [word]
    return tuple(out)


def _versionish(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _strong(words: tuple[str, ...]) -> bool:
    """Whether a span is specific enough to be a short name at all."""
    versions = [w for w in words if _versionish(w)]
    lines = [w for w in words if not _versionish(w)]
    if not versions or not lines:
        return False
    dotted = any("." in v or any(ch.isalpha() for ch in v) for v in versions)
    return dotted or any(w in _LINE_WORDS for w in lines)


@lru_cache(maxsize=4)
def _index(catalog_id: int) -> tuple[dict[str, set[str]], dict[str, tuple[str, ...]]]:
    """Word → catalog names holding it, and each name's words."""
    by_word: dict[str, set[str]] = defaultdict(set)
    words_of: dict[str, tuple[str, ...]] = {}
    for model in get_catalog():
        for name in {model.name, *(r.name for r in model.routes)}:
            words = name_words(name)
            if not words or name in words_of:
                continue
            words_of[name] = words
            for w in words:
                by_word[w].add(name)
    return dict(by_word), words_of


def resolve_short(words: list[str], brand: str | None = None) -> CatalogModel | None:
    """The one model a short name means, or None (not a short name, or ambiguous)."""
    span = tuple(w.lower() for w in words)
    if not 2 <= len(span) <= MAX_WORDS:
        return None
    query = tuple(w for part in span for w in name_words(part))
    if not _strong(query):
        return None
    by_word, words_of = _index(id(get_catalog()))
    pools = [by_word.get(w, set()) for w in query]
    if not pools or not all(pools):
        return None
    fits: dict[frozenset[str], set[str]] = defaultdict(set)
    for name in set.intersection(*pools):
        extra = frozenset(words_of[name]) - set(query)
        if extra <= _LEAVE_OUT and len(words_of[name]) == len(set(words_of[name])):
            fits[extra].add(name)
    if not fits:
        return None
    models = _models(set().union(*fits.values()))
    if len(models) > 1 and brand:
        models = {k: m for k, m in models.items()
                  if brand.lower() in name_words(m.name) or brand.lower() in (m.family or "")}
    if len(models) > 1 and len({frozenset(name_words(m.name)) - _LEAVE_OUT
                                for m in models.values()}) == 1:
        # one model listed under differently ordered names ("Claude 4.5 Sonnet"): the one
        # most providers serve is the canonical listing
        return min(models.values(), key=lambda m: (len(name_words(m.name)), -len(m.routes),
                                                    m.name))
    if len(models) != 1:
        return None
    return next(iter(models.values()))


def _models(names: set[str]) -> dict[str, CatalogModel]:
    """Distinct canonical models for names (several listings may print the same name)."""
    catalog = get_catalog()
    out: dict[str, CatalogModel] = {}
    by_name: dict[str, CatalogModel] = {}
    for name in names:
        try:
            model = catalog.resolve(name)
        except UnknownModelError:
            continue
        by_name.setdefault(model.name, model)
    for model in by_name.values():
        out[model.name] = model
    return out


def brand_of(model_name: str) -> str | None:
    """The brand word a model name starts with ("Claude Opus 4.1" → "claude")."""
    words = name_words(model_name)
    return next((w for w in words if w in BRANDS), None)
