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

from advisor.agent.offline.constraints import Constraints, extract_constraints
from advisor.agent.offline.context import ThreadContext
from advisor.agent.offline.entities import Mentions, find_mentions, find_provider, provider_label
from advisor.agent.offline.intents import Cues, read_cues
from advisor.agent.offline.quantities import Quantities, extract_quantities
from advisor.agent.offline.text import spell_numbers
from advisor.agent.offline.understand import (
    apply_totals,
    figures_of,
    provider_note,
    provider_route,
    read_answer_for,
    relative_model,
    reread_oversized,
    smallest_member,
)
from advisor.agent.offline.unknown import find_unlisted, set_aside_unknown
from advisor.agent.offline.vocab import BRANDS
from advisor.agent.reading import Limits, ModelRef, Reading
from advisor.config import get_settings

MAX_COMPARE = 6
MAX_SINGLE = 3
SINGLE_MODEL_INTENTS = ("specs", "cost", "hardware", "document")
_PER_MILLION = re.compile(r"per\s+(?:1\s?m\b|million|mtok|m\s+tokens)|/\s?1?m\s?tok",
                          re.IGNORECASE)
_EXPLAIN = re.compile(r"^\W*(?:explain|why|how\s+(?:does|do|is|are|can)|define|describe|"
                      r"tell\s+me\s+about|what\s+(?:is|are)\s+(?:a|an|the\s+difference|"
                      r"the\s+meaning)|what\s+does\s+.{1,40}\s+mean|what\s+do\s+the\s+"
                      r"(?:docs|documents|sources|pages)|difference\s+between)", re.IGNORECASE)
_PURPOSE = re.compile(r"\b(?:meant|designed|intended|built|made|aimed|optimi[sz]ed|tuned)\s+"
                      r"(?:for|at)\b|\bweak(?:ness\w*|\s+spots?)\b|\bstrengths?\b|"
                      r"\bgood\s+at\b|\bbad\s+at\b|\bwhat\s+is\s+.{0,30}\bfor\b")
_FAMILY_WORD = re.compile(r"\b(?:" + "|".join(sorted(BRANDS, key=len, reverse=True))
                          + r")(?:\s?\d+(?:\.\d+)?)?(?:'s)?\b")
_SPEC_FIELD = re.compile(r"context\s+(?:window|length|size)|max(?:imum)?\s+output|"
                         r"\bparameters\b|release\s+date|knowledge\s+cut-?off")
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


@dataclass
class _Reading:
    mentions: Mentions
    q: Quantities
    c: Constraints
    cues: Cues
    provider: str | None
    answer_for: str | None = None
    budget: float | None = None


