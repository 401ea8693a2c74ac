"""The ``advisor`` command line: every command calls a tool from :mod:`advisor.tools`."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

import typer

from advisor.cli import agent as _agent  # noqa: F401  (ask, chat)
from advisor.cli import compare as _compare  # noqa: F401  (compare, hardware)
from advisor.cli import core  # noqa: F401  (registers commands)
from advisor.cli import documents as _documents  # noqa: F401  (ingest, search)
from advisor.cli import mcp as _mcp  # noqa: F401  (registers `advisor mcp`)
from advisor.cli import recommend as _recommend  # noqa: F401  (registers `advisor recommend`)
from advisor.cli.app import app

__all__ = ["app", "main", "run"]


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


def run() -> None:
    """The console script: :func:`main`, then leave without tearing the interpreter down.

    Once the output is flushed there is nothing left to save: Chroma and the checkpointers
    commit each write as it happens, and no command leaves a thread running. Python's own
    teardown of torch, Chroma's runtime and the catalog's objects takes about 1 s after every
    command that loaded them (measured 2026-12-04: 1.1 s after an ``advisor ingest``), which
    the first ``make run`` and every CLI call would otherwise wait for.
    """
    code = 0
    try:
        main()
    except SystemExit as exc:
        if isinstance(exc.code, int):
            code = exc.code
        elif exc.code is not None:  # sys.exit("message"): say it, as Python would
            print(exc.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say on it
            stream.flush()
    os._exit(code)
