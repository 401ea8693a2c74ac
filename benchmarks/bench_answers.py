"""Answer shape over the planner's question set: how long answers are, where the figure comes.

Run: .venv/bin/python benchmarks/bench_answers.py [--kinds recommend,compare] [--show N]
Target (issue 12): median answer length half of the first version's (about 2,600 characters)
with no fact lost; single-fact answers under about 600 characters before any table.

Each question is asked in a fresh thread through ``service.ask`` (offline planner). Lengths
are counted on the answer body without its Sources list and without the folded "Details"
part (the UI shows it collapsed), and separately in full. "First figure" is the character
position of the first number with a unit or currency (``$52.50``, ``262k``, ``32 GB``,
``1,000,000``) in the body; "before table" is the length of the prose above the first
Markdown table. Reported by kind of question and overall, as median and p90; the numbers
printed are measured in this run, so a before/after comparison is two runs of this script on
the two versions (see the report in the issue).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.agent import service  # noqa: E402
from advisor.config import PROJECT_ROOT, Settings, use_settings  # noqa: E402
from benchmarks.cases import questions_by_kind  # noqa: E402

KINDS = ("SPECS", "COST", "COMPARE", "DIFF", "RECOMMEND", "ALTERNATIVE", "HARDWARE",
         "DOCUMENT", "UNKNOWN")
# A figure a person asked for: money, a token count, memory, a share or a large count (a bare
# "27B" is left out: it is usually part of a model's name).
FIGURE = re.compile(r"\$\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:k|M|GB|%|×|tokens?)(?!\w)"
                    r"|\b\d{1,3}(?:,\d{3})+\b")
SOURCES = re.compile(r"\n+\*\*Sources\*\*\n[\s\S]*$")
DETAILS = re.compile(r"\n#{2,4} Details\n[\s\S]*?(?=\n\*\*Sources\*\*|\Z)")


def pct(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def shape(answer: str) -> tuple[int, int, int, int | None]:
    """Full body length, length without Details, prose before the first table, first figure."""
    body = SOURCES.sub("", answer).rstrip()
    folded = DETAILS.sub("", body).rstrip()
    table = re.search(r"^\|", folded, re.M)
    before = table.start() if table else len(folded)
    fig = FIGURE.search(folded)
    return len(body), len(folded), before, fig.start() if fig else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="", help="Comma-separated kinds (default: all).")
    parser.add_argument("--show", type=int, default=0, help="Print the N longest answers.")
    parser.add_argument("--save", type=Path, help="Write the answers to this JSON file.")
    parser.add_argument("--load", type=Path, help="Measure answers saved by --save instead.")
    args = parser.parse_args()
    wanted = [k.strip().upper() for k in args.kinds.split(",") if k.strip()] or list(KINDS)
    rows: list[tuple[str, str, int, int, int, int | None, str]] = []
    if args.load:
        saved = json.loads(args.load.read_text(encoding="utf-8"))
        rows = [(k, q, *shape(t), t) for k, q, t in saved if k in wanted]
    else:
        rows = asked(wanted)
    if args.save:
        args.save.write_text(json.dumps([[r[0], r[1], r[6]] for r in rows], indent=1),
                             encoding="utf-8")
    report(wanted, rows, args.show)


def asked(wanted: list[str]) -> list[tuple[str, str, int, int, int, int | None, str]]:
    """Ask every question of the wanted kinds, each in a fresh thread."""
    rows = []
    with tempfile.TemporaryDirectory() as data:
        use_settings(Settings(data_dir=Path(data), _env_file=None))
        if "DOCUMENT" in wanted:
            from advisor.documents.ingest import ingest

            ingest([PROJECT_ROOT / "knowledge" / "docs"], cards=False)
        for kind in wanted:
            for question in questions_by_kind().get(kind, []):
                text = service.ask(question).answer
                rows.append((kind, question, *shape(text), text))
        service.reset()
    return rows


def report(wanted: list[str], rows: list[tuple[str, str, int, int, int, int | None, str]],
           show: int) -> None:
    """Print the table by kind and overall, then the ``show`` longest answers."""

    def line(label: str, sel: list[tuple[str, str, int, int, int, int | None, str]]) -> str:
        full = [r[2] for r in sel]
        shown = [r[3] for r in sel]
        before = [r[4] for r in sel]
        figs = [r[5] for r in sel if r[5] is not None]
        fig = f"{statistics.median(figs):6.0f} / {pct(figs, 0.9):6d}" if figs else "     — /      —"
        return (f"{label:<12} {len(sel):3d}  {statistics.median(full):6.0f} / {pct(full, 0.9):6d}"
                f"  {statistics.median(shown):6.0f} / {pct(shown, 0.9):6d}"
                f"  {statistics.median(before):6.0f} / {pct(before, 0.9):6d}  {fig}"
                f"  {len(sel) - len(figs):3d}")

    print("chars: median / p90     n   full body        without Details  before 1st table"
          "  first figure at  no figure")
    for kind in wanted:
        sel = [r for r in rows if r[0] == kind]
        if sel:
            print(line(kind.lower(), sel))
    print(line("all", rows))
    for kind, question, full, *_rest, text in sorted(rows, key=lambda r: -r[2])[:show]:
        print(f"\n--- {kind.lower()} ({full} chars): {question}\n{text}")


if __name__ == "__main__":
    main()
