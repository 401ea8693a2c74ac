"""Periods people count traffic and money over, converted to a day or a month.

"3,000 an hour" is counted round the clock (72,000 a day), "100,000 a week" is a month of thirty
days (428,571), "$24k a year" a twelfth of it a month; each conversion comes with a note.
"""

from __future__ import annotations

import re

DAYS_PER_MONTH = 30
PERIOD_WORDS = {
    "day": "day", "days": "day", "daily": "day", "d": "day",
    "month": "month", "months": "month", "mo": "month", "mon": "month", "monthly": "month",
    "mth": "month", "week": "week", "weeks": "week", "wk": "week", "weekly": "week",
    "hour": "hour", "hours": "hour", "hr": "hour", "h": "hour", "hourly": "hour",
    "minute": "minute", "min": "minute", "minutes": "minute", "second": "second",
    "sec": "second", "s": "second", "seconds": "second", "year": "year", "yr": "year",
    "years": "year", "yearly": "year", "annually": "year", "annual": "year",
}

_NIGHTS = re.compile(r"\bnightly\b|\b(?:every|each|per|a)\s+night\b")


def nights_as_days(low: str) -> str:
    """A night is a day of traffic: "nightly" → "daily", "every night" → "every day".

    Each replacement is padded to the length of what it replaces, so offsets into the text
    stay valid.
    """
    def day(m: re.Match[str]) -> str:
        words = m.group(0)
        return ("daily" if words == "nightly" else words.replace("night", "day")).ljust(
            len(words))

    return _NIGHTS.sub(day, low)


def per_period(value: float, unit: str) -> tuple[int, str, str | None]:
    """Requests per a stated period → (requests, "day"|"month", note on any conversion)."""
    period = PERIOD_WORDS.get(unit.lower(), "month")
    if period in ("day", "month"):
        return int(round(value)), period, None
    if period == "hour":
        return int(round(value * 24)), "day", f"{value:,.0f} an hour counted round the clock"
    if period == "minute":
        return int(round(value * 1440)), "day", f"{value:,.0f} a minute counted round the clock"
    if period == "second":
        return int(round(value * 86400)), "day", f"{value:,.0f} a second counted round the clock"
    if period == "week":
        per_month = int(round(value * DAYS_PER_MONTH / 7))
        return per_month, "month", (f"{value:,.0f} a week counted as {per_month:,} a month "
                                    "(a month of thirty days)")
    per_month = int(round(value / 12))
    return per_month, "month", f"{value:,.0f} a year counted as {per_month:,} a month"


def monthly_money(value: float, unit: str | None) -> tuple[float, str | None]:
    """A sum per stated period → per month, with a note on any conversion."""
    period = PERIOD_WORDS.get((unit or "month").lower(), "month")
    factor = {"day": DAYS_PER_MONTH, "week": DAYS_PER_MONTH / 7, "year": 1 / 12,
              "hour": DAYS_PER_MONTH * 24}.get(period, 1.0)
    if factor == 1.0:
        return value, None
    monthly = round(value * factor, 2)
    return monthly, f"a budget of ${value:,.2f} a {period} counted as ${monthly:,.2f} a month"
