"""Per-value checks on models.dev offerings at import: impossible values are refused, said aloud.

A listing can carry a value no model can have: a 1970 placeholder date, a knowledge cutoff after
the listing's own release date, a negative price or limit, an output limit above the context
window, a cache-read price above the input price, or a zero cache price beside a non-zero
input price. Such a value is removed from the offering (the rest of the listing stays) and an
:class:`DataWarning` names the provider, the model, the field and the problem.
``advisor catalog info`` counts these warnings and ``advisor catalog check`` lists them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EARLIEST_DATE = dt.date(2010, 1, 1)  # before any listed language model; 1970-01-01 is a placeholder
DATE_FIELDS = ("release_date", "last_updated", "knowledge")
LIMIT_FIELDS = ("context", "input", "output")
PRICE_FIELDS = ("input", "output", "cache_read", "cache_write", "reasoning", "input_audio",
                "output_audio")
MAX_VALUE = 1e12  # above any price (USD per 1M tokens) or token limit
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class DataWarning:
    """One value refused at import: where it was, what it said and why it cannot be true."""

    provider_id: str
    model_id: str
    field: str
    value: str
    problem: str

    @property
    def route(self) -> str:
        """``provider/model_id`` of the listing the value came from."""
        return f"{self.provider_id}/{self.model_id}"

    def __str__(self) -> str:
        """``provider/model: field value refused (problem)``."""
        return f"{self.route}: {self.field} {self.value} refused ({self.problem})"


def parse_date(value: Any) -> dt.date | None:
    """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` string as a date (first day of a period)."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def _month(value: str) -> str:
    return value.strip()[:7]


class _Checker:
    """Collects warnings for one listing while cleaning a copy of it."""

    def __init__(self, pid: str, mid: str, today: dt.date) -> None:
        self.pid, self.mid, self.today = pid, mid, today
        self.warnings: list[DataWarning] = []

    def refuse(self, field: str, value: Any, problem: str) -> None:
        self.warnings.append(DataWarning(self.pid, self.mid, field, repr(value), problem))

    def dates(self, m: dict[str, Any]) -> None:
        for field in DATE_FIELDS:
            value = m.get(field)
            if value is None:
                continue
            day = parse_date(value)
            if day is None:
                self.refuse(field, value, "not a date")
            elif day < EARLIEST_DATE:
                self.refuse(field, value, f"before {EARLIEST_DATE.year}: a placeholder, not a date")
            elif day > self.today:
                self.refuse(field, value, f"in the future (imported {self.today.isoformat()})")
            else:
                continue
            m.pop(field)
        know, rel = m.get("knowledge"), m.get("release_date")
        if isinstance(know, str) and isinstance(rel, str) and _month(know) > _month(rel):
            problem = f"knowledge cutoff {know} after release date {rel}: one of them is wrong"
            self.refuse("knowledge", know, problem)
            self.refuse("release_date", rel, problem)
            m.pop("knowledge")
            m.pop("release_date")

    def limits(self, m: dict[str, Any]) -> None:
        raw = m.get("limit")
        if not isinstance(raw, Mapping):
            return
        limit = dict(raw)
        self._drop_bad_numbers(limit, LIMIT_FIELDS, "limit", "a negative limit")
        ctx, out = limit.get("context"), limit.get("output")
        if ctx and out and out > ctx:
            self.refuse("limit.output", out, f"above the context window of {ctx:,}")
            limit.pop("output")
        m["limit"] = limit

    def prices(self, m: dict[str, Any]) -> None:
        raw = m.get("cost")
        if not isinstance(raw, Mapping):
            return
        cost = self._price_set(dict(raw), "cost")
        tiers = []
        for i, tier in enumerate(cost.get("tiers") or ()):
            if isinstance(tier, Mapping):
                tiers.append(self._price_set(dict(tier), f"cost.tiers[{i}]"))
        if "tiers" in cost:
            cost["tiers"] = tiers
        over = cost.get("context_over_200k")
        if isinstance(over, Mapping):
            cost["context_over_200k"] = self._price_set(dict(over), "cost.context_over_200k")
        m["cost"] = cost

    def _drop_bad_numbers(self, values: dict[str, Any], fields: Iterable[str], where: str,
                          negative: str) -> None:
        """Refuse and remove each field that is not a plausible number or is below zero."""
        for field in fields:
            value = values.get(field)
            if value is None:
                continue
            if not _is_number(value):
                self.refuse(f"{where}.{field}", value, "not a finite number of plausible size")
            elif value < 0:
                self.refuse(f"{where}.{field}", value, negative)
            else:
                continue
            values.pop(field)

    def _price_set(self, cost: dict[str, Any], where: str) -> dict[str, Any]:
        self._drop_bad_numbers(cost, PRICE_FIELDS, where, "a negative price")
        inp = cost.get("input")
        for field in ("cache_read", "cache_write"):
            value = cost.get(field)
            if value is None or not inp:
                continue
            if field == "cache_read" and value > inp:
                self.refuse(f"{where}.{field}", value, f"above the input price {inp:g}")
            elif value == 0:
                self.refuse(f"{where}.{field}", value,
                            f"a $0 cache price beside an input price of {inp:g}")
            else:
                continue
            cost.pop(field)
        return cost


def _is_number(value: Any) -> bool:
    """A finite number of plausible size (NaN, infinity and 400-digit integers are not)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and abs(value) <= MAX_VALUE and not math.isnan(value))


def clean_listing(provider_id: str, model_id: str, m: Mapping[str, Any],
                  today: dt.date | None = None) -> tuple[dict[str, Any], list[DataWarning]]:
    """A copy of one models.dev model entry without its impossible values, and the warnings."""
    checker = _Checker(provider_id, model_id, today or dt.datetime.now(dt.UTC).date())
    cleaned = dict(m)
    checker.dates(cleaned)
    checker.limits(cleaned)
    checker.prices(cleaned)
    return cleaned, checker.warnings
