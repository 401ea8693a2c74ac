"""Family licence rules from ``knowledge/licences.yaml``: licence by family and version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.catalog.schema import SourceRef
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


def load_rules(knowledge_dir: Path) -> tuple[LicenceRule, ...]:
    """The rules of ``knowledge/licences.yaml`` (none when the file is absent)."""
    path = knowledge_dir / "licences.yaml"
    if not path.is_file():
        return ()
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime: int) -> tuple[LicenceRule, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LicenceRulesError(f"{path}: cannot read ({exc})") from exc
    rows = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise LicenceRulesError(f"{path}: expected a 'rules' list")
    return tuple(_rule(path, i, row) for i, row in enumerate(rows, 1))


def _rule(path: Path, number: int, row: Any) -> LicenceRule:
    where = f"{path.name}: rule {number}"
    if not isinstance(row, dict):
        raise LicenceRulesError(f"{where}: expected a mapping")
    missing = [k for k in ("family", "match", "licence", "commercial_use", "source")
               if not row.get(k)]
    if missing:
        raise LicenceRulesError(f"{where} ({row.get('family', '?')}): missing {', '.join(missing)}")
    if row["commercial_use"] not in COMMERCIAL_TERMS:
        raise LicenceRulesError(f"{where} ({row['family']}): commercial_use must be one of "
                               f"{', '.join(COMMERCIAL_TERMS)}")
    src = row["source"]
    if not isinstance(src, dict) or not src.get("url") or not src.get("as_of"):
        raise LicenceRulesError(f"{where} ({row['family']}): source needs a url and an as_of date")
    try:
        match = re.compile(str(row["match"]), re.IGNORECASE)
        exclude = re.compile(str(row["exclude"]), re.IGNORECASE) if row.get("exclude") else None
    except re.error as exc:
        raise LicenceRulesError(f"{where} ({row['family']}): bad pattern ({exc})") from exc
    ref = SourceRef(key=f"licences.yaml#{row['family']}", title=str(src.get("title") or ""),
                    url=str(src["url"]), ref=f"knowledge/licences.yaml ({row['family']})",
                    as_of=str(src["as_of"]))
    return LicenceRule(family=str(row["family"]), versions=str(row.get("versions") or ""),
                       match=match, exclude=exclude, licence=str(row["licence"]),
                       commercial_use=str(row["commercial_use"]),
                       terms=str(row.get("terms") or ""), source=ref)


def rule_for(rules: tuple[LicenceRule, ...], names: list[str]) -> LicenceRule | None:
    """The first rule that applies to a model known by ``names`` (lower-cased)."""
    return next((r for r in rules if r.applies(names)), None)
