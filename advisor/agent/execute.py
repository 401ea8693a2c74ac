"""Running tool calls by name, with readable errors.

Arguments are validated against each tool's signature, user errors become messages, and results
are recorded typed (the tool's pydantic result) with their Markdown rendering.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError, validate_call

from advisor.agent.answer import ToolCallRecord, UntypedResult
from advisor.errors import AdvisorError, describe_validation

log = logging.getLogger(__name__)
_lock = threading.Lock()
_validated: dict[Callable[..., Any], Callable[..., Any]] = {}


def tool_registry() -> dict[str, Callable[..., Any]]:
    """Every tool in ``advisor.tools.TOOLS`` by function name (new tools join automatically)."""
    from advisor.tools import tools_by_name

    return tools_by_name()


def _checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The tool wrapped so JSON arguments are validated and coerced (a dict → Workload)."""
    with _lock:
        if fn not in _validated:
            _validated[fn] = validate_call(fn)
        return _validated[fn]


def run_tool(call_id: str, name: str, args: dict[str, Any]) -> ToolCallRecord:
    """Run one tool call; never raises for bad input, an unknown model or an unknown tool."""
    registry = tool_registry()
    fn = registry.get(name)
    if fn is None:
        return ToolCallRecord(id=call_id, name=name, args=args, ok=False,
                              error=f"no tool named {name!r}; tools: {', '.join(registry)}")
    try:
        result = _checked(fn)(**args)
    except ValidationError as exc:
        return ToolCallRecord(id=call_id, name=name, args=args, ok=False,
                              error=describe_validation(exc))
    except TypeError as exc:  # unexpected or missing arguments
        return ToolCallRecord(id=call_id, name=name, args=args, ok=False, error=str(exc))
    except AdvisorError as exc:
        return ToolCallRecord(id=call_id, name=name, args=args, ok=False, error=str(exc))
    except Exception as exc:  # a bug in a tool must not end the conversation
        log.exception("tool %s failed", name)
        return ToolCallRecord(id=call_id, name=name, args=args, ok=False,
                              error=f"{name} failed unexpectedly ({type(exc).__name__}: {exc})")
    return record_result(call_id, name, args, result)


def record_result(call_id: str, name: str, args: dict[str, Any], result: Any) -> ToolCallRecord:
    """A successful call's record: the typed result and its Markdown."""
    if isinstance(result, BaseModel):
        typed = result
        markdown = result.to_markdown() if hasattr(result, "to_markdown") else None
    else:
        typed = UntypedResult(value=result)
        markdown = str(result)
    return ToolCallRecord(id=call_id, name=name, args=args, ok=True, result=typed,
                          result_markdown=markdown)
