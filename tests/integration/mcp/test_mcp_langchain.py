"""The MCP tools in LangChain through langchain-mcp-adapters: loaded, called, used by an agent."""

from __future__ import annotations

import inspect
import sys
from typing import Any

import anyio
import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_mcp_adapters.client import MultiServerMCPClient
from langchain_mcp_adapters.tools import load_mcp_tools
from mcp.shared.memory import create_connected_server_and_client_session

from advisor.mcp_server import build_server
from advisor.tools import lookup_specs
from tests.fakes import ScriptedChatModel, calls, say
from tests.fakes import tool_call as fake_call
from tests.integration.mcp.cases import (
    SAMPLE_ARGS,
    SERVED,
    TOOL_FUNCS,
    expected,
    same,
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
                assert same(message.artifact["structured_content"], expected(name))
            bad = await tools["lookup_specs"].ainvoke(
                tool_call("lookup_specs", {"model": "nosuchmodel-xyz-9000"}))
            assert bad.status == "error" and "No model named" in str(bad.content)

    anyio.run(main)


def test_a_langchain_agent_calls_the_mcp_tools():
    """create_agent with the scripted fake model: it asks for two tools, then answers."""
    spec_args = {"model": "Gemma 3 4B"}
    model = ScriptedChatModel().queue(
        calls(fake_call("lookup_specs", spec_args, "c1"),
              fake_call("calculate_cost", SAMPLE_ARGS["calculate_cost"], "c2")),
        say("Gemma 3 4B it is."))

    async def main() -> dict[str, Any]:
        async with create_connected_server_and_client_session(build_server()) as session:
            agent = create_agent(model, await load_mcp_tools(session))
            return await agent.ainvoke(
                {"messages": [HumanMessage("Specs and cost of Gemma 3 4B?")]})

    state = anyio.run(main)
    assert sorted(model.bound_tools) == sorted(SERVED)
    results = {m.tool_call_id: m for m in state["messages"] if isinstance(m, ToolMessage)}
    assert results["c1"].artifact["structured_content"] == lookup_specs(**spec_args).model_dump(
        mode="json")
    assert same(results["c2"].artifact["structured_content"], expected("calculate_cost"))
    # the model saw each tool's Markdown rendering, then answered
    seen = [m for m in model.sent[1] if isinstance(m, ToolMessage)]
    assert [m.tool_call_id for m in seen] == ["c1", "c2"]
    assert "### Gemma 3 4B" in str(seen[0].content)
    assert state["messages"][-1].content == "Gemma 3 4B it is."


@pytest.mark.slow
def test_multi_server_client_over_stdio(tmp_path, indexed):
    client = MultiServerMCPClient({"advisor": {
        "transport": "stdio", "command": sys.executable, "args": ["-m", "advisor", "mcp"],
        "env": server_env(indexed), "cwd": str(tmp_path)}})

    async def main() -> None:
        async with client.session("advisor") as session:
            tools = {t.name: t for t in await load_mcp_tools(session)}
            message = await tools["calculate_cost"].ainvoke(
                tool_call("calculate_cost", SAMPLE_ARGS["calculate_cost"]))
            assert same(message.artifact["structured_content"], expected("calculate_cost"))

    anyio.run(main)
