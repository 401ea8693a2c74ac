"""Headline disagreements as results: the value used, whose word it is, and what others say."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from advisor.catalog import CatalogModel
from advisor.catalog.schema import Disagreement
from advisor.catalog.validate import parse_date
from advisor.tools.format import tokens, yes_no

HEADLINE_LABELS = {
    "context_window": "Context window",
    "max_output": "Max output",
    "modalities_in": "Input modalities",
    "modalities_out": "Output modalities",
    "tool_call": "Function calling",
    "reasoning": "Reasoning",
    "structured_output": "Structured outputs",
    "attachment": "File attachments",
    "open_weights": "Open weights",
    "release_date": "Released",
    "knowledge_cutoff": "Knowledge cutoff",
}
MAX_NAMED = 4  # listings named per value; the rest are counted
MATERIAL_RATIO = 1.1  # limits closer than 10% apart are rounding, not a disagreement that matters
MATERIAL_DAYS = 31  # dates closer than a month apart are a difference of wording


def show(field: str, value: Any) -> str:
    """A headline value in words, formatted the way the tools format it."""
    if value is None:
        return "—"
    if field in ("context_window", "max_output"):
        return tokens(int(value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ValueView(BaseModel):
    """Another value some listings state, and which listings."""

    value: Any
    display: str
    count: int
    routes: list[str]


class DisagreementView(BaseModel):
    """A headline value the listings disagree on: what is used, whose word, what others say."""

    field: str
    label: str
    value: Any
    display: str
    authority: str = Field(description="curated, lab (lab data), maker (the maker's own "
                                       "route) or majority.")
    source: str = Field(description="The curated file, the maker's route(s), or the vote.")
    listings: int = Field(description="How many listings state this field.")
    agreeing: int = Field(description="How many listings state the value used.")
    others: list[ValueView]
    material: bool = Field(description="Whether the difference matters: limits more than 10% "
                                       "apart, dates more than a month apart, any other field.")
    text: str = Field(description="The disagreement in one sentence.")


def _named(routes: tuple[str, ...]) -> str:
    shown = ", ".join(routes[:MAX_NAMED])
    return shown + (f" and {len(routes) - MAX_NAMED} more" if len(routes) > MAX_NAMED else "")


def sentence(d: Disagreement) -> str:
    """``Context window: the maker's route (openai/gpt-5) lists 400k; 2 of 22 listings say …``."""
    label = HEADLINE_LABELS.get(d.field, d.field)
    used = show(d.field, d.value)
    if d.authority == "curated":
        lead = f"the curated facts ({d.source}) state {used}"
    elif d.authority == "lab":
        lead = f"lab data ({d.source}) states {used}"
    elif d.authority == "maker":
        lead = f"the maker's own route ({d.source}) lists {used}"
    else:
        lead = f"{len(d.agreeing)} of {d.listings} listings say {used} (used: most listings)"
    rest = [f"{len(o.routes)} of {d.listings} listings {'say' if len(o.routes) > 1 else 'says'}"
            f" {show(d.field, o.value)} ({_named(o.routes)})" for o in d.others]
    return f"{label}: {lead}; " + "; ".join(rest) + "."


def material(d: Disagreement) -> bool:
    """Whether a disagreement changes what a user would decide (not a rounding or a wording)."""
    values = [d.value, *(o.value for o in d.others)]
    if d.field in ("context_window", "max_output"):
        nums = [int(v) for v in values if v]
        return bool(nums) and max(nums) > MATERIAL_RATIO * min(nums)
    if d.field in ("release_date", "knowledge_cutoff"):
        days = [day for day in map(parse_date, values) if day is not None]
        return bool(days) and (max(days) - min(days)).days > MATERIAL_DAYS
    return True


def disagreement_views(model: CatalogModel) -> list[DisagreementView]:
    """Every headline disagreement of a model, in headline order."""
    return [DisagreementView(
        field=d.field, label=HEADLINE_LABELS.get(d.field, d.field), value=_plain(d.value),
        display=show(d.field, d.value), authority=d.authority, source=d.source,
        listings=d.listings, agreeing=len(d.agreeing), material=material(d), text=sentence(d),
        others=[ValueView(value=_plain(o.value), display=show(d.field, o.value),
                          count=len(o.routes), routes=list(o.routes)) for o in d.others])
        for d in model.disagreements]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def flagged(model: CatalogModel, field: str) -> bool:
    """Whether a headline field carries a disagreement that matters (for a ⚠ beside it)."""
    d = model.disagreement(field)
    return d is not None and material(d)


# Capability or diff attribute → the headline field behind it, and the modality it reads.
_ATTRIBUTE_FIELD: dict[str, tuple[str, str | None]] = {
    "vision": ("modalities_in", "image"), "audio_input": ("modalities_in", "audio"),
    "video_input": ("modalities_in", "video"), "pdf_input": ("modalities_in", "pdf"),
    "image_output": ("modalities_out", "image"), "audio_output": ("modalities_out", "audio"),
    "reasoning": ("reasoning", None), "function_calling": ("tool_call", None),
    "structured_outputs": ("structured_output", None), "attachments": ("attachment", None),
    "open_weights": ("open_weights", None), "context_window": ("context_window", None),
    "max_output": ("max_output", None), "modalities_in": ("modalities_in", None),
    "modalities_out": ("modalities_out", None),
}


def disputed(model: CatalogModel, attribute: str) -> Disagreement | None:
    """The disagreement behind a shown attribute, when listings differ on that very thing.

    A vision row is disputed only when some listings include image input and others do not,
    not because they differ on PDF input.
    """
    field, member = _ATTRIBUTE_FIELD.get(attribute, ("", None))
    d = model.disagreement(field) if field else None
    if d is None or not material(d):
        return None
    if member is not None:
        values = [d.value, *(o.value for o in d.others)]
        if len({member in (v or ()) for v in values}) < 2:
            return None
    return d
