"""The use-case table in ``knowledge/use_cases.yaml``: benchmarks and capabilities per use.

A use case (coding, agents, long documents, retrieval, multilingual, reasoning, vision,
on-device, safety) names the published benchmarks that bear on it, each with a weight and a
reason, and the capabilities it relies on. Free text ("debugging Python", "OCR of invoices")
is mapped to a key by the table's word stems. A row that does not validate stops the load with
a message naming the file, the use case and the field.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from advisor.catalog.yamlfile import load_yaml
from advisor.config import get_settings
from advisor.errors import AdvisorError, describe_validation
from advisor.tools.capabilities import CAPABILITY_KEYS

USE_CASES_FILE = "use_cases.yaml"


class UseCaseDataError(AdvisorError, ValueError):
    """``use_cases.yaml`` does not validate: names the file, the use case and the problem."""


class BenchmarkWeight(BaseModel):
    """One benchmark that counts for a use case."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, description="How answers name the benchmark.")
    pattern: str = Field(description="Case-insensitive regular expression on the name.")
    weight: float = Field(gt=0)
    why: str = Field(min_length=3)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value

    def matches(self, name: str) -> bool:
        """Whether a benchmark name is this benchmark."""
        return re.search(self.pattern, name, re.IGNORECASE) is not None


class CapabilityNeed(BaseModel):
    """A capability a use case relies on, and why."""

    model_config = ConfigDict(frozen=True)

    key: str
    why: str = Field(min_length=3)

    @field_validator("key")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CAPABILITY_KEYS:
            raise ValueError(f"unknown capability {value!r}; known: "
                             f"{', '.join(sorted(CAPABILITY_KEYS))}")
        return value


class UseCase(BaseModel):
    """One use case: its benchmarks, capabilities and what else it usually wants."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    words: tuple[str, ...] = ()
    specialist: str | None = None
    benchmarks: tuple[BenchmarkWeight, ...] = ()
    capabilities: tuple[CapabilityNeed, ...] = ()
    context_tokens: int | None = Field(default=None, gt=0)
    max_parameters_b: float | None = Field(default=None, gt=0)

    def weights_line(self) -> str:
        """The weights in one line: ``LiveCodeBench 3, SWE-bench 3, HumanEval 1``."""
        parts = [f"{b.name} {b.weight:g}" for b in self.benchmarks]
        return (f"{self.label} evidence = weighted mean of the scores a model has "
                f"(0–100 scales), weights: {', '.join(parts)}; models scored on different "
                "tests compare only roughly")


class UseCaseTable(BaseModel):
    """Every use case, by key."""

    use_cases: dict[str, UseCase]

    def find(self, text: str | None) -> UseCase | None:
        """The use case a key or free text names, or None.

        A key (``coding``, ``long_documents``, also ``long documents``) wins; otherwise the
        first use case, in table order, one of whose word stems occurs in the text.
        """
        if not text or not text.strip():
            return None
        low = text.strip().lower()
        key = re.sub(r"[\s-]+", "_", low)
        if key in self.use_cases:
            return self.use_cases[key]
        for uc in self.use_cases.values():
            if uc.label.lower() == low:
                return uc
        for uc in self.use_cases.values():
            if any(w in low for w in uc.words):
                return uc
        return None


_lock = threading.Lock()
_cache: dict[Path, tuple[float, UseCaseTable]] = {}


def load_use_cases(path: Path | None = None) -> UseCaseTable:
    """The validated table (cached until the file changes)."""
    file = path or get_settings().knowledge_dir / USE_CASES_FILE
    mtime = file.stat().st_mtime if file.exists() else -1.0
    with _lock:
        hit = _cache.get(file)
        if hit and hit[0] == mtime:
            return hit[1]
    table = _parse(file)
    with _lock:
        _cache[file] = (mtime, table)
    return table


def _parse(file: Path) -> UseCaseTable:
    if not file.exists():
        return UseCaseTable(use_cases={})
    try:
        data: Any = load_yaml(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UseCaseDataError(f"{file.name}: not valid YAML ({exc})") from None
    rows = data.get("use_cases") if isinstance(data, dict) else None
    if not isinstance(rows, dict):
        raise UseCaseDataError(f"{file.name}: expected a mapping under 'use_cases'")
    out: dict[str, UseCase] = {}
    for key, row in rows.items():
        if not isinstance(row, dict):
            raise UseCaseDataError(f"{file.name}: use case {key!r}: expected a mapping")
        try:
            out[str(key)] = UseCase.model_validate({**row, "key": str(key)})
        except ValidationError as exc:
            raise UseCaseDataError(f"{file.name}: use case {key!r}: "
                                   f"{describe_validation(exc)}") from None
    return UseCaseTable(use_cases=out)


def use_case_for(text: str | None) -> UseCase | None:
    """The use case a key or free text names, from the project's table."""
    return load_use_cases().find(text)


def use_case_keys() -> list[str]:
    """Every use-case key in the table, in table order."""
    return list(load_use_cases().use_cases)
