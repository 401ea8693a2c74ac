"""Capability and policy constraints in a question: vision, tool use, open weights, licence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.agent.offline.vocab import LANGUAGES

_CAPABILITY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("vision", r"vision|images?|pictures?|photos?|screenshots?|visual|see\s+images|"
               r"image[-\s]input|ocr|diagrams?|charts?|scanned"),
    ("audio_input", r"audio(?![-\s]output)|speech[-\s]to[-\s]text|transcri\w+|voice\s+input|"
                    r"spoken|listen\w*"),
    ("video_input", r"videos?(?![-\s]generation)"),
    ("pdf_input", r"pdfs?"),
    ("image_output", r"generat\w+\s+images?|image\s+generation|text[-\s]to[-\s]image|"
                     r"draw\w*|image\s+output"),
    ("audio_output", r"text[-\s]to[-\s]speech|tts|audio\s+output|generat\w+\s+(?:audio|speech)"),
    ("function_calling", r"tool[-\s]?(?:use|using|calls?|calling)|function[-\s]?call\w*|"
                         r"call(?:ing)?\s+(?:tools|functions|apis)|use\s+tools|tools"),
    ("reasoning", r"reasoning|reasoner|chain[-\s]of[-\s]thought|thinking\s+mode|"
                  r"think\s+step|step[-\s]by[-\s]step"),
    ("structured_outputs", r"structured\s+outputs?|json(?:\s+(?:mode|schema|output))?|"
                           r"schema|structured\s+data"),
    ("multimodal", r"multi[-\s]?modal"),
)
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
_USE_CASES: tuple[tuple[str, str], ...] = (
    ("coding", r"cod(?:e|ing)|programming|developer|software|refactor\w*|debug\w*|"
               r"repositor(?:y|ies)|ide\b"),
    ("long documents", r"long\s+(?:documents?|docs|reports?|contracts?|pdfs?|context)|"
                       r"whole\s+(?:books?|reports?|repos?)|summari[sz]\w*"),
    ("classification", r"classif\w+|moderat\w+|safety|guardrails?|content\s+filter\w*|"
                       r"toxic\w*|label\w*|sentiment|spam"),
    ("agents", r"agents?|agentic|autonomous|workflows?"),
    ("chat", r"chat\s?bots?|chat|customer\s+(?:support|service)|assistant|conversation\w*|"
             r"helpdesk|support\s+bot"),
    ("rag", r"\brag\b|retrieval|knowledge\s+base|search\s+over"),
    ("translation", r"translat\w+"),
    ("math", r"\bmath\w*|arithmetic|calculus"),
    ("vision", r"ocr|screenshots?|images?|photos?"),
)


@dataclass
class Constraints:
    """Hard requirements and preferences a question states."""

    capabilities: list[str] = field(default_factory=list)
    open_weights_only: bool = False
    self_host: bool = False
    licenses: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    use_case: str | None = None
    dropped: list[str] = field(default_factory=list)

    def any(self) -> bool:
        """Whether the question states any constraint at all."""
        return bool(self.capabilities or self.open_weights_only or self.self_host
                    or self.licenses or self.languages or self.use_case)


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
    for key, pattern in _CAPABILITY_PATTERNS:
        affirmed, negated = _mentions(pattern, low)
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
    for use_case, pattern in _USE_CASES:
        if _positive(pattern, low):
            if use_case == "vision" and "vision" not in c.capabilities:
                continue
            c.use_case = use_case
            break
    return c
