"""What kind of question it is: specs, cost, diff, compare, recommend, hardware, documents.

Each kind has a cue pattern (paraphrases and common misspellings included); the planner weighs
the cues with the number of models named, the quantities and the constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUES: dict[str, str] = {
    "cost": r"\bcosts?\b|\bcosting\b|\bprice[sd]?\b|\bpricing\b|\bpricey\b|\bspend\w*|\bbill\w*|"
            r"how\s+much\s+(?:would|will|does|do|is|to|for|money|\$)|\bexpensive\b|\bcheap\w*|"
            r"\$|\bdollars?\b|\busd\b|per\s+month|a\s+month|monthly|\bbudget\w*|\bafford\w*|"
            r"\bpay\b|\bcosr\b|\bcsot\b",
    "compare": r"\bcompar\w*|\bcompair\w*|\bvs\.?\b|\bversus\b|\bbetter\b|\bworse\b|"
               r"which\s+(?:one|is|of|should|would)|\bdifferen\w*|\bdiffrence\b|"
               r"side[-\s]by[-\s]side|\bagainst\b|stack\s+up|head[-\s]to[-\s]head|"
               r"pros\s+and\s+cons|trade-?offs?|\bor\b|\bbetween\b",
    "diff": r"capabilit\w*|\bfeatures?\b|what\s+can\s+.{1,40}\s+do\s+that|can'?t\s+do|"
            r"cannot\s+do|\black\w*|\bmissing\b|has\s+that|have\s+that|which\s+(?:one\s+)?"
            r"(?:supports?|has|can)\b|differ\s+in|only\s+one|what\s+does\s+.{1,40}\s+have\s+that",
    "hardware": r"\bvram\b|\bgpus?\b|\brun\s+(?:it\s+|this\s+|that\s+|them\s+)?(?:locally|"
                r"on|at\s+home)|\bfits?\s+(?:on|in|into)\b(?![^.?!]{0,40}\b(?:context|window|prompt)\b)|self[-\s]?host\w*|how\s+much\s+"
                r"(?:memory|ram|vram)|memory\s+(?:to|do|does|needed|requirements?|footprint)|"
                r"\bhardware\b|quanti[sz]\w*|tokens?\s+(?:per|a)\s+second|tok/s|how\s+fast|"
                r"on\s+(?:my|a|an)\s+(?:mac|laptop|pc|machine|desktop|computer|server|phone|mobile|"
                r"tablet|iphone|android|edge\s+device)|inference\s+speed|"
                r"\bram\b|\blocally\b|on[-\s]prem\w*",
    "recommend": r"\brecc?omm?end\w*|\bsuggest\w*|which\s+(?:llm|model|one|ai)s?\s+(?:should|"
                 r"would|to|do|can|is\s+best|fits?|works?)|what\s+(?:llm|model|ai)s?\s+"
                 r"(?:should|would|to|do|is\s+best|fits?|can|works?)|\bbest\s+(?:llm|model|"
                 r"option|choice|pick|one|fit|cheap|open)|\b(?:good|great|right|ideal|decent)\s+"
                 r"(?:llm|model|option|choice)|should\s+i\s+(?:use|pick|choose|go\s+with)|"
                 r"\bpick\s+(?:a|one|for)\b|\bchoose\s+(?:a|one)\b|\boptions?\b|"
                 r"\balternatives?\b|cheapest\s+(?:llm|model|option|one|way)|\bshortlist\b|"
                 r"\btop\s+\d|which\s+models?|what\s+models?|any\s+models?|models?\s+(?:that|"
                 r"with|for)|something\s+(?:that|for|with|cheaper)|need\s+an?\s+(?:llm|model)|"
                 r"looking\s+for\s+an?\s+(?:llm|model)|\bwhich\s+llm|\banything\b|\bsomething\b|"
                 r"\bany\s+(?:llm|model|option)s?\b|what\s+(?:can|could|will|would)\s+(?:i|we)\s+"
                 r"(?:run|use|host|fit)|which\s+(?:ones?|models?|llms?)\s+(?:can|could|will|"
                 r"would)\s+(?:i|we)\s+(?:run|use|host)|what\s+(?:fits|runs|will\s+fit)",
    "document": r"\blicen[cs]\w*|terms\s+of\s+use|commercial(?:ly)?\s+use|\bcommercially\b|"
                r"how\s+(?:does|do|is|are|well)|\bwhy\b|\btrain(?:ed|ing)\b|\bstrengths?\b|"
                r"\bweak(?:ness\w*|\s+spots?)\b|\bdownsides?\b|good\s+at|bad\s+at|known\s+for|"
                r"tell\s+me\s+about|what\s+is\s+.{1,40}\s+like|\bexplain\w*|\bhistory\b|"
                r"who\s+(?:made|makes|built|released|developed)|\bhandles?\b|long\s+context|"
                r"\bmultilingual\b|\bsafety\b|fine-?tun\w*|designed\s+for|intended\s+for|"
                r"\blimitations?\b|according\s+to|what\s+do\s+(?:the\s+)?(?:docs|documents|"
                r"sources|pages)|\bdocs?\b|\bdocuments?\b|\barchitecture\b|\bmoe\b|"
                r"mixture\s+of\s+experts|\bwhat\s+is\s+an?\b|\bmeans?\b|\brestrictions?\b|"
                r"\bsources?\s+say",
    "specs": r"context\s+(?:window|length|size)|max(?:imum)?\s+output|how\s+many\s+(?:tokens|"
             r"parameters|params)|\bparameters\b|\bparams\b|modalit\w*|input\s+types?|"
             r"release\s+date|\breleased\b|knowledge\s+cut-?off|\bspecs?\b|specifications?|"
             r"\bdetails\b|info(?:rmation)?\s+(?:on|about)|\bdoes\s+.{1,40}\s+(?:support|"
             r"have|accept|take|handle)|\bcan\s+.{1,40}\s+(?:see|read|hear|call|use|do|"
             r"handle)|open[-\s]?weights?|per\s+(?:1m|million)|\bproviders?\b|\broutes?\b|"
             r"where\s+can\s+i|\bbenchmarks?\b|\bmmlu\b|\bscores?\b|\bcutoff\b|what\s+is\b|"
             r"how\s+big|\bsize\b|\bcontext\b|\bwindow\b",
}
_COMPILED = {k: re.compile(v, re.IGNORECASE) for k, v in _CUES.items()}

_PRONOUN = re.compile(r"\b(?:it|its|it's|this\s+(?:model|one)|that\s+(?:model|one)|the\s+model|"
                      r"same\s+model)\b", re.IGNORECASE)
_GROUP = re.compile(r"\b(?:them|they|both|these|those|either|each|the\s+two|all\s+of\s+them|"
                    r"these\s+models|those\s+models|which\s+(?:one\s+)?is)\b", re.IGNORECASE)
_OTHER = re.compile(r"\bthe\s+other(?:\s+(?:one|model))?\b|\bother\s+one\b", re.IGNORECASE)
_ORDINALS = (
    (0, r"\b(?:the\s+)?(?:first|top|1st|#\s?1|number\s+one|winner|top\s+pick|best\s+one)\b"),
    (1, r"\b(?:the\s+)?(?:second|2nd|#\s?2|runner[-\s]?up|number\s+two)\b"),
    (2, r"\b(?:the\s+)?(?:third|3rd|#\s?3|number\s+three)\b"),
    (-1, r"\bthe\s+last\s+(?:one|model)\b"),
)
_FOLLOW_UP_START = re.compile(r"^\s*(?:and|wh?at\s+about|how\s+about|wh?at\s+if|and\s+if|now|"
                              r"ok(?:ay)?|also|then|same|instead|but|with|at|for|only|just|"
                              r"make\s+it|try|switch|change|redo)\b", re.IGNORECASE)
_ADDITIVE = re.compile(r"\b(?:too|also|as\s+well|additionally|on\s+top|in\s+addition|"
                       r"plus|still|now)\b", re.IGNORECASE)
ALTERNATIVE = re.compile(r"\balternatives?\s+(?:to|for)\b|\binstead\s+of\b|\bcheaper\s+than\b|"
                         r"\bsimilar\s+to\b|\breplace(?:ment)?\s+(?:for\s+)?\b|"
                         r"\bswitch\s+from\b|\bsomething\s+like\b", re.IGNORECASE)


@dataclass
class Cues:
    """Which intent cues and reference words a question contains."""

    kinds: set[str]
    pronoun: bool
    group: bool
    other: bool
    ordinal: int | None
    follow_up_start: bool
    alternative: bool
    additive: bool


def read_cues(masked: str) -> Cues:
    """Intent cues and references in the question (model names already blanked out)."""
    ordinal = next((i for i, p in _ORDINALS if re.search(p, masked, re.IGNORECASE)), None)
    return Cues(
        kinds={k for k, rx in _COMPILED.items() if rx.search(masked)},
        pronoun=bool(_PRONOUN.search(masked)),
        group=bool(_GROUP.search(masked)),
        other=bool(_OTHER.search(masked)),
        ordinal=ordinal,
        follow_up_start=bool(_FOLLOW_UP_START.search(masked)),
        alternative=bool(ALTERNATIVE.search(masked)),
        additive=bool(_FOLLOW_UP_START.search(masked) or _ADDITIVE.search(masked)),
    )
