"""What every MCP test checks: a sample call per tool, bad calls, and a real server process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import ClientSession
from mcp.types import CallToolResult

from advisor.tools import TOOLS
from advisor.tools.workload import Workload
from tests.support.servers import clean_env, free_port, port_open, running

TOOL_FUNCS = {fn.__name__: fn for fn in TOOLS}
SERVED = [*TOOL_FUNCS, "ask_advisor"]

# One realistic call per tool; the MCP result must equal the Python function's result.
SAMPLE_ARGS: dict[str, dict[str, Any]] = {
    "lookup_specs": {"model": "Gemma 3 4B"},
    "calculate_cost": {"model": "qwen3.5 122b a10b", "input_tokens": 2000, "output_tokens": 500,
                       "requests": 1000, "period": "day", "cached_input_share": 0.25},
    "diff_capabilities": {"models": ["Gemma 2 2B", "Qwen3.5 122B A10B", "gemma 3 4b"]},
    "compare_models": {"models": ["Gemma 3 4B", "Qwen3.5 4B"],
                       "workload": {"requests": 1000, "period": "day", "input_tokens": 2000,
                                    "output_tokens": 500}},
    "estimate_hardware": {"model": "Gemma 3 4B", "quantization": "4bit",
                          "context_tokens": 8192, "hardware": "RTX 4090"},
    "recommend": {"workload": {"requests": 100_000, "input_tokens": 1000, "output_tokens": 300,
                               "required_capabilities": ["vision"], "open_weights_only": True},
                  "top_k": 3},
    "search_documents": {"query": "which small open model can read images", "k": 3},
    "rate_for_use_case": {"model": "GPT-4o", "use_case": "coding"},
    "rate_strengths": {"model": "Kimi K2"},
}

# Calls that must come back as tool errors, with a word the message must contain.
BAD_CALLS: list[tuple[str, dict[str, Any], str]] = [
    ("lookup_specs", {"model": "nosuchmodel-xyz-9000"}, "No model named"),
    ("lookup_specs", {"model": 42}, "model"),
    ("lookup_specs", {}, "model: required"),
    ("lookup_specs", {"model": "x" * 200_000}, "at most 1000 characters"),
    ("lookup_specs", {"model": "gemma 3 4b", "provider": "nosuchhost"}, "has no route on"),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": -5, "output_tokens": 1,
                        "requests": 1}, "input_tokens"),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": "lots", "output_tokens": 1,
                        "requests": 1}, "input_tokens"),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": 1, "output_tokens": 1,
                        "requests": 1, "cached_input_share": 1.5}, "cached_input_share"),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": 1, "output_tokens": 1,
                        "requests": 1, "period": "year"}, "period"),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": 1, "output_tokens": 1,
                        "requests": 1, "provider": "no-such-provider"}, "provider"),
    ("diff_capabilities", {"models": ["gemma 3 4b"]}, "at least two"),
    ("diff_capabilities", {"models": ["gemma 3 4b"] * 500}, "models"),
    ("diff_capabilities", {"models": "gemma 3 4b"}, "models"),
    ("compare_models", {"models": ["gemma 3 4b"]}, "at least two"),
    ("compare_models", {"models": ["gemma 3 4b", "qwen3.5 4b"], "workload": {"requests": -1}},
     "workload.requests"),
    ("compare_models", {"models": ["gemma 3 4b", "qwen3.5 4b"], "workload": "lots"},
     "workload"),
    ("estimate_hardware", {"model": "gemma 3 4b", "hardware": "a toaster"}, "hardware"),
    ("estimate_hardware", {"model": "gemma 3 4b", "quantization": "3bit"}, "quantization"),
    ("estimate_hardware", {"model": "gemma 3 4b", "context_tokens": -3}, "context_tokens"),
    ("recommend", {"workload": {"required_capabilities": ["telepathy"]}}, "telepathy"),
    ("recommend", {"top_k": 0}, "top_k"),
    ("recommend", {"workload": {"requests": True}}, "expected a number, got true"),
    ("compare_models", {"models": ["gemma 3 4b", "qwen3.5 4b"],
                        "workload": {"monthly_budget_usd": False}}, "got false"),
    ("recommend", {"workload": {"families": ["no-such-family-zz"]}}, "no model family"),
    ("recommend", {"workload": {"use_case": "x" * 5000}}, "workload.use_case: too long"),
    ("search_documents", {"query": ""}, "query"),
    ("rate_for_use_case", {"model": "gpt-4o", "use_case": "juggling"}, "no use case matches"),
    ("search_documents", {"query": "licence", "k": 500}, "k"),
    ("rate_strengths", {"model": "nosuchmodel-xyz-9000"}, "No model named"),
    ("ask_advisor", {"question": ""}, "question"),
    ("ask_advisor", {"question": "q" * 100_000}, "question"),
    ("no_such_tool", {}, "lookup_specs"),
]


def python_args(name: str) -> dict[str, Any]:
    """The sample arguments as a Python caller passes them (a Workload, not a dict)."""
    args = dict(SAMPLE_ARGS[name])
    if isinstance(args.get("workload"), dict):
        args["workload"] = Workload.model_validate(args["workload"])
    return args


def expected(name: str) -> dict[str, Any]:
    """The sample call made directly in Python, as JSON data."""
    return TOOL_FUNCS[name](**python_args(name)).model_dump(mode="json")  # type: ignore[no-any-return]


def expected_text(name: str) -> str:
    """The sample call's Markdown rendering, made directly in Python."""
    return TOOL_FUNCS[name](**python_args(name)).to_markdown()  # type: ignore[no-any-return]


