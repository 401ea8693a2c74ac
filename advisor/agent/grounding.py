"""The grounding check: every figure in an answer must appear in a tool result of that turn.

Figures are compared as numbers, not strings, at the precision the answer shows them:
"2,400" matches 2400; "$0.0024" matches 0.002436; "262k" matches 262,144; "$1,234" matches
1234.4; "50%" matches 0.5 or 50; "3.36e-05" matches 0.0000336. Bare integers up to 10 with no
unit (list numbers, "2 models") and Markdown list markers are not figures.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Any

_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "B": 1e9, "bn": 1e9, "million": 1e6,
           "billion": 1e9, "thousand": 1e3, "T": 1e12}
FIGURE_RE = re.compile(
    r"(?<![\w.])(?P<cur>\$|€|USD\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+)"
    r"(?P<suf>\s?(?:million|billion|thousand)\b|(?:k|K|M|B|bn|T)(?![A-Za-z0-9])|%|\s?[x×](?!\w))?"
    r"(?![\w])",
)
_LIST_MARKER = re.compile(r"^(\s*)\d+[.)]\s", re.MULTILINE)
SMALL_INTEGER = 10


@dataclass(frozen=True)
class Figure:
    """A number as shown in an answer."""

    text: str
    mantissa: float
    decimals: int
    scale: float
    percent: bool
    bare_small: bool
    start: int
    end: int


def figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (list markers excluded)."""
    text = _LIST_MARKER.sub(lambda m: m.group(1) + "   ", text)
    out = []
    for m in FIGURE_RE.finditer(text):
        raw = m.group("num").replace(",", "")
        try:
            mantissa = float(raw)
        except ValueError:
            continue
        if "e" in raw.lower():
            digits = raw.lower().split("e")[0]
            exp = int(raw.lower().split("e")[1])
            decimals = (len(digits.split(".")[1]) if "." in digits else 0) - exp
        else:
            decimals = len(raw.split(".")[1]) if "." in raw else 0
        suf = (m.group("suf") or "").strip()
        scale = _SUFFIX.get(suf, 1.0)
        bare_small = (not suf and not m.group("cur") and decimals == 0
                      and mantissa <= SMALL_INTEGER)
        out.append(Figure(m.group(0).strip(), mantissa, decimals, scale, suf == "%",
                          bare_small, m.start(), m.end()))
    return out


class Evidence:
    """Numbers a turn's answer may use, gathered from tool results, arguments and the question.

    Numeric leaves are tested first; the strings (which results hold by the thousand) are only
    scanned for figures when an answer figure is not among the numbers, and then only once.
    """

    def __init__(self) -> None:
        self._numbers: set[float] = set()
        self._texts: list[str] = []
        self._pools: list[list[float]] | None = None

    def add(self, data: Any) -> Evidence:
        """Add a result, arguments or text."""
        _walk(data, self._numbers, self._texts)
        self._pools = None
        return self

    def values(self) -> set[float]:
        """Every number, including the figures inside strings."""
        return set(self._numbers) | set(self._text_values())

    def supports(self, fig: Figure) -> bool:
        """Whether some number displays as ``fig`` at its precision."""
        if self._pools is None:
            self._pools = [sorted(self._numbers)]
        if any(_any_between(self._pools[0], lo, hi) for lo, hi in _ranges(fig)):
            return True
        if len(self._pools) == 1:
            self._pools.append(sorted(self._text_values()))
        return any(_any_between(self._pools[1], lo, hi) for lo, hi in _ranges(fig))

    def _text_values(self) -> list[float]:
        out: list[float] = []
        if self._texts:
            for fig in figures("\n".join(self._texts)):
                out.append(fig.mantissa * fig.scale)
                if fig.percent:
                    out.append(fig.mantissa)
        return out


_DIGIT = re.compile(r"\d")


