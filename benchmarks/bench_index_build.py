"""First index build: today's torch model against the int8 ONNX fast path, in one run.

Run: .venv/bin/python benchmarks/bench_index_build.py [--rounds 2] [--every 1]
Target (issue 17): the first build at least 2x faster than today's, with recall@5 unchanged
on benchmarks/data/doc_questions.yaml. The fast path becomes the default only if both hold.

Printed, for the corpus the first `make run` embeds (knowledge/docs + every model card):
- raw encode of every chunk text: torch vs fast, alternating who goes first, wall-clock and
  CPU time of this process (the CPU ratio is the steadier one on a shared machine);
- the first build itself (`ingest` into an empty data directory) with each model;
- the agreement of the two models' top-5 chunks for each question, and recall@5 / MRR of
  `search_documents` on each index.
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        root = Path(data)
        records = [r for recs in read_sources([DOCS], cards=True).values() for r in recs]
        texts = [r.embed_text for r in records]
        print(f"corpus: {len(texts)} chunks (knowledge/docs + model cards)")
        plain = SentenceEmbedder()
        t = time.perf_counter()
        fast = OnnxEmbedder(bundled_model_path(), configured_model_id(), root / "embeddings")
        export_s = time.perf_counter() - t
        print(f"one-time export of the int8 ONNX model: {time.perf_counter() - t:.1f} s "
              f"({fast.path.stat().st_size / 1e6:.0f} MB)")
        for m in (plain, fast):
            m.embed(["warm up the model"])
        models: dict[str, Embedder] = {"torch": plain, "onnx-int8": fast}
        sample = texts[:: args.every]
        wall: dict[str, list[float]] = {k: [] for k in models}
        cpu: dict[str, list[float]] = {k: [] for k in models}
        vectors: dict[str, np.ndarray] = {}
        for n in range(args.rounds):
            for name in (list(models) if n % 2 == 0 else list(models)[::-1]):
                model = models[name]
                w, c = timed(lambda m=model, k=name: vectors.__setitem__(  # type: ignore[misc]
                    k, np.array(m.embed(sample))))
                wall[name].append(w)
                cpu[name].append(c)
                print(f"  round {n + 1} {name:9}: {len(sample)} chunks, wall {w:.1f} s, "
                      f"cpu {c:.1f} s")
        w_ratio = statistics.median(wall["torch"]) / statistics.median(wall["onnx-int8"])
        c_ratio = statistics.median(cpu["torch"]) / statistics.median(cpu["onnx-int8"])
        cos = np.sum(vectors["torch"] * vectors["onnx-int8"], axis=1)

        questions = load_questions()
        asked = [q["question"] for q in questions]
        q_torch, q_fast = np.array(plain.embed(asked)), np.array(fast.embed(asked))
        agree = [len(a & b) / 5 for a, b in zip(top5(q_torch, vectors["torch"]),
                                                top5(q_fast, vectors["onnx-int8"]),
                                                strict=True)]

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
        use_embedder(None)

    print(f"raw encode, torch ÷ onnx-int8 (median of {args.rounds}): wall {w_ratio:.2f}x, "
          f"cpu {c_ratio:.2f}x (target ≥ 2x)")
    print(f"vectors: cosine to torch min {cos.min():.4f}, mean {cos.mean():.4f}")
    print(f"top-5 agreement with torch over {len(asked)} questions: mean "
          f"{statistics.mean(agree):.3f}, all five same in "
          f"{sum(a == 1 for a in agree)}/{len(agree)}")
    for name, (build_s, recall, mrr) in builds.items():
        print(f"first build {name:9}: {build_s:.1f} s, recall@5 {recall:.3f}, MRR@10 {mrr:.3f}")
    print(f"first build ratio torch ÷ onnx-int8: "
          f"{builds['torch'][0] / builds['onnx-int8'][0]:.2f}x with the export already made, "
          f"{builds['torch'][0] / (builds['onnx-int8'][0] + export_s):.2f}x counting the "
          "one-time export (one build each, wall)")


if __name__ == "__main__":
    main()
