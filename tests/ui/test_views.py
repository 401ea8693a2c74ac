"""The UI's tables, chart data and messages, checked against independent arithmetic."""

import json

import pytest

from advisor.agent.answer import ToolCallRecord
from advisor.catalog import UnknownModelError, get_catalog
from advisor.tools import calculate_cost, diff_capabilities, lookup_specs
from advisor.tools.errors import ToolInputError
from advisor.tools.format import tokens, usd
from ui import charts, views
from ui.errors import friendly_error
from ui.sidebar import build_workload
from ui.turn import planner_words, split_sources


def _raw_paid_monthly(raw, model, tin, tout, requests):
    """Cheapest non-zero monthly cost of a model's routes, from the raw models.dev prices."""
    costs = []
    for route in get_catalog().resolve(model).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if cost.get("input") is None or cost.get("output") is None:
            continue
        if cost["input"] == 0 and cost["output"] == 0:
            continue
        assert not any(k.startswith("context_over") for k in cost), "tiers not handled here"
        costs.append((tin * cost["input"] + tout * cost["output"]) / 1e6 * requests)
    return min(costs) if costs else None


def _call(name, fn, **args):
    res = fn(**args)
    return ToolCallRecord(id=name, name=name, args=args, result=res.model_dump(mode="json"),
                          result_markdown=res.to_markdown())


def test_traffic_range_is_round_numbers_around_the_traffic():
    values = charts.traffic_range(90_000)
    assert values == sorted(values)
    assert 90_000 in values
    assert values[0] == 1_000 and values[-1] == 5_000_000
    assert {v for v in values if v != 90_000} <= {m * 10**e for m in (1, 2, 5)
                                                 for e in range(3, 8)}


def test_cost_curve_points_match_raw_prices(raw_models_dev):
    curve = charts.cost_curve(["Gemma 3 4B", "Gemma 2 2B"], 2000, 500, 1_000_000)
    assert set(curve.frame["Model"]) == {"Gemma 3 4B", "Gemma 2 2B"}
    for row in curve.frame.itertuples(index=False):
        expected = _raw_paid_monthly(raw_models_dev, row[0], 2000, 500, row[1])
        assert row[2] == pytest.approx(expected, rel=1e-9)
    assert curve.unpriced == [] and curve.failed == {}


def test_cost_curve_names_unknown_and_unpriced_models():
    curve = charts.cost_curve(["Gemma 3 4B", "Zzzmodel 9000", "Qwen3.5 4B"], 1000, 100, 5000)
    assert "Zzzmodel 9000" in curve.failed
    assert "No model named" in curve.failed["Zzzmodel 9000"]
    assert curve.unpriced == ["Qwen3.5 4B"]  # only $0 listings: never drawn as a price
    assert set(curve.frame["Model"]) == {"Gemma 3 4B"}


def test_cost_chart_marks_traffic_and_budget():
    curve = charts.cost_curve(["Gemma 3 4B"], 2000, 500, 90_000)
    spec = charts.cost_chart(curve, budget=250.0)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    text = json.dumps(spec)
    assert '"Your traffic: 90,000/month"' in text and f'"Budget {usd(250.0)}/month"' in text
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0  # full model names in the legend


def test_cost_table_shows_every_priced_route(raw_models_dev):
    report = calculate_cost("Gemma 3 4B", 2000, 500, 3000, "day")
    table = views.cost_table(report)
    assert len(table.frame) == len(report.routes)
    first = next(r for r in report.routes if r.prices_used.input_per_m
                 or r.prices_used.output_per_m)
    raw = raw_models_dev[first.provider_id]["models"][first.model_id]["cost"]
    monthly = (2000 * raw["input"] + 500 * raw["output"]) / 1e6 * 3000 * 30
    assert table.frame.iloc[0]["Per month"] == usd(monthly)
    assert "3,000 requests per day" in table.title
    assert "30 days" in (table.caption or "")


def test_specs_table_puts_models_side_by_side():
    calls = [_call("lookup_specs", lookup_specs, model="Gemma 2 2B"),
             _call("lookup_specs", lookup_specs, model="Qwen3.5 4B")]
    tables = views.tables_for_turn(calls)
    specs = tables[0]
    assert list(specs.frame.columns) == ["Spec", "Gemma 2 2B", "Qwen3.5 4B"]
    ctx = specs.frame.set_index("Spec").loc["Context window"]
    cat = get_catalog()
    assert ctx["Gemma 2 2B"] == tokens(cat.resolve("Gemma 2 2B").context_window)
    assert ctx["Qwen3.5 4B"] == tokens(cat.resolve("Qwen3.5 4B").context_window)
    differ = set(specs.frame.iloc[specs.highlight_rows]["Spec"])
    assert "Context window" in differ and "Vision (image input)" in differ
    assert any(t.title.startswith("Prices by provider — Gemma 2 2B") for t in tables)


