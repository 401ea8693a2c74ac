"""What a curated value may be: ranges, real dates, known keys, no duplicate keys.

Used by :mod:`advisor.catalog.curated`. Every check returns a problem in words (or ``None``),
and the loader turns it into a :class:`~advisor.catalog.curated.CuratedDataError` naming the
file, the model and the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml

from advisor.catalog.yamlfile import BaseSafeLoader

TOP_LEVEL_KEYS = frozenset({"name", "match", "aliases", "family", "maker", "sources", "facts",
                            "benchmarks"})
SOURCE_KEYS = frozenset({"title", "ref", "url", "as_of"})
CLAIM_KEYS = frozenset({"value", "source", "note", "as_of"})
BENCHMARK_KEYS = frozenset({"name", "score", "source", "note", "metric", "harness", "as_of",
                            "unit"})

# (lowest, highest, whether the lowest is allowed) for numeric facts.
RANGES: dict[str, tuple[float, float, bool]] = {
    "parameters_total_b": (0.0, 100_000.0, False),  # billions; above 0
    "parameters_active_b": (0.0, 100_000.0, False),
    "context_window": (1, 100_000_000, True),
    "max_output_tokens": (1, 100_000_000, True),
    "num_layers": (1, 100_000, True),
    "num_kv_heads": (1, 100_000, True),
    "head_dim": (1, 100_000, True),
    "hidden_size": (1, 10_000_000, True),
    "ram_q4_gb": (0.0, 100_000.0, False),
    "languages": (1, 10_000, True),
}
MEMORY_GB_MAX = 100_000.0
PRICE_MAX = 1_000_000.0  # USD per million tokens
SCORE_LIMIT = 1_000_000.0
DATE_FIELDS = frozenset({"release_date", "knowledge_cutoff"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DuplicateKeyError(yaml.YAMLError):
    """A mapping that states one key twice (YAML keeps the last one silently)."""

    def __init__(self, key: Any, line: int) -> None:
        self.key, self.line = key, line
        super().__init__(f"key {key!r} appears twice (second time on line {line})")


class StrictLoader(BaseSafeLoader):
    """A safe loader (libyaml's where built) that refuses duplicate keys, not keep the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, raising :class:`DuplicateKeyError` on a repeated key."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if repeated:
                raise DuplicateKeyError(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def unknown_keys(data: dict[Any, Any], allowed: frozenset[str]) -> str | None:
    """A problem naming the keys of ``data`` outside ``allowed``, or ``None``."""
    extra = sorted(str(k) for k in data if k not in allowed)
    if not extra:
        return None
    return f"unknown key(s) {', '.join(map(repr, extra))}; allowed: {', '.join(sorted(allowed))}"


def check_date(value: Any) -> str | None:
    """A problem with a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real one), or None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return None if 1950 <= value.year <= 2100 else f"date {value} is not plausible"
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        return f"{value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if not 1950 <= year <= 2100:
        return f"date {text!r} is not plausible"
    try:
        dt.date(year, int(month or 1), int(day or 1))
    except ValueError:
        return f"{text!r} is not a real date"
    return None


def check_number(value: Any, low: float, high: float, low_ok: bool) -> str | None:
    """A problem with a number (type, finiteness, range), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{value!r} is not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if value > high:
        return f"{_shown(value)} is above the largest plausible value {high:,g}"
    if value < low or (value == low and not low_ok):
        return f"{_shown(value)} must be {'≥' if low_ok else '>'} {low:g}"
    return None


def check_fact_value(field: str, value: Any) -> str | None:
    """A problem with one claim's value beyond its type, or ``None``."""
    if field in RANGES:
        if field == "languages" and isinstance(value, str):
            return None if value.strip() else "empty text"
        low, high, low_ok = RANGES[field]
        if field in ("context_window", "max_output_tokens", "num_layers", "num_kv_heads",
                     "head_dim", "hidden_size") and isinstance(value, float):
            return f"{value!r} is not a whole number"
        return check_number(value, low, high, low_ok)
    if field in DATE_FIELDS:
        return check_date(value)
    if field == "memory_gb":
        return _each_number(value, 0.0, MEMORY_GB_MAX)
    if field == "provider_prices":
        return _prices(value)
    if field == "speed":
        return _speeds(value)
    return None


def check_score(value: Any) -> str | None:
    """A problem with a benchmark score, or ``None``."""
    return check_number(value, -SCORE_LIMIT, SCORE_LIMIT, True)


def _each_number(mapping: Any, low: float, high: float) -> str | None:
    if not isinstance(mapping, dict) or not mapping:
        return "expected a mapping of names to numbers"
    for key, value in mapping.items():
        problem = check_number(value, low, high, False)
        if problem:
            return f"{key}: {problem}"
    return None


def _prices(value: Any) -> str | None:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            return "expected a mapping with a provider and per-million prices"
        for key, price in item.items():
            if str(key).endswith("_per_m"):
                problem = check_number(price, 0.0, PRICE_MAX, True)
                if problem:
                    return f"{key}: {problem}"
    return None


def _speeds(value: Any) -> str | None:
    if not isinstance(value, list):
        return "expected a list of measurements"
    for item in value:
        if not isinstance(item, dict):
            return "each measurement must be a mapping"
        if "tokens_per_s" in item:
            problem = check_number(item["tokens_per_s"], 0.0, 1_000_000.0, False)
            if problem:
                return f"tokens_per_s: {problem}"
    return None


def _shown(value: float) -> str:
    if isinstance(value, int) and abs(value) >= 10 ** 18:
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    return f"{value:,g}" if isinstance(value, float) else f"{value:,}"
