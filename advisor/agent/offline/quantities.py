"""Quantities with units in a question: tokens in/out, traffic, budget, memory, context.

Works on the question with model and hardware names blanked out (so "Gemma 4 31B" is not read
as 31 billion of anything). Each number is classified by the words around it:
"2k tokens in", "500 out", "prompts of 1,500 tokens", "1M requests a month", "3,000 a day",
"10k requests/day", "$500/month budget", "under $200 a month", "a 24 GB GPU",
"context ≥ 128k", "at least 200k context", "50% cached", "10× the traffic".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.agent.offline.periods import (
    DAYS_PER_MONTH,
    PERIOD_WORDS,
    monthly_money,
    nights_as_days,
    per_period,
)
from advisor.agent.offline.text import NumberSpan, find_numbers

__all__ = ["DAYS_PER_MONTH", "Quantities", "extract_quantities"]

_PERIOD = r"(day|days|daily|month|months|monthly|mo|mon|mth|week|weeks|weekly|wk|hour|hours|" \
          r"hourly|hr|h|minute|minutes|min|second|seconds|sec|s|year|years|yearly|yr|annually|d)"
_NOUNS = (r"(?:api\s+)?(?:requests?|reqs?|calls?|queries|query|messages?|msgs?|conversations?|"
          r"chats?|prompts?|completions?|generations?|documents?|docs?|tickets?|emails?|"
          r"sessions?|inferences?|questions?|summaries|translations?|lookups?|searches|runs?|"
          r"jobs?|items?|articles?|pages?|images?|files?|transcripts?|interactions?|turns?|"
          r"invocations?|hits?|classifications?|tasks?|reviews?|reports?|extractions?|"
          r"analyses|evaluations?|evals?|agent\s+runs?)")
_USERS = re.compile(r"^\s*(?:(?:active|daily|monthly|weekly|concurrent|paying|unique)\s+){0,2}"
                    r"(?:users?|customers?|employees?|people|seats?|students?|members?|"
                    r"subscribers?|visitors?|agents?|clients?|devs|developers|staff)\b")
_EACH = re.compile(r"\b(?:each|every|per\s+(?:user|customer|person|head|seat|member|employee|"
                   r"student|visitor|agent|client))\b")
_REASONING_BEFORE = re.compile(r"\b(?:reason\w*|think\w*|thought)\s*(?:for|with|through|over)?\s*"
                               r"(?:about|around|~|roughly|approx\w*|some|up\s+to)?\s*$")
_PERIOD_LATER = re.compile(r"^[^,.;:!?\d]{0,48}?(?:\b(?:a|an|per|each|every)\s+|/\s*)"
                           r"(day|month|week|year|hour)\b|^[^,.;:!?\d]{0,48}?\b(daily|monthly|"
                           r"weekly|yearly|annually)\b")
_TOTAL_WORDS = re.compile(r"\b(?:in\s+total|total(?:ling)?|altogether|overall|combined|"
                          r"in\s+aggregate|all\s+told|across\s+all)\b")
_NEGATIVE_BEFORE = re.compile(r"(?:^|[\s(:=,])(?:-|−|minus\s+|negative\s+)\s*$")
_PER = r"(?:a|an|per|each|every|/|a\s+single|in\s+a)"
_REQ_AFTER = re.compile(r"^\s*(?:" + _NOUNS + r")?\s*(?:" + _PER + r"\s*)" + _PERIOD + r"\b")
_REQ_ADVERB = re.compile(r"^\s*(?:" + _NOUNS + r")?\s*(daily|monthly|weekly|hourly|yearly|"
                         r"annually)\b")
_REQ_NOUN = re.compile(r"^\s*(?:more\s+|additional\s+|extra\s+)?" + _NOUNS + r"\b")
_REQ_BEFORE = re.compile(r"(daily|monthly|weekly|hourly|yearly|per\s+day|per\s+month|a\s+day|"
                         r"a\s+month)\s+(?:volume|traffic|requests|calls|usage|load|batch|"
                         r"run|job)?\s*"
                         r"(?:of|is|are|:|=|around|about|~|roughly)?\s*$")
_TOKENS_AFTER = re.compile(r"^\s*-?\s*(?:tokens?|toks?)\b")
_IN_WORDS = (r"(in|input|inputs|prompt|prompts|of\s+input|of\s+prompt|input\s+tokens|"
             r"prompt\s+tokens|going\s+in|context\s+per\s+request)")
_OUT_WORDS = (r"(out|output|outputs|of\s+output|completion|completions|response|responses|"
              r"answer|answers|reply|replies|generated|back|coming\s+out|output\s+tokens|"
              r"summary|summaries)")
_IN_AFTER = re.compile(r"^\s*(?:-?\s*(?:tokens?|toks?)\s*)?" + _IN_WORDS
                       + r"\b(?!\s+(?:a|an|the|each|every|per|total|my|our)\b)")
_OUT_AFTER = re.compile(r"^\s*(?:-?\s*(?:tokens?|toks?)\s*)?" + _OUT_WORDS + r"\b")
_IN_BEFORE = re.compile(r"\b(input|prompt|prompts|in|inputs|request|requests)\s*(?:tokens?|size|"
                        r"length|sizes|lengths)?\s*(?:of|is|are|=|:|around|about|~|averag\w*|"
                        r"roughly|approx\w*|of\s+about|of\s+around|at)?\s*(?:about|around|~)?"
                        r"\s*$")
_OUT_BEFORE = re.compile(r"\b(output|outputs|out|completion|completions|response|responses|"
                         r"answer|answers|reply|replies|generate|generates|write|writes|"
                         r"summary|summaries)\s*(?:tokens?|size|length|sizes|lengths)?\s*"
                         r"(?:of|is|are|=|:|around|about|~|averag\w*|roughly|approx\w*|"
                         r"of\s+about|of\s+around|at)?\s*(?:about|around|~)?\s*$")
_IN_TIGHT = re.compile(r"\b(?:input|prompt|prompts|inputs)\s*(?:tokens?|size|length)?\s*"
                       r"(?:of|is|are|=|:|~|around|about)?\s*$")
_OUT_TIGHT = re.compile(r"\b(?:output|outputs|completion|completions|response|responses)\s*"
                        r"(?:tokens?|size|length)?\s*(?:of|is|are|=|:|~|around|about)?\s*$")
_CONTEXT_AFTER = re.compile(r"^\s*\+?\s*(?:-?\s*tokens?\s*)?(?:of\s+)?(?:context|ctx|window)\b")
_CONTEXT_BEFORE = re.compile(r"\b(context|ctx|window)\s*(?:window|length|size)?\s*(?:of|>=|≥|>|"
                             r"at\s+least|over|above|more\s+than|:|=|minimum|min|around|"
                             r"beyond|greater\s+than|bigger\s+than|larger\s+than)?\s*"
                             r"(?:at\s+least|of)?\s*$")
_AT_LEAST_BEFORE = re.compile(r"(?:>=|≥|>|at\s+least|more\s+than|over|above|minimum(?:\s+of)?|"
                              r"min|beyond|no\s+less\s+than)\s*$")
_MEMORY_AFTER = re.compile(r"^\s*(?:gb|gib|gigs?|gigabytes?|g)\b")
_MONEY_WORD_AFTER = re.compile(r"^\s*(?:usd|dollars?|bucks)\b")
_PRICE_UNIT = re.compile(r"^\s*(?:usd|dollars?)?\s*(?:per|/|a|an)\s*(?:1\s*m\b|m\b|million|"
                         r"mtok|1k\b|k\b|thousand|token)")
_MONEY_PERIOD = re.compile(r"^\s*(?:usd|dollars?|bucks)?\s*(?:" + _PER + r"\s*)?"
                           + _PERIOD + r"\b")
_MONEY_ADVERB = re.compile(r"^\s*(?:usd|dollars?|bucks)?\s*(daily|monthly|weekly|yearly|"
                           r"annually)\b")
_PERCENT_AFTER = re.compile(r"^\s*(?:%|percent|pct)")
_TIMES_AFTER = re.compile(r"^\s*(?:x|×|times)\b|^\s*(?:x|×)(?=\s|$)")
_REASONING_AFTER = re.compile(r"^\s*-?\s*(?:tokens?\s+of\s+)?(?:reasoning|thinking)"
                              r"(?:\s+tokens?)?\b")
_PAIR = re.compile(r"(?P<a>\d[\d,.]*\s*[km]?)\s*(?:/|→|->|and)\s*(?P<b>\d[\d,.]*\s*[km]?)\s*"
                   r"(?:tokens?\s*)?(?:in\s*/\s*out|input\s*/\s*output|prompt\s*/\s*"
                   r"(?:completion|response)|tokens?\s+(?:in\s+and\s+out|each\s+way))",
                   re.IGNORECASE)
_PAIR_BEFORE = re.compile(r"(?:in\s*/\s*out|input\s*/\s*output|prompt\s*/\s*completion)\s*"
                          r"(?:tokens?)?\s*(?:of|:|=|is|are)?\s*(?P<a>\d[\d,.]*\s*[km]?)\s*/\s*"
                          r"(?P<b>\d[\d,.]*\s*[km]?)", re.IGNORECASE)
_WORD_MULT = re.compile(r"\b(double|twice|triple|quadruple|half|halve|halved|doubled|tripled)\b"
                        r"(?!\s+an?\s+(?:million|thousand|billion|dozen))"
                        r"(?:\s+(?:the|our|my|that|as\s+much))?\s*(?:traffic|volume|requests|"
                        r"load|usage|users|calls)?")
_TRAFFIC_WORDS = re.compile(r"traffic|volume|requests|load|usage|users|calls|scale|queries")
_QUANT = re.compile(r"\b(q[2-8](?:_k(?:_[msl])?|_[01])?|int[48]|fp(?:4|8|16|32)|bf16|nf4|awq|"
                    r"gptq|(?:2|3|4|5|6|8|16|32)[-\s]?bits?)\b", re.IGNORECASE)
_WORD_MULTIPLIER = {"double": 2.0, "doubled": 2.0, "twice": 2.0, "triple": 3.0, "tripled": 3.0,
                    "quadruple": 4.0, "half": 0.5, "halve": 0.5, "halved": 0.5}


@dataclass
class Quantities:
    """Numbers a question states, by meaning; None where it states nothing."""

    input_tokens: int | None = None
    output_tokens: int | None = None
    reasoning_tokens: int | None = None
    requests: int | None = None
    period: str | None = None  # "day" or "month" after conversion
    monthly_budget_usd: float | None = None
    max_price_per_m: float | None = None
    gpu_memory_gb: float | None = None
    min_context: int | None = None
    cached_input_share: float | None = None
    traffic_multiplier: float | None = None
    quantization: str | None = None
    users: int | None = None
    users_period: str | None = None
    per_user: float | None = None
    per_user_period: str | None = None
    max_input_price_per_m: float | None = None
    max_output_price_per_m: float | None = None
    total_tokens: dict[str, int] = field(default_factory=dict)
    total_period: str | None = None
    split: tuple[float, float] | None = None
    year_figure: bool = False
    negatives: list[str] = field(default_factory=list)
    undirected: bool = False
    notes: list[str] = field(default_factory=list)
    unclassified: list[float] = field(default_factory=list)

    def any_workload(self) -> bool:
        """Whether any traffic or token figure was stated."""
        return bool(self.total_tokens) or any(
            v is not None for v in (self.input_tokens, self.output_tokens, self.requests,
                                    self.traffic_multiplier, self.users, self.per_user))


def extract_quantities(masked: str) -> Quantities:
    """Classify every number in ``masked`` (model/hardware names already blanked)."""
    low = nights_as_days(masked.lower())
    q = Quantities()
    used: set[int] = set()
    for pattern in (_PAIR, _PAIR_BEFORE):
        m = pattern.search(low)
        if m:
            a, b = find_numbers(m.group("a")), find_numbers(m.group("b"))
            if a and b:
                if a[0].value + b[0].value == 100 and max(a[0].value, b[0].value) < 100:
                    q.split = (a[0].value / 100, b[0].value / 100)  # "80/20 in/out": shares
                else:
                    q.input_tokens, q.output_tokens = a[0].as_int, b[0].as_int
                used.update(range(m.start(), m.end()))
                break
    m = _QUANT.search(low)
    if m:
        q.quantization = _quant_label(m.group(1))
        low = low[:m.start()] + " " * (m.end() - m.start()) + low[m.end():]
    for n in find_numbers(low):
        if n.start in used or _price_unit(n, low):
            continue
        _classify(n, low, q)
    _finish(q, low)
    if q.traffic_multiplier is None:
        wm = _WORD_MULT.search(low)
        if wm and (_TRAFFIC_WORDS.search(wm.group(0)) or "traffic" in low or "request" in low):
            q.traffic_multiplier = _WORD_MULTIPLIER[wm.group(1)]
    return q


def _price_unit(n: NumberSpan, low: str) -> bool:
    """The "1M" of "$3 per 1M tokens": a price's unit, not a quantity."""
    before = low[max(0, n.start - 8):n.start]
    return (n.value in (1_000, 1_000_000) and not n.currency
            and bool(re.search(r"(?:\bper|/|\ba|\ban)\s*$", before))
            and bool(re.match(r"^\s*(?:input\s+|output\s+|prompt\s+|completion\s+)?"
                              r"(?:tokens?|toks?|mtok)\b|^\s*(?:[,.;:!?)]|$)|"
                              r"^\s*(?:input|output|prompt|completion|in|out)\b",
                              low[n.end:n.end + 20])))


