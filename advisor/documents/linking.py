"""Entity linking: which catalog models a piece of text names.

Names are matched exactly after the catalog's lenient normalisation (``Gemma 3 4B``,
``gemma-3-4b-it`` and ``google/gemma-3-4b`` are one model), taking the longest name at each
position. Short or generic names (``o1``, ``auto``, ``Sonar``) are not matched in running text:
a name must normalise to at least four characters with a digit, or span two words or more.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.catalog import Catalog, CatalogModel, UnknownModelError, get_catalog
from advisor.catalog.names import normalize

MAX_WORDS = 6
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass(frozen=True)
class LinkedModel:
    """A model named in a text: its catalog key (or normalised name) and display name."""

    key: str
    name: str


class ModelLinker:
    """Finds catalog model names in text."""

    def __init__(self, catalog: Catalog) -> None:
        """Index every exact name of every model in ``catalog``."""
        self.catalog = catalog
        self._names: dict[str, CatalogModel] = {}
        for model in catalog:  # canonical names first; a route id never overrides them
            self._names.setdefault(model.key, model)
        for model in catalog:
            for name in _names_of(model):
                self._names.setdefault(normalize(name), model)

    def find(self, text: str) -> list[LinkedModel]:
        """Models named in ``text``, in order of first mention, each once."""
        words = _TOKEN.findall(text)
        found: dict[str, LinkedModel] = {}
        i = 0
        while i < len(words):
            step = 1
            for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
                key = normalize(" ".join(words[i:i + n]))
                model = self._names.get(key)
                if model is not None and _specific(key, n):
                    found.setdefault(model.key, LinkedModel(model.key, model.name))
                    step = n
                    break
            i += step
        return list(found.values())

    def resolve(self, name: str) -> LinkedModel | None:
        """A front-matter model name linked to the catalog, or ``None`` when it names none.

        Front matter can link a document to catalog models, never invent one: an unknown name
        is left out (and reported by the ingest), so ``search --model`` cannot be pointed at a
        model that only a document claims exists.
        """
        try:
            model = self.catalog.resolve(name)
        except UnknownModelError:
            return None
        return LinkedModel(model.key, model.name)


def _names_of(model: CatalogModel) -> Iterable[str]:
    yield model.name
    for route in model.routes:
        yield route.model_id
        yield route.name
    if model.curated is not None:
        yield model.curated.name
        yield from model.curated.match
        yield from model.curated.aliases


def _specific(key: str, words: int) -> bool:
    """Whether a matched name is specific enough to count as a mention in prose."""
    has_digit = any(c.isdigit() for c in key)
    has_alpha = any(c.isalpha() for c in key)
    return has_alpha and ((has_digit and len(key) >= 4) or (words >= 2 and len(key) >= 6))


_lock = threading.Lock()
_linker: ModelLinker | None = None


def get_linker() -> ModelLinker:
    """The linker for the current catalog (rebuilt when the catalog is reloaded)."""
    global _linker
    catalog = get_catalog()
    with _lock:
        if _linker is None or _linker.catalog is not catalog:
            _linker = ModelLinker(catalog)
        return _linker
