"""The MCP server's listing states what its runtime enforces (what MCP Inspector shows a user).

Through the official client, in memory: bounds in the input schemas, no boolean taken as a
number, the project's own version in serverInfo, and ``ask_advisor`` not marked read-only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from mcp import ClientSession
from mcp.shared.memory import create_connected_server_and_client_session

from advisor import __version__
from advisor.mcp_server import build_server
from advisor.tools.compare.build import MAX_MODELS
from advisor.tools.documents import MAX_K
from advisor.tools.limits import MAX_LIST_ITEMS, MAX_STRING_CHARS


def with_session(body: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with create_connected_server_and_client_session(build_server()) as session:
            return await body(session)
    return anyio.run(main)


def listing() -> dict[str, Any]:
    async def body(session: ClientSession) -> dict[str, Any]:
        return {t.name: t for t in (await session.list_tools()).tools}
    return with_session(body)


@pytest.fixture(scope="module")
def tools() -> dict[str, Any]:
    return listing()


def _schema(tools: dict[str, Any], tool: str, arg: str) -> dict[str, Any]:
    prop = tools[tool].inputSchema["properties"][arg]
    return next((a for a in prop.get("anyOf", []) if a.get("type") != "null"), prop)


def test_server_info_carries_the_projects_version():
    async def body(session: ClientSession) -> Any:
        return await session.initialize()
    info = with_session(body).serverInfo
    assert info.name == "model-advisor" and info.version == __version__


def test_bounds_in_the_schemas_match_the_runtime(tools):
    k = _schema(tools, "search_documents", "k")
    assert (k["type"], k["minimum"], k["maximum"]) == ("integer", 1, MAX_K) == ("integer", 1, 50)
    diff = _schema(tools, "diff_capabilities", "models")
    assert diff["minItems"] == 2 and diff["maxItems"] == MAX_LIST_ITEMS
    compare = _schema(tools, "compare_models", "models")
    assert (compare["minItems"], compare["maxItems"]) == (2, MAX_MODELS)
    for tool, arg in (("search_documents", "models"), ("diff_capabilities", "models"),
                      ("compare_models", "models")):
        items = _schema(tools, tool, arg)
        assert items["maxItems"] <= MAX_LIST_ITEMS
        assert items["items"]["maxLength"] == MAX_STRING_CHARS, (tool, arg)


@pytest.mark.parametrize(("tool", "args", "lo", "hi"), [
    ("search_documents", {"query": "gemma licence"}, 1, MAX_K),
    ("compare_models", {}, 2, MAX_MODELS),
])
def test_the_runtime_refuses_what_the_schema_excludes(tool, args, lo, hi):
    async def body(session: ClientSession) -> list[Any]:
        if tool == "search_documents":
            calls = [{**args, "k": lo - 1}, {**args, "k": hi + 1}]
        else:
            names = ["gemma 3 4b", "gemma 2 2b", "qwen3.5 4b", "gpt-4o", "llama 3.1 8b",
                     "deepseek v3", "claude opus 4.6"]
            calls = [{"models": names[:lo - 1]}, {"models": names[:hi + 1]}]
        return [await session.call_tool(tool, c) for c in calls]
    for result in with_session(body):
        assert result.isError


@pytest.mark.parametrize(("tool", "args"), [
    ("search_documents", {"query": "gemma licence", "k": True}),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": True, "output_tokens": 500,
                        "requests": 1000}),
    ("recommend", {"top_k": False}),
    ("calculate_cost", {"model": "gemma 3 4b", "input_tokens": 2000, "output_tokens": 500,
                        "requests": 1000, "cached_input_share": True}),
])
def test_a_boolean_is_not_a_number(tool, args):
    async def body(session: ClientSession) -> Any:
        return await session.call_tool(tool, args)
    result = with_session(body)
    text = result.content[0].text
    assert result.isError and "not true/false" in text, text


def test_ask_advisor_is_not_read_only_and_the_tools_are(tools):
    ask = tools["ask_advisor"].annotations
    assert ask.readOnlyHint is False and ask.destructiveHint is False
    for name, tool in tools.items():
        if name != "ask_advisor":
            assert tool.annotations.readOnlyHint is True, name
