"""The offline planner: question + thread context → tool calls, with no LLM and no network.

Reads model names, quantities, constraints and cues (see the sibling modules), resolves
references to earlier turns ("it", "the other one", "the first one", "which is cheaper?"),
decides the kind of question and builds the calls. Tool names are those of ``advisor.tools.TOOLS``;
a tool that is not installed is planned around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from advisor.agent.offline.context import ThreadContext
from advisor.agent.offline.families import family_scope, is_family
from advisor.agent.offline.read import (
    MAX_SINGLE,
    QuestionRead,
    finish_reading,
    listed_as,
    read_question,
    record_changes,
    resolve_models,
    route_for,
    set_objective,
    smallest_members,
    update_thread,
)
from advisor.agent.offline.unknown import set_aside_unknown
from advisor.agent.offline.vocab import BRANDS
from advisor.agent.reading import Reading
from advisor.agent.spec_text import asks_a_fact
from advisor.config import get_settings
from advisor.tools.recommend.lead import family_label

MAX_COMPARE = 6
SINGLE_MODEL_INTENTS = ("specs", "cost", "hardware", "document")
_PER_MILLION = re.compile(r"per\s+(?:1\s?m\b|million|mtok|m\s+tokens)|/\s?1?m\s?tok",
                          re.IGNORECASE)
# A question for the price itself ("price of X", "X pricing?", "what does X charge per token",
# "how much does X cost?"): with no traffic stated, the listed prices answer it, not a bill at
# a default traffic.
_PRICE_ASK = re.compile(r"\bpric(?:e|es|ed|ing)\b|\brates?\b|per[-\s]token|\bcharges?\b|"
                        r"^\W*how\s+much\s+(?:does|do|is|would)\s+.{1,60}?\s+cost\W*$",
                        re.IGNORECASE)
_EXPLAIN = re.compile(r"^\W*(?:explain|why|how\s+(?:does|do|is|are|can)|define|describe|"
                      r"tell\s+me\s+about|what\s+(?:is|are)\s+(?:a|an|the\s+difference|"
                      r"the\s+meaning)|what\s+does\s+.{1,40}\s+mean|what\s+do\s+the\s+"
                      r"(?:docs|documents|sources|pages)|difference\s+between)", re.IGNORECASE)
_PURPOSE = re.compile(r"\b(?:meant|designed|intended|built|made|aimed|optimi[sz]ed|tuned)\s+"
                      r"(?:for|at)\b|\bweak(?:ness\w*|\s+spots?)\b|\bstrengths?\b|"
                      r"\bgood\s+at\b|\bbad\s+at\b|\bwhat\s+is\s+.{0,30}\bfor\b|"
                      r"\bwhat'?s\s+.{1,30}\s+for\W*$")
# "is X good at / for coding", "how good is X at agents", "any good for RAG": one model's
# standing for a use case
_GOOD_AT = re.compile(r"\b(?:good|great|decent|strong|solid|bad|weak|any\s+good|ok|okay|"
                      r"fine|capable|usable|suitable)\s+(?:at|for|in|with)\b|\bhow\s+"
                      r"(?:good|well|strong)\b|\bworth\s+it\s+for\b", re.IGNORECASE)
# "what is kimi k2 good for?", "what's X best at", "X strengths", "where does X shine", "what
# would i use X for": what one model does best, with no use case named
_STRENGTHS = re.compile(r"\b(?:good|great|best|strongest|useful|suited|ideal)\s+(?:for|at)\W*$|"
                        r"\bstrengths?\b|\bstrong\s+(?:points?|suits?|areas?)\b|"
                        r"\bexcels?\s+at\b|\bshines?\b|\bbest\s+(?:at|used\s+for)\b|"
                        r"\b(?:use|using|pick|choose)\s+.{1,40}\s+for\W*$|"
                        r"\bwhat\s+(?:is|'?s|are)\s+.{1,40}\s+(?:good|great|best)\s+(?:for|at)\b",
                        re.IGNORECASE)
_FAMILY_WORD = re.compile(r"\b(?:" + "|".join(sorted(BRANDS, key=len, reverse=True))
                          + r")(?:\s?\d+(?:\.\d+)?)?(?:'s)?\b")
_SPEC_FIELD = re.compile(r"context\s+(?:window|length|size)|max(?:imum)?\s+output|"
                         r"\bparameters\b|release\s+date|knowledge\s+cut-?off")
# "which has the bigger context, A or B?": one field compared, answered from each sheet
_COMPARED_FIELD = re.compile(r"\b(?:bigger|larger|longer|biggest|largest|longest|more|most|"
                             r"smaller|shorter|newer|newest|older|oldest)\s+(?:context|window|"
                             r"max(?:imum)?\s+output|output\s+limit|params|parameters)\b|"
                             r"\b(?:released|launched|came\s+out)\s+(?:first|earlier|later|"
                             r"last|most\s+recently)\b|\bwhich\s+(?:one\s+)?is\s+(?:newer|"
                             r"older)\b")
_ADD = re.compile(r"^\s*(?:add|include|also|plus|throw\s+in)\b|\bto\s+(?:that|the\s+(?:list|"
                  r"comparison|table|mix))\b|\bas\s+well\b")
_OWN_CUES = {"cost", "compare", "diff", "hardware", "recommend", "document", "specs"}


@dataclass
class PlannedCall:
    """One tool call: the tool's function name and its arguments (JSON-able)."""

    name: str
    args: dict[str, Any]


