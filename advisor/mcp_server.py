"""The MCP server: every tool in :data:`advisor.tools.TOOLS` plus ``ask_advisor``, for agents.

The wrappers are thin. Each one keeps its tool's name, docstring (the description an LLM reads)
and typed, described arguments; it adds size caps on strings and lists, runs the tool in a worker
thread, and answers with the structured result (validated against the output schema taken from
the tool's return type) plus the result's ``to_markdown()`` rendering as text. A bad argument
comes back as a tool error (``isError``) whose message names the argument; the server keeps
serving.

Serve it with ``advisor mcp`` (stdio) or ``advisor mcp --http`` (streamable HTTP); the
transports are in :mod:`advisor.mcp_transport`.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

import anyio
import anyio.to_thread
from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.types import CallToolResult, ContentBlock, TextContent, ToolAnnotations
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

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
