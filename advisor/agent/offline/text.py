"""Reading numbers the way people write them: 2k, 2,000, 1.5M, "a million", 10k/day."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "mil": 1_000_000,
    "million": 1_000_000, "mio": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
MAX_VALUE = 1e15
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100,
    "half a": 0.5, "a hundred": 100, "a few": 3,
}
_WORD_NUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_MULT = r"(?:thousand|million|billion|mil|mio|bn|mm|k|m|b)"

# A number as written: optional currency, digits with separators, optional multiplier.
NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<cur>\$|usd\s?|€)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<mult>" + _MULT + r")(?![a-z]))?"
    r"|(?<![\w.])(?P<word>" + _WORD_NUM + r")\s(?P<wmult>thousand|million|billion)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Token:
    """A word of a question as written, lower-cased, and where it sits."""

    text: str
    low: str
    start: int
    end: int


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
_ID_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+/:-]*")


def tokenize(text: str, *, ids: bool = False) -> list[Token]:
    """The words of ``text``: names keep their dots, dashes and pluses ("qwen3.5-27b").

    With ``ids``, slashes and colons stay inside a word too ("qwen/qwen3.5:free"), as model
    ids are written; trailing punctuation is never part of a word.
    """
    pattern, trailing = (_ID_WORD, ".-+/:") if ids else (_WORD, ".-+")
    out = []
    for m in pattern.finditer(text):
        raw = m.group(0).rstrip(trailing)
        if raw:
            out.append(Token(raw, raw.lower(), m.start(), m.start() + len(raw)))
    return out


def joined(text: str, a: Token, b: Token) -> bool:
    """Whether two tokens are separated by spaces alone."""
    return text[a.end:b.start].strip() == ""


@dataclass(frozen=True)
class NumberSpan:
    """A number found in text, with where it sits and how it was written."""

    value: float
    start: int
    end: int
    currency: bool
    text: str

    @property
    def as_int(self) -> int:
        """The value rounded to a whole number."""
        return int(round(self.value))


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number in ``text`` (``2k`` → 2000, ``1.5M`` → 1,500,000, ``a million``)."""
    out = []
    for m in NUMBER_RE.finditer(text):
        if m.group("word"):
            value = WORD_NUMBERS[m.group("word").lower()] * MULTIPLIERS[m.group("wmult").lower()]
            out.append(NumberSpan(float(value), m.start(), m.end(), False, m.group(0)))
            continue
        value = float(m.group("num").replace(",", ""))
        mult = (m.group("mult") or "").lower()
        if mult:
            value *= MULTIPLIERS[mult]
        if not math.isfinite(value) or value > MAX_VALUE:
            continue  # "999…9": not a quantity anyone means
        out.append(NumberSpan(value, m.start("cur") if m.group("cur") else m.start("num"),
                              m.end(), bool(m.group("cur")), m.group(0).strip()))
    return out


# Multipliers after a digit or "a/an" are folded into the number first ("1.5 million" → 1.5M),
# so the number-word converter only sees words it owns ("two thousand" → 2000).
_DIGIT_MULT = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s+(thousand|million|billion)\b",
                         re.IGNORECASE)
_ARTICLE_MULT = re.compile(r"\b(half\s+an?|an?)\s+(hundred|thousand|million|billion)\b",
                           re.IGNORECASE)
_PER_MULT = re.compile(r"(?<![\w.])(per|/|each|(?<!half\s)an?)\s*(million|thousand)\b",
                       re.IGNORECASE)
_A_DOLLAR = re.compile(r"\b(?:a|one)\s+(?:dollar|buck)\b", re.IGNORECASE)
_CENTS = re.compile(r"(?<![\w.$])(\d+(?:\.\d+)?)\s*(?:cents?|¢)(?!\w)", re.IGNORECASE)
_SUFFIX = {"hundred": ("", 100), "thousand": ("k", 1), "million": ("M", 1), "billion": ("B", 1)}


def spell_numbers(text: str) -> str:
    """``text`` with numbers written in words turned into digits, positions otherwise kept.

    "two thousand users" → "2000 users", "half a million" → "0.5M", "a dollar" → "$1";
    isolated small words ("this one", "the second one") are left alone. Uses ``text2num``
    (English rules, punctuation aware) rather than a hand-written list of number words.
    """
    def article(m: re.Match[str]) -> str:
        half = m.group(1).lower().startswith("half")
        suffix, scale = _SUFFIX[m.group(2).lower()]
        value = (0.5 if half else 1) * scale
        return f"{value:g}{suffix}"

    out = _DIGIT_MULT.sub(lambda m: m.group(1) + _SUFFIX[m.group(2).lower()][0]
                          if m.group(2).lower() != "hundred" else m.group(0), text)
    out = _PER_MULT.sub(lambda m: f"{m.group(1)} 1{_SUFFIX[m.group(2).lower()][0]}", out)
    out = _ARTICLE_MULT.sub(article, out)
    out = _A_DOLLAR.sub("$1", out)
    out = _CENTS.sub(lambda m: f"${float(m.group(1)) / 100:g}", out)
    try:
        from text_to_num import alpha2digit
    except ImportError:  # pragma: no cover - a declared dependency; digits still work without
        return out
    return str(alpha2digit(out, "en"))