def _finish(q: Quantities, low: str) -> None:
    """Rules over the whole question once every number is classified."""
    if q.total_tokens and q.requests is not None and "all" not in q.total_tokens \
            and max(q.total_tokens.values()) <= 200_000:
        q.total_tokens, q.total_period = {}, None  # "…, 250 out — monthly?": sizes, not totals
    if q.total_tokens and q.requests is None:
        # "40M prompt tokens and 6M completion tokens a month": the period covers both
        for name, value in (("input", q.input_tokens), ("output", q.output_tokens),
                            ("reasoning", q.reasoning_tokens)):
            if value is not None and "all" not in q.total_tokens:
                q.total_tokens.setdefault(name, value)
    if q.users is not None and q.requests is None:
        if q.per_user is not None:
            per_user, unit = q.per_user, q.per_user_period or "month"
            q.requests, q.period, note = per_period(q.users * per_user, unit)
            q.notes.append(f"{q.users:,} users × {per_user:,g} each a {unit} = "
                           f"{q.users * per_user:,.0f} requests a {unit}")
            if note:
                q.notes.append(note)
        elif q.users_period is not None:
            q.requests, q.period, note = per_period(q.users, q.users_period)
            if note:
                q.notes.append(note)
    if q.total_tokens:
        q.input_tokens = q.output_tokens = None
        if "reasoning" in q.total_tokens:
            q.reasoning_tokens = None


