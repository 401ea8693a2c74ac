"""The chat through Streamlit's AppTest, answered by the real offline agent."""

from __future__ import annotations

import socket

import pytest

from advisor.catalog import get_catalog
from advisor.config import Settings, use_settings
from advisor.tools.format import usd
from ui.conversation import STARTERS
from ui.turn import fold_key

COST_STARTER = next(i for i, s in enumerate(STARTERS) if s[1] == "Cost at my traffic")


def _route_monthly(raw, model, tin, tout, per_month):
    """Every priced route's monthly cost from the raw models.dev prices: paid routes
    cheapest first, then the $0 free tiers."""
    paid, free = [], []
    for route in get_catalog().resolve(model).routes:
        cost = raw[route.provider_id]["models"][route.model_id].get("cost") or {}
        if cost.get("input") is not None and cost.get("output") is not None:
            value = (tin * cost["input"] + tout * cost["output"]) / 1e6 * per_month
            (free if cost["input"] == 0 and cost["output"] == 0 else paid).append(value)
    return sorted(paid) + free


def _last_answer(at):
    return at.chat_message[-1]


def _fold(message, label):
    """The expander of a message whose label starts with ``label``."""
    return next(e for e in message.expander if e.label.startswith(label))


def _cost_frame(message):
    frames = [d.value for d in message.dataframe if "Per month" in d.value.columns]
    assert frames, "no cost table in the answer"
    return frames[0]


def test_starter_question_answered_with_a_table_and_tool_steps(app, raw_models_dev):
    at = app.run()
    at.button(key=f"starter_{COST_STARTER}").click().run()
    assert not at.exception
    answer = _last_answer(at)
    assert answer.name == "assistant"
    text = " ".join(m.value for m in answer.markdown)
    assert "Gemma 3 4B" in text
    # the cost table, every route, checked against the raw prices (3,000 a day × 30)
    frame = _cost_frame(answer)
    expected = _route_monthly(raw_models_dev, "Gemma 3 4B", 2000, 500, 90_000)
    assert list(frame["Per month"]) == [usd(v) for v in expected]
    assert f"**{usd(expected[0])} a month**" in text
    free = [p for p in frame["Provider"] if p.endswith("(free tier)")]
    assert list(frame["Provider"])[len(frame) - len(free):] == free  # free tiers listed last
    # the tool steps stay folded beside the answer, with the arguments in words
    labels = [e.label for e in answer.expander]
    assert "How this was answered — 1 tool step" in labels
    assert any(lab.startswith("Sources (") for lab in labels)
    # the folds of steps and of the copyable answer are drawn lazily: nothing inside is sent
    # while they are closed (the answer shows sooner), their contents come when opened
    assert not _fold(answer, "How this was answered").children
    assert not _fold(answer, "Copy this answer").children
    thread = at.session_state["thread_id"]
    at.session_state[fold_key("steps", thread, 0)] = True
    at.session_state[fold_key("copy", thread, 0)] = True
    at.run()
    assert not at.exception
    answer = _last_answer(at)
    steps = " ".join(m.value for m in _fold(answer, "How this was answered").markdown)
    assert "**1. `calculate_cost`** — model = Gemma 3 4B" in steps
    assert "requests = 3,000 · period = day" in steps
    copied = _fold(answer, "Copy this answer").code[0].value
    assert "Gemma 3 4B" in copied and f"{usd(expected[0])} a month" in copied
    assert "Sources" not in copied  # the sources are listed in their own fold
    assert "Answered by the offline planner" in [c.value for c in answer.caption]
    # a cost chart over traffic, and no raw JSON anywhere in the chat
    assert answer.get("arrow_vega_lite_chart") or answer.get("vega_lite_chart")
    assert not at.json and '{"' not in text
    # the new conversation is listed in the sidebar
    assert any(b.label.startswith("What does Gemma 3 4B cost") for b in at.sidebar.button)


