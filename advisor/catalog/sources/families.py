"""Family rules with sources: licences (``licences.yaml``) and sizes (``parameters.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.catalog.schema import SourceRef
from advisor.catalog.yamlfile import load_yaml
from advisor.errors import AdvisorError

COMMERCIAL_TERMS = ("permitted", "permitted with conditions", "not permitted")


class LicenceRulesError(AdvisorError, ValueError):
    """A malformed ``knowledge/licences.yaml``; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class LicenceRule:
    """One row of the table: which models it covers and what licence they carry."""

    family: str
    versions: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    licence: str
    commercial_use: str
    terms: str
    source: SourceRef

    def applies(self, names: list[str]) -> bool:
        """Whether any of a model's names matches (and none is excluded)."""
        if self.exclude is not None and any(self.exclude.search(n) for n in names):
            return False
        return any(self.match.search(n) for n in names)


@dataclass(frozen=True, slots=True)
class ParameterRule:
    """One row of ``knowledge/parameters.yaml``: a model's size as its maker states it."""

    family: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    total_b: float
    active_b: float | None
    source: SourceRef

    def applies(self, names: list[str]) -> bool:
        """Whether any of a model's names matches (and none is excluded)."""
        if self.exclude is not None and any(self.exclude.search(n) for n in names):
            return False
        return any(self.match.search(n) for n in names)


def load_rules(knowledge_dir: Path) -> tuple[LicenceRule, ...]:
    """The rules of ``knowledge/licences.yaml`` (none when the file is absent)."""
    path = knowledge_dir / "licences.yaml"
    if not path.is_file():
        return ()
    rows = _rows(path, path.stat().st_mtime_ns)
    return tuple(_licence_rule(path, i, row) for i, row in enumerate(rows, 1))


def load_parameter_rules(knowledge_dir: Path) -> tuple[ParameterRule, ...]:
    """The rows of ``knowledge/parameters.yaml`` (none when the file is absent)."""
    path = knowledge_dir / "parameters.yaml"
    if not path.is_file():
        return ()
    rows = _rows(path, path.stat().st_mtime_ns)
    return tuple(_parameter_rule(path, i, row) for i, row in enumerate(rows, 1))


@lru_cache(maxsize=8)
def _rows(path: Path, _mtime: int) -> tuple[Any, ...]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LicenceRulesError(f"{path}: cannot read ({exc})") from exc
    rows = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise LicenceRulesError(f"{path}: expected a 'rules' list")
    return tuple(rows)


def _common(path: Path, number: int, row: Any, required: tuple[str, ...]
            ) -> tuple[re.Pattern[str], re.Pattern[str] | None, SourceRef]:
    where = f"{path.name}: rule {number}"
    if not isinstance(row, dict):
        raise LicenceRulesError(f"{where}: expected a mapping")
    where += f" ({row.get('family', '?')})"
    missing = [k for k in ("family", "match", "source", *required) if row.get(k) in (None, "")]
    if missing:
        raise LicenceRulesError(f"{where}: missing {', '.join(missing)}")
    src = row["source"]
    if not isinstance(src, dict) or not src.get("url") or not src.get("as_of"):
        raise LicenceRulesError(f"{where}: source needs a url and an as_of date")
    try:
        match = re.compile(str(row["match"]), re.IGNORECASE)
        exclude = re.compile(str(row["exclude"]), re.IGNORECASE) if row.get("exclude") else None
    except re.error as exc:
        raise LicenceRulesError(f"{where}: bad pattern ({exc})") from exc
    ref = SourceRef(key=f"{path.name}#{row['family']}", title=str(src.get("title") or ""),
                    url=str(src["url"]), ref=f"knowledge/{path.name} ({row['family']})",
                    as_of=str(src["as_of"]))
    return match, exclude, ref


def _licence_rule(path: Path, number: int, row: Any) -> LicenceRule:
    match, exclude, ref = _common(path, number, row, ("licence", "commercial_use"))
    if row["commercial_use"] not in COMMERCIAL_TERMS:
        raise LicenceRulesError(f"{path.name}: rule {number} ({row['family']}): commercial_use "
                                f"must be one of {', '.join(COMMERCIAL_TERMS)}")
    return LicenceRule(family=str(row["family"]), versions=str(row.get("versions") or ""),
                       match=match, exclude=exclude, licence=str(row["licence"]),
                       commercial_use=str(row["commercial_use"]),
                       terms=str(row.get("terms") or ""), source=ref)


def _parameter_rule(path: Path, number: int, row: Any) -> ParameterRule:
    match, exclude, ref = _common(path, number, row, ("total_b",))
    try:
        total = float(row["total_b"])
        active = float(row["active_b"]) if row.get("active_b") is not None else None
    except (TypeError, ValueError) as exc:
        raise LicenceRulesError(f"{path.name}: rule {number} ({row['family']}): "
                                f"total_b and active_b must be numbers") from exc
    return ParameterRule(family=str(row["family"]), match=match, exclude=exclude,
                         total_b=total, active_b=active, source=ref)


def rule_for(rules: tuple[LicenceRule, ...], names: list[str]) -> LicenceRule | None:
    """The first licence rule that applies to a model known by ``names`` (lower-cased)."""
    return next((r for r in rules if r.applies(names)), None)


def parameter_rule_for(rules: tuple[ParameterRule, ...], names: list[str]
                       ) -> ParameterRule | None:
    """The first parameter row that applies to a model known by ``names`` (lower-cased)."""
    return next((r for r in rules if r.applies(names)), None)
