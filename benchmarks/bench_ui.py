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

Timing on a shared machine is noisy, so each click also counts what the server sent the
browser (Streamlit's websocket messages, decoded): the elements drawn before the answer
showed, and the script runs a click caused. These counts do not depend on the load; the
load average is printed beside the times.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_ui.py [--runs 8]
"""

from __future__ import annotations

import argparse
import os
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


class Wire:
    """The messages a page's websocket received, with their arrival times."""

    def __init__(self, page: object) -> None:
        self.frames: list[tuple[float, bytes]] = []
        page.on("websocket", lambda ws: ws.on(  # type: ignore[attr-defined]
            "framereceived", lambda f: self.frames.append(
                (time.perf_counter(), f if isinstance(f, bytes) else f.encode()))))

    def since(self, start: float, until: float = float("inf")) -> dict[str, int]:
        """Elements drawn and script runs begun between two instants."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        elements = runs = 0
        for at, data in self.frames:
            if not start <= at <= until:
                continue
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                elements += 1
            elif kind == "new_session":
                runs += 1
        return {"elements": elements, "runs": runs}

    def settle(self, page: object, quiet_ms: int = 2000) -> None:
        """Wait until nothing has arrived for ``quiet_ms``."""
        while self.frames and time.perf_counter() - self.frames[-1][0] < quiet_ms / 1000:
            page.wait_for_timeout(100)  # type: ignore[attr-defined]


def browser_runs(url: str, runs: int) -> list[dict[str, float]]:
    """Page open → starters shown, click → answer shown, and what was sent, per fresh session."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs + 1):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.set_default_timeout(300_000)
            wire = Wire(page)
            start = time.perf_counter()
            page.goto(url)
            button = page.locator(f".st-key-starter_{STARTER} button")
            button.wait_for()
            ready = time.perf_counter()
            wire.settle(page)
            click = time.perf_counter()
            button.click()
            page.get_by_text("How this was answered").first.wait_for()
            shown = time.perf_counter()
            wire.settle(page)
            before, total = wire.since(click, shown), wire.since(click)
            out.append({"open": ready - start, "answer": shown - click,
                        "elements_before": before["elements"],
                        "elements_total": total["elements"], "runs": total["runs"]})
            ctx.close()
        browser.close()
    return out


def follow_up_runs(url: str, runs: int) -> list[dict[str, float]]:
    """Submit → answer shown for a question asked after three answered ones (one session)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.set_default_timeout(300_000)
        wire = Wire(page)
        page.goto(url)
        box = page.get_by_test_id("stChatInputTextArea")
        steps = page.get_by_text("How this was answered")
        for i in range(3 + runs):
            wire.settle(page)
            box.fill(QUESTION if i % 2 else "Compare Gemma 2 2B and Qwen3.5 4B")
            start = time.perf_counter()
            box.press("Enter")
            steps.nth(i).wait_for()
            shown = time.perf_counter()
            if i >= 3:
                out.append({"answer": shown - start,
                            "elements_before": wire.since(start, shown)["elements"]})
        browser.close()
    return out


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
    load = os.getloadavg()
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

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    total = [r["open"] + r["answer"] for r in warm]
    clicks = [r["answer"] for r in warm]
    print(f"question: {QUESTION!r}")
    print(f"machine load (1-minute average) {load[0]:.2f} before, {os.getloadavg()[0]:.2f} "
          f"after, on {os.cpu_count()} cores")
    print(f"cold server (first session): page open → answer {cold['open'] + cold['answer']:.2f} s")
    print(f"browser, page open → first answer: median {statistics.median(total):.2f} s, "
          f"p95 {pct(total, 95):.2f} s over {len(total)} fresh sessions")
    print(f"  of which page open → starters shown: median {med(warm, 'open'):.2f} s")
    print(f"  click starter → answer shown: median {statistics.median(clicks):.2f} s, "
          f"p95 {pct(clicks, 95):.2f} s, best {min(clicks):.2f} s (target ≤ 0.5 s)")
    print(f"  per click: {med(warm, 'elements_before'):.0f} elements drawn before the answer "
          f"showed, {med(warm, 'elements_total'):.0f} in all, {med(warm, 'runs'):.0f} script "
          f"run(s) per click")
    print(f"  a question after 3 answered ones (tables, charts): submit → answer shown median "
          f"{med(later, 'answer'):.2f} s over {len(later)}, "
          f"{med(later, 'elements_before'):.0f} elements drawn before it showed")
    print(f"in-process ask(): median {statistics.median(base) * 1000:.0f} ms, "
          f"p95 {pct(base, 95) * 1000:.0f} ms over {len(base)} runs")
    print(f"ratio click → answer shown / in-process ask() (medians): "
          f"{statistics.median(clicks) / statistics.median(base):.0f}×")


if __name__ == "__main__":
    main()