def test_sidebar_profile_changes_the_figures_of_the_next_answer(app, raw_models_dev):
    at = app.run()
    question = "How much would Gemma 3 4B cost?"
    at.chat_input[0].set_value(question).run()
    first = _cost_frame(_last_answer(at))
    default = _route_monthly(raw_models_dev, "Gemma 3 4B", 2000, 500, 1_000_000)
    assert list(first["Per month"]) == [usd(v) for v in default]

    at.number_input(key="wl_input").set_value(8000)
    at.number_input(key="wl_output").set_value(1000)
    at.segmented_control(key="wl_period").set_value("day")
    at.number_input(key="wl_requests").set_value(5000).run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    second = _cost_frame(_last_answer(at))
    changed = _route_monthly(raw_models_dev, "Gemma 3 4B", 8000, 1000, 150_000)
    assert list(second["Per month"]) == [usd(v) for v in changed]
    assert list(second["Per month"]) != list(first["Per month"])
    # the live status box is replaced by the one fold of tool steps, with the arguments
    answer = _last_answer(at)
    assert not answer.status
    at.session_state[fold_key("steps", at.session_state["thread_id"], 1)] = True
    at.run()
    steps = _fold(_last_answer(at), "How this was answered")
    text = " ".join(m.value for m in steps.markdown)
    assert "`calculate_cost`" in text and "input_tokens = 8,000" in text


def test_comparison_question_shows_the_comparison_sections(app):
    at = app.run()
    at.chat_input[0].set_value("Compare Gemma 2 2B and Qwen3.5 4B").run()
    assert not at.exception
    answer = _last_answer(at)
    tabs = [t.label for t in answer.tabs]
    for label in ("Scorecard", "Trade-offs", "Cost", "Switch friction", "Specs", "Pricing",
                  "Capabilities", "Benchmarks"):
        assert label in tabs
    text = " ".join(m.value for m in answer.markdown)
    assert "**Choose Gemma 2 2B when…**" in text and "**Choose Qwen3.5 4B when…**" in text
    caps = next(t.value for t in answer.table if t.value.columns[0] == "Capability")
    assert caps.set_index("Capability").loc["Vision (image input)"].tolist() == ["No", "Yes"]
    # "open in the comparison view" carries the pair to the comparison page
    answer.button(key=next(b.key for b in answer.button if b.key.endswith("_open"))).click()
    at.run()
    assert not at.exception
    assert at.session_state["compare_a"] == "Gemma 2 2B"
    assert at.session_state["compare_b"] == "Qwen3.5 4B"
    assert "Decision scorecard" in [h.value for h in at.subheader]


def test_unknown_model_is_a_readable_message(app):
    at = app.run()
    at.chat_input[0].set_value("Show me the specs of gpt-9-ultra").run()
    assert not at.exception
    answer = _last_answer(at)
    warnings = [w.value for w in answer.warning]
    assert any("No model named 'gpt-9-ultra'" in w and "Closest matches" in w for w in warnings)
    assert "Traceback" not in " ".join(m.value for m in answer.markdown)
    at.chat_input[0].set_value("What is the context window of Gemma 3 4B?").run()
    assert not at.exception  # the app keeps working
    assert "Context window" in " ".join(m.value for m in _last_answer(at).markdown)


