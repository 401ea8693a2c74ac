"""The tools as LangChain ``StructuredTool``s, built from the same plain functions.

Each tool's schema comes from the function's signature (``Annotated[..., Field(...)]``) and its
description from the docstring. Calling a wrapped tool returns the result's Markdown as content
and the structured result (``model_dump``) as the artifact; a user error (unknown model, bad
number) comes back as the error message instead of raising.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel

from advisor.errors import AdvisorError, describe_validation


def _wrap(fn: Callable[..., Any]) -> Callable[..., tuple[str, dict[str, Any]]]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
        try:
            result = fn(*args, **kwargs)
        except AdvisorError as exc:
            raise ToolException(str(exc)) from exc
        if isinstance(result, BaseModel):
            markdown = result.to_markdown() if hasattr(result, "to_markdown") else str(result)
            return markdown, result.model_dump(mode="json")
        return str(result), {"value": result}

    call.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
    return call


def as_langchain_tool(fn: Callable[..., Any]) -> BaseTool:
    """One tool function as a LangChain StructuredTool (content = Markdown, artifact = dict)."""
    doc = inspect.getdoc(fn) or fn.__name__
    return StructuredTool.from_function(
        func=_wrap(fn), name=fn.__name__, description=doc,
        response_format="content_and_artifact", handle_tool_error=True,
        handle_validation_error=_validation_message, infer_schema=True)


def _validation_message(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        return f"invalid arguments — {describe_validation(exc)}"
    return f"invalid arguments — {exc}"


def langchain_tools() -> list[BaseTool]:
    """Every tool in ``advisor.tools.TOOLS`` as a LangChain tool."""
    from advisor.tools import TOOLS

    return [as_langchain_tool(fn) for fn in TOOLS]
