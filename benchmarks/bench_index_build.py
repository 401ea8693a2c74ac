"""First index build: today's default against the sentence-transformers fp32 path, in one run.

Run: .venv/bin/python benchmarks/bench_index_build.py [--rounds 3] [--onnx]
Target (issue 17): the first build at least 2x faster than with the sentence-transformers fp32
encode it used before, with recall@5 unchanged on benchmarks/data/doc_questions.yaml.
Measured 2026-12-06 on 2 cores of an AMD Zen 4 (native bfloat16): 2.21x and 2.06x wall in two
runs of ``--rounds 3``, recall@5 0.975 for both configurations; an AVX2-only CPU gets about 1.15x
(fp32 there). The figures and the history are in docs/deploy.md, "The first index build".

The first build is what the first `make run` waits for: a fresh `advisor ingest --prune --wait`
process (imports, catalog build, model load, embedding and writing knowledge/docs and every model
card) into an empty data directory, so the catalog cache is cold too. Each round runs every
configuration once, rotating who goes first, and the medians are compared:

- ``before``: ``ADVISOR_EMBEDDING_BACKEND=sentence-transformers``, ``..._PRECISION=fp32``, the
  encode the first build used before, in the ingest process as it was (it shares this version's
  other changes, the libyaml parser, the writer thread, exact search and the quick exit, so the
  ratio understates the gain over the old code; the helper process of
  :mod:`advisor.documents.embed_worker` serves the torch path only: with sentence-transformers
  it made each first build 2.2 to 3.0 s slower, measured 2026-12-04);
- ``default``: the settings as shipped (the bundled model run directly in torch, bf16 matrix
  products where the CPU computes bfloat16 natively);
- ``onnx-int8`` with ``--onnx``: the opt-in ONNX Runtime model with int8 weights.

Also printed: wall-clock and CPU time of each build (CPU time is the steadier figure on a shared
machine whose cores are sometimes taken by the host), raw encode of every chunk text in this
process, the cosine of each vector to ``before``'s, and recall@5 / MRR@10 of `search_documents`
on each configuration's index with queries embedded by the same configuration.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_documents import DOCS, load_questions, quality  # noqa: E402

from advisor.config import PROJECT_ROOT, Settings, use_settings  # noqa: E402
from advisor.documents import embeddings  # noqa: E402
from advisor.documents.ingest import read_sources  # noqa: E402
from advisor.documents.store import reset_stores  # noqa: E402

CONFIGS = {
    "before": {"ADVISOR_EMBEDDING_BACKEND": "sentence-transformers",
               "ADVISOR_EMBEDDING_PRECISION": "fp32"},
    "default": {},
    "onnx-int8": {"ADVISOR_EMBEDDING_BACKEND": "onnx-int8"},
}
ADVISOR = Path(sys.executable).with_name("advisor")


def first_build(data_dir: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `advisor ingest` into the empty ``data_dir``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_EMBEDDING")}
    clean |= env | {"ADVISOR_DATA_DIR": str(data_dir)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([str(ADVISOR), "ingest", "--prune", "--wait"], env=clean, cwd=PROJECT_ROOT,
                   check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def embedder_for(env: dict[str, str], data_dir: Path) -> embeddings.Embedder:
    """The embedder a process with ``env`` would load (as ``advisor ingest`` did)."""
    fields = {k.removeprefix("ADVISOR_").lower(): v for k, v in env.items()}
    use_settings(Settings(data_dir=data_dir, _env_file=None, **fields))
    embeddings._embedders.clear()
    return embeddings.get_embedder()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="First builds per configuration.")
    parser.add_argument("--onnx", action="store_true", help="Also the opt-in int8 ONNX model.")
    args = parser.parse_args()
    names = ["before", "default"] + (["onnx-int8"] if args.onnx else [])
    print(f"CPU computes bfloat16 natively: {embeddings.native_bf16()}; "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        wall: dict[str, list[float]] = {k: [] for k in names}
        cpu: dict[str, list[float]] = {k: [] for k in names}
        for n in range(args.rounds):
            for name in names[n % len(names):] + names[:n % len(names)]:
                data = root / f"{name}-{n}"
                w, c = first_build(data, CONFIGS[name])
                wall[name].append(w)
                cpu[name].append(c)
                print(f"  round {n + 1} first build {name:13}: wall {w:5.1f} s, cpu {c:5.1f} s",
                      flush=True)

        records = [r for recs in read_sources([DOCS], cards=True).values() for r in recs]
        texts = [r.embed_text for r in records]
        questions = load_questions()
        vectors: dict[str, np.ndarray] = {}
        scores: dict[str, tuple[float, float]] = {}
        encode: dict[str, float] = {}
        for name in names:
            data = root / f"{name}-{args.rounds - 1}"
            model = embedder_for(CONFIGS[name], data)
            model.embed(["warm up the model"])
            t = time.perf_counter()
            vectors[name] = np.array(model.embed(texts))
            encode[name] = time.perf_counter() - t
            reset_stores()
            recall, mrr, _, _ = quality(questions)
            scores[name] = (recall, mrr)
            print(f"  {name}: {type(model).__name__} ({getattr(model, 'precision', '-')}), "
                  f"raw encode of {len(texts)} chunks {encode[name]:.1f} s", flush=True)
        use_settings(None)

    base_wall, base_cpu = statistics.median(wall["before"]), statistics.median(cpu["before"])
    for name in names:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        cos = np.sum(vectors["before"] * vectors[name], axis=1)
        recall, mrr = scores[name]
        print(f"{name:13}: first build {w:5.1f} s wall ({base_wall / w:.2f}x before's), "
              f"{c:5.1f} s cpu ({base_cpu / c:.2f}x); raw encode "
              f"{encode['before'] / encode[name]:.2f}x; cosine to before min {cos.min():.6f}; "
              f"recall@5 {recall:.3f}, MRR@10 {mrr:.3f} (build times: medians of "
              f"{args.rounds} rounds)")
    print("target: the default's first build >= 2x before's, recall@5 equal")


if __name__ == "__main__":
    main()
