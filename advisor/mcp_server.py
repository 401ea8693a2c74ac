"""The MCP server: every tool in :data:`advisor.tools.TOOLS` plus ``ask_advisor``, for agents.

The wrappers are thin. Each one keeps its tool's name, docstring (the description an LLM reads)
and typed, described arguments; it adds size caps on strings and lists, runs the tool in a worker
thread, and answers with the structured result (validated against the output schema taken from
the tool's return type) plus the result's ``to_markdown()`` rendering as text. A bad argument
comes back as a tool error (``isError``) whose message names the argument; the server keeps
serving.

Serve it with ``advisor mcp`` (stdio) or ``advisor mcp --http`` (streamable HTTP, see
:func:`serve_http`).
"""

from __future__ import annotations

import functools
import hmac
import inspect
import ipaddress
import json
import logging
import re
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

import anyio
import anyio.to_thread
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.types import CallToolResult, ContentBlock, TextContent, ToolAnnotations
from pydantic import BaseModel, BeforeValidator, Field, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from advisor import __version__
from advisor.agent.answer import AgentAnswer
from advisor.errors import AdvisorError
from advisor.text import clean_text
from advisor.tools import TOOLS
from advisor.tools.errors import ToolInputError
from advisor.tools.limits import MAX_LIST_ITEMS, MAX_QUESTION_CHARS, MAX_STRING_CHARS
from advisor.tools.workload import Workload

SERVER_NAME = "model-advisor"
LOCAL_HOSTS = ("localhost",)

INSTRUCTIONS = (
    "Model Advisor: sourced facts for choosing a language model: specs and prices, workload "
    "costs, capability diffs, side-by-side comparisons, self-hosting memory, recommendations "
    "and passages from model documents, one tool each; ask_advisor answers a whole question in "
    "plain words. Every figure comes from the models.dev catalog or a curated, sourced fact; "
    "unknown values are reported as unknown, never guessed. Tools: {names}."
)

log = logging.getLogger(__name__)


def ask_advisor(
    question: Annotated[str, Field(description="The question in plain words, e.g. 'Cheapest "
                                               "model with vision for 1M requests a month?'",
                                   min_length=1, max_length=MAX_QUESTION_CHARS)],
    thread_id: Annotated[str | None, Field(description="Continue an earlier conversation: the "
                                                       "thread_id of a previous answer. Omit to "
                                                       "start a new one.",
                                           max_length=200)] = None,
    profile: Annotated[Workload | None, Field(description="The workload (traffic, token "
                                                          "sizes, budget, constraints) for the "
                                                          "thread; numbers stated in the "
                                                          "question override it. Omit to keep "
                                                          "the thread's earlier one.")] = None,
) -> AgentAnswer:
    """Ask the Model Advisor agent a question about choosing or comparing language models.

    The agent plans tool calls (specs, costs, capability diffs, comparisons, hardware fit,
    recommendations, document search), runs them and answers in Markdown with a Sources list;
    every figure in the answer comes from a tool result. The result also carries the tool calls
    made, the sources, and the thread_id to pass back for a follow-up question.
    """
    from advisor.agent.service import ask

    return ask(question, thread_id=thread_id, profile=profile)


def server_tools() -> list[Callable[..., Any]]:
    """The functions the MCP server exposes: every tool in TOOLS, then ``ask_advisor``."""
    return [*TOOLS, ask_advisor]


class AdvisorMCP(FastMCP[Any]):
    """FastMCP whose tool errors read as one plain message naming the argument."""

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        ) -> Sequence[ContentBlock] | dict[str, Any]:
        """Call a tool; argument and tool errors are rewritten for the calling agent."""
        if self._tool_manager.get_tool(name) is None:
            known = ", ".join(t.name for t in self._tool_manager.list_tools())
            raise ToolError(f"Unknown tool {name!r}; this server has: {known}.")
        try:
            return await super().call_tool(name, clean_arguments(arguments))
        except ToolError as exc:
            raise ToolError(explain_error(name, exc)) from exc


