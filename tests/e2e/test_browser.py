"""The chat in a real browser: Debian's chromium driven by Playwright against `streamlit run`.

Never `playwright install`: the browser is Debian's (`apt-get install -y chromium`). Each test
leaves a screenshot under test-output/e2e/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.config import PROJECT_ROOT
from advisor.tools.format import usd
from tests.support.ui_server import prepare_index, start_app, stop_app, wait_ready
from ui.conversation import STARTERS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
OUTPUT = PROJECT_ROOT / "test-output" / "e2e"
QUESTION = ("What does Gemma 3 4B cost at 3,000 requests a day with 2,000 input and 500 "
            "output tokens per request?")
TIMEOUT_MS = 180_000


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


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser: Any, url: str, width: int = 1400, height: int = 1600) -> Any:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


@pytest.fixture()
def page(browser: Any, app_url: str) -> Iterator[Any]:
    pg = _open(browser, app_url)
    try:
        yield pg
    finally:
        pg.context.close()


def _ask(page: Any, question: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)  # waits while the box is locked by a running answer
    box.press("Enter")


def _answers(page: Any) -> Any:
    return page.get_by_text(re.compile(r"How this was answered — \d+ tool step"))


def _questions(page: Any) -> list[str]:
    users = page.locator("[data-testid='stChatMessage']:has([data-testid="
                         "'stChatMessageAvatarUser'])")
    return [m.locator("[data-testid='stMarkdownContainer']").first.inner_text().strip()
            for m in users.all()]


def _shot(page: Any, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=True)


def test_question_answered_with_a_table(page, raw_models_dev) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Model Advisor")).to_be_visible()
    expect(page.get_by_text("offline", exact=False).first).to_be_visible()
    main = page.get_by_test_id("stMainBlockContainer")
    for _, title, _ in STARTERS:  # a first visit offers the starter questions
        expect(main.get_by_text(title, exact=True)).to_be_visible()
    _ask(page, QUESTION)
    expect(_answers(page)).to_be_visible()
    assistant = page.get_by_test_id("stChatMessage").last
    expect(assistant).to_contain_text("Gemma 3 4B")
    tables = page.locator("[data-testid='stDataFrame'], [data-testid='stTable']")
    expect(tables.first).to_be_visible()
    # the cheapest paid route's monthly figure, computed here from the raw prices
    expected = _cheapest_paid_monthly(raw_models_dev, "Gemma 3 4B", 2000, 500, 3000 * 30)
    assert _dollar_figures(assistant.inner_text()) & _spellings(expected)
    assert "Traceback" not in page.content()
    assert '{"' not in assistant.inner_text()
    # one fold of the tool steps: the live status box is gone once the answer is in
    expect(page.get_by_test_id("stExpander").filter(has_text="How this was answered")
           ).to_have_count(1)
    assert page.get_by_text("Thinking…").count() == 0
    _shot(page, "chat-answer.png")


def test_folds_open_with_their_contents(page) -> None:
    """The steps and copy folds are sent closed and empty; opening one brings its contents."""
    from playwright.sync_api import expect

    _ask(page, QUESTION)
    expect(_answers(page)).to_be_visible()
    assistant = page.get_by_test_id("stChatMessage").last
    steps = assistant.get_by_test_id("stExpander").filter(has_text="How this was answered")
    copy = assistant.get_by_test_id("stExpander").filter(has_text="Copy this answer")
    assert "calculate_cost" not in steps.inner_text()
    steps.locator("summary").click()
    expect(steps).to_contain_text("1. calculate_cost")
    expect(steps).to_contain_text("requests = 3,000")
    copy.locator("summary").click()
    expect(copy.get_by_test_id("stCode")).to_contain_text("Gemma 3 4B")
    expect(steps).to_contain_text("1. calculate_cost")  # still open after the footer's rerun
    assert "Traceback" not in page.content()
    _shot(page, "chat-folds-open.png")


def test_nothing_is_fetched_from_another_host(browser, app_url) -> None:
    from urllib.parse import urlparse

    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    fetched: list[str] = []
    ctx.on("request", lambda request: fetched.append(request.url))
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(app_url)
        page.locator(".st-key-starter_1 button").click()
        expect(_answers(page)).to_have_count(1)
        page.wait_for_timeout(500)
        hosts = {urlparse(u).hostname for u in fetched if urlparse(u).scheme in ("http", "https",
                                                                               "ws", "wss")}
        assert hosts == {"127.0.0.1"}, hosts  # the tab icon and every other icon are local
        icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
        assert not icon.startswith("http") or urlparse(icon).hostname == "127.0.0.1"
    finally:
        ctx.close()


def test_table_and_chart_code_is_loaded_before_the_first_question(browser, app_url) -> None:
    """While the starters wait, the page loads the code an answer's table and chart need."""
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    scripts: list[str] = []
    ctx.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(app_url)
        starter = page.locator(".st-key-starter_1 button")
        starter.wait_for()
        page.wait_for_function("performance.getEntriesByType('resource').some("
                               "e => /static\\/js\\/DataFrame\\./.test(e.name))")
        page.wait_for_function("performance.getEntriesByType('resource').some("
                               "e => /static\\/js\\/vega-interpreter\\./.test(e.name))")
        warm = page.locator(".st-key-warmup")
        assert warm.count() == 1 and not warm.is_visible()  # it takes no room on the page
        page.wait_for_timeout(500)
        before = len(scripts)
        starter.click()
        expect(_answers(page)).to_have_count(1)
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        page.wait_for_timeout(500)
        assert scripts[before:] == []  # the answer's elements found their code already loaded
        assert "Traceback" not in page.content()
    finally:
        ctx.close()


