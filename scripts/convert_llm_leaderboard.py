"""Convert the open LLM leaderboard dataset into a bundled data file.

Source: https://github.com/JonathanChavezTamales/llm-leaderboard (CC-BY-4.0): one
``model.json`` per model (parameter count, licence id, weight link) and one
``benchmarks.json`` with its scores; ``data/licenses/*.json`` names each licence and whether
the dataset counts it as allowing commercial use.

Usage::

    python scripts/convert_llm_leaderboard.py /path/to/llm-leaderboard.git [REV]

writes ``knowledge/data/llm_leaderboard.json.gz`` with the repository, commit, date and licence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _snapshot import commit_info, files_at, write_bundle  # noqa: E402

REPOSITORY = "https://github.com/JonathanChavezTamales/llm-leaderboard"


def convert(repo: Path, rev: str = "HEAD") -> Path:
    """Read the dataset at ``rev`` and write the bundle."""
    sha, date = commit_info(repo, rev)
    files = {p: json.loads(b) for p, b in files_at(repo, sha, "data").items()
             if p.endswith(".json")}
    licences = {d["license_id"]: {"name": d["name"], "allow_commercial": d["allow_commercial"]}
                for p, d in files.items() if p.startswith("data/licenses/")}
    benchmark_defs = {d["benchmark_id"]: d for p, d in files.items()
                      if p.startswith("data/benchmarks/")}
    models: list[dict[str, Any]] = []
    for path, m in sorted(files.items()):
        if not path.endswith("/model.json") or "/models/" not in path:
            continue
        scores = files.get(path.replace("model.json", "benchmarks.json")) or []
        params = m.get("param_count")
        models.append({
            "id": m["model_id"], "name": m["name"], "org": m["organization_id"], "path": path,
            "parameters_b": round(params / 1e9, 3) if params else None,
            "license_id": m.get("license_id"), "release_date": m.get("release_date"),
            "weights": m.get("source_weights_link"), "updated": (m.get("updated_at") or "")[:10],
            "benchmarks": [{
                "name": s.get("benchmark_name")
                or benchmark_defs.get(s["benchmark_id"], {}).get("name", s["benchmark_id"]),
                "score": s["score"], "method": s.get("analysis_method"),
                "max_score": benchmark_defs.get(s["benchmark_id"], {}).get("max_score"),
                "self_reported": s.get("is_self_reported"),
                "source": s.get("self_reported_source_link"),
                "recorded": (s.get("updated_at") or "")[:10],
            } for s in scores if isinstance(s.get("score"), int | float)],
        })
    provenance = {"repository": REPOSITORY, "commit": sha, "date": date, "licence": "CC-BY-4.0",
                  "what": "data/organizations/*/models/*/{model,benchmarks}.json, data/licenses"}
    return write_bundle("llm_leaderboard", provenance, {"models": models, "licences": licences})


if __name__ == "__main__":
    target = convert(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "HEAD")
    print(f"wrote {target}")