def read_question(question: str, brand: str | None = None) -> _Reading:
    """Everything the planner reads from one question, before any thread context."""
    text = spell_numbers(question)  # "two thousand users" → "2000 users"
    mentions = find_mentions(text, brand)
    cues = read_cues(mentions.masked)
    found = find_unlisted(text, mentions, cues)  # names the catalog lacks: "Zzz 9000"
    if found is not mentions:
        mentions, cues = found, read_cues(found.masked)
    masked = mentions.masked
    q = extract_quantities(masked)
    answer_for, budget = read_answer_for(masked.lower(), q)
    return _Reading(mentions, q, extract_constraints(masked), cues, find_provider(masked),
                    answer_for, budget)


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
    r = read_question(question, ctx.brand())                        # 1. read
    reading = Reading(question=question)
    notes: list[str] = []
    if r.q.negatives:
        return _invalid(question, r, ctx, reading)
    models, refs = _resolve(r, ctx, reading, notes)                 # 2. resolve references
    before = ctx.workload(profile)
    _update_thread(r, ctx, profile, models, reading, notes)         # 3. update the thread
    unknown = {u.text for u in r.mentions.unknown}
    intent = _decide(r, models, ctx, bool(refs))                    # 4. decide
    if intent == "help" and reading.answer_for and ctx.intent:
        intent = None  # "what's that per year?": the last question, another headline
    if intent is None:
        intent, models = _inherit(ctx, models, bool(refs))
        if intent in ("compare", "diff") and ("hardware" in r.cues.kinds
                                              or r.mentions.hardware) \
                and "cost" not in r.cues.kinds:
            intent = "hardware"  # "which runs faster on a laptop?": both, on that machine
    models = _smallest(r, models, intent, reading, unknown)
    families = {u.text for u in r.mentions.unknown if _is_family(u.text)}
    costed = "cost" in r.cues.kinds or r.q.any_workload()
    wanted = intent
    intent, models, missing = set_aside_unknown(intent, models, unknown, families, costed,
                                                notes)
    if intent == "recommend" and r.mentions.hardware and r.q.gpu_memory_gb is None:
        ctx.stated.update(gpu_memory_gb=r.mentions.hardware[0].memory_gb, self_host=True)
    workload = ctx.workload(profile)
    provider = _provider(r, models, reading, notes)
    if provider:
        workload["providers"] = [provider]
    _changes(before, workload, reading, bool(ctx.intent) and ctx.turns > 0)
    _objective(r, ctx, intent, workload, reading)
    calls, intent, focus = _calls(intent, models, r, ctx, workload, available, question,
                                  notes, provider, reading)        # 5. calls
    # the unknown names answered with their closest matches, next to what could be answered
    calls = [PlannedCall("lookup_specs", {"model": m}) for m in missing[:MAX_SINGLE]] + calls
    named = {m.name for m in reading.models}
    plain = [m if m in named or m in unknown else _listed_as(m, reading) for m in models]
    known = [m for m in plain if m not in unknown]
    if intent == "unknown":
        # "it" no longer means an earlier model, and "what about Gemma 3 4B?" next asks what
        # was asked of the unknown one (its cost, its specs…)
        ctx.models, ctx.focus, intent_kept = [], None, wanted
    else:
        intent_kept = intent
    ctx.remember(intent_kept, known, focus if focus in known else None)
    _finish_reading(reading, intent, plain, r, ctx, workload, provider)
    return OfflinePlan(intent=intent, calls=calls, models=models, notes=notes,
                       context=ctx.to_dict(), workload=workload, reading=reading)


def _listed_as(model: str, reading: Reading) -> str:
    """The catalog name behind a provider's own id ("anthropic.claude-…" → Claude Sonnet 4.5)."""
    from advisor.catalog import UnknownModelError, get_catalog

    try:
        return get_catalog().resolve(model).name
    except UnknownModelError:
        return model


def _invalid(question: str, r: _Reading, ctx: ThreadContext, reading: Reading) -> OfflinePlan:
    """A negative count or sum: a clear error naming it, never silently made positive."""
    named = ", ".join(f"“{n}”" for n in r.q.negatives)
    reading.intent = "invalid"
    reading.errors = [f"{n} cannot be negative" for n in r.q.negatives]
    note = (f"⚠ {named}: a count, size or sum cannot be negative, so nothing was computed. "
            "Ask again with the number you meant.")
    return OfflinePlan(intent="invalid", calls=[], models=[], notes=[note],
                       context=ctx.to_dict(), workload={}, reading=reading)


