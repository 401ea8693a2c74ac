"""What differs between the compared models and what they share: "what's the difference?".

Each difference is read from two or more *known* values that are not equal; a value no source
states is never taken as "no" or as equal, it is named as unknown. Prices are the makers' list
prices where every model has one (else each model's cheapest paid route, said per model), so
a reseller's discount never decides which model is dearer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from advisor.catalog.authority import same_token_count
from advisor.tools.capabilities import CAPABILITIES
from advisor.tools.compare.profile import ModelProfile, PriceRef
from advisor.tools.compare.reasons import ratio_text
from advisor.tools.format import tokens, usd

Aspect = Literal["price", "context", "output", "capability", "openness", "license",
                 "parameters", "release", "cutoff"]
# Multimodal input repeats the modality rows; openness has its own aspect.
_CAPS = [c for c in CAPABILITIES if c.key not in ("multimodal", "open_weights")]
MAX_IN_LEAD = 4


class Difference(BaseModel):
    """One way the models differ, with its figures."""

    aspect: Aspect
    label: str = Field(description="What differs, in words: 'price', 'PDF input'.")
    text: str = Field(description="The values side by side, for the list.")
    clause: str = Field(description="The same as a clause of the answer's sentence.")


class Differences(BaseModel):
    """Every known difference, in order of weight, and what the models have in common."""

    models: list[str]
    differ: list[Difference] = Field(default_factory=list)
    alike: list[str] = Field(default_factory=list,
                             description="Shared values: 'a 200k context window', 'Reasoning'.")
    unknown: list[str] = Field(default_factory=list,
                               description="Facts no source states for some model.")

    def sentence(self) -> str:
        """The answer to "what's the difference?": the price verdict first, figures in it."""
        names = _join(self.models)
        if not self.differ:
            head = f"The catalog shows no difference between {names}"
            return head + (f": all have {', '.join(self.alike)}." if self.alike else ".")
        price = next((d for d in self.differ if d.aspect == "price"), None)
        rest = [d for d in self.differ if d is not price]
        shown = rest[:MAX_IN_LEAD]
        parts = [price.clause + "."] if price else []
        if shown:
            also = "They also differ in" if price else f"{names} differ in"
            more = len(rest) - len(shown)
            parts.append(f"{also} " + "; ".join(d.clause for d in shown)
                         + (f" (and {more} more below)." if more else "."))
        if self.alike:
            parts.append(f"Alike: {', '.join(self.alike)}.")
        return " ".join(parts)

    def to_markdown(self) -> list[str]:
        """A "What differs" list (every difference, then what is shared and what is unknown)."""
        lines = ["### What differs", *(f"- **{d.label}**: {d.text}" for d in self.differ)]
        if not self.differ:
            lines.append("- no difference in the catalog's facts")
        if self.alike:
            lines.append(f"- **alike**: {', '.join(self.alike)}")
        if self.unknown:
            lines.append(f"- **unknown**: {'; '.join(self.unknown)}")
        return lines


def _lower(label: str) -> str:
    """``Reasoning`` → ``reasoning``; ``PDF input`` stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _price_ref(p: ModelProfile) -> tuple[PriceRef | None, bool]:
    """The maker's list price (True), else the cheapest paid route (False)."""
    if p.list_price is not None:
        return p.list_price, True
    return p.cheapest_output, False


def _pair(ref: PriceRef) -> str:
    return f"{usd(ref.input_per_m)} / {usd(ref.output_per_m)}"


def _basis(priced: list[tuple[ModelProfile, PriceRef, bool]]) -> str:
    makers = [p.name for p, _, own in priced if own]
    others = [p.name for p, _, own in priced if not own]
    if not others:
        return "the makers' list prices" if len(makers) > 1 else "the maker's list price"
    if not makers:
        return "each one's cheapest paid route: no maker price is listed"
    whose = "whose maker lists" if len(others) == 1 else "whose makers list"
    return (f"the maker's list price for {_join(makers)}; the cheapest paid route for "
            f"{_join(others)}, {whose} no price")


def _price(profiles: list[ModelProfile], out: Differences) -> None:
    refs = [(p, *_price_ref(p)) for p in profiles]
    missing = [p.name for p, ref, _ in refs if ref is None]
    if missing:
        out.unknown.append(f"no paid price for {_join(missing)}")
        return
    priced = [(p, ref, own) for p, ref, own in refs if ref is not None]
    values = ", ".join(f"{p.name} {_pair(ref)} on {ref.provider}" for p, ref, _ in priced)
    if len({(ref.input_per_m, ref.output_per_m) for _, ref, _ in priced}) == 1:
        out.alike.append(f"the same price per 1M tokens ({values}; {_basis(priced)})")
        return
    by_out = sorted(priced, key=lambda t: (t[1].output_per_m, t[1].input_per_m))
    cheap, dear = by_out[0], by_out[-1]
    ratio = (f"; {dear[0].name}'s output price is "
             f"{ratio_text(dear[1].output_per_m, cheap[1].output_per_m)} {cheap[0].name}'s"
             if 0 < cheap[1].output_per_m < dear[1].output_per_m else "")
    text = f"per 1M tokens in / out, {values} ({_basis(priced)}){ratio}"
    others = ", ".join(f"{p.name}'s {_pair(ref)} on {ref.provider}" for p, ref, _ in by_out[1:])
    least = "costs less" if len(priced) == 2 else "costs least"
    clause = (f"{cheap[0].name} {least} per token: {_pair(cheap[1])} per 1M tokens in / out "
              f"on {cheap[1].provider}, against {others} ({_basis(priced)}){ratio}")
    cheapest_in = min(priced, key=lambda t: (t[1].input_per_m, t[1].output_per_m))
    if cheapest_in[1].input_per_m < cheap[1].input_per_m:
        clause += f"; {cheapest_in[0].name} has the lower input price"
    out.differ.append(Difference(aspect="price", label="price", text=text, clause=clause))


