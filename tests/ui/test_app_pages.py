"""The app's frame and the comparison view, through Streamlit's AppTest."""

from __future__ import annotations

from advisor.catalog import get_catalog
from advisor.documents.ingest import IngestReport
from advisor.tools.format import usd
from ui.comparison_report import SECTIONS
from ui.conversation import STARTERS


def _paid_monthly(raw, model, tin, tout, per_month):
    """Cheapest non-zero monthly cost from the raw models.dev prices (independent of tools)."""
    costs = []
    for route in get_catalog().resolve(model).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if cost.get("input") is None or cost.get("output") is None:
            continue
        if cost["input"] or cost["output"]:
            costs.append((tin * cost["input"] + tout * cost["output"]) / 1e6 * per_month)
    return min(costs) if costs else None


def test_first_visit_shows_starters_planner_and_catalog_date(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value.endswith("Model Advisor")
    header = at.caption[0].value
    cat = get_catalog()
    assert f"as of **{cat.as_of}**" in header and cat.origin in header
    assert "offline" in header.lower()
    shown = " ".join(m.value for m in at.markdown)
    for _, title, _ in STARTERS:
        assert f"**{title}**" in shown
    assert [b.key for b in at.button if b.key.startswith("starter_")]


def test_index_is_built_on_first_start_with_progress(app, monkeypatch):
    calls = []

    def fake_ensure_index(progress=None, **_):
        for done in (0, 64, 128):
            progress(done, 128, "Embedding chunks")
        calls.append(progress)
        return IngestReport(sources=7, chunks_total=128)

    monkeypatch.setattr("advisor.documents.ensure_index", fake_ensure_index)
    at = app.run()
    assert not at.exception
    assert len(calls) == 1
    assert "document index ready (128 passages from 7 sources)" in at.caption[0].value
    at.run()  # once per session: not rebuilt on the next run
    assert len(calls) == 1


def test_index_failure_is_a_message_and_the_app_keeps_working(app, monkeypatch):
    def broken(progress=None, **_):
        raise OSError("disk full")

    monkeypatch.setattr("advisor.documents.ensure_index", broken)
    at = app.run()
    assert not at.exception
    assert "document search unavailable" in at.caption[0].value
    assert "disk full" in at.caption[0].value
    assert any(b.key == "starter_0" for b in at.button)


def test_comparison_view_has_the_seed_pages_sections(app, raw_models_dev):
    at = app.run()
    at.switch_page("page_compare.py").run()
    assert not at.exception
    assert [h.value for h in at.subheader] == SECTIONS
    shown = " ".join(m.value for m in at.markdown)
    assert "**Choose Gemma 2 2B when…**" in shown and "**Choose Qwen3.5 4B when…**" in shown
    assert "**Gemma 2 2B → Qwen3.5 4B**" in shown and "**Qwen3.5 4B → Gemma 2 2B**" in shown
    metrics = {m.label: m.value for m in at.metric}
    expected = _paid_monthly(raw_models_dev, "Gemma 2 2B", 2000, 500, 1_000_000)
    assert metrics["Gemma 2 2B"] == f"{usd(expected)}/month"
    assert metrics["Qwen3.5 4B"] == "Unavailable"  # only $0 listings: no paid price
    tables = {t.value.columns[0]: t.value for t in at.table}
    assert {"Signal", "Specification", "Pricing attribute", "Capability"} <= set(tables)
    caps = tables["Capability"].set_index("Capability")
    assert caps.loc["Vision (image input)"].tolist() == ["No", "Yes"]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_comparison_follows_the_models_and_the_sidebar_profile(app, raw_models_dev):
    at = app.run()
    at.switch_page("page_compare.py").run()
    at.selectbox(key="compare_b").select("Gemma 3 4B").run()
    metrics = {m.label: m.value for m in at.metric}
    expected = _paid_monthly(raw_models_dev, "Gemma 3 4B", 2000, 500, 1_000_000)
    assert metrics["Gemma 3 4B"] == f"{usd(expected)}/month"
    at.number_input(key="wl_input").set_value(6000)
    at.segmented_control(key="wl_period").set_value("day")
    at.number_input(key="wl_requests").set_value(3000).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    for model in ("Gemma 2 2B", "Gemma 3 4B"):
        expected = _paid_monthly(raw_models_dev, model, 6000, 500, 3000 * 30)
        assert metrics[model] == f"{usd(expected)}/month"


def test_same_model_twice_asks_for_two(app):
    at = app.run()
    at.switch_page("page_compare.py").run()
    at.selectbox(key="compare_b").select("Gemma 2 2B").run()
    assert not at.exception
    assert "two different models" in at.info[0].value


def test_the_comparison_pair_is_in_the_url_and_a_link_opens_it(app):
    at = app.run()
    at.switch_page("page_compare.py").run()
    at.selectbox(key="compare_b").select("Gemma 3 4B").run()
    assert not at.exception
    assert (at.query_params["a"], at.query_params["b"]) == ("Gemma 2 2B", "Gemma 3 4B")
    # a link naming another pair opens that pair
    at.query_params["a"], at.query_params["b"] = "Qwen3.5 4B", "Gemma 2 2B"
    at.run()
    assert not at.exception
    assert (at.selectbox(key="compare_a").value, at.selectbox(key="compare_b").value) == \
        ("Qwen3.5 4B", "Gemma 2 2B")
    assert {m.label for m in at.metric} >= {"Qwen3.5 4B", "Gemma 2 2B"}