def same(got: Any, want: Any) -> bool:
    """Equal JSON data; floats equal to 1e-9 relative (embeddings may differ in the last bit
    between processes)."""
    if isinstance(want, float) and isinstance(got, int | float):
        return got == pytest.approx(want, rel=1e-9, abs=1e-12)
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(
            same(got[k], want[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(
            same(g, w) for g, w in zip(got, want, strict=True))
    return bool(got == want)


def text_of(result: CallToolResult) -> str:
    """All text content of a tool result."""
    return "\n".join(getattr(block, "text", "") for block in result.content)


async def check_listing(session: ClientSession) -> dict[str, Any]:
    """Every served tool is listed with a description, argument schema, output schema and the
    read-only annotation (ask_advisor: not read-only); returns the tools by name."""
    listed = {t.name: t for t in (await session.list_tools()).tools}
    assert sorted(listed) == sorted(SERVED)
    for name, tool in listed.items():
        assert tool.description and len(tool.description) > 40, name
        assert tool.inputSchema["type"] == "object" and tool.inputSchema["properties"], name
        for prop, schema in tool.inputSchema["properties"].items():
            assert schema.get("description"), f"{name}.{prop} has no description"
        assert tool.outputSchema and tool.outputSchema["type"] == "object", name
        # read-only, except ask_advisor: it writes the thread's memory
        assert tool.annotations and tool.annotations.readOnlyHint is (name != "ask_advisor"), name
        assert tool.annotations.destructiveHint is False, name
    return listed


async def check_sample_calls(session: ClientSession, names: list[str] | None = None) -> None:
    """Each sample call returns the same structured result and text as the Python function."""
    for name in names or list(SAMPLE_ARGS):
        result = await session.call_tool(name, SAMPLE_ARGS[name])
        assert not result.isError, text_of(result)
        assert same(result.structuredContent, expected(name)), name
        assert text_of(result) == expected_text(name), name


async def check_bad_calls(session: ClientSession) -> None:
    """Each bad call is a tool error naming the problem, and the server keeps answering."""
    for name, args, needle in BAD_CALLS:
        result = await session.call_tool(name, args)
        assert result.isError, (name, args)
        message = text_of(result)
        assert needle in message, (needle, message)
        assert "Traceback" not in message and len(message) < 1_000, message
        ok = await session.call_tool("lookup_specs", {"model": "gemma 3 4b"})
        assert not ok.isError and ok.structuredContent["name"] == "Gemma 3 4B"


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a server subprocess: this interpreter's, a temp data dir, no .env."""
    return clean_env(data_dir, **extra)


@contextmanager
def http_server(data_dir: Path, *, token: str | None = None,
                timeout_s: float = 120.0) -> Iterator[str]:
    """Run ``advisor mcp --http`` on a free local port; yields the endpoint URL."""
    port = free_port()
    extra = {"ADVISOR_MCP_TOKEN": token} if token else {}
    with running([sys.executable, "-m", "advisor", "mcp", "--http", "--port", str(port)],
                 ready=port_open(port), env=server_env(data_dir, **extra), cwd=data_dir,
                 log=data_dir / f"mcp-http-{port}.log", timeout_s=timeout_s,
                 what="MCP server"):
        yield f"http://127.0.0.1:{port}/mcp"
