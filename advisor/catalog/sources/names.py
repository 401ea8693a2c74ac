"""Parameter counts read from a model's name ("8B", "122B-A10B", "270M"), when unambiguous."""

from __future__ import annotations

import re

# A size token: a number followed by B or M, not part of a longer word ("8x7B", "E4B", "4bit"
# and "v3" never match). "A10B" states the active parameters of a mixture of experts.
_SIZE = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)\s?([bm])(?![a-z0-9])", re.IGNORECASE)
_ACTIVE = re.compile(r"(?<![A-Za-z0-9.])a(\d+(?:\.\d+)?)b(?![a-z0-9])", re.IGNORECASE)
_EXPERTS = re.compile(r"(?<![A-Za-z0-9.])\d+e(?![a-z0-9])", re.IGNORECASE)
_MULTI = re.compile(r"\d+\s?x\s?\d+(?:\.\d+)?\s?b", re.IGNORECASE)


def parameters_from_name(name: str) -> tuple[float | None, float | None] | None:
    """``(total, active)`` billions of parameters stated by a name, or ``None``.

    ``None`` when the name states no size or more than one plain size, or uses an
    ``8x7B`` form (the total is not the product). A size beside an expert count ("17B-16E",
    Llama 4's naming) is the active count, with no total.
    """
    if _MULTI.search(name):
        return None
    active = {float(m.group(1)) for m in _ACTIVE.finditer(name)}
    sizes = {_billions(m) for m in _SIZE.finditer(name)} - {None}
    if len(sizes) > 1 or len(active) > 1 or not sizes:
        return None
    total = float(next(iter(sizes)))  # type: ignore[arg-type]
    if _EXPERTS.search(name) and not active:
        return None, total
    act = next(iter(active)) if active else None
    if act is not None and act > total:
        return None
    return total, act


def _billions(match: re.Match[str]) -> float | None:
    value = float(match.group(1))
    if match.group(2).lower() == "b":
        return value
    return value / 1000 if value >= 10 else None  # "270M" is a size, "1M" a context length
