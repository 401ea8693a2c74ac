"""Reading what the numbers and names of a question mean, beyond classifying them.

Token totals become per-request sizes and a request count (never a total times a default
traffic); a per-request size larger than every route's context is re-read as a total; the
headline a question wants (one call, a year, what a budget buys, whether it fits) is read;
"the mini" after GPT-4.1 is GPT-4.1 mini; "the smallest Gemma 4" is its smallest member; a
route asked for ("via Bedrock") is checked against the routes that serve the model.
"""

from __future__ import annotations

import math
import re

from advisor.agent.offline.quantities import DAYS_PER_MONTH, Quantities
from advisor.agent.offline.shortnames import name_words, resolve_short
from advisor.agent.reading import Answer, Figure, Reading, describe_tokens
from advisor.catalog import CatalogModel, UnknownModelError, get_catalog
from advisor.catalog.names import normalize
from advisor.config import get_settings

# The largest per-request size that can be real when no model is named: beyond every context.
LARGEST_CONTEXT = 10_000_000
_PER_YEAR = re.compile(r"\b(?:per|a|each|every|/|for\s+a|over\s+a|in\s+a)\s*year\b|\byearly\b|"
                       r"\bannual(?:ly)?\b|\b12\s+months\b|\bper\s+annum\b|\byear\s+cost\b")
_PER_CALL = re.compile(r"\b(?:a\s+single|single|one|1|one-off|a|each|per|every)\s+(?:api\s+)?"
                       r"(?:call|request|query|prompt|completion|run|message|invocation)\b"
                       r"(?!\s+(?:a|an|per|each|every)\s+(?:day|month|week|year))")
# "per 1k requests", "for every 1,000 calls": a price for a number of requests, not a month
_PER_N = re.compile(r"\b(?:per|for\s+every|every|each|for\s+each)\s+(?:[\d.,]+\s*(?:k|m)?|"
                    r"(?:a\s+)?(?:hundred|thousand|million))\s+(?:api\s+)?(?:calls?|requests?|"
                    r"quer(?:y|ies)|prompts?|completions?|messages?|runs?)\b"
                    r"(?!\s+(?:a|an|per|each|every)\s+(?:hour|day|week|month|year))")
# "can sonnet 4.5 write 64k tokens in one reply?", "will gpt-4o take a 300k-token prompt?": a
# size checked against the model's limits, not a workload to price
_LIMIT_FIT = re.compile(r"^\W*(?:can|could|will|would|does|do|is|are)\b[^?]*?\b(?:write|output|"
                        r"generate|produce|reply|respond|return|take|handle|accept|read|"
                        r"process|fit|ingest|swallow|support|manage|spit|emit)\b")
_MONEY_WORDS = re.compile(r"\b(?:cost|costs|price|pricing|pay|bill|spend|budget|cheap\w*)\b|\$")
_PER_CALL_ASK = re.compile(r"\b(?:cost|costs|price|much|charge|bill)\b")
_BUDGET_BUYS = re.compile(r"how\s+many\s+(?:\w+\s+){0,2}(?:requests|calls|messages|queries|"
                          r"prompts|conversations|completions|tickets|emails|documents|runs)")
_BUDGET_FIT = re.compile(r"\b(?:do|does|will|would|can|could|are|is)\s+(?:we|i|it|that|this|"
                         r"they|us)\s+(?:still\s+)?(?:fit|stay|make\s+it|afford|be\s+(?:ok|okay|"
                         r"enough|fine|within|under)|within|under)|\bfits?\s+(?:in|within|into|"
                         r"under)\b|\bwithin\s+(?:the\s+|our\s+|my\s+)?budget|\benough\b|"
                         r"\bafford\b|\b(?:under|over)\s+budget|\bstay\s+(?:under|within|below)|"
                         r"\bdo\s+we\s+fit\b|\bfit\?|\b(?:will|would|does|do|can)\b[^.?!]{0,30}"
                         r"\bfit\b")
_RELATIVE = re.compile(r"\b(?:the|that|a|its)\s+(mini|nano|pro|flash|lite|max|plus|turbo|large|"
                       r"small|medium|haiku|sonnet|opus|coder|instruct|thinking)\b"
                       r"(?:\s+(?:one|version|variant|model))?", re.IGNORECASE)
