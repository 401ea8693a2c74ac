"""Parameter counts and weight memory: the shared arithmetic behind self-hosting fit.

A model's weights take ``parameters × bytes per parameter``: 2 bytes at BF16, 1 at 8-bit and
0.5 at 4-bit, so a 1B-parameter model needs 2 / 1 / 0.5 GB (1 GB = 10⁹ bytes). Running it
needs more than the weights (KV cache, activations, runtime buffers): :func:`best_fit` takes the
overhead rule from its caller (the hardware tool states one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from advisor.catalog import CatalogModel

Quantization = Literal["bf16", "8bit", "4bit"]
GB_PER_B_PARAMS: dict[Quantization, float] = {"bf16": 2.0, "8bit": 1.0, "4bit": 0.5}
QUANT_LABELS: dict[Quantization, str] = {"bf16": "BF16", "8bit": "8-bit", "4bit": "4-bit"}
PRECISIONS: tuple[Quantization, ...] = ("bf16", "8bit", "4bit")  # best first

# "70B", "0.6B", "22M", "8x7B"; not "A3B" (active) or "E4B" (effective): a letter before fails.
_SIZE = re.compile(r"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)\s?([bm])(?![a-z0-9])",
                   re.IGNORECASE)
# Names that state only the active parameters of a mixture of experts ("17B-16E", Llama 4).
_ACTIVE_ONLY = re.compile(r"\d+e\b|maverick|scout", re.IGNORECASE)


@dataclass(frozen=True)
class ParameterCount:
    """A total parameter count in billions and where it comes from."""

    billions: float
    source: str


def parameter_count(model: CatalogModel) -> ParameterCount | None:
    """Total parameters of a model: the largest sourced figure, else read from its name.

    Curated sources sometimes round differently (2B vs 2.6B); the largest figure is used so a
    memory estimate errs on the safe side. Merged facts (curated, lab data, leaderboard,
    family rules) come first. A size in the name ("Qwen3 32B", "Mixtral 8x7B" =
    8 × 7B, an upper bound) is used only when no curated figure exists; names that give only the
    active parameters of a mixture of experts (Llama 4 "17B-16E") give no count.
    """
    fact = model.facts.get("parameters_total_b") if model.facts else None
    if fact is None and model.curated:
        fact = model.curated.facts.get("parameters_total_b")
    if fact is not None and fact.claims[0].source.key != "model-name":
        claims = [(c.source, float(c.value)) for c in fact.claims
                  if isinstance(c.value, int | float) and not isinstance(c.value, bool)
                  and c.value > 0]
        per_source: dict[str, set[float]] = {}
        for source, value in claims:
            per_source.setdefault(source.key, set()).add(value)
        if claims and all(len(v) == 1 for v in per_source.values()):  # not a family's sizes
            source, best = max(claims, key=lambda sv: sv[1])
            return ParameterCount(best, f"{_origin(model, source.key)} ({source.title})")
        if claims:
            return None  # one source lists several sizes: a family entry, not one model
    return parameters_from_name(model.name)


def parameters_from_name(name: str) -> ParameterCount | None:
    """A parameter count stated in a model name, if exactly one size is written there."""
    if _ACTIVE_ONLY.search(name):
        return None
    sizes = {_billions(m) for m in _SIZE.finditer(name)}
    if len(sizes) != 1:
        return None
    return ParameterCount(sizes.pop(), "read from the model name")


def _billions(match: re.Match[str]) -> float:
    experts = int(match.group(1)) if match.group(1) else 1
    value = float(match.group(2)) * experts
    return value / 1000 if match.group(3).lower() == "m" else value


def weights_gb(billions: float, quantization: Quantization) -> float:
    """Memory for the weights alone (GB) at a quantization."""
    return billions * GB_PER_B_PARAMS[quantization]


def best_fit(billions: float, memory_gb: float, overhead_gb: Callable[[float], float],
             ) -> tuple[Quantization, float] | None:
    """The highest precision whose weights plus overhead fit ``memory_gb``, and the GB needed.

    ``overhead_gb`` maps the weights' size (GB) to the extra memory needed to run them.
    """
    for quant in PRECISIONS:
        weights = weights_gb(billions, quant)
        need = weights + overhead_gb(weights)
        if need <= memory_gb:
            return quant, need
    return None


def _origin(model: CatalogModel, key: str) -> str:
    """Which knowledge layer a source key belongs to, in words."""
    if model.curated is not None and key in model.curated.sources:
        return "curated"
    return {"models.dev-labs": "models.dev lab data",
            "llm-leaderboard": "llm-leaderboard dataset",
            "model-name": "the model name"}.get(key, "family rule")
