"""Which workload an answer uses, and that the sidebar shows it (AppTest, real offline agent).

Every expected figure is computed here from the raw models.dev prices.
"""

from __future__ import annotations

import json
import re

from advisor.catalog import get_catalog
from advisor.tools.format import usd


def _paid_sorted(raw, model, tin, tout, per_month):
    """Monthly cost of every paid route (cheapest first), from the raw prices."""
    out = []
    for route in get_catalog().resolve(model).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if cost.get("input") is None or cost.get("output") is None:
            continue
        if cost["input"] or cost["output"]:
            out.append((tin * cost["input"] + tout * cost["output"]) / 1e6 * per_month)
    return sorted(out)


def _cost_call(at):
    turn = at.session_state["turns"][-1]
    return next(c for c in turn.tool_calls if c.name == "calculate_cost")


def _paid_column(at):
    frame = next(d.value for d in at.chat_message[-1].dataframe
                 if "Per month" in d.value.columns)
    return [v for v, p in zip(frame["Per month"], frame["Provider"], strict=True)
            if not p.endswith("(free tier)")]


def test_traffic_stated_in_a_question_is_shown_in_the_sidebar_and_used_next(
        app, raw_models_dev):
    at = app.run()
    at.chat_input[0].set_value("gemma 3 4b price at 3k req/day, 1500 tokens in, "
                               "300 out?").run()
    assert not at.exception
    # the sidebar now shows the figures the answer used, not its own earlier ones
    assert at.number_input(key="wl_requests").value == 3000
    assert at.segmented_control(key="wl_period").value == "day"
    assert at.number_input(key="wl_input").value == 1500
    assert at.number_input(key="wl_output").value == 300
    # a follow-up with no figures uses exactly what the sidebar shows
    at.chat_input[0].set_value("and what would Gemma 2 2B cost me").run()
    assert not at.exception
    args = _cost_call(at).args
    assert (args["requests"], args["period"], args["input_tokens"], args["output_tokens"]) \
        == (3000, "day", 1500, 300)
    expected = _paid_sorted(raw_models_dev, "Gemma 2 2B", 1500, 300, 90_000)
    assert _paid_column(at) == [usd(v) for v in expected]


def test_a_sidebar_change_wins_over_traffic_stated_earlier_in_the_thread(app, raw_models_dev):
    at = app.run()
    at.chat_input[0].set_value("What does Gemma 3 4B cost at 3,000 requests a day?").run()
    at.segmented_control(key="wl_period").set_value("month")
    at.number_input(key="wl_requests").set_value(250_000).run()
    at.chat_input[0].set_value("How about Gemma 3 4B again?").run()
    assert not at.exception
    args = _cost_call(at).args
    assert (args["requests"], args["period"]) == (250_000, "month")
    tin, tout = args["input_tokens"], args["output_tokens"]
    assert _paid_column(at) == [usd(v) for v in
                                _paid_sorted(raw_models_dev, "Gemma 3 4B", tin, tout, 250_000)]


def test_zero_input_tokens_set_in_the_sidebar_is_used(app, raw_models_dev):
    at = app.run()
    at.number_input(key="wl_input").set_value(0)
    at.number_input(key="wl_output").set_value(400)
    at.number_input(key="wl_requests").set_value(20_000).run()
    at.chat_input[0].set_value("How much would Gemma 3 4B cost?").run()
    assert not at.exception
    args = _cost_call(at).args
    assert args["input_tokens"] == 0 and args["output_tokens"] == 400
    expected = _paid_sorted(raw_models_dev, "Gemma 3 4B", 0, 400, 20_000)
    assert _paid_column(at) == [usd(v) for v in expected]


def _chart_specs(message):
    return [json.loads(c.proto.spec) for c in
            message.get("arrow_vega_lite_chart") or message.get("vega_lite_chart")]


def _rule_values(spec):
    """Every budget label written on a chart."""
    return re.findall(r"Budget \$[\d,.]+/month", json.dumps(spec))


def test_old_charts_keep_the_budget_they_were_drawn_with(app):
    at = app.run()
    at.number_input(key="wl_budget").set_value(40.0).run()
    at.chat_input[0].set_value("What do Gemma 3 4B and Gemma 2 2B cost at 3,000 requests "
                               "a day?").run()
    assert not at.exception
    first = _chart_specs(at.chat_message[1])
    assert any(f"Budget {usd(40.0)}/month" in _rule_values(s) for s in first)
    at.number_input(key="wl_budget").set_value(900.0).run()
    at.chat_input[0].set_value("And at 6,000 requests a day?").run()
    assert not at.exception
    assert _chart_specs(at.chat_message[1]) == first  # the first turn's chart is unchanged
    latest = _chart_specs(at.chat_message[-1])
    assert any(f"Budget {usd(900.0)}/month" in _rule_values(s) for s in latest)
