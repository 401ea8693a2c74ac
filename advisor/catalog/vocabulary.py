"""The one vocabulary table: the words for capabilities, use cases, objectives and spec fields.

``knowledge/vocabulary.yaml`` is read by the offline planner (constraints, objective, use
case), the responder (which spec field or capability a question asks about) and document
retrieval. It lives on the catalog floor so every layer above can read it. A malformed file
or a cue that is not a valid regular expression is an error naming the file and the entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from advisor.catalog.yamlfile import load_yaml
from advisor.config import get_settings
from advisor.errors import AdvisorError, describe_validation

FILE_NAME = "vocabulary.yaml"


class VocabularyError(AdvisorError, ValueError):
    """knowledge/vocabulary.yaml is missing, malformed or holds a bad pattern."""


class CapabilityWords(BaseModel):
    """Cues that require a capability, and the shorter words that ask about it."""

    key: str
    cues: list[str]
    ask: str | None = None


class UseCaseWords(BaseModel):
    """Cues for a use case: the reading's key (None: no key of its own) and the ranker's label."""

    key: str | None
    label: str
    cues: list[str]
    needs: str | None = Field(default=None, description="Only with this capability asked.")


class TraitWords(BaseModel):
    """A cue for a trait document search ranks model cards by: a card facet and its values."""

    cue: str
    facet: str
    wanted: list[bool | str]


class Vocabulary(BaseModel):
    """The parsed table."""

    capabilities: list[CapabilityWords]
    use_cases: list[UseCaseWords]
    objectives: dict[str, list[str]]
    spec_fields: dict[str, str]
    traits: list[TraitWords] = Field(default_factory=list)

    def capability_pattern(self, key: str) -> str:
        """One alternation of every cue for a capability."""
        entry = next(c for c in self.capabilities if c.key == key)
        return "|".join(entry.cues)


def _check_patterns(vocab: Vocabulary, path: Path) -> None:
    entries: list[tuple[str, str]] = []
    entries += [(f"capabilities.{c.key}", p) for c in vocab.capabilities
                for p in [*c.cues, *([c.ask] if c.ask else [])]]
    entries += [(f"use_cases.{u.label}", p) for u in vocab.use_cases for p in u.cues]
    entries += [(f"objectives.{k}", p) for k, ps in vocab.objectives.items() for p in ps]
    entries += [(f"spec_fields.{k}", p) for k, p in vocab.spec_fields.items()]
    entries += [(f"traits.{t.facet}", t.cue) for t in vocab.traits]
    for where, pattern in entries:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise VocabularyError(f"{path.name}: {where}: not a valid pattern "
                                  f"({exc})") from exc


@lru_cache(maxsize=4)
def _load(path: Path, stamp: int) -> Vocabulary:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"{path.name}: cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path.name}: not valid YAML ({exc})") from exc
    try:
        vocab = Vocabulary.model_validate(raw)
    except ValidationError as exc:
        raise VocabularyError(f"{path.name}: {describe_validation(exc)}") from exc
    _check_patterns(vocab, path)
    return vocab


def vocabulary() -> Vocabulary:
    """The vocabulary of the configured knowledge folder (read once per file version)."""
    path = get_settings().knowledge_dir / FILE_NAME
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _load(path, stamp)
