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


def check_count(field: str, value: Any, *, allow_zero: bool = True) -> int:
    """A non-negative whole number (floats with no fraction are accepted)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a whole number, got {value!r}")
    if isinstance(value, float) and not value.is_integer():
        raise ToolInputError(field, f"expected a whole number, got {value!r}")
    number = int(value)
    if number < 0 or (number == 0 and not allow_zero):
        raise ToolInputError(field, f"must be {'≥ 0' if allow_zero else '> 0'}, got {value!r}")
    return number


def check_fraction(field: str, value: Any) -> float:
    """A share between 0 and 1 inclusive."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a number between 0 and 1, got {value!r}")
    if not 0 <= value <= 1:
        raise ToolInputError(field, f"must be between 0 and 1, got {value!r}")
    return float(value)
