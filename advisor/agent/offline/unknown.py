"""Model names the catalog does not know, read where a question expects a model.

Entity resolution finds catalog names and brand-led near misses ("claude 9 opus"). A question
that needs a model (specs, cost, a diff or comparison, hardware) but names one the catalog has
never heard of ("How much does Zzzmodel 9000 cost?", "context window of Mistral Hyperion 12B")
would otherwise have no model at all and get the help text, and "compare gpt-9-ultra with
gemma 3 4b" would fail as a whole. This module finds such names, so the planner can answer
"no model named …, closest matches …" and still answer for the models it does know.

Only as much is looked for as the phrasing leaves open: with no model found and a question that
needs one, any name-like span; with one model found and a comparison asked for, the second
name; otherwise only a name listed next to a found one ("gemma 3 4b and Zzz 7"). A span is
name-like when it holds a token mixing letters and digits that is not an amount, a size alone or
a quantization (``gpt-9-ultra``, ``Hyperion 12B``), an id with a slash, a word followed by a
version number (``Zzzmodel 9000``), or a capitalised word inside a sentence; an ordinary
lower-case word only counts in the tightest slots ("X vs Y", "compare X with Y", "how much does
X cost", "context window of X"). Makers, providers, licences, hardware, languages, bare brands
("which Claude") and words after "on/via/in" are never read as models, and questions asking for
a recommendation are left to the recommender.
"""

from __future__ import annotations

import re

from advisor.agent.offline.constraints import size_ceiling_spans
from advisor.agent.offline.entities import (
    AMBIGUOUS_BRANDS,
    Mentions,
    ModelMention,
    UnknownMention,
    is_amount,
    is_provider,
)
from advisor.agent.offline.intents import Cues
from advisor.agent.offline.text import Token, joined, tokenize
from advisor.agent.offline.vocab import (
    BRANDS,
    COMMON_WORDS,
    LANGUAGES,
    NOT_MODEL_WORDS,
    SPEC_NOUNS,
)
from advisor.catalog import UnknownModelError, get_catalog

MODEL_KINDS = frozenset({"specs", "cost", "diff", "compare", "hardware"})
MAX_SPAN = 5
MAX_WEAK_SPAN = 3
# quantizations, ordinals, metrics and file formats: technical words, never a model name
_TECH_TERM = re.compile(r"^(?:\d+(?:\.\d+)?-?bits?|q\d\w*|fp\d+|bf16|int\d+|\d+(?:st|nd|rd|th)|"
                    r"gguf|awq|gptq|mlx|\d+(?:\.\d+)?(?:gb|tb|k|m)?\+|"
                    r"f1|p\d{2}|top-?\d+|pass@\d+|mp[34]|h26[45]|utf-?8|ipv[46]|[sl]\d|i18n)$")
_SIZE = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[bm]$|^[ae]\d+(?:\.\d+)?b$")
_HARDWARE = re.compile(r"^(?:rtx|gtx|rx|m[1-9]|[ahlv]\d{2,3}|t4|mi\d{3}|gb?\d{3})$")
_BEFORE_PLACE = re.compile(r"\b(?:on|via|through|using|from|at|in|inside|into|onto|under|"
                           r"over|per|across)\s+(?:(?:the|a|an|my|our|your|two|four|eight|"
                           r"some)\s+)?$", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s*(?:[,&+/]\s*)?(?:(?:and|or|vs\.?|versus|plus|nor)\s+)?",
                          re.IGNORECASE)
_COMPARATIVE = re.compile(r"\b(?:than|vs\.?|versus|against|compar\w*|between)\b",
                          re.IGNORECASE)
_COMPARING = re.compile(r"\bcompar\w*|\bbetween\b", re.IGNORECASE)
_SENTENCE_END = ".?!\n"
_NOT_NAMES = NOT_MODEL_WORDS | frozenset(LANGUAGES)
_MODEL_NOUNS = frozenset({"model", "models", "llm", "llms", "ones", "one", "weights"})
_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ous", "ful",
             "less", "able", "ible", "ed", "ly", "ive")
