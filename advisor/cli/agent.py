"""Agent commands: ``advisor ask "…"`` (one question) and ``advisor chat`` (a REPL)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from advisor.cli.app import app, print_markdown

ThreadOpt = Annotated[str | None, typer.Option("--thread", help="Continue this thread id.")]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in plain words.")],
    thread: ThreadOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer, tool calls (with "
                                                         "arguments and results), sources and "
                                                         "recommendations as JSON.")] = False,
) -> None:
    """Ask the advisor one question (offline planner unless ADVISOR_MODEL is set)."""
    from advisor.agent import service

    answer = service.ask(question, thread_id=thread)
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    print_markdown(answer.answer)
    for warning in answer.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"\n(thread {answer.thread_id} · {answer.planner}; continue with "
               f"--thread {answer.thread_id})", err=True)


@app.command()
def chat(thread: ThreadOpt = None) -> None:
    """Talk to the advisor in a loop that keeps one thread; "exit" or Ctrl-D ends it."""
    from advisor.agent import service

    typer.echo(f"Model Advisor ({service.planner_label()}). Ask a question; "
               "type 'exit' or press Ctrl-D to leave.")
    thread_id = thread
    while True:
        try:
            question = input("\nyou> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if question.strip().lower() in {"exit", "quit", ":q", "bye"}:
            break
        if not question.strip():
            continue
        answer = service.ask(question, thread_id=thread_id)
        thread_id = answer.thread_id
        typer.echo("")
        print_markdown(answer.answer)
        for warning in answer.warnings:
            typer.echo(f"warning: {warning}", err=True)
    if thread_id:
        typer.echo(f"(thread {thread_id}; resume with `advisor chat --thread {thread_id}`)")