def _resolve(r: _Reading, ctx: ThreadContext, reading: Reading,
             notes: list[str]) -> tuple[list[str], list[str]]:
    """The models the question is about: named, short names, "the mini", "it", "them"."""
    for m in r.mentions.models:
        how = "short_name" if m.how == "short_name" else ("fuzzy" if m.fuzzy else "exact")
        reading.models.append(ModelRef(name=m.name, text=m.text, how=how))  # type: ignore[arg-type]
        if how != "exact" and m.text.lower() != m.name.lower():
            reading.inferred.append(f"“{m.text.strip()}” as {m.name}")
    models = [m.name for m in r.mentions.models]
    models += [u.text for u in r.mentions.unknown]  # the tool answers with the closest names
    if not models and ctx.focus:
        relative = relative_model(r.mentions.masked, ctx.focus)
        if relative is not None and relative.name != ctx.focus:
            models = [relative.name]
            reading.models.append(ModelRef(name=relative.name, text=relative.name,
                                           how="relative"))
            reading.changes.append(f"model: {relative.name} instead of {ctx.focus}")
    refs, ref_note = _references(r.cues, ctx)
    if refs and not models and ctx.intent in ("recommend", "alternative") and r.c.any() \
            and r.cues.ordinal is None and not r.cues.other:
        refs = []  # "it also has to do reasoning": the recommendation again, with it
    if not refs and not models and _bare_attribute(r, ctx):
        refs = [ctx.focus or ctx.models[0]]
        ref_note = f"Taking the question to be about {refs[0]}."
    if refs and not models:
        models = refs
        notes.append(ref_note)
    elif refs and models and r.cues.kinds & {"compare", "diff"}:
        models = list(dict.fromkeys([*refs, *models]))
        notes.append(ref_note)
    for name in refs:
        if name in models and all(ref.name != name for ref in reading.models):
            reading.models.append(ModelRef(name=name, text=name, how="reference"))
    return models, refs


def _bare_attribute(r: _Reading, ctx: ThreadContext) -> bool:
    """A terse follow-up naming only an attribute ("licence?", "and the context?")."""
    words = re.findall(r"[a-z]+", r.mentions.masked.lower())
    asks = bool(r.cues.kinds & {"specs", "document", "cost", "hardware"})
    return bool(ctx.focus or ctx.models) and asks and len(words) <= 5 \
        and not r.cues.kinds & {"recommend"} and ctx.intent not in (None, "recommend", "help")


def _update_thread(r: _Reading, ctx: ThreadContext, profile: dict[str, Any] | None,
                   models: list[str], reading: Reading, notes: list[str]) -> None:
    """Merge this question's numbers and constraints into what the thread remembers."""
    reread_oversized(r.q, models or list(ctx.models), reading)
    base = _base_requests(ctx, profile)
    if r.q.total_tokens and r.q.requests is not None and r.q.period is None:
        # "300M tokens a day across 50k requests": the requests share the total's period
        r.q.period = "day" if r.q.total_period in ("day", "hour") else "month"
    stated = (r.q.requests, r.q.period or "month") if r.q.requests is not None else None
    apply_totals(r.q, stated, reading)
    if r.q.traffic_multiplier is None and _MULTIPLY_IT.search(r.mentions.masked) \
            and ctx.stated.get("requests") is not None:
        word = _MULTIPLY_IT.search(r.mentions.masked)
        r.q.traffic_multiplier = _IT_FACTORS[word.group(1).lower()] if word else None
    if (r.q.requests is None and len(r.q.unclassified) == 1 and r.cues.follow_up_start
            and ctx.stated.get("requests") is not None and not r.q.any_workload()
            and r.q.unclassified[0] >= 10):
        r.q.requests = int(r.q.unclassified[0])  # "make it 5000": the traffic, same period
        r.q.period = str(ctx.stated.get("period") or "month")
    notes += ctx.state(r.q, r.c, base, additive=r.cues.additive)
    if r.mentions.hardware:
        ctx.hardware = r.mentions.hardware[0].name
    elif r.q.gpu_memory_gb is not None:
        ctx.hardware = f"{r.q.gpu_memory_gb:g} GB"
    if r.q.quantization:
        ctx.quantization = r.q.quantization
    if r.q.min_context is not None:
        ctx.context_tokens = r.q.min_context
    if r.q.reasoning_tokens is not None:
        ctx.reasoning_tokens = r.q.reasoning_tokens
    reading.answer_for, reading.budget_usd = r.answer_for, r.budget  # type: ignore[assignment]
    answer_for = r.answer_for
    if answer_for == "per_call" and ctx.stated.get("requests") is None:
        ctx.stated["requests"], ctx.stated["period"] = 1, "month"
    reading.figures = figures_of(r.q)
    ceilings = [f for f in (r.q.max_input_price_per_m, r.q.max_output_price_per_m,
                            r.q.max_price_per_m) if f is not None]
    if ceilings:
        notes.append("A price ceiling per million tokens is read as a limit on the routes' "
                     "listed prices, not as a workload; the prices are listed below so you "
                     "can compare.")


