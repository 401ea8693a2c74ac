"""Finding model names and hardware in a question.

Model names come from catalog name resolution over the question's word n-grams, longest first;
a span of only common words or bare numbers is never a model ("chat", "free", "32"), and a bare
brand ("Claude", "GPT") is too vague to pick one model. Brand-led spans that do not resolve
exactly get the catalog's fuzzy resolution (typos) or become an *unknown* mention answered with
the closest names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from advisor.agent.offline.shortnames import MAX_WORDS, name_words, resolve_short
from advisor.agent.offline.text import Token, joined, tokenize
from advisor.agent.offline.vocab import BRANDS, COMMON_WORDS, word_set
from advisor.catalog import UnknownModelError, get_catalog
from advisor.catalog.names import normalize
from advisor.config import get_settings

MAX_NGRAM = 6
# Bare brands name a family, not a model: "which Claude is cheapest" has no model in it.
AMBIGUOUS_BRANDS = word_set("""claude gemini gpt llama qwen mistral deepseek grok kimi gemma
phi glm minimax chatgpt nova command jamba yi doubao hunyuan ernie seed granite olmo falcon
mixtral""")
# A number that is an amount (2k, 24gb, 10x), not a version or size inside a model name.
_AMOUNT = re.compile(r"^\$|\d,\d|^\d+(?:\.\d+)?(?:k|m|mm|bn|gb|gib|tb|mb|x|%|ms)$")
# Words that may follow a brand inside a model name ("claude opus 4.6", "gemma 3 4b it").
_NAME_WORDS = word_set("""pro mini flash coder instruct plus max turbo haiku sonnet opus guard
maverick scout nano lite large small medium vl omni chat reasoner thinking it e2b e4b a4b
a10b a3b a17b exp preview coder-next next air""")


@dataclass(frozen=True)
class ModelMention:
    """A model named in the question, resolved in the catalog."""

    name: str
    key: str
    text: str
    start: int
    end: int
    fuzzy: bool = False
    how: str = "exact"


@dataclass(frozen=True)
class UnknownMention:
    """Something that looks like a model name but is not in the catalog."""

    text: str
    suggestions: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class HardwareMention:
    """A GPU, Mac or machine from knowledge/hardware.yaml named in the question."""

    name: str
    memory_gb: float
    text: str
    start: int
    end: int


@dataclass
class Mentions:
    """Everything named in a question, and the text with those names blanked out."""

    models: list[ModelMention] = field(default_factory=list)
    unknown: list[UnknownMention] = field(default_factory=list)
    hardware: list[HardwareMention] = field(default_factory=list)
    masked: str = ""


def _is_number(low: str) -> bool:
    return low.replace(".", "").replace(",", "").isdigit()


def _acceptable(words: list[str]) -> bool:
    distinctive = [w for w in words if w not in COMMON_WORDS and not _is_number(w)]
    if not distinctive:
        return False
    has_digit = any(ch.isdigit() for w in words for ch in w)
    return not (len(words) == 1 and not has_digit and words[0] in AMBIGUOUS_BRANDS)


def _brandish(low: str) -> bool:
    head = re.match(r"[a-z]+", low)
    if not head or len(head.group(0)) < 3:
        return False
    word = head.group(0)
    if word in COMMON_WORDS:
        return False
    return word in BRANDS or any(fuzz.ratio(word, b) >= 80 for b in BRANDS if len(b) >= 4)


@lru_cache(maxsize=4)
def _hardware_patterns(stamp: tuple[str, int]) -> tuple[tuple[re.Pattern[str], str, float], ...]:
    from advisor.tools.hardware_table import hardware_table

    out = []
    for hw in hardware_table():
        for alias in {hw.name, *hw.aliases}:
            words = [re.escape(w) for w in alias.lower().split()]
            pattern = re.compile(r"(?<![\w.])" + r"[\s-]*".join(words) + r"s?(?![\w])")
            out.append((pattern, hw.name, hw.memory_gb))
    out.sort(key=lambda t: -len(t[0].pattern))  # longest alias first: "A100 80GB" over "A100"
    return tuple(out)


def _hardware_table_stamp() -> tuple[str, int]:
    path = get_settings().knowledge_dir / "hardware.yaml"
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), 0


def find_hardware_mentions(text: str) -> list[HardwareMention]:
    """GPUs and machines from knowledge/hardware.yaml named in ``text``, longest names first."""
    low = text.lower()
    taken: list[tuple[int, int]] = []
    found = []
    try:
        patterns = _hardware_patterns(_hardware_table_stamp())
    except (ValueError, OSError):  # a broken hardware table: no hardware names recognised
        patterns = ()
    for pattern, name, memory in patterns:
        for m in pattern.finditer(low):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(HardwareMention(name, memory, text[m.start():m.end()],
                                         m.start(), m.end()))
    return sorted(found, key=lambda h: h.start)


def find_mentions(text: str, brand: str | None = None) -> Mentions:
    """Models (resolved), unknown model-like names and hardware named in ``text``.

    ``brand`` is the brand the thread last named; it decides between short names that fit
    several models.
    """
    hardware = find_hardware_mentions(text)
    blocked = [(h.start, h.end) for h in hardware]
    toks = [t for t in tokenize(text)
            if not any(s <= t.start < e for s, e in blocked)]
    models, unknown = _scan_models(text, toks, brand)
    spans = [(m.start, m.end) for m in models] + [(u.start, u.end) for u in unknown] + blocked
    masked = text
    for s, e in sorted(spans, reverse=True):
        masked = masked[:s] + " " * (e - s) + masked[e:]
    return Mentions(models=models, unknown=unknown, hardware=hardware, masked=masked)


def _scan_models(text: str, toks: list[Token], brand: str | None = None,
                 ) -> tuple[list[ModelMention], list[UnknownMention]]:
    catalog = get_catalog()
    index = catalog._index  # noqa: SLF001 - read-only use of the name index
    models: list[ModelMention] = []
    unknown: list[UnknownMention] = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
            window = toks[i:i + n]
            if not all(joined(text, a, b) for a, b in zip(window, window[1:], strict=False)):
                continue
            words = [t.low for t in window]
            key = index.get(normalize(" ".join(words)))
            if key is not None and _acceptable(words):
                hit = (n, key)
                break
        short = _short_name(text, toks, i, brand)
        if short is not None and (hit is None or short[0] > hit[0]):
            models.append(short[1])  # "gemini flash 2.5" over the shorter "gemini flash"
            i += short[0]
            continue
        if hit is not None:
            n, key = hit
            a, b = toks[i], toks[i + n - 1]
            models.append(ModelMention(catalog.models[key].name, key, text[a.start:b.end],
                                       a.start, b.end))
            i += n
            continue
        n = _brand_run(text, toks, i)
        if n:
            i += _resolve_loose(text, toks[i:i + n], models, unknown)
            continue
        i += 1
    return _dedupe(models), unknown


def _short_name(text: str, toks: list[Token], i: int, brand: str | None,
                ) -> tuple[int, ModelMention] | None:
    """A short name starting at ``toks[i]`` ("sonnet 4.5", "4.1 mini"), longest first."""
    for n in range(min(MAX_WORDS, len(toks) - i), 1, -1):
        window = toks[i:i + n]
        if not all(joined(text, a, b) for a, b in zip(window, window[1:], strict=False)):
            continue
        if any(_AMOUNT.match(t.low) for t in window):
            continue
        model = resolve_short([t.low for t in window], brand)
        if model is not None:
            a, b = window[0], window[-1]
            return n, ModelMention(model.name, model.key, text[a.start:b.end], a.start, b.end,
                                   how="short_name")
    return None


def _brand_run(text: str, toks: list[Token], i: int) -> int:
    """Length of a brand-led span ("gema 3 4b", "claude 9 opus"), 0 when ``toks[i]`` is none."""
    first = toks[i].low
    if not _brandish(first):
        return 0
    n = 1
    while (i + n < len(toks) and n < 5 and joined(text, toks[i + n - 1], toks[i + n])
           and (any(ch.isdigit() for ch in toks[i + n].low) or toks[i + n].low in _NAME_WORDS)
           and not _AMOUNT.match(toks[i + n].low)):
        n += 1
    span_has_digit = any(ch.isdigit() for t in toks[i:i + n] for ch in t.low)
    return n if span_has_digit else 0


def _resolve_loose(text: str, window: list[Token], models: list[ModelMention],
                   unknown: list[UnknownMention]) -> int:
    """Resolve the longest prefix of a brand-led span; record an unknown name if none does."""
    catalog = get_catalog()
    for n in range(len(window), 0, -1):
        part = window[:n]
        if not any(ch.isdigit() for t in part for ch in t.low):
            break
        phrase = text[part[0].start:part[-1].end]
        try:
            model = catalog.resolve(phrase)
        except UnknownModelError:
            continue
        if _digits(normalize(phrase)) != _digits(model.key):
            continue  # a typo may be forgiven, a different version number may not
        models.append(ModelMention(model.name, model.key, phrase, part[0].start, part[-1].end,
                                   fuzzy=True, how="fuzzy"))
        return n
    short = resolve_short([t.low for t in window[1:]]) if len(window) >= 3 else None
    if short is not None and any(fuzz.ratio(window[0].low, w) >= 80
                                 for w in name_words(short.name)):
        models.append(ModelMention(short.name, short.key, text[window[0].start:window[-1].end],
                                   window[0].start, window[-1].end, fuzzy=True, how="fuzzy"))
        return len(window)  # "clade sonnet 4.5": a misspelt brand before a short name
    phrase = text[window[0].start:window[-1].end]
    unknown.append(UnknownMention(phrase, tuple(catalog.suggest(phrase, 5)),
                                  window[0].start, window[-1].end))
    return len(window)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _dedupe(models: list[ModelMention]) -> list[ModelMention]:
    seen: set[str] = set()
    out = []
    for m in models:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


_PROVIDER_CUE = re.compile(r"\b(?:on|via|through|from|using|at|over|with|in)\s+(?:the\s+)?"
                           r"([a-z0-9][\w.&-]*(?:\s+[a-z0-9][\w.&-]*)?)", re.IGNORECASE)
_NOT_PROVIDERS = frozenset({"inference", "llama", "synthetic", "nova", "submodel", "lilac",
                            "poe", "v0", "morph", "ambient"})


@lru_cache(maxsize=4)
def _provider_index(catalog_id: int) -> dict[str, str]:
    index: dict[str, str] = {}
    words: dict[str, set[str]] = {}
    for model in get_catalog():
        for r in model.routes:
            for label in (r.provider_id, r.provider_name):
                key = normalize(label)
                if key and key not in _NOT_PROVIDERS:
                    index.setdefault(key, r.provider_id)
            for word in re.split(r"[\s()_-]+", r.provider_name.lower()):
                if len(word) >= 4 and word not in COMMON_WORDS and word not in _NOT_PROVIDERS:
                    words.setdefault(word, set()).add(r.provider_id)
    for word, ids in words.items():  # "Bedrock" for Amazon Bedrock, when only one has it
        if len(ids) == 1 and normalize(word) not in index:
            index[normalize(word)] = next(iter(ids))
    return index


@lru_cache(maxsize=4)
def _provider_names(catalog_id: int) -> dict[str, str]:
    return {r.provider_id: r.provider_name for m in get_catalog() for r in m.routes}


def provider_label(provider_id: str) -> str:
    """A provider's display name ("amazon-bedrock" → "Amazon Bedrock")."""
    return _provider_names(id(get_catalog())).get(provider_id, provider_id)


def is_provider(text: str) -> bool:
    """Whether ``text`` names a provider in the catalog ("Groq", "OpenRouter")."""
    return normalize(text) in _provider_index(id(get_catalog()))


def is_amount(low: str) -> bool:
    """Whether a lower-cased token is an amount (``2k``, ``24gb``, ``$5``, ``10x``)."""
    return bool(_AMOUNT.match(low))


def find_provider(masked: str) -> str | None:
    """A provider named after "on/via/through…" ("on OpenRouter", "via Groq"), by id."""
    index = _provider_index(id(get_catalog()))
    for m in _PROVIDER_CUE.finditer(masked):
        words = [re.sub(r"['’]s$", "", w) for w in m.group(1).split()]  # "Mistral's own API"
        for n in (2, 1):
            if len(words) >= n:
                key = normalize(" ".join(words[:n]))
                if key in index and words[0].lower() not in COMMON_WORDS:
                    return index[key]
    return None