def test_unreachable_llm_is_said_and_the_offline_planner_answers(app, settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    use_settings(Settings(data_dir=settings.data_dir, knowledge_dir=settings.knowledge_dir,
                          model="openai:gpt-4o-mini", base_url=f"http://127.0.0.1:{port}/v1",
                          api_key="sk-test", llm_timeout_s=5, _env_file=None))
    at = app.run()
    assert "LLM openai:gpt-4o-mini (configured" in at.caption[0].value
    at.chat_input[0].set_value("What does Gemma 3 4B cost at 3,000 requests a day?").run()
    assert not at.exception
    answer = _last_answer(at)
    warning = " ".join(w.value for w in answer.warning)
    assert "could not be used" in warning and "offline planner answered" in warning
    assert _cost_frame(answer) is not None
    # the header no longer names the LLM as the one answering
    header = at.caption[0].value
    assert "Planner: **offline planner — the configured LLM openai:gpt-4o-mini could not " \
           "be reached" in header
    # the fallback warning comes before the first table of the answer
    order = [node.type for node in _walk(answer)]
    assert order.index("warning") < order.index("dataframe")


def test_a_failing_agent_is_a_message_and_the_app_keeps_working(app, monkeypatch):
    def unreachable(*_, **__):
        raise ConnectionError("Connection refused")

    at = app.run()
    monkeypatch.setattr("ui.backend.ask", unreachable)
    at.chat_input[0].set_value("Which model is cheapest?").run()
    assert not at.exception
    message = _last_answer(at).error[0].value
    assert "could not be reached" in message and "Connection refused" in message
    monkeypatch.undo()
    at.chat_input[0].set_value("What is the context window of Gemma 3 4B?").run()
    assert not at.exception
    assert _last_answer(at).dataframe


def test_new_chat_and_past_threads(app):
    at = app.run()
    at.chat_input[0].set_value("What is the context window of Gemma 3 4B?").run()
    first_thread = at.session_state["thread_id"]
    assert first_thread
    at.button(key="new_chat").click().run()
    assert at.session_state["thread_id"] is None
    assert not at.chat_message  # an empty chat shows the starters again
    assert any(b.key == "starter_0" for b in at.button)
    at.chat_input[0].set_value("How much does Gemma 2 2B cost?").run()
    assert at.session_state["thread_id"] not in (None, first_thread)
    at.button(key=f"thread_{first_thread}").click().run()
    assert not at.exception
    assert at.session_state["thread_id"] == first_thread
    questions = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert questions == ["What is the context window of Gemma 3 4B?"]


@pytest.mark.parametrize("starter", range(len(STARTERS)))
def test_every_starter_is_answered_without_error(app, starter):
    at = app.run()
    at.button(key=f"starter_{starter}").click().run()
    assert not at.exception
    answer = _last_answer(at)
    assert answer.name == "assistant" and not answer.error
    assert answer.dataframe or answer.table


def test_recommendation_shows_the_picks_and_charts_them_at_its_own_traffic(app):
    at = app.run()
    at.button(key="starter_0").click().run()
    assert not at.exception
    turn = at.session_state["turns"][-1]
    rec = next(c.data for c in turn.tool_calls if c.name == "recommend")
    answer = _last_answer(at)
    picks = next(d.value for d in answer.dataframe if "Fit score" in d.value.columns)
    assert list(picks["Model"]) == [p["model"] for p in rec["picks"]]
    assert list(picks["Monthly cost"]) == [usd(p["monthly_cost_usd"]) for p in rec["picks"]]
    heading = next(m.value for m in answer.markdown if "Monthly cost per candidate" in m.value)
    assert f"{rec['input_tokens']:,} input + {rec['output_tokens']:,} output" in heading
    assert f"{rec['requests_per_month']:,} requests a month" in heading


def test_a_recommendation_leads_with_its_answer_and_folds_its_details(app):
    at = app.run()
    at.chat_input[0].set_value("cheapest model w/ vision + tool calling, 5k req a day?").run()
    assert not at.exception
    turn = at.session_state["turns"][-1]
    rec = next(c for c in turn.tool_calls if c.name == "recommend")
    answer = _last_answer(at)
    texts = [m.value for m in answer.markdown]
    lead = rec.data["lead"]
    assert lead.startswith("Cheapest that has vision and tool calling")
    assert any(lead in t for t in texts), "the recommendation's first line is not shown"
    first_lead = next(i for i, t in enumerate(texts) if lead in t)
    assert all("Details" not in t for t in texts[:first_lead + 1])
    details = next(e for e in answer.expander if e.label == "Details")
    folded = " ".join(m.value for m in details.markdown)
    assert "Constraint: must have vision" in folded and "Fit score weights" in folded


def _walk(node):
    """Every element under an AppTest block, in page order."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _walk(child)


def test_questions_asked_together_are_all_shown_and_answered_in_order(app):
    at = app.run()
    at.button(key="starter_1").click()
    at.chat_input[0].set_value("how big is the context window of gemma 3 4b")
    at.run()
    assert not at.exception
    names = [m.name for m in at.chat_message]
    assert names == ["user", "assistant", "user", "assistant"]
    questions = [m.markdown[0].value for m in at.chat_message if m.name == "user"]
    assert sorted(questions) == sorted([STARTERS[1][2],
                                        "how big is the context window of gemma 3 4b"])
    turns = at.session_state["turns"]  # shown in the order they were answered
    assert [t.question for t in turns] == questions
    assert len({t.thread_id for t in turns}) == 1  # one conversation, in the URL
    assert at.query_params["thread"] == turns[0].thread_id
    assert not at.session_state["queued_questions"]
