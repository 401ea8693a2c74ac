"""The sentence that answers a spec question, written from a typed ``SpecSheet``.

Which facts it states follows the question's words (the spec-field and capability words of
``knowledge/vocabulary.yaml``: "context", "licence", "price"…); with none,
it states the context window, max output, openness and price. Figures are formatted the way
the tools format them, so the grounding check finds them in the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from advisor.catalog.vocabulary import vocabulary
from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.format import tokens, usd, yes_no
from advisor.tools.specs import RouteInfo, SpecSheet


def spec_headline(sheet: SpecSheet, question: str) -> str:
    """One or two sentences answering the spec the question asks about."""
    low = question.lower()
    name = sheet.name or "This model"
    said = []
    vocab = vocabulary()  # the one table of spec-field and capability words
    keys = [key for key, pattern in vocab.spec_fields.items() if re.search(pattern, low)]
    if "commercial" in keys and "license" not in keys and sheet.license:
        keys.insert(keys.index("commercial"), "license")  # the terms the answer rests on
    said += [_spec_sentence(key, sheet) for key in keys]
    for key, pattern in ((c.key, c.ask) for c in vocab.capabilities if c.ask):
        if re.search(pattern, low) and key in sheet.capabilities:
            value = sheet.capabilities[key]
            said.append(f"{_cap_label(key)}: **{yes_no(value)}**"
                        + (" (no source says)" if value is None else "") + ".")
    if said:
        return f"**{name}** — " + " ".join(s for s in said if s)
    return f"**{name}** — " + " ".join(
        _spec_sentence(k, sheet) for k in ("context", "max_output", "open_weights", "price"))


# Spec fields a question may set side by side: the sheet's value, its words, bigger = better.
_COMPARABLE: dict[str, tuple[Callable[[SpecSheet], Any], str, tuple[str, str]]] = {
    "context": (lambda s: s.context_window, "context window", ("larger", "largest")),
    "max_output": (lambda s: s.max_output, "max output", ("larger", "largest")),
    "parameters": (lambda s: s.parameters_b, "parameter count", ("larger", "largest")),
    "release": (lambda s: s.release_date, "release date", ("later", "latest")),
    "cutoff": (lambda s: s.knowledge_cutoff, "knowledge cutoff", ("later", "latest")),
}
# "which came out first", "the smaller context": the lowest value leads
_ASCENDING = re.compile(r"\b(?:first|earlier|earliest|older|oldest|smaller|smallest|shorter|"
                        r"shortest|fewer|fewest|less|least)\b")
_LOWER = {"larger": "smaller", "largest": "smallest", "later": "earlier", "latest": "earliest"}


def spec_comparison(sheets: list[SpecSheet], question: str) -> str | None:
    """For two or more sheets, which one leads on each field asked ("bigger context")."""
    if len(sheets) < 2:
        return None
    low = question.lower()
    lines = []
    for key, pattern in vocabulary().spec_fields.items():
        if key not in _COMPARABLE or not re.search(pattern, low):
            continue
        read, words, (more, most) = _COMPARABLE[key]
        known = [(sh, read(sh)) for sh in sheets if read(sh) is not None]
        missing = [sh.name for sh in sheets if read(sh) is None]
        if len(known) < 2:
            continue
        lowest = bool(_ASCENDING.search(low))
        if lowest:
            more, most = _LOWER[more], _LOWER[most]
        ordered = sorted(known, key=lambda t: t[1], reverse=not lowest)
        shown = [(sh.name, _field_text(key, v)) for sh, v in ordered]
        if len({v for _, v in ordered}) == 1:
            line = f"All have the same {words}: {shown[0][1]}."
        elif len(ordered) == 2:
            line = (f"**{shown[0][0]} has the {more} {words}**: {shown[0][1]}, against "
                    f"{shown[1][0]}'s {shown[1][1]}.")
        else:
            line = (f"**{shown[0][0]} has the {most} {words}**: {shown[0][1]}; then "
                    + ", ".join(f"{n} {v}" for n, v in shown[1:]) + ".")
        if missing:
            line += f" No source states it for {', '.join(missing)}."
        lines.append(line)
    return " ".join(lines) or None


def _field_text(key: str, value: object) -> str:
    if key in ("context", "max_output") and isinstance(value, int):
        return f"{tokens(value)} tokens ({value:,})"
    if key == "parameters" and isinstance(value, float):
        return f"{value:g}B"
    return str(value)


def asks_a_fact(question: str) -> bool:
    """Whether the question asks for particular facts (then the full sheet is a detail)."""
    low = question.lower()
    vocab = vocabulary()
    return any(re.search(p, low) for p in vocab.spec_fields.values()) or any(
        re.search(c.ask, low) for c in vocab.capabilities if c.ask)


def _cap_label(key: str) -> str:
    return next((c.label for c in CAPABILITIES if c.key == key), key)


def _spec_sentence(key: str, s: SpecSheet) -> str:  # noqa: C901 - a flat lookup
    if key == "context":
        cw = s.context_window
        return (f"Context window: {tokens(cw)} tokens ({cw:,})." if cw
                else "Context window: not stated by any source.")
    if key == "max_output":
        mo = s.max_output
        return f"Max output: {tokens(mo)} tokens." if mo else "Max output: not stated."
    if key == "parameters":
        total, active = s.parameters_b, s.active_parameters_b
        if total is None:
            return "Parameters: not stated."
        return f"Parameters: {total:g}B" + (f" ({active:g}B active)." if active else ".")
    if key == "license":
        return f"Licence: {s.license or 'not stated in the curated facts'}."
    if key == "commercial":
        return (f"Commercial use: {s.commercial_use}." if s.commercial_use else
                "Commercial use: no source states it; read the licence"
                + (f" ({s.license})." if s.license else "."))
    if key == "release":
        return f"Released: {s.release_date or 'not stated'}."
    if key == "cutoff":
        return f"Knowledge cutoff: {s.knowledge_cutoff or 'not stated'}."
    if key == "open_weights":
        return f"Open weights: {yes_no(s.open_weights)}."
    if key == "providers":
        routes = s.routes
        names = ", ".join(dict.fromkeys(r.provider for r in routes[:6]))
        return (f"Served by {len(routes)} provider route(s)" + (f": {names}" if names else "")
                + ".")
    if key == "price":
        return _price_sentence(s)
    return ""


def _price_sentence(s: SpecSheet) -> str:
    """The price a person means, as one route's pair of prices.

    The provider asked about leads, else the maker's list price, else the cheapest paid route:
    never the lowest input of one route beside the lowest output of another. $0 listings and
    probable listing errors are named, never quoted.
    """
    routes = s.routes
    paid = [r for r in routes if r.paid]
    free = list(dict.fromkeys(r.provider for r in routes
                              if r.input_per_m == 0 and r.output_per_m == 0))
    doubted = [r for r in routes if r.price_doubt]
    if not paid:
        return ("Price: no paid price in the catalog"
                + (f" (listed at $0 on {', '.join(free)})." if free else ".")
                + (f" {len(doubted)} listing(s) set aside as probable errors." if doubted
                   else ""))

    def order(r: RouteInfo) -> tuple[float, float, str]:
        return (r.output_per_m or 0.0, r.input_per_m or 0.0, r.provider_id)

    cheapest = min(paid, key=order)
    asked = [r for r in paid if r.provider_id == s.asked_provider]
    own = [r for r in paid if r.route in set(s.maker_routes)]
    if asked:
        lead, basis = min(asked, key=order), "the provider asked about"
    elif own:
        lead, basis = min(own, key=order), "the maker's list price"
    else:
        lead, basis = cheapest, "its cheapest paid route; the maker lists no price"
    text = (f"Price per 1M tokens: **{usd(lead.input_per_m)} input / "
            f"{usd(lead.output_per_m)} output** on {lead.provider} (`{lead.model_id}`, "
            f"{basis}).")
    pair = (usd(cheapest.input_per_m), usd(cheapest.output_per_m))
    if pair != (usd(lead.input_per_m), usd(lead.output_per_m)):
        text += (f" The cheapest paid route is {cheapest.provider} at "
                 f"{pair[0]} / {pair[1]}.")
    extra = [f"{len(routes)} provider route{'s' * (len(routes) != 1)} in all"]
    if free:
        extra.append(f"listed at $0 on {', '.join(free[:4])}"
                     + (f" and {len(free) - 4} more" if len(free) > 4 else "")
                     + ": free tiers, not counted")
    if doubted:
        extra.append(f"{', '.join(r.provider for r in doubted)} set aside: probable listing "
                     "error")
    return f"{text} ({'; '.join(extra)}.)"
