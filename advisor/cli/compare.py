"""Comparison and self-hosting commands: ``advisor compare`` and ``advisor hardware``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from advisor.cli.app import app, call, emit, fail, flagged
from advisor.tools.limits import MAX_CONTEXT_TOKENS, MAX_REQUESTS, MAX_TOKENS

T = TypeVar("T")
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the structured result as JSON.")]


def _run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like :func:`call`, also turning a workload that does not validate into one line."""
    from pydantic import ValidationError

    try:
        return call(fn, *args, **kwargs)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "input"
        fail(flagged(f"{where}: {first.get('msg', 'invalid value')}", where))


@app.command()
def compare(
    models: Annotated[list[str] | None, typer.Argument(help="Two or more models.")] = None,
    requests: Annotated[int | None, typer.Option(
        "--requests", min=0, help=f"Requests per period, at most {MAX_REQUESTS:,} (default: "
                                  "the settings' traffic).")]
    = None,
    per: Annotated[str, typer.Option("--per", help="Period of --requests: day or month.")]
    = "month",
    input_tokens: Annotated[int | None, typer.Option(
        "--input", min=0, help=f"Input tokens per request, at most {MAX_TOKENS:,}.")] = None,
    output_tokens: Annotated[int | None, typer.Option(
        "--output", min=0, help=f"Output tokens per request, at most {MAX_TOKENS:,}.")] = None,
    cached: Annotated[float, typer.Option(
        "--cached", min=0.0, max=1.0, help="Share of input served from cache, 0–1.")] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Side-by-side decision report: scorecard, trade-offs, cost at traffic, switch friction."""
    from advisor.tools.compare import compare_models
    from advisor.tools.workload import Workload

    if per not in ("day", "month"):
        fail(f"--per: expected 'day' or 'month', got {per!r}")
    given = (requests, input_tokens, output_tokens)
    workload = None
    if any(v is not None for v in given) or cached:
        workload = _run(Workload, requests=requests, period=per, input_tokens=input_tokens,
                        output_tokens=output_tokens, cached_input_share=cached)
    emit(_run(compare_models, list(models or []), workload), as_json)


@app.command()
def hardware(
    model: Annotated[str, typer.Argument(help="Model name or id.")],
    quant: Annotated[str | None, typer.Option(
        "--quant", help="Precision to focus on: bf16, 8bit or 4bit (int8, q4_k_m… accepted).")]
    = None,
    context: Annotated[int | None, typer.Option(
        "--context", min=0, help=f"Context tokens to hold in the KV cache, at most "
                                 f"{MAX_CONTEXT_TOKENS:,}.")] = None,
    on: Annotated[str | None, typer.Option(
        "--on", help="A device ('RTX 4090', 'H100 80GB', '16 GB laptop') or a size ('24 GB').")]
    = None,
    as_json: JsonOpt = False,
) -> None:
    """Memory to self-host a model at BF16/8-bit/4-bit, fit on a device, decode-speed ceiling."""
    from advisor.tools.hardware import estimate_hardware

    emit(_run(estimate_hardware, model, quantization=quant, context_tokens=context,
              hardware=on), as_json)
