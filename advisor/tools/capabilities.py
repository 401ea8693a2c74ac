"""The capability-diff tool (capability definitions live in ``advisor.catalog.capabilities``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel, get_catalog
from advisor.catalog.capabilities import (
    CAPABILITIES,
    CAPABILITY_KEYS,
    capability_values,
    license_of,
)
from advisor.tools.disagreements import disputed, sentence
from advisor.tools.errors import ToolInputError
from advisor.tools.format import md_table, tokens, yes_no
from advisor.tools.limits import MAX_LIST_ITEMS, MAX_STRING_CHARS, clean_text

# re-exported: the tools' modules read capabilities from here
__all__ = ["CAPABILITIES", "CAPABILITY_KEYS", "CapabilityDiff", "capability_values",
           "diff_capabilities", "license_of", "model_sources", "resolve_models"]


class DiffRow(BaseModel):
    """One compared attribute: each model's value and whether they differ."""

    attribute: str
    label: str
    values: dict[str, str] = Field(description="Model name → displayed value.")
    differs: bool


class CapabilityDiff(BaseModel):
    """A capability matrix over several models and what each has that the others lack."""

    models: list[str]
    rows: list[DiffRow]
    only_in: dict[str, list[str]] = Field(
        description="Model name → capabilities it has that none of the other models has.")
    disagreements: list[str] = Field(
        default_factory=list, description="Values marked ⚠: where a model's listings disagree "
                                          "on what the row shows, and whose word is used.")
    sources: list[str]

    def to_markdown(self) -> str:
        """The matrix as a Markdown table, then the unique capabilities."""
        table = md_table(["Capability", *self.models],
                         [[r.label, *(r.values[m] for m in self.models)] for r in self.rows])
        lines = [table, ""]
        for name, caps in self.only_in.items():
            lines.append(f"- **{name}** alone has: {', '.join(caps) if caps else 'nothing extra'}")
        if self.disagreements:
            lines += ["", "**Listings disagree** (⚠)", *(f"- {d}" for d in self.disagreements)]
        return "\n".join(lines)


def diff_capabilities(
    models: Annotated[list[str], Field(description="Two or more model names or ids to compare.",
                                       json_schema_extra={"minItems": 2})],
) -> CapabilityDiff:
    """Compare the capabilities of two or more models side by side.

    Covers vision, audio, video and PDF input, multimodal input, image/audio output, reasoning,
    function calling (tool use), structured outputs, attachments, open weights, licence, context
    window and output limit, and lists what each model has that the others lack. Unknown values
    are shown as "—", never guessed.
    """
    return _diff(resolve_models(models))


def resolve_models(models: Any, max_models: int | None = None) -> list[CatalogModel]:
    """Two or more distinct catalog models from a list of names (the ``models`` argument)."""
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise ToolInputError("models", "expected a list of model names")
    if len(models) > MAX_LIST_ITEMS:
        raise ToolInputError("models", f"too many items ({len(models):,}; at most "
                                       f"{MAX_LIST_ITEMS})")
    if any(len(m) > MAX_STRING_CHARS for m in models):
        raise ToolInputError("models", f"a name is longer than {MAX_STRING_CHARS:,} characters")
    names = [m for m in (clean_text(s).strip() for s in models) if m]
    if len(names) < 2:
        raise ToolInputError("models", f"need at least two model names, got {len(names)}")
    if max_models is not None and len(names) > max_models:
        raise ToolInputError("models", f"at most {max_models} models, got {len(names)}")
    catalog = get_catalog()
    resolved: list[CatalogModel] = []
    for name in names:
        model = catalog.resolve(name)
        if all(model.key != r.key for r in resolved):
            resolved.append(model)
    if len(resolved) < 2:
        raise ToolInputError("models", "those names all refer to the same model")
    return resolved


def _diff(models: list[CatalogModel]) -> CapabilityDiff:
    labels = [m.name for m in models]
    caps = {m.name: capability_values(m) for m in models}
    said: dict[str, None] = {}

    def mark(model: CatalogModel, attribute: str, text: str) -> str:
        d = disputed(model, attribute)
        if d is None:
            return text
        said[f"{model.name} — {sentence(d)}"] = None
        return f"{text} ⚠"

    rows: list[DiffRow] = []
    for cap in CAPABILITIES:
        raw = {m.name: caps[m.name][cap.key] for m in models}
        rows.append(DiffRow(attribute=cap.key, label=cap.label,
                            values={m.name: mark(m, cap.key, yes_no(raw[m.name]))
                                    for m in models},
                            differs=len(set(raw.values())) > 1))
    extra: list[tuple[str, str, dict[str, str]]] = [
        ("context_window", "Context window", {m.name: tokens(m.context_window) for m in models}),
        ("max_output", "Max output tokens", {m.name: tokens(m.max_output) for m in models}),
        ("modalities_in", "Input modalities",
         {m.name: ", ".join(m.modalities_in) for m in models}),
        ("modalities_out", "Output modalities",
         {m.name: ", ".join(m.modalities_out) for m in models}),
        ("license", "Licence", {m.name: license_of(m) or "—" for m in models}),
    ]
    rows += [DiffRow(attribute=a, label=lab,
                     values={m.name: mark(m, a, v[m.name]) for m in models},
                     differs=len(set(v.values())) > 1) for a, lab, v in extra]
    only_in = {}
    for m in models:
        others = [o for o in models if o.key != m.key]
        only_in[m.name] = [c.label for c in CAPABILITIES if caps[m.name][c.key]
                           and not any(caps[o.name][c.key] for o in others)]
    sources = sorted({s for m in models for s in model_sources(m)})
    return CapabilityDiff(models=labels, rows=rows, only_in=only_in, disagreements=list(said),
                          sources=sources)


def model_sources(model: CatalogModel) -> list[str]:
    """Citations behind a model's facts: its models.dev routes and its curated sources."""
    out = []
    if model.routes:
        out.append(f"models.dev: {len(model.routes)} provider route(s) for {model.name}")
    if model.curated:
        out += [f"{s.label} [knowledge/models/{model.curated.file}]"
                for s in model.curated.sources.values()]
    curated = set(model.curated.sources) if model.curated else set()
    for field in ("license", "commercial_use", "parameters_total_b", "parameters_active_b"):
        fact = model.facts.get(field)
        for claim in fact.claims if fact else ():
            if claim.source.key not in curated:
                label = (f"{claim.source.title} ({claim.source.url or claim.source.ref}; "
                         f"as of {claim.as_of})")
                if label not in out:
                    out.append(label)
    datasets = dict.fromkeys((b.source.ref or "").split(" models/")[0].split(" data/")[0]
                             for b in model.benchmarks if b.source.key not in curated)
    out += [f"benchmark rows: {d}" for d in datasets if d]
    return out
