"""Checks on a models.dev ``api.json`` before ``advisor catalog refresh`` saves it.

Every entry is validated for types and ranges (a price is a finite number from 0 to
:data:`MAX_PRICE`, a limit a whole number up to :data:`MAX_LIMIT`, flags are booleans, names
are text); a refresh that would shrink the catalog by more than half, or a file over
:data:`MAX_REFRESH_BYTES`, is refused unless forced. Every message names the file or URL the
user gave, never a temporary copy. Plausibility checks on single values (placeholder dates,
an output limit above the context) stay with the importer (:mod:`advisor.catalog.validate`),
which drops such values and warns.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from advisor.catalog.models_dev import CatalogDataError, check_shape

MAX_REFRESH_BYTES = 25_000_000  # the models.dev file is about 2 MB; 60 MB made every command slow
MAX_PRICE = 1_000_000.0  # USD per million tokens
MAX_LIMIT = 1_000_000_000  # tokens
SHRINK_LIMIT = 0.5  # refuse a refresh keeping fewer than half the offerings
MAX_LISTED = 5
PRICE_KEYS = ("input", "output", "cache_read", "cache_write", "reasoning", "input_audio",
              "output_audio")
TEXT_KEYS = ("id", "name", "family", "knowledge", "release_date", "last_updated", "status")
FLAG_KEYS = ("attachment", "open_weights", "reasoning", "tool_call", "structured_output",
             "temperature")


def parse_payload(payload: bytes, source: str, *, force: bool = False) -> dict[str, Any]:
    """The JSON in ``payload`` (plain or gzip), refused by size, encoding or shape."""
    if len(payload) > MAX_REFRESH_BYTES and not force:
        raise CatalogDataError(f"{source}: {len(payload) / 1e6:.1f} MB is over the "
                               f"{MAX_REFRESH_BYTES / 1e6:.0f} MB limit for a catalog file (the "
                               "models.dev file is about 2 MB); use --force to load it anyway")
    try:
        if payload[:2] == b"\x1f\x8b":
            payload = gzip.decompress(payload)
            if len(payload) > 4 * MAX_REFRESH_BYTES and not force:
                raise CatalogDataError(f"{source}: decompresses to {len(payload) / 1e6:.0f} MB, "
                                       "too large for a catalog file; use --force")
        data = json.loads(payload.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise CatalogDataError(f"{source}: not UTF-8 text (undecodable byte at offset "
                               f"{exc.start})") from exc
    except (ValueError, EOFError, OSError) as exc:  # JSONDecodeError, bad gzip, huge ints
        raise CatalogDataError(f"{source}: not valid models.dev JSON ({exc})") from exc
    check_shape(data, source)
    return data  # type: ignore[no-any-return]


def entry_problems(data: Mapping[str, Any]) -> Iterator[str]:
    """``provider/model: field: problem`` for every value of the wrong type or out of range."""
    for pid, provider in data.items():
        if provider.get("name") is not None and not isinstance(provider.get("name"), str):
            yield f"provider {pid!r}: name: expected text"
        for mid, m in provider["models"].items():
            where = f"{pid}/{mid}"
            if not isinstance(m, Mapping):
                yield f"{where}: expected an object, got {type(m).__name__}"
                continue
            yield from (f"{where}: {p}" for p in _model_problems(m))


def _model_problems(m: Mapping[str, Any]) -> Iterator[str]:
    for key in TEXT_KEYS:
        if m.get(key) is not None and not isinstance(m[key], str):
            yield f"{key}: expected text, got {_short(m[key])}"
    for key in FLAG_KEYS:
        if m.get(key) is not None and not isinstance(m[key], bool):
            yield f"{key}: expected true or false, got {_short(m[key])}"
    limit = m.get("limit")
    if limit is not None:
        if not isinstance(limit, Mapping):
            yield f"limit: expected an object, got {_short(limit)}"
        else:
            for key, value in limit.items():
                problem = _number(value, MAX_LIMIT, whole=True)
                if problem:
                    yield f"limit.{key}: {problem}"
    mods = m.get("modalities")
    if mods is not None:
        if not isinstance(mods, Mapping):
            yield f"modalities: expected an object, got {_short(mods)}"
        else:
            for key in ("input", "output"):
                value = mods.get(key)
                if value is not None and (not isinstance(value, list)
                                          or not all(isinstance(v, str) for v in value)):
                    yield f"modalities.{key}: expected a list of names, got {_short(value)}"
    cost = m.get("cost")
    if cost is not None:
        yield from _cost_problems(cost, "cost")


def _cost_problems(cost: Any, where: str) -> Iterator[str]:
    if not isinstance(cost, Mapping):
        yield f"{where}: expected an object of prices, got {_short(cost)}"
        return
    for key in PRICE_KEYS:
        if cost.get(key) is not None:
            problem = _number(cost[key], MAX_PRICE)
            if problem:
                yield f"{where}.{key}: {problem}"
    tiers = cost.get("tiers")
    if tiers is not None:
        if not isinstance(tiers, list):
            yield f"{where}.tiers: expected a list, got {_short(tiers)}"
        else:
            for i, tier in enumerate(tiers):
                yield from _cost_problems(tier, f"{where}.tiers[{i}]")
                size = (tier.get("tier") or {}).get("size") if isinstance(tier, Mapping) else None
                if size is not None:
                    problem = _number(size, MAX_LIMIT, whole=True)
                    if problem:
                        yield f"{where}.tiers[{i}].tier.size: {problem}"
    over = cost.get("context_over_200k")
    if over is not None:
        yield from _cost_problems(over, f"{where}.context_over_200k")


def _number(value: Any, maximum: float, *, whole: bool = False) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, got {_short(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if value < 0:
        return f"{value!r} is negative"
    if value > maximum:
        return f"{_short(value)} is above {maximum:,.0f}"
    if whole and isinstance(value, float) and not value.is_integer():
        return f"{value!r} is not a whole number"
    return None


def check_entries(data: Mapping[str, Any], source: str) -> None:
    """Refuse data with any invalid entry, naming the file and the first few problems."""
    problems = list(entry_problems(data))
    if problems:
        more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise CatalogDataError(f"{source}: {len(problems)} invalid value(s), nothing saved: "
                               + "; ".join(problems[:MAX_LISTED]) + more)


def check_shrink(new_count: int, current_count: int, source: str, *, force: bool) -> None:
    """Refuse a refresh that keeps fewer than half the current offerings, unless forced."""
    if force or current_count == 0 or new_count >= SHRINK_LIMIT * current_count:
        return
    raise CatalogDataError(f"{source}: has {new_count:,} offerings where the current catalog "
                           f"has {current_count:,}; a refresh that drops more than half is "
                           "refused (a partial or wrong file?); use --force to load it anyway")


def _short(value: Any, limit: int = 40) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 18:
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
