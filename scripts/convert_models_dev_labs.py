"""Convert models.dev's lab metadata (``models/<lab>/*.toml``) into a bundled data file.

The models.dev repository (https://github.com/anomalyco/models.dev, MIT) keeps
provider-agnostic facts per lab: open-weights flags, weight links, licences and benchmark rows
that its published ``api.json`` does not carry. Provider files name the lab file they build on
with ``base_model``; those links are kept so the catalog can attach lab facts to exact routes.

Usage::

    python scripts/convert_models_dev_labs.py /path/to/models.dev.git [REV]

writes ``knowledge/data/models_dev_labs.json.gz`` with the repository, commit, date and licence.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _snapshot import commit_info, files_at, last_change_dates, write_bundle  # noqa: E402

REPOSITORY = "https://github.com/anomalyco/models.dev"
BENCH_KEYS = ("name", "score", "metric", "harness", "source", "date", "variant", "dataset",
              "version", "type")


def convert(repo: Path, rev: str = "HEAD") -> Path:
    """Read the lab and provider files at ``rev`` and write the bundle."""
    sha, date = commit_info(repo, rev)
    files = files_at(repo, sha, "models", "providers")
    changed = last_change_dates(repo, sha, "models")
    routes: dict[str, list[str]] = {}
    for path, blob in sorted(files.items()):
        parts = path.split("/")
        if parts[0] != "providers" or len(parts) < 4 or parts[2] != "models":
            continue
        data = tomllib.loads(blob.decode())
        base = data.get("base_model")
        if isinstance(base, str):
            model_id = "/".join(parts[3:]).removesuffix(".toml")
            routes.setdefault(base, []).append(f"{parts[1]}/{model_id}")
    models: list[dict[str, Any]] = []
    for path, blob in sorted(files.items()):
        parts = path.split("/")
        if parts[0] != "models" or len(parts) != 3 or not path.endswith(".toml"):
            continue
        data = tomllib.loads(blob.decode())
        lab, model_id = parts[1], parts[2].removesuffix(".toml")
        benchmarks = [{k: b[k] for k in BENCH_KEYS if k in b}
                      for b in data.get("benchmarks") or () if "score" in b]
        models.append({
            "lab": lab, "id": model_id, "path": path, "name": data.get("name"),
            "family": data.get("family"), "open_weights": data.get("open_weights"),
            "license": data.get("license"), "release_date": data.get("release_date"),
            "weights": [w.get("url") for w in data.get("weights") or () if w.get("url")],
            "benchmarks": benchmarks, "file_changed": changed.get(path, date),
            "routes": sorted(routes.get(f"{lab}/{model_id}", [])),
        })
    provenance = {"repository": REPOSITORY, "commit": sha, "date": date, "licence": "MIT",
                  "what": "models/<lab>/*.toml lab metadata and provider base_model links"}
    return write_bundle("models_dev_labs", provenance, {"models": models})


if __name__ == "__main__":
    target = convert(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "HEAD")
    print(f"wrote {target}")
