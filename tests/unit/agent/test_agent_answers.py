"""Offline answers through the service: every question answered with sources and no unverified
figure, and the figures checked against the tools called directly (and raw data)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.agent import service
from advisor.agent.answer import AgentAnswer, AgentEvent
from advisor.catalog import get_catalog
from advisor.catalog.names import normalize
from advisor.tools.capabilities import diff_capabilities
from advisor.tools.compare import compare_models
from advisor.tools.cost import calculate_cost
from advisor.tools.format import tokens, usd
from advisor.tools.hardware import estimate_hardware
from advisor.tools.recommend import recommend
from advisor.tools.specs import lookup_specs
from advisor.tools.workload import Workload
from tests.unit.agent import cases


def _call(answer: AgentAnswer, name: str) -> Any:
    found = [c for c in answer.tool_calls if c.name == name]
    assert found, f"{name} not called: {[c.name for c in answer.tool_calls]}"
    return found[0]


def test_every_question_is_answered_with_sources_and_no_unverified_figure(
        fake_documents: Any) -> None:
    failures = []
    for question, tool, _ in cases.ALL:
        answer = service.ask(question)
        problems = []
        if "**Sources**" not in answer.answer:
            problems.append("no Sources list")
        if answer.warnings:
            problems.append(f"warnings {answer.warnings}")
        if tool not in [c.name for c in answer.tool_calls]:
            problems.append(f"{tool} not called")
        if answer.planner != "offline":
            problems.append(f"planner {answer.planner}")
        if problems:
            failures.append(f"{question!r}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", cases.COST, ids=lambda c: c[0][:40])
def test_cost_answers_quote_the_cost_tool(case: cases.Case) -> None:
    answer = service.ask(case[0])
    rec = _call(answer, "calculate_cost")
    assert rec.ok, rec.error
    direct = calculate_cost(**rec.args)
    paid = [r for r in direct.routes if r.per_request_usd > 0]
    if not paid:  # never a made-up $0: the answer says the price is unknown
        assert direct.message and direct.message in answer.answer
        return
    # the maker's list price leads (its own provider's cheapest route), else the cheapest route
    own = set(get_catalog().resolve(rec.args["model"]).headline.maker_providers)
    named = rec.args.get("provider") or rec.args.get("price_basis") == "cheapest"
    quoted = next((r for r in paid if r.provider_id in own and not named), paid[0])
    assert f"**{usd(quoted.per_month_usd)} a month**" in answer.answer
    assert f"{direct.requests:,} requests per {direct.period}" in answer.answer
    assert quoted.provider in answer.answer
    if quoted.per_request_usd > paid[0].per_request_usd:  # the cheaper route is said beside
        assert f"Its cheapest paid route, {paid[0].provider}" in answer.answer


def test_cost_answer_matches_arithmetic_on_raw_data(raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask("Gemma 3 4B: 10k requests/day, prompts of 1,200 tokens, "
                         "400-token answers. Monthly bill?")
    monthly = []
    for provider in raw_models_dev.values():
        for model_id, model in provider.get("models", {}).items():
            cost = model.get("cost") or {}
            if normalize(model_id) == "gemma34b" and cost.get("input") and cost.get("output"):
                per_request = (1200 * cost["input"] + 400 * cost["output"]) / 1e6
                monthly.append(per_request * 10_000 * 30)
    assert monthly
    assert f"**{usd(min(monthly))} a month**" in answer.answer
    assert "its maker lists no price" in answer.answer  # no Google route prices Gemma 3 4B


@pytest.mark.parametrize("question", [
    "gemini 2.5 flash, 30k req/month, 2k tokens in, 500 out — what's the bill?",
    "How much would Gemini-2.5-Flash run us monthly? ~1000 calls a day, 2000 in / 500 out",
])
def test_cost_leads_with_the_makers_list_price_from_raw_data(
        question: str, raw_models_dev: dict[str, Any]) -> None:
    answer = service.ask(question)
    rec = _call(answer, "calculate_cost")
    per_month = rec.args["requests"] * (30 if rec.args["period"] == "day" else 1)
    google = raw_models_dev["google"]["models"]["gemini-2.5-flash"]["cost"]
    listed = (2000 * google["input"] + 500 * google["output"]) / 1e6 * per_month
    cheapest = min((2000 * m["cost"]["input"] + 500 * m["cost"]["output"]) / 1e6 * per_month
                   for p in raw_models_dev.values() for mid, m in p.get("models", {}).items()
                   if normalize(mid).endswith("gemini25flash") and (m.get("cost") or {})
                   .get("input") and m["cost"].get("output"))
    first = answer.answer.split("\n\n")[0]
    assert f"**{usd(listed)} a month** at the maker's list price (Google" in answer.answer
    assert cheapest < listed and f"comes to {usd(cheapest)} a month" in answer.answer
    assert "cheapest" not in first.split("**")[0]


@pytest.mark.parametrize("question", [
    "cheapest provider for gemini 2.5 flash? 30k req/month, 2k tokens in, 500 out",
    "gemini 2.5 flash on any provider, whichever is cheapest: 1000 calls/day 2000 in 500 out",
])
def test_the_cheapest_route_leads_when_asked_for(question: str) -> None:
    answer = service.ask(question)
    rec = _call(answer, "calculate_cost")
    assert rec.args.get("price_basis") == "cheapest"
    direct = calculate_cost(**rec.args)
    low = [r for r in direct.routes if r.per_request_usd > 0][0]
    assert f"**{usd(low.per_month_usd)} a month** at its cheapest paid route ({low.provider}" \
        in answer.answer


def test_spec_answer_states_the_asked_figure() -> None:
    answer = service.ask("What is the context window of Gemma 3 4B?")
    sheet = lookup_specs("Gemma 3 4B")
    assert sheet.context_window
    assert (f"Context window: {tokens(sheet.context_window)} tokens "
            f"({sheet.context_window:,})") in answer.answer
    assert "Sources disagree" in answer.answer  # the licence claims conflict; said out loud
    for source in sheet.sources:
        assert source in answer.sources


def test_compare_answer_leads_with_the_cost_summary_and_has_a_table() -> None:
    answer = service.ask("Compare Gemma 4 31B and Qwen3.5 27B at 1M requests a month")
    rec = _call(answer, "compare_models")
    direct = compare_models(rec.args["models"], Workload(**rec.args["workload"]))
    assert direct.cost.summary in direct.lead
    first = answer.answer.index(direct.lead)  # after the reading line, before any table
    assert first < answer.answer.index("|") and first < 400
    assert "| Signal | Gemma 4 31B | Qwen3.5 27B |" in answer.answer
    assert "Sources:\n" not in answer.answer  # the tool's own list is merged into ours


def test_recommend_answer_names_the_top_pick_and_its_cost() -> None:
    answer = service.ask("recommend a cheap model with tool use and JSON output, "
                         "10k requests/day, 1,500 tokens in, 300 out")
    rec = _call(answer, "recommend")
    direct = recommend(Workload(**rec.args["workload"]), rec.args["top_k"],
                       objective=rec.args.get("objective"), use_case=rec.args.get("use_case"))
    top = direct.picks[0]
    assert f"**{top.model}** at {usd(top.monthly_cost_usd)}/month" in direct.lead
    first = answer.answer.index(direct.lead)  # the answer's first line, before the table
    assert first < answer.answer.index("|") and first < 400
    assert [p["model"] for p in answer.recommendations] == [p.model for p in direct.picks]


def test_hardware_answer_states_the_verdict() -> None:
    answer = service.ask("Can I run Qwen3.5 27B on an RTX 4090?")
    rec = _call(answer, "estimate_hardware")
    direct = estimate_hardware(**rec.args)
    assert f"**{direct.verdict}**" in answer.answer


def test_diff_answer_lists_what_each_model_alone_has() -> None:
    answer = service.ask("what can gemma 3 4b do that gemma 2 2b can't?")
    direct = diff_capabilities(["Gemma 3 4B", "Gemma 2 2B"])
    for model, caps in direct.only_in.items():
        if caps:
            assert f"**{model}** alone has: {', '.join(caps)}" in answer.answer


def test_unknown_model_is_answered_with_the_closest_names() -> None:
    answer = service.ask("how much does gpt-7 cost?")
    assert "No model named 'gpt-7'" in answer.answer
    assert "Closest matches:" in answer.answer
    assert answer.tool_calls[0].ok is False


def test_empty_question_is_answered_not_raised() -> None:
    answer = service.ask("   ")
    assert "Please ask a question" in answer.answer


def test_events_arrive_in_order() -> None:
    events: list[AgentEvent] = []
    service.ask("cost of gemma 3 4b at 1000 requests a day", on_event=events.append)
    kinds = [e.kind for e in events]
    assert kinds == ["plan", "tool_start", "tool_end", "answer"]
    assert events[1].tool == "calculate_cost" and events[1].args
    assert events[-1].text and "**Sources**" in events[-1].text


def test_a_failing_event_listener_does_not_break_the_turn() -> None:
    def boom(event: AgentEvent) -> None:
        raise RuntimeError("listener bug")

    answer = service.ask("context window of gemma 2 2b", on_event=boom)
    assert "Context window" in answer.answer


def test_thread_persists_across_service_restarts() -> None:
    first = service.ask("How much does Gemma 4 31B cost for 1M requests a month?")
    service.reset()  # a new process: the checkpoint in the data dir is all that is left
    second = service.ask("and at 10× the traffic?", thread_id=first.thread_id)
    rec = _call(second, "calculate_cost")
    assert (rec.args["model"], rec.args["requests"]) == ("Gemma 4 31B", 10_000_000)
    turns = service.thread_turns(first.thread_id)
    assert [t.question for t in turns] == [first.question, second.question]
    assert turns[1].answer == second.answer
    threads = service.list_threads()
    assert [(t.thread_id, t.turns) for t in threads] == [(first.thread_id, 2)]
    assert threads[0].title.startswith("How much does Gemma 4 31B cost")


def test_threads_are_separate() -> None:
    a = service.ask("context window of gemma 3 4b")
    b = service.ask("context window of qwen3.5 27b")
    follow = service.ask("how much does it cost?", thread_id=a.thread_id)
    assert _call(follow, "lookup_specs").args["model"] == "Gemma 3 4B"  # its listed prices
    costed = service.ask("and for 3k requests a day?", thread_id=a.thread_id)
    assert _call(costed, "calculate_cost").args["model"] == "Gemma 3 4B"
    assert a.thread_id != b.thread_id
    assert service.thread_turns("no-such-thread") == []


def test_profile_applies_to_every_question_and_can_change() -> None:
    profile = Workload(requests=2000, period="day", input_tokens=1000, output_tokens=100)
    a = service.ask("how much does gemma 3 4b cost?", profile=profile)
    args = _call(a, "calculate_cost").args
    assert (args["requests"], args["period"], args["input_tokens"]) == (2000, "day", 1000)
    b = service.ask("and qwen3.5 4b?", thread_id=a.thread_id,
                    profile=profile.model_copy(update={"requests": 4000}))
    assert _call(b, "calculate_cost").args["requests"] == 4000


def test_planner_label_is_offline_without_a_model() -> None:
    assert service.planner_label() == "offline planner"


def test_concurrent_threads_share_the_service_safely() -> None:
    from concurrent.futures import ThreadPoolExecutor

    questions = ["context window of gemma 3 4b", "cost of qwen3.5 27b at 1k requests a day",
                 "compare gemma 2 2b and qwen3.5 4b", "what can gemma 3 4b do that gemma 2 2b "
                 "can't?"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(service.ask, questions))
    assert all("**Sources**" in a.answer and not a.warnings for a in answers)
    assert len({a.thread_id for a in answers}) == len(questions)
    assert sum(t.turns for t in service.list_threads()) == len(questions)


@pytest.mark.parametrize("question", [
    "GPT-4o mini, 2M requests a month, all async / batch API, 500 in 100 out. how much",
    "gpt-4o-mini batch job: 2,000,000 reqs monthly (500 tokens in, 100 out) — price?",
])
def test_batch_work_leads_with_the_batch_price_from_the_bundled_source(question: str) -> None:
    import gzip
    import json

    from advisor.config import PROJECT_ROOT

    bundle = PROJECT_ROOT / "knowledge" / "data" / "genai_prices.json.gz"
    row = json.loads(gzip.decompress(bundle.read_bytes()))["routes"]["openai/gpt-4o-mini"]
    batch = (500 * row["batch"]["input"] + 100 * row["batch"]["output"]) / 1e6 * 2_000_000
    answer = service.ask(question)
    assert _call(answer, "calculate_cost").args.get("batch") is True
    assert f"bring it to {usd(batch)} a month" in answer.answer
