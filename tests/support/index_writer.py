"""A second process that writes the document index, for the concurrent-writer tests.

Run as ``python -m tests.support.index_writer MODE DATA_DIR [ARGS]`` with the repository on
the path. Modes:

- ``hold WHAT``: take the index's write lock, print ``held`` and keep it until stdin closes
  (or the process is killed);
- ``ingest FOLDER [--wait]``: ingest FOLDER with the hashing test embedder and print the
  report as JSON;
- ``rogue N``: what an advisor without the lock did: open the embedded store, print
  ``ready``, wait for a line on stdin, then write N filler chunks through the client opened
  before — and so overwrite the vectors another process wrote in between.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

from advisor.config import PROJECT_ROOT, Settings, use_settings


def _settings(data_dir: str, **extra: object) -> None:
    use_settings(Settings(data_dir=Path(data_dir), knowledge_dir=PROJECT_ROOT / "knowledge",
                          _env_file=None, **extra))  # type: ignore[arg-type]


def _hash_embedder() -> None:
    from advisor.documents.embeddings import use_embedder
    from tests.unit.documents.conftest import HashEmbedder

    use_embedder(HashEmbedder())


def hold(data_dir: str, what: str) -> None:
    """Hold the write lock until stdin closes."""
    from advisor.documents.locking import write_lock

    with write_lock(f"index at {data_dir}", data_dir=Path(data_dir), what=what):
        print("held", flush=True)
        sys.stdin.read()


def ingest(data_dir: str, folder: str, wait: bool, chroma_url: str | None = None) -> None:
    """Ingest ``folder`` (hash embedder) and print the report."""
    from advisor.documents.ingest import ingest as run

    _settings(data_dir, chroma_url=chroma_url)
    _hash_embedder()
    report = run([Path(folder)], wait=wait, what=f"test ingest of {folder}")
    print(json.dumps(report.model_dump(mode="json")), flush=True)


def rogue(data_dir: str, n: int) -> None:
    """Write ``n`` filler chunks through a client opened before another writer wrote."""
    from advisor.documents.locking import bump_generation
    from advisor.documents.store import open_store

    _settings(data_dir)
    _hash_embedder()
    store = open_store()
    store.count()
    print("ready", flush=True)
    sys.stdin.readline()
    rng = random.Random(7)
    for start in range(0, n, 500):
        ids = [f"rogue-{i}" for i in range(start, min(n, start + 500))]
        vectors = []
        for _ in ids:
            v = [rng.random() for _ in range(64)]
            norm = math.sqrt(sum(x * x for x in v))
            vectors.append([x / norm for x in v])
        store.upsert(ids, ids, vectors, [{"source": "rogue", "kind": "note", "title": "rogue",
                                          "section": "filler"} for _ in ids])
    bump_generation(Path(data_dir))  # tell readers the disk changed (an honest rogue)
    print("wrote", flush=True)


def main(argv: list[str]) -> None:
    """Dispatch on the mode (see the module docstring)."""
    mode, data_dir, *rest = argv
    if mode == "hold":
        hold(data_dir, rest[0])
    elif mode == "ingest":
        url = next((a.split("=", 1)[1] for a in rest if a.startswith("--chroma=")), None)
        ingest(data_dir, rest[0], "--wait" in rest, url)
    elif mode == "rogue":
        rogue(data_dir, int(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