@dataclass
class OfflinePlan:
    """What the offline planner decided for one question."""

    intent: str
    calls: list[PlannedCall]
    models: list[str]
    notes: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    workload: dict[str, Any] = field(default_factory=dict)
    """The effective workload (profile + thread + question), whether or not a call used it."""
    reading: Reading = field(default_factory=Reading)
    """How the question was read (models, numbers with units, constraints, objective…)."""


def plan_offline(question: str, context: dict[str, Any] | None = None,
                 profile: dict[str, Any] | None = None,
                 tools: set[str] | None = None) -> OfflinePlan:
    """Plan the tool calls for ``question`` given the thread's context and the profile.

    Reads in five steps: read the question, resolve its references to earlier turns, update
    the thread, decide the kind of question, build the calls. The typed reading of the
    question comes back with the plan (``OfflinePlan.reading``).
    """
    available = tools if tools is not None else _available_tools()
    ctx = ThreadContext.from_dict(context)
    ctx.apply_profile(profile)
    r = read_question(question, ctx.brand())  # 1. read
    reading = Reading(question=question)
    notes: list[str] = []
    if r.q.negatives:
        return _invalid(question, r, ctx, reading)
    models, refs = resolve_models(r, ctx, reading, notes)  # 2. resolve references
    before = ctx.workload(profile)
    update_thread(r, ctx, profile, models, reading, notes)  # 3. update the thread
    unknown = {u.text for u in r.mentions.unknown}
    intent = _decide(r, models, ctx, bool(refs))  # 4. decide
    if intent == "help" and reading.answer_for and ctx.intent:
        intent = None  # "what's that per year?": the last question, another headline
    inherited = intent is None
    if intent is None:
        intent, models = _inherit(ctx, models, bool(refs))
        if intent == "specs" and r.q.any_workload():
            intent = "cost"  # "and for 3k requests a day?" after its prices: the bill
        if intent in ("compare", "diff") and ("hardware" in r.cues.kinds
                                              or r.mentions.hardware) \
                and "cost" not in r.cues.kinds:
            intent = "hardware"  # "which runs faster on a laptop?": both, on that machine
    models = smallest_members(r, models, intent, reading, unknown)
    families = {u.text for u in r.mentions.unknown if is_family(u.text)}
    scope = family_scope(r, models, intent, families)
    if scope:  # "biggest context among the qwen models", "newest llama 3": within the family
        intent, models, unknown = "recommend", [], unknown - families
    costed = "cost" in r.cues.kinds or r.q.any_workload()
    wanted = intent
    intent, models, missing = set_aside_unknown(intent, models, unknown, families, costed,
                                                notes)
    if intent == "recommend" and r.mentions.hardware and r.q.gpu_memory_gb is None:
        ctx.stated.update(gpu_memory_gb=r.mentions.hardware[0].memory_gb, self_host=True)
    workload = ctx.workload(profile)
    if intent == "recommend" and scope and not models:
        workload["families"] = scope
        reading.inferred.append("only " + " or ".join(family_label(f) for f in scope)
                                + " models")
    provider = route_for(r, models, reading, notes)
    if provider:
        workload["providers"] = [provider]
    record_changes(before, workload, reading, bool(ctx.intent) and ctx.turns > 0)
    set_objective(r, ctx, intent, workload, reading)
    calls, intent, focus = _calls(intent, models, r, ctx, workload, available, question,
                                  notes, provider, reading)  # 5. calls
    # the unknown names answered with their closest matches, next to what could be answered
    calls = [PlannedCall("lookup_specs", {"model": m}) for m in missing[:MAX_SINGLE]] + calls
    named = {m.name for m in reading.models}
    plain = [m if m in named or m in unknown else listed_as(m, reading) for m in models]
    known = [m for m in plain if m not in unknown]
    if intent == "unknown":
        # "it" no longer means an earlier model, and "what about Gemma 3 4B?" next asks what
        # was asked of the unknown one (its cost, its specs…)
        ctx.models, ctx.focus, intent_kept = [], None, wanted
    else:
        intent_kept = intent
    ctx.remember(intent_kept, known, focus if focus in known else None)
    _carry_asked(question, intent, inherited and bool(known), ctx, reading)
    finish_reading(reading, intent, plain, r, ctx, workload, provider)
    return OfflinePlan(intent=intent, calls=calls, models=models, notes=notes,
                       context=ctx.to_dict(), workload=workload, reading=reading)


