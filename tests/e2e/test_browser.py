"""The chat in a real browser: Debian's chromium driven by Playwright against `streamlit run`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import PROJECT_ROOT
from tests.support.ui_server import prepare_index, start_app, stop_app, wait_ready
from ui.conversation import STARTERS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
OUTPUT = PROJECT_ROOT / "test-output" / "e2e"
QUESTION = ("What does Gemma 3 4B cost at 3,000 requests a day with 2,000 input and 500 "
            "output tokens per request?")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium "
                    "(`make browser` installs it)")
    data = tmp_path_factory.mktemp("e2e-data")
    prepare_index(data)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    proc, url = start_app(data, log=OUTPUT / "streamlit.log")
    try:
        wait_ready(proc, url)
        yield url
    finally:
        stop_app(proc)


@pytest.fixture()
def page(app_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1400, "height": 1600})
            pg.set_default_timeout(180_000)
            pg.goto(app_url)
            yield pg
        finally:
            browser.close()


def test_question_answered_with_a_table(page, raw_models_dev, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=180_000)
    expect(page.get_by_role("heading", name="Model Advisor")).to_be_visible()
    expect(page.get_by_text("offline", exact=False).first).to_be_visible()
    # a first visit offers the starter questions
    main = page.get_by_test_id("stMainBlockContainer")
    for _, title, _ in STARTERS:
        expect(main.get_by_text(title, exact=True)).to_be_visible()

    page.get_by_test_id("stChatInputTextArea").fill(QUESTION)
    page.keyboard.press("Enter")
    steps = page.get_by_text(re.compile(r"How this was answered — \d+ tool step"))
    expect(steps).to_be_visible()

    assistant = page.get_by_test_id("stChatMessage").last
    expect(assistant).to_contain_text("Gemma 3 4B")
    tables = page.locator("[data-testid='stDataFrame'], [data-testid='stTable']")
    expect(tables.first).to_be_visible()
    assert tables.count() >= 1
    # the cheapest paid route's monthly figure, computed here from the raw prices
    expected = _cheapest_paid_monthly(raw_models_dev, "Gemma 3 4B", 2000, 500, 3000 * 30)
    assert _dollar_figures(assistant.inner_text()) & _spellings(expected)
    # no traceback, no raw JSON in the chat
    assert "Traceback" not in page.content()
    assert '{"' not in assistant.inner_text()

    for folder in (tmp_path, OUTPUT):
        page.screenshot(path=str(folder / "chat-answer.png"), full_page=True)
    assert (OUTPUT / "chat-answer.png").stat().st_size > 10_000


def _cheapest_paid_monthly(raw, model: str, tin: int, tout: int, per_month: int) -> float:
    from advisor.catalog import get_catalog

    costs = []
    for route in get_catalog().resolve(model).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if cost.get("input") is None or cost.get("output") is None:
            continue
        if cost["input"] or cost["output"]:  # $0 listings are free tiers, not a price
            costs.append((tin * cost["input"] + tout * cost["output"]) / 1e6 * per_month)
    return min(costs)


def _spellings(value: float) -> set[str]:
    return {f"{value:,.2f}", f"{value:,.0f}", f"{value:.2f}"}


def _dollar_figures(text: str) -> set[str]:
    return set(re.findall(r"\$([\d,]+(?:\.\d+)?)", text))
