"""Run every benchmark script in this folder, one after another, and print their figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ORDER = ["bench_catalog", "bench_documents", "bench_agent", "bench_mcp", "bench_ui"]


def main() -> int:
    here = Path(__file__).parent
    scripts = sorted(here.glob("bench_*.py"), key=lambda p: (
        ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
