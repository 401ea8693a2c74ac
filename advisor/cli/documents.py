"""Document commands: ``advisor ingest`` and ``advisor search``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import app, call, emit

if TYPE_CHECKING:
    from advisor.documents import ProgressFn


@contextmanager
def progress_bar() -> Iterator[ProgressFn]:
    """A rich progress bar on stderr, fed by ``progress(done, total, what)`` calls."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=console.is_terminal,
                  disable=not console.is_terminal) as bar:
        task = None

        def update(done: int, total: int, what: str) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task(what, total=total)
            bar.update(task, completed=done, total=total, description=what)

        yield update


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders (Markdown, text, HTML, PDF). Default: knowledge/docs and "
             "one card per catalog model.")] = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Remove chunks of files under PATHs that are gone.")] = False,
    cards: Annotated[bool | None, typer.Option(
        "--cards/--no-cards", help="Also index model cards (default: only with no PATHs).")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    wait: Annotated[bool, typer.Option(
        "--wait", help="If another writer is updating the index, wait for it instead of "
                       "stopping.")] = False,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Check that every chunk has its vector and metadata; repair what "
                         "is missing, in every source of the index.")] = False,
) -> None:
    """Index documents into the local Chroma store; unchanged files cost nothing."""
    from advisor.documents import embed_worker

    # A first build: the model loads in a helper process while the catalog is read here.
    helper = embed_worker.WorkerEmbedder() if embed_worker.wanted() else None
    try:
        from advisor.config import get_settings
        from advisor.documents.ingest import ingest as run_ingest

        targets = list(paths or [get_settings().knowledge_dir / "docs"])
        with_cards = cards if cards is not None else not paths
        with progress_bar() as progress:
            report = call(run_ingest, targets, cards=with_cards, prune=prune,
                          progress=progress, wait=wait, verify=verify, embedder=helper)
    finally:
        if helper is not None:
            helper.close()
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        lines = report.to_markdown().splitlines()
        typer.echo(lines[0])
        for line in lines[1:]:
            typer.echo(line, err=line.startswith(("Skipped", "Rebuilt"))
                       or (line in report.health_lines() and not verify))
    if report.sources == 0 and report.skipped:
        raise typer.Exit(1)  # nothing could be read at all


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
    model: Annotated[list[str] | None, typer.Option(
        "--model", "-m", help="Only passages about this model (repeat for several).")] = None,
    k: Annotated[int, typer.Option("-k", "--top", help="Number of passages, 1–50.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Search the model documents and model cards."""
    from advisor.tools.documents import search_documents

    emit(call(search_documents, query, list(model) if model else None, k), as_json)