def _carry_asked(question: str, intent: str, follow_up: bool, ctx: ThreadContext,
                 reading: Reading) -> None:
    """A bare follow-up asks the facts the last such question asked, of the model now named.

    "what's the context window of gemini 2.5 flash?" then "and pro?": the context window of
    Gemini 2.5 Pro, said so in the "Read as" line, not Pro's whole sheet.
    """
    if intent not in ("specs", "document"):
        ctx.asked = None
    elif asks_a_fact(question):
        ctx.asked = question
    elif follow_up and ctx.asked:
        reading.asked = ctx.asked
        reading.inferred.append(f"asked as before (“{ctx.asked.strip()}”)")
    else:  # a new question for no particular fact: what was asked before no longer holds
        ctx.asked = None


def _invalid(question: str, r: QuestionRead, ctx: ThreadContext, reading: Reading) -> OfflinePlan:
    """A negative count or sum: a clear error naming it, never silently made positive."""
    named = ", ".join(f"“{n}”" for n in r.q.negatives)
    reading.intent = "invalid"
    reading.errors = [f"{n} cannot be negative" for n in r.q.negatives]
    note = (f"⚠ {named}: a count, size or sum cannot be negative, so nothing was computed. "
            "Ask again with the number you meant.")
    return OfflinePlan(intent="invalid", calls=[], models=[], notes=[note],
                       context=ctx.to_dict(), workload={}, reading=reading)


def _parameters(tool: str) -> set[str]:
    """The parameter names a tool of ``TOOLS`` accepts (empty when it is not installed)."""
    import inspect

    from advisor.tools import TOOLS

    fn = next((f for f in TOOLS if f.__name__ == tool), None)
    return set(inspect.signature(fn).parameters) if fn is not None else set()


def _available_tools() -> set[str]:
    from advisor.tools import TOOLS

    return {fn.__name__ for fn in TOOLS}


def _follow_up(r: QuestionRead, referenced: bool) -> bool:
    """Whether the question leans on the previous turn (no cue of its own needed)."""
    return (referenced or r.cues.follow_up_start or r.q.any_workload() or r.c.any()
            or bool(r.c.dropped) or bool(r.mentions.hardware) or r.q.quantization is not None
            or r.q.gpu_memory_gb is not None or r.provider is not None
            or r.q.cached_input_share is not None or r.answer_for is not None)


