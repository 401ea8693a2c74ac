"""The ``advisor`` command line: every command calls a tool from :mod:`advisor.tools`."""

from __future__ import annotations

import sys

import typer

from advisor.cli import agent as _agent  # noqa: F401  (ask, chat)
from advisor.cli import compare as _compare  # noqa: F401  (compare, hardware)
from advisor.cli import core  # noqa: F401  (registers commands)
from advisor.cli import documents as _documents  # noqa: F401  (ingest, search)
from advisor.cli import mcp as _mcp  # noqa: F401  (registers `advisor mcp`)
from advisor.cli import recommend as _recommend  # noqa: F401  (registers `advisor recommend`)
from advisor.cli.app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; usage errors become a one-line message, never a traceback."""
    try:
        code = app(args=argv, standalone_mode=False)
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = 130
    except typer.TyperException as exc:  # bad option values, missing arguments
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"error: {message}", err=True)
        code = 2
    except typer.Exit as exc:
        code = exc.exit_code
    sys.exit(code if isinstance(code, int) else 0)