# a follow-up that is only the variant: "and pro?", "what about mini", "flash?"
_RELATIVE_BARE = re.compile(r"^\W*(?:(?:hm+|um+|uh+|ok(?:ay)?|so|well|right)\b[\s,.!]*)?"
                            r"(?:(?:and|or|what\s+about|how\s+about|same\s+for)\s+)?"
                            r"(mini|nano|pro|flash|lite|max|plus|turbo|large|small|medium|"
                            r"haiku|sonnet|opus|coder|thinking)(?:\s+(?:one|version|variant|"
                            r"model))?\W*$", re.IGNORECASE)
_SIZE = re.compile(r"\b[ea]?(\d+(?:\.\d+)?)\s?b\b", re.IGNORECASE)
_MEMBER_EXTRAS = frozenset({"it", "instruct", "chat", "base"})
_OWN_API = re.compile(r"\b(?:own|first[-\s]party|native|official|direct(?:ly)?)\b",
                      re.IGNORECASE)


def read_answer_for(low: str, q: Quantities) -> tuple[Answer | None, float | None]:
    """The headline a question wants, and the monthly sum it concerns (for budgets)."""
    if q.monthly_budget_usd is not None and _BUDGET_BUYS.search(low):
        return "requests_for_budget", q.monthly_budget_usd
    if q.monthly_budget_usd is not None and _BUDGET_FIT.search(low):
        return "budget_fit", q.monthly_budget_usd
    if _PER_YEAR.search(low) and not q.year_figure:
        return "per_year", None
    single = re.search(r"\b(?:a\s+single|single|one|one-off)\s+(?:api\s+)?(?:call|request|"
                       r"query|prompt|run)\b", low)
    loose = (q.requests is None and q.users is None and not q.total_tokens
             and _PER_CALL.search(low))
    if _PER_CALL_ASK.search(low) and (single or loose):
        return "per_call", None
    if q.requests is not None and q.period is None and q.requests > 1 and _PER_N.search(low):
        return "per_requests", None
    if (q.input_tokens is not None or q.output_tokens is not None) and q.requests is None \
            and q.users is None and not q.total_tokens and _LIMIT_FIT.search(low) \
            and not _MONEY_WORDS.search(low):
        return "limit_fit", None
    return None, None


def max_context(models: list[str]) -> int:
    """The largest context of any route of the named models (or beyond every context)."""
    catalog = get_catalog()
    best = 0
    for name in models:
        try:
            model = catalog.resolve(name)
        except UnknownModelError:
            continue
        for r in model.routes:
            best = max(best, r.context or 0, r.input_limit or 0)
        best = max(best, model.context_window or 0)
    return best or LARGEST_CONTEXT


def reread_oversized(q: Quantities, models: list[str], reading: Reading) -> None:
    """A per-request size beyond every route's context is a total (said so in the reading)."""
    if q.total_tokens:
        return
    limit = max_context(models)
    if q.requests is not None:
        # with a request count stated, a prompt over the model's context is a prompt that does
        # not fit (the cost tool says so); only a size beyond any context is a total
        limit = max(limit, LARGEST_CONTEXT)
    sizes = {k: v for k, v in (("input", q.input_tokens), ("output", q.output_tokens))
             if v is not None}
    if not sizes or sum(sizes.values()) <= limit:
        return
    q.total_tokens = {"all": sizes["input"]} if q.undirected and len(sizes) == 1 \
        and "input" in sizes else dict(sizes)
    if q.total_period is None:
        reading.total_period_assumed = q.period is None
        q.total_period = "day" if q.period == "day" else "month"
    q.input_tokens = q.output_tokens = None
    per = (f"per {q.total_period}" if not reading.total_period_assumed
           else "(no period stated: the table takes it as one month)")
    reading.inferred.append(f"{_fmt(sum(sizes.values()))} tokens is more than any route's "
                            f"context ({_fmt(limit)}), so read as a total {per}")


