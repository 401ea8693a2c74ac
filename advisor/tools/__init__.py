"""The advisor's tools: plain typed functions with pydantic results, wrapped for every door.

``TOOLS`` is the one list every door wraps (LangGraph agent, MCP server, LangChain tools).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.tools.capabilities import diff_capabilities
from advisor.tools.cost import calculate_cost
from advisor.tools.specs import lookup_specs

TOOLS: list[Callable[..., Any]] = [
    lookup_specs,
    calculate_cost,
    diff_capabilities,
]

__all__ = ["TOOLS", "calculate_cost", "diff_capabilities", "lookup_specs"]