def test_reload_keeps_the_conversation(page) -> None:
    from playwright.sync_api import expect

    _ask(page, "What is the context window of Gemma 3 4B?")
    expect(_answers(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]thread=[0-9a-f]{32}"))
    url = page.url
    page.reload()
    expect(page.get_by_text("What is the context window of Gemma 3 4B?")).to_be_visible()
    expect(_answers(page)).to_have_count(1)
    assert page.url == url
    _shot(page, "reload-keeps-conversation.png")


def test_a_link_opens_the_conversation(browser, page) -> None:
    from playwright.sync_api import expect

    _ask(page, "How much does Gemma 2 2B cost?")
    expect(_answers(page)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]thread=[0-9a-f]{32}"))
    other = _open(browser, page.url)  # a fresh browser context: nothing shared but the link
    try:
        expect(other.get_by_text("How much does Gemma 2 2B cost?")).to_be_visible()
        expect(_answers(other)).to_have_count(1)
        assert other.locator(".st-key-starter_0").count() == 0
        _shot(other, "link-opens-conversation.png")
    finally:
        other.context.close()


def test_two_quick_questions_are_both_answered_in_order(page) -> None:
    from playwright.sync_api import expect

    first = "What is the context window of Gemma 3 4B?"
    second = "And what does Qwen3.5 4B cost?"
    page.locator(".st-key-starter_1 button").click()  # a starter, then typing at once
    _ask(page, first)
    _ask(page, second)
    expect(_answers(page)).to_have_count(3)
    asked = _questions(page)
    assert [q for q in asked if q] == [STARTERS[1][2], first, second]
    expect(page.get_by_text("Waiting — answered after")).to_have_count(0)
    _shot(page, "two-quick-questions.png")


def test_no_horizontal_overflow_of_an_answer_on_a_phone(browser, app_url) -> None:
    from playwright.sync_api import expect

    phone = _open(browser, app_url, width=390, height=844)
    try:
        phone.locator(".st-key-starter_0 button").click()  # the widest table: picks
        expect(_answers(phone)).to_have_count(1)
        phone.wait_for_timeout(1000)  # let the grid and chart lay out
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        widths = phone.evaluate(
            "[...document.querySelectorAll('[data-testid=stChatMessage]')].map("
            "m => [m.scrollWidth, m.clientWidth, m.getBoundingClientRect().right])")
        wide = phone.evaluate(
            "[...document.querySelectorAll('[data-testid=stChatMessage] *')].filter("
            "e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '.' + "
            "(e.getAttribute('data-testid') || e.className)).slice(0, 8)")
        for scroll, client, right in widths:
            assert scroll <= client + 1 and right <= 391, (widths, wide)
        _shot(phone, "phone-390px.png")
    finally:
        phone.context.close()


def test_cost_chart_has_a_labelled_budget_rule(page) -> None:
    from playwright.sync_api import expect

    budget = page.get_by_label("Monthly budget (USD)")
    budget.fill("50")
    budget.press("Enter")
    expect(page.get_by_label("Monthly budget (USD)")).to_have_value("50.00")
    _ask(page, "What do Gemma 3 4B and Qwen3.5 27B cost at 3,000 requests a day?")
    expect(_answers(page)).to_have_count(1)
    page.get_by_role("tab", name="Cost").click()  # read as a comparison: its Cost tab
    chart = page.locator("[data-testid='stVegaLiteChart']:visible").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    expect(chart.locator("svg text", has_text=f"Budget {usd(50.0)}/month").first).to_be_attached()
    _shot(page, "budget-rule.png")


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
