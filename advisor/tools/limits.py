"""The one set of input limits every door enforces, and the checks that apply them.

Tools check their own arguments with these functions, so a limit holds whether the call comes
from the CLI, the MCP server, the LangChain tools, the agent or plain Python. The same numbers
appear as ``le=``/``max_length=`` constraints in the tools' signatures (and so in the MCP
schemas) and as ranges in the CLI help.

The bounds are far above any real workload yet small enough that every figure computed from
them stays a finite float: 10⁷ tokens × 10¹² requests × $10⁶ per million tokens is 10²⁵.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.text import clean_text
from advisor.tools.errors import ToolInputError

__all__ = ["clean_text", "check_whole", "check_amount", "check_text", "check_list", "shorten"]

MAX_TOKENS = 10_000_000  # input, output or reasoning tokens in one request
MAX_REQUESTS = 1_000_000_000_000  # requests per day or month
MAX_BUDGET_USD = 1_000_000_000_000.0  # dollars per month
MAX_CONTEXT_TOKENS = 100_000_000  # a context window asked for, or held in a KV cache
MAX_MEMORY_GB = 100_000.0  # device memory
MAX_LIST_ITEMS = 50  # models, capabilities, licences, providers, languages…
MAX_STRING_CHARS = 1_000  # a model name, a provider, a licence, a device
MAX_QUESTION_CHARS = 4_000  # a question to the agent or a search query
MAX_STDIN_LINE_CHARS = 16_000  # one line read by `advisor chat`

def describe_limits() -> dict[str, float | int]:
    """Every limit by name, for help texts and documentation."""
    return {"tokens per request": MAX_TOKENS, "requests per period": MAX_REQUESTS,
            "monthly budget (USD)": MAX_BUDGET_USD, "context tokens": MAX_CONTEXT_TOKENS,
            "memory (GB)": MAX_MEMORY_GB, "list items": MAX_LIST_ITEMS,
            "name characters": MAX_STRING_CHARS, "question characters": MAX_QUESTION_CHARS}


def check_whole(field: str, value: Any, maximum: int, *, allow_zero: bool = True) -> int:
    """A whole number from 0 (or 1) to ``maximum``; NaN, infinity and huge values are refused.

    Floats with no fraction are accepted (JSON clients send ``2000.0``). The comparison with
    ``maximum`` happens before any conversion, so a 400-digit integer is refused by name
    instead of overflowing later.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a whole number, got {shorten(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ToolInputError(field, f"must be a finite whole number, got {value!r}")
    if value > maximum:
        raise ToolInputError(field, f"at most {maximum:,}, got {shorten(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise ToolInputError(field, f"expected a whole number, got {value!r}")
    number = int(value)
    if number < 0 or (number == 0 and not allow_zero):
        raise ToolInputError(field, f"must be {'≥ 0' if allow_zero else '> 0'}, got {value!r}")
    return number


def check_amount(field: str, value: Any, maximum: float, *, allow_zero: bool = True) -> float:
    """A finite number from 0 (or above 0) to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a number, got {shorten(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ToolInputError(field, f"must be a finite number, got {value!r}")
    if value > maximum:
        raise ToolInputError(field, f"at most {maximum:,.0f}, got {shorten(value)}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ToolInputError(field, f"must be {'≥ 0' if allow_zero else '> 0'}, got {value!r}")
    return float(value)


def check_text(field: str, value: Any, maximum: int = MAX_STRING_CHARS,
               *, required: bool = True) -> str:
    """A cleaned, stripped string of at most ``maximum`` characters (non-empty if required)."""
    if not isinstance(value, str):
        raise ToolInputError(field, f"expected text, got {shorten(value)}")
    if len(value) > maximum:
        raise ToolInputError(field, f"too long ({len(value):,} characters; at most "
                                    f"{maximum:,})")
    text = clean_text(value).strip()
    if required and not text:
        raise ToolInputError(field, "must not be empty")
    return text


def check_list(field: str, value: Any, maximum: int = MAX_LIST_ITEMS) -> list[Any]:
    """A list of at most ``maximum`` items."""
    if not isinstance(value, list | tuple):
        raise ToolInputError(field, f"expected a list, got {shorten(value)}")
    if len(value) > maximum:
        raise ToolInputError(field, f"too many items ({len(value):,}; at most {maximum})")
    return list(value)


def shorten(value: Any, limit: int = 60) -> str:
    """``repr(value)``, shortened: a 400-digit number is shown by its size, not in full."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 18:
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_count(field: str, value: Any, *, allow_zero: bool = True,
                maximum: int | None = None) -> int:
    """A non-negative whole number up to ``maximum`` (default: the request limit).

    Floats with no fraction are accepted; NaN, infinity and huge values are refused by name.
    """
    return check_whole(field, value, MAX_REQUESTS if maximum is None else maximum,
                       allow_zero=allow_zero)


def check_fraction(field: str, value: Any) -> float:
    """A share between 0 and 1 inclusive."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ToolInputError(field, f"expected a number between 0 and 1, got {value!r}")
    if not 0 <= value <= 1:  # NaN fails both comparisons
        raise ToolInputError(field, f"must be between 0 and 1, got {value!r}")
    return float(value)