def _decide(r: QuestionRead, models: list[str], ctx: ThreadContext,  # noqa: C901 - one table
            referenced: bool) -> str | None:
    """The kind of question, or None when it only makes sense as a follow-up."""
    kinds, n, q = r.cues.kinds, len(models), r.q
    hardware = bool(r.mentions.hardware) or "hardware" in kinds or q.quantization is not None
    if hardware and q.monthly_budget_usd is not None and not r.mentions.hardware \
            and q.gpu_memory_gb is None and q.quantization is None:
        hardware = False  # "our budget is $2k: do we fit on GPT-4.1?" is about money
    low = r.mentions.masked.lower()
    if hardware and re.search(r"how\s+many\s+tokens|tokens?\s+(?:can\s+)?fit", low) \
            and not r.mentions.hardware and q.gpu_memory_gb is None:
        hardware = False  # "how many tokens fit in X?": its context window
    if _PURPOSE.search(low) and (n or _FAMILY_WORD.search(low)) and "cost" not in kinds:
        return "document"  # "which Gemma is meant for phones?": what the family is for
    if n == 1 and r.c.use_case_key and _GOOD_AT.search(low) and "cost" not in kinds:
        return "document"  # "is gpt-4o any good for coding?": its scores, then the documents
    if n == 1 and not r.c.use_case_key and _STRENGTHS.search(low) and "cost" not in kinds:
        return "document"  # "what's kimi k2 good for?": where its scores stand, then documents
    ceilings = q.max_price_per_m is not None
    if r.answer_for and ctx.intent in ("cost", "compare") and (ctx.models or ctx.focus) \
            and n == 0:
        return None  # "how many requests does $50 buy?": the same models, another headline
    if n == 0:
        if "recommend" in kinds or (ceilings and not ctx.intent):
            return "recommend"
        if "document" in kinds and _EXPLAIN.search(r.mentions.masked):
            return "document"  # "explain the difference between open weights and open source"
        constrained = (r.c.any() or bool(r.c.dropped) or q.monthly_budget_usd is not None
                       or q.min_context is not None)
        if ctx.intent and (ctx.models or ctx.focus) and not constrained and _follow_up(r, False):
            return None  # "what about 3k a day?", "and at 8-bit?", "on a 3090?"
        if ctx.intent == "recommend" and _follow_up(r, False):
            return "recommend"
        if constrained or q.gpu_memory_gb is not None or hardware:
            return "recommend"
        if "document" in kinds:
            return "document"
        return None if ctx.intent and _follow_up(r, referenced) else "help"
    if hardware or (q.gpu_memory_gb is not None and "cost" not in kinds):
        return "hardware"
    if r.answer_for == "limit_fit":
        return "specs"  # "can it write 64k tokens in one go?": its limits, yes or no
    if r.cues.alternative and n == 1:
        return "alternative"
    if n >= 2 and (_SPEC_FIELD.search(low) or _COMPARED_FIELD.search(low)) \
            and "cost" not in kinds:
        return "specs"  # "which of them has the longer max output?": each one's sheet
    if n >= 2:
        return "diff" if "diff" in kinds and "cost" not in kinds else "compare"
    if "cost" in kinds and not q.any_workload() and r.answer_for is None and (
            _PER_MILLION.search(r.mentions.masked)
            or (_PRICE_ASK.search(r.mentions.masked) and not _traffic_known(ctx))):
        return "specs"  # "price per million tokens", "pricing?": the listed prices
    if n == 1 and _ADD.search(low) and ctx.intent in ("compare", "diff"):
        return None  # "add Claude Sonnet 4.5 to that": the comparison, one model more
    if "cost" in kinds or q.requests is not None or q.traffic_multiplier is not None \
            or q.input_tokens is not None or q.output_tokens is not None:
        return "cost"
    if "recommend" in kinds and (r.c.any() or q.monthly_budget_usd is not None):
        return "alternative"
    if "document" in kinds and not _SPEC_FIELD.search(low):
        return "document"
    if kinds & _OWN_CUES or not (r.cues.follow_up_start or referenced) or not ctx.intent:
        return "specs"
    return None


