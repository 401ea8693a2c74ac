"""The capabilities the advisor states for a model: key, label, and how each is read.

Shared vocabulary on the catalog floor: the documents' model cards and every tool (specs,
diff, compare, recommend) read a capability the same way and show it under the same label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.catalog.schema import CatalogModel


@dataclass(frozen=True)
class Capability:
    """A capability the advisor can state for a model, and how it is read from the data."""

    key: str
    label: str
    read: Callable[[CatalogModel], bool | None]


def _curated_cap(model: CatalogModel, key: str) -> bool | None:
    caps = model.curated_value("capabilities") or {}
    value = caps.get(key)
    return bool(value) if value is not None else None


_CURATED_MODALITY_CAP = {"image": "vision", "audio": "audio_input"}


def _modality(kind: str, out: bool = False) -> Callable[[CatalogModel], bool | None]:
    def read(model: CatalogModel) -> bool | None:
        if out:
            return kind in model.modalities_out if model.routes else None
        if model.routes or model.curated_value("modalities_input") is not None:
            return kind in model.modalities_in
        return _curated_cap(model, _CURATED_MODALITY_CAP.get(kind, f"{kind}_input"))
    return read


def _flag(name: Any, curated_key: str) -> Callable[[CatalogModel], bool | None]:
    def read(model: CatalogModel) -> bool | None:
        return model.route_flag(name) if model.routes else _curated_cap(model, curated_key)
    return read


def _multimodal(model: CatalogModel) -> bool | None:
    if model.routes or model.curated_value("modalities_input") is not None:
        return any(m != "text" for m in model.modalities_in)
    return _curated_cap(model, "multimodal")


CAPABILITIES: tuple[Capability, ...] = (
    Capability("vision", "Vision (image input)", _modality("image")),
    Capability("audio_input", "Audio input", _modality("audio")),
    Capability("video_input", "Video input", _modality("video")),
    Capability("pdf_input", "PDF input", _modality("pdf")),
    Capability("multimodal", "Multimodal input", _multimodal),
    Capability("image_output", "Image output", _modality("image", out=True)),
    Capability("audio_output", "Audio output", _modality("audio", out=True)),
    Capability("reasoning", "Reasoning", _flag("reasoning", "reasoning")),
    Capability("function_calling", "Function calling / tool use",
               _flag("tool_call", "function_calling")),
    Capability("structured_outputs", "Structured outputs",
               _flag("structured_output", "structured_outputs")),
    Capability("attachments", "File attachments", _flag("attachment", "attachments")),
    Capability("open_weights", "Open weights", lambda m: m.open_weights),
)
CAPABILITY_KEYS = {c.key for c in CAPABILITIES}


def capability_values(model: CatalogModel) -> dict[str, bool | None]:
    """Every capability of a model: True, False, or None where no source says."""
    return {c.key: c.read(model) for c in CAPABILITIES}


def license_of(model: CatalogModel) -> str | None:
    """The preferred licence (curated first, then lab data, leaderboard, family rules)."""
    value = model.fact_value("license")
    return str(value) if value is not None else None