def _sized(profiles: list[ModelProfile], out: Differences, aspect: Aspect, label: str,
           field: str, value: Callable[[ModelProfile], int | None]) -> None:
    known = [(p, value(p)) for p in profiles]
    missing = [p.name for p, v in known if v is None]
    if missing:
        out.unknown.append(f"{label} of {_join(missing)}")
    sized = [(p, v) for p, v in known if v is not None]
    if len(sized) < 2:
        return
    ordered = sorted(sized, key=lambda t: -t[1])
    top, low = ordered[0][1], ordered[-1][1]
    if top == low or same_token_count(field, top, low):  # 128,000 and 131,072: one size
        out.alike.append(f"a {tokens(low)} {label}")
        return
    text = ", ".join(f"{p.name} {tokens(v)}" for p, v in ordered) + " tokens"
    if top / low >= 1.1:
        text += f" ({ratio_text(top, low)})"
    out.differ.append(Difference(aspect=aspect, label=label, text=text,
                                 clause=f"{label}: {text}"))


def _capabilities(profiles: list[ModelProfile], out: Differences) -> None:
    for cap in _CAPS:
        values = {p.name: p.capabilities.get(cap.key) for p in profiles}
        yes = [n for n, v in values.items() if v is True]
        no = [n for n, v in values.items() if v is False]
        unknown = [n for n, v in values.items() if v is None]
        if yes and no:
            text = (f"all but {_join(no)}" if len(no) < len(yes) and not unknown
                    else f"only {_join(yes)}")
            if unknown:
                text += f" (unknown for {_join(unknown)})"
            verb = "has" if len(yes) == 1 and text.startswith("only") else "have"
            out.differ.append(Difference(aspect="capability", label=cap.label, text=text,
                                         clause=f"{_lower(cap.label)}: {text} {verb} it"))
        elif yes and not unknown:
            out.alike.append(cap.label)
        elif yes and unknown:
            out.unknown.append(f"{cap.label} for {_join(unknown)}")


def _text_fact(profiles: list[ModelProfile], out: Differences, aspect: Aspect, label: str,
               value: Callable[[ModelProfile], str | None], newest: str = "") -> None:
    known = [(p, value(p)) for p in profiles if value(p)]
    if len(known) < 2 or len({v for _, v in known}) == 1:
        return  # nothing to set side by side: one side unknown, or all the same
    ordered = sorted(known, key=lambda t: str(t[1]), reverse=True) if newest else known
    text = ", ".join(f"{p.name} {v}" for p, v in ordered)
    if newest:
        text = f"{ordered[0][0].name} {newest} ({text})"
    out.differ.append(Difference(aspect=aspect, label=label, text=text,
                                 clause=f"{label}: {text}"))


def _params(p: ModelProfile) -> str | None:
    if p.parameters_total_b is None:
        return None
    text = f"{p.parameters_total_b:g}B"
    if p.parameters_active_b is not None and p.parameters_active_b < p.parameters_total_b:
        text += f" ({p.parameters_active_b:g}B active)"
    return text


def _openness(p: ModelProfile) -> str | None:
    return None if p.open_weights is None else (
        "open weights" if p.open_weights else "API only")


def differences(profiles: list[ModelProfile]) -> Differences:
    """What differs between ``profiles`` (price first), what they share, what is unknown."""
    out = Differences(models=[p.name for p in profiles])
    _price(profiles, out)
    _sized(profiles, out, "context", "context window", "context_window",
           lambda p: p.context_window)
    _sized(profiles, out, "output", "max output", "max_output",
           lambda p: p.max_output)
    _capabilities(profiles, out)
    _text_fact(profiles, out, "openness", "weights", _openness)
    _text_fact(profiles, out, "license", "licence", lambda p: p.license)
    _text_fact(profiles, out, "parameters", "parameters", _params)
    _text_fact(profiles, out, "release", "release date", lambda p: p.release_date,
               newest="is the newest")
    _text_fact(profiles, out, "cutoff", "knowledge cutoff", lambda p: p.knowledge_cutoff,
               newest="knows the latest")
    return out
