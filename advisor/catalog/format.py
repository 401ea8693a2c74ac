"""Number and table formatting shared by every rendering of catalog facts and tool results.

It lives on the catalog floor so documents (model cards) and tools format a figure the same
way, and the grounding check finds it again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def usd(value: float | None, *, per: str = "") -> str:
    """Dollars with sensible precision: $1,234, $12.35, $0.0042; ``—`` for unknown."""
    if value is None:
        return "—"
    if value == 0:
        text = "$0"
    elif abs(value) >= 100:
        text = f"${value:,.0f}"
    elif abs(value) >= 1:
        text = f"${value:,.2f}"
    elif abs(value) >= 0.01:
        digits = f"{value:.4f}".rstrip("0")
        text = "$" + (digits if len(digits.split(".")[1]) >= 2 else f"{value:.2f}")
    else:  # tiny per-request figures: three significant digits, never scientific notation
        decimals = 2 - math.floor(math.log10(abs(value)))
        text = f"${value:.{decimals}f}".rstrip("0")
    return f"{text}{per}"


def tokens(value: int | None) -> str:
    """Token counts the way the pages write them: 8k, 262k, 1M; ``—`` for unknown."""
    if value is None:
        return "—"
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"{value // 1_000_000}M"
    if value >= 1000:
        k = value / 1000
        return f"{k:.0f}k" if k >= 10 or k.is_integer() else f"{k:.1f}k"
    return str(value)


def yes_no(value: bool | None) -> str:
    """Yes / No / — for unknown."""
    return "—" if value is None else ("Yes" if value else "No")


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    def cell(v: object) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
