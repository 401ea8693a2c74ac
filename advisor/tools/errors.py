"""Errors a tool raises for a person to read: each names the argument and what was wrong."""

from __future__ import annotations

from typing import Any

from advisor.catalog import UnknownModelError
from advisor.errors import AdvisorError

__all__ = ["ToolInputError", "UnknownModelError", "check_fraction", "check_count"]


class ToolInputError(AdvisorError, ValueError):
    """A bad argument; the message names the field and the value received."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(f"{field}: {problem}")


def check_count(field: str, value: Any, *, allow_zero: bool = True,
                maximum: int | None = None) -> int:
    """A non-negative whole number up to ``maximum`` (default: the request limit).

    Floats with no fraction are accepted; NaN, infinity and huge values are refused by name.
    """
    from advisor.tools.limits import MAX_REQUESTS, check_whole

    return check_whole(field, value, MAX_REQUESTS if maximum is None else maximum,
                       allow_zero=allow_zero)


def check_fraction(field: str, value: Any) -> float:
    """A share between 0 and 1 inclusive."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a number between 0 and 1, got {value!r}")
    if not 0 <= value <= 1:  # NaN fails both comparisons
        raise ToolInputError(field, f"must be between 0 and 1, got {value!r}")
    return float(value)