def clean_arguments(value: Any) -> Any:
    """Arguments with every string cleaned of lone surrogates and control characters.

    JSON may carry half a surrogate pair as an escape; left in, it reaches the tokenizer
    or the reply's UTF-8 encoder, and the request would never be answered.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_arguments(k): clean_arguments(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_arguments(v) for v in value]
    return value


def explain_error(tool: str, exc: ToolError) -> str:
    """A tool error in words: which argument was wrong and why, or what the tool said."""
    cause = exc.__cause__
    if isinstance(cause, ValidationError):
        problems = [_validation_problem(err) for err in cause.errors()]
        return f"{tool}: invalid arguments — " + "; ".join(problems)
    if cause is None:
        return str(exc)  # e.g. an unknown tool name
    if isinstance(cause, AdvisorError):
        return f"{tool}: {cause}"
    log.error("tool %s failed", tool, exc_info=cause)
    return (f"{tool} failed unexpectedly ({type(cause).__name__}); the error was logged on the "
            "server. Try again or rephrase the arguments.")


def _validation_problem(err: Any) -> str:
    field = ".".join(str(part).removeprefix("field_") for part in err.get("loc", ())) or "input"
    if err.get("type") == "missing":
        return f"{field}: required"
    got = err.get("input")
    return f"{field}: {err.get('msg', 'invalid value')} (got {_short(got)})"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    if isinstance(value, str | list | dict) and len(value) > 10:
        text = f"{type(value).__name__} of length {len(value):,}: {text[:limit]}…"
    return text if len(text) <= limit + 40 else text[:limit] + "…"


def capped(annotation: Any) -> Any:
    """The annotation with a max length added to every string and list inside it."""
    origin = get_origin(annotation)
    if annotation is str:
        return Annotated[str, Field(max_length=MAX_STRING_CHARS)]
    if annotation in (int, float):  # JSON true/false is not a number (pydantic would take it)
        return Annotated[annotation, BeforeValidator(not_a_boolean)]
    if origin is Annotated:
        inner, *meta = get_args(annotation)
        if any(getattr(m, "max_length", None) is not None for m in _constraints(meta)):
            return Annotated[(_items_capped(inner), *meta)]  # its own bound stays
        if inner in (int, float):  # keep the bounds where pydantic reads them
            return Annotated[(inner, *meta, BeforeValidator(not_a_boolean))]
        return Annotated[(capped(inner), *meta)]
    if origin in (Union, types.UnionType):
        return Union[tuple(capped(arg) for arg in get_args(annotation))]  # noqa: UP007
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return Annotated[list[capped(item)], Field(max_length=MAX_LIST_ITEMS)]  # type: ignore[misc]
    return annotation


def _items_capped(annotation: Any) -> Any:
    """A list (or optional list) annotation whose items are capped (the list keeps its bound)."""
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return list[capped(item)]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_items_capped(arg) for arg in get_args(annotation))]  # noqa: UP007
    return annotation


def not_a_boolean(value: Any) -> Any:
    """Refuse ``true``/``false`` where a number is expected."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def _constraints(meta: list[Any]) -> list[Any]:
    out: list[Any] = []
    for m in meta:
        out.append(m)
        out.extend(getattr(m, "metadata", ()))
    return out


def check_size(field: str, value: Any) -> None:
    """Refuse an over-long string or list anywhere inside an argument (nested models too)."""
    if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
        raise ToolInputError(field, f"too long ({len(value):,} characters; at most "
                                    f"{MAX_STRING_CHARS:,})")
    if isinstance(value, list | tuple | set):
        if len(value) > MAX_LIST_ITEMS:
            raise ToolInputError(field, f"too many items ({len(value):,}; at most "
                                        f"{MAX_LIST_ITEMS})")
        for item in value:
            check_size(field, item)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_size(f"{field}.{key}", item)
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            check_size(f"{field}.{key}", getattr(value, key))


