"""Formatting for tool results: the catalog floor's ``advisor.catalog.format``, re-exported.

The functions live one floor down so documents can use them without importing the tools.
"""

from __future__ import annotations

from advisor.catalog.format import md_table, tokens, usd, yes_no

__all__ = ["md_table", "tokens", "usd", "yes_no"]
