"""Models the catalog does not know: named back with the closest catalog names, never the help
text; the known models of the same question still answered; model-free questions untouched."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.agent import service
from advisor.agent.offline.planner import OfflinePlan, plan_offline, read_question
from advisor.agent.respond import HELP, UNKNOWN_OFFER
from advisor.catalog import UnknownModelError, get_catalog
from advisor.tools.format import tokens
from advisor.tools.recommend.lead import family_label
from advisor.tools.specs import lookup_specs

TOOLS = {"lookup_specs", "calculate_cost", "diff_capabilities", "compare_models",
         "estimate_hardware", "recommend", "search_documents"}


def _plan(question: str, context: dict[str, Any] | None = None) -> OfflinePlan:
    return plan_offline(question, context, None, TOOLS)


def _calls(plan: OfflinePlan) -> list[tuple[str, Any]]:
    return [(c.name, c.args.get("model", c.args.get("models"))) for c in plan.calls]


# --- only unknown names: each looked up for its closest names ------------------------------------
UNKNOWN_ONLY = [
    ("How much does Zzzmodel 9000 cost?", ["Zzzmodel 9000"]),                       # cost
    ("Zzzmodel 9000 pricing?", ["Zzzmodel 9000"]),                                  # cost
    ("How much does zorblax cost?", ["zorblax"]),                                   # cost slot
    ("What is the context window of Mistral Hyperion 12B?", ["Mistral Hyperion 12B"]),  # specs
    ("How big is Hyperion?", ["Hyperion"]),                                         # specs
    ("How much does Hyperion Pro cost?", ["Hyperion Pro"]),                         # cost
    ("specs for Foobar-7B please", ["Foobar-7B"]),                                  # specs
    ("max output of zorblax?", ["zorblax"]),                                        # specs slot
    ("can acme/zzz-13b-chat call tools?", ["acme/zzz-13b-chat"]),                   # an id
    ("Can I run Zzzmodel 9000 on an RTX 4090?", ["Zzzmodel 9000"]),                 # hardware
    ("how much VRAM does Hyperion 12B need at 4-bit?", ["Hyperion 12B"]),           # hardware
    ("compare Zzzmodel 9000 and Hyperion 12B", ["Zzzmodel 9000", "Hyperion 12B"]),  # compare
    ("zorblax vs quuxo", ["zorblax", "quuxo"]),                                     # compare slot
    ("what can Zorblax 3 do that Hyperion 2 can't?", ["Zorblax 3", "Hyperion 2"]),  # diff
    ("what licence does Zzzmodel 9000 use?", ["Zzzmodel 9000"]),                    # documents
    ("what about Zzzmodel 9000?", ["Zzzmodel 9000"]),                               # follow-up
    ("Zzzmodel 9000", ["Zzzmodel 9000"]),                                           # bare name
    ("how much does claude 9 opus cost?", ["claude 9 opus"]),                       # version
]


@pytest.mark.parametrize(("question", "names"), UNKNOWN_ONLY, ids=[q for q, _ in UNKNOWN_ONLY])
def test_unknown_names_are_looked_up_for_their_closest_matches(question: str,
                                                               names: list[str]) -> None:
    plan = _plan(question)
    assert plan.intent == "unknown"
    assert _calls(plan) == [("lookup_specs", n) for n in names]
    for name in names:  # the lookup fails, so the answer can only be the closest names
        with pytest.raises(UnknownModelError):
            get_catalog().resolve(name)


@pytest.mark.parametrize("question", [
    "How much does Zzzmodel 9000 cost?",
    "What is the context window of Mistral Hyperion 12B?",
    "how much does claude 9 opus cost?",
    "How big is Hyperion?",
])
def test_the_answer_names_the_unknown_model_its_closest_matches_and_what_it_can_do(
        question: str) -> None:
    name = _plan(question).calls[0].args["model"]
    answer = service.ask(question)
    suggestions = get_catalog().suggest(name)
    assert suggestions
    assert f"No model named {name!r} in the catalog." in answer.answer
    assert f"Closest matches: {', '.join(suggestions)}." in answer.answer
    assert UNKNOWN_OFFER in answer.answer
    assert HELP not in answer.answer
    assert not answer.warnings  # every figure (the suggestions' versions) is grounded


def test_a_near_miss_version_is_not_answered_as_another_model() -> None:
    answer = service.ask("how much does claude 9 opus cost?")
    assert [c.name for c in answer.tool_calls] == ["lookup_specs"]
    assert answer.tool_calls[0].ok is False
    assert "Claude Opus Latest" in answer.answer  # as a suggestion…
    assert "### Claude Opus Latest" not in answer.answer  # …not a spec sheet


def test_an_unknown_mistral_is_answered_with_the_mistral_models_the_catalog_knows() -> None:
    answer = service.ask("What is the context window of Mistral Hyperion 12B?")
    suggestions = get_catalog().suggest("Mistral Hyperion 12B")
    assert all("mistral" in s.lower() for s in suggestions), suggestions
    assert any("12b" in s.lower() for s in suggestions)
    assert "Closest matches: " + ", ".join(suggestions) in answer.answer


# --- known and unknown together: the known ones answered, the unknown set aside ------------
MIXED = [
    ("compare gpt-9-ultra with gemma 3 4b", "specs",
     [("lookup_specs", "gpt-9-ultra"), ("lookup_specs", "Gemma 3 4B")]),
    ("compare gpt-9-ultra with gemma 3 4b at 1M requests a month", "cost",
     [("lookup_specs", "gpt-9-ultra"), ("calculate_cost", "Gemma 3 4B")]),
    ("Compare Gemma 4 31B, Qwen3.5 27B and Zzzmodel 9000", "compare",
     [("lookup_specs", "Zzzmodel 9000"), ("compare_models", ["Gemma 4 31B", "Qwen3.5 27B"])]),
    ("Is gemma 3 4b better than Hyperion?", "specs",
     [("lookup_specs", "Hyperion"), ("lookup_specs", "Gemma 3 4B")]),
    ("context window of gemma 3 4b and Zzzmodel 9000", "specs",
     [("lookup_specs", "Zzzmodel 9000"), ("lookup_specs", "Gemma 3 4B")]),
    ("Can I run Hyperion 12B or Gemma 3 4B on an RTX 4090?", "hardware",
     [("lookup_specs", "Hyperion 12B"), ("estimate_hardware", "Gemma 3 4B")]),
    ("Is Hyperion 12B cheaper than Gemma 3 4B?", "cost",
     [("lookup_specs", "Hyperion 12B"), ("calculate_cost", "Gemma 3 4B")]),
    ("alternative to claude 9 opus with vision", "recommend",
     [("lookup_specs", "claude 9 opus"), ("recommend", None)]),
]


@pytest.mark.parametrize(("question", "intent", "calls"), MIXED, ids=[q for q, _, _ in MIXED])
def test_known_models_are_still_answered_next_to_an_unknown_one(
        question: str, intent: str, calls: list[tuple[str, Any]]) -> None:
    plan = _plan(question)
    assert (plan.intent, _calls(plan)) == (intent, calls)
    unknown = calls[0][1]
    assert any(n.startswith(f"{unknown} is not in the catalog") for n in plan.notes)


def test_compare_with_an_unknown_model_answers_the_known_one() -> None:
    answer = service.ask("compare gpt-9-ultra with gemma 3 4b")
    sheet = lookup_specs("Gemma 3 4B")
    assert sheet.context_window
    assert "gpt-9-ultra is not in the catalog, so only Gemma 3 4B is answered below." \
        in answer.answer
    assert "No model named 'gpt-9-ultra' in the catalog." in answer.answer
    assert "Closest matches: " + ", ".join(get_catalog().suggest("gpt-9-ultra")) \
        in answer.answer
    assert (f"Context window: {tokens(sheet.context_window)} tokens "
            f"({sheet.context_window:,})") in answer.answer
    assert not answer.warnings and HELP not in answer.answer
    assert any(c.ok and c.name == "lookup_specs" for c in answer.tool_calls)


# --- questions with no model name stay as they were ----------------------------------------------
MODEL_FREE = [
    ("which model is cheapest for coding?", "recommend"),
    ("what should I use for long documents?", "recommend"),
    ("how much VRAM do I need for a 70B model?", "recommend"),
    ("compare open source and closed models", "recommend"),
    ("How much does it cost to run on AWS?", "recommend"),
    ("how much does inference cost?", "help"),
    ("What's the price for tier 2?", "help"),
    ("what's the max output for summaries?", "help"),
    ("does Cursor support Gemini?", "help"),
    ("hi, I'm Alice from Acme", "help"),
    ("how does RLHF work?", "document"),
    ("compare fine-tuning vs prompting", "document"),
    ("what's the latency of streaming vs non-streaming?", "help"),
    ("compare hosting yourself vs using an API", "help"),
    ("How fast is inference on Apple Silicon?", "recommend"),
]


@pytest.mark.parametrize(("question", "family"), [
    ("Which Claude is the cheapest?", "claude"),
    ("what is the release date of the newest Gemini?", "gemini"),
    ("cheapest qwen3 for coding?", "qwen3"),
    ("newest llama 3 model i can get through an api?", "llama3"),
])
def test_a_bare_family_name_limits_a_recommendation_to_the_family(question: str,
                                                                  family: str) -> None:
    plan = _plan(question)
    assert plan.intent == "recommend"
    assert plan.workload.get("families") == [family]
    assert plan.reading.read_as() == f"Read as: only {family_label(family)} models."
    assert all(c.name != "lookup_specs" for c in plan.calls)


@pytest.mark.parametrize(("question", "intent"), MODEL_FREE, ids=[q for q, _ in MODEL_FREE])
def test_questions_without_a_model_name_are_not_flagged(question: str, intent: str) -> None:
    assert read_question(question).mentions.unknown == []
    plan = _plan(question)
    assert plan.intent == intent
    assert all(c.name != "lookup_specs" for c in plan.calls)


@pytest.mark.parametrize(("question", "model"), [
    ("cost of gemma 3 4b on Groq", "Gemma 3 4B"),
    ("Is Gemma 3 4B good for Japanese?", "Gemma 3 4B"),
    ("is gemma 3 4b better than before?", "Gemma 3 4B"),
    ("Qwen3.5 35B A3B in q4 on a 3090", "Qwen3.5 35B A3B"),
    ("llama guard 2 f1 score compared to the openai moderation api", "Llama Guard 2 8B"),
])
def test_providers_languages_and_words_next_to_a_known_model_are_not_models(
        question: str, model: str) -> None:
    reading = read_question(question)
    assert reading.mentions.unknown == []
    assert [m.name for m in reading.mentions.models] == [model]


# --- in a thread ---------------------------------------------------------------------------------
def test_after_an_unknown_model_another_name_gets_the_same_question() -> None:
    first = _plan("cost of gemma 4 31b at 3k requests a day")
    second = _plan("How much does Zzzmodel 9000 cost?", first.context)
    assert second.intent == "unknown"
    third = _plan("what about Gemma 3 4B?", second.context)
    assert [(c.name, c.args["model"], c.args["requests"]) for c in third.calls] == [
        ("calculate_cost", "Gemma 3 4B", 3000)]


def test_after_an_unknown_model_it_does_not_mean_an_earlier_model() -> None:
    first = _plan("cost of gemma 4 31b at 3k requests a day")
    second = _plan("How much does Zzzmodel 9000 cost?", first.context)
    follow = _plan("and at 10x the traffic?", second.context)
    assert (follow.intent, follow.calls) == ("help", [])


def test_a_name_the_catalog_forgives_is_answered_as_that_model() -> None:
    model = get_catalog().resolve("Stable Diffusion")  # a fuzzy match, same version digits
    plan = _plan("How much VRAM does Stable Diffusion need?")
    assert (plan.intent, _calls(plan)) == ("hardware", [("estimate_hardware", model.name)])
