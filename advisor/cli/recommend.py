"""``advisor recommend``: the recommendation tool from the command line."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from advisor.cli.app import app, emit, fail
from advisor.errors import AdvisorError
from advisor.tools.limits import (
    MAX_BUDGET_USD,
    MAX_CONTEXT_TOKENS,
    MAX_MEMORY_GB,
    MAX_REQUESTS,
    MAX_TOKENS,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the structured result as JSON.")]
# Workload fields and the flags that set them, so an error names the flag the user typed.
FLAGS = {"requests": "--requests", "period": "--per", "input_tokens": "--input",
         "output_tokens": "--output", "monthly_budget_usd": "--budget",
         "required_capabilities": "--need", "licenses": "--license",
         "max_parameters_b": "--max-params",
         "gpu_memory_gb": "--gpu-gb", "min_context": "--min-context", "providers": "--provider",
         "languages": "--language", "top_k": "--top", "cached_input_share": "--cached"}


@app.command()
def recommend(
    requests: Annotated[int | None, typer.Option(
        "--requests", help=f"Requests per period, at most {MAX_REQUESTS:,} (default: the "
                           "settings' traffic).")] = None,
    per: Annotated[str, typer.Option("--per", help="Period of --requests: day or month.")]
    = "month",
    input_tokens: Annotated[int | None, typer.Option(
        "--input", help=f"Input tokens per request, at most {MAX_TOKENS:,} (default: "
                        "settings).")] = None,
    output_tokens: Annotated[int | None, typer.Option(
        "--output", help=f"Output tokens per request, at most {MAX_TOKENS:,} (default: "
                         "settings).")] = None,
    cached: Annotated[float, typer.Option(
        "--cached", help="Share of input served from the prompt cache, 0–1.")] = 0.0,
    budget: Annotated[float | None, typer.Option(
        "--budget", help=f"Most you will spend per month, USD (a finite amount, at most "
                         f"{MAX_BUDGET_USD:,.0f}).")] = None,
    need: Annotated[list[str] | None, typer.Option(
        "--need", help="A required capability (repeatable): vision, function_calling, "
                       "reasoning, structured_outputs, audio_input, pdf_input…")] = None,
    open_weights: Annotated[bool, typer.Option(
        "--open-weights", help="Only open-weight models.")] = False,
    license_: Annotated[list[str] | None, typer.Option(
        "--license", help="An acceptable licence (repeatable), e.g. apache, MIT.")] = None,
    max_params: Annotated[float | None, typer.Option(
        "--max-params", help="Largest total parameter count, billions (e.g. 15).")] = None,
    self_host: Annotated[bool, typer.Option(
        "--self-host", help="You will run the weights yourself.")] = False,
    gpu_gb: Annotated[float | None, typer.Option(
        "--gpu-gb", help=f"Memory for self-hosting, GB, at most {MAX_MEMORY_GB:,.0f} (implies "
                         "--self-host).")] = None,
    min_context: Annotated[int | None, typer.Option(
        "--min-context", help=f"Smallest acceptable context window, tokens, at most "
                              f"{MAX_CONTEXT_TOKENS:,}.")] = None,
    provider: Annotated[list[str] | None, typer.Option(
        "--provider", help="Only this provider's routes count (repeatable).")] = None,
    language: Annotated[list[str] | None, typer.Option(
        "--language", help="A language that must work (repeatable; noted, not filtered).")]
    = None,
    use_case: Annotated[str | None, typer.Option(
        "--use-case", help="coding, agents, long documents, vision, chat, extraction…")]
    = None,
    top: Annotated[int, typer.Option("--top", help="How many picks (1-10).")] = 3,
    as_json: JsonOpt = False,
) -> None:
    """Recommend models for a workload: constraints filter, the rest ranked by fit."""
    from advisor.tools.errors import ToolInputError
    from advisor.tools.recommend import recommend as run

    workload: dict[str, Any] = {
        "requests": requests, "period": per, "input_tokens": input_tokens,
        "output_tokens": output_tokens, "cached_input_share": cached,
        "monthly_budget_usd": budget, "required_capabilities": list(need or []),
        "open_weights_only": open_weights, "licenses": list(license_ or []),
        "max_parameters_b": max_params,
        "self_host": self_host, "gpu_memory_gb": gpu_gb, "min_context": min_context,
        "providers": list(provider or []), "languages": list(language or []),
        "use_case": use_case}
    try:
        result = run(workload, top_k=top)  # type: ignore[arg-type]  # validated inside
    except ToolInputError as exc:
        problem = str(exc).split(": ", 1)[-1]
        fail(f"{FLAGS.get(exc.field, exc.field)}: {problem}")
    except AdvisorError as exc:  # a catalog that cannot be read
        fail(str(exc))
    emit(result, as_json)
