"""Reading a question: names, numbers and references, then the thread it updates.

The first three steps of the offline planner: read the question (names, quantities,
constraints, cues, the headline it asks for), resolve its references to earlier turns ("it",
"the other one", "the mini", a bare "licence?"), and update the thread (totals into sizes,
users × messages, follow-up changes), filling the typed :class:`~advisor.agent.reading.Reading`
as it goes. Deciding the kind of question and building the calls is ``planner.py``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from advisor.agent.offline.unknown import find_unlisted
from advisor.agent.reading import Limits, ModelRef, Reading
from advisor.config import get_settings

MAX_SINGLE = 3


@dataclass
class QuestionRead:
    """What one question states, before the thread is taken into account."""

    mentions: Mentions
    q: Quantities
    c: Constraints
    cues: Cues
    provider: str | None
    answer_for: str | None = None
    budget: float | None = None


def read_question(question: str, brand: str | None = None) -> QuestionRead:
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
    return QuestionRead(mentions, q, extract_constraints(masked), cues, find_provider(masked),
                    answer_for, budget)


def listed_as(model: str, reading: Reading) -> str:
    """The catalog name behind a provider's own id ("anthropic.claude-…" → Claude Sonnet 4.5)."""
    from advisor.catalog import UnknownModelError, get_catalog

    try:
        return get_catalog().resolve(model).name
    except UnknownModelError:
        return model


def resolve_models(r: QuestionRead, ctx: ThreadContext, reading: Reading,
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
    base = [ctx.focus] if ctx.focus else list(ctx.models)
    if len(models) == 1 and base and models[0] not in base and _VS_START.search(r.mentions.masked):
        # "vs claude haiku 4.5?" after a turn on Gemini 2.5 Flash: the two side by side
        models = [*base, *models]
        reading.inferred.append(f"{' and '.join(base)} (from the previous turn) against "
                                f"{models[-1]}")
    refs, ref_note = references(r.cues, ctx)
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


def _bare_attribute(r: QuestionRead, ctx: ThreadContext) -> bool:
    """A terse follow-up naming only an attribute ("licence?", "and the context?")."""
    words = re.findall(r"[a-z]+", r.mentions.masked.lower())
    asks = bool(r.cues.kinds & {"specs", "document", "cost", "hardware"})
    return bool(ctx.focus or ctx.models) and asks and len(words) <= 5 \
        and not r.cues.kinds & {"recommend"} and ctx.intent not in (None, "recommend", "help")


_VS_START = re.compile(r"^\W*(?:vs\.?|versus|compared?\s+(?:to|with)|against|and\s+vs\.?|"
                       r"how\s+does\s+it\s+compare\s+(?:to|with))\b", re.IGNORECASE)
_WRITES = re.compile(r"\b(?:write|writes|output|generate|produce|reply|respond|return|answer|"
                     r"spit|emit)\b",
                     re.IGNORECASE)
_READS = re.compile(r"\b(?:prompt|input|document|doc|context|read|take|accept|ingest|paste|"
                    r"feed|upload|file)\b", re.IGNORECASE)


def update_thread(r: QuestionRead, ctx: ThreadContext, profile: dict[str, Any] | None,
                   models: list[str], reading: Reading, notes: list[str]) -> None:
    """Merge this question's numbers and constraints into what the thread remembers."""
    if r.answer_for == "limit_fit":  # a size to check against the limits, never a total
        if r.q.output_tokens is None and _WRITES.search(r.mentions.masked) \
                and not _READS.search(r.mentions.masked):
            r.q.output_tokens, r.q.input_tokens = r.q.input_tokens, None  # "write 64k tokens"
        reading.limit_tokens = {k: v for k, v in (("input", r.q.input_tokens),
                                                  ("output", r.q.output_tokens)) if v}
    else:
        reread_oversized(r.q, models or list(ctx.models), reading)
    base = base_requests(ctx, profile)
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
    notes += ctx.state(r.q, r.c, base, additive=r.cues.additive,
                       per_requests=r.answer_for == "per_requests")
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
                     "listed prices, not as a workload: a recommendation keeps only routes "
                     "priced under it; a cost lists the prices so you can compare.")


_MULTIPLY_IT = re.compile(r"\b(double|twice|triple|quadruple|half|halve)\s+(?:it|that|this|"
                          r"the\s+(?:traffic|volume|requests|usage|load))\b", re.IGNORECASE)
_IT_FACTORS = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5,
               "halve": 0.5}


def smallest_members(r: QuestionRead, models: list[str], intent: str, reading: Reading,
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


def route_for(r: QuestionRead, models: list[str], reading: Reading,
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


def record_changes(before: dict[str, Any], after: dict[str, Any], reading: Reading,
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


def set_objective(r: QuestionRead, ctx: ThreadContext, intent: str, workload: dict[str, Any],
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


def finish_reading(reading: Reading, intent: str, models: list[str], r: QuestionRead,
                    ctx: ThreadContext, workload: dict[str, Any],
                    provider: str | None) -> None:
    """Complete the reading once the intent, models, workload and route are known."""
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
        min_context=workload.get("min_context"), gpu_memory_gb=workload.get("gpu_memory_gb"),
        max_parameters_b=workload.get("max_parameters_b"))
    if r.c.max_parameters_b is not None:
        reading.inferred.append(f"at most {r.c.max_parameters_b:g}B parameters in total "
                                "(a size limit, not a token count)")
    if r.c.cheapest_route:
        reading.inferred.append("priced on each model's cheapest route (any provider), not "
                                "the maker's list price")
    if r.c.batch and intent in ("cost", "compare"):
        reading.inferred.append("sent in batch: batch prices shown where a source lists them")
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
                "budget_fit": "whether the monthly budget covers it",
                "limit_fit": "whether that size fits the model's limits"}
    if reading.answer_for == "per_requests" and q.requests is not None:
        reading.inferred.append(f"asked for the cost of {q.requests:,} requests (a month of "
                                f"{q.requests:,} requests in the figures below)")
    elif reading.answer_for:
        reading.inferred.append(f"asked for {headline[reading.answer_for]}")
    if reading.inferred and reading.models and intent not in ("recommend", "help"):
        route = f" via {provider_label(provider)}" if provider else ""
        reading.inferred.append("on " + ", ".join(m.name for m in reading.models) + route)


_USE_CASE_KEYS = {"coding": "coding", "long documents": "long_documents",
                  "classification": "safety", "agents": "agents", "rag": "retrieval",
                  "translation": "multilingual", "math": "reasoning", "vision": "vision",
                  "on device": "on_device"}


def references(cues: Cues, ctx: ThreadContext) -> tuple[list[str], str]:
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


def base_requests(ctx: ThreadContext, profile: dict[str, Any] | None) -> tuple[int, str]:
    """The traffic a multiplier scales: the thread's, else the default per month."""
    wl = ctx.workload(profile)
    if wl.get("requests") is not None:
        return int(wl["requests"]), str(wl.get("period", "month"))
    return get_settings().default_requests_per_month, "month"