_MULTIPLY_IT = re.compile(r"\b(double|twice|triple|quadruple|half|halve)\s+(?:it|that|this|"
                          r"the\s+(?:traffic|volume|requests|usage|load))\b", re.IGNORECASE)
_IT_FACTORS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5,
               "halve": 0.5}


def _smallest(r: _Reading, models: list[str], intent: str, reading: Reading,
              unknown: set[str]) -> list[str]:
    """"smallest Gemma 4": the family's smallest member instead of the family."""
    if r.c.objective != "smallest":
        return models
    out = []
    for name in models:
        family = name if (name in unknown or "(family)" in name.lower()) else None
        member = smallest_member(family) if family else None
        if member is None or family is None:
            out.append(name)
            continue
        out.append(member.name)
        unknown.discard(name)
        reading.models = [m for m in reading.models if m.name != name]
        reading.models.append(ModelRef(name=member.name, text=name, how="smallest_member"))
        reading.inferred.append(f"the smallest {family.replace(' (family)', '')}: "
                                f"{member.name}")
    return out


def _provider(r: _Reading, models: list[str], reading: Reading,
              notes: list[str]) -> str | None:
    """The route asked for; when a model has none there, say so and show who serves it.

    A model listed under its own entry by that provider (Bedrock's ids) is asked for by the
    provider's id, so its route is the one priced.
    """
    provider = r.provider
    if provider is None or not models:
        return provider
    asked = provider_label(provider)
    for i, name in enumerate(models[:MAX_SINGLE]):
        route = provider_route(name, provider)
        if route is not None and route != name:
            models[i] = route
            reading.inferred.append(f"{name} as listed by {asked} ({route})")
            continue
        note = provider_note(name, provider, asked)
        if note:
            notes.append(note)
            reading.inferred.append(f"no route on {asked}")
            return None
    if not reading.inferred:
        reading.inferred.append(f"via {asked}")  # the closing "on X via …" names it
    return provider


def _changes(before: dict[str, Any], after: dict[str, Any], reading: Reading,
             follow_up: bool) -> None:
    """What this turn changed in the thread's workload, in words."""
    if not follow_up:
        return
    for key in ("requests", "period", "input_tokens", "output_tokens", "cached_input_share",
                "monthly_budget_usd", "min_context", "required_capabilities"):
        old, new = before.get(key), after.get(key)
        if new is not None and old is not None and old != new:
            reading.changes.append(f"{key.replace('_', ' ')} {_show(new)} (was {_show(old)})")
        elif new is not None and old is None and key != "period":
            reading.changes.append(f"{key.replace('_', ' ')} {_show(new)}")


def _show(value: Any) -> str:
    if isinstance(value, float) and value <= 1:
        return f"{value:.0%}"
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _objective(r: _Reading, ctx: ThreadContext, intent: str, workload: dict[str, Any],
               reading: Reading) -> None:
    """The objective and use case; a recommendation follow-up keeps the thread's objective."""
    objective = r.c.objective
    if objective is None and intent in ("recommend", "alternative") and ctx.intent in (
            "recommend", "alternative"):
        objective = ctx.objective
    if intent in ("recommend", "alternative"):
        ctx.objective = objective
    reading.objective = objective  # type: ignore[assignment]
    reading.use_case = r.c.use_case_key or _USE_CASE_KEYS.get(  # type: ignore[assignment]
        str(workload.get("use_case") or ""))
    if reading.objective == "best_for" and reading.use_case is None:
        reading.objective = None  # "best" with nothing it is best for: overall fit


