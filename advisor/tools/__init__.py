"""The advisor's tools: plain typed functions with pydantic results, wrapped for every door.

``TOOLS`` is the one list every door wraps (LangGraph agent, MCP server, LangChain tools).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor.tools.capabilities import diff_capabilities
from advisor.tools.compare import compare_models
from advisor.tools.cost import calculate_cost
from advisor.tools.documents import search_documents
from advisor.tools.hardware import estimate_hardware
from advisor.tools.recommend import recommend
from advisor.tools.specs import lookup_specs

TOOLS: list[Callable[..., Any]] = [
    lookup_specs,
    calculate_cost,
    diff_capabilities,
    compare_models,
    estimate_hardware,
    recommend,
    search_documents,
]


def langchain_tools() -> list[Any]:
    """Every tool in ``TOOLS`` as a LangChain ``StructuredTool`` (LangChain loads on call)."""
    from advisor.tools.langchain import langchain_tools as build

    return list(build())


__all__ = ["TOOLS", "calculate_cost", "compare_models", "diff_capabilities",
           "estimate_hardware", "langchain_tools", "lookup_specs", "recommend",
           "search_documents"]