def _quant_label(raw: str) -> str:
    text = raw.lower().replace(" ", "").replace("-", "")
    bits = re.match(r"(\d+)bits?$", text)
    if bits:
        return {"2": "Q2", "3": "Q3", "4": "Q4", "5": "Q5", "6": "Q6", "8": "Q8",
                "16": "FP16", "32": "FP32"}[bits.group(1)]
    return text.upper()


def _classify(n: NumberSpan, low: str, q: Quantities) -> None:  # noqa: C901 - a flat rule list
    before = low[max(0, n.start - 48):n.start]
    after = low[n.end:n.end + 60]
    value = n.value
    if _NEGATIVE_BEFORE.search(before) and not n.currency:
        noun = re.match(r"^\s*([a-z]+(?:\s+tokens?)?)", after)
        q.negatives.append(f"-{n.text}" + (f" {noun.group(1)}" if noun else ""))
        return
    if n.currency and _NEGATIVE_BEFORE.search(before):
        q.negatives.append(f"-{n.text}")
        return
    users = _USERS.match(after)
    if users:
        q.users = n.as_int
        later = _PERIOD_LATER.match(after[users.end():])
        if later and not re.match(r"^\s*,?\s*(?:each|every|who|that|sending|send)",
                                  after[users.end():]):
            q.users_period = later.group(1) or later.group(2)
        return
    if _PERCENT_AFTER.match(after):
        if re.search(r"cach|cash(?:ed|ing)", low) and 0 <= value <= 100:
            q.cached_input_share = value / 100
        return
    if _TIMES_AFTER.match(after):
        q.traffic_multiplier = value
        return
    if _MEMORY_AFTER.match(after):
        q.gpu_memory_gb = value
        return
    if n.currency or _MONEY_WORD_AFTER.match(after):
        _money(value, before, after, q)
        return
    if _REASONING_AFTER.match(after) or _REASONING_BEFORE.search(before[-32:]):
        q.reasoning_tokens = n.as_int
        _total(n, after, "reasoning", q)
        return
    fields = (q.input_tokens, q.output_tokens, q.min_context)
    if _tokens_or_context(n, before, after, q):
        for name, old, new in zip(("input", "output", "context"), fields,
                                  (q.input_tokens, q.output_tokens, q.min_context), strict=True):
            if new != old and name != "context":
                _total(n, after, name if _directed(before, after) else "all", q)
        return
    m = _REQ_AFTER.match(after) or _REQ_ADVERB.match(after)
    per_user = q.users is not None and bool(_EACH.search(before[-40:])
                                            or _EACH.search(after[:40])
                                            or re.search(r"(?:\bx|×|\*|\btimes)\s*$",
                                                         before))
    if m:
        if per_user:
            q.per_user, q.per_user_period = value, PERIOD_WORDS.get(m.group(1), "month")
            return
        q.year_figure = q.year_figure or PERIOD_WORDS.get(m.group(1)) == "year"
        q.requests, q.period, note = per_period(value, m.group(1))
        if note:
            q.notes.append(note)
        return
    if _REQ_NOUN.match(after):
        if per_user:
            later = _PERIOD_LATER.match(after)
            q.per_user = value
            q.per_user_period = PERIOD_WORDS.get((later.group(1) or later.group(2))
                                                  if later else "month", "month")
            return
        mb = _REQ_BEFORE.search(before)  # "a daily batch of 50k docs"
        if mb:
            q.requests, q.period, note = per_period(value, mb.group(1).split()[-1])
            q.notes += [note] if note else []
            return
        q.requests, q.period = n.as_int, None
        return
    mb = _REQ_BEFORE.search(before)
    if mb:
        unit = mb.group(1).split()[-1]
        q.requests, q.period, note = per_period(value, unit)
        if note:
            q.notes.append(note)
        return
    q.unclassified.append(value)


