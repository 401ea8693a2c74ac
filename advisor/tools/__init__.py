"""The advisor's tools: plain typed functions with pydantic results, wrapped for every door.

``TOOLS`` is the one list every door wraps (LangGraph agent, MCP server, and LangChain tools
through ``advisor.tools.langchain``);
``tools_by_name`` and ``result_types`` are built from it, so a new tool joins every door and
its result is read back typed with no other list to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, get_type_hints

from pydantic import BaseModel

from advisor.tools.capabilities import diff_capabilities
from advisor.tools.compare import compare_models
from advisor.tools.cost import calculate_cost
from advisor.tools.documents import search_documents
from advisor.tools.hardware import estimate_hardware
from advisor.tools.recommend import recommend
from advisor.tools.specs import lookup_specs
from advisor.tools.strengths import rate_strengths
from advisor.tools.use_case_fit import rate_for_use_case

TOOLS: list[Callable[..., Any]] = [
    lookup_specs,
    calculate_cost,
    diff_capabilities,
    compare_models,
    estimate_hardware,
    recommend,
    search_documents,
    rate_for_use_case,
    rate_strengths,
]


def tools_by_name() -> dict[str, Callable[..., Any]]:
    """Every tool in ``TOOLS`` by its function name."""
    return {fn.__name__: fn for fn in TOOLS}


@cache
def result_types() -> dict[str, type[BaseModel]]:
    """Each tool's result type (the pydantic model its signature returns), by tool name."""
    out: dict[str, type[BaseModel]] = {}
    for fn in TOOLS:
        returned = get_type_hints(fn).get("return")
        if isinstance(returned, type) and issubclass(returned, BaseModel):
            out[fn.__name__] = returned
    return out


__all__ = ["TOOLS", "calculate_cost", "compare_models", "diff_capabilities",
           "estimate_hardware", "lookup_specs", "rate_for_use_case", "rate_strengths", "recommend",
           "result_types", "search_documents", "tools_by_name"]