def render(result: Any) -> str:
    """The readable text of a result: its ``to_markdown()``, an agent's answer, else JSON."""
    if hasattr(result, "to_markdown"):
        return str(result.to_markdown())
    if isinstance(result, AgentAnswer):
        return f"{result.answer}\n\n_thread_id: {result.thread_id}_"
    if isinstance(result, BaseModel):
        return result.model_dump_json(indent=2)
    return json.dumps(result, indent=2, default=str)


def mcp_wrapper(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a tool for FastMCP: same name, docstring and arguments (capped), structured result.

    The wrapper's return annotation ``Annotated[CallToolResult, <result type>]`` gives FastMCP
    the output schema; the call returns the structured result and its Markdown together.
    """
    sig = inspect.signature(fn, eval_str=True)
    result_type = sig.return_annotation
    if not (isinstance(result_type, type) and issubclass(result_type, BaseModel)):
        raise TypeError(f"tool {fn.__name__} must return a pydantic model, not {result_type!r}")
    params = [p.replace(annotation=capped(p.annotation)) for p in sig.parameters.values()]

    async def call(**kwargs: Any) -> CallToolResult:
        for name, value in kwargs.items():
            if isinstance(value, BaseModel | dict):  # top-level strings and lists are capped
                check_size(name, value)  # by the signature; nested ones are checked here
        result = await anyio.to_thread.run_sync(functools.partial(fn, **kwargs))
        return CallToolResult(content=[TextContent(type="text", text=render(result))],
                              structuredContent=result.model_dump(mode="json"))

    returns = Annotated[CallToolResult, result_type]
    call.__name__ = call.__qualname__ = fn.__name__
    call.__doc__ = fn.__doc__
    call.__annotations__ = {p.name: p.annotation for p in params} | {"return": returns}
    call.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=params, return_annotation=returns)
    return call


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def build_server(*, host: str = "127.0.0.1", port: int = 8765,
                 tools: Sequence[Callable[..., Any]] | None = None) -> AdvisorMCP:
    """The MCP server with every tool registered (annotations, output schemas, version).

    The tools are read-only; ``ask_advisor`` is not (it records the turn in its thread).
    """
    fns = server_tools() if tools is None else list(tools)
    names = ", ".join(fn.__name__ for fn in fns)
    server = AdvisorMCP(SERVER_NAME, instructions=INSTRUCTIONS.format(names=names),
                        host=host, port=port, log_level="WARNING",
                        json_response=True)  # one JSON reply a call: no SSE stream per request
    server._mcp_server.version = __version__  # serverInfo.version: the project's, not mcp's
    for fn in fns:
        pure = fn is not ask_advisor  # ask_advisor writes the thread's memory
        server.add_tool(
            mcp_wrapper(fn), name=fn.__name__, title=_title(fn.__name__),
            description=inspect.getdoc(fn) or fn.__name__, structured_output=True,
            annotations=ToolAnnotations(title=_title(fn.__name__), readOnlyHint=pure,
                                        destructiveHint=False, idempotentHint=pure,
                                        openWorldHint=not pure))
    return server


def is_local(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    if host.lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BearerAuth:
    """ASGI middleware: HTTP requests need ``Authorization: Bearer <token>`` (401 without)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self._token = app, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass authorised requests (and lifespan events) on; answer others with 401."""
        if scope["type"] != "http" or self._authorised(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": "unauthorized", "message": "This MCP server needs "
                           "'Authorization: Bearer <token>' (the server's ADVISOR_MCP_TOKEN)."
                           }).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"),
                                (b"www-authenticate", b'Bearer realm="model-advisor"'),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    def _authorised(self, scope: Scope) -> bool:
        for key, value in scope.get("headers", ()):
            if key == b"authorization":
                scheme, _, given = bytes(value).partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(),
                                                                           self._token)
        return False


def http_app(server: FastMCP[Any], token: str | None) -> ASGIApp:
    """The streamable-HTTP ASGI app (endpoint ``/mcp``), behind bearer auth when a token is set."""
    app: ASGIApp = server.streamable_http_app()
    return BearerAuth(app, token) if token else app


def check_http_exposure(host: str, token: str | None) -> None:
    """Refuse to serve on a non-local address without a token (raises ``ValueError``)."""
    if not token and not is_local(host):
        raise ValueError(
            f"refusing to serve MCP over HTTP on {host} without a token: anyone who can reach "
            "this address could use it. Set ADVISOR_MCP_TOKEN (clients then send "
            "'Authorization: Bearer <token>'), or bind to 127.0.0.1.")


class _DropClientDisconnects(logging.Filter):
    """Drop the SDK's traceback for a client that closed its stream (a normal disconnect)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, anyio.ClosedResourceError | anyio.BrokenResourceError)


def serve_http(host: str, port: int, token: str | None) -> None:
    """Serve streamable HTTP with uvicorn until interrupted."""
    import uvicorn

    check_http_exposure(host, token)
    server = build_server(host=host, port=port)
    logging.getLogger("mcp.server.streamable_http").addFilter(_DropClientDisconnects())
    uvicorn.run(http_app(server, token), host=host, port=port, log_level="warning",
                lifespan="on")


MAX_STDIN_LINE_BYTES = 10_000_000  # one JSON-RPC message


class StdinLines:
    """Lines of standard input as text; binary input ends the stream with one line on stderr.

    The MCP SDK decodes stdin with ``errors="replace"`` and answers each undecodable line with
    a log of several lines; a file piped in by mistake then scrolls errors until its end. Here
    bytes that are not UTF-8, NUL bytes or an endless line stop the server with one message.
    """

    def __init__(self, raw: Any, err: Any) -> None:
        self.raw, self.err = raw, err
        self.unreadable = False

    def readline(self) -> str:
        """The next line, or ``""`` (end of input) after reporting unreadable input."""
        line = self.raw.readline(MAX_STDIN_LINE_BYTES + 1)
        problem = None
        if len(line) > MAX_STDIN_LINE_BYTES:
            problem = f"a line over {MAX_STDIN_LINE_BYTES // 1_000_000} MB is not a message"
        elif b"\x00" in line:
            problem = "NUL bytes: binary data, not JSON-RPC text"
        else:
            try:
                return without_lone_surrogates(str(line.decode("utf-8")))
            except UnicodeDecodeError as exc:
                problem = f"not UTF-8 text (byte 0x{line[exc.start]:02x})"
        self.unreadable = True
        self.err.write(f"error: advisor mcp: standard input is {problem}; server stopped.\n")
        self.err.flush()
        return ""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def without_lone_surrogates(line: str) -> str:
    """A JSON line whose escaped lone surrogates are replaced by U+FFFD.

    The SDK's JSON parser refuses an escaped lone surrogate outright, so such a request would
    get no reply at all (no id is read); Python's parser accepts it, and the cleaned message is
    re-encoded.
    """
    if not _SURROGATE_ESCAPE.search(line):
        return line
    try:
        message = json.loads(line)
    except ValueError:
        return line
    return json.dumps(clean_arguments(message)) + "\n"


def serve_stdio() -> bool:
    """Serve over stdin/stdout until the client closes the stream (or sends binary data).

    Returns whether the input ended cleanly (``False`` after unreadable input).

    Output is written with ``backslashreplace``, so no character in a reply can stop the
    writer and leave a request unanswered.
    """
    import io
    import sys

    from mcp.server.stdio import stdio_server

    server = build_server()
    low = server._mcp_server  # FastMCP.run_stdio_async does the same with SDK-made streams

    lines = StdinLines(sys.stdin.buffer, sys.stderr)

    async def main() -> None:
        stdin = anyio.wrap_file(lines)  # type: ignore[arg-type]
        stdout = anyio.wrap_file(io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                                                  errors="backslashreplace"))
        async with stdio_server(stdin, stdout) as (read_stream, write_stream):
            await low.run(read_stream, write_stream, low.create_initialization_options())

    anyio.run(main)
    return not lines.unreadable