def _tokens_or_context(n: NumberSpan, before: str, after: str, q: Quantities) -> bool:
    value = n.as_int
    tokenish = bool(_TOKENS_AFTER.match(after))
    noun = _REQ_NOUN.match(after) or _REQ_AFTER.match(after)
    singular = re.match(r"^\s*(?:prompt|completion)\b(?!\s+(?:a|an|per|each|every)\s)", after)
    if noun and not tokenish and not singular and not re.match(r"^\s*-?\s*(?:tokens?|toks?)\b",
                                                               after[noun.end():]):
        return False  # "… 500 out 3000 requests a day": 3000 is traffic
    tight = before[-24:]
    if _IN_TIGHT.search(tight):
        q.input_tokens = value
        return True
    if _OUT_TIGHT.search(tight):
        q.output_tokens = value
        return True
    if ((_CONTEXT_AFTER.match(after) or _CONTEXT_BEFORE.search(before))
            and "per request" not in after[:40]):
        q.min_context = value
        return True
    in_after = _IN_AFTER.match(after)
    if in_after and (tokenish or in_after.group(1) != "in"
                     or re.match(r"^\s*in\s*(?:[,/;)]|and\b|$|\+|\d[\d,.]*\s*[km]?\s*"
                                 r"(?:tokens?\s*)?out\b)", after)):
        q.input_tokens = value
        return True
    if _OUT_AFTER.match(after) and (tokenish or not re.match(r"^\s*back\b", after)):
        q.output_tokens = value
        return True
    if tokenish:
        rest = _TOKENS_AFTER.sub("", after, count=1)
        if re.match(r"^\s*(?:prompts?|inputs?|requests?|documents?|contexts?|queries|"
                    r"messages?)\b", rest) or _IN_BEFORE.search(before):
            q.input_tokens = value
        elif re.match(r"^\s*(?:answers?|responses?|outputs?|completions?|replies|summaries|"
                      r"generations?)\b", rest) or _OUT_BEFORE.search(before):
            q.output_tokens = value
        elif _AT_LEAST_BEFORE.search(before):
            q.min_context = value
        elif q.input_tokens is None:
            q.input_tokens = value
            q.undirected = True  # "5M tokens": which way is not said
        else:
            q.output_tokens = value
        return True
    if _IN_BEFORE.search(before) and not re.search(r"(request|requests)\s*$", before):
        q.input_tokens = value
        return True
    if _OUT_BEFORE.search(before):
        q.output_tokens = value
        return True
    return False


