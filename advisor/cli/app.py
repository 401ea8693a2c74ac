"""The Typer application and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel

from advisor.errors import AdvisorError

app = typer.Typer(
    name="advisor",
    help="Model Advisor: choose a language model for a workload, with every figure sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Inspect or refresh the model catalog.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

T = TypeVar("T")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


# Tool arguments and the flags that set them, so an error names what the user typed.
FLAGS = {"input_tokens": "--input", "output_tokens": "--output", "requests": "--requests",
         "reasoning_tokens": "--reasoning", "cached_input_share": "--cached",
         "context_tokens": "--context", "hardware": "--on", "quantization": "--quant",
         "provider": "--provider", "monthly_budget_usd": "--budget",
         "gpu_memory_gb": "--gpu-gb", "min_context": "--min-context", "period": "--per",
         "top_k": "--top", "k": "--k"}


def flagged(message: str, field: str | None) -> str:
    """``message`` with its leading argument name replaced by the CLI flag for it."""
    if field in FLAGS and message.startswith(f"{field}: "):
        return f"{FLAGS[field]}: {message.removeprefix(f'{field}: ')}"
    return message


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a tool; a user error becomes a one-line message (naming the flag) and exit code 2."""
    try:
        return fn(*args, **kwargs)
    except AdvisorError as exc:
        fail(flagged(str(exc), getattr(exc, "field", None)))
    finally:
        warn_catalog_problems()


def warn_catalog_problems() -> None:
    """Say on stderr, once, which curated files the loaded catalog left out and why."""
    from advisor.catalog import catalog as loaded

    global _warned
    problems = getattr(loaded._catalog, "problems", None) or []
    if problems and not _warned:
        _warned = True
        for problem in problems:
            typer.echo(f"warning: {problem}", err=True)


_warned = False


def emit(result: BaseModel, as_json: bool, markdown: str | None = None) -> None:
    """Print a tool result as JSON or as rendered Markdown tables."""
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    text = markdown if markdown is not None else getattr(result, "to_markdown")()  # noqa: B009
    print_markdown(text)


def print_markdown(text: str) -> None:
    """Render Markdown on a terminal; print it as is when piped."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        typer.echo(text)
