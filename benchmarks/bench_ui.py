"""Time from opening the chat page to the first answer of a starter question, in a browser.

Starts ``streamlit run ui/app.py`` headless on a free port with a data dir whose document index
is already built, then, with Debian's chromium driven by Playwright, opens the page in a fresh
browser context, clicks the "Cost at my traffic" starter and waits until the answer (its tool
steps fold) is on the page. The first open is reported apart (the server process is cold); the
rest give median and p95. The baseline is the same question answered in-process by
``advisor.agent.service.ask`` (fresh thread each time, warm process); the ratio says what the
browser, Streamlit and the page add.

A second figure: a fourth question typed into a thread that already shows three answers
(tables and charts), which must not cost more because of the earlier turns.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_ui.py [--runs 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.ui_server import prepare_index, start_app, stop_app, wait_ready  # noqa: E402
from ui.conversation import STARTERS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTER = next(i for i, s in enumerate(STARTERS) if s[1] == "Cost at my traffic")
QUESTION = STARTERS[STARTER][2]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def browser_runs(url: str, runs: int) -> list[tuple[float, float]]:
    """(page open → starters shown, click → answer shown) for runs + 1 fresh sessions."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs + 1):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.set_default_timeout(300_000)
            start = time.perf_counter()
            page.goto(url)
            button = page.locator(f".st-key-starter_{STARTER} button")
            button.wait_for()
            ready = time.perf_counter()
            button.click()
            page.get_by_text("How this was answered").first.wait_for()
            times.append((ready - start, time.perf_counter() - ready))
            ctx.close()
        browser.close()
    return times


def follow_up_runs(url: str, runs: int) -> list[float]:
    """Submit → answer shown for a question asked after three answered ones (one session)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.set_default_timeout(300_000)
        page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        steps = page.get_by_text("How this was answered")
        for i in range(3 + runs):
            box.fill(QUESTION if i % 2 else "Compare Gemma 2 2B and Qwen3.5 4B")
            start = time.perf_counter()
            box.press("Enter")
            steps.nth(i).wait_for()
            if i >= 3:
                times.append(time.perf_counter() - start)
        browser.close()
    return times


def in_process_runs(runs: int, data_dir: Path) -> list[float]:
    from advisor.config import Settings, use_settings

    use_settings(Settings(data_dir=data_dir))
    from advisor.agent.service import ask

    ask(QUESTION)  # warm: catalog, graph, checkpointer
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        ask(QUESTION)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=8)
    opts = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with tempfile.TemporaryDirectory() as tmp:
        app_dir, own_dir = Path(tmp, "app"), Path(tmp, "inproc")
        print("preparing the document index (built once, then copied)…", flush=True)
        for d in (app_dir, own_dir):
            d.mkdir()
            prepare_index(d)
        proc, url = start_app(app_dir, log=Path(tmp, "streamlit.log"))
        try:
            wait_ready(proc, url)
            ui = browser_runs(url, opts.runs)
            later = follow_up_runs(url, min(opts.runs, 4))
        finally:
            stop_app(proc)
        base = in_process_runs(opts.runs, own_dir)
    cold, warm = ui[0], ui[1:]
    total = [a + b for a, b in warm]
    print(f"question: {QUESTION!r}")
    print(f"cold server (first session): page open → answer {sum(cold):.2f} s")
    print(f"browser, page open → first answer: median {statistics.median(total):.2f} s, "
          f"p95 {pct(total, 95):.2f} s over {len(total)} fresh sessions")
    print(f"  of which page open → starters shown: median "
          f"{statistics.median(a for a, _ in warm):.2f} s; click → answer shown: median "
          f"{statistics.median(b for _, b in warm):.2f} s")
    print(f"  a question after 3 answered ones (tables, charts): submit → answer shown "
          f"median {statistics.median(later):.2f} s over {len(later)}")
    print(f"in-process ask(): median {statistics.median(base) * 1000:.0f} ms, "
          f"p95 {pct(base, 95) * 1000:.0f} ms over {len(base)} runs")
    print(f"ratio browser / in-process (medians): "
          f"{statistics.median(total) / statistics.median(base):.0f}×")


if __name__ == "__main__":
    main()