HARD, CAPS, WEAK = 3, 2, 1


def find_unlisted(question: str, mentions: Mentions, cues: Cues) -> Mentions:
    """``mentions`` plus the model-like names it missed where the question expects a model.

    Each new name is resolved once more (a typo the catalog forgives becomes a model); the rest
    become unknown mentions carrying the catalog's closest names. Returns ``mentions`` itself
    when nothing is added.
    """
    mode = _mode(mentions, cues)
    if mode is None:
        return mentions
    found = [s for s in _spans(question, mentions.masked)
             if _accepted(s, question, mentions, mode)]
    if not found:
        return mentions
    models, unknown = list(mentions.models), list(mentions.unknown)
    catalog = get_catalog()
    for span in found:
        phrase = question[span[0].start:span[-1].end]
        start, end = span[0].start, span[-1].end
        try:
            model = catalog.resolve(phrase)
        except UnknownModelError as exc:
            unknown.append(UnknownMention(phrase, tuple(exc.suggestions), start, end))
            continue
        if all(m.key != model.key for m in models):
            models.append(ModelMention(model.name, model.key, phrase, start, end, fuzzy=True))
    masked = mentions.masked
    for span in found:
        s, e = span[0].start, span[-1].end
        masked = masked[:s] + " " * (e - s) + masked[e:]
    return Mentions(models=sorted(models, key=lambda m: m.start),
                    unknown=sorted(unknown, key=lambda u: u.start),
                    hardware=mentions.hardware, masked=masked)


def _mode(mentions: Mentions, cues: Cues) -> str | None:
    """How much to look for: "open", "strict" (clear names only), "second", "listed", None."""
    n = len(mentions.models) + len(mentions.unknown)
    kinds = cues.kinds
    if n == 0:
        if "recommend" in kinds or cues.alternative:
            return None  # "which model is cheapest for coding?": the recommender's question
        if kinds & MODEL_KINDS and "document" not in kinds:
            return "open"
        return "strict"  # "tell me about Zzz 9", "what about Zzz 9?", "Zzz 9"
    if n < 2 and (kinds & {"compare", "diff"} or _COMPARATIVE.search(mentions.masked)):
        return "second"  # "Is Hyperion 12B cheaper than Gemma 3 4B?"
    return "listed"


# --- spans of name-like tokens ----------------------------------------------------------------
def _is_number(low: str) -> bool:
    return low.replace(".", "").replace(",", "").isdigit()


def _is_stop(low: str) -> bool:
    """An ordinary word, an amount, a quantization, hardware: never part of a model name."""
    if low in COMMON_WORDS or low in NOT_MODEL_WORDS or (len(low) == 1 and low.isalpha()):
        return True
    if is_amount(low) or _TECH_TERM.match(low) or _HARDWARE.match(low):
        return True
    parts = [p for p in re.split(r"[-/]", low) if p]
    return len(parts) > 1 and all(_is_stop(p) or _is_number(p) for p in parts)


def _spans(question: str, masked: str) -> list[list[Token]]:
    """Runs of non-stop tokens joined by spaces alone (in the question, not just the mask).

    Each run is widened by capitalised ordinary words beside it ("Stable Diffusion",
    "Hyperion Pro").
    """
    toks = tokenize(masked, ids=True)
    spans: list[list[int]] = []
    run: list[int] = []
    for i, tok in enumerate(toks):
        linked = bool(run) and joined(question, toks[run[-1]], tok)
        if _is_stop(tok.low) or (run and not linked) or len(run) >= MAX_SPAN:
            if run:
                spans.append(run)
            run = []
        if not _is_stop(tok.low):
            if not run and _is_number(tok.low):
                continue  # "9000 visitors": a leading number is an amount, not a name
            run.append(i)
    if run:
        spans.append(run)
    out = []
    for idx in spans:
        first, last = idx[0], idx[-1]
        while first > 0 and joined(question, toks[first - 1], toks[first]) \
                and _capitalised_word(question, toks[first - 1]):
            first -= 1
        while last + 1 < len(toks) and joined(question, toks[last], toks[last + 1]) \
                and _capitalised_word(question, toks[last + 1]):
            last += 1
        out.append(toks[first:last + 1])
    return out


