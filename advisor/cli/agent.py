"""Agent commands: ``advisor ask "…"`` (one question) and ``advisor chat`` (a REPL)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from advisor.cli.app import app, call, print_markdown
from advisor.text import clean_text
from advisor.tools.limits import MAX_QUESTION_CHARS, MAX_STDIN_LINE_CHARS

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

    answer = call(service.ask, clean_text(question), thread_id=thread)
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
            question = read_question("\nyou> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        except UnreadableInput as exc:
            typer.echo(f"\nerror: {exc}; chat ended.", err=True)
            raise typer.Exit(2) from None
        if question.strip().lower() in {"exit", "quit", ":q", "bye"}:
            break
        if not question.strip():
            continue
        if len(question) > MAX_QUESTION_CHARS:
            typer.echo(f"error: that question is {len(question):,} characters long; at most "
                       f"{MAX_QUESTION_CHARS:,}. Ask it shorter.", err=True)
            continue
        answer = call(service.ask, question, thread_id=thread_id)
        thread_id = answer.thread_id
        typer.echo("")
        print_markdown(answer.answer)
        for warning in answer.warnings:
            typer.echo(f"warning: {warning}", err=True)
    if thread_id:
        typer.echo(f"(thread {thread_id}; resume with `advisor chat --thread {thread_id}`)")


class UnreadableInput(Exception):  # noqa: N818 - an outcome of reading, shown as one line
    """Standard input that is not text: binary data, bytes that are not UTF-8, NUL bytes."""


def read_question(prompt: str) -> str:
    """One line from standard input; binary or broken input raises :class:`UnreadableInput`.

    Bytes that are not UTF-8 (decoded by Python as lone surrogates, or refused outright),
    NUL bytes and a line longer than any question are what a file piped in by mistake looks
    like; the chat ends with one line instead of a traceback.
    """
    try:
        line = input(prompt)
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        raise UnreadableInput(f"standard input is not UTF-8 text (byte 0x{byte:02x})") from exc
    if "\x00" in line or any("\ud800" <= ch <= "\udfff" for ch in line):
        raise UnreadableInput("standard input is not text (binary or non-UTF-8 bytes)")
    if len(line) > MAX_STDIN_LINE_CHARS:
        raise UnreadableInput(f"a line of {len(line):,} characters on standard input is not a "
                              "question (binary data?)")
    return line
