"""Read the bundled knowledge data files (``knowledge/data/*.json.gz``) and their provenance."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.catalog.models_dev import CatalogDataError
from advisor.catalog.schema import SourceRef

BUNDLES = ("models_dev_labs", "llm_leaderboard", "genai_prices", "mistral_docs")


@dataclass(frozen=True, slots=True)
class Bundle:
    """One converted data file: its rows and where they were taken from."""

    name: str
    path: Path
    provenance: dict[str, Any]
    body: dict[str, Any]

    @property
    def short_commit(self) -> str:
        """The source commit abbreviated to 7 characters, or ``""``."""
        return str(self.provenance.get("commit") or "")[:7]

    @property
    def as_of(self) -> str:
        """The date of the source snapshot."""
        return str(self.provenance.get("date") or "")

    def file_url(self, path: str) -> str:
        """A link to one file of the source repository at the recorded commit."""
        repo = str(self.provenance.get("repository") or "")
        commit = str(self.provenance.get("commit") or "")
        return f"{repo}/blob/{commit}/{path}" if repo and commit else repo

    def label(self) -> str:
        """``repository@commit (licence, as of date)``, the way sources lists cite it."""
        where = str(self.provenance.get("package") or self.provenance.get("repository") or "")
        commit = f"@{self.short_commit}" if self.short_commit else ""
        licence = self.provenance.get("licence") or "licence unknown"
        return f"{where}{commit} ({licence}, as of {self.as_of})"


def data_dir(knowledge_dir: Path) -> Path:
    """Where the bundled data files live."""
    return knowledge_dir / "data"


def load(knowledge_dir: Path, name: str) -> Bundle | None:
    """The bundle ``name`` (``None`` when the file is absent); a damaged file is an error."""
    path = data_dir(knowledge_dir) / f"{name}.json.gz"
    if not path.is_file():
        return None
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load(path: Path, _mtime: int) -> Bundle:
    try:
        body = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError) as exc:
        raise CatalogDataError(f"{path}: not a readable bundled data file ({exc})") from exc
    if not isinstance(body, dict) or not isinstance(body.get("provenance"), dict):
        raise CatalogDataError(f"{path}: no 'provenance' object")
    return Bundle(name=path.name.split(".")[0], path=path, provenance=body["provenance"],
                  body=body)


def source_ref(bundle: Bundle, key: str, title: str, path: str | None = None,
               url: str | None = None, as_of: str | None = None) -> SourceRef:
    """A citation for one row of a bundle: the file at the commit, or the row's own link."""
    return SourceRef(key=key, title=title, ref=f"{bundle.label()}" + (f" {path}" if path else ""),
                     url=url or (bundle.file_url(path) if path else None),
                     as_of=as_of or bundle.as_of)
