"""Catalog commands: specs, cost, diff, catalog info/refresh."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import app, call, catalog_app, emit, fail
from advisor.tools.limits import MAX_REQUESTS, MAX_TOKENS

if TYPE_CHECKING:
    from advisor.catalog.sources.prices import PriceDisagreement

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the structured result as JSON.")]


@app.command()
def specs(model: Annotated[str, typer.Argument(help="Model name or id.")],
          as_json: JsonOpt = False) -> None:
    """Show a model's specs, capabilities, routes and prices, sources and conflicts."""
    from advisor.tools.specs import lookup_specs

    emit(call(lookup_specs, model), as_json)


@app.command()
def cost(
    model: Annotated[str, typer.Argument(help="Model name or id.")],
    input_tokens: Annotated[int, typer.Option(
        "--input", min=0, help=f"Input tokens per request, at most {MAX_TOKENS:,}.")] = 2000,
    output_tokens: Annotated[int, typer.Option(
        "--output", min=0, help=f"Output tokens per request, at most {MAX_TOKENS:,}.")] = 500,
    requests: Annotated[int, typer.Option(
        "--requests", min=0, help=f"Requests per period, at most {MAX_REQUESTS:,}.")]
    = 1_000_000,
    per: Annotated[str, typer.Option("--per", help="Period of --requests: day or month.")]
    = "month",
    provider: Annotated[str | None, typer.Option("--provider",
                                                 help="Only this provider's route.")] = None,
    cached: Annotated[float, typer.Option("--cached", min=0.0, max=1.0,
                                          help="Share of input served from cache, 0–1.")] = 0.0,
    reasoning: Annotated[int, typer.Option(
        "--reasoning", min=0, help=f"Reasoning tokens per request, at most {MAX_TOKENS:,}.")]
    = 0,
    batch: Annotated[bool, typer.Option("--batch", help="Also cost batch (asynchronous) "
                                                         "prices where a source lists them.")]
    = False,
    as_json: JsonOpt = False,
) -> None:
    """Cost per request, per day and per month on every route (or one provider's)."""
    from advisor.tools.cost import calculate_cost

    if per not in ("day", "month"):
        fail(f"--per: expected 'day' or 'month', got {per!r}")
    emit(call(calculate_cost, model, input_tokens, output_tokens, requests, per,  # type: ignore[arg-type]
              provider=provider, cached_input_share=cached, reasoning_tokens=reasoning,
              batch=batch),
         as_json)


@app.command()
def diff(models: Annotated[list[str] | None, typer.Argument(help="Two or more models.")] = None,
         as_json: JsonOpt = False) -> None:
    """Capability matrix over two or more models, and what each has that the others lack."""
    from advisor.tools.capabilities import diff_capabilities

    emit(call(diff_capabilities, list(models or [])), as_json)


@catalog_app.command("info")
def catalog_info(as_json: JsonOpt = False) -> None:
    """Where the catalog comes from, its size and its as-of date."""
    import json

    from advisor.catalog import get_catalog

    cat = call(get_catalog)
    curated = sum(1 for m in cat if m.curated)
    info = {"origin": cat.origin, "as_of": cat.as_of, "providers": cat.provider_count,
            "offerings": cat.offering_count, "models": len(cat), "curated_models": curated,
            "import_warnings": len(cat.warnings)}
    cov = _coverage(cat)
    info["coverage"] = cov
    if as_json:
        typer.echo(json.dumps(info, indent=2))
    else:
        for key, value in info.items():
            if not isinstance(value, dict):
                typer.echo(f"{key:>15}: {value}")
        typer.echo(_coverage_text(cov))


@catalog_app.command("check")
def catalog_check(as_json: JsonOpt = False) -> None:
    """List every models.dev value refused at import: provider, model, field and why."""
    import json

    from advisor.catalog import get_catalog
    from advisor.catalog.sources.coverage import price_disagreements

    cat = call(get_catalog)
    rows = [{"provider": w.provider_id, "model": w.model_id, "field": w.field,
             "value": w.value, "problem": w.problem} for w in cat.warnings]
    prices = price_disagreements(cat)
    if as_json:
        typer.echo(json.dumps({"origin": cat.origin, "warnings": rows, "price_disagreements": [
            {"model": d.model, "route": d.route, "price": d.kind, "models_dev": d.models_dev,
             "second_source": d.second, "second_source_name": d.second_source}
            for d in prices]}, indent=2))
        return
    if not rows:
        typer.echo(f"No value refused in {cat.origin}.")
    else:
        typer.echo(f"{len(rows)} value(s) refused at import from {cat.origin}; "
                   "they are not used:")
        for w in cat.warnings:
            typer.echo(f"- {w}")
    _print_price_disagreements(prices)


def _coverage(cat: object) -> dict[str, object]:
    from advisor.catalog.sources.coverage import coverage
    from advisor.config import get_settings

    return coverage(cat, get_settings().knowledge_dir,  # type: ignore[arg-type]
                    str(getattr(cat, "as_of", ""))).as_dict()


def _coverage_text(cov: dict[str, object]) -> str:
    lines = [f"Open-weights models with a priced route: {cov['open_weights_priced_models']}",
             f"  with a parameter count: {cov['with_parameter_count']}",
             f"  with a licence: {cov['with_licence']}",
             f"  with benchmark scores: {cov['with_benchmarks']}",
             f"Models with dated, sourced benchmark scores: {cov['models_with_dated_benchmarks']}",
             f"Routes priced by both price sources: {cov['routes_priced_by_both_sources']}; "
             f"disagreeing by more than 5%: {cov['routes_whose_sources_disagree']}",
             f"Routes deprecated or retired (models.dev status, maker notice or second "
             f"price source): {cov.get('deprecated_or_retired_routes', 0)}; models with "
             f"every route deprecated: {cov.get('models_with_every_route_deprecated', 0)}",
             "Sources (as of):"]
    sources = cov.get("source_as_of")
    if isinstance(sources, dict):
        lines += [f"  {name}: {date}" for name, date in sources.items()]
    return "\n".join(lines)


def _print_price_disagreements(prices: Sequence[PriceDisagreement]) -> None:
    if not prices:
        typer.echo("Every route priced by both price sources agrees within 5%.")
        return
    routes = len({getattr(d, "route", "") for d in prices})
    typer.echo(f"{len(prices)} price(s) on {routes} route(s) differ by more than 5% between "
               "models.dev and the second price source:")
    for d in prices:
        typer.echo(f"* {d.describe()}")


@catalog_app.command("refresh")
def catalog_refresh(
    source: Annotated[str, typer.Option("--from", help="Path or URL of a models.dev api.json.")]
    = "https://models.dev/api.json",
    force: Annotated[bool, typer.Option(
        "--force", help="Load a file over the 25 MB size limit, or one that would drop more "
                        "than half of the current catalog's offerings.")] = False,
) -> None:
    """Load a newer models.dev api.json; on failure the current catalog is kept.

    Every entry is validated (types and ranges) before anything is saved.
    """
    from advisor.catalog import CatalogDataError, get_catalog, refresh_catalog

    try:
        cat = refresh_catalog(source, force=force)
    except CatalogDataError as exc:
        try:
            kept = get_catalog()
            fail(f"{exc}. Kept the current catalog ({kept.origin}, "
                 f"{kept.offering_count} offerings).")
        except CatalogDataError:
            fail(str(exc))
    typer.echo(f"Catalog refreshed from {source}: {cat.provider_count} providers, "
               f"{cat.offering_count} offerings, {len(cat)} models (as of {cat.as_of}).")
