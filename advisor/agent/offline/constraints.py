"""Capability and policy constraints in a question: vision, tool use, open weights, licence.

The capability, use-case and objective words come from the one vocabulary table
(``knowledge/vocabulary.yaml`` via :mod:`advisor.catalog.vocabulary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.agent.offline.entities import AMBIGUOUS_BRANDS
from advisor.agent.offline.vocab import LANGUAGES
from advisor.catalog.vocabulary import vocabulary

# A negation word, then at most three words with no comma, "but", "just" or "only" between.
# Vision asked for in words that cannot mean generating images.
_SEEING = (r"vision|pictures?|photos?|screenshots?|visual|ocr|diagrams?|charts?|scanned|"
           r"(?:read|see|understand|analy[sz]e|describe|caption)\w*\s+(?:the\s+)?images?|"
           r"image[-\s](?:input|understanding)")
_NEGATION = re.compile(r"(?:\bno\b|\bnot\b|\bwithout\b|n't|\bnever\b|\bexcept\b|"
                       r"\bdon'?t\s+(?:need|care)|\bno\s+need)[ \t]+"
                       r"(?:(?!but\b|just\b|only\b|and\b|however\b)\w+[ \t]+){0,3}$")
_OPEN_WEIGHTS = re.compile(r"open[-\s]?weights?|open[-\s]source|open\s+models?|"
                           r"downloadable|weights\s+(?:available|i\s+can\s+download)|"
                           r"open[-\s]?licen[cs]ed?|only\s+open\b|open\s+ones?")
_SELF_HOST = re.compile(r"self[-\s]?host\w*|run\s+(?:it\s+|them\s+)?(?:locally|on[-\s]prem\w*|"
                        r"on\s+my\s+own|myself|at\s+home|offline)|on[-\s]prem\w*|local(?:ly)?\s+"
                        r"(?:run|deploy|host)\w*|(?:my|our)\s+own\s+(?:hardware|servers?|gpus?|"
                        r"machines?)|air[-\s]?gapped|locally|on[-\s]device|edge\s+devices?|"
                        r"run\s+on\s+(?:a|an|my|our)\b")
_CLOSED_OK = re.compile(r"closed(?:[-\s]source)?\s+(?:models?\s+)?(?:is|are)\s+(?:fine|ok|okay)|"
                        r"(?:any|whatever)\s+licen[cs]e|proprietary\s+(?:is|are)\s+"
                        r"(?:fine|ok|okay)")
_LICENSES = (("Apache 2.0", r"apache(?:[-\s]?2(?:\.0)?)?"), ("MIT", r"\bmit\b(?:[-\s]licen[cs]e)?"))
_PERMISSIVE = re.compile(r"permissive(?:ly)?(?:\s+licen[cs]\w*)?|osi[-\s]approved")
# A size in parameters: "15B", "15 b", "8 bn", "30 billion params"; never a count of tokens.
_SIZE = (r"(?P<size>(?P<num>\d+(?:\.\d+)?)\s?(?:b|bn|billion))(?![\w.])"
         r"(?:\s+(?:param(?:eter)?s?|weights?))?(?!\s*(?:tokens?|requests?|calls?|\$))")
_CEILING_BEFORE = re.compile(
    r"(?:under|below|beneath|less\s+than|fewer\s+than|smaller\s+than|at\s+most|up\s+to|"
    r"no\s+(?:more|bigger|larger)\s+than|not\s+(?:more|bigger|larger)\s+than|"
    r"max(?:imum)?(?:\s+of)?|<=?|≤|sub[-\s]?)\s*" + _SIZE)
_CEILING_AFTER = re.compile(_SIZE + r"(?:\s+(?:model|params?|parameters))?\s*"
                            r"(?:or\s+(?:less|smaller|fewer|under|below)|max(?:imum)?\b|"
                            r"tops\b|at\s+most|and\s+(?:under|below|smaller))")
_FAMILY_AFTER_NOT = re.compile(r"(?:than|instead\s+of|other\s+than|besides|except|not|"
                               r"alternatives?\s+to|apart\s+from|vs\.?|versus|beats?|"
                               r"replace|replacing|switch(?:ing)?\s+from|away\s+from|"
                               r"compared?\s+(?:to|with))\s+(?:the\s+|a\s+|an\s+)?$")
_BRAND = re.compile(r"(?<![\w-])(" + "|".join(sorted(AMBIGUOUS_BRANDS, key=len, reverse=True))
                    + r")(?:[\s-]?(\d+(?:\.\d+)?))?(?![\w-])")
_BATCH = re.compile(r"\bbatch(?:ed|es|ing)?\b|\bbulk\b|\basync(?:hronous(?:ly)?)?\b|"
                    r"\boffline\s+(?:jobs?|processing|runs?|pipelines?)|\bovernight\b|"
                    r"not\s+(?:time[-\s])?(?:urgent|sensitive|real[-\s]?time)|"
                    r"(?:can|could)\s+wait\s+(?:up\s+to\s+)?(?:a\s+day|24\s*h)")
_CHEAPEST_ROUTE = re.compile(
    r"cheapest\s+(?:route|provider|host|hosting|reseller|vendor|api|place|option|way|"
    r"listing|endpoint|deal)s?|(?:any|whichever|whatever)\s+(?:provider|host|reseller|route)|"
    r"(?:lowest|best)\s+price\s+(?:anywhere|available|on\s+the\s+market)|"
    r"wherever\s+(?:it'?s\s+)?cheapest|shop\s+around|third[-\s]party\s+(?:providers?|hosts?)|"
    r"resellers?|aggregators?")


@dataclass
class Constraints:
    """Hard requirements and preferences a question states."""

    capabilities: list[str] = field(default_factory=list)
    open_weights_only: bool = False
    self_host: bool = False
    licenses: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    use_case: str | None = None
    use_case_key: str | None = None
    objective: str | None = None
    max_parameters_b: float | None = None
    batch: bool = False
    cheapest_route: bool = False
    families: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def any(self) -> bool:
        """Whether the question states any constraint at all."""
        return bool(self.capabilities or self.open_weights_only or self.self_host
                    or self.licenses or self.languages or self.use_case
                    or self.max_parameters_b is not None)


def _positive(pattern: str, low: str) -> bool:
    return _mentions(pattern, low)[0]


def _mentions(pattern: str, low: str) -> tuple[bool, bool]:
    """Whether the pattern occurs affirmed, and whether it occurs negated."""
    affirmed = negated = False
    for m in re.finditer(r"(?<![\w-])(?:" + pattern + r")(?![\w])", low):
        if _NEGATION.search(low[max(0, m.start() - 40):m.start()]):
            negated = True
        else:
            affirmed = True
    return affirmed, negated


def extract_constraints(masked: str) -> Constraints:
    """Capabilities, openness, licences, languages and a use case stated in ``masked``."""
    low = masked.lower()
    c = Constraints()
    vocab = vocabulary()
    for entry in vocab.capabilities:
        key = entry.key
        affirmed, negated = _mentions("|".join(entry.cues), low)
        if affirmed and key not in c.capabilities:
            c.capabilities.append(key)
        elif negated and not affirmed:
            c.dropped.append(key)
    if "multimodal" in c.capabilities and "vision" in c.capabilities:
        c.capabilities.remove("multimodal")
    if "image_output" in c.capabilities and not _positive(_SEEING, low):
        c.capabilities = [x for x in c.capabilities if x != "vision"]  # "generates images"
    c.self_host = _positive(_SELF_HOST.pattern, low)
    open_affirmed, open_negated = _mentions(_OPEN_WEIGHTS.pattern, low)
    c.open_weights_only = c.self_host or open_affirmed
    if (open_negated and not open_affirmed) or _CLOSED_OK.search(low):
        c.dropped.append("open_weights")
    for label, pattern in _LICENSES:
        if _positive(pattern, low):
            c.licenses.append(label)
    if not c.licenses and _positive(_PERMISSIVE.pattern, low):
        c.licenses = ["Apache 2.0", "MIT"]
    if c.licenses:
        c.open_weights_only = True
    for word, language in LANGUAGES.items():
        if _positive(word, low) and language not in c.languages:
            c.languages.append(language)
    if _positive(r"multilingual|many\s+languages|multiple\s+languages", low):
        c.languages.append("multilingual")
    for use in vocab.use_cases:
        if _positive("|".join(use.cues), low):
            if use.needs and use.needs not in c.capabilities:
                continue
            c.use_case, c.use_case_key = use.label, use.key
            break
    c.objective = read_objective(low)
    c.max_parameters_b = read_size_ceiling(low)
    c.batch = _positive(_BATCH.pattern, low)
    c.cheapest_route = bool(_CHEAPEST_ROUTE.search(low))
    c.families = read_families(low)
    return c


def read_families(low: str) -> list[str]:
    """Families a question limits itself to: "which gemma…", "cheapest claude", "qwen models".

    A bare brand (never a model: model names are masked out already) counts when it is what
    is asked about, not what is to be replaced or beaten ("cheaper than claude").
    """
    found: list[str] = []
    for m in _BRAND.finditer(low):
        if _FAMILY_AFTER_NOT.search(low[max(0, m.start() - 30):m.start()]):
            continue
        name = m.group(1) + (m.group(2) or "")
        if name not in found:
            found.append(name)
    return found


def size_ceiling_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` states a size ceiling ("under 15B", "8b or smaller"): the size's span."""
    low = text.lower()
    return [m.span("size") for pattern in (_CEILING_BEFORE, _CEILING_AFTER)
            for m in pattern.finditer(low)]


def read_size_ceiling(low: str) -> float | None:
    """A ceiling on total parameters, in billions ("under 15B", "8b or smaller"), or None."""
    sizes = [float(m.group("num")) for pattern in (_CEILING_BEFORE, _CEILING_AFTER)
             for m in pattern.finditer(low)]
    sizes = [x for x in sizes if 0 < x <= 5000]
    return min(sizes) if sizes else None


def read_objective(low: str) -> str | None:
    """What a recommendation should be ordered by ("cheapest", "best_for"…), or None."""
    for key, cues in vocabulary().objectives.items():
        if key == "best_for":
            continue
        if _positive("|".join(cues), low):
            return key
    best = "|".join(vocabulary().objectives.get("best_for", []))
    if best and re.search(r"\b(?:" + best + r")\b(?:\s+\w+){0,3}\s+(?:for|at)\b", low):
        return "best_for"
    return None