def test_diff_table_marks_rows_that_differ():
    call = _call("diff_capabilities", diff_capabilities, models=["Gemma 2 2B", "Qwen3.5 4B"])
    table = views.tables_for_turn([call])[0]
    rows = call.data["rows"]
    assert len(table.frame) == len(rows)
    assert table.highlight_rows == [i for i, r in enumerate(rows) if r["differs"]]
    vision = table.frame.set_index("Capability").loc["Vision (image input)"]
    assert (vision["Gemma 2 2B"], vision["Qwen3.5 4B"]) == ("No", "Yes")


def test_candidate_models_in_first_mention_order():
    calls = [_call("calculate_cost", calculate_cost, model="gemma-3-4b", input_tokens=10,
                   output_tokens=10, requests=10),
             _call("diff_capabilities", diff_capabilities, models=["Gemma 2 2B", "Gemma 3 4B"]),
             ToolCallRecord(id="x", name="lookup_specs", args={"model": "nope"}, ok=False,
                            error="No model named 'nope'")]
    assert views.candidate_models(calls, [{"model": "Qwen3.5 4B"}]) == [
        "Gemma 3 4B", "Gemma 2 2B", "Qwen3.5 4B"]


def test_tool_arguments_read_as_text_not_json():
    text = views.format_args({"model": "Gemma 3 4B", "requests": 3000, "period": "day",
                              "provider": None, "cached_input_share": 0.5,
                              "models": ["A", "B"], "workload": {"requests": 10, "x": None}})
    assert text == ("model = Gemma 3 4B · requests = 3,000 · period = day · "
                    "cached_input_share = 0.5 · models = A, B · workload = {requests: 10}")


def test_sources_section_is_split_off_the_answer():
    body, tail = split_sources("Answer text.\n\n| a |\n|---|\n\n**Sources**\n- one\n- two")
    assert body == "Answer text.\n\n| a |\n|---|"
    assert tail == "- one\n- two"
    assert split_sources("No sources here.") == ("No sources here.", "")


def test_errors_read_as_sentences():
    unknown = UnknownModelError("Gemmma 9", ["Gemma 2 9B", "Gemma 3 4B"])
    assert friendly_error(unknown) == ("I could not find a model called “Gemmma 9” in the "
                                       "catalog. Did you mean “Gemma 2 9B” or “Gemma 3 4B”?")
    assert "input_tokens: must be ≥ 0" in friendly_error(ToolInputError("input_tokens",
                                                                        "must be ≥ 0, got -1"))
    net = friendly_error(ConnectionError("Connection refused"))
    assert "could not be reached" in net and "ADVISOR_MODEL" in net
    other = friendly_error(KeyError("boom"))
    assert "Traceback" not in other and "still running" in other


def test_sidebar_values_become_a_workload():
    w = build_workload({"wl_period": "day", "wl_requests": 3000, "wl_input": 1500,
                        "wl_output": 300, "wl_budget": 200.0, "wl_caps": ["vision"],
                        "wl_open": True, "wl_licenses": ["Apache 2.0"], "wl_self_host": True,
                        "wl_gpu": 24.0, "wl_min_context": 0, "wl_use_case": ""})
    assert w.requests_per_month == 90_000
    assert (w.input_tokens, w.output_tokens, w.monthly_budget_usd) == (1500, 300, 200.0)
    assert w.required_capabilities == ["vision"] and w.open_weights_only
    assert w.self_host and w.gpu_memory_gb == 24.0
    assert w.min_context == 0 and w.use_case is None  # a value set, even 0, is kept
    no_host = build_workload({"wl_self_host": False, "wl_gpu": 24.0})
    assert no_host.gpu_memory_gb is None and no_host.period == "month"


def test_planner_named_plainly():
    assert planner_words("offline") == "the offline planner"
    assert planner_words("llm:openai:gpt-4o-mini") == "the LLM openai:gpt-4o-mini"