def _walk(data: Any, values: set[float], texts: list[str]) -> None:
    if isinstance(data, bool) or data is None:
        return
    if isinstance(data, int | float):
        if math.isfinite(float(data)):
            values.add(float(data))
    elif isinstance(data, str):
        if _DIGIT.search(data):
            texts.append(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            _walk(key, values, texts)
            _walk(value, values, texts)
    elif isinstance(data, list | tuple | set):
        values.add(float(len(data)))  # "its 15 routes": a count of what the tool returned
        for item in data:
            _walk(item, values, texts)


def _ranges(fig: Figure) -> list[tuple[float, float]]:
    """Value intervals that display as ``fig`` at its precision (and as a share, for %)."""
    tolerance = 0.5 * 10 ** (-fig.decimals)
    low, high = fig.mantissa - tolerance, fig.mantissa + tolerance
    slack = 1e-9 * max(1.0, abs(fig.mantissa))
    out = [((low - slack) * fig.scale, (high + slack) * fig.scale)]
    if fig.percent:
        out.append(((low - slack) / 100, (high + slack) / 100))
    return out


def unverified(answer: str, evidence: Evidence) -> list[Figure]:
    """Figures in ``answer`` that nothing in ``evidence`` supports."""
    return [fig for fig in figures(answer) if not fig.bare_small and not evidence.supports(fig)]


def _any_between(pool: list[float], low: float, high: float) -> bool:
    i = bisect.bisect_left(pool, low)
    return i < len(pool) and pool[i] <= high


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(\[“\"])")


def drop_unverified(answer: str, bad: list[Figure]) -> tuple[str, list[str]]:
    """Remove each sentence or table row holding an unverified figure; return what was removed."""
    if not bad:
        return answer, []
    texts = {f.text for f in bad}
    removed: list[str] = []
    lines_out = []
    for line in answer.splitlines():
        if not any(_contains_figure(line, t) for t in texts):
            lines_out.append(line)
            continue
        if line.lstrip().startswith("|"):
            removed.append(line.strip())
            continue
        prefix = re.match(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|#+\s+|>\s*)?", line)
        head = prefix.group(0) if prefix else ""
        sentences = _SENTENCE_END.split(line[len(head):])
        kept = []
        for sentence in sentences:
            if any(_contains_figure(sentence, t) for t in texts):
                removed.append(sentence.strip())
            else:
                kept.append(sentence)
        if kept and any(s.strip() for s in kept):
            lines_out.append(head + " ".join(kept))
    return "\n".join(lines_out), removed


def _contains_figure(sentence: str, text: str) -> bool:
    return any(f.text == text for f in figures(sentence))


# --- user documents are not evidence -----------------------------------------------------------
_USER_ATTRIBUTION = "— *your document "


def trusted_call(call: dict[str, Any]) -> dict[str, Any]:
    """A tool call's dump with the text of passages from the user's own files taken out.

    What only a user's document states (a $0 price, a bigger context window) is no evidence
    for a figure in an answer: prices and specs come from catalog tools. The passages stay
    quotable, labelled as the user's (see :func:`without_user_quotes`).
    """
    result = call.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("hits"), list):
        return call
    hits = result["hits"]
    texts = [str(h.get(k) or "") for h in hits
             if isinstance(h, dict) and h.get("origin") == "user"
             for k in ("text", "title", "section")]
    texts = [t for t in texts if t.strip()]
    if not texts:
        return call
    clean = dict(call)
    clean["result"] = {**result, "hits": [
        {**h, "text": "", "title": "", "section": ""}
        if isinstance(h, dict) and h.get("origin") == "user" else h for h in hits]}
    markdown = str(call.get("result_markdown") or "")
    for text in sorted(texts, key=len, reverse=True):
        markdown = markdown.replace(text, " ")
    clean["result_markdown"] = markdown
    return clean


def without_user_quotes(answer: str) -> str:
    """``answer`` without the blockquotes attributed to the user's own documents.

    A quote labelled "your document X" is shown as the user's words, not as the advisor's
    claim, so its figures are not checked (and never count as evidence elsewhere).
    """
    out: list[str] = []
    block: list[str] = []
    for line in [*answer.splitlines(), ""]:
        if line.lstrip().startswith(">"):
            block.append(line)
            continue
        if block and not any(_USER_ATTRIBUTION in b for b in block):
            out += block
        block = []
        out.append(line)
    return "\n".join(out[:-1])