def apply_totals(q: Quantities, requests: tuple[int, str] | None, reading: Reading) -> None:
    """Turn token totals into per-request sizes and a request count, keeping the totals."""
    if not q.total_tokens:
        return
    s = get_settings()
    totals = dict(q.total_tokens)
    if "all" in totals:
        share_in, note = _split(q, s.default_input_tokens, s.default_output_tokens)
        everything = totals.pop("all")
        totals.setdefault("input", int(round(everything * share_in)))
        totals.setdefault("output", everything - totals["input"])
        reading.inferred.append(note)
    period, factor = _period(q.total_period)
    monthly = {k: int(round(v * factor)) for k, v in totals.items()}
    reading.totals = {k: v for k, v in totals.items() if v}
    if q.total_period is None:
        reading.total_period_assumed = True
    reading.total_period = q.total_period or "month"
    reading.inferred.append(describe_tokens(
        reading.totals, None if reading.total_period_assumed else reading.total_period))
    if requests is not None and q.requests is not None:
        n, per = requests
        count = n if per == period else (n * DAYS_PER_MONTH if per == "day" else n)
        q.requests, q.period = n, per
    else:
        count = _request_count(monthly, s.default_input_tokens)
        q.requests, q.period = count, period
        reading.inferred.append(f"priced as {count:,} requests a {period} of the same total")
    q.input_tokens = max(1, int(round(monthly.get("input", 0) / count)))
    q.output_tokens = int(round(monthly.get("output", 0) / count))
    if monthly.get("reasoning"):
        q.reasoning_tokens = int(round(monthly["reasoning"] / count))


def _split(q: Quantities, default_in: int, default_out: int) -> tuple[float, str]:
    if q.split is not None:
        share = q.split[0] / (q.split[0] + q.split[1])
        return share, f"split {q.split[0]:.0%} input / {q.split[1]:.0%} output as stated"
    share = default_in / (default_in + default_out)
    return share, (f"no input/output split stated: {share:.0%} input / {1 - share:.0%} output "
                   "(the default sizes' ratio)")


def _period(period: str | None) -> tuple[str, float]:
    """The period requests are counted over for a total, and the factor to get there."""
    if period == "day":
        return "day", 1.0
    if period == "hour":
        return "day", 24.0
    if period == "week":
        return "month", DAYS_PER_MONTH / 7
    if period == "year":
        return "month", 1 / 12
    return "month", 1.0


def _request_count(totals: dict[str, int], target_input: int) -> int:
    """A request count near ``total input / default size`` that divides every total evenly."""
    values = [v for v in totals.values() if v > 0]
    if not values:
        return 1
    wanted = max(1, round(totals.get("input", values[0]) / max(1, target_input)))
    common = math.gcd(*values)
    divisors = _divisors(common) if common <= 10**12 else []
    fitting = [d for d in divisors if wanted / 2 <= d <= wanted * 2]
    return min(fitting, key=lambda d: abs(d - wanted)) if fitting else wanted