def test_free_tiers_are_marked_and_listed_after_paid_routes_for_every_model(raw_models_dev):
    checked = 0
    for model in get_catalog():
        if not model.routes:
            continue
        report = calculate_cost(model.name, 1000, 100, 1000, "month")
        frame = views.cost_table(report).frame
        free = [p.endswith("(free tier)") for p in frame["Provider"]]
        assert free == sorted(free), model.name  # no free tier above a paid route
        for marked, route in zip(free, views.paid_first(report.routes, views._used_prices),
                                 strict=True):
            # against the raw models.dev prices of the route, not the tool's own reading
            cost = raw_models_dev[route.provider_id]["models"][route.model_id].get("cost") or {}
            assert marked == (cost.get("input") == 0 and cost.get("output") == 0), route
        checked += 1
    assert checked > 100


def test_cost_bars_are_the_turns_own_figures(raw_models_dev):
    calls = []
    for i, m in enumerate(("Gemma 3 4B", "Gemma 2 2B")):
        call = _call("calculate_cost", calculate_cost, model=m, input_tokens=2000,
                     output_tokens=500, requests=3000, period="day")
        calls.append(call.model_copy(update={"id": f"c{i}"}))
    bars = views.cost_bars(calls)
    assert [b.model for b in bars] == ["Gemma 3 4B", "Gemma 2 2B"]
    for bar in bars:
        expected = _raw_paid_monthly(raw_models_dev, bar.model, 2000, 500, 90_000)
        assert usd(bar.monthly_usd) == usd(expected)
    frame = charts.bars_frame(bars)
    assert list(frame["Monthly cost (USD)"]) == sorted(frame["Monthly cost (USD)"])
    spec = charts.cost_bars(bars, budget=5.0)
    assert f'"Budget {usd(5.0)}/month"' in json.dumps(spec)  # written on the chart
    colours = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert len(set(colours)) == len(bars)


def test_a_cost_bar_is_the_figure_the_answer_quotes(raw_models_dev):
    call = _call("calculate_cost", calculate_cost, model="gemini 2.5 flash", input_tokens=2000,
                 output_tokens=500, requests=30_000)
    (bar,) = views.cost_bars([call])
    google = raw_models_dev["google"]["models"]["gemini-2.5-flash"]["cost"]
    listed = (2000 * google["input"] + 500 * google["output"]) / 1e6 * 30_000
    assert usd(bar.monthly_usd) == usd(listed) and bar.route == "Google"


def test_traffic_curve_only_where_lines_stand_apart():
    def bar(v):
        return charts.CostBar(f"m{v}", v, "r")

    assert not charts.distinguishable([bar(10.0)])
    assert not charts.distinguishable([bar(10.0), bar(12.0)])  # one line hides the other
    assert charts.distinguishable([bar(10.0), bar(20.0), bar(45.0)])
    assert not charts.distinguishable([bar(10.0), bar(20.0), bar(22.0)])


def test_conversation_labels_are_distinct_and_dated():
    from advisor.agent.answer import ThreadSummary
    from ui import threads

    same = "What is the context window of Gemma 3 4B and how does it compare with others?"
    items = threads.rows([ThreadSummary(thread_id=str(i), title=same, turns=1,
                                        updated_at=f"2026-12-0{i + 1}T09:0{i}:00+00:00")
                          for i in range(3)], {"2": "Kiosk models"})
    labels = [r.label for r in items]
    assert len(set(labels)) == 3 and labels[1].endswith("(2)")
    assert labels[2] == "Kiosk models"
    assert [r.when for r in items] == ["1 Dec 09:00", "2 Dec 09:01", "3 Dec 09:02"]
    assert [r.thread_id for r in threads.matching(items, "KIOSK")] == ["2"]
    assert len(threads.matching(items, "context gemma")) == 2


def test_column_widths_fit_their_content():
    from ui.tables import FIRST_MAX_PX, column_config

    table = views.TableView(title="t", frame=__import__("pandas").DataFrame(
        {"#": [1], "Model": ["Qwen3.5 122B A10B"], "Monthly cost": ["$23,458"],
         "Licence": ["Apache 2.0"]}))
    cfg = column_config(table)
    assert cfg["Model"]["pinned"] and cfg["#"]["pinned"]
    assert cfg["Model"]["width"] <= FIRST_MAX_PX
    assert cfg["Monthly cost"]["width"] >= len("Monthly cost") * 7


def test_header_names_the_llm_only_while_it_answers():
    from ui.header import answerer

    assert answerer("offline planner", None).startswith("offline planner")
    assert answerer("LLM: openai:gpt-4o", "llm:openai:gpt-4o") == "LLM openai:gpt-4o"
    fallback = answerer("LLM: openai:gpt-4o", "offline")
    assert fallback.startswith("offline planner") and "could not be reached" in fallback