def _traffic_known(ctx: ThreadContext) -> bool:
    """Whether the profile or the thread states a traffic or request size (then a bill)."""
    known = ctx.workload(ctx.profile_seen)
    return any(known.get(k) is not None for k in ("requests", "input_tokens", "output_tokens"))


def _inherit(ctx: ThreadContext, models: list[str], referenced: bool,
             ) -> tuple[str, list[str]]:
    """A follow-up with no cue of its own repeats the previous kind of question."""
    last = ctx.intent
    if last is None or last in ("help", "unknown"):
        return ("specs", models) if models else ("help", models)
    if not models:
        if last == "recommend":
            return "recommend", []
        models = list(ctx.models) if last in ("compare", "diff") else (
            [ctx.focus] if ctx.focus else list(ctx.models))
        models = [m for m in models if m]
        return (last, models) if models else ("help", [])
    if last in ("compare", "diff"):
        if referenced:
            return "specs", models  # "tell me more about the first one"
        return last, list(dict.fromkeys([*ctx.models, *models]))[:MAX_COMPARE]
    if last in ("recommend", "alternative"):
        if referenced or not ctx.candidates:
            return "specs", models  # "what about the first one?"
        return "compare", list(dict.fromkeys([ctx.candidates[0], *models]))
    return last, models


def _calls(intent: str, models: list[str], r: QuestionRead, ctx: ThreadContext,  # noqa: C901
           workload: dict[str, Any], tools: set[str], question: str,
           notes: list[str], provider: str | None,
           reading: Reading) -> tuple[list[PlannedCall], str, str | None]:
    """The calls for an intent; returns them, the intent actually served and the focus model."""
    if intent in SINGLE_MODEL_INTENTS and intent != "hardware" and len(models) >= 2:
        intent = "compare" if intent == "cost" else intent
    if intent == "compare" and len(models) < 2:
        intent = "cost" if models else "recommend"
    if intent == "diff" and len(models) < 2:
        intent = "specs" if models else "help"
    focus = models[0] if len(models) == 1 else None
    if intent == "specs":
        on = {"provider": provider} if provider and "provider" in _parameters("lookup_specs") \
            else {}
        return [PlannedCall("lookup_specs", {"model": m, **on}) for m in models[:MAX_SINGLE]], \
            intent, focus
    if intent == "cost":
        calls = [_cost_call(m, workload, notes, provider, ctx.batch)
                 for m in models[:MAX_SINGLE]]
        if ctx.reasoning_tokens:
            for call in calls:
                call.args["reasoning_tokens"] = ctx.reasoning_tokens
        return calls, intent, focus
    if intent == "diff":
        return [PlannedCall("diff_capabilities", {"models": models[:MAX_COMPARE]})], intent, None
    if intent == "compare":
        if "compare_models" in tools:
            args: dict[str, Any] = {"models": models[:MAX_COMPARE]}
            if workload:
                args["workload"] = workload
            return [PlannedCall("compare_models", args)], intent, None
        calls = [PlannedCall("diff_capabilities", {"models": models[:MAX_COMPARE]})]
        calls += [_cost_call(m, workload, notes, provider, ctx.batch)
                  for m in models[:MAX_COMPARE]]
        return calls, intent, None
    if intent == "hardware":
        calls = _hardware_calls(models, r, ctx, workload, tools)
        if len(models) >= 2 and reading.use_case and "compare" in r.cues.kinds \
                and "compare_models" in tools:
            # "which is better for coding, A or B? i have a 24gb gpu": the use case's
            # evidence side by side, then whether each one fits
            calls.insert(0, PlannedCall("compare_models", {"models": models[:MAX_COMPARE],
                                                           "use_case": reading.use_case}))
        return calls, intent, focus
    if intent in ("recommend", "alternative"):
        return _recommend_calls(intent, models, workload, tools, notes, provider, reading), \
            intent, focus
    if intent == "document":
        calls = _document_calls(models, tools, question, notes)
        if len(models) == 1 and reading.use_case and _GOOD_AT.search(question) \
                and "rate_for_use_case" in tools:
            calls.insert(0, PlannedCall("rate_for_use_case", {"model": models[0],
                                                              "use_case": reading.use_case}))
        elif len(models) == 1 and not reading.use_case and _STRENGTHS.search(question) \
                and "rate_strengths" in tools:
            calls.insert(0, PlannedCall("rate_strengths", {"model": models[0]}))
        return calls, intent, focus
    if intent == "unknown":
        return [PlannedCall("lookup_specs", {"model": m}) for m in models[:MAX_SINGLE]], \
            intent, None
    return [], "help", None


