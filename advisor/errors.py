"""The ground floor of errors: every error meant for a person subclasses :class:`AdvisorError`.

Doors (CLI, MCP, LangChain tools, the agent, the UI) catch ``AdvisorError`` and show its message;
anything else is a bug and is logged. Nothing here imports from the rest of the package.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AdvisorError", "describe_validation"]


class AdvisorError(Exception):
    """An error whose message is written for a person: what was wrong and, where known, why."""


def describe_validation(exc: Any) -> str:
    """A pydantic ``ValidationError`` as one line naming each bad field."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__") or "arguments"
        parts.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts)