def _capitalised_word(question: str, tok: Token) -> bool:
    """An ordinary word written as part of a name ("Stable", "Pro"), not a sentence's first."""
    return (tok.text[:1].isupper() and tok.low.isalpha() and len(tok.low) > 1
            and tok.low in COMMON_WORDS and tok.low not in NOT_MODEL_WORDS
            and not _sentence_start(question, tok))


def _name_tokens(span: list[Token]) -> list[Token]:
    return [t for t in span if not _is_number(t.low) and not _SIZE.match(t.low)]


def _sentence_start(question: str, tok: Token) -> bool:
    before = question[:tok.start].rstrip(" \t\"'(*_")
    return not before or before[-1] in _SENTENCE_END


def _strength(span: list[Token], question: str) -> int:
    """HARD (digits, an id, a version), CAPS (capitalised mid-sentence), WEAK, or 0."""
    names = _name_tokens(span)
    if not names:
        return 0  # "a 70B model": a size alone
    mixed = any(any(ch.isdigit() for ch in t.low) and any(ch.isalpha() for ch in t.low)
                for t in names)
    if mixed or any("/" in t.low for t in names) or len(names) < len(span):
        return HARD
    if any(t.text[0].isupper() and not _sentence_start(question, t)
           and not (t.text.isupper() and len(t.text) <= 5)
           and t.low not in _NOT_NAMES | BRANDS | AMBIGUOUS_BRANDS for t in names):
        return CAPS  # "Hyperion"; not "the newest Gemini", "German", "RLHF"
    return WEAK


def _other_name(span: list[Token], question: str) -> bool:
    """A maker, provider, licence, language, hardware or bare brand, not a model."""
    words = {p for t in _name_tokens(span) for p in re.split(r"[-/._:]", t.low) if p}
    alpha = {w for w in words if not any(ch.isdigit() for ch in w)}
    has_digit = any(ch.isdigit() for t in span for ch in t.low)
    if alpha and alpha <= _NOT_NAMES and words == alpha:
        return True  # "Apache 2.0", "Python 3"
    if not has_digit and alpha <= _NOT_NAMES | BRANDS | AMBIGUOUS_BRANDS:
        return True  # "which Claude", "OpenAI", "German"
    phrase = question[span[0].start:span[-1].end]
    if is_provider(phrase) or (not has_digit and is_provider(span[0].text)):
        return True
    before = question[:span[0].start]
    word = re.search(r"([A-Za-z]+)\s+$", before)
    if word and word.group(1).lower() in _NOT_NAMES:  # "on Apple Silicon", "via Together AI"
        before = before[:word.start()]
    return bool(_BEFORE_PLACE.search(before))


# --- where a span sits ---------------------------------------------------------------------------
def _words_before(question: str, start: int, n: int) -> list[str]:
    return re.findall(r"[a-z][\w.'-]*", question[:start].lower())[-n:]


def _word_after(question: str, end: int) -> str:
    m = re.match(r"\s+([A-Za-z][\w'-]*)", question[end:])
    return m.group(1).lower() if m else ""


def _directly_before(question: str, start: int) -> str:
    m = re.search(r"([A-Za-z][\w.'-]*)\s+$", question[:start])
    return m.group(1).lower() if m else ""


