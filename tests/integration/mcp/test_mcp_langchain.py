"""The MCP tools in LangChain through langchain-mcp-adapters: loaded, called, used by an agent."""

from __future__ import annotations

import inspect
import sys
from typing import Any

import anyio
import pytest
from langchain_core.messages import ToolMessage
from langchain_mcp_adapters.client import MultiServerMCPClient
from langchain_mcp_adapters.tools import load_mcp_tools
from mcp.shared.memory import create_connected_server_and_client_session

from advisor.mcp_server import build_server
from tests.integration.mcp.cases import (
    SAMPLE_ARGS,
    SERVED,
    TOOL_FUNCS,
    expected,
    server_env,
)


def tool_call(name: str, args: dict[str, Any], call_id: str = "call-1") -> dict[str, Any]:
    return {"type": "tool_call", "id": call_id, "name": name, "args": args}


def test_loaded_tools_have_the_schemas_and_return_the_same_results():
    async def main() -> None:
        async with create_connected_server_and_client_session(build_server()) as session:
            tools = {t.name: t for t in await load_mcp_tools(session)}
            assert sorted(tools) == sorted(SERVED)
            for name, args in SAMPLE_ARGS.items():
                tool = tools[name]
                assert tool.description == inspect.getdoc(TOOL_FUNCS[name])
                assert set(tool.args) >= set(args)
                assert tool.metadata and tool.metadata.get("readOnlyHint") is True
                message = await tool.ainvoke(tool_call(name, args))
                assert isinstance(message, ToolMessage) and message.status == "success"
                assert message.artifact["structured_content"] == expected(name)
            bad = await tools["lookup_specs"].ainvoke(
                tool_call("lookup_specs", {"model": "nosuchmodel-xyz-9000"}))
            assert bad.status == "error" and "No model named" in str(bad.content)

    anyio.run(main)


@pytest.mark.slow
def test_multi_server_client_over_stdio(tmp_path):
    client = MultiServerMCPClient({"advisor": {
        "transport": "stdio", "command": sys.executable, "args": ["-m", "advisor", "mcp"],
        "env": server_env(tmp_path), "cwd": str(tmp_path)}})

    async def main() -> None:
        async with client.session("advisor") as session:
            tools = {t.name: t for t in await load_mcp_tools(session)}
            message = await tools["calculate_cost"].ainvoke(
                tool_call("calculate_cost", SAMPLE_ARGS["calculate_cost"]))
            assert message.artifact["structured_content"] == expected("calculate_cost")

    anyio.run(main)
