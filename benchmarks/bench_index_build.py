"""First index build: the shipped fp32 model against bfloat16 autocast and int8 ONNX, in one run.

Run: .venv/bin/python benchmarks/bench_index_build.py [--rounds 2] [--every 1]
Target (issue 17): the first build at least 2x faster than the shipped default's, with recall@5
unchanged on benchmarks/data/doc_questions.yaml.

Three embedders, all from the bundled all-MiniLM-L6-v2 weights:
- ``before``: torch, fp32, batches of 32 (the shipped default);
- ``bf16``: torch under bfloat16 autocast, batches of 16 (``ADVISOR_EMBEDDING_PRECISION=bf16``,
  opt-in; only fast on a CPU that computes bfloat16 natively, which the run prints);
- ``onnx-int8``: the opt-in ONNX Runtime model with int8 weights.

Printed, for the corpus the first `make run` embeds (knowledge/docs + every model card):
- raw encode of every chunk text, rotating who goes first, wall-clock and CPU time of this
  process (the CPU ratio is the steadier one on a shared machine);
- the first build itself (`ingest` into an empty data directory) with each embedder;
- the cosine of each vector to the ``before`` vector, the agreement of top-5 chunks, and
  recall@5 / MRR of `search_documents` on each index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_documents import DOCS, load_questions, quality  # noqa: E402

from advisor.config import Settings, use_settings  # noqa: E402
from advisor.documents.embeddings import (  # noqa: E402
    Embedder,
    SentenceEmbedder,
    bundled_model_path,
    configured_model_id,
    native_bf16,
    use_embedder,
)
from advisor.documents.ingest import ingest, read_sources  # noqa: E402
from advisor.documents.onnx_embedder import OnnxEmbedder  # noqa: E402
from advisor.documents.store import reset_stores  # noqa: E402


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def top5(queries: np.ndarray, corpus: np.ndarray) -> list[set[int]]:
    return [set(np.argsort(-(corpus @ q))[:5].tolist()) for q in queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="Raw encode rounds per model.")
    parser.add_argument("--every", type=int, default=1,
                        help="Encode every n-th chunk in the raw rounds (1: all).")
    parser.add_argument("--no-onnx", action="store_true", help="Leave out the int8 model.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        root = Path(data)
        records = [r for recs in read_sources([DOCS], cards=True).values() for r in recs]
        texts = [r.embed_text for r in records]
        print(f"corpus: {len(texts)} chunks (knowledge/docs + model cards)")
        print(f"CPU computes bfloat16 natively: {native_bf16()}")
        before = SentenceEmbedder(precision="fp32", batch_size=32)
        models: dict[str, Embedder] = {
            "before": before, "bf16": SentenceEmbedder(precision="bf16", batch_size=16)}
        export_s = 0.0
        if not args.no_onnx:
            t = time.perf_counter()
            fast = OnnxEmbedder(bundled_model_path(), configured_model_id(), root / "embeddings")
            export_s = time.perf_counter() - t
            print(f"one-time export of the int8 ONNX model: {export_s:.1f} s "
                  f"({fast.path.stat().st_size / 1e6:.0f} MB)")
            models["onnx-int8"] = fast
        for m in models.values():
            m.embed(["warm up the model"])
        sample = texts[:: args.every]
        names = list(models)
        wall: dict[str, list[float]] = {k: [] for k in models}
        cpu: dict[str, list[float]] = {k: [] for k in models}
        vectors: dict[str, np.ndarray] = {}
        for n in range(args.rounds):
            for name in names[n % len(names):] + names[:n % len(names)]:
                model = models[name]
                w, c = timed(lambda m=model, k=name: vectors.__setitem__(  # type: ignore[misc]
                    k, np.array(m.embed(sample))))
                wall[name].append(w)
                cpu[name].append(c)
                print(f"  round {n + 1} {name:9}: {len(sample)} chunks, wall {w:.1f} s, "
                      f"cpu {c:.1f} s", flush=True)

        questions = load_questions()
        asked = [q["question"] for q in questions]
        queries = {name: np.array(m.embed(asked)) for name, m in models.items()}
        reference = top5(queries["before"], vectors["before"])

        builds: dict[str, tuple[float, float, float]] = {}
        for name, model in models.items():
            use_settings(Settings(data_dir=root / name, _env_file=None))
            use_embedder(model)
            reset_stores()
            t = time.perf_counter()
            report = ingest([DOCS], cards=True)
            build_s = time.perf_counter() - t
            assert report.chunks_added == len(records), "a first build embeds every chunk"
            recall, mrr, _, _ = quality(questions)
            builds[name] = (build_s, recall, mrr)
            print(f"  first build {name}: {build_s:.1f} s", flush=True)
        use_embedder(None)

    base_wall, base_cpu = statistics.median(wall["before"]), statistics.median(cpu["before"])
    for name in names[1:]:
        cos = np.sum(vectors["before"] * vectors[name], axis=1)
        agree = [len(a & b) / 5 for a, b in zip(reference, top5(queries[name], vectors[name]),
                                                strict=True)]
        print(f"{name}: raw encode before ÷ {name} (median of {args.rounds}): wall "
              f"{base_wall / statistics.median(wall[name]):.2f}x, cpu "
              f"{base_cpu / statistics.median(cpu[name]):.2f}x; cosine to before min "
              f"{cos.min():.5f}, mean {cos.mean():.5f}; top-5 agreement over {len(asked)} "
              f"questions {statistics.mean(agree):.3f} (all five same in "
              f"{sum(a == 1 for a in agree)}/{len(agree)})")
    for name, (build_s, recall, mrr) in builds.items():
        print(f"first build {name:9}: {build_s:.1f} s, {builds['before'][0] / build_s:.2f}x "
              f"before's, recall@5 {recall:.3f}, MRR@10 {mrr:.3f}")
    if "onnx-int8" in builds:
        print(f"onnx-int8 counting its one-time export: "
              f"{builds['before'][0] / (builds['onnx-int8'][0] + export_s):.2f}x before's")
    print("target: a first build ≥ 2x before's, recall@5 equal")


if __name__ == "__main__":
    main()