def _directed(before: str, after: str) -> bool:
    """Whether a token figure says which way it goes (input or output)."""
    return bool(re.match(r"^\s*(?:-?\s*tokens?\s*)?(?:of\s+)?" + _IN_WORDS + r"|^\s*(?:-?\s*"
                         r"tokens?\s*)?(?:of\s+)?" + _OUT_WORDS, after)
                or _IN_BEFORE.search(before) or _OUT_BEFORE.search(before))


def _total(n: NumberSpan, after: str, name: str, q: Quantities) -> None:
    """Mark a token figure as a total when a period or "in total" follows it in its clause."""
    later = _PERIOD_LATER.match(after)
    clause = re.split(r"[,.;:!?]", after, maxsplit=1)[0]
    if later is None and not _TOTAL_WORDS.search(clause[:40]):
        return
    if later and re.match(r"^\s*(?:tokens?\s+)?(?:\w+\s+){0,2}(?:per|each|every|a)\s+"
                          r"(?:request|call|query|message|prompt|reply|response)", after):
        return  # "2k tokens per request"
    q.total_tokens[name] = n.as_int
    if later:
        q.total_period = PERIOD_WORDS.get(later.group(1) or later.group(2), "month")


def _money(value: float, before: str, after: str, q: Quantities) -> None:
    if _PRICE_UNIT.match(after):
        q.max_price_per_m = value
        head = after[:48]
        tail = re.split(r"[,;]|\band\b", before)[-1]
        if not re.search(r"\b(?:input|prompt|in|output|completion|out|generated|response)\b",
                         head.split(",")[0]):
            head = tail  # "output price max $10/1M tokens"
        out = re.search(r"\b(?:output|completion|out|generated|response)\b", head)
        inp = re.search(r"\b(?:input|prompt|in|context)\b", head)
        if out and not (inp and inp.start() < out.start()):
            q.max_output_price_per_m = value
        elif inp:
            q.max_input_price_per_m = value
        return
    m = _MONEY_PERIOD.match(after) or _MONEY_ADVERB.match(after)
    q.year_figure = q.year_figure or bool(m and PERIOD_WORDS.get(m.group(1)) == "year")
    monthly, note = monthly_money(value, m.group(1) if m else None)
    q.monthly_budget_usd = monthly
    if note:
        q.notes.append(note)
