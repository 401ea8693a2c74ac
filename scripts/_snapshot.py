"""Helpers shared by the converters: read a bare git snapshot, write a bundled data file."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import subprocess
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "knowledge" / "data"


def git(repo: Path, *args: str) -> str:
    """Run a git command against a bare repository and return its stdout."""
    return subprocess.run(["git", f"--git-dir={repo}", *args], check=True,
                          capture_output=True, text=True).stdout


def commit_info(repo: Path, rev: str) -> tuple[str, str]:
    """The full hash and the commit date (YYYY-MM-DD) of ``rev``."""
    sha, date = git(repo, "log", "-1", "--format=%H %cs", rev).split()
    return sha, date


def files_at(repo: Path, rev: str, *paths: str) -> dict[str, bytes]:
    """Every file under ``paths`` at ``rev``, read from one ``git archive``."""
    blob = subprocess.run(["git", f"--git-dir={repo}", "archive", "--format=tar", rev, *paths],
                          check=True, capture_output=True).stdout
    out: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                fh = tar.extractfile(member)
                if fh is not None:
                    out[member.name] = fh.read()
    return out


def last_change_dates(repo: Path, rev: str, path: str) -> dict[str, str]:
    """The date each file under ``path`` last changed, from one pass over the history."""
    dates: dict[str, str] = {}
    current = ""
    for line in git(repo, "log", "--format=@%cs", "--name-only", rev, "--", path).splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and line not in dates:
            dates[line] = current
    return dates


def write_bundle(name: str, provenance: dict[str, Any], payload: dict[str, Any]) -> Path:
    """Write ``knowledge/data/<name>.json.gz`` (compact, deterministic) and return its path."""
    DATA.mkdir(parents=True, exist_ok=True)
    body = {"provenance": {**provenance,
                           "converted": dt.date.today().isoformat()}, **payload}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    target = DATA / f"{name}.json.gz"
    target.write_bytes(gzip.compress(text.encode(), mtime=0))
    return target
