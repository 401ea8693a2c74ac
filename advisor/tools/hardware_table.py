"""The table of GPUs and machines in ``knowledge/hardware.yaml``, validated, with name lookup.

Each row names a device, its memory (GB) and peak memory bandwidth (GB/s) and where those
figures come from. A row that does not validate stops the load with a message naming the file,
the row and the field.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from advisor.catalog.yamlfile import load_yaml
from advisor.config import get_settings
from advisor.errors import AdvisorError
from advisor.tools.errors import ToolInputError
from advisor.tools.limits import MAX_MEMORY_GB, MAX_STRING_CHARS, check_text

HARDWARE_FILE = "hardware.yaml"
KINDS = ("gpu", "apple", "cpu", "memory")
FUZZY_ACCEPT = 88.0
FUZZY_MARGIN = 4.0
# Brand words people add or leave out: "NVIDIA GeForce RTX 4090" == "RTX 4090".
_NOISE = re.compile(r"\b(?:nvidia|geforce|amd|radeon|instinct|tensor core|gpu|graphics card)\b")
_SIZE_ONLY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:gb|gib|g)?\s*(?:of\s+)?"
                        r"(?:vram|ram|memory|unified memory)?\s*$", re.IGNORECASE)


class HardwareDataError(AdvisorError, ValueError):
    """``hardware.yaml`` does not validate: names the file, the row and the field."""

    def __init__(self, file: str, row: str, field: str, problem: str) -> None:
        self.file, self.row, self.field = file, row, field
        super().__init__(f"{file}: {row}, field {field!r}: {problem}")


class HardwareSource(BaseModel):
    """Where a row's figures come from."""

    title: str
    url: str | None = None
    as_of: str

    @property
    def label(self) -> str:
        """Human-readable citation."""
        where = f"{self.url}; " if self.url else ""
        return f"{self.title} ({where}as of {self.as_of})"


class Hardware(BaseModel):
    """One device: memory usable for a model and peak memory bandwidth."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["gpu", "apple", "cpu", "memory"]
    memory_gb: float = Field(description="Memory for weights and KV cache (GB, vendor figure).")
    bandwidth_gb_s: float | None = Field(
        default=None, description="Peak theoretical memory bandwidth; None for a bare size.")
    source: HardwareSource | None = None
    note: str | None = None


def _number(file: str, row: str, field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HardwareDataError(file, row, field, f"expected a number, got {value!r}")
    if value <= 0:
        raise HardwareDataError(file, row, field, f"must be > 0, got {value!r}")
    return float(value)


def _row(file: str, index: int, raw: Any) -> Hardware:
    row = f"row {index + 1}"
    if not isinstance(raw, dict):
        raise HardwareDataError(file, row, "(row)", "expected a mapping")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise HardwareDataError(file, row, "name", "missing or not a string")
    row = f"row {index + 1} ({name})"
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise HardwareDataError(file, row, "aliases", "expected a list of strings")
    kind = raw.get("kind")
    if kind not in KINDS[:3]:
        raise HardwareDataError(file, row, "kind", f"expected gpu, apple or cpu, got {kind!r}")
    memory = _number(file, row, "memory_gb", raw.get("memory_gb"))
    bandwidth = _number(file, row, "bandwidth_gb_s", raw.get("bandwidth_gb_s"))
    src = raw.get("source")
    if not isinstance(src, dict) or not src.get("title") or not src.get("as_of"):
        raise HardwareDataError(file, row, "source", "needs a title and an as_of date")
    return Hardware(
        name=name.strip(), aliases=aliases, kind=kind, memory_gb=memory, bandwidth_gb_s=bandwidth,
        source=HardwareSource(title=str(src["title"]), url=src.get("url"),
                              as_of=str(src["as_of"])),
        note=raw.get("note"))


def load_hardware(path: Path) -> list[Hardware]:
    """Parse and validate a hardware table; raises :class:`HardwareDataError`."""
    file = path.name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise HardwareDataError(file, "(file)", "(file)", f"cannot be read: {exc}") from exc
    if not isinstance(data, list):
        raise HardwareDataError(file, "(file)", "(file)", "expected a list of devices")
    rows = [_row(file, i, raw) for i, raw in enumerate(data)]
    seen: dict[str, str] = {}
    for hw in rows:
        for label in (hw.name, *hw.aliases):
            key = hardware_key(label)
            if key in seen and seen[key] != hw.name:
                raise HardwareDataError(file, hw.name, "aliases",
                                        f"{label!r} also names {seen[key]!r}")
            seen[key] = hw.name
    return rows


def hardware_key(name: str) -> str:
    """A lenient key: lower case, brand words and punctuation dropped ("RTX-4090" → rtx4090)."""
    text = _NOISE.sub(" ", name.lower())
    return re.sub(r"[^a-z0-9.]+", "", text)


_lock = threading.Lock()
_cache: dict[tuple[str, float], list[Hardware]] = {}


def hardware_table() -> list[Hardware]:
    """The table of the active settings' knowledge directory (re-read when the file changes)."""
    path = get_settings().knowledge_dir / HARDWARE_FILE
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise HardwareDataError(HARDWARE_FILE, "(file)", "(file)",
                                f"not found at {path}") from exc
    with _lock:
        key = (str(path), stamp)
        if key not in _cache:
            _cache.clear()
            _cache[key] = load_hardware(path)
        return _cache[key]


def find_hardware(name: str) -> Hardware:
    """A device by name or alias, or a bare memory size ("24 GB").

    Raises :class:`ToolInputError` (field ``hardware``) with the closest names when nothing
    matches well enough.
    """
    if not isinstance(name, str) or not name.strip():
        raise ToolInputError("hardware", "expected a device name or a memory size like '24 GB'")
    name = check_text("hardware", name, MAX_STRING_CHARS)
    table = hardware_table()
    index = {hardware_key(label): hw for hw in table for label in (hw.name, *hw.aliases)}
    key = hardware_key(name)
    if key in index:
        return index[key]
    size = _SIZE_ONLY.match(name)
    if size:
        gb = float(size.group(1))
        if not 0 < gb <= MAX_MEMORY_GB:  # 400 digits parse as inf
            raise ToolInputError("hardware", f"memory size must be above 0 and at most "
                                             f"{MAX_MEMORY_GB:,.0f} GB, got {name[:40]!r}")
        return Hardware(name=f"{gb:g} GB of memory", kind="memory", memory_gb=gb,
                        note="A bare memory size: no bandwidth, so no speed ceiling.")
    hits = process.extract(key, list(index), scorer=fuzz.ratio, limit=12) if key else []
    ranked: dict[str, float] = {}
    for label, score, _ in hits:
        hw = index[label]
        ranked[hw.name] = max(ranked.get(hw.name, 0.0), float(score))
    best = sorted(ranked.items(), key=lambda kv: -kv[1])
    if best and best[0][1] >= FUZZY_ACCEPT and (len(best) == 1
                                                or best[0][1] - best[1][1] >= FUZZY_MARGIN):
        return next(hw for hw in table if hw.name == best[0][0])
    closest = ", ".join(n for n, _ in best[:5]) or ", ".join(hw.name for hw in table[:5])
    raise ToolInputError("hardware", f"no device named {name!r} in knowledge/{HARDWARE_FILE}; "
                                     f"closest: {closest}. A size such as '24 GB' also works.")