def _weak_slot(span: list[Token], question: str, mode: str) -> bool:
    """An ordinary-looking word in a slot only a model fills ("X vs Y", "how much does X cost")."""
    if len(span) > MAX_WEAK_SPAN:
        return False
    if any(t.low.split("-")[-1].isalpha() and t.low.split("-")[-1].endswith(_SUFFIXES)
           for t in span):
        return False  # "compare batching and streaming", "closed": words, not names
    start, end = span[0].start, span[-1].end
    prev, after = _directly_before(question, start), _word_after(question, end)
    before = _words_before(question, start, 3)
    if after in _MODEL_NOUNS:
        return False  # "compare open and closed models"
    if prev in {"vs", "vs.", "versus", "than", "against", "compare", "comparing", "between"} \
            or after in {"vs", "vs.", "versus"}:
        return True
    if prev in {"and", "with", "to", "or"} and _COMPARING.search(question[:start]):
        return True
    if mode == "second":
        return False
    if prev in {"does", "do", "would", "will", "is"} and before[-3:-1] == ["how", "much"] \
            and after in {"cost", "costs", "be", "charge", "run"}:
        return True
    if prev == "does" and after in {"support", "supports", "have", "accept", "take", "handle",
                                    "need", "cost"}:
        return True
    last = span[-1].low
    plural = last.isalpha() and last.endswith("s") and not last.endswith(("ss", "us", "is"))
    return prev in {"of", "for"} and len(before) >= 2 and before[-2] in SPEC_NOUNS \
        and after in {"", "and", "or", "vs", "versus"} and not plural  # "price for students"


def _listed(span: list[Token], question: str, mentions: Mentions) -> bool:
    """Named in a list with a model already found ("gemma 3 4b and Zzz 7", "Zzz 7, o3")."""
    start, end = span[0].start, span[-1].end
    named = [(m.start, m.end) for m in mentions.models]
    named += [(u.start, u.end) for u in mentions.unknown]
    for m_start, m_end in named:
        gap = question[m_end:start] if m_end <= start else question[end:m_start]
        if gap.strip() and _CONJUNCTION.fullmatch(gap):
            return True
    return False


_RATE = re.compile(r"[a-z]+\s*/\s*(?:day|d|month|mo|mon|mth|week|wk|hour|hr|h|minute|min|m|"
                   r"second|sec|s|year|yr)")


def _accepted(span: list[Token], question: str, mentions: Mentions, mode: str) -> bool:
    """Whether a span is read as a model name, given how much the question leaves open."""
    strength = _strength(span, question)
    if not strength or _other_name(span, question):
        return False
    if _RATE.fullmatch(question[span[0].start:span[-1].end].lower()):
        return False  # "msgs/day", "req/s": a unit of traffic
    if any(start < span[-1].end <= end for start, end in size_ceiling_spans(question)):
        return False  # "thats 8b or smaller": a size limit, not a model called "thats 8b"
    if mode == "strict":
        return strength == HARD
    if mode == "listed":
        return strength >= CAPS and _listed(span, question, mentions)
    if strength >= CAPS:
        return True
    return _weak_slot(span, question, mode)


# --- planning around them ------------------------------------------------------------------------
def set_aside_unknown(intent: str, models: list[str], unknown: set[str], families: set[str],
                      costed: bool, notes: list[str]) -> tuple[str, list[str], list[str]]:
    """Plan around names the catalog lacks; returns (intent, models to answer for, set aside).

    When every name is unknown the question is answered with their closest names (intent
    "unknown"), except a family name in a document question (every document of the family is
    searched) and a request for alternatives (recommended for the workload alone). When some are
    known, the unknown ones are set aside (to be looked up for their closest names) and the
    question is answered for the known ones: a comparison left with one model becomes its specs,
    or its cost when costs were asked about. A note says what was left out.
    """
    if intent == "document":
        if models and all(m in families for m in models):
            return intent, [], []  # "is gemma 2 ok for commercial use?": the whole family
        unknown = unknown - families
    missing = [m for m in models if m in unknown]
    if not missing:
        return intent, models, []
    known = [m for m in models if m not in unknown]
    if not known:
        if intent in ("recommend", "alternative"):
            notes.append(f"{_listing(missing)} {_be(missing)} not in the catalog, so the "
                         "recommendations below are for the workload alone.")
            return "recommend", [], missing
        return "unknown", models, []
    if intent in ("compare", "diff") and len(known) < 2:
        intent = "cost" if costed else "specs"
    notes.append(f"{_listing(missing)} {_be(missing)} not in the catalog, so only "
                 f"{_listing(known)} {_be(known)} answered below.")
    return intent, known, missing


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _be(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"
