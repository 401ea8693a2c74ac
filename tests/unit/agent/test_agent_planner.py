"""The offline planner: tool calls (name and key arguments) for the question set, follow-ups
in a thread, and no model names read into ordinary words."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.agent.offline.entities import find_mentions
from advisor.agent.offline.planner import OfflinePlan, plan_offline
from advisor.agent.offline.quantities import extract_quantities
from tests.unit.agent import cases

TOOLS = {"lookup_specs", "calculate_cost", "diff_capabilities", "compare_models",
         "estimate_hardware", "recommend", "search_documents", "rate_for_use_case",
         "rate_strengths"}


def _contains(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(k in got and _contains(v, got[k])
                                             for k, v in expected.items())
    return bool(expected == got)


def _plan(question: str, context: dict[str, Any] | None = None,
          profile: dict[str, Any] | None = None) -> OfflinePlan:
    return plan_offline(question, context, profile, TOOLS)


def _check(group: list[cases.Case]) -> None:
    failures = []
    for question, tool, args in group:
        plan = _plan(question)
        if not any(c.name == tool and _contains(args, c.args) for c in plan.calls):
            failures.append(f"{question!r}: wanted {tool}{args}, planned "
                            f"{[(c.name, c.args) for c in plan.calls]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("group", ["SPECS", "COST", "COMPARE", "DIFF", "RECOMMEND",
                                   "ALTERNATIVE", "HARDWARE", "DOCUMENT", "UNKNOWN"])
def test_question_set_plans_the_expected_calls(group: str) -> None:
    _check(getattr(cases, group))


def test_the_question_set_is_large_and_varied() -> None:
    assert len(cases.ALL) >= 80
    assert len({q.lower() for q, _, _ in cases.ALL}) == len(cases.ALL)
    assert {t for _, t, _ in cases.ALL} >= TOOLS


def test_alternative_questions_also_cost_the_named_model() -> None:
    plan = _plan("what's a cheaper alternative to GPT-4o with vision?")
    assert [c.name for c in plan.calls] == ["recommend", "calculate_cost"]
    assert plan.calls[1].args["model"] == "GPT-4o"


@pytest.mark.parametrize("question", ["how much does Gemma 3 4B cost?", "gemma 3 4b pricing?",
                                      "price of Gemma 3 4B", "what does gemma-3-4b charge"])
def test_a_bare_price_question_gets_the_listed_prices_not_a_bill(question: str) -> None:
    plan = _plan(question)
    assert [(c.name, c.args) for c in plan.calls] == [("lookup_specs", {"model": "Gemma 3 4B"})]
    assert not any("defaults" in n for n in plan.notes)


def test_cost_without_numbers_uses_the_defaults_and_says_so(settings: Any) -> None:
    plan = _plan("how much would Gemma 3 4B cost us a month?")
    args = plan.calls[0].args
    assert (args["requests"], args["input_tokens"], args["output_tokens"]) == (
        settings.default_requests_per_month, settings.default_input_tokens,
        settings.default_output_tokens)
    assert any("defaults" in n for n in plan.notes)


@pytest.mark.parametrize("text", [
    "I want a free chat model for a small team",
    "what is the best auto router for my app?",
    "is there a custom model that is balanced and brave?",
    "tell me about chroma and compound interest",
    "we get 32 requests a minute from 11 customers",
    "which Claude is the cheapest?",
    "does GPT work for spreadsheets?",
    "a reasoner for the frontier of science, uncensored, with spotlight search",
    "my RTX 4090 has 24 GB of memory",
    "2025 budget is $5,000",
])
def test_ordinary_words_and_numbers_are_not_model_names(text: str) -> None:
    assert find_mentions(text).models == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2k tokens in, 500 out", {"input_tokens": 2000, "output_tokens": 500}),
    ("2,000 input tokens and 300 output tokens", {"input_tokens": 2000, "output_tokens": 300}),
    ("1M requests a month", {"requests": 1_000_000, "period": "month"}),
    ("3,000 a day", {"requests": 3000, "period": "day"}),
    ("10k requests/day", {"requests": 10_000, "period": "day"}),
    ("1 million calls monthly", {"requests": 1_000_000, "period": "month"}),
    ("daily volume of 5k", {"requests": 5000, "period": "day"}),
    ("$500/month budget", {"monthly_budget_usd": 500.0}),
    ("under $200 a month", {"monthly_budget_usd": 200.0}),
    ("$50 a day budget", {"monthly_budget_usd": 1500.0}),
    ("a 24 GB GPU", {"gpu_memory_gb": 24.0}),
    ("context ≥ 128k", {"min_context": 128_000}),
    ("at least 200k context", {"min_context": 200_000}),
    ("and at 10× the traffic?", {"traffic_multiplier": 10.0}),
    ("double the traffic", {"traffic_multiplier": 2.0}),
    ("half a million requests a month", {"requests": 500_000, "traffic_multiplier": None}),
    ("prompts of 1,500 tokens and 400-token answers", {"input_tokens": 1500,
                                                       "output_tokens": 400}),
    ("input 4k output 1k", {"input_tokens": 4000, "output_tokens": 1000}),
    ("2k/500 tokens in/out", {"input_tokens": 2000, "output_tokens": 500}),
    ("what about 3k a day?", {"requests": 3000, "output_tokens": None}),
    ("50% of the prompt is cached", {"cached_input_share": 0.5}),
    ("max $0.50 per million tokens", {"max_price_per_m": 0.5, "monthly_budget_usd": None}),
    ("4-bit on 16gb", {"quantization": "Q4", "gpu_memory_gb": 16.0}),
    ("1k reasoning tokens", {"reasoning_tokens": 1000}),
    ("10,000 requests per week", {"requests": 42_857, "period": "month"}),
])
def test_quantities_with_units(text: str, expected: dict[str, Any]) -> None:
    q = extract_quantities(find_mentions(text).masked)
    assert {k: getattr(q, k) for k in expected} == expected


# --- follow-ups in a thread ----------------------------------------------------------------------
class Thread:
    """Plans questions one after another, carrying the context like the graph does."""

    def __init__(self, profile: dict[str, Any] | None = None) -> None:
        self.context: dict[str, Any] | None = None
        self.profile = profile

    def ask(self, question: str) -> OfflinePlan:
        plan = _plan(question, self.context, self.profile)
        self.context = plan.context
        return plan

    def picks(self, *names: str) -> None:
        """What respond() records after a recommend call."""
        assert self.context is not None
        self.context.update(candidates=list(names), models=list(names), focus=None)


def _only(plan: OfflinePlan) -> tuple[str, dict[str, Any]]:
    assert len(plan.calls) == 1, plan.calls
    return plan.calls[0].name, plan.calls[0].args


def test_traffic_follow_ups_keep_the_model_and_tokens() -> None:
    t = Thread()
    t.ask("How much does Gemma 4 31B cost for 1M requests a month with 2k tokens in and 500 "
          "out?")
    name, args = _only(t.ask("and at 10× the traffic?"))
    assert (name, args["model"], args["requests"], args["period"]) == (
        "calculate_cost", "Gemma 4 31B", 10_000_000, "month")
    assert (args["input_tokens"], args["output_tokens"]) == (2000, 500)
    name, args = _only(t.ask("what about 3k a day?"))
    assert (name, args["model"], args["requests"], args["period"]) == (
        "calculate_cost", "Gemma 4 31B", 3000, "day")
    name, args = _only(t.ask("and with 4k input tokens instead?"))
    assert (args["input_tokens"], args["output_tokens"], args["requests"]) == (4000, 500, 3000)


def test_compare_it_with_and_which_is_cheaper() -> None:
    t = Thread()
    t.ask("cost of gemma 4 31b at 3,000 requests a day")
    name, args = _only(t.ask("compare it with Gemma 3 4B"))
    assert name == "compare_models"
    assert args["models"] == ["Gemma 4 31B", "Gemma 3 4B"]
    assert args["workload"]["requests"] == 3000
    name, args = _only(t.ask("which is cheaper?"))
    assert (name, args["models"]) == ("compare_models", ["Gemma 4 31B", "Gemma 3 4B"])


def test_the_other_one_and_pronouns() -> None:
    t = Thread()
    t.ask("compare qwen3.5 27b and gemma 3 4b")
    assert _only(t.ask("tell me more about the first one")) == (
        "lookup_specs", {"model": "Qwen3.5 27B"})
    assert _only(t.ask("and the other one?")) == ("lookup_specs", {"model": "Gemma 3 4B"})
    assert _only(t.ask("does it support vision?")) == ("lookup_specs", {"model": "Gemma 3 4B"})
    name, args = _only(t.ask("how much would it cost at 5k requests a day?"))
    assert (name, args["model"], args["requests"]) == ("calculate_cost", "Gemma 3 4B", 5000)


def test_what_about_another_model_repeats_the_question() -> None:
    t = Thread()
    t.ask("Gemma 3 4B: 10k requests/day, 1,200 tokens in, 400 out. Monthly bill?")
    name, args = _only(t.ask("what about Qwen3.5 4B?"))
    assert (name, args["model"], args["requests"], args["input_tokens"]) == (
        "calculate_cost", "Qwen3.5 4B", 10_000, 1200)


def test_constraint_follow_ups_refine_the_recommendation() -> None:
    t = Thread()
    t.ask("Which model should I use for a support chatbot with vision under $200 a month?")
    name, args = _only(t.ask("only open-weight ones"))
    wl = args["workload"]
    assert name == "recommend"
    assert wl["open_weights_only"] is True
    assert wl["required_capabilities"] == ["vision"]
    assert wl["monthly_budget_usd"] == 200.0
    _, args = _only(t.ask("I no longer need vision"))
    assert "vision" not in args["workload"].get("required_capabilities", [])
    assert args["workload"]["open_weights_only"] is True


def test_a_new_question_with_its_own_constraints_starts_afresh() -> None:
    t = Thread()
    t.ask("recommend a model with vision and reasoning under $100 a month, 5k requests a day")
    _, args = _only(t.ask("recommend a model with tool use"))
    assert args["workload"]["required_capabilities"] == ["function_calling"]
    assert "monthly_budget_usd" not in args["workload"]
    assert args["workload"]["requests"] == 5000  # traffic is the workload: it carries over


def test_picks_of_a_recommendation_can_be_referred_to() -> None:
    t = Thread()
    t.ask("recommend a model for coding")
    t.picks("Qwen3.5 27B", "Gemma 4 31B", "Gemma 3 4B")
    assert _only(t.ask("what about the second one?")) == (
        "lookup_specs", {"model": "Gemma 4 31B"})
    t.ask("recommend a model for coding")
    t.picks("Qwen3.5 27B", "Gemma 4 31B", "Gemma 3 4B")
    name, args = _only(t.ask("compare them"))
    assert (name, args["models"]) == ("compare_models",
                                      ["Qwen3.5 27B", "Gemma 4 31B", "Gemma 3 4B"])


def test_hardware_follow_ups() -> None:
    t = Thread()
    t.ask("Can I run Qwen3.5 27B on an RTX 4090?")
    name, args = _only(t.ask("what about at 8-bit?"))
    assert (name, args["model"], args["quantization"], args["hardware"]) == (
        "estimate_hardware", "Qwen3.5 27B", "Q8", "NVIDIA GeForce RTX 4090")
    _, args = _only(t.ask("and on an H100?"))
    assert args["hardware"] == "NVIDIA H100 SXM 80GB"


def test_document_follow_up_names_the_model() -> None:
    t = Thread()
    t.ask("context window of Gemma 4 31B?")
    plan = t.ask("what licence does it use?")
    search = next(c for c in plan.calls if c.name == "search_documents")
    assert search.args["models"] == ["Gemma 4 31B"]
    assert "Gemma 4 31B" in search.args["query"]


def test_profile_applies_and_the_question_overrides_it() -> None:
    profile = {"requests": 1000, "period": "day", "input_tokens": 800, "output_tokens": 200}
    t = Thread(profile)
    _, args = _only(t.ask("how much does gemma 3 4b cost?"))
    assert (args["requests"], args["period"], args["input_tokens"]) == (1000, "day", 800)
    _, args = _only(t.ask("what about 5k a day?"))
    assert (args["requests"], args["input_tokens"]) == (5000, 800)
    t.profile = {**profile, "requests": 2000}  # the sidebar changes mid-conversation
    _, args = _only(t.ask("and for Qwen3.5 4B?"))
    assert (args["model"], args["requests"]) == ("Qwen3.5 4B", 2000)


def test_greetings_get_no_tool_calls() -> None:
    for text in ("hello", "thanks!", "who are you?"):
        plan = _plan(text)
        assert (plan.intent, plan.calls) == ("help", [])


def test_a_family_name_searches_every_document_of_the_family() -> None:
    plan = _plan("is gemma 2 ok for commercial use?")
    assert [c.name for c in plan.calls] == ["search_documents"]
    assert "models" not in plan.calls[0].args
