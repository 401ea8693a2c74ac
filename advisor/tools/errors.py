"""Errors a tool raises for a person to read: each names the argument and what was wrong.

The checks that raise them for numbers and lists live in ``advisor.tools.limits``.
"""

from __future__ import annotations

from advisor.catalog import UnknownModelError
from advisor.errors import AdvisorError

__all__ = ["ToolInputError", "UnknownModelError"]


class ToolInputError(AdvisorError, ValueError):
    """A bad argument; the message names the field and the value received."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(f"{field}: {problem}")
