"""The grounding check: every figure in an answer must appear in a tool result of that turn.

Figures are compared as numbers, not strings, at the precision the answer shows them:
"2,400" matches 2400; "$0.0024" matches 0.002436; "262k" matches 262,144; "$1,234" matches
1234.4; "50%" matches 0.5 or 50; "3.36e-05" matches 0.0000336. Bare integers up to 10 with no
unit (list numbers, "2 models") and Markdown list markers are not figures.

For a turn, ``turn_evidence`` gathers what the answer may use (tool results and arguments,
the user's own figures), ``own_text`` leaves out what was copied verbatim from a tool, and
``drop_from_segments`` removes the sentences holding unverified figures from the text the
responder or the LLM wrote (embedded tool results are the tools' own words and stay whole).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Any

from advisor.agent.answer import Segment, ToolCallRecord
from advisor.tools.documents import DocumentSearchResult

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
MIN_QUOTED_CHARS = 6  # shorter result strings ("4B", "2026") are checked as figures
UNVERIFIED_NOTE = ("_Note: {n} figure(s) could not be verified against this turn's tool results "
                   "and the sentence(s) holding them were removed._")


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


# --- a turn's answer ---------------------------------------------------------------------------
def turn_evidence(calls: list[ToolCallRecord], *user_figures: Any) -> Evidence:
    """Numbers a turn's answer may use: tool results and arguments, and the user's figures.

    The user's figures are the question, the profile and the workload the planner read from
    the thread.
    """
    evidence = Evidence()
    for call in map(trusted_call, calls):
        evidence.add(call.args)
        evidence.add(call.data)
        evidence.add(call.result_markdown)
        evidence.add(call.error)
    for given in user_figures:
        evidence.add(given)
    return evidence


def own_text(body: str, calls: list[ToolCallRecord]) -> str:
    """The answer body without what was copied verbatim from a tool.

    Lines of a tool's Markdown and strings of its result (model names, reasons, verdicts) are
    grounded as they are; what is left is what the responder or the LLM wrote itself. Quotes
    of the user's own documents are the user's words: they are left out too, and their text
    is no tool output (``trusted_call``).
    """
    calls = [trusted_call(c) for c in calls]
    quoted = {line.strip() for call in calls
              for line in (call.result_markdown or "").splitlines() if line.strip()}
    text = "\n".join(line for line in without_user_quotes(body).splitlines()
                     if line.strip() not in quoted)
    leaves: set[str] = set()
    for call in calls:
        _string_leaves(call.data, leaves)
    for leaf in sorted(leaves, key=len, reverse=True):
        if leaf in text:
            text = text.replace(leaf, " ")
    return text


def _string_leaves(data: Any, out: set[str]) -> None:
    if isinstance(data, str):
        if len(data) >= MIN_QUOTED_CHARS and any(ch.isdigit() for ch in data):
            out.add(data)
    elif isinstance(data, dict):
        for value in data.values():
            _string_leaves(value, out)
    elif isinstance(data, list):
        for item in data:
            _string_leaves(item, out)


def drop_from_segments(segments: list[Segment], bad: list[Figure]
                       ) -> tuple[list[Segment], list[str]]:
    """The segments without the sentences (or table rows) of text holding ``bad`` figures.

    A note saying how many figures were removed ends the answer.
    """
    kept: list[Segment] = []
    removed: list[str] = []
    for seg in segments:
        if seg.kind != "text":
            kept.append(seg)
            continue
        body, gone = drop_unverified(seg.markdown, bad)
        removed += gone
        if body.strip():
            kept.append(seg.model_copy(update={"markdown": body}))
    n = len({f.text for f in bad})
    kept.append(Segment(kind="text", markdown=UNVERIFIED_NOTE.format(n=n)))
    return kept, removed


# --- user documents are not evidence -----------------------------------------------------------
_USER_ATTRIBUTION = "— *your document "


def trusted_call(call: ToolCallRecord) -> ToolCallRecord:
    """A tool call with the text of passages from the user's own files taken out.

    What only a user's document states (a $0 price, a bigger context window) is no evidence
    for a figure in an answer: prices and specs come from catalog tools. The passages stay
    quotable, labelled as the user's (see :func:`without_user_quotes`).
    """
    result = call.result_as(DocumentSearchResult)
    if result is None:
        return call
    texts = [t for h in result.hits if h.origin == "user"
             for t in (h.text, h.title, h.section) if t.strip()]
    if not texts:
        return call
    hits = [h.model_copy(update={"text": "", "title": "", "section": ""})
            if h.origin == "user" else h for h in result.hits]
    markdown = call.result_markdown or ""
    for text in sorted(texts, key=len, reverse=True):
        markdown = markdown.replace(text, " ")
    return call.model_copy(update={"result": result.model_copy(update={"hits": hits}),
                                   "result_markdown": markdown})


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