def _cost_call(model: str, workload: dict[str, Any], notes: list[str],
               provider: str | None, batch: bool = False) -> PlannedCall:
    s = get_settings()
    args: dict[str, Any] = {"model": model}
    missing = []
    for key, default in (("input_tokens", s.default_input_tokens),
                         ("output_tokens", s.default_output_tokens),
                         ("requests", s.default_requests_per_month)):
        value = workload.get(key)
        if value is None:
            missing.append(key)
            value = default
        args[key] = int(value)
    args["period"] = workload.get("period", "month") if "requests" not in missing else "month"
    if workload.get("cached_input_share"):
        args["cached_input_share"] = workload["cached_input_share"]
    if provider:
        args["provider"] = provider
    if workload.get("price_basis") == "cheapest":
        args["price_basis"] = "cheapest"
    if batch:
        args["batch"] = True
    if missing:
        note = ("Not stated, so the defaults were used: "
                + ", ".join(f"{k.replace('_', ' ')} {args[k]:,}" for k in missing)
                + (" per month" if "requests" in missing else "") + ".")
        if note not in notes:
            notes.append(note)
    return PlannedCall("calculate_cost", args)


def _hardware_calls(models: list[str], r: QuestionRead, ctx: ThreadContext,
                    workload: dict[str, Any], tools: set[str]) -> list[PlannedCall]:
    if "estimate_hardware" not in tools:
        return [PlannedCall("lookup_specs", {"model": m}) for m in models[:MAX_SINGLE]]
    calls = []
    for model in models[:MAX_SINGLE]:
        args: dict[str, Any] = {"model": model}
        if ctx.quantization:
            args["quantization"] = ctx.quantization
        if ctx.context_tokens:
            args["context_tokens"] = int(ctx.context_tokens)
        if ctx.hardware:
            args["hardware"] = ctx.hardware
        calls.append(PlannedCall("estimate_hardware", args))
    return calls


def _recommend_calls(intent: str, models: list[str], workload: dict[str, Any],
                     tools: set[str], notes: list[str], provider: str | None,
                     reading: Reading) -> list[PlannedCall]:
    calls = []
    if "recommend" in tools:
        args: dict[str, Any] = {"workload": workload, "top_k": 3}
        accepted = _parameters("recommend")
        for name in ("objective", "use_case"):  # once the recommender takes them (#12)
            value = getattr(reading, name)
            if value is not None and name in accepted:
                args[name] = value
        calls.append(PlannedCall("recommend", args))
    else:
        notes.append("The recommendation tool is not installed; showing what can be looked up.")
    if intent == "alternative":
        calls += [_cost_call(m, workload, notes, provider) for m in models[:1]]
    return calls


def _document_calls(models: list[str], tools: set[str], question: str,
                    notes: list[str]) -> list[PlannedCall]:
    calls = []
    if "search_documents" in tools:
        args: dict[str, Any] = {"query": _query_text(question, models), "k": 5}
        if models:
            args["models"] = models[:MAX_SINGLE]
        calls.append(PlannedCall("search_documents", args))
    elif not models:
        notes.append("Document search is not installed, so this question cannot be looked up.")
    calls += [PlannedCall("lookup_specs", {"model": m}) for m in models[:2]]
    return calls


_PRONOUNS = re.compile(r"\b(?:it|its|this model|that model|this one|that one)\b", re.IGNORECASE)


def _query_text(question: str, models: list[str]) -> str:
    """The search query: the question, with "it" spelled out as the model it refers to."""
    if models and _PRONOUNS.search(question) and not any(m.lower() in question.lower()
                                                         for m in models):
        return _PRONOUNS.sub(models[0], question, count=1)
    return question