def _finish_reading(reading: Reading, intent: str, models: list[str], r: _Reading,
                    ctx: ThreadContext, workload: dict[str, Any],
                    provider: str | None) -> None:
    reading.intent = intent
    known = {m.name for m in reading.models}
    for name in models:
        if name not in known:
            unknown = name in {u.text for u in r.mentions.unknown}
            reading.models.append(ModelRef(name=name, text=name,
                                           how="unknown" if unknown else "thread"))
    order = {name: i for i, name in enumerate(models)}
    kept = sorted((m for m in reading.models if m.name in order), key=lambda m: order[m.name])
    reading.models = kept or reading.models
    reading.provider = provider
    reading.workload = dict(workload)
    q = r.q
    reading.constraints = Limits(
        capabilities=list(workload.get("required_capabilities") or []),
        open_weights_only=bool(workload.get("open_weights_only")),
        self_host=bool(workload.get("self_host")),
        licenses=list(workload.get("licenses") or []),
        languages=list(workload.get("languages") or []),
        max_input_price_per_m=q.max_input_price_per_m or (
            q.max_price_per_m if q.max_output_price_per_m is None else None),
        max_output_price_per_m=q.max_output_price_per_m,
        monthly_budget_usd=workload.get("monthly_budget_usd"),
        min_context=workload.get("min_context"), gpu_memory_gb=workload.get("gpu_memory_gb"))
    for ceiling, label in ((q.max_input_price_per_m, "input"),
                           (q.max_output_price_per_m, "output")):
        if ceiling is not None:
            reading.inferred.append(f"{label} price at most ${ceiling:g} per 1M tokens "
                                    "(a ceiling, not a workload)")
    for note in q.notes:
        if "users ×" in note:
            reading.inferred.append(note)
    if q.reasoning_tokens is not None and "reasoning" not in reading.totals:
        out = f" + {q.output_tokens:,} output" if q.output_tokens is not None else ""
        reading.inferred.append(f"{q.reasoning_tokens:,} reasoning{out} tokens per request")
    headline = {"per_call": "the cost of one request", "per_year": "the cost per year",
                "requests_for_budget": "how many requests the budget buys",
                "budget_fit": "whether the monthly budget covers it"}
    if reading.answer_for:
        reading.inferred.append(f"asked for {headline[reading.answer_for]}")
    if reading.inferred and reading.models and intent not in ("recommend", "help"):
        route = f" via {provider_label(provider)}" if provider else ""
        reading.inferred.append("on " + ", ".join(m.name for m in reading.models) + route)


_USE_CASE_KEYS = {"coding": "coding", "long documents": "long_documents",
                  "classification": "safety", "agents": "agents", "rag": "retrieval",
                  "translation": "multilingual", "math": "reasoning", "vision": "vision",
                  "on device": "on_device"}


def _is_family(text: str) -> bool:
    """Whether an unresolved name is the prefix of several catalog models ("gemma 2")."""
    from advisor.catalog import get_catalog
    from advisor.catalog.names import normalize

    key = normalize(text)
    index = get_catalog()._index  # noqa: SLF001 - read-only use of the name index
    members = {v for k, v in index.items() if k.startswith(key) and k != key}
    return len(key) >= 4 and len(members) >= 2


def _parameters(tool: str) -> set[str]:
    """The parameter names a tool of ``TOOLS`` accepts (empty when it is not installed)."""
    import inspect

    from advisor.tools import TOOLS

    fn = next((f for f in TOOLS if f.__name__ == tool), None)
    return set(inspect.signature(fn).parameters) if fn is not None else set()


def _available_tools() -> set[str]:
    from advisor.tools import TOOLS

    return {fn.__name__ for fn in TOOLS}


