"""A configured LLM's answer reaches the browser as it is written, in one formatted answer.

The app runs with a fake chat model that streams its answer a word at a time
(``streaming_app.py``); the browser must see the text grow in place before the finished turn
replaces it, and the tool step shown live.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.config import PROJECT_ROOT
from tests.e2e.streaming_app import ANSWER
from tests.support.ui_server import (
    APP,
    app_env,
    free_port,
    prepare_index,
    stop_app,
    wait_ready,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = PROJECT_ROOT / "test-output" / "e2e"
LAUNCHER = Path(__file__).with_name("streaming_app.py")
TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def streaming_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    data = tmp_path_factory.mktemp("e2e-streaming")
    prepare_index(data)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with open(OUTPUT / "streamlit-streaming.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(LAUNCHER), str(APP), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=PROJECT_ROOT, env=app_env(data), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, url)
        yield url
    finally:
        stop_app(proc)


def _assistant_text(page: Any) -> str:
    messages = page.locator("[data-testid='stChatMessage']:has([data-testid="
                            "'stChatMessageAvatarAssistant'])")
    if messages.count() == 0:
        return ""
    return str(messages.last.inner_text())


def test_llm_answer_streams_into_one_formatted_answer(streaming_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(streaming_url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("What does Gemma 3 4B cost at 3,000 requests a day?")
            box.press("Enter")
            first_words = " ".join(ANSWER.split(" ")[:6])
            seen: list[str] = []
            deadline = time.monotonic() + TIMEOUT_MS / 1000
            while time.monotonic() < deadline:
                text = _assistant_text(page)
                if first_words in text:
                    if ANSWER not in text and not seen:  # caught part-written
                        page.screenshot(path=str(OUTPUT / "streaming-partial.png"))
                    seen.append(text)
                if page.get_by_text("How this was answered").count():
                    break
                page.wait_for_timeout(100)
            partial = [t for t in seen if ANSWER not in t]
            assert partial, f"the answer never showed part-written: {seen[:3]}"
            assert any(len(t) < len(max(seen, key=len)) for t in partial)
            expect(page.get_by_text("How this was answered").first).to_be_visible()
            final = _assistant_text(page)
            assert ANSWER in final and final.count(first_words) == 1  # shown once
            assert "**" not in final and "| ---" not in final  # formatted, not raw Markdown
            expect(page.get_by_text("How this was answered — 1 tool step")).to_be_visible()
            expect(page.get_by_text("Answered by the LLM fake:streaming")).to_be_visible()
            page.screenshot(path=str(OUTPUT / "streaming-final.png"), full_page=True)
        finally:
            browser.close()