def _divisors(n: int) -> list[int]:
    out: list[int] = []
    i = 1
    while i * i <= n:
        if n % i == 0:
            out += [i, n // i]
        i += 1
    return out


def relative_model(masked: str, focus: str | None) -> CatalogModel | None:
    """"the mini" after GPT-4.1 → GPT-4.1 mini; "the flash one" after Gemini 2.5 Pro → Flash."""
    m = _RELATIVE.search(masked) or _RELATIVE_BARE.search(masked)
    if m is None or not focus:
        return None
    word = m.group(1).lower()
    catalog = get_catalog()
    key = catalog._index.get(normalize(f"{focus} {word}"))  # noqa: SLF001 - read-only lookup
    if key is not None:
        return catalog.models[key]
    words = [w for w in name_words(focus) if w not in _RELATIVE_WORDS]
    return resolve_short([*words, word][-3:]) if words else None


_RELATIVE_WORDS = frozenset({"mini", "nano", "pro", "flash", "lite", "max", "plus", "turbo",
                             "large", "small", "medium", "haiku", "sonnet", "opus"})


def smallest_member(family: str) -> CatalogModel | None:
    """The member of a family with the fewest parameters ("Gemma 4" → Gemma 4 E2B)."""
    base = [w for w in name_words(family) if w != "family"]
    if not base:
        return None
    best: tuple[float, CatalogModel] | None = None
    for model in get_catalog():
        words = name_words(model.name)
        if tuple(words[:len(base)]) != tuple(base):
            continue
        rest = [w for w in words[len(base):] if w not in _MEMBER_EXTRAS]
        sizes = [_size_of(w) for w in rest]
        if not rest or any(s is None for s in sizes):
            continue  # "Gemma 4 Uncensored", "(MLX 4-bit)": not a plain member
        size = max(s for s in sizes if s is not None)  # "30B A3B": 30B in total
        if best is None or size < best[0] or (size == best[0] and len(model.routes)
                                               > len(best[1].routes)):
            best = (size, model)
    return best[1] if best else None


def _size_of(word: str) -> float | None:
    m = _SIZE.fullmatch(word)
    return float(m.group(1)) if m else None


def provider_route(model: str, provider: str) -> str | None:
    """The id to ask for ``model`` on ``provider``, or None when that provider has no route.

    Its own name when it has the route, else the id of the same-named listing the provider
    serves (Bedrock's ``anthropic.claude-…-v1:0``).
    """
    catalog = get_catalog()
    try:
        resolved = catalog.resolve(model)
    except UnknownModelError:
        return None
    if any(r.provider_id == provider for r in resolved.routes):
        return model
    for other in catalog:
        if other.name == resolved.name and other.key != resolved.key:
            route = next((r for r in other.routes if r.provider_id == provider), None)
            if route is not None:
                return str(route.model_id)
    return None


def provider_note(model: str, provider: str, asked: str) -> str | None:
    """None when ``model`` has a route on ``provider``; else a note naming who serves it."""
    try:
        resolved = get_catalog().resolve(model)
    except UnknownModelError:
        return None
    ids = {r.provider_id for r in resolved.routes}
    if provider in ids or not ids:
        return None if provider in ids else f"No route for {resolved.name} in the catalog."
    names = sorted({r.provider_name for r in resolved.routes})
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return (f"{resolved.name} is not served on {asked} in the catalog; it is served by "
            f"{shown}. Showing those routes.")


def own_api(masked: str) -> bool:
    """Whether the question asks for the maker's own API ("on Mistral's own API")."""
    return bool(_OWN_API.search(masked))


def figures_of(q: Quantities) -> list[Figure]:
    """Every number the question stated, with its unit and basis."""
    out: list[Figure] = []
    for name, total in q.total_tokens.items():
        out.append(Figure(field=f"{name}_tokens", value=total, unit="tokens", basis="total",
                          period=q.total_period))
    per_request = (("input_tokens", q.input_tokens), ("output_tokens", q.output_tokens),
                   ("reasoning_tokens", q.reasoning_tokens))
    for name, tokens in per_request:
        if tokens is not None and name.split("_")[0] not in q.total_tokens:
            out.append(Figure(field=name, value=tokens, unit="tokens", basis="per_request"))
    if q.users is not None:
        out.append(Figure(field="users", value=q.users, unit="users", basis="total",
                          period=q.users_period))
    if q.per_user is not None:
        out.append(Figure(field="requests_per_user", value=q.per_user, unit="requests",
                          basis="rate", period=q.per_user_period))
    if q.requests is not None:
        out.append(Figure(field="requests", value=q.requests, unit="requests", basis="rate",
                          period=q.period))
    limits: tuple[tuple[str, float | None, str, str], ...] = (
            ("monthly_budget_usd", q.monthly_budget_usd, "USD", "limit"),
            ("max_input_price_per_m", q.max_input_price_per_m, "USD per 1M tokens", "ceiling"),
            ("max_output_price_per_m", q.max_output_price_per_m, "USD per 1M tokens",
             "ceiling"),
            ("min_context", q.min_context, "tokens", "limit"),
            ("gpu_memory_gb", q.gpu_memory_gb, "GB", "limit"),
            ("cached_input_share", q.cached_input_share, "share", "share"),
            ("traffic_multiplier", q.traffic_multiplier, "times", "multiplier"))
    for name, value, unit, basis in limits:
        if value is not None:
            out.append(Figure.model_validate(
                {"field": name, "value": value, "unit": unit, "basis": basis,
                 "period": "month" if name == "monthly_budget_usd" else None}))
    if q.max_price_per_m is not None and q.max_input_price_per_m is None \
            and q.max_output_price_per_m is None:
        out.append(Figure(field="max_price_per_m", value=q.max_price_per_m,
                          unit="USD per 1M tokens", basis="ceiling"))
    return out


def _fmt(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:,.4g}{suffix}"
    return f"{value:,.0f}"