def _references(cues: Cues, ctx: ThreadContext) -> tuple[list[str], str]:
    """Models from earlier turns the question points at, and a note saying how it was read."""
    pool = ctx.candidates or ctx.models
    if cues.other and ctx.models:
        others = [m for m in ctx.models if m != ctx.focus] or ctx.models[-1:]
        return others, f"Taking “the other one” to mean {', '.join(others)}."
    if cues.ordinal is not None and pool:
        idx = cues.ordinal
        if -len(pool) <= idx < len(pool):
            return [pool[idx]], f"Taking that to mean {pool[idx]} from the previous answer."
    if cues.group and len(ctx.models) >= 2:
        return list(ctx.models), f"Comparing the models from the previous turn: " \
                                 f"{', '.join(ctx.models)}."
    if cues.group and len(ctx.candidates) >= 2:
        return list(ctx.candidates), f"Comparing the previous picks: " \
                                     f"{', '.join(ctx.candidates)}."
    if cues.pronoun and (ctx.focus or ctx.models):
        model = ctx.focus or ctx.models[0]
        return [model], f"Taking “it” to mean {model}."
    return [], ""


def _base_requests(ctx: ThreadContext, profile: dict[str, Any] | None) -> tuple[int, str]:
    wl = ctx.workload(profile)
    if wl.get("requests") is not None:
        return int(wl["requests"]), str(wl.get("period", "month"))
    return get_settings().default_requests_per_month, "month"


def _follow_up(r: _Reading, referenced: bool) -> bool:
    """Whether the question leans on the previous turn (no cue of its own needed)."""
    return (referenced or r.cues.follow_up_start or r.q.any_workload() or r.c.any()
            or bool(r.c.dropped) or bool(r.mentions.hardware) or r.q.quantization is not None
            or r.q.gpu_memory_gb is not None or r.provider is not None
            or r.q.cached_input_share is not None or r.answer_for is not None)


def _decide(r: _Reading, models: list[str], ctx: ThreadContext,  # noqa: C901 - one table
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
    if r.cues.alternative and n == 1:
        return "alternative"
    if n >= 2 and _SPEC_FIELD.search(low) and not kinds & {"cost", "diff"}:
        return "specs"  # "which of them has the longer max output?": each one's sheet
    if n >= 2:
        return "diff" if "diff" in kinds and "cost" not in kinds else "compare"
    if "cost" in kinds and _PER_MILLION.search(r.mentions.masked) and not q.any_workload():
        return "specs"  # "price per million tokens": the listed prices, not a workload
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


def _calls(intent: str, models: list[str], r: _Reading, ctx: ThreadContext,  # noqa: C901
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
        return [PlannedCall("lookup_specs", {"model": m}) for m in models[:MAX_SINGLE]], \
            intent, focus
    if intent == "cost":
        calls = [_cost_call(m, workload, notes, provider) for m in models[:MAX_SINGLE]]
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
        calls += [_cost_call(m, workload, notes, provider) for m in models[:MAX_COMPARE]]
        return calls, intent, None
    if intent == "hardware":
        return _hardware_calls(models, r, ctx, workload, tools), intent, focus
    if intent in ("recommend", "alternative"):
        return _recommend_calls(intent, models, workload, tools, notes, provider, reading), \
            intent, focus
    if intent == "document":
        return _document_calls(models, tools, question, notes), intent, focus
    if intent == "unknown":
        return [PlannedCall("lookup_specs", {"model": m}) for m in models[:MAX_SINGLE]], \
            intent, None
    return [], "help", None


def _cost_call(model: str, workload: dict[str, Any], notes: list[str],
               provider: str | None) -> PlannedCall:
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
    if missing:
        note = ("Not stated, so the defaults were used: "
                + ", ".join(f"{k.replace('_', ' ')} {args[k]:,}" for k in missing)
                + (" per month" if "requests" in missing else "") + ".")
        if note not in notes:
            notes.append(note)
    return PlannedCall("calculate_cost", args)


def _hardware_calls(models: list[str], r: _Reading, ctx: ThreadContext,
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
