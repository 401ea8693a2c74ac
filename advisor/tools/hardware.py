"""Self-hosting fit: memory to run a model, whether it fits a device, and a decode-speed ceiling."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel, get_catalog
from advisor.catalog.schema import Fact
from advisor.tools.errors import ToolInputError
from advisor.tools.format import md_table
from advisor.tools.hardware_table import HARDWARE_FILE, Hardware, find_hardware
from advisor.tools.limits import MAX_CONTEXT_TOKENS, MAX_STRING_CHARS, check_count, check_text
from advisor.tools.weights import (
    GB_PER_B_PARAMS,
    PRECISIONS,
    QUANT_LABELS,
    Quantization,
    parameter_count,
    weights_gb,
)

_QUANT_ALIASES: dict[str, Quantization] = {
    "bf16": "bf16", "fp16": "bf16", "f16": "bf16", "16bit": "bf16", "16": "bf16", "half": "bf16",
    "8bit": "8bit", "8": "8bit", "int8": "8bit", "q8": "8bit", "q80": "8bit", "fp8": "8bit",
    "4bit": "4bit", "4": "4bit", "int4": "4bit", "q4": "4bit", "q40": "4bit", "q4km": "4bit",
    "q4ks": "4bit", "nf4": "4bit", "awq": "4bit", "gptq": "4bit", "mxfp4": "4bit",
}
KV_BYTES_PER_VALUE = 2  # the KV cache kept at 16-bit precision, whatever the weights use
OVERHEAD_FRACTION = 0.10  # runtime buffers and activations, as a share of the weights
OVERHEAD_FIXED_GB = 0.5  # CUDA/Metal context and allocator slack
DEFAULT_CONTEXT = 8192
GB = 1e9
# A published memory figure this far below our weights-only estimate is flagged.
PUBLISHED_LOW_RATIO = 0.75


class PublishedFigure(BaseModel):
    """A figure a source states (memory in GB or speed in tokens/s), shown beside the estimate."""

    value: float
    unit: str
    quantization: str | None = None
    hardware: str | None = None
    source: str
    note: str | None = None
    remark: str | None = Field(default=None, description="How it compares with our estimate.")


class LevelEstimate(BaseModel):
    """Memory, fit and speed ceiling at one weight precision."""

    quantization: str
    label: str
    bytes_per_parameter: float
    weights_gb: float
    kv_cache_gb: float | None = Field(description="None when the architecture facts are missing.")
    overhead_gb: float
    total_gb: float = Field(description="Weights + overhead + KV cache (when known).")
    fits: bool | None = Field(default=None, description="None when no hardware was named.")
    headroom_gb: float | None = None
    max_context_tokens: int | None = Field(
        default=None, description="Largest context that fits (capped at the model's window).")
    decode_tokens_per_s_ceiling: float | None = Field(
        default=None, description="Upper bound: bandwidth / bytes of weights read per token.")
    published_memory: list[PublishedFigure] = Field(default_factory=list)


class HardwareEstimate(BaseModel):
    """What it takes to run a model yourself, and whether a device is enough."""

    model: str
    open_weights: bool | None
    parameters_total_b: float
    parameters_active_b: float
    mixture_of_experts: bool
    parameter_note: str
    context_tokens: int
    context_window: int | None
    kv_bytes_per_token: int | None
    kv_note: str
    requested_quantization: str | None
    hardware: Hardware | None
    levels: list[LevelEstimate]
    published_speeds: list[PublishedFigure] = Field(default_factory=list)
    verdict: str
    warnings: list[str] = Field(default_factory=list)
    assumptions: list[str]
    sources: list[str]

    def to_markdown(self) -> str:
        """The estimate table, the verdict, published figures and every assumption."""
        hw = self.hardware
        head = (f"### Running {self.model} yourself\n"
                f"{self.parameter_note}; context {self.context_tokens:,} tokens"
                + (f" on **{hw.name}** ({hw.memory_gb:g} GB"
                   + (f", {hw.bandwidth_gb_s:g} GB/s" if hw.bandwidth_gb_s else "") + ")"
                   if hw else "") + ".")
        header = ["Precision", "Weights", "KV cache", "Overhead", "Total"]
        if hw:
            header += ["Fits", "Largest context that fits"]
            if hw.bandwidth_gb_s:
                header.append("Decode ceiling (upper bound)")
        header.append("Published")
        rows = []
        for lv in self.levels:
            mark = " ◀" if lv.quantization == self.requested_quantization else ""
            row: list[object] = [lv.label + mark, _gb(lv.weights_gb), _gb(lv.kv_cache_gb),
                                 _gb(lv.overhead_gb), _gb(lv.total_gb)]
            if hw:
                row += ["yes" if lv.fits else "no",
                        f"{lv.max_context_tokens:,}" if lv.max_context_tokens is not None
                        else "—"]
                if hw.bandwidth_gb_s:
                    row.append(f"≤ {lv.decode_tokens_per_s_ceiling:.1f} tok/s"
                               if lv.decode_tokens_per_s_ceiling else "—")
            row.append("; ".join(f"{p.value:g} GB" for p in lv.published_memory) or "—")
            rows.append(row)
        parts = [head, "", md_table(header, rows), "", f"**{self.verdict}**"]
        published = [p for lv in self.levels for p in lv.published_memory]
        if published or self.published_speeds:
            parts += ["", "**Published figures**"]
            parts += [f"- {p.value:g} GB at {p.quantization}: {p.source}"
                      + (f" — {p.note}" if p.note else "")
                      + (f" ({p.remark})" if p.remark else "") for p in published]
            parts += [f"- {p.value:g} tokens/s on {p.hardware}"
                      + (f" at {p.quantization}" if p.quantization else "") + f": {p.source}"
                      + (f" — {p.note}" if p.note else "")
                      + (f" ({p.remark})" if p.remark else "") for p in self.published_speeds]
        if self.warnings:
            parts += ["", *(f"- ⚠ {w}" for w in self.warnings)]
        if hw and hw.note:
            parts += ["", f"Device note ({hw.name}): {hw.note}"]
        parts += ["", "Assumptions:", *(f"- {a}" for a in self.assumptions)]
        return "\n".join(parts)


def _gb(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} GB"


def normalize_quantization(value: str | None) -> Quantization | None:
    """``"Q4_K_M"``, ``"int4"``, ``"4-bit"`` → ``"4bit"``; ``None`` stays ``None``."""
    if value is None:
        return None
    key = "".join(ch for ch in str(value).lower() if ch.isalnum())
    if key in _QUANT_ALIASES:
        return _QUANT_ALIASES[key]
    raise ToolInputError("quantization", f"unknown precision {value!r}; use bf16, 8bit or 4bit")


def overhead_gb(weights: float) -> float:
    """The stated runtime overhead on top of the weights."""
    return OVERHEAD_FRACTION * weights + OVERHEAD_FIXED_GB


def _claims(model: CatalogModel, field: str) -> Fact | None:
    return model.curated.facts.get(field) if model.curated else None


def _numbers(fact: Fact | None) -> list[tuple[float, str]]:
    if fact is None:
        return []
    return [(float(c.value), c.source.key) for c in fact.claims
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)]


def parameters(model: CatalogModel) -> tuple[float, float, str]:
    """Total and active parameters (billions) and a sentence saying where they come from.

    Memory uses the total (every expert of an MoE model is held in memory), the largest a
    source states; the speed ceiling uses the active count, the smallest a source states, so
    the ceiling stays an upper bound.
    """
    count = parameter_count(model)
    if count is None:
        stated = _numbers(_claims(model, "parameters_total_b"))
        if stated:
            sizes = ", ".join(f"{v:g}B" for v in sorted({v for v, _ in stated}))
            raise ToolInputError("model", f"{model.name} lists several sizes ({sizes}): it is "
                                          "a family, not one model; name one size")
        raise ToolInputError("model", f"{model.name} has no parameter count in the catalog, so "
                                      "its memory cannot be estimated (hosted-only models "
                                      "rarely publish one)")
    total_b = count.billions
    active = _numbers(_claims(model, "parameters_active_b"))
    active_b = min(v for v, _ in active) if active else total_b
    note = (f"{total_b:g}B parameters" + (f", {active_b:g}B active per token (MoE)"
                                          if active else " (dense)") + f", {count.source}")
    total = _numbers(_claims(model, "parameters_total_b"))
    if len({v for v, _ in total}) > 1:
        said = ", ".join(f"{v:g}B ({s})" for v, s in total)
        note += f"; sources state {said}: the largest is used"
    if len({v for v, _ in active}) > 1:
        said = ", ".join(f"{v:g}B ({s})" for v, s in active)
        note += f"; active counts stated: {said}: the smallest is used for the speed ceiling"
    return total_b, active_b, note


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def kv_per_token(model: CatalogModel) -> tuple[int | None, str]:
    """Bytes of KV cache per token (2 × layers × KV heads × head dim × 2 bytes), or why not."""
    facts = {f: _claims(model, f) for f in ("num_layers", "num_kv_heads", "head_dim")}
    missing = [f for f, fact in facts.items() if fact is None]
    if missing:
        words = {"num_layers": "the number of layers", "num_kv_heads": "the number of KV "
                 "heads", "head_dim": "the head size"}
        return None, (f"KV cache not estimated: the catalog lacks "
                      f"{_and([words[f] for f in missing])} for {model.name}; add memory for "
                      "the context on top of the figures")
    layers, heads, dim = (int(fact.value) for fact in facts.values() if fact is not None)
    per_token = 2 * layers * heads * dim * KV_BYTES_PER_VALUE
    notes = [c.note for fact in facts.values() if fact for c in fact.claims
             if c.note and "window" in c.note]
    text = (f"KV cache = 2 × {layers} layers × {heads} KV heads × {dim} head dim × "
            f"{KV_BYTES_PER_VALUE} bytes = {per_token:,} bytes per token (full attention, "
            "16-bit cache)")
    if notes:
        text += f"; note from the source: {notes[0]}"
    return per_token, text


def _published_memory(model: CatalogModel, level: str, weights: float) -> list[PublishedFigure]:
    out: list[PublishedFigure] = []
    fact = _claims(model, "memory_gb")
    for claim in fact.claims if fact else ():
        for key, value in (claim.value or {}).items():
            if normalize_quantization_or_none(str(key)) == level:
                out.append(PublishedFigure(value=float(value), unit="GB", quantization=str(key),
                                           source=claim.source.label, note=claim.note))
    q4 = _claims(model, "ram_q4_gb")
    if level == "4bit" and q4:
        out += [PublishedFigure(value=float(c.value), unit="GB", quantization="Q4",
                                source=c.source.label, note=c.note) for c in q4.claims]
    for fig in out:
        if fig.value < PUBLISHED_LOW_RATIO * weights:
            fig.remark = (f"below the {weights:.1f} GB our estimate gives for the weights alone "
                          "at this precision; check what the source measured")
    return out


def normalize_quantization_or_none(value: str) -> str | None:
    """Like :func:`normalize_quantization` but ``None`` for an unknown label."""
    try:
        return normalize_quantization(value)
    except ToolInputError:
        return None


def _published_speeds(model: CatalogModel) -> list[PublishedFigure]:
    fact = _claims(model, "speed")
    out = []
    for claim in fact.claims if fact else ():
        for run in claim.value if isinstance(claim.value, list) else []:
            if not isinstance(run, dict) or "tokens_per_s" not in run:
                continue
            out.append(PublishedFigure(value=float(run["tokens_per_s"]), unit="tokens/s",
                                       quantization=run.get("quantization"),
                                       hardware=run.get("hardware"),
                                       source=claim.source.label, note=claim.note))
    return out


def native_window(model: CatalogModel) -> int | None:
    """The weights' own context window: the curated (model-card) figure, else the catalog's.

    Hosted routes sometimes list a different window than the released weights support.
    """
    stated = [int(v) for v, _ in _numbers(_claims(model, "context_window"))]
    return max(stated) if stated else model.context_window


def _level(model: CatalogModel, level: Quantization, total_b: float, active_b: float,
           kv_token: int | None, context: int, hw: Hardware | None) -> LevelEstimate:
    weights = weights_gb(total_b, level)
    overhead = overhead_gb(weights)
    kv = kv_token * context / GB if kv_token is not None else None
    total = weights + overhead + (kv or 0.0)
    est = LevelEstimate(quantization=level, label=QUANT_LABELS[level],
                        bytes_per_parameter=GB_PER_B_PARAMS[level], weights_gb=weights,
                        kv_cache_gb=kv, overhead_gb=overhead, total_gb=total,
                        published_memory=_published_memory(model, level, weights))
    if hw is None:
        return est
    est.fits = total <= hw.memory_gb
    est.headroom_gb = hw.memory_gb - total
    free = hw.memory_gb - weights - overhead
    if kv_token is not None:
        fit_tokens = max(0, int(free * GB // kv_token))
        window = native_window(model)
        est.max_context_tokens = min(fit_tokens, window) if window else fit_tokens
    if hw.bandwidth_gb_s:
        est.decode_tokens_per_s_ceiling = hw.bandwidth_gb_s / weights_gb(active_b, level)
    return est


def _verdict(model: str, levels: list[LevelEstimate], hw: Hardware | None,
             requested: str | None, context: int) -> str:
    focus = [lv for lv in levels if requested in (None, lv.quantization)]
    with_kv = (f"with {context:,} tokens of context" if focus[0].kv_cache_gb is not None
               else "for weights and overhead only (KV cache not counted: architecture unknown)")
    if hw is None:
        lv = focus[-1]
        return (f"{model} needs about {lv.total_gb:.1f} GB at {lv.label} {with_kv}. "
                "Name a device to check the fit.")
    fitting = [lv.label for lv in focus if lv.fits]
    if not fitting:
        smallest = min(focus, key=lambda lv: lv.total_gb)
        short = smallest.total_gb - hw.memory_gb
        return (f"Does not fit {hw.name} ({hw.memory_gb:g} GB): {smallest.label} needs about "
                f"{smallest.total_gb:.1f} GB {with_kv}, {short:.0f} GB more than it has.")
    return f"Fits {hw.name} ({hw.memory_gb:g} GB) at {', '.join(fitting)} {with_kv}."


def estimate_hardware(
    model: Annotated[str, Field(description="Model name or id, e.g. 'Gemma 3 4B'.",
                                max_length=MAX_STRING_CHARS)],
    quantization: Annotated[str | None, Field(
        description="Precision to focus on: bf16, 8bit or 4bit (also int8, q4_k_m…); "
                    "default: all three.")] = None,
    context_tokens: Annotated[int | None, Field(
        description="Context to hold in the KV cache (tokens); default 8,192 or the model's "
                    "window if smaller.", ge=0, le=MAX_CONTEXT_TOKENS)] = None,
    hardware: Annotated[str | None, Field(
        description="A device ('RTX 4090', 'H100 80GB', '16 GB laptop', 'M4 Max') or a memory "
                    "size ('24 GB').")] = None,
) -> HardwareEstimate:
    """Estimate the memory to self-host a model and whether it fits a GPU or machine.

    Gives weights (total parameters × bits per weight; all experts of an MoE model), the KV
    cache for the context where the architecture is known, and a stated overhead, at BF16,
    8-bit and 4-bit; whether that fits the named device and the largest context that fits; and
    a decode-speed ceiling (memory bandwidth ÷ bytes of active weights read per token), which is
    an upper bound, not a prediction. Published memory and speed figures are shown beside the
    estimate with their sources.
    """
    model = check_text("model", model)
    level = normalize_quantization(quantization)
    resolved = get_catalog().resolve(model)
    total_b, active_b, param_note = parameters(resolved)
    window = native_window(resolved)
    warnings: list[str] = []
    if context_tokens is None:
        context = min(DEFAULT_CONTEXT, window) if window else DEFAULT_CONTEXT
    else:
        context = check_count("context_tokens", context_tokens, maximum=MAX_CONTEXT_TOKENS)
        if window and context > window:
            warnings.append(f"{context:,} tokens is beyond {resolved.name}'s "
                            f"{window:,}-token context window.")
    device = find_hardware(hardware) if hardware is not None else None
    kv_token, kv_note = kv_per_token(resolved)
    levels = [_level(resolved, q, total_b, active_b, kv_token, context, device)
              for q in PRECISIONS]
    if resolved.open_weights is False:
        warnings.append(f"{resolved.name}'s weights are not published: it cannot be "
                        "self-hosted, so these figures are only for scale.")
    if kv_token is None:
        warnings.append(kv_note)
    return HardwareEstimate(
        model=resolved.name, open_weights=resolved.open_weights, parameters_total_b=total_b,
        parameters_active_b=active_b, mixture_of_experts=active_b < total_b,
        parameter_note=param_note, context_tokens=context, context_window=window,
        kv_bytes_per_token=kv_token, kv_note=kv_note, requested_quantization=level,
        hardware=device, levels=levels,
        published_speeds=_published_speeds(resolved),
        verdict=_verdict(resolved.name, levels, device, level, context), warnings=warnings,
        assumptions=_assumptions(kv_note),
        sources=_sources(resolved, device))


def _assumptions(kv_note: str) -> list[str]:
    return [
        "GB means 10⁹ bytes; device memory is the vendor's figure.",
        "Weights = parameters × bytes per parameter: 2 at BF16, 1 at 8-bit, 0.5 at 4-bit. "
        "Quantized files carry scales too (GGUF Q4_K_M is about 4.8 bits a weight), so real "
        "files run 5-20% larger. Every expert of an MoE model is held in memory.",
        f"Overhead = {OVERHEAD_FRACTION:.0%} of the weights + {OVERHEAD_FIXED_GB:g} GB for "
        "runtime buffers, activations and the GPU context (a rule of thumb, not a measurement).",
        kv_note + ".",
        "Decode ceiling = memory bandwidth ÷ bytes of active weights read per token. It ignores "
        "KV-cache reads and compute limits, so real speed is lower: an upper bound.",
    ]


def _sources(model: CatalogModel, device: Hardware | None) -> list[str]:
    used = {"parameters_total_b", "parameters_active_b", "num_layers", "num_kv_heads",
            "head_dim", "memory_gb", "ram_q4_gb", "speed"}
    curated = model.curated.sources if model.curated else {}
    where = f" [knowledge/models/{model.curated.file}]" if model.curated else ""
    # every layer's figures (curated files, bundled datasets); a size read from the name is
    # said in the parameter note, not cited as a source
    out = sorted({c.source.label + (where if c.source.key in curated else "")
                  for f, fact in model.facts.items() if f in used
                  for c in fact.claims if c.source.key != "model-name"})
    if device and device.source:
        out.append(f"{device.name}: {device.source.label} [knowledge/{HARDWARE_FILE}]")
    return out

