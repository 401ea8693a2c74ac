"""Convert Mistral AI's model cards (``src/schema/models/models/*.ts``) into a bundled data file.

Mistral's public documentation repository (https://github.com/mistralai/platform-docs-public,
Apache 2.0) keeps one TypeScript object per model: its API names, status, weight releases with
licence and parameter counts (total and active, in billions), and for older models a
deprecation date, a retirement date and the model that replaces it. The objects are plain
literals, so a few patterns read them; a card whose fields cannot be read is skipped and named.

Usage::

    python scripts/convert_mistral_docs.py /path/to/platform-docs-public.git [REV]

writes ``knowledge/data/mistral_docs.json.gz`` with the repository, commit, date and licence.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _snapshot import commit_info, files_at, last_change_dates, write_bundle  # noqa: E402

REPOSITORY = "https://github.com/mistralai/platform-docs-public"
CARDS = "src/schema/models/models"
_FIELD = r"\b{}\s*:\s*'([^']*)'"
_WEIGHT = re.compile(r"\{[^{}]*?\blicense\s*:[^{}]*?(?:\{[^{}]*\}[^{}]*?)*\}", re.S)


def _field(text: str, name: str) -> str | None:
    found = re.search(_FIELD.format(name), text)
    return found.group(1).strip() if found and found.group(1).strip() else None


def _number(text: str | None) -> float | None:
    """``'24'`` or ``'6.5'`` as a number; anything else (``'3.8B total and active'``) is None."""
    if text is None or not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    return float(text)


def _date(text: str | None) -> str | None:
    """An ISO date from ``'2026-02-27'`` or ``'April 30, 2026'``; None when absent."""
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%B %d, %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def card(path: str, text: str) -> dict[str, Any]:
    """The fields of one model card the catalog uses."""
    names = re.search(r"apiNames\s*:\s*\[([^\]]*)\]", text)
    meta = re.search(r"metadata\s*:\s*\{([^}]*)\}", text)
    meta_text = meta.group(1) if meta else ""
    weights = []
    block = re.search(r"\bweights\s*:\s*\[(.*?)\n  \],", text, re.S)
    for w in _WEIGHT.findall(block.group(1) if block else ""):
        weights.append({"name": _field(w, "name"), "license": _field(w, "license"),
                        "url": _field(w, "url"), "total_b": _number(_field(w, "parameters")),
                        "active_b": _number(_field(w, "active"))})
    return {
        "path": path, "slug": _field(text, "slug"), "name": _field(text, "name"),
        "status": _field(text, "status"), "release_date": _field(text, "releaseDate"),
        "type": _field(text, "type"), "legal": _field(text, "legalButton"),
        "api_names": re.findall(r"'([^']+)'", names.group(1)) if names else [],
        "deprecation_date": _date(_field(meta_text, "deprecationDate")),
        "retirement_date": _date(_field(meta_text, "retirementDate")),
        "replacement": _field(meta_text, "replacement"),
        "weights": weights,
    }


def convert(repo: Path, rev: str = "HEAD") -> Path:
    """Read every model card at ``rev`` and write the bundle."""
    sha, date = commit_info(repo, rev)
    files = files_at(repo, sha, CARDS)
    changed = last_change_dates(repo, sha, CARDS)
    models = []
    for path, blob in sorted(files.items()):
        if not path.endswith(".ts") or path.endswith("/index.ts"):
            continue
        row = card(path, blob.decode())
        if not row["name"] or not row["slug"]:
            print(f"skipped {path}: no name or slug", file=sys.stderr)
            continue
        row["file_changed"] = changed.get(path, date)
        models.append(row)
    provenance = {"repository": REPOSITORY, "commit": sha, "date": date,
                  "licence": "Apache-2.0",
                  "what": f"{CARDS}/*.ts model cards: API names, status, weights (licence, "
                          f"parameters), deprecation and retirement dates, replacement"}
    return write_bundle("mistral_docs", provenance, {"models": models})


if __name__ == "__main__":
    target = convert(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "HEAD")
    print(f"wrote {target}")
